"""Periods as the data standard writes them: YYYY, YYYY-S1, YYYY-Q1, YYYY-MM."""

from __future__ import annotations

import re
from datetime import date

from portal.vocab import Frequency

PATTERNS = {
    Frequency.TAHUNAN: re.compile(r"^(\d{4})$"),
    Frequency.SEMESTERAN: re.compile(r"^(\d{4})-S([12])$"),
    Frequency.TRIWULANAN: re.compile(r"^(\d{4})-Q([1-4])$"),
    Frequency.BULANAN: re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
}
MONTHS_ID = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def frequency_of(period: str) -> Frequency | None:
    """The frequency a period string is written in, or None when it is not a valid period."""
    for freq, pattern in PATTERNS.items():
        if pattern.match(period):
            return freq
    return None


def year_of(period: str) -> int:
    return int(period[:4])


def start_date(period: str) -> date:
    """First day of the period: used to place periods on a time axis."""
    year, freq = year_of(period), frequency_of(period)
    if freq == Frequency.SEMESTERAN:
        return date(year, 1 if period.endswith("1") else 7, 1)
    if freq == Frequency.TRIWULANAN:
        return date(year, 3 * int(period[-1]) - 2, 1)
    if freq == Frequency.BULANAN:
        return date(year, int(period[5:7]), 1)
    return date(year, 1, 1)


def label(period: str, lang: str = "id") -> str:
    """A period as people say it: 'Sem I 2024', 'Q3 2023', 'Mar 2024', '2024'."""
    freq = frequency_of(period)
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
