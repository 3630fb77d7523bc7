"""A chart with its export control: the PNG it saves is 1600 px wide and carries its own context."""

from __future__ import annotations

import json
from contextvars import ContextVar
from urllib.parse import quote

from dash import ClientsideFunction, Input, Output, State, clientside_callback, dcc, html
from dash.dependencies import MATCH

from components.chart_frame import SCREEN_HEIGHT, context_text, for_height
from components.charts import EXPORT_HEIGHT, EXPORT_SCALE, EXPORT_WIDTH, context, figure
from components.static_html import plain_lines
from portal.i18n import PLOTLY_LOCALES, t
from portal.state.charts import Chart


def graph_config(filename: str, lang: str) -> dict:
    """Modebar settings for every chart: the camera button saves the report-ready PNG under a telling name, the
    tooltips and download toasts speak the reader's language, and nothing offers to upload the chart elsewhere."""
    return {
        "displaylogo": False,
        "responsive": True,
        # plotly.js offers "Share chart..." (an upload to Plotly Cloud) unless told not to: never from this portal.
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "showLink": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d", "sendChartToCloud", "sendDataToCloud"],
        "locale": lang,
        **({"locales": {lang: PLOTLY_LOCALES[lang]}} if lang in PLOTLY_LOCALES else {}),
        # Laid out at 1000 x 562.5 and rendered at 1.6x: a 1600 x 900 PNG whose text stays legible in a report.
        "toImageButtonOptions": {
            "format": "png",
            "filename": filename,
            "width": EXPORT_WIDTH / EXPORT_SCALE,
            "height": EXPORT_HEIGHT / EXPORT_SCALE,
            "scale": EXPORT_SCALE,
        },
    }


# Light mode (web/light.py): the address of the view being drawn (path and query), set per request by the app; a
# chart is then the server's image of the same graph at that address, and plotly.js is never loaded.
LIGHT_VIEW: ContextVar[str | None] = ContextVar("light_view", default=None)
IMAGE_PATH = "/grafik"  # /grafik<page path>/<graph id>.svg?<page query>
IMAGE_WIDTH = 640  # the image's width in CSS pixels; it scales to its card (SVG: sharp at any size)
# Lazy charts (pages/_charts.py) may wait for their reader to scroll to them; not while the server draws a page for
# its own images (app.py: the og:image, light mode's images, the embed view), which need every graph in the layout.
LAZY: ContextVar[bool] = ContextVar("lazy_charts", default=True)


def view_at(address: str) -> None:
    """The view a callback is drawing now (its new address): light mode's images show that view."""
    if LIGHT_VIEW.get() is not None:
        LIGHT_VIEW.set(address)


def image_url(view: str, graph_id: str) -> str:
    """The address of the server-made image of graph `graph_id` as the page at `view` draws it."""
    path, _, query = view.partition("?")
    return f"{IMAGE_PATH}{path.rstrip('/') or '/index'}/{quote(graph_id, safe='')}.svg" + (f"?{query}" if query else "")


def drawing(graph_id: str, chart: Chart, height: int):
    """The graph drawn by plotly.js at `height` pixels, or in light mode its image (the same figure drawn on the
    server, described by its summary)."""
    view = LIGHT_VIEW.get()
    if view is not None:
        return html.Img(
            src=image_url(view, graph_id),
            alt=chart.summary,
            width=IMAGE_WIDTH,
            height=height,
            className="chart-image",
            style={"width": "100%", "height": "auto", "maxHeight": f"{height}px", "objectFit": "contain"},
            **{"data-graph": graph_id},
        )
    return dcc.Graph(
        id={"type": "chart", "id": graph_id},
        figure=for_height(figure(chart), height),
        config=graph_config(chart.ctx.filename, chart.ctx.lang),
        style={"height": f"{height}px"},
        className="chart-graph",
    )


def waiting(chart: Chart, height: int) -> html.Div:
    """A lazy chart's room before it is drawn: its title and source line in words, at the chart's height (the
    figure's own text, without building the figure)."""
    title, source = context_text(context(chart))
    lines = ((title, "static-chart-title"), (source, "static-chart-source small"))
    # One text per paragraph, its lines kept by `white-space: pre-line` (assets/portal.css): a break element per line
    # would add some 150 components to a regency profile's tree for React and Dash to walk.
    rooms = [html.P("\n".join(plain_lines(text)), className=classes) for text, classes in lines if text]
    return html.Div(rooms, className="static-chart chart-waiting", style={"height": f"{height}px"})


def chart_card(graph_id: str, chart: Chart, height: int = SCREEN_HEIGHT, source: str | None = None) -> html.Div:
    """A card holding the graph of `chart`, a visible PNG button and a text alternative for screen readers.

    `graph_id` must be unique on the page; the button and graph use pattern-matching ids so one
    clientside callback serves every chart. In light mode the graph is its server-made image. Otherwise, with
    `source` (the address of the page's view) the chart is lazy: its room shows its title and source line, and its
    figure is built and asked for only when it comes near the screen (assets/charts.js fills `chart-near`,
    pages/_charts.py answers with the graph).
    """
    ctx = chart.ctx
    view = LIGHT_VIEW.get()
    lazy = view is None and source is not None and LAZY.get()
    if view is None:
        button = html.Button(
            t("export_png", ctx.lang),
            id={"type": "chart-png", "id": graph_id},
            className="btn btn-outline-primary btn-sm",
            n_clicks=0,
            **{"data-filename": ctx.filename},
        )
        # The graph's room is kept while plotly.js loads (or until a lazy chart is drawn), so nothing below it jumps.
        room = {"minHeight": f"{height}px"}
    else:  # the report PNG made on the server (no plotly.js in the browser to make it)
        png = image_url(view, graph_id).replace(".svg", ".png", 1)
        button = html.A(
            t("export_png", ctx.lang),
            href=png,
            download=f"{ctx.filename}.png",
            className="btn btn-outline-primary btn-sm",
        )
        room = None  # the image keeps its own room (its width and height give its proportions)
    if lazy:
        wanted = {"address": source, "chart": graph_id, "height": height}
        inside = [waiting(chart, height), dcc.Store(id={"type": "chart-near", "id": graph_id})]
        asks = {"data-chart-src": json.dumps(wanted, separators=(",", ":"))}
    else:
        inside, asks = drawing(graph_id, chart, height), {}
    return html.Div(
        [
            html.Div(inside, id={"type": "chart-slot", "id": graph_id}, style=room, **asks),
            html.P(f"{t('chart_alt', ctx.lang)}: {chart.summary}", className="visually-hidden chart-summary"),
            html.Div(button, className="text-end mt-1"),
        ],
        className="card card-body chart-card mb-3",
        **{"data-chart": graph_id},
    )


clientside_callback(
    ClientsideFunction(namespace="portal", function_name="downloadPng"),
    Output({"type": "chart-png", "id": MATCH}, "title"),
    Input({"type": "chart-png", "id": MATCH}, "n_clicks"),
    State({"type": "chart-png", "id": MATCH}, "id"),  # the graph may not be drawn yet (a lazy chart)
    prevent_initial_call=True,
)
