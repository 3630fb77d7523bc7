"""Periods as the data standard writes them: YYYY, YYYY-S1, YYYY-Q1, YYYY-MM.

Written with the ASCII digits 0-9 only, and placed in time only inside the plausible span
EARLIEST_YEAR-LATEST_YEAR: "0000", "9999", "２０３４" (fullwidth) or "٢٠٣٥" (Arabic-Indic) are not periods.
The ETL refuses them (etl/validate.py); a value an older version stored anyway is never fatal here: every
function below answers for any value (None, a number, a stray text), and `placeable` tells the pages which
rows they can show.
"""

from __future__ import annotations

import re
from datetime import date

from portal.vocab import Frequency

# The span a period may name. No series the portal holds starts before 1900; 2100 leaves room for the
# long-term plans' targets (RPJPD 2045) and nothing more.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
# [0-9], not \d: \d also matches "２" and "٢", which int() would read as 2.
PATTERNS = {
    Frequency.TAHUNAN: re.compile(r"([0-9]{4})"),
    Frequency.SEMESTERAN: re.compile(r"([0-9]{4})-S([12])"),
    Frequency.TRIWULANAN: re.compile(r"([0-9]{4})-Q([1-4])"),
    Frequency.BULANAN: re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])"),
}
MONTHS_ID = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def written_as(period: object) -> Frequency | None:
    """The frequency a period is written in, by its form alone (any four ASCII digits as the year)."""
    if not isinstance(period, str):
        return None
    for freq, pattern in PATTERNS.items():
        if pattern.fullmatch(period):
            return freq
    return None


def in_span(year: int) -> bool:
    return EARLIEST_YEAR <= year <= LATEST_YEAR


def frequency_of(period: object) -> Frequency | None:
    """The frequency of a valid period (standard form, year in the plausible span), else None."""
    freq = written_as(period)
    return freq if freq is not None and in_span(int(period[:4])) else None


def placeable(period: object) -> bool:
    """True when the period can be placed in time (a valid period); pages leave out rows that cannot."""
    return frequency_of(period) is not None


def year_of(period: object) -> int | None:
    """The year of a valid period; None for anything else."""
    return int(period[:4]) if placeable(period) else None


def start_date(period: object) -> date | None:
    """First day of the period, used to place periods on a time axis; None for a value that is not a period."""
    freq = frequency_of(period)
    if freq is None:
        return None
    year = int(period[:4])
    if freq == Frequency.SEMESTERAN:
        return date(year, 1 if period.endswith("1") else 7, 1)
    if freq == Frequency.TRIWULANAN:
        return date(year, 3 * int(period[-1]) - 2, 1)
    if freq == Frequency.BULANAN:
        return date(year, int(period[5:7]), 1)
    return date(year, 1, 1)


def label(period: object, lang: str = "id") -> str:
    """A period as people say it: 'Sem I 2024', 'Q3 2023', 'Mar 2024', '2024' (anything else as it is)."""
    freq = frequency_of(period)
    if freq is None:
        return period if isinstance(period, str) else "–"
    year = period[:4]
    if freq == Frequency.SEMESTERAN:
        half = int(period[-1])
        return f"Sem {'I' * half} {year}" if lang == "id" else f"H{half} {year}"
    if freq == Frequency.TRIWULANAN:
        return f"{'Tw' if lang == 'id' else 'Q'}{period[-1]} {year}"
    if freq == Frequency.BULANAN:
        months = MONTHS_ID if lang == "id" else MONTHS_EN
        return f"{months[int(period[5:7]) - 1]} {year}"
    return period
