"""/wilayah/<kode> — a regency profile: every sector's headline indicators against the province (its rank among
the regencies, the change, the target), what changed most, each indicator's trend, and below the regency its
kecamatan, or one kecamatan's desa/kelurahan, ranked and listed for one indicator.

The profile reads the full history of the regency and the province only, and the other regencies at the
periods that rank it (the regency's latest of each indicator); the section below reads the areas under the one
chosen (`indikator` and `kecamatan` in the address, read by portal/params.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from portal import fmt, params, queries
from portal.access import Reader
from portal.i18n import pick, t
from portal.kpi import Kpi, build
from portal.periods import label, start_date
from portal.state.charts import Chart, ChartContext
from portal.state.series import ranking_summary, slug, sources, versus_province

PARAMS = ("indikator", "kecamatan")
PROVINCE = "64"


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


def latest_periods(history: pd.DataFrame, code: str) -> dict[str, str]:
    """Each indicator's latest period with a value of regency `code`: the periods its ranks are read at."""
    own = history[history["region"] == code].sort_values("period")
    return own.groupby("indicator")["period"].last().to_dict()


def profile_rows(
    history: pd.DataFrame, at: pd.DataFrame, catalogue: pd.DataFrame, code: str, targets: pd.DataFrame
) -> list[ProfileRow]:
    """Every headline indicator for regency `code`: its KPI, the province at the same period and its rank.

    `history` has indicator, region, period, value, is_sample, source_url for the regency (headline_regional);
    `at` the same for the province and every regency at the regency's latest periods (regional_at); `targets`
    has indicator, year, value, is_sample for the regency.
    """
    rows = []
    for meta in catalogue[catalogue["headline"].notna()].to_dict("records"):
        polarity, decimals = int(meta["polarity"]), int(meta["decimals"])
        own = history[(history["indicator"] == meta["code"]) & (history["region"] == code)]
        kpi = build(meta["code"], polarity, decimals, own, targets[targets["indicator"] == meta["code"]])
        province, rank, ranked, vs = None, None, 0, "none"
        if kpi.period is not None:
            now = at[(at["indicator"] == meta["code"]) & (at["period"] == kpi.period)]
            prov = now[now["region"] == PROVINCE]
            province = float(prov["value"].iloc[0]) if len(prov) else None
            regencies = now[now["region"] != PROVINCE].set_index("region")["value"].round(decimals)
            ranks = regencies.rank(method="min", ascending=polarity < 0)
            rank, ranked = int(ranks[code]), len(regencies)
            vs = versus_province(kpi.value, province, meta)
        rows.append(ProfileRow(meta, kpi, province, rank, ranked, vs))
    return rows


def biggest_changes(rows: list[ProfileRow], n: int = 5) -> list[ProfileRow]:
    """The headline indicators that moved most since their previous period (relative change), largest first."""
    moved = [r for r in rows if r.relative_change is not None and r.kpi.direction != "same"]
    return sorted(moved, key=lambda r: r.relative_change, reverse=True)[:n]


def off_track(rows: list[ProfileRow]) -> list[ProfileRow]:
    """The headline indicators whose latest value misses their target, in catalogue order: what a profile leads
    with beside what changed most."""
    return [r for r in rows if r.kpi.value is not None and r.kpi.target_met is False]


def trend_series(history: pd.DataFrame, indicator: str, code: str, names: Mapping[str, str]) -> pd.DataFrame:
    """The regency's and the province's series of one indicator, as a trend chart draws them."""
    rows = history[(history["indicator"] == indicator) & history["region"].isin([code, PROVINCE])].copy()
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


def trend_chart(row: ProfileRow, history: pd.DataFrame, region: dict, targets: pd.DataFrame, lang: str) -> Chart:
    """One indicator of the regency against the province over time, with the regency's targets."""
    meta = row.meta
    names = {region["code"]: region["name_full"], PROVINCE: t("reg_province_row", lang)}
    series = trend_series(history, meta["code"], region["code"], names)
    span, name = period_span(series, lang), pick(meta, "name", lang)
    ctx = ChartContext(
        title=name,
        regions=[region["name_full"], names[PROVINCE]],
        period=span,
        unit=pick(meta, "unit", lang),
        sources=sources(series, meta, lang),
        is_sample=bool(series["is_sample"].any()),
        lang=lang,
        filename=f"{meta['code']}_{region['code']}-{PROVINCE}_{span.replace('–', '-').replace(' ', '')}",
    )
    # The regency's own targets, only for the years its chart spans.
    years = series["period"].str[:4].astype(int) if len(series) else pd.Series(dtype=int)
    own = targets[(targets["indicator"] == meta["code"])]
    own = own[own["year"].between(years.min(), years.max())] if len(years) else own.iloc[0:0]
    summary = t("prf_trend_alt", lang, name=name, region=region["name_full"], span=span)
    return Chart(
        f"profil-{meta['code']}",
        "trend",
        ctx,
        summary,
        meta,
        series,
        targets=own if len(own) else None,
        target_of=region["name_full"],
    )


# --- below the regency: kecamatan and desa ------------------------------------------------------------------


@dataclass
class Subregional:
    """The kecamatan/desa section: the choice (checked against what the database holds) and what it shows."""

    regency: dict
    kecamatan: list[tuple[str, str]]  # (code, full name) of the regency's kecamatan
    indicators: list[tuple[str, str]]  # (code, name): the reader's indicators with values under the regency
    indicator: str  # "" when there is none
    area: str  # a kecamatan's code (its desa are shown), or "" for every kecamatan of the regency
    notice: str | None
    message: str | None = None  # instead of a ranking: why there is none
    chart: Chart | None = None  # the areas with a value, ranked
    missing: str | None = None  # the sentence naming the areas without a value then
    table: list[dict] | None = None  # every area, with or without a value
    unit: str = ""

    def address(self) -> str:
        """The query string that reopens this choice (none while there is nothing to choose)."""
        return params.address({"indikator": self.indicator, "kecamatan": self.area}) if self.indicator else ""


def _areas(values: pd.DataFrame, meta: dict, parent: dict, lang: str) -> dict:
    """The ranking, the areas without a value and the table of one indicator's values under `parent`."""
    area, level = parent["name_full"], "desa" if parent["level"] == "kecamatan" else "kecamatan"
    name, unit, decimals = pick(meta, "name", lang), pick(meta, "unit", lang), int(meta["decimals"])
    shown = values[values["value"].notna()]
    if shown.empty:
        return {"message": t("sub_no_values", lang, area=area, name=name)}
    period, level_word = (
        shown["period"].iloc[0],
        t("sub_level_desa" if level == "desa" else "sub_level_kecamatan", lang),
    )
    ctx = ChartContext(
        title=t("sub_ranking_title", lang, level=level_word.capitalize(), name=name),
        regions=[t("sub_n_areas", lang, n=len(shown), level=level_word, area=area)],
        period=label(period, lang),
        unit=unit,
        sources=sources(shown, meta, lang),
        is_sample=bool(shown["is_sample"].astype(bool).any()),
        lang=lang,
        filename=f"{slug(meta['code'])}_{level}_{slug(parent['code'])}_{period}",
    )
    chart = Chart("sub", "ranking", ctx, ranking_summary(shown, meta, None, lang), meta, shown)
    missing = values.loc[values["value"].isna(), "region_name"].tolist()
    table = [
        {
            "area": r["region_name"],
            "code": r["kemendagri_code"],
            "period": label(r["period"], lang) if pd.notna(r["value"]) else "",
            "value": None if pd.isna(r["value"]) else float(r["value"]),
            "value_text": t("sub_no_data", lang)
            if pd.isna(r["value"])
            else fmt.value(float(r["value"]), unit, decimals, lang),
            "sample": t("sample_badge", lang) if pd.notna(r["value"]) and bool(r["is_sample"]) else "",
        }
        for r in values.to_dict("records")
    ]
    gaps = t("sub_missing", lang, period=label(period, lang), names=", ".join(missing)) if missing else None
    return {"chart": chart, "missing": gaps, "table": table, "unit": unit}


def subregional(region: dict, given: Mapping[str, object], reader: Reader, strict: bool = False) -> Subregional:
    """The section under `region` for an address (leniently) or the section's controls (`strict`)."""
    reading = params.Reading(given, PARAMS, strict=strict)
    found = queries.subregions(region["code"])
    names = dict(zip(found["code"], found["name_full"], strict=True))
    area = reading.choice("kecamatan", list(names), default="")  # a code; the mapping gives its name
    parent = {"code": area, "name_full": names[area], "level": "kecamatan"} if area else region
    # The choices: indicators with values anywhere under the regency, whichever area is shown.
    codes = queries.subregional_indicators(region["code"], reader.classes) if names else []
    indicator = reading.indicator("indikator", codes, default=next(iter(codes), ""))
    catalogue = queries.catalogue(reader.classes).set_index("code", drop=False)
    choices = [(c, pick(catalogue.loc[c].to_dict(), "name", reader.lang)) for c in codes if c in catalogue.index]
    below = Subregional(region, list(names.items()), choices, indicator, area, reading.notice(reader.lang))
    meta = queries.indicator(indicator, reader.classes) if indicator else None
    if meta is None:
        return replace(below, message=t("sub_none_here", reader.lang, area=parent["name_full"]))
    values = queries.subregional_values(indicator, parent["code"], reader.classes)
    return replace(below, **_areas(values, meta, parent, reader.lang))


# --- the page ---------------------------------------------------------------------------------------------


@dataclass
class Section:
    """One priority sector's headline indicators: the table and a trend chart per indicator with a value."""

    sector: dict
    name: str
    rows: list[ProfileRow]
    charts: list[Chart]


@dataclass
class ProfilePage:
    region: dict
    updated: str  # when data were last loaded, in the reader's language
    changes: list[ProfileRow]  # what changed most
    off_track: list[ProfileRow]  # the indicators that miss their target
    sections: list[Section]
    sample: bool  # whether any value shown is sample data
    below: Subregional


def find(code: object) -> dict | None:
    """The regency with this BPS or Kemendagri code (64.02 and 6403 are the same), or None."""
    regencies = queries.regions(("kabkota",))
    bps = params.region_lookup(regencies.to_dict("records")).get(str(code or "").strip())
    return regencies.set_index("code", drop=False).loc[bps].to_dict() if bps else None


def page(code: str, query: Mapping[str, object], reader: Reader) -> ProfilePage | None:
    """The profile of regency `code` (BPS or Kemendagri), None when there is no such regency."""
    region = find(code)
    if region is None:
        return None
    lang, classes = reader.lang, reader.classes
    catalogue = queries.catalogue(classes)
    history = queries.headline_regional(classes, (PROVINCE, region["code"]))
    targets = queries.targets(catalogue.loc[catalogue["headline"].notna(), "code"].tolist(), region["code"])
    ranks = queries.regional_at(tuple(sorted(latest_periods(history, region["code"]).items())), classes)
    rows = profile_rows(history, ranks, catalogue, region["code"], targets)
    sections = []
    for sector in queries.sectors().to_dict("records"):
        mine = [r for r in rows if r.meta["sector"] == sector["code"]]
        if mine:
            charts = [trend_chart(r, history, region, targets, lang) for r in mine if r.kpi.value is not None]
            sections.append(Section(sector, pick(sector, "name", lang), mine, charts))
    loaded = queries.last_load()
    return ProfilePage(
        region=region,
        updated=fmt.moment(loaded, lang) if loaded else t("never_loaded", lang),
        changes=biggest_changes(rows),
        off_track=off_track(rows),
        sections=sections,
        sample=any(r.kpi.is_sample for r in rows if r.kpi.value is not None),
        below=subregional(region, query, reader),
    )


def section(code: object, given: Mapping[str, object], reader: Reader) -> Subregional:
    """The kecamatan/desa section for its controls' values (read strictly) under regency `code`."""
    region = find(params.code(code, allow_none=False))
    if region is None:
        raise params.InvalidInput("not a regency")
    return subregional(region, given, reader, strict=True)
