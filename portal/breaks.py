"""Series breaks: which side of a method change each value of a series is on. Pure functions on frames.

A break (data/reference/series_breaks.csv, table series_break) says that from `period` on an indicator's figures
are computed with `method_after`, and before it with `method_before`. A value that names its method is on that
method's side, whatever its period (BPS recomputed IPM 2020 and 2021 with the new method, and the old figures for
those years stay the old method's); a value that names none is placed by its period. Segment 0 is before the first
break, 1 after it, and so on: a chart draws one line per region and segment, never one line across a break.
"""

from __future__ import annotations

import pandas as pd

BREAK_COLUMNS = ["indicator", "period", "method_before", "method_after"]


def method_spans(breaks: pd.DataFrame) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """Per (indicator, method): the first period the method covers and the first it no longer does (None: open)."""
    spans: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    for code, group in breaks.sort_values("period").groupby("indicator"):
        for row in group.itertuples():
            start = spans.get((code, row.method_before), (None, None))[0]
            spans[(code, row.method_before)] = (start, row.period)
            spans[(code, row.method_after)] = (row.period, None)
    return spans


def segments(frame: pd.DataFrame, breaks: pd.DataFrame) -> pd.Series:
    """The side of its indicator's breaks each row of `frame` is on (0 before the first break, 1 after it, ...).

    `frame` has indicator and period, and may have method (empty or missing: placed by the period). Rows of an
    indicator without breaks are all segment 0.
    """
    out = pd.Series(0, index=frame.index, dtype="int64")
    if frame.empty or breaks.empty:
        return out
    methods = frame["method"].fillna("") if "method" in frame.columns else pd.Series("", index=frame.index)
    for code, group in breaks.sort_values("period").groupby("indicator"):
        rows = frame["indicator"] == code
        if not rows.any():
            continue
        periods = frame.loc[rows, "period"]
        by_period = sum((periods >= p).astype("int64") for p in group["period"])
        side: dict[str, int] = {}
        for i, row in enumerate(group.itertuples()):
            side.setdefault(row.method_before, i)
            side[row.method_after] = i + 1
        named = methods[rows].map(side)
        out[rows] = named.fillna(by_period).astype("int64")
    return out
