"""What every figure carries inside itself: its title, subtitle (regions, period, unit) and source line, wrapped
to fit a phone, so that a PNG saved from it stands alone in a report."""

from __future__ import annotations

import textwrap

from components import lightfig as go
from components.theme import apply
from portal.state.charts import ChartContext

# Context lines are wrapped so that they also fit a phone-width chart (about 320 px inside a 360 px screen).
WRAP_TITLE, WRAP_SUBTITLE, WRAP_FOOTER = 28, 40, 46
# The on-screen height of a chart (chart_card's default): the legend is placed for it, and `for_height` moves it
# for a card of another height.
SCREEN_HEIGHT = 520


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters, keeping each <br>-separated part on its own lines."""
    return [line for part in text.split("<br>") for line in (textwrap.wrap(part, width) or [""])]


def _join_parts(parts: list[str], width: int) -> list[str]:
    """Parts joined with " · " into lines of at most `width` characters; a part breaks only when it must."""
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines.extend(textwrap.wrap(part, width) or [""])
    return lines


def _lines(ctx: ChartContext) -> tuple[list[str], list[str], list[str]]:
    """The title's, the subtitle's and the source line's lines, wrapped to fit a phone."""
    return (
        _wrap(ctx.title, WRAP_TITLE),
        _join_parts(ctx.subtitle_parts(), WRAP_SUBTITLE),
        _wrap(ctx.footer(), WRAP_FOOTER),
    )


def _text(title: list[str], subtitle: list[str], footer: list[str]) -> tuple[str, str]:
    """The figure's title (with its subtitle) and its source line, as plotly text."""
    heading = (
        "<br>".join(f"<b>{line}</b>" for line in title)
        + "<br>"
        + "<br>".join(f"<span style='font-size:13px;color:#495057'>{line}</span>" for line in subtitle)
    )
    return heading, "<br>".join(f"<span style='font-size:11px;color:#495057'>{line}</span>" for line in footer)


def context_text(ctx: ChartContext) -> tuple[str, str]:
    """The title (with subtitle) and the source line a figure framed by `with_context(fig, ctx)` carries, as
    plotly text, without a figure (what a lazy chart's room says before it is drawn)."""
    return _text(*_lines(ctx))


def with_context(fig: go.Figure, ctx: ChartContext) -> go.Figure:
    """Put title, subtitle and the source line inside the figure itself, wrapped to fit a phone.

    The legend sits under the subtitle and pushes the plot down (Plotly reserves the top margin down to the
    legend's bottom, however many rows it wraps into on a phone); it is placed for a SCREEN_HEIGHT figure
    (`for_height` places it for another). The source line sits in the bottom margin, from the left edge of the
    figure.
    """
    apply(fig, ctx.lang)
    title, subtitle, footer = _lines(ctx)
    header = 14 + 21 * len(title) + 17 * len(subtitle)
    left = fig.layout.margin.l if fig.layout.margin.l is not None else 56
    heading, source = _text(title, subtitle, footer)
    fig.update_layout(
        title={
            "text": heading,
            "font": {"size": 16},
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            # NOTE: Plotly places a multi-line title about half a line above its anchor; the pad makes up for it.
            "pad": {"t": 22, "l": 8},
        },
        margin={"t": header + 12, "b": 64 + 15 * len(footer), "l": left},
        legend={
            "orientation": "h",
            "x": 8 / 1000,
            "xref": "container",
            "xanchor": "left",
            "y": 1 - (header + 8) / SCREEN_HEIGHT,
            "yref": "container",
            "yanchor": "top",
        },
    )
    # Below the axis labels, in the bottom margin: the source line travels with every PNG.
    fig.add_annotation(
        text=source,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xshift=8 - left,
        yshift=-54,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
    )
    return fig


def for_height(fig: go.Figure, height: int) -> go.Figure:
    """The figure with its legend under the subtitle in a figure `height` px high (with_context places it for
    SCREEN_HEIGHT: the legend's place is a fraction of the figure's height, its distance from the top is not)."""
    if height != SCREEN_HEIGHT and fig.layout.legend.y is not None:
        fig.update_layout(legend_y=1 - (1 - fig.layout.legend.y) * SCREEN_HEIGHT / height)
    return fig
