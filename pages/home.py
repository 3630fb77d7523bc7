"""/ — the executive summary: headline KPIs of the five priority sectors."""

from __future__ import annotations

import logging

import dash
from dash import html

from components import home_page
from components.layout import error_notice
from portal import queries
from portal.i18n import t
from portal.state import home
from web import reader


def _title(**_query) -> str:
    return f"{t('home_title', reader.lang())} · Satu Data Kaltim"


dash.register_page(__name__, path="/", nav="nav_home", order=0, title=_title, app_waits=True)
log = logging.getLogger(__name__)


def layout(**_query) -> html.Div:
    now = reader.current()
    try:
        state = home.home(now)
    except queries.DatabaseError:
        log.exception("home page: database error")
        return html.Div(error_notice(now.lang))
    return home_page.layout(state, now.lang)
