"""/status — the nightly load: per source its last run, result, rows, data age (stale in a warning colour);
the run history; and every rejected row with its reason (who sees what of it: portal/state/status.py)."""

from __future__ import annotations

import logging
from enum import StrEnum

import dash
from dash import Input, Output, callback, html, no_update

from components import status_page
from components.layout import error_notice
from components.user_menu import access_notice
from portal import queries
from portal.state import status
from web import reader

# For walidata and admin (portal/access.py): others get a notice, and no link in the navbar.
dash.register_page(
    __name__,
    path="/status",
    nav="nav_status",
    order=5,
    permission="view_status",
    title="Status Data · Satu Data Kaltim",
)
log = logging.getLogger(__name__)


class Ids(StrEnum):
    URL = "status-url"
    NOTICE = "status-notice"
    RUN = "status-run"
    REJECTED = "status-ditolak"
    REJECTED_COUNT = "status-ditolak-jumlah"


def layout(**query) -> html.Div:
    now = reader.current()
    if not now.can("view_status"):
        return access_notice(now, "view_status", "/status")
    try:
        state = status.page(query, now, reader.settings().stale_after_days)
    except queries.DatabaseError:
        log.exception("status page: database error")
        return html.Div(error_notice(now.lang))
    return status_page.layout(state, Ids, now.lang)


@callback(
    Output(Ids.REJECTED, "rowData"),
    Output(Ids.REJECTED_COUNT, "children"),
    Output(Ids.URL, "search"),
    Input(Ids.RUN, "value"),
    prevent_initial_call=True,
)
def choose_run(run):
    """Another run chosen: its rejected rows (none chosen: the latest run of each source)."""
    now = reader.current()
    if not now.can("view_status"):
        return no_update, no_update, no_update
    try:
        found = status.rejected({"run": run}, now, strict=True)
    except queries.DatabaseError:
        log.exception("status page: database error")
        return no_update, error_notice(now.lang), no_update
    return found.rows, found.count, found.address()
