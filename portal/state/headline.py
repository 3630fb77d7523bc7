"""The headline indicators of the province: a KPI card each, and where the regencies stand on each."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from portal import queries
from portal.access import Reader
from portal.kpi import Kpi, headline_kpis
from portal.state.charts import Chart
from portal.state.series import latest_ranking, ranking_chart


@dataclass
class Card:
    """One KPI card: the indicator's figures and its catalogue row."""

    kpi: Kpi
    meta: dict


def headline(catalogue: pd.DataFrame) -> pd.DataFrame:
    """The catalogue's headline indicators, by sector and headline order."""
    return catalogue[catalogue["headline"].notna()].sort_values(["sector", "headline"])


def cards(catalogue: pd.DataFrame, reader: Reader) -> list[Card]:
    """A card per headline indicator of `catalogue` (the reader's), in headline order."""
    rows = headline(catalogue)
    codes = rows["code"].tolist()
    kpis = headline_kpis(rows, queries.headline_observations(classes=reader.classes), queries.targets(codes))
    return [Card(kpis[meta["code"]], meta) for meta in rows.to_dict("records")]


def standing(catalogue: pd.DataFrame, reader: Reader, years: tuple[int, int] | None = None) -> list[Chart]:
    """Each headline indicator's regencies ranked at their latest period: who is behind, sector-wide; within
    `years` (a view's window: its latest period in it, none when it has no regency value in it)."""
    charts = []
    for meta in headline(catalogue).to_dict("records"):
        end = years[1] if years else None
        recent = queries.recent_regional(meta["code"], end, periods=1, classes=reader.classes)
        period, latest, province = latest_ranking(meta, recent)
        if len(latest) and (years is None or int(str(period)[:4]) >= years[0]):
            charts.append(ranking_chart(meta, latest, province, reader.lang))
    return charts
