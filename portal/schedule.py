"""Jadwal rilis: when an indicator's figure for a period is due, and how late its producer is with it.

A period is due RELEASE_LAG_DAYS after it ends (by the catalogue's frequency: a year's figure by the end of June of
the next year, a semester's three months after it, a quarter's two months, a month's one). An indicator is on time
when its latest real (non-sample) published period is the latest period due, or later; late when it is earlier (by
the days since the first missing period fell due, and by how many periods); and has none when no real figure was
ever published. The walidata may set the due date of one period of an indicator (portal/duedates.py, table
release_due): that date replaces the computed one for that period. RELEASE_LAG_DAYS are the portal's assumptions,
not a regulation's. Pure functions of periods and dates: no database, no clock of their own.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from portal.periods import frequency_of
from portal.vocab import Frequency, ReleaseState

RELEASE_LAG_DAYS = {
    Frequency.TAHUNAN: 181,  # 31 Dec + 181 days: 30 June of the next year
    Frequency.SEMESTERAN: 92,
    Frequency.TRIWULANAN: 61,
    Frequency.BULANAN: 31,
}
STEPS = {Frequency.TAHUNAN: 1, Frequency.SEMESTERAN: 2, Frequency.TRIWULANAN: 4, Frequency.BULANAN: 12}


def _index(period: str, freq: Frequency) -> int:
    """The period as a count of periods since year 0 (so that the next period is index + 1)."""
    year = int(period[:4])
    if freq == Frequency.TAHUNAN:
        return year
    part = int(period[-1]) if freq in (Frequency.SEMESTERAN, Frequency.TRIWULANAN) else int(period[5:7])
    return year * STEPS[freq] + part - 1


def _period(index: int, freq: Frequency) -> str:
    if freq == Frequency.TAHUNAN:
        return str(index)
    year, part = divmod(index, STEPS[freq])
    if freq == Frequency.SEMESTERAN:
        return f"{year}-S{part + 1}"
    if freq == Frequency.TRIWULANAN:
        return f"{year}-Q{part + 1}"
    return f"{year}-{part + 1:02d}"


def end_date(index: int, freq: Frequency) -> date:
    """The last day of the period at `index`."""
    year, part = divmod(index, STEPS[freq]) if freq != Frequency.TAHUNAN else (index, 0)
    last_month = (part + 1) * (12 // STEPS[freq])
    return date(year, last_month, calendar.monthrange(year, last_month)[1])


def period_end(period: str, freq: Frequency) -> date:
    """The last day of `period`."""
    return end_date(_index(period, freq), freq)


def computed_due(period: str, freq: Frequency) -> date:
    """The rule's date for `period`: RELEASE_LAG_DAYS after the period ends."""
    return period_end(period, freq) + timedelta(days=RELEASE_LAG_DAYS[freq])


def due_date(period: str, freq: Frequency, set_dates: Mapping[str, date] | None = None) -> date:
    """When the figure of `period` is due: the date the walidata set for it (`set_dates`: period -> date), else
    RELEASE_LAG_DAYS after the period ends."""
    found = set_dates.get(period) if set_dates else None
    return found if found is not None else computed_due(period, freq)


def due_period(freq: Frequency, today: date, set_dates: Mapping[str, date] | None = None) -> str:
    """The latest period whose figure is due on `today`. A set date falls after its period ends, at most
    MAX_SET_DAYS later (portal/duedates.py), so the search from the year's last period down is bounded."""
    index = today.year * STEPS[freq] + STEPS[freq] - 1  # the year's last period (a year: the year itself)
    while due_date(_period(index, freq), freq, set_dates) > today:
        index -= 1
    return _period(index, freq)


def next_period(period: str, freq: Frequency) -> str:
    return _period(_index(period, freq) + 1, freq)


def in_frequency(period: object, freq: Frequency) -> bool:
    """Whether `period` is a period of an indicator of `freq` (its standard form, in the plausible span)."""
    return frequency_of(period) == freq


@dataclass(frozen=True)
class Release:
    """Where an indicator stands against its schedule."""

    state: ReleaseState
    due: str  # the latest period due
    latest: str | None  # the latest real period published
    days_late: int | None  # since the first missing period fell due (None: on time, or never published)
    periods_behind: int  # how many due periods are missing after the latest published one
    deadline_period: str  # the period the deadline is of: the first missing one, else the next to come
    deadline: date  # its due date
    deadline_set: bool  # whether the walidata set that date (else the rule computed it)


def release(
    frequency: object, latest: object, today: date, set_dates: Mapping[str, date] | None = None
) -> Release | None:
    """An indicator of `frequency` whose latest real published period is `latest` (None: none), on `today`, with
    the due dates the walidata set for some of its periods (`set_dates`: period -> date). None for a frequency the
    schedule does not know."""
    if frequency not in RELEASE_LAG_DAYS:
        return None
    freq = Frequency(frequency)
    set_dates = set_dates or {}
    due = due_period(freq, today, set_dates)

    def deadline(period: str) -> dict:
        return {
            "deadline_period": period,
            "deadline": due_date(period, freq, set_dates),
            "deadline_set": period in set_dates,
        }

    if frequency_of(latest) != freq:
        return Release(ReleaseState.BELUM_ADA, due, None, None, 0, **deadline(due))
    after = range(_index(latest, freq) + 1, _index(due, freq) + 1)
    missing = [p for p in (_period(i, freq) for i in after) if due_date(p, freq, set_dates) <= today]
    if not missing:
        return Release(ReleaseState.TEPAT, due, latest, None, 0, **deadline(next_period(latest, freq)))
    first = min(missing, key=lambda p: due_date(p, freq, set_dates))
    days = (today - due_date(first, freq, set_dates)).days
    return Release(ReleaseState.TERLAMBAT, due, latest, days, len(missing), **deadline(first))
