"""The /wilayah page's parts: the filters, the map with its ranking and table, and the comparison scorecard."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.chart_card import chart_card
from components.layout import url_notice
from components.maps import code_from_click
from components.regional import gap_note, ranking_table, scorecard, selection_panel
from portal.i18n import t
from portal.state.regional import Comparison, RegionalPage, View

MAP_HEIGHT = 560


def _options(pairs: list[tuple[str, str]]) -> list[dict]:
    return [{"label": text, "value": value} for value, text in pairs]


def period_options(view: View) -> list[dict]:
    """The periods with regency values, newest first."""
    return _options(view.periods)


def view_children(view: View, ids, lang: str) -> list:
    """The map (or the tile grid and why), the ranked bars with the gaps named, and the table with the selection."""
    found = view.map
    if found is None:
        return [html.P(t("wil_no_values", lang), className="alert alert-info")]
    drawn, bars = found.map, found.ranking
    note = dcc.Markdown(found.note, className="alert alert-secondary small py-2 mb-2", id="wilayah-map-note")
    return [
        html.Div(
            [
                note if found.note else None,
                chart_card(ids.MAP, drawn, height=MAP_HEIGHT),
            ],
            # Five columns (four on the widest screens) beside the ranking: the regencies lie in a near-square, and a wider card only
            # left its sides empty (assets/layout.css draws both taller on a wide screen).
            className="col-lg-5 col-xxl-4",
            id="wilayah-map-box",
            **{"data-map": drawn.kind},
        ),
        html.Div(
            [chart_card(ids.BAR, bars, height=MAP_HEIGHT), gap_note(found.data, lang)],
            className="col-lg-7 col-xxl-8",
        ),
        html.Div(
            html.Div(
                [
                    html.H2(t("wil_table_title", lang), className="h5"),
                    html.Div(
                        selection_panel(found.data, found.meta, view.choice.region, lang),
                        id="wilayah-selection-box",
                        className="mb-3",
                    ),
                    html.Div(ranking_table(found.data, found.meta, lang), className="table-responsive"),
                ],
                className="card card-body mb-3",
            ),
            className="col-12",
        ),
    ]


def comparison(found: Comparison, lang: str) -> html.Div | html.P:
    """The scorecard of two to four regencies, or a hint to choose them."""
    if len(found.codes) < 2:
        return html.P(t("reg_compare_hint", lang), className="text-muted small", id="wilayah-compare-hint")
    notice = html.P(found.too_many, className="small alert alert-warning py-1") if found.too_many else None
    return html.Div([notice, scorecard(found, lang)])


def clicked(trigger: object, map_id: str, map_click: dict | None, bar_click: dict | None) -> str | None:
    """What a click names: the map gives a regency's BPS code, a bar of the ranking its name (on the y axis)."""
    if not isinstance(trigger, dict):
        return None
    if trigger.get("id") == map_id:
        return code_from_click(map_click)
    points = (bar_click or {}).get("points") or [{}]
    return points[0].get("y")


def _field(label: str, control, **col) -> dbc.Col:
    return dbc.Col(
        [html.Label(label, htmlFor=control.id, className="form-label small fw-semibold"), control],
        className="mb-2",
        **col,
    )


def layout(state: RegionalPage, ids, lang: str) -> html.Div:
    """The whole page; `ids` are the page's component ids."""
    choice = state.view.choice
    regencies = _options(state.regencies)
    placeholder = t("wil_region_placeholder", lang)
    filters = [
        _field(t("wil_indicator", lang), dbc.Select(id=ids.INDICATOR, options=_options(state.indicators), value=choice.indicator), md=6),
        _field(t("wil_period", lang), dbc.Select(id=ids.PERIOD, options=period_options(state.view), value=choice.period), xs=6, md=2),
        # The placeholder is what the list shows while nothing is chosen.
        _field(
            t("wil_region", lang),
            dbc.Select(
                id=ids.REGION,
                options=[{"label": placeholder, "value": ""}, *regencies],
                placeholder=placeholder,
                value=choice.region or "",
            ),
            xs=6,
            md=4,
        ),
    ]  # fmt: skip
    compare = [
        html.H2(t("wil_compare_title", lang), className="h5"),
        html.Fieldset(
            [
                html.Legend(t("wil_compare_label", lang), className="form-label small fw-semibold"),
                dbc.Checklist(
                    id=ids.COMPARE,
                    options=regencies,
                    value=list(choice.compare),
                    inline=True,
                    class_name="mb-2 reg-compare-options",
                ),
            ]
        ),
        html.Div(comparison(state.comparison, lang), id=ids.COMPARISON),
    ]
    return html.Div(
        [
            html.H1(t("wil_title", lang), className="h3 mb-1"),
            html.P(t("wil_lead", lang), className="text-muted"),
            url_notice("wilayah-notice", state.notice),
            dbc.Row(filters, className="wilayah-filters"),
            dcc.Loading(html.Div(view_children(state.view, ids, lang), className="row", id=ids.VIEW), delay_show=400),
            html.Section(compare, className="card card-body mb-3", id="wilayah-compare-section"),
            # The address the page shows, written by the server and put in place without a reload (assets/regions.js).
            dcc.Store(id=ids.ADDRESS, data=choice.address()),
            html.Div(id=ids.URL_SYNC, hidden=True),
        ],
        className="wilayah-page",
    )
