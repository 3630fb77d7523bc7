"""The catalogue's parts: its heading, and the grid's columns (name linked to the indicator's page, freshness
coloured); the filter bar, count and grid are the list pages' (components/listing.py)."""

from __future__ import annotations

from dash import html

from components import listing
from portal.i18n import t
from portal.state.listing import Listing

WIDTHS = {"q": {"xs": 12, "lg": 4}, "sektor": {"xs": 12, "md": 6, "lg": 3}, "produsen": {"xs": 12, "md": 6, "lg": 5}}


def columns(lang: str) -> list[dict]:
    """Every column in view at 1440 px (the grid is 1,296 px wide there): cells wrap between words, never inside
    one (assets/portal.css); the code column, a key an analyst copies, is in small monospace."""
    return [
        {
            "field": "name",
            "headerName": t("cat_col_name", lang),
            "cellRenderer": "markdown",
            "minWidth": 190,
            "flex": 2,
            "pinned": "left",
        },
        {"field": "sector", "headerName": t("cat_col_sector", lang), "width": 115},
        {
            "field": "unit",
            "headerName": t("cat_col_unit", lang),
            # A unit may wrap after a slash (a zero-width space, on screen only), never inside a word.
            "valueFormatter": {"function": "params.value ? params.value.replaceAll('/', '/\u200b') : ''"},
            "width": 125,
        },
        {"field": "frequency", "headerName": t("cat_col_frequency", lang), "width": 125},
        {
            "field": "producer",
            "headerName": t("cat_col_producer", lang),
            "cellRenderer": "markdown",
            "minWidth": 140,
            "flex": 1,
        },
        {
            "field": "latest",
            "headerName": t("cat_col_latest", lang),
            "valueFormatter": {"function": "params.data.latest_label"},
            "width": 105,
        },
        {
            "field": "fresh",
            "headerName": t("cat_col_fresh", lang),
            "headerTooltip": t("cat_col_fresh_help", lang),
            "cellClassRules": {
                "fresh-current": "params.data.fresh_state === 'current'",
                "fresh-behind": "params.data.fresh_state !== 'current'",
            },
            "width": 135,
        },
        {"field": "loaded", "headerName": t("cat_col_loaded", lang), "width": 95},
        {"field": "data", "headerName": t("cat_col_data", lang), "width": 105},
        {"field": "code", "headerName": t("cat_col_code", lang), "width": 140, "cellClass": "cell-code"},
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
