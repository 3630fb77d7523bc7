"""/perhatian — the exception board: what is off track or getting worse, across sectors and regencies, worst first."""

from __future__ import annotations

import logging
from enum import StrEnum

import dash
from dash import Input, Output, State, callback, ctx, html, no_update

from components import board_page
from components.layout import error_notice, url_notice
from components.listing import ALL
from portal import queries
from portal.i18n import t
from portal.state import board
from web import reader

log = logging.getLogger(__name__)


def _title(**_query) -> str:
    return f"{t('brd_title', reader.lang())} · Satu Data Kaltim"


dash.register_page(__name__, path="/perhatian", nav="nav_board", order=0.5, title=_title)


class Ids(StrEnum):
    URL = "perhatian-url"
    NOTICE = "perhatian-notice"
    SECTOR = "perhatian-sektor"
    REGION = "perhatian-wilayah"
    AGENCY = "perhatian-instansi"
    STATUS = "perhatian-status"
    SUMMARY = "perhatian-ringkasan"
    LIST = "perhatian-daftar"
    MORE = "perhatian-lagi"
    LIMIT = "perhatian-batas"
    CSV = "perhatian-csv"
    XLSX = "perhatian-xlsx"
    DOWNLOAD = "perhatian-unduh"


def layout(**query) -> html.Div:
    now = reader.current()
    try:
        state = board.read(query, now)
    except queries.DatabaseError:
        log.exception("board: database error")
        return html.Div(error_notice(now.lang))
    return board_page.layout(state, Ids, now.lang)


def _given(sector, region, agency, status) -> dict:
    values = {"sektor": sector, "wilayah": region, "instansi": agency, "status": status}
    return {k: v for k, v in values.items() if v not in (None, "", ALL)}


@callback(
    Output(Ids.SUMMARY, "children"),
    Output(Ids.LIST, "children"),
    Output(Ids.MORE, "children"),
    Output(Ids.MORE, "style"),
    Output(Ids.LIMIT, "data"),
    Output(Ids.URL, "search"),
    Output(Ids.NOTICE, "children"),
    Input(Ids.SECTOR, "value"),
    Input(Ids.REGION, "value"),
    Input(Ids.AGENCY, "value"),
    Input(Ids.STATUS, "value"),
    Input(Ids.MORE, "n_clicks"),
    State(Ids.LIMIT, "data"),
    prevent_initial_call=True,
)
def update(sector, region, agency, status, _more, limit):
    """A filter changed (the list starts again), or the reader asked for more rows."""
    now = reader.current()
    try:
        state = board.read(_given(sector, region, agency, status), now, strict=True)
    except queries.DatabaseError:
        return (no_update,) * 6 + (error_notice(now.lang),)
    size = board_page.PAGE_SIZE
    limit = (limit if isinstance(limit, int) else size) + size if ctx.triggered_id == Ids.MORE else size
    button = board_page.more_button(Ids.MORE, state, limit, now.lang)
    notice = url_notice(Ids.NOTICE, state.notice).children
    return (
        board_page.summary(state, now.lang),
        board_page.rows(state, limit, now.lang),
        button.children,
        button.style,
        limit,
        state.address(),
        notice,
    )


@callback(
    Output(Ids.DOWNLOAD, "data"),
    Input(Ids.CSV, "n_clicks"),
    Input(Ids.XLSX, "n_clicks"),
    State(Ids.SECTOR, "value"),
    State(Ids.REGION, "value"),
    State(Ids.AGENCY, "value"),
    State(Ids.STATUS, "value"),
    prevent_initial_call=True,
)
def download(_csv, _xlsx, sector, region, agency, status):
    """The board as filtered on screen, every row, as CSV or XLSX."""
    now = reader.current()
    state = board.read(_given(sector, region, agency, status), now, strict=True)
    return board_page.download("csv" if ctx.triggered_id == Ids.CSV else "xlsx", state, now.lang)
