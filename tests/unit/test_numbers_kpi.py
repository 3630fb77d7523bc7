"""Parsing agency numbers and judging KPI changes."""

import pandas as pd
import pytest

from etl.numbers import NumberError, parse_number
from portal.kpi import build, direction


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234,5", 1234.5),
        ("12,5", 12.5),
        ("6.11", 6.11),
        ("230270", 230270.0),
        ("1.234.567", 1234567.0),
        ("1,234.5", 1234.5),
        (" 7,95 ", 7.95),
        (3, 3.0),
        ("-", None),
        ("", None),
        (None, None),
    ],
)
def test_num001_parse(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["1.234", "abc", "12,5,3", "1E1", "7e1", "1,23E+11", "７０", "٧٠", "٧٠,٥"])
def test_num002_refuses_to_guess(raw):
    with pytest.raises(NumberError) as err:
        parse_number(raw)
    assert err.value.reason_id and err.value.reason_en


def test_kpi001_direction_follows_polarity():
    assert direction(-0.3, -1, 2) == "better"  # poverty falls: good news
    assert direction(0.3, -1, 2) == "worse"
    assert direction(1.0, 1, 2) == "better"
    assert direction(0.001, 1, 2) == "same"
    assert direction(1.0, 0, 2) == "neutral"
    assert direction(None, 1, 2) == "none"


def test_kpi002_build_latest_previous_and_target():
    obs = pd.DataFrame(
        {
            "period": ["2023", "2024", "2022"],
            "value": [10.0, 9.0, 11.0],
            "is_sample": [True, False, True],
            "source_url": [None, "https://x", None],
        }
    )
    targets = pd.DataFrame({"year": [2024, 2025], "value": [9.5, 8.0], "is_sample": [False, False]})
    kpi = build("k", -1, 1, obs, targets)
    assert (kpi.period, kpi.value, kpi.prev_period, kpi.prev_value) == ("2024", 9.0, "2023", 10.0)
    assert kpi.direction == "better" and not kpi.is_sample and kpi.source_url == "https://x"
    assert (kpi.target_year, kpi.target_value, kpi.target_met) == (2024, 9.5, True)
    assert kpi.periods == ["2022", "2023", "2024"]
