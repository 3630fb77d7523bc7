"""Sharing a view: the *Bagikan* panel (the link, a ready caption, copy buttons, embed code for an agency's website),
what a link preview says (found in the page's own layout), and the server-made images of a page's charts.

A page that can be shared puts `panel(...)` in its layout; the panel carries the view's sentence and the graph of
its preview as data attributes, so the link preview, the og:image and the embed view read the same page state the
reader sees (one source of truth). Images are drawn from the figure of the graph in the page's layout at an
address, by kaleido (components/export.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dash import html
from dash.development.base_component import Component

from components import export
from components.chart_card import IMAGE_WIDTH
from components.static_html import chart_text, plotly_text, tag, wrap
from portal.i18n import t
from portal.state.share import EMBED_PATH, Shared  # noqa: F401 (EMBED_PATH: the app routes it)

_base_url = ""  # the BASE_URL setting (absolute addresses), handed down by the app factory
SENTENCE, CHART = "data-share-sentence", "data-share-chart"
OG_SIZE = (1200, 630)  # the link preview's image, in pixels (what WhatsApp, Telegram and X show large)
OG_SCALE = 1.2  # laid out at 1000 x 525, so its text reads in a chat's thumbnail
HOME = "index"  # "/" in an image's address: /og/index.png
VERSION = "v"  # the data version in an image's address: a chat's cache of the preview renews with the data
MIMETYPES = {"og": "image/png", "png": "image/png", "svg": "image/svg+xml"}
EMBED_STYLE = (
    "body{margin:0;font-family:system-ui,sans-serif;color:#212529}main{padding:.5rem}h1{font-size:1rem;margin:0 0 .5rem}"
    "img{width:100%;height:auto;display:block}.source{font-size:.8rem;color:#495057;margin:.25rem 0}a{color:#0b5ed7}"
)


def use_base_url(url: str) -> None:
    """The portal's public address (BASE_URL, no trailing slash)."""
    global _base_url
    _base_url = url.rstrip("/")


def base_url() -> str:
    return _base_url


def og_path(view: str, version: int) -> str:
    """The address of the link preview's image of the view at `view` (path and query)."""
    path, _, query = view.partition("?")
    return f"/og{path.rstrip('/') or '/' + HOME}.png?{query + '&' if query else ''}{VERSION}={version}"


def absolute(path: str) -> str:
    """An address on this portal as a link that opens from anywhere."""
    return f"{_base_url}{path}"


def _copyable(label: str, text: str, kind: str, lang: str, block: Any) -> html.Div:
    return html.Div(
        [
            html.Div(
                [
                    html.Span(label, className="small fw-semibold"),
                    html.Button(
                        t("shr_copy", lang),
                        type="button",
                        className="btn btn-outline-secondary btn-sm py-0",
                        **{"data-copy": kind, "data-done": t("shr_copied", lang)},
                    ),
                ],
                className="d-flex justify-content-between align-items-center mb-1",
            ),
            block,
        ],
        className="mb-2",
    )


def panel(shared: Shared | None, title: str, lang: str) -> html.Details | None:
    """The *Bagikan* button and the panel it opens (a disclosure: it opens without the app, by keyboard too)."""
    if shared is None:
        return None
    text_style = {"whiteSpace": "pre-wrap", "wordBreak": "break-word"}
    embed = shared.embed_code(_base_url, title)
    body = html.Div(
        [
            _copyable(
                t("shr_link", lang),
                shared.url,
                "link",
                lang,
                html.A(shared.url, href=shared.url, className="d-block small", **{"data-copy-text": "link"}),
            ),
            _copyable(
                t("shr_caption_label", lang),
                shared.caption,
                "caption",
                lang,
                html.P(
                    shared.caption,
                    className="small bg-light p-2 mb-0",
                    style=text_style,
                    **{"data-copy-text": "caption"},
                ),
            ),  # fmt: skip
            _copyable(
                t("shr_embed", lang),
                embed,
                "embed",
                lang,
                html.Pre(
                    html.Code(embed),
                    className="small bg-light p-2 mb-0",
                    style=text_style,
                    **{"data-copy-text": "embed"},
                ),
            ),  # fmt: skip
            html.Small(t("shr_embed_help", lang), className="text-muted"),
        ],
        className="card card-body mt-2",
    )
    return html.Details(
        [html.Summary(t("shr_button", lang), className="btn btn-outline-primary btn-sm"), body],
        className="share-panel mb-3 d-print-none",
        **{SENTENCE: shared.sentence, CHART: shared.chart or ""},
    )


@dataclass(frozen=True)
class Preview:
    """What a link preview says of a page: its sentence and the graph its image shows (None: no image)."""

    sentence: str
    chart: str | None


def _nodes(layout: Any):
    if isinstance(layout, Component):
        yield layout
        yield from (node for node in layout._traverse() if isinstance(node, Component))
    elif isinstance(layout, list | tuple):
        for node in layout:
            yield from _nodes(node)


def preview(layout: Any) -> Preview | None:
    """The preview a page's layout offers (its share panel's), or None when it has none."""
    for node in _nodes(layout):
        props = node.to_plotly_json()["props"] if node._type == "Details" else {}
        if SENTENCE in props:
            return Preview(props[SENTENCE], props.get(CHART) or None)
    return None


@dataclass(frozen=True)
class Drawn:
    """A chart of a page as its layout draws it: the figure and the height of its room."""

    figure: Any
    height: int


def chart_of(layout: Any, graph_id: str) -> Drawn | None:
    """The chart `graph_id` in a page's layout, or None when it draws no such chart."""
    for node in _nodes(layout):
        if node._type == "Graph" and getattr(node, "id", None) == {"type": "chart", "id": graph_id}:
            height = str((getattr(node, "style", None) or {}).get("height", "520")).removesuffix("px")
            return Drawn(getattr(node, "figure", None), int(float(height)) if height else 520)
    return None


def embed_document(drawn: Drawn, image: str, back: str, lang: str) -> str:
    """The iframe view of a chart: its image with its title and source line as text, and a link back to the view
    on the portal (no navbar, no script)."""
    title, notes = chart_text(drawn.figure)
    lines = "".join(wrap("p", {"class": "source"}, plotly_text(n)) for n in notes)
    back_link = tag("a", {"href": back, "target": "_blank", "rel": "noopener"}, t("shr_embed_back", lang))
    # The title's bold lines (chart_frame wraps a long title over several), without the subtitle below them.
    parts = title.split("<br>") if title else []
    heading = " ".join(plotly_text(p) for p in parts if p.startswith("<b>")) or plotly_text(parts[0] if parts else "")
    image_tag = tag("img", {"src": image, "alt": heading, "width": IMAGE_WIDTH, "height": drawn.height})
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">'
        f"<title>{heading} · Satu Data Kaltim</title><style>{EMBED_STYLE}</style></head><body><main>"
        f"<h1>{heading}</h1>{image_tag}{lines}<p>{back_link}</p></main></body></html>"
    )


def og_png(figure) -> bytes:
    """The link preview's image of a figure: OG_SIZE pixels."""
    width, height = OG_SIZE
    return export.image_bytes(figure, "png", width / OG_SCALE, height / OG_SCALE, OG_SCALE)


def chart_image(drawn: Drawn, kind: str) -> bytes:
    """A chart as light mode shows it (an SVG the size of its card) or saves it (the report PNG)."""
    if kind == "png":
        return export.png_bytes(drawn.figure)
    return export.image_bytes(drawn.figure, "svg", IMAGE_WIDTH, drawn.height)
