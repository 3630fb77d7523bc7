"""What the pages with lazy charts share: the callback that draws a chart once it comes near the screen.

A lazy chart (components/chart_card.py with a `source`) arrives as its title and source line; assets/charts.js
puts what it needs — the address of the page's view, its id and height — into its `chart-near` store when it
comes near the screen, and `draw` answers with the graph, built from the same page state as the page (each page
names how in `lazy_charts`). Not a page (the leading underscore keeps Dash from importing it as one).
"""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic
from typing import Any
from urllib.parse import parse_qs

from dash import MATCH, Input, Output, callback

from components.chart_card import drawing
from components.layout import error_notice
from portal import queries
from portal.access import Reader
from portal.params import InvalidInput
from web import cache, reader

# The first part of a page's address -> (its key, the address's query, the reader) -> {chart id: (chart, height)}.
SOURCES: dict[str, Callable[[str, dict, Reader], dict[str, tuple[Any, int]]]] = {}


def lazy_charts(prefix: str, charts: Callable[[str, dict, Reader], dict[str, tuple[Any, int]]]) -> None:
    """Let the charts of the pages under /`prefix`/<key> be drawn lazily."""
    SOURCES[prefix] = charts


def _wanted(sent: Any) -> tuple[str, str, dict, str]:
    """The page, its key, its query and the chart a `chart-near` store asks for; InvalidInput for anything else."""
    if not isinstance(sent, dict) or not isinstance(sent.get("address"), str) or not isinstance(sent.get("chart"), str):
        raise InvalidInput("not a chart of a page")
    path, _, search = sent["address"].partition("?")
    prefix, _, key = path.strip("/").partition("/")
    if prefix not in SOURCES or not key or "/" in key or len(sent["address"]) > 2048:
        raise InvalidInput("not a page with lazy charts")
    query = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(search).items()}
    return prefix, key, query, sent["chart"]


# A reader scrolling down a page asks for its charts one after the other, seconds apart: the page's charts are
# kept here for a minute per address, reader and data version, so its state is built once, not once per chart.
KEEP_SECONDS = 60
_recent: dict[str, tuple[float, dict]] = {}


def _charts(prefix: str, key: str, query: dict, now: Reader) -> dict[str, tuple[Any, int]]:
    name = repr((cache.scope(), prefix, key, sorted(query.items()), now))
    kept = _recent.get(name)
    if kept is not None and monotonic() - kept[0] < KEEP_SECONDS:
        return kept[1]
    found = SOURCES[prefix](key, query, now)
    if len(_recent) >= 32:
        _recent.clear()
    _recent[name] = (monotonic(), found)
    return found


@callback(
    Output({"type": "chart-slot", "id": MATCH}, "children"),
    Input({"type": "chart-near", "id": MATCH}, "data"),
    prevent_initial_call=True,
)
def draw(sent):
    """A chart came near the screen: its graph, as the page at its address draws it for this reader."""
    prefix, key, query, chart_id = _wanted(sent)
    now = reader.current()
    try:
        found = _charts(prefix, key, query, now).get(chart_id)
    except queries.DatabaseError:
        return error_notice(now.lang)
    if found is None:
        raise InvalidInput("no such chart on this page")
    chart, height = found
    return drawing(chart_id, chart, height)
