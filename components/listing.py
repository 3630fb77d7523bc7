"""List pages' parts (the catalogue, the application directory): the search-and-filter bar, the live count and
the grid of the rows that match; a labelled single choice other pages use too."""

from __future__ import annotations

from collections.abc import Mapping

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.grid import grid
from components.layout import url_notice
from portal.i18n import t
from portal.state.listing import ALL, SEARCH, Listing

__all__ = ["ALL", "controls", "layout", "search_box", "select"]  # ALL: a select's "all" choice


def search_box(input_id: str, value: str, placeholder: str, lang: str, **col) -> dbc.Col:
    """A labelled search field; it reports after a short pause in typing."""
    return dbc.Col(
        [
            dbc.Label(t("lst_search", lang), html_for=input_id, class_name="small fw-semibold mb-1"),
            dbc.Input(
                id=input_id,
                type="search",
                value=value,
                placeholder=placeholder,
                debounce=400,
                autocomplete="off",
            ),
        ],
        **col,
    )


def select(
    select_id: str,
    label: str,
    options: list[tuple[str, str]],
    value: str | None,
    lang: str,
    placeholder: str | None = None,
    with_all: bool = True,
    **col,
) -> dbc.Col:
    """A labelled single choice; its first choice means 'all' (or what `placeholder` says) unless not `with_all`."""
    return dbc.Col(
        [
            dbc.Label(label, html_for=select_id, class_name="small fw-semibold mb-1"),
            dbc.Select(
                id=select_id,
                options=[
                    *([{"label": placeholder or t("lst_all", lang), "value": ALL}] if with_all else []),
                    *({"label": text, "value": code} for code, text in options),
                ],
                value=value or (ALL if with_all else None),
            ),
        ],
        **col,
    )


def controls(lang: str, *cols: dbc.Col) -> html.Section:
    return html.Section(
        [html.H2(t("lst_filters", lang), className="visually-hidden"), dbc.Row(list(cols), className="g-2")],
        className="filter-bar card card-body mb-3",
    )


def layout(
    found: Listing,
    ids,
    selects: Mapping[str, str],
    widths: Mapping[str, dict],
    head: list,
    placeholder: str,
    columns: list[dict],
    lang: str,
    class_name: str,
) -> html.Div:
    """A whole list page: `head` (title, lead, notices), the address notice, the search box and a choice per
    filter (`selects`: parameter -> id; `widths`: "q" and each parameter -> its column widths), count and grid.

    `ids` are the page's: URL, NOTICE, SEARCH, COUNT, GRID."""
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            *head,
            url_notice(ids.NOTICE, found.notice),
            controls(
                lang,
                search_box(ids.SEARCH, found.text, placeholder, lang, **widths[SEARCH]),
                *(
                    select(selects[f.param], f.label, f.options, f.value, lang, **widths[f.param])
                    for f in found.filters
                ),
            ),
            html.P(found.count, id=ids.COUNT, className="small text-muted", role="status"),
            grid(ids.GRID, found.rows, columns, lang, page_size=25),
        ],
        className=class_name,
    )
