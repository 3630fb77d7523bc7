"""One palette and one Plotly template for the whole product (Okabe-Ito: colour-blind safe)."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from portal.fmt import SEPARATORS

GOOD = "#009E73"  # bluish green
BAD = "#D55E00"  # vermillion
NEUTRAL = "#6c757d"
PRIMARY = "#0b5394"
SERIES = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Lines of regencies beside the province's dark blue: the palette minus its blue first, so no regency
# looks like the province; green and vermillion come late because they also mean good and bad.
REGION_COLOURS = ["#E69F00", "#CC79A7", "#56B4E9", "#000000", "#009E73", "#D55E00", "#0072B2", "#F0E442"]
DIRECTION_COLOURS = {"better": GOOD, "worse": BAD, "same": NEUTRAL, "neutral": NEUTRAL, "none": NEUTRAL}

pio.templates["portal"] = go.layout.Template(
    layout=go.Layout(
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13, "color": "#212529"},
        colorway=SERIES,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 48, "r": 16, "t": 56, "b": 48},
        xaxis={"showgrid": False, "linecolor": "#adb5bd", "ticks": "outside"},
        yaxis={"gridcolor": "#e9ecef", "zeroline": False},
        hoverlabel={"font": {"size": 13}},
        legend={"orientation": "h", "y": -0.2},
    )
)


def apply(fig: go.Figure, lang: str) -> go.Figure:
    """The product template and the reader's number separators."""
    fig.update_layout(template="portal", separators=SEPARATORS[lang])
    return fig
