"""Queries of the exception board: the recent history of every series (indicator x province and regencies) and
their targets, read in two small selects whatever the size of the fact table."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import String, and_, column, select, values

from portal.models import Indicator, IndicatorSummary, Observation, Region, Source, Target
from portal.periods import EARLIEST_YEAR, LATEST_YEAR, frequency_of
from portal.queries.core import PUBLIC, Classes, frame, placed, readable, shown
from portal.queries.regional import TOP_REGIONS
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

    Columns: indicator, region, period, value, is_sample. Each indicator is a key range per region in the
    (indicator, region, period) index, from the period BOARD_WINDOW - 1 steps before its latest one.
    """
    s = IndicatorSummary
    anchors = frame(
        select(s.indicator, s.latest_period)
        .join(Indicator, Indicator.code == s.indicator)
        .where(Indicator.classification.in_(readable(classes)))
    )
    o = Observation
    starts: dict[str, str] = {}
    for code, latest in anchors.itertuples(index=False, name=None):
        start = periods_back(latest, BOARD_WINDOW - 1)
        if start is not None:
            starts[code] = start
    if not starts:
        return pd.DataFrame(columns=["indicator", "region", "period", "value", "is_sample"])
    # The windows as a VALUES table joined to the fact table: for each (indicator, start) the planner seeks the
    # province's and regencies' ranges in the key (an IN list of many indicators would let SQLite prefer a scan).
    window = values(column("code", String), column("start", String)).data(list(starts.items())).cte("board_window")
    stmt = (
        select(o.indicator, o.region, o.period, o.value, Source.is_sample)
        .select_from(window)
        .join(o, and_(o.indicator == window.c.code, o.period >= window.c.start))
        .join(Source, Source.name == o.source)
        .where(o.region.in_(TOP_REGIONS), shown(o))
    )
    return placed(frame(stmt))


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
