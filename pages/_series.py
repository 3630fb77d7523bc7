"""What the indicator and sector pages share: the callback that redraws a series when the reader changes its
window, and the one that sends its downloads (CSV, XLSX, ZIP of the charts). Not a page (the leading
underscore keeps Dash from importing it as one)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dash import Input, Output, State, callback, ctx, no_update

from components import chart_card, export
from components.layout import error_notice, url_notice
from portal import params, queries
from portal.access import Reader
from portal.state.charts import Chart
from portal.state.series import Series
from web import reader

# The ids a series page has, after its prefix: "sektor" gives sektor-url, sektor-kode, sektor-wilayah, ...
SERIES_IDS = {
    "URL": "url",
    "KEY": "kode",
    "NOTICE": "notice",
    "REGIONS": "wilayah",
    "START": "dari",
    "END": "sampai",
    "CSV": "csv",
    "XLSX": "xlsx",
    "ZIP": "zip",
    "DOWNLOAD": "download",
}


def series_ids(prefix: str, **more: str) -> type[StrEnum]:
    """A series page's component ids: the shared ones and `more` (NAME="suffix"), each prefixed."""
    return StrEnum("Ids", {name: f"{prefix}-{suffix}" for name, suffix in {**SERIES_IDS, **more}.items()})


@dataclass(frozen=True)
class Wiring:
    """A series page's ids, how it reads its state, and what a window change redraws."""

    ids: Any  # the page's Ids (StrEnum): URL, KEY, NOTICE, REGIONS, START, END, CSV, XLSX, ZIP, DOWNLOAD[, INDICATOR]
    load: Callable[[str, dict, Reader], Any]  # (key, the controls' values, reader) -> page state, read strictly
    series: Callable[[Any], Series]  # the state's series
    outputs: list[Output]  # what a window change redraws, besides the address and the notice
    redraw: Callable[[Any], tuple]  # the state -> the values of `outputs`
    path: str  # the page's address with {key}, e.g. /sektor/{key}
    more_charts: Callable[[Any, Reader], list[Chart]] = field(default=lambda _state, _reader: [])


def _given(values: tuple, with_indicator: bool) -> dict:
    names = ("indikator", "wilayah", "dari", "sampai") if with_indicator else ("wilayah", "dari", "sampai")
    return dict(zip(names, values, strict=True))


def wire(w: Wiring) -> None:
    """Register the page's two callbacks."""
    ids = w.ids
    with_indicator = hasattr(ids, "INDICATOR")
    controls = [*([ids.INDICATOR] if with_indicator else []), ids.REGIONS, ids.START, ids.END]

    @callback(
        *w.outputs,
        Output(ids.URL, "search"),
        Output(ids.NOTICE, "children"),
        # The year controls show the window drawn (a range chosen end first is drawn, and shown, start first).
        Output(ids.START, "value"),
        Output(ids.END, "value"),
        *(Input(c, "value") for c in controls),
        State(ids.KEY, "data"),
        prevent_initial_call=True,
    )
    def update(*values):
        """A control changed: redraw, and write the window into the address."""
        *chosen, key = values
        now = reader.current()
        try:
            state = w.load(params.code(key, allow_none=False), _given(tuple(chosen), with_indicator), now)
        except queries.DatabaseError:
            return (error_notice(now.lang), *[no_update] * (len(w.outputs) + 3))
        if state is None:
            return (no_update,) * (len(w.outputs) + 4)
        series = w.series(state)
        notice = url_notice(ids.NOTICE, series.notice).children
        window = series.window
        chart_card.view_at(w.path.format(key=key) + window.address(with_indicator))  # light mode: its images
        return (*w.redraw(state), window.address(with_indicator), notice, str(window.start), str(window.end))

    @callback(
        Output(ids.DOWNLOAD, "data"),
        Input(ids.CSV, "n_clicks"),
        Input(ids.XLSX, "n_clicks"),
        Input(ids.ZIP, "n_clicks"),
        *(State(c, "value") for c in controls),
        State(ids.KEY, "data"),
        prevent_initial_call=True,
    )
    def download(_csv, _xlsx, _zip, *values):
        """CSV, XLSX or a ZIP of the charts, of exactly the view on screen."""
        *chosen, key = values
        now = reader.current()
        key = params.code(key, allow_none=False)
        state = w.load(key, _given(tuple(chosen), with_indicator), now)
        if state is None:
            return no_update
        series = w.series(state)
        url = f"{reader.settings().public_url}{w.path.format(key=key)}{series.window.address(with_indicator)}"
        kind = {ids.CSV: "csv", ids.XLSX: "xlsx", ids.ZIP: "zip"}[ctx.triggered_id]
        more = w.more_charts(state, now) if kind == "zip" else []
        return export.view_download(kind, series.view, url, more)
