"""Coordination meetings, their packs, follow-ups and the alert bookkeeping: the tables and what may be written.

Every write checks the reader's permission (portal.access) and its input first and then happens in one
transaction, so a refused request leaves nothing half-written; each is in the audit trail, and each change of
a follow-up keeps who, when, the new state and the note (followup_update). A refusal is a MeetingError whose
text is a sentence in the reader's language (`err.text(lang)`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal import audit
from portal.access import Reader
from portal.accounts import User  # alert_recipient refers to app_user
from portal.db import get_engine
from portal.i18n import t_of
from portal.models import Agency, Base, Indicator, Region, Sector
from portal.vocab import FOLLOWUP_SETTABLE, FollowupStatus, MeetingRefusal, Role  # noqa: F401 - MeetingRefusal: callers name a reason

MAX_TITLE = 200
MAX_NOTE = 2000
MAX_PACK_INDICATORS = 12
LANGS = ("id", "en")
# The tables below, children first (what a test or an operator empties to start over).
MEETING_TABLES = (
    "followup_update",
    "followup",
    "meeting_pack",
    "meeting_indicator",
    "meeting_agency",
    "meeting_sector",
    "meeting",
    "board_mark",
    "alert_recipient",
)


class Meeting(Base):
    __tablename__ = "meeting"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(MAX_TITLE))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    lang: Mapped[str] = mapped_column(String(2), default="id")  # the pack's language
    created_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class MeetingSector(Base):
    __tablename__ = "meeting_sector"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    sector: Mapped[str] = mapped_column(ForeignKey("sector.code"), primary_key=True)


class MeetingAgency(Base):
    """The agencies expected at the meeting (their heads see its decisions for them)."""

    __tablename__ = "meeting_agency"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    agency: Mapped[str] = mapped_column(ForeignKey("agency.code"), primary_key=True)


class MeetingIndicator(Base):
    """The indicators the pack gives a page each, in their order."""

    __tablename__ = "meeting_indicator"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    indicator: Mapped[str] = mapped_column(ForeignKey("indicator.code"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class MeetingPack(Base):
    """A made pack, kept for download: one per meeting, format and language (the newest replaces the last)."""

    __tablename__ = "meeting_pack"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    format: Mapped[str] = mapped_column(String(4))  # pdf, pptx
    lang: Mapped[str] = mapped_column(String(2))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    data_version: Mapped[int] = mapped_column(Integer)  # the ETL run the figures come from
    made_at: Mapped[datetime] = mapped_column(DateTime)
    made_by: Mapped[str | None] = mapped_column(String(64))
    __table_args__ = (UniqueConstraint("meeting_id", "format", "lang", name="uq_meeting_pack"),)


class Followup(Base):
    """An off-track item assigned to an agency in a meeting: a note, a due date, a state."""

    __tablename__ = "followup"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    indicator: Mapped[str] = mapped_column(ForeignKey("indicator.code"))
    region: Mapped[str] = mapped_column(ForeignKey("region.code"))
    agency: Mapped[str] = mapped_column(ForeignKey("agency.code"), index=True)
    note: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16))  # terbuka, dalam_proses, selesai (terlambat: read from the date)
    board_status: Mapped[str | None] = mapped_column(String(20))  # the board's status when it was assigned
    created_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class FollowupUpdate(Base):
    """The audit trail of a follow-up: its assignment and every change, with who and when."""

    __tablename__ = "followup_update"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    followup_id: Mapped[int] = mapped_column(ForeignKey("followup.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str | None] = mapped_column(String(24))
    state: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")


class BoardMark(Base):
    """The exception board's status per series at the last digest: what the next night's digest compares to."""

    __tablename__ = "board_mark"
    indicator: Mapped[str] = mapped_column(ForeignKey("indicator.code"), primary_key=True)
    region: Mapped[str] = mapped_column(ForeignKey("region.code"), primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(10))
    score: Mapped[float | None] = mapped_column(Float(precision=53))
    data_version: Mapped[int] = mapped_column(Integer)


class AlertRecipient(Base):
    """Who gets the nightly digest by e-mail; with an account, what its role may read, else public indicators."""

    __tablename__ = "alert_recipient"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    username: Mapped[str | None] = mapped_column(ForeignKey("app_user.username"))
    lang: Mapped[str] = mapped_column(String(2), default="id")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class MeetingError(ValueError):
    """A refused request: `text(lang)` is the sentence the reader sees; nothing was written."""

    def __init__(self, reason: MeetingRefusal, **values: object):
        super().__init__(t_of("refusal", reason, "en", **values))
        self.reason, self.values = reason, values

    def text(self, lang: str) -> str:
        return t_of("refusal", self.reason, lang, **self.values)


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """Today in Kalimantan Timur (WITA, UTC+8): a due date is judged by the province's calendar."""
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Asia/Makassar")).date()


def effective_state(state: str, due_on: date, on: date | None = None) -> FollowupStatus:
    """What a follow-up reads as: its state, or terlambat when open past its due date."""
    if state != FollowupStatus.SELESAI and due_on < (on or today()):
        return FollowupStatus.TERLAMBAT
    return FollowupStatus(state)


def _require(reader: Reader, permission: str, key: MeetingRefusal) -> None:
    if not reader.can(permission):
        audit.event("access_denied", outcome="refused", permission=permission)
        raise MeetingError(key)


def _known(conn, column, values: list[str]) -> list[str]:
    """The values missing from a reference column."""
    found = set(conn.execute(select(column).where(column.in_(values))).scalars()) if values else set()
    return [v for v in values if v not in found]


def _date(value: object, key: MeetingRefusal) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise MeetingError(key) from None


def schedule(
    reader: Reader,
    actor: str | None,
    *,
    title: str,
    held_on: object,
    sectors: list[str],
    agencies: list[str],
    indicators: list[str] = (),
    lang: str = "id",
    url: str | None = None,
) -> int:
    """Schedule a meeting (date, sectors, the agencies expected, the pack's indicators and language); its id."""
    _require(reader, "schedule_meeting", MeetingRefusal.ROLE_SCHEDULE)
    title = (title or "").strip()
    if not title or len(title) > MAX_TITLE:
        raise MeetingError(MeetingRefusal.TITLE, limit=MAX_TITLE)
    held = _date(held_on, MeetingRefusal.DATE)
    if held < today():
        raise MeetingError(MeetingRefusal.DATE_PAST)
    if lang not in LANGS:
        raise MeetingError(MeetingRefusal.LANG)
    sectors, agencies, indicators = list(dict.fromkeys(sectors)), list(dict.fromkeys(agencies)), list(indicators)
    if not sectors:
        raise MeetingError(MeetingRefusal.SECTORS)
    if len(indicators) > MAX_PACK_INDICATORS or len(set(indicators)) != len(indicators):
        raise MeetingError(MeetingRefusal.INDICATOR_COUNT, limit=MAX_PACK_INDICATORS)
    engine = get_engine(url)
    with engine.begin() as conn:
        if _known(conn, Sector.code, sectors):
            raise MeetingError(MeetingRefusal.SECTOR_UNKNOWN)
        if _known(conn, Agency.code, agencies):
            raise MeetingError(MeetingRefusal.AGENCY_UNKNOWN)
        readable = select(Indicator.code).where(Indicator.classification.in_(reader.classes))
        visible = set(conn.execute(readable.where(Indicator.code.in_(indicators))).scalars()) if indicators else set()
        unknown = [i for i in indicators if i not in visible]
        if unknown:
            # Never echo a code: an unknown and a restricted indicator read the same.
            raise MeetingError(MeetingRefusal.INDICATOR_UNKNOWN, n=len(unknown))
        meeting_id = conn.execute(
            insert(Meeting).values(title=title, held_on=held, lang=lang, created_by=actor, created_at=now())
        ).inserted_primary_key[0]
        conn.execute(insert(MeetingSector), [{"meeting_id": meeting_id, "sector": s} for s in sectors])
        if agencies:
            conn.execute(insert(MeetingAgency), [{"meeting_id": meeting_id, "agency": a} for a in agencies])
        if indicators:
            conn.execute(
                insert(MeetingIndicator),
                [{"meeting_id": meeting_id, "indicator": c, "position": i} for i, c in enumerate(indicators)],
            )
    audit.event("meeting_scheduled", actor=actor, meeting=meeting_id, held_on=held.isoformat(), sectors=sectors)
    return meeting_id


def assign(
    reader: Reader,
    actor: str | None,
    *,
    meeting_id: int,
    indicator: str,
    region: str,
    agency: str,
    note: str,
    due_on: object,
    board_status: str | None = None,
    url: str | None = None,
) -> int:
    """Assign an item of a meeting to an agency with a note and a due date; the follow-up's id."""
    _require(reader, "assign_followup", MeetingRefusal.ROLE_ASSIGN)
    note = (note or "").strip()
    if not note or len(note) > MAX_NOTE:
        raise MeetingError(MeetingRefusal.NOTE, limit=MAX_NOTE)
    due = _date(due_on, MeetingRefusal.DUE)
    if due < today():
        raise MeetingError(MeetingRefusal.DUE_PAST)
    with get_engine(url).begin() as conn:
        if conn.execute(select(Meeting.id).where(Meeting.id == meeting_id)).first() is None:
            raise MeetingError(MeetingRefusal.MEETING_UNKNOWN)
        readable = select(Indicator.code).where(
            Indicator.code == indicator, Indicator.classification.in_(reader.classes)
        )
        if conn.execute(readable).first() is None:
            raise MeetingError(MeetingRefusal.INDICATOR_UNKNOWN, n=1)
        top = select(Region.code).where(Region.code == region, Region.level.in_(("provinsi", "kabkota")))
        if conn.execute(top).first() is None:
            raise MeetingError(MeetingRefusal.REGION_UNKNOWN)
        if _known(conn, Agency.code, [agency]):
            raise MeetingError(MeetingRefusal.AGENCY_UNKNOWN)
        stamp = now()
        followup_id = conn.execute(
            insert(Followup).values(
                meeting_id=meeting_id,
                indicator=indicator,
                region=region,
                agency=agency,
                note=note,
                due_on=due,
                state=FollowupStatus.TERBUKA,
                board_status=board_status,
                created_by=actor,
                created_at=stamp,
                updated_at=stamp,
            )
        ).inserted_primary_key[0]
        conn.execute(
            insert(FollowupUpdate).values(
                followup_id=followup_id,
                at=stamp,
                actor=actor,
                role=reader.role,
                state=FollowupStatus.TERBUKA,
                note=note,
            )
        )
    audit.event("followup_assigned", actor=actor, followup=followup_id, meeting=meeting_id, agency=agency)
    return followup_id


def update_followup(
    reader: Reader, actor: str | None, followup_id: int, state: str, note: str = "", *, url=None
) -> None:
    """A new state of a follow-up, with a note: kept with who and when. An agency head updates its own agency's."""
    _require(reader, "update_followup", MeetingRefusal.ROLE_UPDATE)
    if state not in FOLLOWUP_SETTABLE:
        raise MeetingError(MeetingRefusal.STATE)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise MeetingError(MeetingRefusal.NOTE, limit=MAX_NOTE)
    with get_engine(url).begin() as conn:
        row = conn.execute(select(Followup.agency, Followup.state).where(Followup.id == followup_id)).first()
        if row is None:
            raise MeetingError(MeetingRefusal.FOLLOWUP_UNKNOWN)
        if reader.role == Role.PERANGKAT_DAERAH and row.agency != reader.agency:
            audit.event("access_denied", outcome="refused", permission="update_followup", followup=followup_id)
            raise MeetingError(MeetingRefusal.OTHER_AGENCY)
        stamp = now()
        conn.execute(update(Followup).where(Followup.id == followup_id).values(state=state, updated_at=stamp))
        conn.execute(
            insert(FollowupUpdate).values(
                followup_id=followup_id, at=stamp, actor=actor, role=reader.role, state=state, note=note
            )
        )
    audit.event("followup_updated", actor=actor, followup=followup_id, state=state, previous=row.state)


def save_packs(meeting_id: int, lang: str, files: dict[str, bytes], data_version: int, actor=None, *, url=None) -> None:
    """Keep a meeting's made files ({"pdf": ..., "pptx": ...}) for download, replacing the last ones of their format
    and language, all in one transaction (never a new PDF beside an old PPTX)."""
    with get_engine(url).begin() as conn:
        for fmt, content in files.items():
            conn.execute(
                delete(MeetingPack).where(
                    MeetingPack.meeting_id == meeting_id, MeetingPack.format == fmt, MeetingPack.lang == lang
                )
            )
            conn.execute(
                insert(MeetingPack).values(
                    meeting_id=meeting_id,
                    format=fmt,
                    lang=lang,
                    content=content,
                    data_version=data_version,
                    made_at=now(),
                    made_by=actor,
                )
            )
    sizes = {fmt: len(content) for fmt, content in files.items()}
    audit.event("meeting_pack_made", actor=actor, meeting=meeting_id, lang=lang, bytes=sizes)


def subscribe(email: str, username: str | None = None, lang: str = "id", *, url=None, actor: str | None = None) -> None:
    """Add (or re-enable) a recipient of the nightly digest; an address given again is replaced."""
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 254 or any(c.isspace() for c in email):
        raise MeetingError(MeetingRefusal.EMAIL)
    if lang not in LANGS:
        raise MeetingError(MeetingRefusal.LANG)
    with get_engine(url).begin() as conn:
        conn.execute(delete(AlertRecipient).where(AlertRecipient.email == email))
        conn.execute(
            insert(AlertRecipient).values(email=email, username=username, lang=lang, active=True, created_at=now())
        )
    audit.event("alert_subscribed", actor=actor, target=email, username=username, lang=lang)


def set_recipient(reader: Reader, actor: str, *, email: str, username: str, lang: str, url=None) -> str:
    """An admin or walidata makes an active account a recipient of the digest at an address (the digest holds what
    the account's role may read); the address as kept. Refused in one sentence, nothing written, otherwise."""
    _require(reader, "manage_alerts", MeetingRefusal.ROLE_ALERTS)
    with get_engine(url).connect() as conn:
        found = conn.execute(select(User.active).where(User.username == (username or ""))).scalar_one_or_none()
    if not found:
        raise MeetingError(MeetingRefusal.ACCOUNT_UNKNOWN)
    subscribe(email, username, lang, url=url, actor=actor)
    return email.strip().lower()


def stop_recipient(reader: Reader, actor: str, email: str, *, url=None) -> None:
    """An admin or walidata stops the digest to an address (kept, inactive: the audit log says who and when)."""
    _require(reader, "manage_alerts", MeetingRefusal.ROLE_ALERTS)
    r = AlertRecipient
    with get_engine(url).begin() as conn:
        stopped = conn.execute(
            update(r).where(r.email == (email or "").strip().lower(), r.active.is_(True)).values(active=False)
        ).rowcount
    if not stopped:
        raise MeetingError(MeetingRefusal.RECIPIENT_UNKNOWN)
    audit.event("alert_unsubscribed", actor=actor, target=email)


def remember_board(marks: list[dict], data_version: int, *, url=None) -> None:
    """Replace the board statuses the next digest compares with, in one transaction."""
    with get_engine(url).begin() as conn:
        conn.execute(delete(BoardMark))
        if marks:
            conn.execute(insert(BoardMark), [{**m, "data_version": data_version} for m in marks])
