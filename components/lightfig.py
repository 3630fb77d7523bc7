"""Plotly figures as plain dicts: the part of `plotly.graph_objects` the figure builders use, without its cost.

A `go.Figure` checks every property against plotly's schema as it is set and keeps a tree of objects that it
updates through plotly's relayout machinery: 60-380 ms for the charts of one page, paid on every cold view. The
builders set a fixed, known set of properties, so they build the same JSON with dicts here (Figure, the trace
types, update_layout, add_shape, add_annotation, add_vline, update_geos). What they read back reads like a
graph_objects figure (`fig.data[0].x`, `fig.layout.margin.l`: None when unset). tests/unit/test_lightfig.py
checks that every chart kind's figure is what plotly makes of the same properties: valid, and the same JSON.

`import components.lightfig as go` in a builder; dcc.Graph, plotly.io and kaleido take the result as they take
a plotly figure (it has to_plotly_json and to_dict).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import plotly.io as pio
from _plotly_utils.utils import convert_to_base64


class Props(dict):
    """A dict whose keys read as attributes; a missing one reads as None, as an unset plotly property does."""

    def __getattr__(self, name: str) -> Any:
        return self.get(name)


# Properties whose value is data, kept as given (plotly does not look inside them either).
OPAQUE = frozenset({"geojson"})
# The properties whose names have an underscore: any other `a_b=` means `a={'b': ...}`.
UNDERSCORED = frozenset({"paper_bgcolor", "plot_bgcolor", "error_x", "error_y", "error_z"})


def _merge(into: Props, updates: dict) -> None:
    """Plotly's update: nested dicts merge, anything else replaces; `a_b=` means `a={'b': ...}`."""
    for key, value in updates.items():
        head, _, rest = key.partition("_")
        if rest and key not in UNDERSCORED:
            key, value = head, {rest: value}
        if key == "title" and isinstance(value, str):
            value = {"text": value}  # plotly's shorthand for a title's text
        elif hasattr(value, "to_numpy"):
            value = value.to_numpy()  # a pandas column travels as a typed array, as plotly sends it
        if isinstance(value, dict) and key not in OPAQUE:
            if not isinstance(into.get(key), Props):
                into[key] = Props()
            _merge(into[key], value)
        else:
            into[key] = value


def _plain(value: Any) -> Any:
    """Props as plain dicts, unset (None) properties left out, as plotly serialises them."""
    if isinstance(value, Props):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list) and value and isinstance(value[0], Props):
        return [_plain(v) for v in value]
    return value


@cache
def _template(name: str) -> dict:
    """A registered template as plotly puts it into a figure's layout (the template object, not its name)."""
    return pio.templates[name].to_plotly_json()


def _trace(kind: str):
    def make(**props) -> Props:
        trace = Props(type=kind)
        _merge(trace, props)
        return trace

    make.__name__ = kind.capitalize()
    return make


Scatter = _trace("scatter")
Bar = _trace("bar")
Heatmap = _trace("heatmap")
Choropleth = _trace("choropleth")
Scattergeo = _trace("scattergeo")


class Figure:
    """A figure built as data: traces and a layout, serialised without plotly's validation."""

    def __init__(self, data: Props | list[Props] | None = None):
        self.data: list[Props] = [] if data is None else [data] if isinstance(data, dict) else list(data)
        self.layout = Props()

    def add_trace(self, trace: Props) -> Figure:
        self.data.append(trace)
        return self

    def update_layout(self, **props) -> Figure:
        _merge(self.layout, props)
        return self

    def update_geos(self, **props) -> Figure:
        return self.update_layout(geo=props)

    def add_shape(self, **props) -> Figure:
        return self._append("shapes", props)

    def add_annotation(self, **props) -> Figure:
        return self._append("annotations", props)

    def add_vline(self, x, line: dict | None = None, annotation_text: str | None = None, **annotation) -> Figure:
        """A vertical line across the plot at `x`, as plotly's add_vline draws it (its annotation at the top)."""
        shape = {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain"}
        self.add_shape(**shape, **({"line": line} if line else {}))
        if annotation_text is not None:
            if annotation.pop("annotation_position", "top") != "top":
                raise ValueError("only annotation_position='top' is drawn")
            more = {key.removeprefix("annotation_"): value for key, value in annotation.items()}
            top = {"x": x, "xref": "x", "y": 1, "yref": "y domain", "xanchor": "center", "yanchor": "bottom"}
            self.add_annotation(text=annotation_text, showarrow=False, **top, **more)
        return self

    def _append(self, where: str, props: dict) -> Figure:
        item = Props()
        _merge(item, props)
        self.layout[where] = [*(self.layout.get(where) or []), item]
        return self

    def to_dict(self) -> dict:
        layout = _plain(self.layout)
        if isinstance(layout.get("template"), str):
            layout["template"] = _template(layout["template"])
        out = {"data": [_plain(trace) for trace in self.data], "layout": layout}
        convert_to_base64(out)  # numeric arrays as plotly sends them (typed, base64)
        return out

    to_plotly_json = to_dict

    def to_json(self) -> str:
        return pio.to_json(self.to_dict(), validate=False)
