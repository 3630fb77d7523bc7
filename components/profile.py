"""The regency profile: headline indicators against the province, rank among the ten, what changed most.

Pure functions on frames; no data access.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from dash import html

# The KPI card's change and target lines read the same in a profile row.
from components.kpi_card import _change as change_line
from components.kpi_card import _target as target_line
from components.regional import labelled, sample_badge, versus
from portal import fmt
from portal.i18n import pick, t
from portal.kpi import Kpi, build, direction
from portal.periods import label, start_date


@dataclass
class ProfileRow:
    """One headline indicator for one regency."""

    meta: dict
    kpi: Kpi
    province: float | None
    rank: int | None
    ranked: int
    vs_province: str

    @property
    def relative_change(self) -> float | None:
        if self.kpi.delta is None or not self.kpi.prev_value:
            return None
        return abs(self.kpi.delta) / abs(self.kpi.prev_value)


def profile_rows(obs: pd.DataFrame, catalogue: pd.DataFrame, code: str, targets: pd.DataFrame) -> list[ProfileRow]:
    """Every headline indicator for regency `code`: its KPI, the province at the same period and its rank.

    `obs` has indicator, region, period, value, is_sample, source_url for the province and all regencies
    (headline_regional); `targets` has indicator, year, value, is_sample for the regency.
    """
    rows = []
    headline = catalogue[catalogue["headline"].notna()]
    for meta in headline.to_dict("records"):
        series = obs[obs["indicator"] == meta["code"]]
        own = series[series["region"] == code].copy()
        own["_order"] = [start_date(p) for p in own["period"]]
        own = own.sort_values("_order").drop(columns="_order")
        polarity, decimals = int(meta["polarity"]), int(meta["decimals"])
        kpi = build(meta["code"], polarity, decimals, own, targets[targets["indicator"] == meta["code"]])
        province, rank, ranked, vs = None, None, 0, "none"
        if kpi.period is not None:
            now = series[series["period"] == kpi.period]
            prov = now[now["region"] == "64"]
            province = float(prov["value"].iloc[0]) if len(prov) else None
            regencies = now[now["region"] != "64"].set_index("region")["value"].round(decimals)
            ranks = regencies.rank(method="min", ascending=polarity < 0)
            rank, ranked = int(ranks[code]), len(regencies)
            if province is not None:
                vs = direction(kpi.value - province, polarity, decimals)
        rows.append(ProfileRow(meta, kpi, province, rank, ranked, vs))
    return rows


def biggest_changes(rows: list[ProfileRow], n: int = 5) -> list[ProfileRow]:
    """The headline indicators that moved most since their previous period (relative change), largest first."""
    moved = [r for r in rows if r.relative_change is not None and r.kpi.direction != "same"]
    return sorted(moved, key=lambda r: r.relative_change, reverse=True)[:n]


def changes_list(rows: list[ProfileRow], lang: str) -> html.Div:
    """'What changed most': one line per indicator with the old and new value and whether that is better."""
    top = biggest_changes(rows)
    if not top:
        return html.P(t("prf_no_changes", lang), className="text-muted")
    items = []
    for row in top:
        kpi, unit, decimals = row.kpi, pick(row.meta, "unit", lang), int(row.meta["decimals"])
        items.append(
            html.Li(
                [
                    html.Strong(pick(row.meta, "name", lang)),
                    f": {fmt.value(kpi.prev_value, unit, decimals, lang)} ({label(kpi.prev_period, lang)}) → "
                    f"{fmt.value(kpi.value, unit, decimals, lang)} ({label(kpi.period, lang)}), ",
                    change_line(kpi, row.meta, lang),
                ],
                **{"data-indicator": row.meta["code"]},
            )
        )
    return html.Ul(items, className="mb-0 profile-changes")


def sector_table(rows: list[ProfileRow], sector_name: str, region_name: str, lang: str) -> html.Table:
    """A sector's headline indicators: the regency, the province, its rank, the change, the target."""
    head = [
        t("prf_col_indicator", lang),
        t("prf_col_value", lang),
        t("prf_col_province", lang),
        t("prf_col_rank", lang),
        t("prf_col_change", lang),
        t("prf_col_target", lang),
    ]
    body = []
    for row in rows:
        kpi, meta = row.kpi, row.meta
        unit, decimals = pick(meta, "unit", lang), int(meta["decimals"])
        polarity = {1: t("higher_better", lang), -1: t("lower_better", lang)}.get(int(meta["polarity"]), "")
        name_cell = html.Th(
            [pick(meta, "name", lang), html.Br(), html.Small(polarity, className="text-muted")], scope="row"
        )
        if kpi.value is None:
            body.append(
                html.Tr(
                    [name_cell, html.Td(t("no_data", lang), colSpan=5, className="text-muted fst-italic")],
                    **{"data-indicator": meta["code"]},
                )
            )
            continue
        body.append(
            html.Tr(
                labelled(
                    [
                        name_cell,
                        html.Td(
                            [
                                html.Span(fmt.value(kpi.value, unit, decimals, lang), className="profile-value"),
                                html.Span(f" {label(kpi.period, lang)}", className="text-muted small"),
                                html.Br(),
                                sample_badge(kpi.is_sample, lang),
                            ]
                        ),
                        html.Td(
                            [
                                fmt.value(row.province, unit, decimals, lang),
                                html.Br(),
                                html.Small(versus(kpi.value, row.province, row.vs_province, lang)),
                            ]
                        ),
                        html.Td(t("prf_rank", lang, rank=row.rank, total=row.ranked), className="profile-rank"),
                        html.Td(change_line(kpi, meta, lang), className="small"),
                        html.Td(target_line(kpi, meta, lang), className="small"),
                    ],
                    head,
                ),
                **{"data-indicator": meta["code"], "data-rank": str(row.rank)},
            )
        )
    total = max((r.ranked for r in rows), default=10)
    return html.Table(
        [
            html.Caption(
                t("prf_table_caption", lang, sector=sector_name, region=region_name, total=total),
                className="visually-hidden",
            ),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
            html.Tbody(body),
        ],
        className="table table-sm align-middle profile-table stack-sm mb-2",
    )


def trend_series(obs: pd.DataFrame, indicator: str, code: str, names: dict[str, str]) -> pd.DataFrame:
    """The regency's and the province's series of one indicator, as trend_figure wants them."""
    rows = obs[(obs["indicator"] == indicator) & obs["region"].isin([code, "64"])].copy()
    rows["region_name"] = rows["region"].map(names)
    rows["is_sample"] = rows["is_sample"].astype(bool)
    return rows


def period_span(series: pd.DataFrame, lang: str) -> str:
    """'2015–2025' for the periods of a series."""
    if series.empty:
        return ""
    periods = sorted(series["period"], key=start_date)
    first, last = label(periods[0], lang), label(periods[-1], lang)
    return first if first == last else f"{first}–{last}"


def is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
