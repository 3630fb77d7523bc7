"""The indicator page's parts: the header, the chart, table and metadata tabs."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import export, series
from components.delivery_page import stage_badge
from components.grid import grid
from components.layout import sample_notice, url_notice
from components.metadata import classification_label, frequency_label, metadata_panel
from components.tabs import tabs
from components.user_menu import raw_download_link
from portal.access import Reader
from portal.i18n import pick, t
from portal.state.charts import Chart
from portal.state.indicator import IndicatorPage
from portal.state.series import SeriesView


def columns(lang: str, with_stage: bool = False) -> list[dict]:
    """The table's columns; `with_stage` adds the stage (Terbit) for readers who also see drafts."""
    stage = [{"field": "stage", "headerName": t("ind_col_stage", lang), "width": 110}] if with_stage else []
    return [*_columns(lang), *stage]


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
            "minWidth": 180,
            "flex": 1,
        },
    ]


def header(meta: dict, lang: str) -> list:
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


def history(state: IndicatorPage, reader: Reader) -> html.Section | None:
    """The values that were corrected ("diperbaiki") or removed, each with its earlier versions."""
    if not state.history:
        return None
    lang = reader.lang
    items = []
    for h in state.history:
        versions = []
        for v in h.versions:
            who = [" · ", dcc.Link(f"#{v.delivery}", href=f"/kiriman/{v.delivery}")] if v.delivery else []
            versions.append(
                html.Li(
                    [
                        html.Strong(v.value),
                        f" ({v.status}) · {t('ind_history_span', lang, published=v.published, replaced=v.replaced)}"
                        f" · {v.source}",
                        *([f" · {v.by}"] if v.by else []),
                        *who,
                    ],
                    className="small",
                )
            )
        items.append(
            html.Li(
                [
                    html.Div([html.Strong(f"{h.region_name} · {h.period}: "), h.current]),
                    html.Ul(versions, className="mb-0 ps-3"),
                ],
                className="list-group-item",
            )
        )
    return html.Section(
        [
            html.H2(t("ind_history_title", lang), className="h6 mt-3"),
            html.P(t("ind_history_lead", lang), className="small text-muted"),
            html.Ul(items, className="list-group", id="indikator-riwayat"),
        ]
    )


def pending(state: IndicatorPage, reader: Reader) -> html.Section | None:
    """Draft values of this indicator, with their stage badges: only for readers who may see drafts."""
    if not state.pending:
        return None
    lang = reader.lang
    return html.Section(
        [
            html.H2(t("ind_pending_title", lang), className="h6"),
            html.Ul(
                [
                    html.Li(
                        [
                            stage_badge(p.stage, p.stage_text),
                            dcc.Link(f"#{p.delivery}", href=f"/kiriman/{p.delivery}", className="me-2"),
                            f"{p.where}: ",
                            html.Strong(p.value),
                        ],
                        className="small",
                    )
                    for p in state.pending
                ],
                className="list-unstyled mb-0",
            ),
        ],
        className="alert alert-secondary py-2",
        id="indikator-draf",
    )


def address(state: IndicatorPage) -> str:
    """The address of the page's view (what its lazy charts are drawn from)."""
    return series.address(state.series.view, "indikator")


def charts(view: SeriesView) -> dict[str, tuple[Chart, int]]:
    """Every chart of the page's view by its id, with its height (what a lazy chart is drawn from)."""
    return {series.chart_id("indikator", c): (c, series.SERIES_HEIGHT) for c in view.charts}


def layout(state: IndicatorPage, ids, reader: Reader) -> html.Div:
    """The whole page; `ids` are the page's component ids."""
    lang, found = reader.lang, state.series
    meta = found.meta
    panels = [
        # The charts are below the first screen (under the window and download bars): drawn when they come near it.
        (
            "grafik",
            t("ind_tab_chart", lang),
            html.Div(series.render(found.view, "indikator", address(state)), id=ids.CHARTS),
        ),
        (
            "tabel",
            t("ind_tab_table", lang),
            [
                html.P(state.caption, id=ids.TABLE_CAPTION, className="small text-muted"),
                grid(
                    ids.TABLE, state.table, columns(lang, reader.drafts is not None), lang, page_size=25, deferred=True
                ),
                history(state, reader),
            ],
        ),
        ("metadata", t("ind_tab_meta", lang), metadata_panel(meta, found.coverage, lang)),
    ]
    window_ids = {"regions": ids.REGIONS, "start": ids.START, "end": ids.END}
    export_ids = {"csv": ids.CSV, "xlsx": ids.XLSX, "zip": ids.ZIP, "download": ids.DOWNLOAD}
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.KEY, data=meta["code"]),
            *header(meta, lang),
            sample_notice(lang),
            url_notice(ids.NOTICE, found.notice),
            series.window_bar(window_ids, found, lang),
            export.download_bar(export_ids, lang),
            raw_download_link(meta["code"], reader),
            pending(state, reader),
            tabs(ids.TABS, panels, "grafik", t("ind_tabs_label", lang)),
        ],
        className="indicator-page",
        **{"data-indicator": meta["code"]},
    )
