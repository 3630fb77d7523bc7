"""Search-and-filter controls for list pages (catalogue, applications), and the pure row filter behind them."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from components.grid import grid
from components.layout import url_notice
from portal import fmt
from portal.i18n import t
from portal.urlfilters import choices_search, dropped_notice, parse_choices, scalar

# The "all" choice of a dropdown; "" is taken by the hidden placeholder option dbc draws first.
ALL = "semua"


def choice(value: object) -> str:
    """A select's value as a filter: "" for the "all" choice or anything malformed."""
    text = scalar(value)
    return "" if text == ALL else text


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


def results(count_id: str, grid_id: str, rows: list[dict], columns: list[dict], total: int, lang: str) -> list:
    """The live count ('12 dari 50 ditampilkan') and the grid of the rows that match."""
    return [
        html.P(count_text(len(rows), total, lang), id=count_id, className="small text-muted", role="status"),
        grid(grid_id, rows, columns, lang, page_size=25),
    ]


def respond(rows: pd.DataFrame, query: dict, allowed: dict, choose, to_grid, notice_id: str, lang: str) -> tuple:
    """A list page's answer to new filters: grid rows, count, the address that reopens them, the notice.

    `choose(rows, accepted)` filters the frame; `to_grid(rows, lang)` turns it into grid rows.
    """
    accepted, dropped = parse_choices(query, allowed)
    shown = choose(rows, accepted)
    notice = url_notice(notice_id, dropped_notice(dropped, lang)).children
    return to_grid(shown, lang), count_text(len(shown), len(rows), lang), choices_search(accepted), notice


def count_text(shown: int, total: int, lang: str) -> str:
    """'12 dari 50 ditampilkan'."""
    return t("lst_count", lang, shown=fmt.number(shown, 0, lang), total=fmt.number(total, 0, lang))


def filter_rows(
    rows: pd.DataFrame, text: str | None, text_columns: list[str], equals: dict[str, str | None]
) -> pd.DataFrame:
    """Rows whose text columns contain every word of `text` (any case) and whose columns equal the chosen values."""
    keep = pd.Series(True, index=rows.index)
    for column, value in equals.items():
        if value:
            keep &= rows[column] == value
    if text:
        haystack = rows[text_columns].fillna("").astype(str).agg(" ".join, axis=1).str.lower()
        for word in text.lower().split():
            keep &= haystack.str.contains(word, regex=False)
    return rows[keep]
