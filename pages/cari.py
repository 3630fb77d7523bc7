"""/cari?q=... — everything the search index offers for a query (the navbar's search box opens it on Enter)."""

from __future__ import annotations

import logging

import dash
from dash import html

from components import search_page
from components.layout import error_notice
from portal import queries
from portal.i18n import t
from portal.state.search import search_page as search_state
from web import reader


def _title(**_query) -> str:
    return f"{t('search_title', reader.lang())} · Satu Data Kaltim"


dash.register_page(__name__, path="/cari", title=_title)
log = logging.getLogger(__name__)


def layout(**query) -> html.Div:
    now = reader.current()
    try:
        state = search_state(query, now)
    except queries.DatabaseError:
        log.exception("search page: database error")
        return html.Div(error_notice(now.lang))
    return search_page.layout(state, now.lang)
