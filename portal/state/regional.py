"""/wilayah — which regencies lag: one indicator in one period on a map of the ten regencies (a choropleth on the
boundary file, or a tile grid), ranked and tabulated, the regency the reader selected, and a scorecard of two to
four regencies across the headline indicators.

The address (`indikator`, `periode`, `wilayah`, `banding`) is read by portal/params.py. The map reads its
indicator once: the periods on offer, the one it opens on (where most regencies have a value) and the values
drawn all come from that read, and each choice of period is a slice of the same cached result.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from portal import fmt, params, queries
from portal.access import Reader
from portal.i18n import pick, t
from portal.kpi import direction
from portal.periods import label, start_date
from portal.state.charts import Chart, ChartContext
from portal.state.series import is_total, sources, versus_province

PARAMS = ("indikator", "periode", "wilayah", "banding")
PROVINCE = "64"
MAX_COMPARE = 4  # regencies side by side in the scorecard
MAX_CHOSEN = 20  # regencies the comparison's controls may send at once


@dataclass(frozen=True)
class Choice:
    """What the page shows: an indicator, a period, the selected regency and the regencies compared (BPS codes,
    in the reader's order)."""

    indicator: str | None
    period: str | None
    region: str | None = None
    compare: tuple[str, ...] = ()

    def address(self) -> str:
        """The query string that reopens this view, e.g. ?indikator=stunting&periode=2021&wilayah=6403."""
        return params.address(
            {"indikator": self.indicator, "periode": self.period, "wilayah": self.region, "banding": self.compare}
        )


# --- the map's data ---------------------------------------------------------------------------------------


@dataclass
class MapData:
    """One indicator in one period for all ten regencies, ready to draw and to tabulate."""

    # code, name, name_full, value, is_sample, source_url, prev_value, change, direction, rank, vs_province,
    # rank_text, change_text (the last two in the reader's language)
    frame: pd.DataFrame
    period: str
    prev_period: str | None
    province_value: float | None
    polarity: int
    decimals: int

    @property
    def ranked(self) -> int:
        return int(self.frame["value"].notna().sum())

    @property
    def gaps(self) -> pd.DataFrame:
        return self.frame[self.frame["value"].isna()]


def periods_of(values: pd.DataFrame) -> list[str]:
    """The periods with at least one regency value, oldest first (`values`: one indicator, regional_values)."""
    return sorted(values.loc[values["region"] != PROVINCE, "period"].unique(), key=start_date)


def default_period(values: pd.DataFrame) -> str | None:
    """The period a map opens on: the latest one for which most regencies have a value, else the latest.

    Real figures come first (a series with official figures shows only them), so the newest period may hold a
    few regencies' releases only; a map of mostly "no data" tells a reader nothing about who lags.
    """
    regency = values[values["region"] != PROVINCE]
    counts = regency.groupby("period")["region"].nunique()
    everyone = regency["region"].nunique()
    periods = periods_of(values)
    covered = [p for p in periods if counts.get(p, 0) * 2 > everyone]
    return (covered or periods or [None])[-1]


def rank_text(rank: float, total: int, polarity: int, lang: str) -> str:
    """'Peringkat 3 dari 10 (1 = terbaik)'."""
    return t("map_rank_neutral" if polarity == 0 else "map_rank", lang, rank=int(rank), total=total)


def change_text(row: Mapping, prev_period: str | None, decimals: int, unit: str, lang: str) -> str:
    """'Dibanding 2024: −0,3 poin (membaik)'."""
    if prev_period is None or math.isnan(row["change"]):
        return t("map_no_prev", lang)
    verdict = {"better": t("better", lang), "worse": t("worse", lang), "same": t("unchanged", lang)}.get(
        row["direction"], ""
    )
    delta = fmt.change(row["change"], decimals, unit, lang)
    return t("map_change", lang, period=label(prev_period, lang), delta=f"{delta} ({verdict})" if verdict else delta)


def map_data(
    values: pd.DataFrame, regencies: pd.DataFrame, period: str, prev_period: str | None, meta: Mapping, lang: str
) -> MapData:
    """Values of `period` for every regency in `regencies` (missing ones kept as NaN), with rank and change.

    `values` has region, period, value, is_sample, source_url (one indicator, the province and the regencies).
    """
    polarity, decimals = int(meta["polarity"]), int(meta["decimals"])
    now = values[values["period"] == period].set_index("region")
    before = values[values["period"] == prev_period].set_index("region") if prev_period else now.iloc[0:0]
    out = regencies[["code", "name", "name_full"]].reset_index(drop=True).copy()
    out["value"] = out["code"].map(now["value"]).astype(float)
    out["is_sample"] = out["code"].map(now["is_sample"]).astype(object)
    out["source_url"] = out["code"].map(now["source_url"]).astype(object)
    out["prev_value"] = out["code"].map(before["value"]).astype(float)
    out["change"] = out["value"] - out["prev_value"]
    out["direction"] = [direction(None if math.isnan(d) else d, polarity, decimals) for d in out["change"]]
    # Equal shown values share a rank; the best gets 1 (the highest value when polarity is neutral).
    out["rank"] = out["value"].round(decimals).rank(method="min", ascending=polarity < 0)
    province = float(now.loc[PROVINCE, "value"]) if PROVINCE in now.index else None
    out["vs_province"] = [versus_province(v, province, meta) for v in out["value"]]
    ranked, unit = int(out["value"].notna().sum()), pick(meta, "unit", lang)
    out["rank_text"] = ["" if math.isnan(r) else rank_text(r, ranked, polarity, lang) for r in out["rank"]]
    out["change_text"] = [change_text(row, prev_period, decimals, unit, lang) for row in out.to_dict("records")]
    return MapData(out, period, prev_period, province, polarity, decimals)


# --- the page ---------------------------------------------------------------------------------------------


@dataclass
class MapView:
    """The map, the ranked bars and the table of one indicator in one period."""

    meta: dict
    data: MapData
    map: Chart  # choropleth, or tilegrid without a usable boundary file
    ranking: Chart
    note: str | None  # why the tile grid is drawn instead of the boundaries


@dataclass
class View:
    """What the indicator, period and region controls change."""

    choice: Choice
    periods: list[tuple[str, str]]  # (period, label) with regency values, newest first
    map: MapView | None  # None when no regency has a value of the indicator


@dataclass
class ScoreCell:
    value: float | None
    is_sample: bool
    vs_province: str  # better, worse, same, neutral, none; share for a total (series.versus_province)


@dataclass
class ScoreRow:
    """One headline indicator at its map period: the province and each compared regency."""

    meta: dict
    period: str
    province: float | None
    cells: dict[str, ScoreCell]


@dataclass
class Comparison:
    codes: list[str]  # the regencies shown side by side (fewer than two: nothing to compare yet)
    names: dict[str, str]  # every regency's short name by BPS code
    rows: list[ScoreRow]  # by sector, then headline order
    sectors: dict[str, str]  # sector names in the reader's language, by code
    too_many: str | None  # the sentence naming the regencies shown when more were chosen


@dataclass
class RegionalPage:
    view: View
    notice: str | None
    indicators: list[tuple[str, str]]  # (code, label): sector by sector, headline indicators first
    regencies: list[tuple[str, str]]  # (BPS code, full name)
    comparison: Comparison


@dataclass
class _Read:
    choice: Choice
    meta: dict | None
    values: pd.DataFrame  # the indicator's regional values
    options: list[tuple[str, str]]
    reading: params.Reading


def indicator_options(catalogue: pd.DataFrame, sectors: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    """(code, label) of every indicator, sector by sector, headline indicators first."""
    names = {s["code"]: pick(s, "name", lang) for s in sectors.to_dict("records")}
    order = {code: i for i, code in enumerate(sectors["code"])}
    rows = sorted(
        catalogue.to_dict("records"),
        key=lambda r: (
            order.get(r["sector"], 99),
            pd.isna(r["headline"]),
            r["headline"] if pd.notna(r["headline"]) else 0,
            r["code"],
        ),
    )
    return [(r["code"], f"{names.get(r['sector'], r['sector'])} · {pick(r, 'name', lang)}") for r in rows]


def _regencies() -> pd.DataFrame:
    return queries.regions(("kabkota",))


def _lookup() -> dict[str, str]:
    return params.region_lookup(_regencies().to_dict("records"))


def _read(given: Mapping[str, object], reader: Reader, strict: bool) -> _Read:
    """The choice in an address (leniently: what cannot be used is dropped and named) or in the controls
    (`strict`). The default indicator is the first priority sector's headline, the default period its map's."""
    reading = params.Reading(given, PARAMS, strict=strict)
    catalogue = queries.catalogue(reader.classes)
    options = indicator_options(catalogue, queries.sectors(), reader.lang)
    codes = [code for code, _label in options]
    indicator = reading.indicator("indikator", codes, default=next(iter(codes), None))
    values = queries.regional_values(indicator, reader.classes) if indicator else queries.regional_values("")
    periods, default = periods_of(values), default_period(values)
    if strict:  # the controls may still hold the previous indicator's period: this one's default then
        wanted = params.period(given.get("periode"))
        period = wanted if wanted in periods else default
    else:
        period = reading.period("periode", periods, default)
    lookup = _lookup()
    region = reading.region("wilayah", lookup)
    compare = tuple(reading.regions("banding", lookup, limit=MAX_CHOSEN))
    meta = catalogue.set_index("code", drop=False).loc[indicator].to_dict() if indicator else None
    return _Read(Choice(indicator, period, region, compare), meta, values, options, reading)


def _map_view(found: _Read, reader: Reader, boundary_file: str) -> MapView | None:
    choice, meta, lang = found.choice, found.meta, reader.lang
    if meta is None or choice.period is None:
        return None
    periods = periods_of(found.values)
    at = periods.index(choice.period)
    data = map_data(found.values, _regencies(), choice.period, periods[at - 1] if at > 0 else None, meta, lang)
    name, unit, period = pick(meta, "name", lang), pick(meta, "unit", lang), label(choice.period, lang)
    title = t("wil_map_title", lang, name=name, period=period)
    sample = bool(data.frame["is_sample"].fillna(False).astype(bool).any())
    ranked = data.frame.dropna(subset=["value"]).sort_values("rank")
    best, worst = (ranked.iloc[0]["name_full"], ranked.iloc[-1]["name_full"]) if len(ranked) else ("–", "–")
    summary = t("wil_map_summary", lang, name=name, period=period, best=best, worst=worst)

    # The source line names where the values drawn came from: the publisher of the official ones, the sample note
    # for sample ones; never the catalogue's producer when none of its figures is on the map.
    drawn_sources = sources(ranked, meta, lang)

    def context(kind: str) -> ChartContext:
        regions = [t("wil_map_regions", lang)]
        return ChartContext(
            title, regions, period, unit, drawn_sources, sample, lang, f"{meta['code']}_{kind}_{choice.period}"
        )

    geo = queries.boundaries(boundary_file)
    if geo.geojson is not None:
        note, kind = None, "choropleth"
    else:
        problem = geo.problem
        note = (
            t("wil_tilegrid_refused", lang, path=geo.path, problem=problem)
            if problem
            else t("wil_tilegrid_unset", lang)
        )
        kind = "tilegrid"
    drawn = Chart("peta", kind, context("peta"), summary, meta, data.frame, geojson=geo.geojson, selected=choice.region)
    latest = ranked.rename(columns={"name": "region_name"})
    latest = latest.assign(period=choice.period, is_sample=latest["is_sample"].astype(bool))
    # A total's province value is the sum of the bars, no yardstick for them: no province line, no better/worse.
    yardstick = None if is_total(meta) else data.province_value
    bars = Chart("peringkat", "ranking", context("peringkat"), summary, meta, latest, province=yardstick)
    return MapView(meta, data, drawn, bars, note)


def _view(found: _Read, reader: Reader, boundary_file: str) -> View:
    periods = [(p, label(p, reader.lang)) for p in reversed(periods_of(found.values))]
    return View(found.choice, periods, _map_view(found, reader, boundary_file))


def view(given: Mapping[str, object], reader: Reader, boundary_file: str) -> View:
    """The map, ranking and table for the controls' values (read strictly)."""
    return _view(_read(given, reader, strict=True), reader, boundary_file)


def address(given: Mapping[str, object], reader: Reader) -> str:
    """The address of the view the controls show (read strictly)."""
    return _read(given, reader, strict=True).choice.address()


def compared(given: Mapping[str, object], reader: Reader) -> Comparison:
    """The scorecard of the regencies the comparison's controls hold (read strictly)."""
    reading = params.Reading(given, ("banding",), strict=True)
    return comparison(reading.regions("banding", _lookup(), limit=MAX_CHOSEN), reader)


def regency(clicked: str | None) -> str | None:
    """The BPS code of the regency a reader clicked: the map gives its code, a bar of the ranking its name."""
    regencies = _regencies()
    return (dict(zip(regencies["name"], regencies["code"], strict=True)) | {c: c for c in regencies["code"]}).get(
        clicked
    )


def scorecard_rows(at: pd.DataFrame, periods: Mapping[str, str], catalogue: pd.DataFrame, codes: Sequence[str]):
    """Per headline indicator with regency values: the province and each regency of `codes` at its map period.

    `at` has indicator, region, period, value, is_sample for the province and the regencies (headline_regional).
    """
    rows = []
    for meta in catalogue[catalogue["headline"].notna()].to_dict("records"):
        if meta["code"] not in periods:
            continue
        now = at[(at["indicator"] == meta["code"]) & (at["period"] == periods[meta["code"]])].set_index("region")
        province = float(now.loc[PROVINCE, "value"]) if PROVINCE in now.index else None
        cells = {}
        for code in codes:
            if code not in now.index:
                cells[code] = ScoreCell(None, False, "none")
                continue
            value = float(now.loc[code, "value"])
            cells[code] = ScoreCell(value, bool(now.loc[code, "is_sample"]), versus_province(value, province, meta))
        rows.append(ScoreRow(meta, periods[meta["code"]], province, cells))
    return rows


def comparison(codes: Sequence[str], reader: Reader) -> Comparison:
    """Two to four regencies side by side across the headline indicators, each at the period its map opens on."""
    lang, regencies = reader.lang, _regencies()
    names = dict(zip(regencies["code"], regencies["name"], strict=True))
    codes = [c for c in codes if c in names]
    shown = codes[:MAX_COMPARE]
    sectors = queries.sectors()
    sector_names = {s["code"]: pick(s, "name", lang) for s in sectors.to_dict("records")}
    if len(shown) < 2:
        return Comparison(shown, names, [], sector_names, None)
    too_many = (
        t("reg_compare_too_many", lang, names=", ".join(names[c] for c in shown)) if len(codes) > MAX_COMPARE else None
    )
    # Each indicator at the period its map opens on, which depends on every regency's values: one read of them
    # all (cached by data version for every comparison) costs less than counting them and reading the chosen.
    obs = queries.headline_regional(reader.classes)
    regency = obs[obs["region"] != PROVINCE]
    periods = {code: default_period(obs[obs["indicator"] == code]) for code in regency["indicator"].unique()}
    rows = scorecard_rows(obs, periods, queries.catalogue(reader.classes), shown)
    order = {code: i for i, code in enumerate(sectors["code"])}
    rows.sort(key=lambda r: (order.get(r.meta["sector"], len(order)), r.meta["headline"]))
    return Comparison(shown, names, rows, sector_names, too_many)


def page(query: Mapping[str, object], reader: Reader, boundary_file: str) -> RegionalPage:
    """The whole page for an address (`boundary_file`: the BOUNDARY_FILE setting)."""
    found = _read(query, reader, strict=False)
    regencies = _regencies()
    return RegionalPage(
        view=_view(found, reader, boundary_file),
        notice=found.reading.notice(reader.lang),
        indicators=found.options,
        regencies=list(zip(regencies["code"], regencies["name_full"], strict=True)),
        comparison=comparison(found.choice.compare, reader),
    )
