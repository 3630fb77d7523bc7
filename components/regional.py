"""Building blocks of the regional views: URL filters, the ranked table, the selection panel, the scorecard.

Pure factories on frames; no data access.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
from dash import dcc, html

from components.maps import MapData, change_text, default_period, periods_of, rank_text
from portal import fmt
from portal.i18n import pick, t
from portal.kpi import direction
from portal.periods import label

MAX_COMPARE = 4


@dataclass
class Query:
    """What /wilayah was asked for in its URL, after dropping what it could not understand."""

    indicator: str
    period: str
    region: str | None = None
    compare: list[str] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)

    def notice(self, lang: str) -> str | None:
        if not self.dropped:
            return None
        return t("reg_dropped", lang, items=", ".join(f"{k}={v}" for k, v in self.dropped))


def region_codes(regencies: pd.DataFrame) -> dict[str, str]:
    """Every accepted spelling of a regency code (BPS 6403 and Kemendagri 64.02) mapped to its BPS code."""
    lookup = {}
    for row in regencies.to_dict("records"):
        lookup[str(row["kemendagri_code"])] = str(row["code"])
        lookup[str(row["code"])] = str(row["code"])
    return lookup


def _one(raw: object) -> str:
    return str(raw[-1] if isinstance(raw, list) else raw).strip()


def parse_query(
    query: Mapping[str, object],
    indicators: list[str],
    periods: Mapping[str, list[str]] | None,
    codes: Mapping[str, str],
    defaults: Mapping[str, str | None] | None = None,
) -> Query:
    """Read indikator, periode, wilayah and banding from the URL; unknown values are dropped and listed.

    `indicators` are the codes the reader may see (the first is the default); `periods` maps an indicator to its
    periods with regency data (oldest first), computed lazily by the caller for the chosen indicator only;
    `defaults` its default period (maps.default_period), else its latest.
    """
    dropped: list[tuple[str, str]] = []
    indicator = _one(query.get("indikator", "")) or indicators[0]
    if indicator not in indicators:
        dropped.append(("indikator", indicator))
        indicator = indicators[0]
    available = (periods or {}).get(indicator, [])
    period = _one(query.get("periode", ""))
    if period and period not in available:
        dropped.append(("periode", period))
        period = ""
    period = period or (defaults or {}).get(indicator) or (available[-1] if available else "")
    region = None
    raw_region = _one(query.get("wilayah", ""))
    if raw_region:
        region = codes.get(raw_region)
        if region is None:
            dropped.append(("wilayah", raw_region))
    compare: list[str] = []
    items = query.get("banding", "")
    for value in [v.strip() for item in (items if isinstance(items, list) else [items]) for v in str(item).split(",")]:
        if not value:
            continue
        code = codes.get(value)
        if code is None:
            dropped.append(("banding", value))
        elif code not in compare:
            compare.append(code)
    for name, raw in query.items():
        if name not in ("indikator", "periode", "wilayah", "banding"):
            dropped.append((name, _one(raw)))
    return Query(indicator, period, region, compare, dropped)


def search(indicator: str, period: str, region: str | None, compare: list[str] | None) -> str:
    """The query string that reopens a /wilayah view."""
    parts = [f"indikator={indicator}", f"periode={period}"]
    if region:
        parts.append(f"wilayah={region}")
    if compare:
        parts.append("banding=" + ",".join(compare))
    return "?" + "&".join(parts)


def indicator_options(catalogue: pd.DataFrame, sectors: pd.DataFrame, lang: str) -> list[dict]:
    """Dropdown options, sector by sector, headline indicators first."""
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
    return [
        {"label": f"{names.get(r['sector'], r['sector'])} · {pick(r, 'name', lang)}", "value": r["code"]} for r in rows
    ]


def period_options(values: pd.DataFrame, lang: str) -> list[dict]:
    """The periods with regency data, newest first."""
    return [{"label": label(p, lang), "value": p} for p in reversed(periods_of(values))]


def _verdict(vs: str, lang: str) -> tuple[str, str]:
    word = {"better": t("reg_better_word", lang), "worse": t("reg_worse_word", lang)}.get(vs, "")
    return word, {"better": "kpi-better", "worse": "kpi-worse"}.get(vs, "kpi-same")


def versus(value: float, province: float | None, vs: str, lang: str) -> html.Span | str:
    """'↑ lebih tinggi · lebih buruk': the arrow is the value's side of the province, the word whether it is good."""
    if province is None or value is None or math.isnan(value):
        return ""
    side = (
        t("reg_higher", lang)
        if value > province
        else t("reg_lower", lang)
        if value < province
        else t("reg_equal", lang)
    )
    word, css = _verdict(vs, lang)
    if not word or vs == "same":
        return html.Span(side, className=css)
    # Each half on its own line when the cell is narrow, never broken inside.
    return html.Span(
        [html.Span(side, className="text-nowrap"), " · ", html.Span(word, className="text-nowrap")], className=css
    )


def sample_badge(is_sample: bool, lang: str) -> html.Span:
    """A small text label: 'Data contoh' for synthetic figures, 'Resmi' for published ones."""
    if is_sample:
        return html.Span(t("sample_badge", lang), className="badge text-bg-warning reg-badge")
    return html.Span(t("real_badge", lang), className="badge text-bg-success reg-badge")


def labelled(cells: list, labels: list[str]) -> list:
    """Give each cell its column's name, which a phone shows beside the value where the table stacks."""
    for cell, name in zip(cells, labels, strict=True):
        setattr(cell, "data-label", name)
    return cells


def ranking_table(data: MapData, meta: dict, lang: str) -> html.Table:
    """The map's text alternative: every regency, best first, gaps last and named as such."""
    unit, decimals = pick(meta, "unit", lang), int(meta["decimals"])
    polarity = {1: t("higher_better", lang), -1: t("lower_better", lang)}.get(data.polarity, "")
    frame = data.frame.sort_values(["rank", "code"], na_position="last")
    head = [
        t("reg_col_rank", lang),
        t("reg_col_region", lang),
        t("reg_col_value", lang),
        t("reg_col_change", lang),
        t("reg_col_vs_province", lang),
        t("reg_col_data", lang),
    ]
    body = []
    for row in frame.to_dict("records"):
        missing = math.isnan(row["value"])
        body.append(
            html.Tr(
                labelled(
                    [
                        html.Td("–" if missing else str(int(row["rank"])), className="text-end"),
                        html.Th(dcc.Link(row["name_full"], href=f"/wilayah/{row['code']}"), scope="row"),
                        html.Td(
                            t("no_data", lang) if missing else fmt.value(row["value"], unit, decimals, lang),
                            className="text-end reg-value" + (" text-muted fst-italic" if missing else ""),
                        ),
                        html.Td(
                            "" if missing else change_text(data, row, unit, lang).split(": ", 1)[-1], className="small"
                        ),
                        html.Td(
                            "" if missing else versus(row["value"], data.province_value, row["vs_province"], lang),
                            className="small",
                        ),
                        html.Td("" if missing else sample_badge(bool(row["is_sample"]), lang)),
                    ],
                    head,
                ),
                **{"data-region": row["code"], "data-value": "" if missing else repr(float(row["value"]))},
            )
        )
    if data.province_value is not None:
        body.append(
            html.Tr(
                labelled(
                    [
                        html.Td(""),
                        html.Th(t("reg_province_row", lang), scope="row"),
                        html.Td(fmt.value(data.province_value, unit, decimals, lang), className="text-end reg-value"),
                        html.Td(""),
                        html.Td(""),
                        html.Td(""),
                    ],
                    head,
                ),
                className="table-light fw-semibold",
                **{"data-region": "64"},
            )
        )
    return html.Table(
        [
            html.Caption(
                t(
                    "reg_table_caption",
                    lang,
                    name=pick(meta, "name", lang),
                    period=label(data.period, lang),
                    polarity=polarity,
                )
            ),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
            html.Tbody(body),
        ],
        className="table table-sm align-middle reg-table stack-sm mb-0",
        id="wilayah-table",
    )


def selection_panel(data: MapData, meta: dict, code: str | None, lang: str) -> html.Div:
    """What the reader selected, with its value, rank and a link to its profile; a hint when nothing is."""
    rows = data.frame[data.frame["code"] == code] if code else data.frame.iloc[0:0]
    if rows.empty:
        return html.Div(t("reg_select_hint", lang), className="text-muted small", id="wilayah-selection-hint")
    row = rows.iloc[0].to_dict()
    unit, decimals = pick(meta, "unit", lang), int(meta["decimals"])
    if math.isnan(row["value"]):
        facts = [html.Strong(row["name_full"]), ": ", t("map_no_data_for", lang, period=label(data.period, lang))]
    else:
        value = fmt.value(row["value"], unit, decimals, lang)
        facts = [
            html.Strong(t("reg_selected", lang, name=row["name_full"], value=value, period=label(data.period, lang))),
            " · ",
            rank_text(row["rank"], data.ranked, data.polarity, lang),
            " · ",
            versus(row["value"], data.province_value, row["vs_province"], lang),
            f" ({t('chart_province', lang)} {fmt.value(data.province_value, unit, decimals, lang)})"
            if data.province_value is not None
            else "",
        ]
    return html.Div(
        [
            html.P(facts, className="mb-2"),
            dcc.Link(
                t("reg_open_profile", lang, name=row["name_full"]),
                href=f"/wilayah/{row['code']}",
                className="btn btn-primary btn-sm",
                id="wilayah-profile-link",
            ),
        ],
        id="wilayah-selection",
        **{"data-region": row["code"]},
    )


def gap_note(data: MapData, lang: str) -> html.P | None:
    """A visible sentence naming the regencies without data for the period."""
    if data.gaps.empty:
        return None
    names = ", ".join(data.gaps["name_full"])
    return html.P(
        t("reg_gap_note", lang, period=label(data.period, lang), names=names),
        className="small reg-gap-note",
        id="wilayah-gaps",
    )


@dataclass
class ScoreCell:
    value: float | None
    is_sample: bool
    vs_province: str  # better, worse, same, neutral, none


def scorecard_data(obs: pd.DataFrame, catalogue: pd.DataFrame, codes: list[str]) -> list[dict]:
    """Per headline indicator: the period the map opens on, the province value and each chosen regency's cell.

    `obs` has indicator, region, period, value, is_sample (headline_regional).
    """
    rows = []
    for meta in catalogue[catalogue["headline"].notna()].to_dict("records"):
        series = obs[obs["indicator"] == meta["code"]]
        regency = series[series["region"] != "64"]
        if regency.empty:
            continue
        period = default_period(series)  # the map's period: most regencies have a value then
        now = series[series["period"] == period].set_index("region")
        province = float(now.loc["64", "value"]) if "64" in now.index else None
        cells = {}
        for code in codes:
            if code not in now.index:
                cells[code] = ScoreCell(None, False, "none")
                continue
            value = float(now.loc[code, "value"])
            vs = (
                "none"
                if province is None
                else direction(value - province, int(meta["polarity"]), int(meta["decimals"]))
            )
            cells[code] = ScoreCell(value, bool(now.loc[code, "is_sample"]), vs)
        rows.append({"meta": meta, "period": period, "province": province, "cells": cells})
    return rows


def scorecard(
    rows: list[dict], regencies: pd.DataFrame, codes: list[str], sectors: pd.DataFrame, lang: str
) -> html.Div:
    """Chosen regencies side by side across the headline indicators, each value judged against the province."""
    names = dict(zip(regencies["code"], regencies["name"], strict=True))
    sector_names = {s["code"]: pick(s, "name", lang) for s in sectors.to_dict("records")}
    head = [
        t("reg_col_indicator", lang),
        t("reg_col_period", lang),
        t("chart_province", lang),
        *[names[c] for c in codes],
    ]
    order = {code: i for i, code in enumerate(sectors["code"])}
    rows = sorted(rows, key=lambda r: (order.get(r["meta"]["sector"], len(order)), r["meta"]["headline"]))
    body, current = [], None
    for row in rows:
        meta = row["meta"]
        if meta["sector"] != current:
            current = meta["sector"]
            body.append(
                html.Tr(
                    html.Th(sector_names.get(current, current), colSpan=len(head), scope="colgroup"),
                    className="table-light",
                )
            )
        unit, decimals = pick(meta, "unit", lang), int(meta["decimals"])
        polarity = {1: t("higher_better", lang), -1: t("lower_better", lang)}.get(int(meta["polarity"]), "")
        cells = [
            html.Th([pick(meta, "name", lang), html.Br(), html.Small(polarity, className="text-muted")], scope="row"),
            html.Td(label(row["period"], lang)),
            html.Td(fmt.value(row["province"], unit, decimals, lang), className="text-end"),
        ]
        for code in codes:
            cell = row["cells"][code]
            if cell.value is None:
                cells.append(html.Td(t("no_data", lang), className="text-muted fst-italic text-end"))
                continue
            cells.append(
                html.Td(
                    [
                        html.Span(fmt.value(cell.value, unit, decimals, lang), className="reg-value"),
                        "*" if cell.is_sample else "",
                        html.Br(),
                        html.Small(versus(cell.value, row["province"], cell.vs_province, lang)),
                    ],
                    className=f"text-end reg-cell reg-{cell.vs_province}",
                    **{"data-region": code, "data-vs": cell.vs_province},
                )
            )
        body.append(html.Tr(cells, **{"data-indicator": meta["code"]}))
    sample = any(c.is_sample for r in rows for c in r["cells"].values())
    return html.Div(
        [
            html.Div(
                html.Table(
                    [
                        html.Caption(t("reg_compare_caption", lang)),
                        html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
                        html.Tbody(body),
                    ],
                    className="table table-sm align-middle reg-scorecard mb-1",
                    id="wilayah-scorecard",
                ),
                className="table-responsive",
            ),
            html.P(f"* {t('sample_badge', lang)}", className="small text-muted") if sample else None,
        ]
    )
