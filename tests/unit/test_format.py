"""Numbers and periods as readers write them."""

import pytest

from portal import fmt
from portal.periods import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    frequency_of,
    label,
    placeable,
    start_date,
    written_as,
    year_of,
)


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "expected"),
    [
        (1234.5, 1, "id", "1.234,5"),
        (1234.5, 1, "en", "1,234.5"),
        (230270, 0, "id", "230.270"),
        (6.1, 2, "id", "6,10"),
        (-0.25, 2, "id", "-0,25"),
    ],
)
def test_fmt001_number(value, decimals, lang, expected):
    assert fmt.number(value, decimals, lang) == expected


def test_fmt002_value_with_units():
    assert fmt.value(12.5, "persen", 1) == "12,5%"
    assert fmt.value(1.234, "Rp triliun", 1) == "Rp 1,2 T"
    assert fmt.value(1.234, "Rp triliun", 1, "en") == "Rp 1.2 T"
    assert fmt.value(230270, "jiwa", 0) == "230.270 jiwa"
    assert fmt.value(76.88, "indeks", 2) == "76,88"
    assert fmt.value(None, "persen", 1) == "–"
    assert fmt.value(float("nan"), "persen", 1) == "–"


def test_fmt003_change_in_points_for_rates():
    assert fmt.change(-0.25, 2, "persen") == "−0,25 poin"
    assert fmt.change(0.5, 1, "percent", "en") == "+0.5 pts"
    assert fmt.change(1.29, 2, "Rp triliun") == "+Rp 1,29 T"


@pytest.mark.parametrize(
    ("period", "freq"),
    [
        ("2024", "tahunan"),
        ("2024-S2", "semesteran"),
        ("2023-Q4", "triwulanan"),
        ("2024-03", "bulanan"),
        ("2024-13", None),
        ("2024-S3", None),
        ("24", None),
        ("2024-Q1..Q3", None),
    ],
)
def test_per001_frequency(period, freq):
    assert frequency_of(period) == freq


def test_per002_labels_and_dates():
    assert label("2024-S1") == "Sem I 2024" and label("2024-S2", "en") == "H2 2024"
    assert label("2023-Q3") == "Tw3 2023" and label("2024-05") == "Mei 2024"
    assert start_date("2024-S2").month == 7 and start_date("2023-Q4").month == 10


# What an older version could have stored: years out of any span, digits other than 0-9, stray text.
UNPLACEABLE = [
    "0000",
    "9999",
    "1899",
    "２０３４",
    "٢٠٣٥",
    "٢٠٢٤-S1",
    "abc",
    "",
    "2024-13",
    "2024\n",
    None,
    2024,
    float("nan"),
]


@pytest.mark.parametrize("period", UNPLACEABLE)
def test_per003_a_value_that_is_not_a_period_never_raises(period):
    assert frequency_of(period) is None and start_date(period) is None and year_of(period) is None
    assert not placeable(period)
    assert label(period) == (period if isinstance(period, str) else "–")
    assert label(period, "en") == label(period)


def test_per004_the_plausible_span_and_ascii_digits():
    assert (EARLIEST_YEAR, LATEST_YEAR) == (1900, 2100)
    assert frequency_of("1900") == "tahunan" and frequency_of("2100-12") == "bulanan"
    assert frequency_of("1899") is None and frequency_of("2101-S1") is None
    assert written_as("0000") == "tahunan" and written_as("２０２４") is None
    assert year_of("2024-Q3") == 2024 and start_date("2100-12").isoformat() == "2100-12-01"
