"""/instansi/<kode> — one agency as a producer of data: what it produces, what is due, delivered and late, its
deliveries, its coverage of the Daftar Data; the walidata sets a due date here (web/duedates.py)."""

from __future__ import annotations

import logging

import dash
from dash import html

from components import agency_page
from components.layout import error_notice, not_found_notice
from portal import queries
from portal.i18n import t
from portal.state import agency
from web import reader
from web.auth import csrf_token


def _found(kode: str | None = None) -> bool:
    return agency.find(kode) is not None


def _title(kode: str | None = None, **_vars) -> str:
    try:
        name = agency.find(kode)
    except queries.DatabaseError:
        name = kode
    return f"{name or t('not_found_title', reader.lang())} · Satu Data Kaltim"


dash.register_page(__name__, path_template="/instansi/<kode>", title=_title, found=_found)
log = logging.getLogger(__name__)


def layout(kode: str | None = None, **query) -> html.Div:
    now = reader.current()
    try:
        state = agency.page(str(kode), query, now)
    except queries.DatabaseError:
        log.exception("agency page: database error")
        return html.Div(error_notice(now.lang))
    if state is None:
        return not_found_notice(now.lang, t("agc_unknown", now.lang))
    return agency_page.layout(state, csrf_token() if state.can_set else "", now.lang)
