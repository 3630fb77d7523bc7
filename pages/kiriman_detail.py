"""/kiriman/<id> — one delivery: where it stands, its report, what it would change, its history; the decision."""

from __future__ import annotations

import logging

import dash
from dash import dcc, html
from flask_login import current_user

from components.delivery_page import delivery_layout
from components.layout import error_notice, not_found_notice
from components.user_menu import access_notice
from portal import queries
from portal.i18n import t
from portal.state.delivery import delivery_page
from web import reader
from web.auth import csrf_token

dash.register_page(__name__, path_template="/kiriman/<kode>", title="Kiriman · Satu Data Kaltim")
log = logging.getLogger(__name__)


def layout(kode: str | None = None, **query) -> html.Div:
    now = reader.current()
    if not now.can("view_deliveries"):
        return access_notice(now, "view_deliveries", f"/kiriman/{kode}" if str(kode).isdigit() else "/kiriman")
    try:
        state = None
        if str(kode).isdigit() and len(str(kode)) < 12:
            state = delivery_page(int(kode), query, now, current_user.username, reader.settings().etl_max_file_mb)
    except queries.DatabaseError:
        log.exception("delivery page: database error")
        return html.Div(error_notice(now.lang))
    if state is None:
        link = dcc.Link(t("wf_list_title", now.lang), href="/kiriman")
        return html.Div([not_found_notice(now.lang, t("wf_unknown", now.lang)), link])
    return delivery_layout(state, csrf_token(), now.lang)
