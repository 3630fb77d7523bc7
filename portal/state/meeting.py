"""/rapat, /rapat/<id>, /tindak-lanjut — coordination meetings: the list and the scheduling form, one meeting (its
pack, last meeting's commitments, the items needing attention, its decisions), and follow-ups per agency."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pandas as pd

from portal import accounts, params, queries
from portal.access import Reader
from portal.i18n import pick, t_of
from portal.meetings import effective_state, today
from portal.state.board import Item, filter_board, full_board, reason
from portal.vocab import BoardStatus, FollowupStatus, Role

# What a meeting discusses from the board: the items off track or getting worse, worst first.
OFF_TRACK = (BoardStatus.PERLU_PERHATIAN, BoardStatus.MEMBURUK, BoardStatus.STAGNAN)
MEETING_ITEMS = 15
DUE_DAYS = 30  # the due date the assignment form proposes, after the meeting


@dataclass
class Followup:
    """One follow-up as a page shows it: its row, what it reads as now, its history, whether the reader may update."""

    row: dict
    state: FollowupStatus
    history: list[dict]
    may_update: bool


@dataclass
class MeetingsPage:
    upcoming: list[dict]
    past: list[dict]
    may_schedule: bool
    sectors: list[tuple[str, str]]
    agencies: list[tuple[str, str]]
    indicators: list[tuple[str, str, str]]  # (sector, code, name)
    may_manage_alerts: bool = False
    recipients: list[dict] = field(default_factory=list)  # the digest's active recipients (for walidata, admin)
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (username, "Full name (username) · role")


@dataclass
class MeetingPage:
    meeting: dict
    sector_names: list[str]
    agency_names: list[str]
    packs: pd.DataFrame
    previous: dict | None
    commitments: list[Followup]  # the previous meeting's follow-ups, with their state now
    items: list[Item]  # the board's off-track items in the meeting's sectors
    decisions: list[Followup]
    may_assign: bool
    may_make_pack: bool
    agencies: list[tuple[str, str]]
    due: date


@dataclass
class FollowupsPage:
    followups: list[Followup]
    meetings: list[tuple[str, str]]
    agencies: list[tuple[str, str]]
    chosen: dict[str, str | None]
    notice: str | None


def _names(frame: pd.DataFrame, key: str = "code", label: str = "name") -> dict[str, str]:
    return dict(zip(frame[key], frame[label], strict=False))


def followups(rows: pd.DataFrame, reader: Reader, on: date | None = None) -> list[Followup]:
    """Follow-ups with what they read as on `on` (default today), their history and the reader's right to update."""
    if rows.empty:
        return []
    history = queries.followup_updates([int(i) for i in rows["id"]])
    by_id = {k: g.to_dict("records") for k, g in history.groupby("followup_id")} if len(history) else {}
    out = []
    for r in rows.to_dict("records"):
        mine = reader.role != Role.PERANGKAT_DAERAH or r["agency"] == reader.agency
        out.append(
            Followup(
                r,
                effective_state(r["state"], r["due_on"], on),
                by_id.get(r["id"], []),
                reader.can("update_followup") and mine,
            )
        )
    return out


def meetings_page(reader: Reader) -> MeetingsPage:
    """Upcoming meetings (soonest first), past ones (newest first), and the form's choices."""
    rows = queries.meetings().to_dict("records")
    now = today()
    upcoming = sorted((m for m in rows if m["held_on"] >= now), key=lambda m: (m["held_on"], m["id"]))
    past = [m for m in rows if m["held_on"] < now]
    catalogue = queries.catalogue(reader.classes)
    manage = reader.can("manage_alerts")
    return MeetingsPage(
        upcoming,
        past,
        reader.can("schedule_meeting"),
        [(s["code"], pick(s, "name", reader.lang)) for s in queries.sectors().to_dict("records")],
        list(queries.agencies().itertuples(index=False, name=None)),
        [(r["sector"], r["code"], pick(r, "name", reader.lang)) for r in catalogue.to_dict("records")],
        manage,
        recipients(reader) if manage else [],
        [
            (
                u["username"],
                f"{u['full_name'] or u['username']} ({u['username']}) · {t_of('role', u['role'], reader.lang)}",
            )
            for u in accounts.list_users()
            if u["active"]
        ]
        if manage
        else [],
    )


def recipients(reader: Reader) -> list[dict]:
    """The digest's active recipients for a reader who may choose them (else none): address, account, role, language."""
    if not reader.can("manage_alerts"):
        return []
    return queries.alert_recipients().to_dict("records")


def meeting_items(meeting: Mapping, reader: Reader, limit: int = MEETING_ITEMS) -> list[Item]:
    """The board's off-track items in the meeting's sectors, worst first (at most `limit`)."""
    board, catalogue = full_board(reader)
    board = board[board["sector"].isin(meeting["sectors"]) & board["status"].isin(OFF_TRACK)].head(limit)
    meta = {r["code"]: r for r in catalogue.to_dict("records")}
    return [
        Item(r, meta[r["indicator"]], reason(r, meta[r["indicator"]], reader.lang)) for r in board.to_dict("records")
    ]


def meeting_page(code: object, reader: Reader) -> MeetingPage | None:
    """One meeting; None when the code is not a meeting's."""
    if not str(code).isdigit():
        return None
    found = queries.meeting(int(code))
    if found is None:
        return None
    sectors = {s["code"]: pick(s, "name", reader.lang) for s in queries.sectors().to_dict("records")}
    agencies = queries.agencies()
    agency_names = _names(agencies)
    previous_id = queries.previous_meeting(found["id"])
    previous = queries.meeting(previous_id) if previous_id else None
    commitments = followups(queries.followups(previous_id, classes=reader.classes), reader) if previous_id else []
    return MeetingPage(
        found,
        [sectors.get(s, s) for s in found["sectors"]],
        [agency_names.get(a, a) for a in found["agencies"]],
        queries.pack_info(found["id"]),
        previous,
        commitments,
        meeting_items(found, reader),
        followups(queries.followups(found["id"], classes=reader.classes), reader),
        reader.can("assign_followup"),
        reader.can("schedule_meeting"),
        list(agencies.itertuples(index=False, name=None)),
        max(found["held_on"], today()) + timedelta(days=DUE_DAYS),
    )


def pack_made_since(meeting_id: int, started: str, reader: Reader) -> tuple[MeetingPage | None, float | None]:
    """The meeting and the seconds from `started` (ISO time) until both its files were kept again; (page, None)
    while they are not, (None, None) when `started` is no time or the meeting is gone."""
    try:
        since = datetime.fromisoformat(started)
    except ValueError:
        return None, None
    page = meeting_page(meeting_id, reader)
    if page is None:
        return None, None
    fresh = page.packs[page.packs["made_at"] >= since] if len(page.packs) else page.packs
    if len(fresh) < 2:
        return page, None
    return page, (fresh["made_at"].max() - since).total_seconds()


def followups_page(given: Mapping[str, object], reader: Reader, strict: bool = False) -> FollowupsPage:
    """Follow-ups of one meeting and/or one agency; an agency head sees its own agency's by default."""
    reading = params.Reading(given, ("rapat", "instansi"), strict=strict)
    meetings = queries.meetings()
    agencies = queries.agencies()
    meeting_choices = [(str(m["id"]), f"{m['title']} ({m['held_on']})") for m in meetings.to_dict("records")]
    default_agency = reader.agency if reader.role == Role.PERANGKAT_DAERAH else None
    chosen = {
        "rapat": reading.choice("rapat", [c for c, _ in meeting_choices]),
        "instansi": reading.choice("instansi", agencies["code"].tolist(), default=default_agency),
    }
    rows = queries.followups(
        int(chosen["rapat"]) if chosen["rapat"] else None, chosen["instansi"], classes=reader.classes
    )
    return FollowupsPage(
        followups(rows, reader),
        meeting_choices,
        list(agencies.itertuples(index=False, name=None)),
        chosen,
        reading.notice(reader.lang),
    )


def board_item(reader: Reader, indicator: str, region: str) -> dict | None:
    """The board's row of one series (what an assignment records as its status then); None when not on it."""
    board, _ = full_board(reader)
    rows = filter_board(board, {}).query("indicator == @indicator and region == @region")
    return rows.iloc[0].to_dict() if len(rows) else None
