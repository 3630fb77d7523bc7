"""Single callback inputs checked strictly (portal/params.py): what the interface can send passes, anything else raises InvalidInput."""

import pytest

from portal import params as check
from portal.params import InvalidInput


def test_par101_codes_and_periods():
    assert check.code("ipm") == "ipm" and check.code("64.02") == "64.02"
    assert check.code(None) is None and check.code("") is None
    assert check.codes(["6472", "6471"]) == ["6472", "6471"] and check.codes("6472") == ["6472"]
    assert check.codes(None) == []
    for period in ("2024", "2024-S1", "2024-Q4", "2024-12"):
        assert check.period(period) == period
    assert check.click_data({"points": [{"location": "6472"}]})


@pytest.mark.parametrize(
    "call",
    [
        lambda: check.code("6472' OR 1=1 --"),
        lambda: check.code(["ipm"]),
        lambda: check.code(6472),
        lambda: check.code("x" * 61),
        lambda: check.code("ipm", allowed={"tpt"}),
        lambda: check.code(None, allow_none=False),
        lambda: check.codes(["6472"] * 51),
        lambda: check.codes([["6472"]]),
        lambda: check.codes({"a": 1}),
        lambda: check.period("2024-Q5"),
        lambda: check.period("2024-13"),
        lambda: check.period(2024),
        lambda: check.integer(True),
        lambda: check.integer(10**20, high=3000),
        lambda: check.text("x" * 3000),
        lambda: check.click_data({"points": "x"}),
        lambda: check.click_data([1]),
    ],
)
def test_par102_what_the_interface_cannot_send_is_refused(call):
    with pytest.raises(InvalidInput):
        call()
