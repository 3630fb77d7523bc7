"""Due dates the walidata set: for one period of one indicator, a date that replaces the one the release schedule
computes from the frequency (portal/schedule.py, RELEASE_LAG_DAYS). An empty date takes the set one away (the rule
applies again).

`set_due` checks the reader's permission and its input before it writes, and writes in one transaction, so a
refused request writes nothing; every outcome, a refusal too, is in the audit trail. A refusal is a DueError whose
`code` names its sentence (text family due_err).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from portal import audit
from portal.access import Reader
from portal.models import Indicator, ReleaseDue
from portal.schedule import RELEASE_LAG_DAYS, in_frequency, period_end
from portal.vocab import DueRefusal, Frequency

# A set date falls after its period ends and at most this long after (the schedule's search for the latest
# period due relies on the bound).
MAX_SET_DAYS = 731


class DueError(ValueError):
    """A refused request; nothing was written. `code` names the sentence the reader sees."""

    def __init__(self, code: DueRefusal):
        super().__init__(str(code))
        self.code = code


@dataclass(frozen=True)
class DueSet:
    indicator: str
    period: str
    due_on: date | None  # None: the set date was taken away (the rule applies)


def parse_date(text: object) -> date | None:
    """A date written as the form's date field sends it (YYYY-MM-DD); None for an empty field."""
    text = str(text or "").strip()
    if not text:
        return None
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise DueError(DueRefusal.DATE) from None


def _refused(code: DueRefusal, **fields: object) -> DueError:
    audit.event("release_due_refused", outcome="refused", code=str(code), **fields)
    return DueError(code)


def set_due(
    engine: Engine, reader: Reader, user: str, agency: str, indicator: str, period: str, due_text: object
) -> DueSet:
    """Set (or, with an empty date, take away) the due date of `period` of `indicator`, an indicator `agency`
    produces, as `user`. Raises DueError, having written nothing, for a reader who may not set due dates, an
    indicator not of the agency, a period not of the indicator's frequency, a date that is no date or falls before
    the period ends or more than MAX_SET_DAYS after it."""
    fields = {"agency": agency, "indicator": str(indicator)[:60], "period": str(period)[:20]}
    if not reader.can("set_due"):
        raise _refused(DueRefusal.NOT_ALLOWED, **fields)
    with engine.begin() as conn:
        freq = conn.execute(
            select(Indicator.frequency).where(
                Indicator.code == indicator,
                Indicator.agency == agency,
                Indicator.classification.in_(reader.classes),
            )
        ).scalar()
        if freq not in RELEASE_LAG_DAYS:
            raise _refused(DueRefusal.INDICATOR, **fields)
        freq = Frequency(freq)
        if not in_frequency(period, freq):
            raise _refused(DueRefusal.PERIOD, **fields)
        try:
            due_on = parse_date(due_text)
        except DueError as err:
            raise _refused(err.code, **fields) from None
        ends = period_end(period, freq)
        if due_on is not None and not ends < due_on <= ends + timedelta(days=MAX_SET_DAYS):
            raise _refused(DueRefusal.DATE_RANGE, due_on=due_on.isoformat(), **fields)
        key = (ReleaseDue.indicator == indicator) & (ReleaseDue.period == period)
        before = conn.execute(select(ReleaseDue.due_on).where(key)).scalar()
        if due_on is None:
            conn.execute(delete(ReleaseDue).where(key))
        else:
            values = {"due_on": due_on, "set_by": user, "set_at": datetime.now(UTC).replace(tzinfo=None)}
            if before is None:
                conn.execute(insert(ReleaseDue).values(indicator=indicator, period=period, **values))
            else:
                conn.execute(update(ReleaseDue).where(key).values(**values))
    audit.event(
        "release_due_set" if due_on is not None else "release_due_cleared",
        due_on=due_on.isoformat() if due_on else None,
        previous=before.isoformat() if before else None,
        **fields,
    )
    return DueSet(indicator, period, due_on)
