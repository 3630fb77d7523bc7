"""Cari: the search box in the navbar of every page, a WAI-ARIA combobox with a listbox of suggestions.

Without JavaScript it is a plain search form: Enter opens /cari?q=... (the full results). assets/search.js makes
it a combobox (role, aria-autocomplete, aria-expanded and aria-controls on the input; Dash's inputs take no ARIA
attributes, so the script sets them as the box appears): as the reader types, /api/v1/search offers the best answers in a listbox; arrow keys move
through them (aria-activedescendant, the focus stays in the box), Enter opens one, Escape closes the list, and
a live region says how many there are. What the script says is written here, in the reader's language.
"""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
from dash import html

from portal.i18n import t, t_of
from portal.vocab import RegionLevel, SearchKind

INPUT = "cari-input"


def search_box(lang: str, value: str = "", box_id: str = INPUT, compact: bool = True) -> html.Form:
    """The search form; `compact` is the navbar's (label hidden), else the /cari page's own."""
    words = {
        "count": t("search_count", lang, count="{count}"),
        "none": t("search_none", lang),
        "all": t("search_all", lang, query="{query}"),
        "sample": t("sample_badge", lang),
        "kinds": {k.value: t_of("search_kind", k, lang) for k in SearchKind},
        "levels": {k.value: t_of("level", k, lang) for k in RegionLevel},
    }
    listbox, status = f"{box_id}-list", f"{box_id}-status"
    return html.Form(
        [
            html.Label(
                t("search_label", lang), htmlFor=box_id, className="visually-hidden" if compact else "form-label"
            ),
            html.Div(
                [
                    dbc.Input(
                        id=box_id,
                        name="q",
                        type="search",
                        value=value,
                        placeholder=t("search_placeholder", lang),
                        autocomplete="off",
                        maxlength=100,
                        class_name="cari-input",
                    ),
                    html.Button(t("search_button", lang), type="submit", className="btn cari-button"),
                ],
                className="input-group cari-group",
            ),
            html.Ul(
                id=listbox,
                role="listbox",
                className="cari-listbox",
                hidden=True,
                **{"aria-label": t("search_label", lang)},
            ),
            html.Div(id=status, role="status", className="visually-hidden", **{"aria-live": "polite"}),
        ],
        action="/cari",
        method="get",
        role="search",
        className="cari" + (" cari-compact" if compact else " cari-page"),
        id=f"{box_id}-form",
        **{"data-words": json.dumps(words, ensure_ascii=False)},
    )
