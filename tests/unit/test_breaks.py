"""Series breaks (portal.breaks): which side of a method change each value is on, so no line joins two methods."""

import pandas as pd

from portal.breaks import method_spans, segments

IPM = pd.DataFrame(
    [("ipm", "2020", "uhh-lama", "uhh-sp2020lf")], columns=["indicator", "period", "method_before", "method_after"]
)


def rows(*items) -> pd.DataFrame:
    return pd.DataFrame(items, columns=["indicator", "period", "method"])


def test_brk001_the_ipm_break_keeps_both_methods_of_2020_and_2021_apart():
    frame = rows(
        ("ipm", "2019", ""),
        ("ipm", "2020", "uhh-lama"),  # BPS's old-method 2020 (76.24) ...
        ("ipm", "2020", ""),  # ... and the recomputed one (75.94): the new method's, by its period
        ("ipm", "2021", "uhh-lama"),
        ("ipm", "2021", "uhh-sp2020lf"),
        ("ipm", "2025", ""),
    )
    assert segments(frame, IPM).tolist() == [0, 0, 1, 0, 1, 1]


def test_brk002_without_a_method_column_or_a_break_the_period_decides_or_there_is_one_segment():
    frame = pd.DataFrame({"indicator": ["ipm", "ipm", "tpt"], "period": ["2019", "2020", "2030-S1"]})
    assert segments(frame, IPM).tolist() == [0, 1, 0]
    assert segments(frame, IPM.iloc[0:0]).tolist() == [0, 0, 0]
    assert segments(frame.iloc[0:0], IPM).tolist() == []


def test_brk003_two_breaks_in_one_series_make_three_segments():
    breaks = pd.DataFrame(
        [("x", "2010", "a", "b"), ("x", "2020", "b", "c")],
        columns=["indicator", "period", "method_before", "method_after"],
    )
    frame = rows(("x", "2005", ""), ("x", "2012", ""), ("x", "2021", "b"), ("x", "2021", ""), ("x", "2012", "a"))
    assert segments(frame, breaks).tolist() == [0, 1, 1, 2, 0]
    assert method_spans(breaks) == {
        ("x", "a"): (None, "2010"),
        ("x", "b"): ("2010", "2020"),
        ("x", "c"): ("2020", None),
    }
