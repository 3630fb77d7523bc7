"""/wilayah — which regencies lag: a map of any indicator and period, its ranking and table, and a comparison."""

from __future__ import annotations

import logging
from enum import StrEnum

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, dcc, html, no_update

from components.chart_card import chart_card
from components.charts import ranking_figure
from components.layout import error_notice
from components.maps import (
    choropleth_figure,
    code_from_click,
    default_period,
    map_data,
    periods_of,
    tile_grid_figure,
)
from components.regional import (
    MAX_COMPARE,
    gap_note,
    indicator_options,
    parse_query,
    period_options,
    ranking_table,
    region_codes,
    scorecard,
    scorecard_data,
    selection_panel,
)
from portal import params as check
from portal import queries
from portal.i18n import pick, t
from portal.periods import label
from portal.state.charts import ChartContext
from web import reader


def _title() -> str:
    """The browser tab in the reader's language."""
    return f"{t('nav_wilayah', reader.lang())} · Satu Data Kaltim"


dash.register_page(__name__, path="/wilayah", nav="nav_wilayah", order=2, title=_title)
log = logging.getLogger(__name__)


class Id(StrEnum):
    INDICATOR = "wilayah-indicator"
    PERIOD = "wilayah-period"
    REGION = "wilayah-region"
    COMPARE = "wilayah-compare"
    VIEW = "wilayah-view"
    SELECTION = "wilayah-selection-box"
    COMPARISON = "wilayah-comparison"
    URL_SYNC = "wilayah-url-sync"
    MAP = "wilayah-map"
    BAR = "wilayah-bar"


def _context(meta: dict, period: str, title: str, unit: str, sample: bool, lang: str, kind: str) -> ChartContext:
    return ChartContext(
        title=title,
        regions=[t("wil_map_regions", lang)],
        period=label(period, lang),
        unit=unit,
        sources=[meta["producer_agency"]],
        is_sample=sample,
        lang=lang,
        filename=f"{meta['code']}_{kind}_{period}",
    )


def _regencies():
    return queries.regions(("kabkota",))


def view(indicator: str, period: str, region: str | None, lang: str) -> list:
    """The map, the ranked bar, the table and the selection panel for one indicator and period."""
    catalogue = queries.catalogue(reader.current().classes).set_index("code", drop=False)
    if indicator not in catalogue.index:  # a hand-made request for an unknown or restricted indicator
        return [html.P(t("wil_no_values", lang), className="alert alert-info")]
    meta = catalogue.loc[indicator].to_dict()
    values = queries.regional_values(indicator, reader.current().classes)
    periods = periods_of(values)
    if not periods:
        return [html.P(t("wil_no_values", lang), className="alert alert-info")]
    if period not in periods:
        period = default_period(values)
    regencies = _regencies()
    data = map_data(values, regencies, period, int(meta["polarity"]), int(meta["decimals"]))
    name, unit = pick(meta, "name", lang), pick(meta, "unit", lang)
    title = t("wil_map_title", lang, name=name, period=label(period, lang))
    sample = bool(data.frame["is_sample"].fillna(False).astype(bool).any())
    geo = queries.boundaries(reader.settings().boundary_file)
    ctx = _context(meta, period, title, unit, sample, lang, "peta")
    if geo.geojson is not None:
        figure, note = choropleth_figure(data, geo.geojson, meta, ctx, region), None
    else:
        figure = tile_grid_figure(data, meta, ctx, region)
        note = (
            t("wil_tilegrid_refused", lang, path=geo.path, problem=geo.problem)
            if geo.problem
            else t("wil_tilegrid_unset", lang)
        )
    ranked = data.frame.dropna(subset=["value"]).sort_values("rank")
    summary = t(
        "wil_map_summary",
        lang,
        name=name,
        period=label(period, lang),
        best=ranked.iloc[0]["name_full"] if len(ranked) else "–",
        worst=ranked.iloc[-1]["name_full"] if len(ranked) else "–",
    )
    latest = ranked.rename(columns={"name": "region_name"}).assign(
        period=period, is_sample=ranked["is_sample"].astype(bool)
    )
    bar_ctx = _context(meta, period, title, unit, sample, lang, "peringkat")
    bar = ranking_figure(latest, meta, bar_ctx, data.province_value)
    map_card = chart_card(Id.MAP, figure, ctx, summary, height=560)
    return [
        html.Div(
            [
                dcc.Markdown(note, className="alert alert-secondary small py-2 mb-2", id="wilayah-map-note")
                if note
                else None,
                map_card,
            ],
            className="col-lg-7",
            id="wilayah-map-box",
            **{"data-map": "choropleth" if geo.geojson is not None else "tilegrid"},
        ),
        html.Div(
            [
                chart_card(Id.BAR, bar, bar_ctx, summary, height=560),
                gap_note(data, lang),
            ],
            className="col-lg-5",
        ),
        html.Div(
            html.Div(
                [
                    html.H2(t("wil_table_title", lang), className="h5"),
                    html.Div(selection_panel(data, meta, region, lang), id=Id.SELECTION, className="mb-3"),
                    html.Div(ranking_table(data, meta, lang), className="table-responsive"),
                ],
                className="card card-body mb-3",
            ),
            className="col-12",
        ),
    ]


def comparison(codes: list[str], lang: str) -> html.Div:
    """The scorecard of 2–4 regencies, or a hint."""
    regencies = _regencies()
    names = dict(zip(regencies["code"], regencies["name"], strict=True))
    codes = [c for c in codes if c in names]
    if len(codes) < 2:
        return html.P(t("reg_compare_hint", lang), className="text-muted small", id="wilayah-compare-hint")
    notice = None
    if len(codes) > MAX_COMPARE:
        codes = codes[:MAX_COMPARE]
        notice = html.P(
            t("reg_compare_too_many", lang, names=", ".join(names[c] for c in codes)),
            className="small alert alert-warning py-1",
        )
    rows = scorecard_data(
        queries.headline_regional(reader.current().classes), queries.catalogue(reader.current().classes), codes
    )
    return html.Div([notice, scorecard(rows, regencies, codes, queries.sectors(), lang)])


def layout(**query) -> html.Div:
    lang = reader.lang()
    try:
        catalogue = queries.catalogue(reader.current().classes)
        regencies = _regencies()
        sectors = queries.sectors()
        # Sector by sector, headline indicators first: the default is the first priority sector's headline.
        options = indicator_options(catalogue, sectors, lang)
        indicators = [o["value"] for o in options]
        codes = region_codes(regencies)
        wanted = str(query.get("indikator") or indicators[0])
        chosen = wanted if wanted in indicators else indicators[0]
        values = queries.regional_values(chosen, reader.current().classes)
        parsed = parse_query(query, indicators, {chosen: periods_of(values)}, codes, {chosen: default_period(values)})
        content = view(parsed.indicator, parsed.period, parsed.region, lang)
        compare = comparison(parsed.compare, lang)
    except queries.DatabaseError:
        log.exception("wilayah page: database error")
        return html.Div(error_notice(lang))
    notice = parsed.notice(lang)
    region_options = [{"label": r["name_full"], "value": r["code"]} for r in regencies.to_dict("records")]
    return html.Div(
        [
            html.H1(t("wil_title", lang), className="h3 mb-1"),
            html.P(t("wil_lead", lang), className="text-muted"),
            html.Div(notice, className="alert alert-warning py-2", role="status", id="wilayah-notice")
            if notice
            else None,
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.Label(
                                t("wil_indicator", lang), htmlFor=Id.INDICATOR, className="form-label small fw-semibold"
                            ),
                            dbc.Select(
                                id=Id.INDICATOR,
                                options=indicator_options(catalogue, sectors, lang),
                                value=parsed.indicator,
                            ),
                        ],
                        md=6,
                        className="mb-2",
                    ),
                    dbc.Col(
                        [
                            html.Label(
                                t("wil_period", lang), htmlFor=Id.PERIOD, className="form-label small fw-semibold"
                            ),
                            dbc.Select(id=Id.PERIOD, options=period_options(values, lang), value=parsed.period),
                        ],
                        xs=6,
                        md=2,
                        className="mb-2",
                    ),
                    dbc.Col(
                        [
                            html.Label(
                                t("wil_region", lang), htmlFor=Id.REGION, className="form-label small fw-semibold"
                            ),
                            dbc.Select(
                                id=Id.REGION,
                                options=[{"label": t("wil_region_placeholder", lang), "value": ""}, *region_options],
                                # The placeholder is what the list shows while nothing is chosen.
                                placeholder=t("wil_region_placeholder", lang),
                                value=parsed.region or "",
                            ),
                        ],
                        xs=6,
                        md=4,
                        className="mb-2",
                    ),
                ],
                className="wilayah-filters",
            ),
            dcc.Loading(html.Div(content, className="row", id=Id.VIEW), delay_show=400),
            html.Section(
                [
                    html.H2(t("wil_compare_title", lang), className="h5"),
                    html.Fieldset(
                        [
                            html.Legend(t("wil_compare_label", lang), className="form-label small fw-semibold"),
                            dbc.Checklist(
                                id=Id.COMPARE,
                                options=region_options,
                                value=parsed.compare,
                                inline=True,
                                class_name="mb-2 reg-compare-options",
                            ),
                        ]
                    ),
                    html.Div(compare, id=Id.COMPARISON),
                ],
                className="card card-body mb-3",
                id="wilayah-compare-section",
            ),
            html.Div(id=Id.URL_SYNC, hidden=True),
        ],
        className="wilayah-page",
    )


@callback(
    Output(Id.PERIOD, "options"),
    Output(Id.PERIOD, "value"),
    Input(Id.INDICATOR, "value"),
    State(Id.PERIOD, "value"),
    prevent_initial_call=True,
)
def on_indicator(indicator: str, period: str | None):
    """The periods of the chosen indicator; keep the period when the indicator has it, else its latest."""
    indicator, period = check.code(indicator), check.period(period)
    lang = reader.lang()
    try:
        values = queries.regional_values(indicator, reader.current().classes)
    except queries.DatabaseError:
        log.exception("wilayah: database error")
        return no_update, no_update
    options = period_options(values, lang)
    available = [o["value"] for o in options]
    return options, period if period in available else default_period(values)


@callback(
    Output(Id.REGION, "value"),
    Input({"type": "chart", "id": Id.MAP}, "clickData"),
    Input({"type": "chart", "id": Id.BAR}, "clickData"),
    State(Id.REGION, "value"),
    prevent_initial_call=True,
)
def on_click(map_click: dict | None, bar_click: dict | None, current: str | None):
    """A click on the map or a bar selects that regency."""
    map_click, bar_click, current = check.click_data(map_click), check.click_data(bar_click), check.code(current)
    trigger = dash.ctx.triggered_id
    if isinstance(trigger, dict) and trigger.get("id") == Id.MAP:
        code = code_from_click(map_click)
    else:
        # The ranked bar names its regencies on the y axis.
        points = (bar_click or {}).get("points") or [{}]
        regencies = _regencies()
        match = regencies.loc[regencies["name"] == points[0].get("y"), "code"]
        code = match.iloc[0] if len(match) else None
    return code if code and code != current else no_update


@callback(
    Output(Id.VIEW, "children"),
    Input(Id.INDICATOR, "value"),
    Input(Id.PERIOD, "value"),
    Input(Id.REGION, "value"),
    prevent_initial_call=True,
)
def on_filters(indicator: str, period: str, region: str | None):
    """Redraw the map, the ranking and the table for the chosen filters."""
    indicator, period, region = check.code(indicator), check.period(period), check.code(region)
    lang = reader.lang()
    try:
        return view(indicator, period, region or None, lang)
    except queries.DatabaseError:
        log.exception("wilayah: database error")
        return [error_notice(lang)]


@callback(Output(Id.COMPARISON, "children"), Input(Id.COMPARE, "value"), prevent_initial_call=True)
def on_compare(codes: list[str] | None):
    """Redraw the scorecard for the chosen regencies."""
    codes = check.codes(codes, max_items=20)
    lang = reader.lang()
    try:
        return comparison(list(codes or []), lang)
    except queries.DatabaseError:
        log.exception("wilayah: database error")
        return error_notice(lang)


# The address always says what is shown, so a copied link reopens the same view (no page reload, no history spam).
clientside_callback(
    """
    function (indicator, period, region, compare) {
        const parts = ["indikator=" + encodeURIComponent(indicator || ""), "periode=" + encodeURIComponent(period || "")];
        if (region) { parts.push("wilayah=" + encodeURIComponent(region)); }
        if (compare && compare.length) { parts.push("banding=" + compare.map(encodeURIComponent).join(",")); }
        const search = "?" + parts.join("&");
        if (window.location.search !== search) {
            window.history.replaceState(window.history.state, "", window.location.pathname + search);
        }
        return search;
    }
    """,
    Output(Id.URL_SYNC, "title"),
    Input(Id.INDICATOR, "value"),
    Input(Id.PERIOD, "value"),
    Input(Id.REGION, "value"),
    Input(Id.COMPARE, "value"),
)
