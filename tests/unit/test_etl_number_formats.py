"""Text numbers as portals publish them: either convention, or the one a source declares; never guessed."""

import pytest

from etl.numbers import EITHER, NumberError, parse_number
from etl.validate import validate
from tests.unit.test_etl_validate import REF, frame


@pytest.mark.parametrize(
    ("raw", "decimal", "expected"),
    [
        ("8002269316.91", EITHER, 8002269316.91),
        ("1.234.567,8", EITHER, 1234567.8),
        ("1,234,567", EITHER, 1234567.0),
        ("1,234.5", EITHER, 1234.5),
        ("12,5", EITHER, 12.5),
        (99.7, EITHER, 99.7),
        ("1.234", ",", 1234.0),
        ("1,234", ",", 1.234),
        ("1.234", ".", 1.234),
        ("1,234", ".", 1234.0),
        ("1,234.5", ".", 1234.5),
        ("1.234", None, None),  # the template's rule: still refused
        ("1,234", None, 1.234),  # the template's rule: Indonesian first
    ],
)
def test_num003_portal_number_formats(raw, decimal, expected):
    if expected is None:
        with pytest.raises(NumberError, match="ambiguous"):
            parse_number(raw, decimal)
    else:
        assert parse_number(raw, decimal) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("raw", "decimal", "reason"),
    [
        (
            "1.234",
            EITHER,
            "number '1.234' is ambiguous (thousands or decimals?): declare this source's options.decimal",
        ),
        ("1,234", EITHER, "number '1,234' is ambiguous"),
        ("12.5", ",", "value '12.5' is not written in this source's number format (decimal comma"),
        ("12,5", ".", "value '12,5' is not written in this source's number format (decimal point"),
        ("1.234,5", ".", "decimal point"),
    ],
)
def test_num004_never_guessed(raw, decimal, reason):
    with pytest.raises(NumberError) as err:
        parse_number(raw, decimal)
    assert reason in err.value.reason_en and err.value.reason_id


def test_num005_a_delivery_in_its_source_format_and_a_connectors_own_reasons():
    rows = frame(
        {"value": "80.5"},
        {"value": "1.234", "indicator": "jumlah_pengangguran", "period": "2024-S1"},
        {"value": 79.25, "period": "2023"},
        {"value": "81", "period": "2022"},
    )
    valid, rejected, _, _ = validate(rows, REF, decimal=EITHER)
    assert valid["value"].tolist() == [80.5, 79.25, 81.0]
    assert rejected["reason_en"].str.startswith("number '1.234' is ambiguous").tolist() == [True]
    valid, rejected, _, _ = validate(rows, REF, decimal=",")
    assert valid["value"].tolist() == [1234.0, 79.25, 81.0]
    assert rejected["reason_en"].str.contains("not written in this source's number format").tolist() == [True]
    # A reason the connector gave (an unmapped label) comes before every other check.
    rows["reject"] = [None, None, ("label 'X' tidak dipetakan", "label 'X' is not mapped"), None]
    valid, rejected, _, _ = validate(rows, REF, decimal=".")
    assert rejected[["row_number", "reason", "reason_en"]].values.tolist() == [
        [4, "label 'X' tidak dipetakan", "label 'X' is not mapped"]
    ]
    assert valid["value"].tolist() == [80.5, 1.234, 81.0]
