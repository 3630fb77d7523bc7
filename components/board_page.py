"""The exception board's parts: filters, the count per status, the ranked rows with their reasons, downloads."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components import export
from components.layout import sample_notice, url_notice
from components.listing import controls, select
from portal import fmt, params
from portal.i18n import pick, t
from portal.periods import label
from portal.state.board import BoardPage, Item, t_status, table
from portal.vocab import BoardStatus

PAGE_SIZE = 25
# Colour beside the words, never instead of them (Bootstrap's contrast-checked badge colours).
BADGES = {
    BoardStatus.PERLU_PERHATIAN: "text-bg-danger",
    BoardStatus.MEMBURUK: "text-bg-warning",
    BoardStatus.STAGNAN: "text-bg-secondary",
    BoardStatus.AKAN_TERCAPAI: "text-bg-primary",
    BoardStatus.TIDAK_BERUBAH: "text-bg-secondary",
    BoardStatus.MEMBAIK: "text-bg-success",
    BoardStatus.TERCAPAI: "text-bg-success",
    BoardStatus.TIDAK_DINILAI: "text-bg-light border",
}
ICONS = {
    BoardStatus.PERLU_PERHATIAN: "▼",
    BoardStatus.MEMBURUK: "▼",
    BoardStatus.AKAN_TERCAPAI: "▲",
    BoardStatus.MEMBAIK: "▲",
    BoardStatus.TERCAPAI: "✓",
}


def badge(status: BoardStatus, lang: str) -> html.Span:
    """A status as a badge: an arrow, the words, the colour."""
    icon = ICONS.get(status, "■")
    return html.Span(
        [html.Span(icon, **{"aria-hidden": "true"}), " ", t_status(status, lang)],
        className=f"badge board-status {BADGES[status]}",
        **{"data-status": status.value},
    )


def item(it: Item, lang: str) -> html.Li:
    """One row of the board: status, indicator and region, value and period, the reason."""
    r, m = it.row, it.meta
    href = f"/indikator/{r['indicator']}" + params.address({"wilayah": [] if r["region"] == "64" else [r["region"]]})
    facts = [
        html.Span(fmt.value(r["value"], pick(m, "unit", lang), int(m["decimals"]), lang), className="fw-semibold"),
        html.Span(f" · {label(r['period'], lang)}", className="text-muted"),
    ]
    if r["is_sample"] or r.get("target_is_sample"):
        facts.append(html.Span(t("brd_sample", lang), className="badge text-bg-light border ms-2 sample-badge"))
    return html.Li(
        html.Article(
            [
                html.Div([badge(it.status, lang)], className="mb-1"),
                html.H3(
                    [dcc.Link(pick(m, "name", lang), href=href), html.Span(f" · {r['region_name']}")],
                    className="h6 mb-1 board-title",
                ),
                html.P(facts, className="small mb-1"),
                html.P(it.reason, className="small mb-0 board-reason"),
            ],
            className="board-item card card-body py-2",
        ),
        className="mb-2",
        **{"data-indicator": r["indicator"], "data-region": r["region"], "data-status": r["status"]},
    )


def summary(state: BoardPage, lang: str) -> html.P:
    """How many rows of each status the filters keep (the statuses that have any)."""
    parts = [
        html.Span([badge(BoardStatus(s), lang), f" {fmt.number(n, 0, lang)}"], className="me-3 d-inline-block")
        for s, n in state.counts.items()
        if n
    ]
    return html.P(parts, className="board-summary mb-2")


def rows(state: BoardPage, limit: int, lang: str) -> list:
    """The list, its count line and the button for more."""
    shown = state.items(limit)
    count = t("brd_count", lang, shown=fmt.number(len(shown), 0, lang), total=fmt.number(len(state.rows), 0, lang))
    if not shown:
        return [html.P(t("brd_empty", lang), className="text-muted", id="board-empty")]
    return [
        html.P(count, className="small text-muted", role="status", id="board-count"),
        html.Ol([item(it, lang) for it in shown], className="board-list list-unstyled"),
    ]


def more_button(button_id: str, state: BoardPage, limit: int, lang: str) -> dbc.Button:
    left = len(state.rows) - limit
    return dbc.Button(
        t("brd_more", lang, n=min(PAGE_SIZE, max(left, 0))),
        id=button_id,
        color="secondary",
        outline=True,
        size="sm",
        n_clicks=0,
        style={} if left > 0 else {"display": "none"},
    )


def layout(state: BoardPage, ids, lang: str) -> html.Div:
    """The whole page; `ids` are the page's component ids."""
    chosen = state.chosen
    statuses = [(s.value, t_status(s, lang)) for s in BoardStatus]
    filters = controls(
        lang,
        select(ids.SECTOR, t("brd_sector_filter", lang), state.sectors, chosen["sektor"], lang, xs=12, md=6, lg=3),
        select(ids.REGION, t("brd_region_filter", lang), state.regions, chosen["wilayah"], lang, xs=12, md=6, lg=3),
        select(
            ids.AGENCY,
            t("brd_agency_filter", lang),
            [(a, a) for a in state.agencies],
            chosen["instansi"],
            lang,
            xs=12,
            md=6,
            lg=3,
        ),
        select(ids.STATUS, t("brd_status_filter", lang), statuses, chosen["status"], lang, xs=12, md=6, lg=3),
    )
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.LIMIT, data=PAGE_SIZE),
            html.H1(t("brd_title", lang), className="h3 mb-1"),
            html.P(t("brd_lead", lang), className="text-muted mb-1"),
            html.Details(
                [html.Summary(t("brd_method_title", lang)), html.P(t("brd_method", lang), className="small")],
                className="mb-2 small",
            ),
            sample_notice(lang),
            url_notice(ids.NOTICE, state.notice),
            filters,
            export.download_bar({"csv": ids.CSV, "xlsx": ids.XLSX, "download": ids.DOWNLOAD}, lang, with_zip=False),
            html.Div(summary(state, lang), id=ids.SUMMARY),
            dcc.Loading(html.Div(rows(state, PAGE_SIZE, lang), id=ids.LIST), delay_show=400, type="circle"),
            more_button(ids.MORE, state, PAGE_SIZE, lang),
        ],
        className="board-page",
    )


def download(kind: str, state: BoardPage, lang: str) -> dict:
    """The board as filtered, as CSV or XLSX (with the method on a second sheet)."""
    data = table(state.items(), lang)
    stem = t("brd_file", lang)
    if kind == "csv":
        return export.send(export.csv_bytes(data), f"{stem}.csv")
    method = pd.DataFrame(
        [(t("brd_method_title", lang), t("brd_method", lang))], columns=[t("exp_field", lang), t("exp_value", lang)]
    )
    return export.send(export.xlsx_bytes(data, method, lang), f"{stem}.xlsx")
