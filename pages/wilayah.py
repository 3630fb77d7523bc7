"""/wilayah — which regencies lag: a map of any indicator and period, its ranking and table, and a comparison."""

from __future__ import annotations

import logging
from enum import StrEnum

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, html, no_update

from components import chart_card, wilayah_page
from components.layout import error_notice
from portal import params, queries
from portal.i18n import t
from portal.state import regional
from web import reader


def _title() -> str:
    return f"{t('nav_wilayah', reader.lang())} · Satu Data Kaltim"


dash.register_page(__name__, path="/wilayah", nav="nav_wilayah", order=2, title=_title)
log = logging.getLogger(__name__)


class Ids(StrEnum):
    INDICATOR = "wilayah-indicator"
    PERIOD = "wilayah-period"
    REGION = "wilayah-region"
    COMPARE = "wilayah-compare"
    VIEW = "wilayah-view"
    COMPARISON = "wilayah-comparison"
    MAP = "wilayah-map"
    BAR = "wilayah-bar"
    ADDRESS = "wilayah-address"
    URL_SYNC = "wilayah-url-sync"


def layout(**query) -> html.Div:
    now = reader.current()
    try:
        state = regional.page(query, now, reader.settings().boundary_file)
    except queries.DatabaseError:
        log.exception("wilayah page: database error")
        return html.Div(error_notice(now.lang))
    return wilayah_page.layout(state, Ids, now.lang)


FILTERS = {
    "indikator": Input(Ids.INDICATOR, "value"),
    "periode": Input(Ids.PERIOD, "value"),
    "wilayah": Input(Ids.REGION, "value"),
}


@callback(
    Output(Ids.PERIOD, "options"),
    Output(Ids.PERIOD, "value"),
    Output(Ids.VIEW, "children"),
    inputs=FILTERS,
    prevent_initial_call=True,
)
def on_filters(**given):
    """The chosen indicator's periods (the period kept when it has it), its map, ranking and table."""
    now = reader.current()
    try:
        found = regional.view(given, now, reader.settings().boundary_file)
    except queries.DatabaseError:
        return no_update, no_update, [error_notice(now.lang)]
    chart_card.view_at(f"/wilayah{found.choice.address()}")  # light mode: the images of this choice
    return wilayah_page.period_options(found), found.choice.period, wilayah_page.view_children(found, Ids, now.lang)


@callback(
    Output(Ids.COMPARISON, "children"), inputs={"banding": Input(Ids.COMPARE, "value")}, prevent_initial_call=True
)
def on_compare(**given):
    """The scorecard of the chosen regencies."""
    now = reader.current()
    try:
        return wilayah_page.comparison(regional.compared(given, now), now.lang)
    except queries.DatabaseError:
        return error_notice(now.lang)


@callback(
    Output(Ids.REGION, "value"),
    Input({"type": "chart", "id": Ids.MAP}, "clickData"),
    Input({"type": "chart", "id": Ids.BAR}, "clickData"),
    State(Ids.REGION, "value"),
    prevent_initial_call=True,
)
def on_click(map_click, bar_click, current):
    """A click on the map or a bar selects that regency."""
    clicks = params.click_data(map_click), params.click_data(bar_click)
    code = regional.regency(wilayah_page.clicked(dash.ctx.triggered_id, Ids.MAP, *clicks))
    return code if code and code != params.code(current) else no_update


@callback(
    Output(Ids.ADDRESS, "data"), inputs={**FILTERS, "banding": Input(Ids.COMPARE, "value")}, prevent_initial_call=True
)
def on_address(**given):
    """The address always says what is shown, so that a copied link reopens the same view; assets/regions.js puts
    it in place without a reload or a history entry per change."""
    return regional.address(given, reader.current())


clientside_callback(
    ClientsideFunction("regions", "replaceAddress"), Output(Ids.URL_SYNC, "title"), Input(Ids.ADDRESS, "data")
)
