"""Queries of the coordination meetings, their packs and follow-ups. They change with what people do, not with
the nightly load, so none of them is memoised by data version (and the pages that show them are never cached)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from portal.accounts import User
from portal.db import get_engine
from portal.meetings import (
    AlertRecipient,
    BoardMark,
    Followup,
    FollowupUpdate,
    Meeting,
    MeetingAgency,
    MeetingIndicator,
    MeetingPack,
    MeetingSector,
)
from portal.models import Agency, EtlRun, Indicator, Region
from portal.queries.core import PUBLIC, Classes, frame, readable
from portal.vocab import LOADED

__all__ = [
    "agencies",
    "meetings",
    "meeting",
    "previous_meeting",
    "followups",
    "followup_updates",
    "pack_info",
    "pack_content",
    "board_marks",
    "alert_recipients",
    "data_version",
]


def agencies() -> pd.DataFrame:
    """The agency table (code, name), by name."""
    return frame(select(Agency.code, Agency.name).order_by(Agency.name))


def meetings() -> pd.DataFrame:
    """Every meeting, the newest date first. Columns: id, title, held_on, lang, created_by."""
    m = Meeting
    return frame(select(m.id, m.title, m.held_on, m.lang, m.created_by).order_by(m.held_on.desc(), m.id.desc()))


def meeting(meeting_id: int) -> dict | None:
    """One meeting with its sectors, agencies and the pack's indicators (in order); None when unknown."""
    rows = frame(select(Meeting).where(Meeting.id == meeting_id))
    if rows.empty:
        return None
    found = rows.iloc[0].to_dict()
    found["sectors"] = frame(select(MeetingSector.sector).where(MeetingSector.meeting_id == meeting_id))[
        "sector"
    ].tolist()
    found["agencies"] = frame(select(MeetingAgency.agency).where(MeetingAgency.meeting_id == meeting_id))[
        "agency"
    ].tolist()
    found["indicators"] = frame(
        select(MeetingIndicator.indicator)
        .where(MeetingIndicator.meeting_id == meeting_id)
        .order_by(MeetingIndicator.position)
    )["indicator"].tolist()
    return found


def previous_meeting(meeting_id: int) -> int | None:
    """The meeting held before this one (by date, then id), whose commitments this one reviews; None if none."""
    this = frame(select(Meeting.held_on, Meeting.id).where(Meeting.id == meeting_id))
    if this.empty:
        return None
    held, ident = this.iloc[0]["held_on"], int(this.iloc[0]["id"])
    earlier = frame(
        select(Meeting.id)
        .where((Meeting.held_on < held) | ((Meeting.held_on == held) & (Meeting.id < ident)))
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        .limit(1)
    )
    return None if earlier.empty else int(earlier.iloc[0]["id"])


def followups(meeting_id: int | None = None, agency: str | None = None, classes: Classes = PUBLIC) -> pd.DataFrame:
    """Follow-ups (of one meeting, of one agency) on indicators the reader may see, oldest first.

    Columns: id, meeting_id, meeting_title, held_on, indicator, name_id, name_en, region, region_name, agency,
    agency_name, note, due_on, state, board_status, created_by, created_at, updated_at.
    """
    f = Followup
    stmt = (
        select(
            f.id,
            f.meeting_id,
            Meeting.title.label("meeting_title"),
            Meeting.held_on,
            f.indicator,
            Indicator.name_id,
            Indicator.name_en,
            f.region,
            Region.name.label("region_name"),
            f.agency,
            Agency.name.label("agency_name"),
            f.note,
            f.due_on,
            f.state,
            f.board_status,
            f.created_by,
            f.created_at,
            f.updated_at,
        )
        .join(Meeting, Meeting.id == f.meeting_id)
        .join(Indicator, Indicator.code == f.indicator)
        .join(Region, Region.code == f.region)
        .join(Agency, Agency.code == f.agency)
        .where(Indicator.classification.in_(readable(classes)))
        .order_by(f.id)
    )
    if meeting_id is not None:
        stmt = stmt.where(f.meeting_id == meeting_id)
    if agency is not None:
        stmt = stmt.where(f.agency == agency)
    return frame(stmt)


def followup_updates(ids: list[int]) -> pd.DataFrame:
    """The audit trail of some follow-ups, oldest first. Columns: followup_id, at, actor, role, state, note."""
    u = FollowupUpdate
    return frame(
        select(u.followup_id, u.at, u.actor, u.role, u.state, u.note)
        .where(u.followup_id.in_(ids))
        .order_by(u.followup_id, u.at, u.id)
    )


def pack_info(meeting_id: int) -> pd.DataFrame:
    """The packs kept for a meeting (not their bytes). Columns: format, lang, bytes, data_version, made_at."""
    p = MeetingPack
    rows = frame(
        select(p.format, p.lang, p.content, p.data_version, p.made_at).where(p.meeting_id == meeting_id).order_by(p.id)
    )
    rows["bytes"] = rows["content"].map(len) if len(rows) else []
    return rows.drop(columns=["content"])


def pack_content(meeting_id: int, fmt: str, lang: str) -> bytes | None:
    """A kept pack's file, or None."""
    p = MeetingPack
    rows = frame(select(p.content).where(p.meeting_id == meeting_id, p.format == fmt, p.lang == lang))
    return None if rows.empty else bytes(rows.iloc[0]["content"])


def board_marks() -> pd.DataFrame:
    """The board statuses recorded at the last digest. Columns: indicator, region, status, period, score."""
    b = BoardMark
    return frame(select(b.indicator, b.region, b.status, b.period, b.score, b.data_version))


def alert_recipients() -> pd.DataFrame:
    """The active recipients of the digest with their account's role and agency (none: public indicators only)."""
    r = AlertRecipient
    return frame(
        select(r.email, r.username, r.lang, User.role, User.agency, User.active.label("account_active"), User.full_name)
        .outerjoin(User, User.username == r.username)
        .where(r.active.is_(True))
        .order_by(r.email)
    )


def data_version() -> int:
    """The id of the last successful ETL run (0 when nothing was loaded): what a kept pack was made from."""
    with get_engine().connect() as conn:
        return conn.execute(select(func.max(EtlRun.id)).where(EtlRun.status.in_(LOADED))).scalar_one() or 0
