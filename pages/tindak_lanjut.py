"""/tindak-lanjut — follow-ups per meeting and agency: an absent agency head reads the decisions for its agency here,
and those who may update one do so with a note (kept with who and when)."""

from __future__ import annotations

import logging
from enum import StrEnum

import dash
from dash import Input, Output, callback, html, no_update

from components import meeting_page
from components.layout import error_notice, url_notice
from components.listing import ALL
from components.user_menu import access_notice
from pages import _followup
from portal import params, queries
from portal.i18n import t
from portal.state import meeting
from web import reader

log = logging.getLogger(__name__)


def _title(**_query) -> str:
    return f"{t('fu_title', reader.lang())} · Satu Data Kaltim"


dash.register_page(
    __name__, path="/tindak-lanjut", nav="nav_followups", order=7, title=_title, permission="view_meetings"
)


class Ids(StrEnum):
    URL = "tl-url"
    NOTICE = "tl-notice"
    MEETING = "tl-rapat"
    AGENCY = "tl-instansi"
    LIST = "tl-daftar"
    FU_STATE = "tl-status"
    FU_NOTE = "tl-catatan"
    FU_SAVE = "tl-simpan"
    FU_MESSAGE = "tl-pesan"


def layout(**query) -> html.Div:
    now = reader.current()
    if not now.can("view_meetings"):
        return access_notice(now, "view_meetings", "/tindak-lanjut")
    try:
        state = meeting.followups_page(query, now)
    except queries.DatabaseError:
        log.exception("follow-ups: database error")
        return html.Div(error_notice(now.lang))
    return meeting_page.followups_layout(Ids, state, now.lang)


@callback(
    Output(Ids.LIST, "children"),
    Output(Ids.URL, "search"),
    Output(Ids.NOTICE, "children"),
    Input(Ids.MEETING, "value"),
    Input(Ids.AGENCY, "value"),
    prevent_initial_call=True,
)
def choose(meeting_id, agency):
    """Another meeting or agency: its follow-ups, and the address that reopens them."""
    now = reader.current()
    if not now.can("view_meetings"):
        return no_update, no_update, no_update
    given = {k: v for k, v in {"rapat": meeting_id, "instansi": agency}.items() if v not in (None, "", ALL)}
    state = meeting.followups_page(given, now, strict=True)
    body = meeting_page.followup_list(Ids, state.followups, now.lang, t("fu_none", now.lang), with_meeting=True)
    return body, params.address(state.chosen), url_notice(Ids.NOTICE, state.notice).children


_followup.register(Ids)
