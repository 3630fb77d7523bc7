"""/rapat — coordination meetings: upcoming and past ones, and the form that schedules one."""

from __future__ import annotations

import logging
from enum import StrEnum

import dash
from dash import ALL, Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

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
    RECIPIENTS = "rapat-penerima"
    RCPT_LIST = "rapat-penerima-daftar"
    RCPT_ACCOUNT = "rapat-penerima-akun"
    RCPT_EMAIL = "rapat-penerima-surel"
    RCPT_LANG = "rapat-penerima-bahasa"
    RCPT_ADD = "rapat-penerima-tambah"
    RCPT_STOP = "rapat-penerima-henti"
    RCPT_MESSAGE = "rapat-penerima-pesan"


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


@callback(
    Output(Ids.RCPT_MESSAGE, "children"),
    Output(Ids.RCPT_LIST, "children"),
    Input(Ids.RCPT_ADD, "n_clicks"),
    Input({"type": Ids.RCPT_STOP, "email": ALL}, "n_clicks"),
    State(Ids.RCPT_ACCOUNT, "value"),
    State(Ids.RCPT_EMAIL, "value"),
    State(Ids.RCPT_LANG, "value"),
    prevent_initial_call=True,
)
def recipients(_add, _stops, account, email, lang):
    """Add an account as a recipient of the digest, or stop one's digest; a refusal is one sentence, nothing written."""
    now, actor = reader.current(), reader.actor()[0]
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        raise PreventUpdate  # a stop button drawn anew, not clicked
    try:
        if isinstance(ctx.triggered_id, dict):
            stopped = params.text(ctx.triggered_id.get("email"), max_len=254) or ""
            meetings.stop_recipient(now, actor, stopped)
            text = t("mtg_rcpt_stopped", now.lang, email=stopped)
        else:
            added = meetings.set_recipient(
                now,
                actor,
                email=params.text(email, max_len=254) or "",
                username=params.text(account, max_len=64) or "",
                lang=params.code(lang, allow_none=False),
            )
            text = t("mtg_rcpt_added", now.lang, email=added)
    except meetings.MeetingError as err:
        return meeting_page.refusal(err, now.lang, "rapat-penerima-galat"), dash.no_update
    return meeting_page.done(text), meeting_page.recipient_items(Ids, meeting.recipients(now), now.lang)
