"""The application directory's parts: its heading and notices (none registered; how many entries are sample
data), and the grid's columns; the filter bar, count and grid are the list pages' (components/listing.py)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from components import listing
from portal.i18n import t
from portal.state.applications import Directory

WIDTHS = {
    "q": {"xs": 12, "lg": 3},
    "opd": {"xs": 12, "md": 6, "lg": 4},
    "sektor": {"xs": 6, "md": 3, "lg": 3},
    "status": {"xs": 6, "md": 3, "lg": 2},
}


def columns(lang: str) -> list[dict]:
    return [
        {"field": "name", "headerName": t("apps_col_name", lang), "minWidth": 220, "flex": 2, "pinned": "left"},
        {"field": "agency", "headerName": t("apps_col_agency", lang), "minWidth": 200, "flex": 1},
        {"field": "sector", "headerName": t("apps_col_sector", lang), "width": 130},
        {"field": "description", "headerName": t("apps_col_description", lang), "minWidth": 260, "flex": 2},
        {
            "field": "address",
            "headerName": t("apps_col_address", lang),
            "cellRenderer": "markdown",
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


def layout(state: Directory, ids, selects: dict[str, str], lang: str) -> html.Div:
    """The whole page; `ids` are the page's, `selects` its filters' ids by parameter."""
    head = [
        html.H1(t("apps_title", lang), className="h3 mb-1"),
        html.P(t("apps_lead", lang), className="text-muted"),
        dbc.Alert(t("apps_empty", lang), color="info", id="aplikasi-kosong") if state.empty else None,
        dbc.Alert(state.samples, color="warning", className="py-2", id="aplikasi-contoh") if state.samples else None,
    ]
    placeholder = t("apps_search_placeholder", lang)
    return listing.layout(
        state.listing, ids, selects, WIDTHS, head, placeholder, columns(lang), lang, "applications-page"
    )
