"""/rapat — coordination meetings: upcoming and past ones, and the form that schedules one."""

from __future__ import annotations

import logging
from enum import StrEnum

import dash
from dash import ALL, Input, Output, State, callback, dcc, html

from components import meeting_page
from components.layout import error_notice
from components.user_menu import access_notice
from portal import meetings, params, queries
from portal.i18n import t
from portal.state import meeting
from web import reader

log = logging.getLogger(__name__)


def _title(**_query) -> str:
    return f"{t('mtg_title', reader.lang())} · Satu Data Kaltim"


dash.register_page(__name__, path="/rapat", nav="nav_meetings", order=6, title=_title, permission="view_meetings")


class Ids(StrEnum):
    UPCOMING = "rapat-mendatang"
    TITLE = "rapat-judul"
    DATE = "rapat-tanggal"
    SECTORS = "rapat-sektor"
    AGENCIES = "rapat-instansi"
    INDICATORS = "rapat-indikator"
    LANG = "rapat-bahasa"
    SUBMIT = "rapat-simpan"
    MESSAGE = "rapat-pesan"


def layout(**_query) -> html.Div:
    now = reader.current()
    if not now.can("view_meetings"):
        return access_notice(now, "view_meetings", "/rapat")
    try:
        state = meeting.meetings_page(now)
    except queries.DatabaseError:
        log.exception("meetings: database error")
        return html.Div(error_notice(now.lang))
    return meeting_page.meetings_layout(Ids, state, now.lang)


@callback(
    Output(Ids.MESSAGE, "children"),
    Input(Ids.SUBMIT, "n_clicks"),
    State(Ids.TITLE, "value"),
    State(Ids.DATE, "value"),
    State(Ids.SECTORS, "value"),
    State(Ids.AGENCIES, "value"),
    State({"type": Ids.INDICATORS, "sector": ALL}, "value"),
    State(Ids.LANG, "value"),
    prevent_initial_call=True,
)
def schedule(_clicks, title, held_on, sectors, agencies, indicators, lang):
    """Schedule the meeting, or say in one sentence why not (nothing is written then)."""
    now = reader.current()
    chosen = [code for group in params.each(indicators, params.codes, max_items=200) for code in group]
    try:
        meeting_id = meetings.schedule(
            now,
            reader.actor()[0],
            title=params.text(title, max_len=params.MAX_TEXT) or "",
            held_on=params.text(held_on, max_len=20) or "",
            sectors=params.codes(sectors),
            agencies=params.codes(agencies, max_items=200),
            indicators=chosen,
            lang=params.code(lang, allow_none=False),
        )
    except meetings.MeetingError as err:
        return html.Div(err.text(now.lang), className="alert alert-danger py-2 mb-0", id="rapat-galat")
    link = dcc.Link(t("mtg_open", now.lang) + " →", href=f"/rapat/{meeting_id}", id="rapat-baru")
    return html.Div([t("mtg_scheduled", now.lang), " ", link], className="alert alert-success py-2 mb-0")
