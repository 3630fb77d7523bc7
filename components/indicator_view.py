"""One indicator under the reader's filters: trend and ranking charts, what-changed sentences, the rows shown.

Pure: the page reads the data through portal.queries and hands the frames in; the same view feeds the screen,
the PNG/ZIP export and the CSV/XLSX download, so a download holds exactly what is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import html

from components.chart_card import chart_card
from components.charts import ChartContext, ranking_figure, trend_figure
from portal import fmt
from portal.i18n import pick, t
from portal.narrative import what_changed
from portal.periods import label
from portal.urlfilters import Filters

PROVINCE = "64"


@dataclass
class Chart:
    key: str  # stable id on the page: "tren" or "peringkat"
    figure: go.Figure
    ctx: ChartContext
    summary: str


@dataclass
class IndicatorView:
    meta: dict
    filters: Filters
    lang: str
    charts: list[Chart]
    sentences: list[str]
    rows: pd.DataFrame  # exactly the values the charts show
    ranking_period: str | None


# NOTE: the catalogue has no aggregation field; these units are counts or amounts that add up over regencies.
TOTAL_UNITS = {"rp triliun", "juta usd", "jiwa", "ribu jiwa", "orang", "proyek", "layanan", "transaksi"}


def is_total(meta: dict) -> bool:
    """Whether the indicator is an amount the province sums from its regencies (not a rate or an index)."""
    return str(meta["unit_id"]).lower() in TOTAL_UNITS


def slug(code: str) -> str:
    """An indicator code as it reads in a file name: kemiskinan_p0 -> kemiskinan-p0."""
    return code.replace("_", "-")


def file_stem(meta: dict, filters: Filters) -> str:
    """The name a download of this view gets, e.g. kemiskinan-p0_6472-6471_2019-2024."""
    regions = "-".join(filters.regions) or PROVINCE
    return f"{slug(meta['code'])}_{regions}_{filters.start}-{filters.end}"


def sources(rows: pd.DataFrame, meta: dict, lang: str) -> list[str]:
    """The source line of the values shown: the producer's publication for real values, and the sample note."""
    out = []
    if (~rows["is_sample"].astype(bool)).any():
        out.append(f"{meta['producer_agency']} ({meta['source_note']})")
    if rows["is_sample"].astype(bool).any():
        out.append(t("view_sample_source", lang))
    return out


def _value(v: float, meta: dict, lang: str) -> str:
    return fmt.value(v, pick(meta, "unit", lang), int(meta["decimals"]), lang)


def trend_summary(rows: pd.DataFrame, meta: dict, period: str, lang: str) -> str:
    """The trend chart in words: each region's first and last value in the window."""
    parts = []
    for _, series in rows.sort_values("period").groupby("region", sort=False):
        first, last = series.iloc[0], series.iloc[-1]
        parts.append(
            f"{first['region_name']}: {_value(first['value'], meta, lang)} ({label(first['period'], lang)}) → "
            f"{_value(last['value'], meta, lang)} ({label(last['period'], lang)})"
        )
    return t("view_trend_summary", lang, name=pick(meta, "name", lang), period=period) + "; ".join(parts) + "."


def ranking_summary(latest: pd.DataFrame, meta: dict, province_value: float | None, lang: str) -> str:
    """The ranking chart in words: every regency in rank order, then the province."""
    polarity = int(meta["polarity"])
    ranked = latest.sort_values("value", ascending=polarity < 0)
    items = "; ".join(
        f"{i}. {r['region_name']} {_value(r['value'], meta, lang)}"
        for i, r in enumerate(ranked.to_dict("records"), start=1)
    )
    if province_value is not None:
        items += f"; {t('chart_province', lang)} {_value(province_value, meta, lang)}"
    return t(
        "view_ranking_summary" if polarity else "view_ranking_summary_neutral",
        lang,
        period=label(latest["period"].iloc[0], lang),
        items=items,
    )


def years(obs: pd.DataFrame) -> list[int]:
    """Every year from the first to the last with data (the choices of the year filters)."""
    if obs.empty:
        return []
    found = obs["period"].str[:4].astype(int)
    return list(range(found.min(), found.max() + 1))


def latest_ranking(meta: dict, obs: pd.DataFrame) -> tuple[str | None, pd.DataFrame, float | None]:
    """The regencies' latest period, their rows at it, and the province's value then as their yardstick.

    A total (investment, people) of the province is the sum of its regencies: no regency can match it, so it is
    no yardstick for them (None); rates and indices are.
    """
    regencies = obs[obs["region"] != PROVINCE]
    period = regencies["period"].max() if len(regencies) else None
    at_period = obs.loc[(obs["region"] == PROVINCE) & (obs["period"] == period), "value"]
    province = float(at_period.iloc[0]) if len(at_period) and not is_total(meta) else None
    return period, regencies[regencies["period"] == period], province


def ranking_chart(
    meta: dict, latest: pd.DataFrame, province_latest: float | None, lang: str, highlight: tuple[str, ...] = ()
) -> Chart:
    """The regencies ranked at their latest period (`latest`, from latest_ranking); `highlight` codes in bold."""
    period = latest["period"].iloc[0]
    ctx = ChartContext(
        title=t("view_ranking_title", lang, name=pick(meta, "name", lang)),
        regions=[t("view_all_regencies" if province_latest is not None else "view_regencies", lang, n=len(latest))],
        period=label(period, lang),
        unit=pick(meta, "unit", lang),
        sources=sources(latest, meta, lang),
        is_sample=bool(latest["is_sample"].astype(bool).any()),
        lang=lang,
        filename=f"{slug(meta['code'])}_{t('view_ranking_file', lang)}_{period}",
    )
    names = tuple(latest.loc[latest["region"].isin(highlight), "region_name"])
    figure = ranking_figure(latest, meta, ctx, province_latest, names)
    return Chart("peringkat", figure, ctx, ranking_summary(latest, meta, province_latest, lang))


def build(meta: dict, obs: pd.DataFrame, targets: pd.DataFrame, filters: Filters, lang: str) -> IndicatorView:
    """The view of one indicator under `filters`; `obs` may hold more years than the filter's, they are cut here."""
    if obs.empty:
        return IndicatorView(meta, filters, lang, [], [t("nar_no_data", lang)], obs, None)
    obs = obs[obs["period"].str[:4].astype(int).between(filters.start, filters.end)]
    shown = [PROVINCE, *filters.regions]
    trend_rows = obs[obs["region"].isin(shown)]
    regencies = obs[obs["region"] != PROVINCE]
    province = obs[obs["region"] == PROVINCE]
    ranking_period, latest, province_latest = latest_ranking(meta, obs)
    # Targets inside the window, and the first one after it: where the province is heading next.
    if len(targets):
        after = targets.loc[targets["year"] > filters.end, "year"].min()
        window_targets = targets[targets["year"].between(filters.start, filters.end) | (targets["year"] == after)]
    else:
        window_targets = targets
    name, unit = pick(meta, "name", lang), pick(meta, "unit", lang)
    period = f"{filters.start}–{filters.end}"
    charts = []
    if len(trend_rows):
        names = [
            trend_rows.loc[trend_rows["region"] == r, "region_name"].iloc[0]
            for r in shown
            if r in set(trend_rows["region"])
        ]
        ctx = ChartContext(
            title=name,
            regions=names,
            period=period,
            unit=unit,
            sources=sources(trend_rows, meta, lang),
            is_sample=bool(trend_rows["is_sample"].astype(bool).any()),
            lang=lang,
            filename=file_stem(meta, filters),
        )
        figure = trend_figure(trend_rows, meta, ctx, window_targets)
        charts.append(Chart("tren", figure, ctx, trend_summary(trend_rows, meta, period, lang)))
    if len(latest):
        charts.append(ranking_chart(meta, latest, province_latest, lang, filters.regions))
    sentences = what_changed(
        meta,
        province,
        regencies,
        latest,
        province_latest,
        targets,
        lang,
    )
    shown_rows = pd.concat([trend_rows, latest, province[province["period"] == ranking_period]])
    rows = shown_rows.drop_duplicates(subset=["region", "period"]).sort_values(["region", "period"])
    return IndicatorView(meta, filters, lang, charts, sentences, rows.reset_index(drop=True), ranking_period)


def render(view: IndicatorView, page: str) -> list:
    """The what-changed paragraph and a chart card per chart; `page` prefixes the chart ids."""
    lang = view.lang
    if not view.charts:
        return [dbc.Alert(t("view_no_data", lang), color="info", className="view-empty")]
    cards = [
        dbc.Col(
            chart_card(f"{page}-{c.key}", c.figure, c.ctx, c.summary, height=520),
            xs=12,
            xl=6,
        )
        for c in view.charts
    ]
    return [
        html.Section(
            [
                html.H2(t("view_what_changed", lang), className="h5"),
                html.P(" ".join(view.sentences), className="mb-0", id=f"{page}-narrative"),
            ],
            className="what-changed card card-body mb-3",
            **{"aria-live": "polite"},
        ),
        dbc.Row(cards, className="g-3"),
    ]
