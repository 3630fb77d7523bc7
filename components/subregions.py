"""Below the regency: its kecamatan, or one kecamatan's desa/kelurahan, ranked and listed for one indicator.

Pure: the page reads `portal.queries.subregional_values` (every region under the area, with the indicator's
value at the latest period any of them has) and hands the frame in.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from components.chart_card import chart_card
from components.charts import ranking_figure
from components.grid import grid, number_column
from components.listing import ALL, select
from portal import fmt
from portal.i18n import pick, t
from portal.periods import label
from portal.state.charts import ChartContext
from portal.state.series import ranking_summary, slug, sources

__all__ = ["ALL", "controls", "view"]  # ALL: the area choice meaning every kecamatan of the regency


def controls(
    ids: dict, indicators: list[tuple[str, str]], kecamatan: list[tuple[str, str]], chosen, regency: str, lang
):
    """The indicator and the area (every kecamatan, or the desa of one kecamatan); `chosen` = (indicator, area)."""
    indicator, area = chosen
    return dbc.Row(
        [
            select(ids["indicator"], t("sub_indicator", lang), indicators, indicator, lang, with_all=False, xs=12, md=7)
            if indicators
            else None,
            select(
                ids["area"],
                t("sub_area", lang),
                [(code, t("sub_desa_of", lang, kecamatan=name)) for code, name in kecamatan],
                area,
                lang,
                placeholder=t("sub_all_kecamatan", lang, regency=regency),
                xs=12,
                md=5,
            ),
        ],
        className="g-2 mb-3",
    )


def view(ids: dict, meta: dict, values: pd.DataFrame, parent: dict, lang: str) -> list:
    """The ranking of the areas with a value and the table of all of them, under the region `parent`."""
    area, level = parent["name_full"], "desa" if parent["level"] == "kecamatan" else "kecamatan"
    name, unit, decimals = pick(meta, "name", lang), pick(meta, "unit", lang), int(meta["decimals"])
    level_word = t("sub_level_desa" if level == "desa" else "sub_level_kecamatan", lang)
    shown = values[values["value"].notna()]
    if shown.empty:
        return [html.P(t("sub_no_values", lang, area=area, name=name), className="text-muted")]
    period = shown["period"].iloc[0]
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
    figure = ranking_figure(shown, meta, ctx, None)
    height = 260 + 24 * len(shown)
    missing = values.loc[values["value"].isna(), "region_name"].tolist()
    rows = [
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
    columns = [
        {"field": "area", "headerName": t("sub_col_area", lang), "minWidth": 180, "flex": 2},
        {"field": "code", "headerName": t("sub_col_code", lang), "minWidth": 130, "flex": 1},
        {"field": "period", "headerName": t("sub_col_period", lang), "minWidth": 110, "flex": 1},
        number_column("value", f"{t('sub_col_value', lang)} ({unit})", minWidth=120, flex=1),
        {"field": "sample", "headerName": t("sub_col_sample", lang), "minWidth": 110, "flex": 1},
    ]
    return [
        chart_card(ids["graph"], figure, ctx, ranking_summary(shown, meta, None, lang), height=height),
        html.P(
            t("sub_missing", lang, period=label(period, lang), names=", ".join(missing)),
            className="small text-muted",
        )
        if missing
        else None,
        grid(ids["grid"], rows, columns, lang, page_size=25),
    ]
