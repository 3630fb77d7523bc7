"""Jadwal rilis: when an indicator's figure for a period is due, and how late its producer is with it.

A period is due RELEASE_LAG_DAYS after it ends (by the catalogue's frequency: a year's figure by the end of June of
the next year, a semester's three months after it, a quarter's two months, a month's one). An indicator is on time
when its latest real (non-sample) published period is the latest period due, or later; late when it is earlier (by
the days since the first missing period fell due, and by how many periods); and has none when no real figure was
ever published. Pure functions of periods and a date: no database, no clock of their own.
"""

from __future__ import annotations

import calendar
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


def due_date(period: str, freq: Frequency) -> date:
    """When the figure of `period` is due: RELEASE_LAG_DAYS after the period ends."""
    return end_date(_index(period, freq), freq) + timedelta(days=RELEASE_LAG_DAYS[freq])


def due_period(freq: Frequency, today: date) -> str:
    """The latest period whose figure is due on `today`."""
    index = today.year * STEPS[freq] + STEPS[freq] - 1  # the year's last period (a year: the year itself)
    while end_date(index, freq) + timedelta(days=RELEASE_LAG_DAYS[freq]) > today:
        index -= 1
    return _period(index, freq)


@dataclass(frozen=True)
class Release:
    """Where an indicator stands against its schedule."""

    state: ReleaseState
    due: str  # the latest period due
    latest: str | None  # the latest real period published
    days_late: int | None  # since the first missing period fell due (None: on time, or never published)
    periods_behind: int  # how many due periods are missing after the latest published one


def release(frequency: object, latest: object, today: date) -> Release | None:
    """An indicator of `frequency` whose latest real published period is `latest` (None: none), on `today`. None
    for a frequency the schedule does not know."""
    if frequency not in RELEASE_LAG_DAYS:
        return None
    freq = Frequency(frequency)
    due = due_period(freq, today)
    if frequency_of(latest) != freq:
        return Release(ReleaseState.BELUM_ADA, due, None, None, 0)
    behind = _index(due, freq) - _index(latest, freq)
    if behind <= 0:
        return Release(ReleaseState.TEPAT, due, latest, None, 0)
    missing = _period(_index(latest, freq) + 1, freq)
    return Release(ReleaseState.TERLAMBAT, due, latest, (today - due_date(missing, freq)).days, behind)
