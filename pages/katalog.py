"""/katalog — every indicator the reader may see: searchable, filterable by sector and producer, with freshness."""

from __future__ import annotations

import logging
from enum import StrEnum

import dash
from dash import html

from components import catalogue_page
from components.layout import error_notice
from pages._listing import wire
from portal import queries
from portal.state import catalogue
from web import reader

dash.register_page(
    __name__, path="/katalog", nav="nav_catalogue", order=3, title="Katalog Indikator · Satu Data Kaltim"
)
log = logging.getLogger(__name__)


class Ids(StrEnum):
    URL = "katalog-url"
    NOTICE = "katalog-notice"
    SEARCH = "katalog-cari"
    SECTOR = "katalog-sektor"
    PRODUCER = "katalog-produsen"
    COUNT = "katalog-jumlah"
    GRID = "katalog-grid"


SELECTS = {"sektor": Ids.SECTOR, "produsen": Ids.PRODUCER}


def layout(**query) -> html.Div:
    now = reader.current()
    try:
        found = catalogue.page(query, now)
    except queries.DatabaseError:
        log.exception("catalogue: database error")
        return html.Div(error_notice(now.lang))
    return catalogue_page.layout(found, Ids, SELECTS, now.lang)


wire(Ids, SELECTS, lambda values, now: catalogue.page(values, now, strict=True))
