"""/sektor/<kode> — one priority sector: headline KPIs, the trend and ranking of a chosen indicator, what changed."""

from __future__ import annotations

import logging
from dataclasses import replace
from enum import StrEnum
from typing import NamedTuple

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from flask import request

from components import export, indicator_view
from components.chart_card import chart_card
from components.filters import filter_bar
from components.kpi_card import kpi_card
from components.layout import error_notice, not_found_notice, sample_notice, url_notice
from portal import queries
from portal.i18n import pick, t
from portal.kpi import headline_kpis
from portal.urlfilters import Parsed, parse, region_lookup, scalar, scalars
from portal.vocab import sectors
from web import reader

# The priority sectors of the reference data (data/reference/sectors.csv), by code, in their order.
SECTORS = {s["code"]: s for s in sectors()}


def _title(kode: str | None = None, **_vars) -> str:
    lang = reader.lang()
    name = pick(SECTORS[kode], "name", lang) if kode in SECTORS else "404"
    return f"{t('sec_title', lang, name=name)} · Satu Data Kaltim"


dash.register_page(
    __name__,
    path_template="/sektor/<kode>",
    title=_title,
    nav="nav_sectors",
    nav_items=[(f"/sektor/{code}", names) for code, names in SECTORS.items()],
    order=1,
)
log = logging.getLogger(__name__)


class Ids(StrEnum):
    URL = "sektor-url"
    SECTOR = "sektor-kode"
    NOTICE = "sektor-notice"
    INDICATOR = "sektor-indikator"
    REGIONS = "sektor-wilayah"
    START = "sektor-dari"
    END = "sektor-sampai"
    VIEW = "sektor-view"
    CSV = "sektor-csv"
    XLSX = "sektor-xlsx"
    ZIP = "sektor-zip"
    DOWNLOAD = "sektor-download"


FILTER_IDS = {"indicator": Ids.INDICATOR, "regions": Ids.REGIONS, "start": Ids.START, "end": Ids.END}
EXPORT_IDS = {"csv": Ids.CSV, "xlsx": Ids.XLSX, "zip": Ids.ZIP, "download": Ids.DOWNLOAD}


class PageData(NamedTuple):
    """Everything the page shows, read from the database for one request."""

    sector: dict
    catalogue: pd.DataFrame  # the sector's public indicators
    regencies: pd.DataFrame
    parsed: Parsed
    years: list[int]
    view: indicator_view.IndicatorView


def _load(sector_code: str, query: dict, lang: str) -> PageData | None:
    """Read the sector, its indicators and the chosen indicator's data; None when the sector is unknown."""
    sectors = queries.sectors()
    found = sectors[sectors["code"] == sector_code]
    if found.empty:
        return None
    classes = reader.current().classes
    catalogue = queries.catalogue(classes)
    catalogue = catalogue[catalogue["sector"] == sector_code]
    codes = catalogue["code"].tolist()
    chosen = str(query.get("indikator") or "")
    code = chosen if chosen in codes else codes[0]
    meta, obs, targets = queries.indicator_data(code, classes)
    regions = queries.regions()
    years = indicator_view.years(obs)
    bounds = (years[0], years[-1]) if years else (0, 0)
    parsed = parse(query, region_lookup(regions.to_dict("records")), bounds, codes)
    filters = parsed.filters
    if filters.indicator is None:
        filters = replace(filters, indicator=code)
        parsed = Parsed(filters, parsed.dropped)
    view = indicator_view.build(meta, obs, targets, filters, lang)
    regencies = regions[regions["level"] == "kabkota"]
    return PageData(found.iloc[0].to_dict(), catalogue, regencies, parsed, years, view)


def _view_children(state: PageData, lang: str) -> list:
    view = state.view
    link = dcc.Link(
        t("sec_indicator_link", lang) + " →",
        href=f"/indikator/{view.meta['code']}{replace(view.filters, indicator=None).search()}",
        className="indicator-link d-inline-block mb-3",
        id="sektor-indicator-link",
    )
    return [link, *indicator_view.render(view, "sektor")]


def _headline(catalogue: pd.DataFrame) -> pd.DataFrame:
    """The sector's headline indicators in their order."""
    return catalogue[catalogue["headline"].notna()].sort_values("headline")


def _headline_rankings(catalogue: pd.DataFrame, lang: str) -> list[indicator_view.Chart]:
    """Each headline indicator's regencies ranked at their latest period: who is behind, sector-wide."""
    charts = []
    for code in _headline(catalogue)["code"]:
        meta, obs, _targets = queries.indicator_data(code, reader.current().classes)
        if meta is None or obs.empty:
            continue
        _period, latest, province = indicator_view.latest_ranking(meta, obs)
        if len(latest):
            charts.append(indicator_view.ranking_chart(meta, latest, province, lang))
    return charts


def _standing(charts: list[indicator_view.Chart], lang: str) -> html.Section | None:
    if not charts:
        return None
    cols = [
        dbc.Col(chart_card(f"sektor-utama-{c.ctx.filename}", c.figure, c.ctx, c.summary, height=480), xs=12, lg=4)
        for c in charts
    ]
    return html.Section(
        [html.H2(t("sec_standing", lang), className="h5"), dbc.Row(cols, className="g-3")],
        className="sector-standing",
    )


def _kpi_cards(catalogue: pd.DataFrame, lang: str) -> dbc.Row:
    headline = _headline(catalogue)
    codes = headline["code"].tolist()
    kpis = headline_kpis(
        headline, queries.headline_observations(classes=reader.current().classes), queries.targets(codes)
    )
    meta = headline.set_index("code", drop=False)
    return dbc.Row(
        [dbc.Col(kpi_card(kpis[c], meta.loc[c].to_dict(), lang), xs=12, md=6, xl=4, className="mb-3") for c in codes]
    )


def layout(kode: str | None = None, **query) -> html.Div:
    lang = reader.lang()
    try:
        state = _load(str(kode), query, lang)
        if state is None:
            return not_found_notice(lang, t("sec_unknown", lang, code=kode))
        cards = _kpi_cards(state.catalogue, lang)
        standing = _standing(_headline_rankings(state.catalogue, lang), lang)
    except queries.DatabaseError:
        log.exception("sector page: database error")
        return html.Div(error_notice(lang))
    name = pick(state.sector, "name", lang)
    indicators = [(c["code"], pick(c, "name", lang)) for c in state.catalogue.to_dict("records")]
    return html.Div(
        [
            dcc.Location(id=Ids.URL, refresh=False),
            dcc.Store(id=Ids.SECTOR, data=state.sector["code"]),
            html.H1(t("sec_title", lang, name=name), className="h3 mb-1"),
            html.P(t("sec_lead", lang, name=name.lower()), className="text-muted"),
            sample_notice(lang),
            url_notice(Ids.NOTICE, state.parsed.notice(lang)),
            html.Section(
                [html.H2(t("sec_headline", lang), className="h5"), cards],
                className="sector-kpis",
            ),
            standing,
            html.H2(t("sec_compare", lang), className="h5 mt-2"),
            filter_bar(FILTER_IDS, state.regencies, state.parsed.filters, state.years, lang, indicators),
            export.download_bar(EXPORT_IDS, lang),
            dcc.Loading(html.Div(_view_children(state, lang), id=Ids.VIEW), delay_show=400, type="circle"),
        ],
        className="sector-page",
        **{"data-sector": state.sector["code"]},
    )


def _query(indicator, regions, start, end) -> dict:
    """The filters the browser sent, as the URL would say them (anything malformed becomes empty)."""
    return {
        "indikator": scalar(indicator),
        "wilayah": ",".join(scalars(regions)),
        "dari": scalar(start),
        "sampai": scalar(end),
    }


@callback(
    Output(Ids.VIEW, "children"),
    Output(Ids.URL, "search"),
    Output(Ids.NOTICE, "children"),
    Input(Ids.INDICATOR, "value"),
    Input(Ids.REGIONS, "value"),
    Input(Ids.START, "value"),
    Input(Ids.END, "value"),
    State(Ids.SECTOR, "data"),
    prevent_initial_call=True,
)
def update_view(indicator, regions, start, end, sector):
    """A filter changed: rebuild the charts and sentences, and write the filters into the address."""
    lang = reader.lang()
    try:
        state = _load(scalar(sector), _query(indicator, regions, start, end), lang)
    except queries.DatabaseError:
        log.exception("sector page: database error")
        return error_notice(lang), no_update, no_update
    if state is None:
        return no_update, no_update, no_update
    notice = url_notice(Ids.NOTICE, state.parsed.notice(lang)).children
    return _view_children(state, lang), state.parsed.filters.search(), notice


@callback(
    Output(Ids.DOWNLOAD, "data"),
    Input(Ids.CSV, "n_clicks"),
    Input(Ids.XLSX, "n_clicks"),
    Input(Ids.ZIP, "n_clicks"),
    State(Ids.INDICATOR, "value"),
    State(Ids.REGIONS, "value"),
    State(Ids.START, "value"),
    State(Ids.END, "value"),
    State(Ids.SECTOR, "data"),
    prevent_initial_call=True,
)
def download(_csv, _xlsx, _zip, indicator, regions, start, end, sector):
    """CSV, XLSX or a ZIP of the charts, of exactly the view on screen."""
    lang = reader.lang()
    sector = scalar(sector)
    state = _load(sector, _query(indicator, regions, start, end), lang)
    if state is None:
        return no_update
    url = f"{request.host_url.rstrip('/')}/sektor/{sector}{state.parsed.filters.search()}"
    kind = {Ids.CSV: "csv", Ids.XLSX: "xlsx", Ids.ZIP: "zip"}[ctx.triggered_id]
    more = _headline_rankings(state.catalogue, lang) if kind == "zip" else []
    return export.view_download(kind, state.view, url, more)
