"""/kiriman — the deliveries a reader may see (a walidata every one, an agency role its agency's), undecided first."""

from __future__ import annotations

import logging

import dash
from dash import html

from components.delivery_page import list_layout
from components.layout import error_notice
from components.user_menu import access_notice
from portal import queries
from portal.i18n import t, t_of
from portal.state.delivery import STAGE_CHOICES, list_page
from web import reader

dash.register_page(
    __name__,
    path="/kiriman",
    nav="nav_deliveries",
    order=7,
    permission="view_deliveries",
    title="Kiriman Data · Satu Data Kaltim",
)
log = logging.getLogger(__name__)


def layout(**query) -> html.Div:
    now = reader.current()
    if not now.can("view_deliveries"):
        return access_notice(now, "view_deliveries", "/kiriman")
    try:
        state = list_page(query, now)
    except queries.DatabaseError:
        log.exception("deliveries page: database error")
        return html.Div(error_notice(now.lang))
    lang = now.lang
    choices = [("terbuka", t("wf_open", lang))]
    choices += [(s, t_of("wf_stage", s, lang)) for s in STAGE_CHOICES[1:]]
    choices.append(("semua", t("wf_all", lang)))
    return list_layout(state, choices, lang)
