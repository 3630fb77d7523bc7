"""/rapat/<id> — one meeting: its pack, last meeting's commitments, the items needing attention, the assignment
form and this meeting's decisions."""

from __future__ import annotations

import logging
from enum import StrEnum

import dash
from dash import Input, Output, State, callback, html, no_update

from components import meeting_page, pack
from components.layout import error_notice, not_found_notice
from components.user_menu import access_notice
from pages import _followup
from portal import fmt, meetings, params, queries
from portal.i18n import t
from portal.state import meeting
from web import reader

log = logging.getLogger(__name__)


def _title(kode: str | None = None, **_query) -> str:
    return f"{t('mtg_title', reader.lang())} · Satu Data Kaltim"


dash.register_page(__name__, path_template="/rapat/<kode>", title=_title)


class Ids(StrEnum):
    KEY = "rapat-kode"
    PACKS = "rapat-bahan"
    MAKE_PACK = "rapat-buat-bahan"
    PACK_MESSAGE = "rapat-bahan-pesan"
    PACK_POLL = "rapat-bahan-tunggu"
    PACK_STARTED = "rapat-bahan-mulai"
    ITEM = "rapat-butir"
    AGENCY = "rapat-tugas-instansi"
    NOTE = "rapat-tugas-catatan"
    DUE = "rapat-tugas-tempo"
    ASSIGN = "rapat-tugaskan"
    ASSIGN_MESSAGE = "rapat-tugas-pesan"
    DECISIONS = "rapat-keputusan"
    FU_STATE = "rapat-tl-status"
    FU_NOTE = "rapat-tl-catatan"
    FU_SAVE = "rapat-tl-simpan"
    FU_MESSAGE = "rapat-tl-pesan"


def layout(kode: str | None = None, **_query) -> html.Div:
    now = reader.current()
    if not now.can("view_meetings"):
        return access_notice(now, "view_meetings", f"/rapat/{kode}" if str(kode).isdigit() else "/rapat")
    try:
        state = meeting.meeting_page(kode, now)
    except queries.DatabaseError:
        log.exception("meeting: database error")
        return html.Div(error_notice(now.lang))
    if state is None:
        return not_found_notice(now.lang, t("mtg_unknown", now.lang, code=str(kode)[:20]))
    return meeting_page.meeting_layout(Ids, state, now.lang)


@callback(
    Output(Ids.ASSIGN_MESSAGE, "children"),
    Output(Ids.DECISIONS, "children"),
    Input(Ids.ASSIGN, "n_clicks"),
    State(Ids.ITEM, "value"),
    State(Ids.AGENCY, "value"),
    State(Ids.NOTE, "value"),
    State(Ids.DUE, "value"),
    State(Ids.KEY, "data"),
    prevent_initial_call=True,
)
def assign(_clicks, item, agency, note, due, key):
    """Assign the chosen item to an agency, or say in one sentence why not (nothing is written then)."""
    now = reader.current()
    if not now.can("assign_followup"):
        return meeting_page.refusal(meetings.MeetingRefusal.ROLE_ASSIGN, now.lang, "rapat-tugas-galat"), no_update
    meeting_id = params.integer(key, low=1, allow_none=False)
    indicator, _, region = (params.text(item, max_len=100) or "").partition("|")
    row = meeting.board_item(now, indicator, region) if indicator else None
    try:
        meetings.assign(
            now,
            reader.actor()[0],
            meeting_id=meeting_id,
            indicator=params.code(indicator, allow_none=False) if indicator else "",
            region=params.code(region, allow_none=False) if region else "",
            agency=params.code(agency) or "",
            note=params.text(note, max_len=params.MAX_TEXT) or "",
            due_on=params.text(due, max_len=20) or "",
            board_status=row["status"] if row else None,
        )
    except meetings.MeetingError as err:
        return meeting_page.refusal(err, now.lang, "rapat-tugas-galat"), no_update
    state = meeting.meeting_page(meeting_id, now)
    done = meeting_page.done(t("mtg_assigned", now.lang, agency=dict(state.agencies).get(agency, agency)))
    decisions = meeting_page.followup_list(Ids, state.decisions, now.lang, t("mtg_decisions_none", now.lang))
    return done, decisions


@callback(
    Output(Ids.PACK_MESSAGE, "children", allow_duplicate=True),
    Output(Ids.PACK_POLL, "disabled"),
    Output(Ids.PACK_STARTED, "data"),
    Output(Ids.PACK_POLL, "n_intervals"),
    Input(Ids.MAKE_PACK, "n_clicks"),
    State(Ids.KEY, "data"),
    prevent_initial_call=True,
)
def make_pack(_clicks, key):
    """Start making the meeting's PDF and PPTX from the current data; the page polls until they are kept."""
    now = reader.current()
    if not now.can("schedule_meeting"):
        return meeting_page.refusal(meetings.MeetingRefusal.ROLE_SCHEDULE, now.lang), True, no_update, no_update
    meeting_id = params.integer(key, low=1, allow_none=False)
    started = meetings.now()
    pack.start(meeting_id, reader.settings().public_url, reader.actor()[0])
    return t("mtg_pack_making", now.lang), False, started.isoformat(), 0


@callback(
    Output(Ids.PACK_MESSAGE, "children", allow_duplicate=True),
    Output(Ids.PACKS, "children"),
    Output(Ids.PACK_POLL, "disabled", allow_duplicate=True),
    Input(Ids.PACK_POLL, "n_intervals"),
    State(Ids.PACK_STARTED, "data"),
    State(Ids.KEY, "data"),
    prevent_initial_call=True,
)
def pack_ready(_n, started, key):
    """Once the pack started by the button is kept: its links, and how long it took."""
    now = reader.current()
    if not now.can("view_meetings") or not started:
        return no_update, no_update, True
    meeting_id = params.integer(key, low=1, allow_none=False)
    state, seconds = meeting.pack_made_since(meeting_id, params.text(started, max_len=40) or "", now)
    if seconds is None:  # not yet (the PDF and the PPTX are kept together)
        return no_update, no_update, state is None
    made = t("mtg_pack_made", now.lang, seconds=fmt.number(seconds, 1, now.lang))
    return made, meeting_page.pack_links(state, now.lang), True


_followup.register(Ids)
