"""/indikator/<kode> — one indicator: chart, table and metadata tabs, under the reader's filters; downloads."""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import NamedTuple
from urllib.parse import urlparse

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, ctx, dcc, html, no_update
from flask import request

from components import export, indicator_view
from components.filters import filter_bar
from components.grid import grid
from components.layout import error_notice, not_found_notice, sample_notice, url_notice
from components.metadata import classification_label, frequency_label, metadata_panel
from components.tabs import tabs as portal_tabs
from components.user_menu import raw_download_link
from portal import fmt, queries
from portal.i18n import pick, t, t_of
from portal.periods import label
from portal.urlfilters import Parsed, parse, region_lookup, scalar, scalars
from web import reader


def _title(kode: str | None = None, **_vars) -> str:
    """The indicator's name in the browser tab; the code of an unknown or hidden one is never echoed."""
    try:
        meta = queries.indicator(str(kode), reader.current().classes)
    except queries.DatabaseError:
        meta = None
    name = pick(meta, "name", reader.lang()) if meta else t("not_found_title", reader.lang())
    return f"{name} · Satu Data Kaltim"


dash.register_page(__name__, path_template="/indikator/<kode>", title=_title)
log = logging.getLogger(__name__)


class Ids(StrEnum):
    URL = "indikator-url"
    CODE = "indikator-kode"
    NOTICE = "indikator-notice"
    REGIONS = "indikator-wilayah"
    START = "indikator-dari"
    END = "indikator-sampai"
    CHARTS = "indikator-grafik"
    TABLE = "indikator-tabel"
    TABLE_CAPTION = "indikator-tabel-keterangan"
    TABS = "indikator-tabs"
    CSV = "indikator-csv"
    XLSX = "indikator-xlsx"
    ZIP = "indikator-zip"
    DOWNLOAD = "indikator-download"


FILTER_IDS = {"regions": Ids.REGIONS, "start": Ids.START, "end": Ids.END}
EXPORT_IDS = {"csv": Ids.CSV, "xlsx": Ids.XLSX, "zip": Ids.ZIP, "download": Ids.DOWNLOAD}


class PageData(NamedTuple):
    meta: dict
    obs: pd.DataFrame  # every observation of the indicator (for metadata and coverage)
    regencies: pd.DataFrame
    parsed: Parsed
    years: list[int]
    view: indicator_view.IndicatorView


def _load(code: str, query: dict, lang: str) -> PageData | None:
    """Read the indicator and its data; None when it is unknown or not visible to the reader."""
    meta, obs, targets = queries.indicator_data(code, reader.current().classes)
    if meta is None:
        return None
    regions = queries.regions()
    years = indicator_view.years(obs)
    bounds = (years[0], years[-1]) if years else (0, 0)
    parsed = parse(query, region_lookup(regions.to_dict("records")), bounds)
    view = indicator_view.build(meta, obs, targets, parsed.filters, lang)
    return PageData(meta, obs, regions[regions["level"] == "kabkota"], parsed, years, view)


def table_rows(view: indicator_view.IndicatorView) -> list[dict]:
    """The grid's rows: the values the charts show, formatted in the reader's language."""
    lang, meta = view.lang, view.meta
    unit, decimals = pick(meta, "unit", lang), int(meta["decimals"])
    return [
        {
            "region_name": r["region_name"],
            "region": r["region"],
            "period": r["period"],
            "period_label": label(r["period"], lang),
            "value": r["value"],
            "value_text": fmt.value(r["value"], unit, decimals, lang),
            "status": t_of("ind_status", r["status"], lang),
            "kind": t("sample_badge", lang) if r["is_sample"] else t("real_badge", lang),
            "source": _source(r, lang),
        }
        for r in view.rows.to_dict("records")
    ]


def _source(row: dict, lang: str) -> str:
    """A real value links to the publication it was read in (shown by its site); a sample says so."""
    url = row["source_url"]
    if row["is_sample"] or not isinstance(url, str) or not url:
        return t("chart_sample_point", lang) if row["is_sample"] else row["source_title"]
    return f"[{urlparse(url).netloc.removeprefix('www.')}]({url})"


def _columns(lang: str) -> list[dict]:
    return [
        {"field": "region_name", "headerName": t("ind_col_region", lang), "minWidth": 150, "pinned": "left"},
        {"field": "region", "headerName": t("ind_col_code", lang), "width": 110},
        {
            "field": "period",
            "headerName": t("ind_col_period", lang),
            "valueFormatter": {"function": "params.data.period_label"},
            "width": 130,
        },
        {
            "field": "value",
            "headerName": t("ind_col_value", lang),
            "valueFormatter": {"function": "params.data.value_text"},
            "type": "rightAligned",
            "filter": "agNumberColumnFilter",
            "width": 140,
        },
        {"field": "status", "headerName": t("ind_col_status", lang), "width": 120},
        {"field": "kind", "headerName": t("ind_col_kind", lang), "width": 140},
        {
            "field": "source",
            "headerName": t("ind_col_source", lang),
            "cellRenderer": "markdown",
            "linkTarget": "_blank",
            "minWidth": 180,
            "flex": 1,
        },
    ]


def _header(meta: dict, lang: str) -> list:
    sector = meta["sector"]
    badges = [
        dbc.Badge(classification_label(meta["classification"], lang), color="secondary", className="me-1"),
        dbc.Badge(frequency_label(meta["frequency"], lang), color="light", text_color="dark", className="me-1"),
        dbc.Badge(pick(meta, "unit", lang), color="light", text_color="dark"),
    ]
    return [
        html.Nav(
            html.Ol(
                [
                    html.Li(dcc.Link(t("nav_home", lang), href="/"), className="breadcrumb-item"),
                    html.Li(
                        dcc.Link(pick(meta, "sector_name", lang), href=f"/sektor/{sector}"), className="breadcrumb-item"
                    ),
                    html.Li(pick(meta, "name", lang), className="breadcrumb-item active", **{"aria-current": "page"}),
                ],
                className="breadcrumb small mb-1",
            ),
            **{"aria-label": t("ind_breadcrumb", lang)},
        ),
        html.H1(pick(meta, "name", lang), className="h3 mb-1"),
        html.Div(badges, className="mb-2"),
        html.P(pick(meta, "definition", lang), className="text-muted indicator-definition mb-1"),
        html.P(
            dcc.Link(t("ind_map_link", lang) + " →", href=f"/wilayah?indikator={meta['code']}", id="indikator-peta"),
            className="mb-3",
        ),
    ]


def _caption(view: indicator_view.IndicatorView) -> str:
    return t("ind_table_caption", view.lang, count=fmt.number(len(view.rows), 0, view.lang))


def layout(kode: str | None = None, **query) -> html.Div:
    lang = reader.lang()
    try:
        data = _load(str(kode), query, lang)
    except queries.DatabaseError:
        log.exception("indicator page: database error")
        return html.Div(error_notice(lang))
    if data is None:
        return html.Div(
            [
                not_found_notice(lang, t("ind_unknown", lang)),
                dcc.Link(t("ind_to_catalogue", lang), href="/katalog"),
            ]
        )
    meta, view = data.meta, data.view
    tabs = portal_tabs(
        Ids.TABS,
        [
            ("grafik", t("ind_tab_chart", lang), html.Div(indicator_view.render(view, "indikator"), id=Ids.CHARTS)),
            (
                "tabel",
                t("ind_tab_table", lang),
                [
                    html.P(_caption(view), id=Ids.TABLE_CAPTION, className="small text-muted"),
                    grid(Ids.TABLE, table_rows(view), _columns(lang), lang, page_size=25),
                ],
            ),
            ("metadata", t("ind_tab_meta", lang), metadata_panel(meta, data.obs, lang)),
        ],
        "grafik",
        t("ind_tabs_label", lang),
    )
    return html.Div(
        [
            dcc.Location(id=Ids.URL, refresh=False),
            dcc.Store(id=Ids.CODE, data=meta["code"]),
            *_header(meta, lang),
            sample_notice(lang),
            url_notice(Ids.NOTICE, data.parsed.notice(lang)),
            filter_bar(FILTER_IDS, data.regencies, data.parsed.filters, data.years, lang),
            export.download_bar(EXPORT_IDS, lang),
            raw_download_link(meta["code"], reader.current()),
            tabs,
        ],
        className="indicator-page",
        **{"data-indicator": meta["code"]},
    )


def _query(regions, start, end) -> dict:
    """The filters the browser sent, as the URL would say them (anything malformed becomes empty)."""
    return {"wilayah": ",".join(scalars(regions)), "dari": scalar(start), "sampai": scalar(end)}


@callback(
    Output(Ids.CHARTS, "children"),
    Output(Ids.TABLE, "rowData"),
    Output(Ids.TABLE_CAPTION, "children"),
    Output(Ids.URL, "search"),
    Output(Ids.NOTICE, "children"),
    Input(Ids.REGIONS, "value"),
    Input(Ids.START, "value"),
    Input(Ids.END, "value"),
    State(Ids.CODE, "data"),
    prevent_initial_call=True,
)
def update_view(regions, start, end, code):
    """A filter changed: rebuild charts, sentences and table, and write the filters into the address."""
    lang = reader.lang()
    try:
        data = _load(scalar(code), _query(regions, start, end), lang)
    except queries.DatabaseError:
        log.exception("indicator page: database error")
        return error_notice(lang), no_update, no_update, no_update, no_update
    if data is None:
        return no_update, no_update, no_update, no_update, no_update
    view = data.view
    notice = url_notice(Ids.NOTICE, data.parsed.notice(lang)).children
    return (
        indicator_view.render(view, "indikator"),
        table_rows(view),
        _caption(view),
        data.parsed.filters.search(),
        notice,
    )


@callback(
    Output(Ids.DOWNLOAD, "data"),
    Input(Ids.CSV, "n_clicks"),
    Input(Ids.XLSX, "n_clicks"),
    Input(Ids.ZIP, "n_clicks"),
    State(Ids.REGIONS, "value"),
    State(Ids.START, "value"),
    State(Ids.END, "value"),
    State(Ids.CODE, "data"),
    prevent_initial_call=True,
)
def download(_csv, _xlsx, _zip, regions, start, end, code):
    """CSV, XLSX (with a metadata sheet) or a ZIP of the charts, of exactly the view on screen."""
    lang = reader.lang()
    code = scalar(code)
    data = _load(code, _query(regions, start, end), lang)
    if data is None:
        return no_update
    url = f"{request.host_url.rstrip('/')}/indikator/{code}{data.parsed.filters.search()}"
    kind = {Ids.CSV: "csv", Ids.XLSX: "xlsx", Ids.ZIP: "zip"}[ctx.triggered_id]
    return export.view_download(kind, data.view, url)
