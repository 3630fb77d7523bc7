"""Headline KPIs from tidy frames: latest value, change, direction, target progress. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Kpi:
    code: str
    period: str | None = None
    value: float | None = None
    prev_period: str | None = None
    prev_value: float | None = None
    direction: str = "none"  # better, worse, same, neutral, none
    is_sample: bool = True
    source_url: str | None = None
    target_year: int | None = None
    target_value: float | None = None
    target_met: bool | None = None
    target_sample: bool = True
    periods: list[str] = field(default_factory=list)
    values: list[float] = field(default_factory=list)

    @property
    def delta(self) -> float | None:
        if self.value is None or self.prev_value is None:
            return None
        return self.value - self.prev_value


def direction(delta: float | None, polarity: int, decimals: int) -> str:
    """Whether a change is good news, judged by the indicator's polarity."""
    if delta is None:
        return "none"
    if round(delta, decimals) == 0:
        return "same"
    if polarity == 0:
        return "neutral"
    return "better" if delta * polarity > 0 else "worse"


def build(code: str, polarity: int, decimals: int, obs: pd.DataFrame, targets: pd.DataFrame) -> Kpi:
    """The KPI for one indicator from its observations (period order) and its yearly targets.

    When `obs` has a `segment` column (a series break, portal.breaks), the sparkline and the change stay on the
    latest value's side of the break: two methods are never compared.
    """
    series = obs.sort_values("period")
    if "segment" in series.columns and len(series):
        series = series[series["segment"] == series["segment"].iloc[-1]]
    kpi = Kpi(code, periods=series["period"].tolist(), values=series["value"].tolist())
    if series.empty:
        return kpi
    last = series.iloc[-1]
    kpi.period, kpi.value = last["period"], float(last["value"])
    kpi.is_sample, kpi.source_url = bool(last["is_sample"]), last["source_url"]
    if len(series) > 1:
        prev = series.iloc[-2]
        kpi.prev_period, kpi.prev_value = prev["period"], float(prev["value"])
    kpi.direction = direction(kpi.delta, polarity, decimals)
    if not targets.empty:
        year = int(kpi.period[:4])
        same_year = targets[targets["year"] == year]
        chosen = same_year if len(same_year) else targets[targets["year"] > year].head(1)
        if len(chosen):
            target = chosen.iloc[0]
            kpi.target_year, kpi.target_value = int(target["year"]), float(target["value"])
            kpi.target_sample = bool(target["is_sample"])
            if polarity and target["year"] == year:
                kpi.target_met = (kpi.value - kpi.target_value) * polarity >= 0
    return kpi


def headline_kpis(catalogue: pd.DataFrame, obs: pd.DataFrame, targets: pd.DataFrame) -> dict[str, Kpi]:
    """A Kpi for every headline indicator of the catalogue, keyed by code."""
    kpis = {}
    for meta in catalogue[catalogue["headline"].notna()].to_dict("records"):
        kpis[meta["code"]] = build(
            meta["code"],
            int(meta["polarity"]),
            int(meta["decimals"]),
            obs[obs["indicator"] == meta["code"]],
            targets[targets["indicator"] == meta["code"]],
        )
    return kpis
