"""The release schedule (portal/schedule.py) as a pure function of a frequency, a latest period and a date."""

from __future__ import annotations

from datetime import date

import pytest

from portal.schedule import due_date, due_period, release
from portal.vocab import Frequency, ReleaseState


@pytest.mark.parametrize(
    ("freq", "today", "due"),
    [
        (Frequency.TAHUNAN, date(2026, 6, 29), "2024"),  # 2025's figure is due on 30 June 2026
        (Frequency.TAHUNAN, date(2026, 6, 30), "2025"),
        (Frequency.TAHUNAN, date(2026, 12, 3), "2025"),
        (Frequency.SEMESTERAN, date(2026, 12, 3), "2026-S1"),  # 30 June + 92 days: 30 September
        (Frequency.SEMESTERAN, date(2026, 9, 29), "2025-S2"),
        (Frequency.TRIWULANAN, date(2026, 12, 3), "2026-Q3"),  # 30 September + 61 days: 30 November
        (Frequency.TRIWULANAN, date(2026, 11, 29), "2026-Q2"),
        (Frequency.BULANAN, date(2026, 12, 3), "2026-10"),  # 31 October + 31 days: 1 December
        (Frequency.BULANAN, date(2026, 3, 2), "2025-12"),  # January's is due on 3 March
        (Frequency.BULANAN, date(2026, 3, 3), "2026-01"),
    ],
)
def test_sch001_the_period_due_on_a_day(freq, today, due):
    assert due_period(freq, today) == due


def test_sch002_due_dates():
    assert due_date("2025", Frequency.TAHUNAN) == date(2026, 6, 30)
    assert due_date("2024-S2", Frequency.SEMESTERAN) == date(2025, 4, 2)
    assert due_date("2024-02", Frequency.BULANAN) == date(2024, 3, 31)


def test_sch003_on_time_late_and_never():
    today = date(2026, 12, 3)
    on_time = release("tahunan", "2025", today)
    assert on_time.state == ReleaseState.TEPAT and on_time.days_late is None and on_time.due == "2025"
    assert release("tahunan", "2026", today).state == ReleaseState.TEPAT  # ahead of the schedule
    late = release("tahunan", "2023", today)
    # 2024 fell due on 30 June 2025: 521 days before 3 December 2026; 2024 and 2025 are missing.
    assert late.state == ReleaseState.TERLAMBAT and late.days_late == 521 and late.periods_behind == 2
    quarter = release("triwulanan", "2026-Q2", today)
    assert quarter.state == ReleaseState.TERLAMBAT and quarter.days_late == 3 and quarter.periods_behind == 1
    never = release("tahunan", None, today)
    assert never.state == ReleaseState.BELUM_ADA and never.latest is None and never.due == "2025"
    # A latest period written in another frequency's form is no figure of this indicator.
    assert release("tahunan", "2025-S1", today).state == ReleaseState.BELUM_ADA
    assert release("dasawarsa", "2020", today) is None


def test_sch004_a_date_the_walidata_set_replaces_the_rule_for_its_period_only():
    today = date(2026, 12, 3)
    later = {"2025": date(2027, 1, 15)}
    assert due_date("2025", Frequency.TAHUNAN, later) == date(2027, 1, 15)
    assert due_date("2024", Frequency.TAHUNAN, later) == date(2025, 6, 30)  # the rule, for every other period
    assert due_period(Frequency.TAHUNAN, today, later) == "2024"
    # Late by one period under the rule, on time once the walidata moved its date; the deadline says which.
    ruled = release("tahunan", "2024", today)
    assert ruled.state == ReleaseState.TERLAMBAT and ruled.deadline == date(2026, 6, 30) and not ruled.deadline_set
    moved = release("tahunan", "2024", today, later)
    assert moved.state == ReleaseState.TEPAT and moved.days_late is None
    assert (moved.deadline_period, moved.deadline, moved.deadline_set) == ("2025", date(2027, 1, 15), True)
    # An earlier date makes it late from that day.
    early = release("tahunan", "2024", today, {"2025": date(2026, 1, 31)})
    assert early.state == ReleaseState.TERLAMBAT and early.days_late == 306 and early.deadline_set
    # A quarter moved later while the next one fell due: one period missing, late since the next one's date.
    quarters = release("triwulanan", "2026-Q2", today, {"2026-Q3": date(2027, 3, 31)})
    assert quarters.state == ReleaseState.TEPAT and quarters.due == "2026-Q2"
    assert release("triwulanan", "2026-Q1", today, {"2026-Q2": date(2027, 3, 31)}).periods_behind == 1
    on_time = release("tahunan", "2025", today)
    assert (on_time.deadline_period, on_time.deadline, on_time.deadline_set) == ("2026", date(2027, 6, 30), False)
