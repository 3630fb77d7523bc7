"""Series breaks: which side of a method change each value of a series is on. Pure functions on frames.

A break (data/reference/series_breaks.csv, table series_break) says that from `period` on an indicator's figures
are computed with `method_after`, and before it with `method_before`. A value that names its method is on that
method's side, whatever its period (BPS recomputed IPM 2020 and 2021 with the new method, and the old figures for
those years stay the old method's); a value that names none is placed by its period. Segment 0 is before the first
break, 1 after it, and so on: a chart draws one line per region and segment, never one line across a break.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np
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
    out = np.zeros(len(frame), dtype="int64")
    if frame.empty or breaks.empty:
        return pd.Series(out, index=frame.index)
    # Plain arrays and a loop over the few rows of indicators with a break: this runs inside the headline and
    # regional queries, where per-indicator pandas masks cost more than the query itself.
    codes = frame["indicator"].to_numpy(dtype=object)
    periods = frame["period"].to_numpy(dtype=object)
    methods = frame["method"].to_numpy(dtype=object) if "method" in frame.columns else None
    rules: dict[str, tuple[list[str], dict[str, int]]] = {}
    columns = (breaks[c].tolist() for c in ("indicator", "period", "method_before", "method_after"))
    for code, period, before, after in sorted(zip(*columns, strict=True), key=lambda b: (b[0], b[1])):
        starts, side = rules.setdefault(code, ([], {}))
        side.setdefault(before, len(starts))
        starts.append(period)
        side[after] = len(starts)
    for code, (starts, side) in rules.items():
        for row in np.flatnonzero(codes == code):
            method, period = (methods[row] if methods is not None else None), periods[row]
            named = side.get(method) if isinstance(method, str) else None
            # Placed by its period: how many breaks start at or before it (a missing period is before them all).
            out[row] = named if named is not None else bisect_right(starts, period) if isinstance(period, str) else 0
    return pd.Series(out, index=frame.index)
