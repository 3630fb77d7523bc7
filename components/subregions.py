"""Below the regency: the choice of indicator and area, and the ranking and table of its kecamatan or of one
kecamatan's desa/kelurahan (portal/state/profile.py `Subregional`)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.chart_card import chart_card
from components.grid import grid, number_column
from components.layout import url_notice
from components.listing import ALL, select
from portal.i18n import t
from portal.state.profile import Subregional

# The title, subtitle (with its axis note) and a source line wrapped for a phone take about 300 px of the figure;
# below that plotly drops category labels and the values beside the bars.
SUBREGION_CHART_BASE = 360


def area(value: object) -> object:
    """The area control's value as the page state reads it: "" for every kecamatan of the regency."""
    return "" if value == ALL else value


def controls(ids, below: Subregional, lang: str) -> dbc.Row:
    """The indicator and the area (every kecamatan, or the desa of one kecamatan)."""
    regency = below.regency["name_full"]
    return dbc.Row(
        [
            select(ids.INDICATOR, t("sub_indicator", lang), below.indicators, below.indicator, lang, with_all=False, xs=12, md=7)
            if below.indicators
            else None,
            select(
                ids.AREA,
                t("sub_area", lang),
                [(code, t("sub_desa_of", lang, kecamatan=name)) for code, name in below.kecamatan],
                below.area,
                lang,
                placeholder=t("sub_all_kecamatan", lang, regency=regency),
                xs=12,
                md=5,
            ),
        ],
        className="g-2 mb-3",
    )  # fmt: skip


def height(chart) -> int:
    """The ranking's height: room for its titles and a bar per area."""
    return SUBREGION_CHART_BASE + 28 * len(chart.rows)


def view(ids, below: Subregional, lang: str, source: str | None = None) -> list:
    """The ranking of the areas with a value and the table of all of them, or why there is none. With `source` (the
    address of the profile's view) the ranking is drawn once it comes near the screen (components/chart_card.py)."""
    if below.chart is None:
        return [html.P(below.message, className="text-muted")]
    chart = below.chart
    columns = [
        {"field": "area", "headerName": t("sub_col_area", lang), "minWidth": 180, "flex": 2},
        {"field": "code", "headerName": t("sub_col_code", lang), "minWidth": 130, "flex": 1},
        {"field": "period", "headerName": t("sub_col_period", lang), "minWidth": 110, "flex": 1},
        number_column("value", f"{t('sub_col_value', lang)} ({below.unit})", minWidth=120, flex=1),
        {"field": "sample", "headerName": t("sub_col_sample", lang), "minWidth": 110, "flex": 1},
    ]
    return [
        chart_card(ids.GRAPH, chart, height=height(chart), source=source),
        html.P(below.missing, className="small text-muted") if below.missing else None,
        grid(ids.GRID, below.table, columns, lang, page_size=25, deferred=True),
    ]


def section(ids, below: Subregional, lang: str, source: str | None = None) -> html.Section:
    """The whole section: a sentence when the regency has no kecamatan data, else the choice and its view (its
    ranking lazy with `source`, as in `view`)."""
    regency = below.regency["name_full"]
    if not below.kecamatan:
        body = [
            url_notice(ids.NOTICE, below.notice),
            html.P(t("sub_none", lang, regency=regency), className="text-muted mb-0"),
        ]
    else:
        body = [
            html.P(t("sub_lead", lang, regency=regency), className="text-muted small"),
            controls(ids, below, lang),
            url_notice(ids.NOTICE, below.notice),
            dcc.Loading(html.Div(view(ids, below, lang, source), id=ids.VIEW), delay_show=400, type="circle"),
        ]
    return html.Section(
        [html.H2(t("sub_title", lang), className="sector-title h4"), *body],
        className="profile-subregions mb-3",
        id="profile-subregions",
    )  # fmt: skip
