"""One indicator under the reader's window (regencies and years): trend and ranking charts, what-changed
sentences, and exactly the rows they show. Shared by the indicator page and the sector page.

The same view feeds the screen, the PNG/ZIP export and the CSV/XLSX download, so a download holds exactly
what is shown. The window reaches the queries: only the chosen regions and years are read, and the ranking
reads the regencies' last two periods of the window.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from portal import fmt, params, queries
from portal.access import Reader
from portal.i18n import pick, t
from portal.kpi import direction
from portal.narrative import what_changed
from portal.periods import label
from portal.state.charts import Chart, ChartContext

PROVINCE = "64"
# NOTE: the catalogue has no aggregation field; these units are counts or amounts that add up over regencies.
TOTAL_UNITS = {"rp triliun", "juta usd", "jiwa", "ribu jiwa", "orang", "proyek", "layanan", "transaksi"}


@dataclass(frozen=True)
class Window:
    """What the reader chose: the indicator, regencies (BPS codes, in their order) and a year range."""

    indicator: str
    regions: tuple[str, ...]
    start: int
    end: int

    def address(self, with_indicator: bool = True) -> str:
        """The query string that reopens this view, e.g. ?indikator=..&wilayah=6472,6471&dari=2019&sampai=2024."""
        return params.address(
            {
                "indikator": self.indicator if with_indicator else None,
                "wilayah": self.regions,
                "dari": self.start,
                "sampai": self.end,
            }
        )


@dataclass
class SeriesView:
    """What the charts, sentences and downloads of one indicator's window show."""

    meta: dict
    window: Window
    lang: str
    charts: list[Chart]
    sentences: list[str]
    rows: pd.DataFrame  # exactly the values the charts show
    ranking_period: str | None


def is_total(meta: dict) -> bool:
    """Whether the indicator is an amount the province sums from its regencies (not a rate or an index)."""
    return str(meta["unit_id"]).lower() in TOTAL_UNITS


def versus_province(value: float | None, province: float | None, meta: dict) -> str:
    """How a regency's value stands against the province's: better, worse or same for a rate or an index; "share"
    for a total (the province's is the sum of its regencies', so a regency is never better or worse than it: its
    share says how much of it the regency holds); "none" without both values."""
    if value is None or province is None or math.isnan(value) or math.isnan(province):
        return "none"
    if is_total(meta):
        return "share"
    return direction(value - province, int(meta["polarity"]), int(meta["decimals"]))


def slug(code: str) -> str:
    """An indicator code as it reads in a file name: kemiskinan_p0 -> kemiskinan-p0."""
    return code.replace("_", "-")


def file_stem(meta: dict, window: Window) -> str:
    """The name a download of this view gets, e.g. kemiskinan-p0_6472-6471_2019-2024."""
    regions = "-".join(window.regions) or PROVINCE
    return f"{slug(meta['code'])}_{regions}_{window.start}-{window.end}"


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
    period = label(latest["period"].iloc[0], lang)
    return t("view_ranking_summary" if polarity else "view_ranking_summary_neutral", lang, period=period, items=items)


def years(coverage: pd.DataFrame) -> list[int]:
    """Every year from the first to the last with data (the choices of the year filters)."""
    if coverage.empty:
        return []
    return list(range(int(coverage["first"].min()[:4]), int(coverage["last"].max()[:4]) + 1))


def latest_ranking(meta: dict, recent: pd.DataFrame) -> tuple[str | None, pd.DataFrame, float | None]:
    """The regencies' latest period, their rows at it, and the province's value then as their yardstick.

    A total (investment, people) of the province is the sum of its regencies: no regency can match it, so it is
    no yardstick for them (None); rates and indices are.
    """
    regencies = recent[recent["region"] != PROVINCE]
    period = regencies["period"].max() if len(regencies) else None
    at_period = recent.loc[(recent["region"] == PROVINCE) & (recent["period"] == period), "value"]
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
    summary = ranking_summary(latest, meta, province_latest, lang)
    return Chart("peringkat", "ranking", ctx, summary, meta, latest, province=province_latest, highlight=names)


def break_markers(breaks: pd.DataFrame | None, code: str, periods: pd.Series, lang: str) -> tuple[tuple[str, str], ...]:
    """The series breaks of indicator `code` a trend of `periods` crosses (values on both sides), as (period, label):
    where the chart marks the new method."""
    if breaks is None or breaks.empty or periods.empty:
        return ()
    own = breaks[breaks["indicator"] == code]
    first, last = periods.min(), periods.max()
    return tuple((b["period"], pick(b, "label", lang)) for b in own.to_dict("records") if first < b["period"] <= last)


def build(
    meta: dict,
    trend: pd.DataFrame,
    recent: pd.DataFrame,
    targets: pd.DataFrame,
    window: Window,
    lang: str,
    breaks: pd.DataFrame | None = None,
) -> SeriesView:
    """The view of one indicator: `trend` holds the window's rows of the province and the chosen regencies,
    `recent` the province and regencies at the regencies' last two periods of the window (recent_regional),
    `breaks` the series breaks of the catalogue (series_breaks): the trend marks those it crosses."""
    if trend.empty and recent.empty:
        return SeriesView(meta, window, lang, [], [t("nar_no_data", lang)], trend, None)
    province = trend[trend["region"] == PROVINCE]
    ranking_period, latest, province_latest = latest_ranking(meta, recent)
    # Only the targets of the years the reader chose are drawn (the sentences still name the next one).
    window_targets = targets[targets["year"].between(window.start, window.end)] if len(targets) else targets
    name, unit = pick(meta, "name", lang), pick(meta, "unit", lang)
    period = f"{window.start}–{window.end}"
    charts = []
    if len(trend):
        shown = [PROVINCE, *window.regions]
        present = set(trend["region"])
        names = [trend.loc[trend["region"] == r, "region_name"].iloc[0] for r in shown if r in present]
        ctx = ChartContext(
            title=name,
            regions=names,
            period=period,
            unit=unit,
            sources=sources(trend, meta, lang),
            is_sample=bool(trend["is_sample"].astype(bool).any()),
            lang=lang,
            filename=file_stem(meta, window),
        )
        summary = trend_summary(trend, meta, period, lang)
        marks = break_markers(breaks, meta["code"], trend["period"], lang)
        province_name = names[0] if PROVINCE in present else ""
        charts.append(
            Chart(
                "tren",
                "trend",
                ctx,
                summary,
                meta,
                trend,
                targets=window_targets,
                breaks=marks,
                target_of=province_name,
            )
        )
    if len(latest):
        charts.append(ranking_chart(meta, latest, province_latest, lang, window.regions))
    regency_recent = recent[recent["region"] != PROVINCE]
    sentences = what_changed(meta, province, regency_recent, latest, province_latest, targets, lang)
    shown_rows = pd.concat(
        [trend, latest, recent[(recent["region"] == PROVINCE) & (recent["period"] == ranking_period)]]
    )
    rows = shown_rows.drop_duplicates(subset=["region", "period"]).sort_values(["region", "period"])
    return SeriesView(meta, window, lang, charts, sentences, rows.reset_index(drop=True), ranking_period)


@dataclass
class Series:
    """An indicator page's or a sector page's data: the indicator, its years, the window and its view."""

    meta: dict
    coverage: pd.DataFrame
    regencies: pd.DataFrame  # code, name: the regency choices
    years: list[int]
    window: Window
    view: SeriesView
    notice: str | None


def read(
    code: str,
    given: Mapping[str, object],
    reader: Reader,
    *,
    indicators: list[str] | None = None,
    strict: bool = False,
) -> Series | None:
    """The series of indicator `code` under the window `given` (an address's query, or the controls' values with
    `strict`); with `indicators` (a sector page) the indicator itself is a parameter, `code` its default.
    None when the indicator is unknown or not visible to the reader."""
    known = ("wilayah", "dari", "sampai", *(("indikator",) if indicators is not None else ()))
    reading = params.Reading(given, known, strict=strict)
    if indicators is not None:
        code = reading.indicator("indikator", indicators, default=code)
    meta = queries.indicator(code, reader.classes)
    if meta is None:
        return None
    regions = queries.regions()
    regencies = regions[regions["level"] == "kabkota"]
    chosen = reading.regions("wilayah", params.region_lookup(regions.to_dict("records")))
    coverage = queries.coverage(code, reader.classes)
    span = years(coverage)
    start, end = reading.years("dari", "sampai", (span[0], span[-1]) if span else (0, 0))
    window = Window(code, tuple(chosen), start, end)
    trend = queries.observations(code, [PROVINCE, *chosen], start, end, reader.classes)
    recent = queries.recent_regional(code, end, classes=reader.classes)
    breaks = queries.series_breaks(reader.classes)
    view = build(meta, trend, recent, queries.targets([code]), window, reader.lang, breaks)
    return Series(meta, coverage, regencies, span, window, view, window_notice(reading, window, reader.lang))


def window_notice(reading: params.Reading, window: Window, lang: str) -> str | None:
    """What the page did with what it was given: a year range chosen end first (in the reader's words, the
    controls now show it the right way round), and the address's values it could not use."""
    notes = [t("flt_years_swapped", lang, start=window.start, end=window.end)] if reading.swapped else []
    dropped = reading.notice(lang)
    return " ".join([*notes, *([dropped] if dropped else [])]) or None
