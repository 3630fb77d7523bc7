"""Queries of the exception board: the recent history of every series (indicator x province and regencies) and
their targets, read in two small selects whatever the size of the fact table."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import select

from portal.db import get_engine
from portal.models import BoardWindow, Indicator, Region, Target
from portal.periods import EARLIEST_YEAR, LATEST_YEAR, frequency_of
from portal.queries.core import PUBLIC, Classes, frame, placed, readable
from portal.vocab import Frequency

__all__ = ["BOARD_WINDOW", "board_history", "board_targets"]

# How many periods of each indicator the board reads back from its latest one: enough for the change, the run of
# worsening periods and a robust spread of the changes, and a bounded read at any size of the fact table.
BOARD_WINDOW = 10
PER_YEAR = {Frequency.TAHUNAN: 1, Frequency.SEMESTERAN: 2, Frequency.TRIWULANAN: 4, Frequency.BULANAN: 12}


def periods_back(period: str, steps: int) -> str | None:
    """The period `steps` before `period` at its own frequency (2024-S1, 3 -> 2022-S2); None for a non-period."""
    freq = frequency_of(period)
    if freq is None:
        return None
    per_year = PER_YEAR[freq]
    sub = 0 if per_year == 1 else int(period[-2:] if freq == Frequency.BULANAN else period[-1]) - 1
    index = int(period[:4]) * per_year + sub - steps
    year, sub = divmod(index, per_year)
    if freq == Frequency.TAHUNAN:
        return f"{year:04d}"
    if freq == Frequency.SEMESTERAN:
        return f"{year:04d}-S{sub + 1}"
    if freq == Frequency.TRIWULANAN:
        return f"{year:04d}-Q{sub + 1}"
    return f"{year:04d}-{sub + 1:02d}"


def board_history(classes: Classes = PUBLIC) -> pd.DataFrame:
    """The last BOARD_WINDOW periods of every indicator the reader may see, for the province and the regencies.

    Columns: indicator, region, period, value, is_sample. Read from board_window, which the ETL refreshes with
    indicator_summary in each load's transaction (etl/load.py): a row per series whatever the size of the fact
    table, its values split here in one go (a row per value costs more to turn into Python objects than to read).
    """
    b = BoardWindow
    stmt = (
        select(b.indicator, b.region, b.periods, b.figures, b.samples)
        .join(Indicator, Indicator.code == b.indicator)
        .where(Indicator.classification.in_(readable(classes)))
    )
    with get_engine().connect() as conn:
        rows = conn.execute(stmt).all()
    lengths = [len(r[4]) for r in rows]  # one sample flag per value
    samples = "".join(r[4] for r in rows).encode()
    history = pd.DataFrame(
        {
            "indicator": np.repeat(np.array([r[0] for r in rows], dtype=object), lengths),
            "region": np.repeat(np.array([r[1] for r in rows], dtype=object), lengths),
            "period": ",".join(r[2] for r in rows).split(",") if rows else [],
            "value": np.fromstring(",".join(r[3] for r in rows), dtype=float, sep=",") if rows else [],
            "is_sample": np.frombuffer(samples, dtype=np.uint8) == ord("1"),
        }
    )
    return placed(history)


def board_targets(classes: Classes = PUBLIC) -> pd.DataFrame:
    """The targets of the indicators the reader may see, for the province and the regencies, by year.

    Columns: indicator, region, year, value, document, is_sample.
    """
    t = Target
    return frame(
        select(t.indicator, t.region, t.year, t.value, t.document, t.is_sample)
        .join(Indicator, Indicator.code == t.indicator)
        .join(Region, Region.code == t.region)
        .where(
            Indicator.classification.in_(readable(classes)),
            Region.level.in_(("provinsi", "kabkota")),
            t.year.between(EARLIEST_YEAR, LATEST_YEAR),
        )
        .order_by(t.indicator, t.region, t.year)
    )
