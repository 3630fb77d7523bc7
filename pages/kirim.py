"""/kirim — Kirim data: a produsen data sends a file in the standard template or a few values, as a draft."""

from __future__ import annotations

import logging

import dash
from dash import html

from components.delivery_page import send_layout
from components.layout import error_notice
from components.user_menu import access_notice
from portal import queries
from portal.state.delivery import send_page
from web import reader
from web.auth import csrf_token
from web.deliveries import FORM_ROWS

dash.register_page(
    __name__, path="/kirim", nav="nav_send", order=6, permission="deliver", title="Kirim Data · Satu Data Kaltim"
)
log = logging.getLogger(__name__)


def layout(**query) -> html.Div:
    now = reader.current()
    if not now.can("deliver"):
        return access_notice(now, "deliver", "/kirim")
    try:
        state = send_page(query, now, reader.settings().etl_max_file_mb)
    except queries.DatabaseError:
        log.exception("send page: database error")
        return html.Div(error_notice(now.lang))
    return send_layout(state, csrf_token(), FORM_ROWS, now.lang)
