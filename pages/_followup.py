"""What the follow-up controls of the meeting page and /tindak-lanjut share: saving a new state with its note.
Not a page (the leading underscore keeps Dash from importing it as one)."""

from __future__ import annotations

from dash import MATCH, Input, Output, State, callback, ctx, html, no_update

from portal import meetings, params
from portal.i18n import t
from web import reader


def save(state: object, note: object) -> html.Div:
    """Save the triggering follow-up's new state and note; the sentence to show beside it."""
    now = reader.current()
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not now.can("view_meetings"):
        return no_update
    fid = params.integer(trigger.get("id"), low=1, allow_none=False)
    try:
        meetings.update_followup(
            now,
            reader.actor()[0],
            fid,
            params.code(state, allow_none=False),
            params.text(note, max_len=params.MAX_TEXT) or "",
        )
    except meetings.MeetingError as err:
        return html.Div(err.text(now.lang), className="alert alert-danger py-1 mb-0")
    return html.Div(t("fu_saved", now.lang), className="alert alert-success py-1 mb-0")


def register(ids) -> None:
    """The follow-up controls' callback for a page whose Ids name FU_STATE, FU_NOTE, FU_SAVE and FU_MESSAGE."""

    @callback(
        Output({"type": ids.FU_MESSAGE, "id": MATCH}, "children"),
        Input({"type": ids.FU_SAVE, "id": MATCH}, "n_clicks"),
        State({"type": ids.FU_STATE, "id": MATCH}, "value"),
        State({"type": ids.FU_NOTE, "id": MATCH}, "value"),
        prevent_initial_call=True,
    )
    def save_followup(_clicks, state, note):
        """A follow-up's new state and note, kept with who and when."""
        return save(state, note)
