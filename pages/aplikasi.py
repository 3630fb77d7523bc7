"""/aplikasi — the directory of the agencies' digital service applications: searchable and filterable."""

from __future__ import annotations

import logging
from enum import StrEnum

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dcc, html, no_update

from components.layout import error_notice, url_notice
from components.listing import choice, controls, filter_rows, respond, results, search_box, select
from portal import fmt, queries
from portal.i18n import pick, t, t_of
from portal.urlfilters import dropped_notice, parse_choices, scalar
from portal.vocab import AppStatus
from web import reader

dash.register_page(__name__, path="/aplikasi", nav="nav_apps", order=4, title="Direktori Aplikasi · Satu Data Kaltim")
log = logging.getLogger(__name__)


class Ids(StrEnum):
    URL = "aplikasi-url"
    NOTICE = "aplikasi-notice"
    SEARCH = "aplikasi-cari"
    AGENCY = "aplikasi-opd"
    SECTOR = "aplikasi-sektor"
    STATUS = "aplikasi-status"
    COUNT = "aplikasi-jumlah"
    GRID = "aplikasi-grid"


def _status(status: str, lang: str) -> str:
    return t_of("apps_status", status, lang)


def grid_rows(apps: pd.DataFrame, lang: str) -> list[dict]:
    rows = []
    for a in apps.to_dict("records"):
        url = a["url"] if isinstance(a["url"], str) and a["url"] else None
        sector = pick(a, "sector_name", lang) if isinstance(a["sector_name_id"], str) else "–"
        rows.append(
            {
                "name": a["name"],
                "agency": a["agency_name"],
                "sector": sector,
                "description": a["description"],
                "address": f"[{url}]({url})" if url else t("apps_no_address", lang),
                "status": _status(a["status"], lang),
                "kind": t("sample_badge", lang) if a["is_sample"] else t("apps_kind_registered", lang),
                "is_sample": bool(a["is_sample"]),
            }
        )
    return rows


def _columns(lang: str) -> list[dict]:
    return [
        {"field": "name", "headerName": t("apps_col_name", lang), "minWidth": 220, "flex": 2, "pinned": "left"},
        {"field": "agency", "headerName": t("apps_col_agency", lang), "minWidth": 200, "flex": 1},
        {"field": "sector", "headerName": t("apps_col_sector", lang), "width": 130},
        {"field": "description", "headerName": t("apps_col_description", lang), "minWidth": 260, "flex": 2},
        {
            "field": "address",
            "headerName": t("apps_col_address", lang),
            "cellRenderer": "markdown",
            "linkTarget": "_blank",
            "minWidth": 160,
        },
        {"field": "status", "headerName": t("apps_col_status", lang), "width": 130},
        {
            "field": "kind",
            "headerName": t("apps_col_kind", lang),
            "width": 140,
            "cellClassRules": {"sample-cell": "params.data.is_sample"},
        },
    ]


def _allowed(apps: pd.DataFrame) -> dict:
    return {
        "opd": apps["agency"].unique().tolist(),
        "sektor": apps["sector"].dropna().unique().tolist(),
        "status": apps["status"].unique().tolist(),
    }


def _filtered(apps: pd.DataFrame, chosen: dict) -> pd.DataFrame:
    return filter_rows(
        apps,
        chosen.get("q"),
        ["name", "agency_name", "description", "sector_name_id", "sector_name_en"],
        {"agency": chosen.get("opd"), "sector": chosen.get("sektor"), "status": chosen.get("status")},
    )


def layout(**query) -> html.Div:
    lang = reader.lang()
    try:
        apps = queries.applications()
    except queries.DatabaseError:
        log.exception("application directory: database error")
        return html.Div(error_notice(lang))
    chosen, dropped = parse_choices(query, _allowed(apps))
    shown = _filtered(apps, chosen)
    agencies = apps.drop_duplicates("agency").sort_values("agency_name")[["agency", "agency_name"]]
    sectors = apps.dropna(subset=["sector"]).drop_duplicates("sector")
    samples = int(apps["is_sample"].astype(bool).sum())
    notices = []
    if apps.empty:
        notices.append(dbc.Alert(t("apps_empty", lang), color="info", id="aplikasi-kosong"))
    if samples:
        notices.append(
            dbc.Alert(
                t("apps_sample_notice", lang, count=fmt.number(samples, 0, lang)),
                color="warning",
                className="py-2",
                id="aplikasi-contoh",
            )
        )
    return html.Div(
        [
            dcc.Location(id=Ids.URL, refresh=False),
            html.H1(t("apps_title", lang), className="h3 mb-1"),
            html.P(t("apps_lead", lang), className="text-muted"),
            *notices,
            url_notice(Ids.NOTICE, dropped_notice(dropped, lang)),
            controls(
                lang,
                search_box(Ids.SEARCH, chosen.get("q", ""), t("apps_search_placeholder", lang), lang, xs=12, lg=3),
                select(
                    Ids.AGENCY,
                    t("apps_agency", lang),
                    list(agencies.itertuples(index=False)),
                    chosen.get("opd"),
                    lang,
                    xs=12,
                    md=6,
                    lg=4,
                ),
                select(
                    Ids.SECTOR,
                    t("apps_sector", lang),
                    [(s["sector"], pick(s, "sector_name", lang)) for s in sectors.to_dict("records")],
                    chosen.get("sektor"),
                    lang,
                    xs=6,
                    md=3,
                    lg=3,
                ),
                select(
                    Ids.STATUS,
                    t("apps_status", lang),
                    [(s, _status(s, lang)) for s in AppStatus if s in set(apps["status"])],
                    chosen.get("status"),
                    lang,
                    xs=6,
                    md=3,
                    lg=2,
                ),
            ),
            *results(Ids.COUNT, Ids.GRID, grid_rows(shown, lang), _columns(lang), len(apps), lang),
        ],
        className="applications-page",
    )


@callback(
    Output(Ids.GRID, "rowData"),
    Output(Ids.COUNT, "children"),
    Output(Ids.URL, "search"),
    Output(Ids.NOTICE, "children"),
    Input(Ids.SEARCH, "value"),
    Input(Ids.AGENCY, "value"),
    Input(Ids.SECTOR, "value"),
    Input(Ids.STATUS, "value"),
    prevent_initial_call=True,
)
def update(text, agency, sector, status):
    """Search or a filter changed: the matching applications, their count, and the address that reopens them."""
    lang = reader.lang()
    try:
        apps = queries.applications()
    except queries.DatabaseError:
        log.exception("application directory: database error")
        return no_update, no_update, no_update, error_notice(lang)
    query = {"q": scalar(text), "opd": choice(agency), "sektor": choice(sector), "status": choice(status)}
    return respond(apps, query, _allowed(apps), _filtered, grid_rows, Ids.NOTICE, lang)
