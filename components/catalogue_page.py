"""The catalogue's parts: its heading, and the grid's columns (name linked to the indicator's page, freshness
coloured); the filter bar, count and grid are the list pages' (components/listing.py)."""

from __future__ import annotations

from dash import html

from components import listing
from portal.i18n import t
from portal.state.listing import Listing

WIDTHS = {"q": {"xs": 12, "lg": 4}, "sektor": {"xs": 12, "md": 6, "lg": 3}, "produsen": {"xs": 12, "md": 6, "lg": 5}}


def columns(lang: str) -> list[dict]:
    return [
        {
            "field": "name",
            "headerName": t("cat_col_name", lang),
            "cellRenderer": "markdown",
            "minWidth": 240,
            "flex": 2,
            "pinned": "left",
        },
        {"field": "sector", "headerName": t("cat_col_sector", lang), "width": 130},
        {"field": "unit", "headerName": t("cat_col_unit", lang), "width": 130},
        {"field": "frequency", "headerName": t("cat_col_frequency", lang), "width": 130},
        {"field": "producer", "headerName": t("cat_col_producer", lang), "minWidth": 200, "flex": 1},
        {
            "field": "latest",
            "headerName": t("cat_col_latest", lang),
            "valueFormatter": {"function": "params.data.latest_label"},
            "width": 130,
        },
        {
            "field": "fresh",
            "headerName": t("cat_col_fresh", lang),
            "cellClassRules": {
                "fresh-current": "params.data.fresh_state === 'current'",
                "fresh-behind": "params.data.fresh_state !== 'current'",
            },
            "width": 140,
        },
        {"field": "loaded", "headerName": t("cat_col_loaded", lang), "width": 140},
        {"field": "data", "headerName": t("cat_col_data", lang), "width": 170},
        {"field": "code", "headerName": t("cat_col_code", lang), "width": 190},
    ]


def layout(found: Listing, ids, selects: dict[str, str], lang: str) -> html.Div:
    """The whole page; `ids` are the page's, `selects` its filters' ids by parameter."""
    head = [
        html.H1(t("cat_title", lang), className="h3 mb-1"),
        html.P(t("cat_lead", lang), className="text-muted"),
        html.P(
            html.A(t("pack_link_all", lang), href="/unduh/semua-data.zip", download="", id="pack-all"),
            className="small d-print-none",
        ),
    ]
    placeholder = t("cat_search_placeholder", lang)
    return listing.layout(found, ids, selects, WIDTHS, head, placeholder, columns(lang), lang, "catalogue-page")
