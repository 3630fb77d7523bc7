"""/wilayah/<kode> — a regency profile: every sector's headline indicators against the province, trends, targets."""

from __future__ import annotations

import logging
from enum import StrEnum

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, html, no_update

from components import chart_card, profile_page, subregions
from components.layout import error_notice, url_notice
from pages._charts import lazy_charts
from portal import queries
from portal.i18n import t
from portal.state import profile
from web import reader


def _found(kode: str | None = None) -> bool:
    return profile.find(kode) is not None


def _title(kode: str | None = None, **_vars) -> str:
    lang = reader.lang()
    try:
        known = _found(kode)
    except queries.DatabaseError:
        known = True
    return f"{t('prf_page_title' if known else 'not_found_title', lang)} · Satu Data Kaltim"


def _description(kode: str | None = None, **_vars) -> str:
    return t("prf_page_description", reader.lang())


dash.register_page(
    __name__, path_template="/wilayah/<kode>", title=_title, description=_description, found=_found, app_waits=True
)
log = logging.getLogger(__name__)


class Ids(StrEnum):
    URL = "profil-url"
    REGION = "profil-kode"
    INDICATOR = "profil-sub-indikator"
    AREA = "profil-sub-wilayah"
    NOTICE = "profil-sub-notice"
    VIEW = "profil-sub-view"
    GRAPH = "profil-sub-peringkat"
    GRID = "profil-sub-tabel"
    PRINT = "profile-print"


def layout(kode: str = "", **query) -> html.Div:
    now = reader.current()
    try:
        state = profile.page(kode, query, now)
    except queries.DatabaseError:
        log.exception("profile page: database error")
        return html.Div(error_notice(now.lang))
    return profile_page.layout(state, Ids, now.lang) if state else profile_page.not_found(kode, now.lang)


@callback(
    [Output(Ids.VIEW, "children"), Output(Ids.URL, "search"), Output(Ids.NOTICE, "children")],
    inputs={"indikator": Input(Ids.INDICATOR, "value"), "kecamatan": Input(Ids.AREA, "value")},
    state={"code": State(Ids.REGION, "data")},
    prevent_initial_call=True,
)
def on_choice(code, **given):
    """Another indicator or area: rank and list its kecamatan or desa, and keep the choice in the address (the
    ranking drawn at once: the reader is at the controls just above it)."""
    now = reader.current()
    try:
        below = profile.section(code, {**given, "kecamatan": subregions.area(given["kecamatan"])}, now)
    except queries.DatabaseError:
        return error_notice(now.lang), no_update, no_update
    chart_card.view_at(f"/wilayah/{below.regency['code']}{below.address()}")  # light mode: its images
    return subregions.view(Ids, below, now.lang), below.address(), url_notice(Ids.NOTICE, below.notice).children


clientside_callback(ClientsideFunction("regions", "print"), Input(Ids.PRINT, "n_clicks"), prevent_initial_call=True)


def _charts(kode: str, query: dict, now) -> dict:
    state = profile.page(kode, query, now)
    return profile_page.charts(state, Ids) if state else {}


lazy_charts("wilayah", _charts)
