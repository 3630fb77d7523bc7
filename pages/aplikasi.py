"""/aplikasi — the directory of the agencies' digital service applications: searchable and filterable."""

from __future__ import annotations

import logging
from enum import StrEnum

import dash
from dash import html

from components import applications_page
from components.layout import error_notice
from pages._listing import wire
from portal import queries
from portal.state import applications
from web import reader

dash.register_page(__name__, path="/aplikasi", nav="nav_apps", order=4, title="Direktori Aplikasi · Satu Data Kaltim")
log = logging.getLogger(__name__)


class Ids(StrEnum):
    URL = "aplikasi-url"
    NOTICE = "aplikasi-notice"
    SEARCH = "aplikasi-cari"
    AGENCY = "aplikasi-opd"
    SECTOR = "aplikasi-sektor"
    STATUS = "aplikasi-status"
    COUNT = "aplikasi-jumlah"
    GRID = "aplikasi-grid"


SELECTS = {"opd": Ids.AGENCY, "sektor": Ids.SECTOR, "status": Ids.STATUS}


def layout(**query) -> html.Div:
    now = reader.current()
    try:
        state = applications.page(query, now)
    except queries.DatabaseError:
        log.exception("application directory: database error")
        return html.Div(error_notice(now.lang))
    return applications_page.layout(state, Ids, SELECTS, now.lang)


wire(Ids, SELECTS, lambda values, now: applications.page(values, now, strict=True).listing)
