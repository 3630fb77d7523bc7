"""The filter bar: indicator, regencies and year range, as the URL query string says them."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from portal.i18n import t
from portal.urlfilters import Filters


def _field(label: str, control, control_id: str, help_text: str | None = None, **col) -> dbc.Col:
    parts = [dbc.Label(label, html_for=control_id, class_name="small fw-semibold mb-1"), control]
    if help_text:
        parts.append(html.Small(help_text, className="text-muted d-block mt-1"))
    return dbc.Col(parts, **col)


def filter_bar(
    ids: dict[str, str],
    regions: pd.DataFrame,
    filters: Filters,
    years: list[int],
    lang: str,
    indicators: list[tuple[str, str]] | None = None,
) -> html.Section:
    """Controls for a view; `ids` maps indicator (optional), regions, start and end to the page's ids.

    `regions` holds the regencies (code, name); `indicators` (code, name) adds the indicator choice. Native
    selects and checkboxes: they work with a keyboard, a screen reader and a phone's own pickers.
    """
    year_options = [{"label": str(y), "value": str(y)} for y in years]
    choices = []
    if indicators is not None:
        choices.append(
            _field(
                t("flt_indicator", lang),
                dbc.Select(
                    id=ids["indicator"],
                    options=[{"label": name, "value": code} for code, name in indicators],
                    value=filters.indicator,
                ),
                ids["indicator"],
                xs=12,
                lg=6,
            )
        )
    for key, text in (("start", t("flt_from", lang)), ("end", t("flt_to", lang))):
        choices.append(
            _field(
                text,
                dbc.Select(
                    id=ids[key],
                    options=year_options,
                    value=str(filters.start if key == "start" else filters.end),
                ),
                ids[key],
                xs=6,
                lg=3,
            )
        )
    regencies = html.Fieldset(
        [
            html.Legend(t("flt_regions", lang), className="form-label small fw-semibold mb-1 float-none"),
            dbc.Checklist(
                id=ids["regions"],
                options=[{"label": r["name"], "value": r["code"]} for r in regions.to_dict("records")],
                value=list(filters.regions),
                inline=True,
                class_name="region-checklist",
            ),
            html.Small(t("flt_regions_help", lang), className="text-muted d-block"),
        ],
        className="mt-2",
    )
    return html.Section(
        [html.H2(t("flt_title", lang), className="visually-hidden"), dbc.Row(choices, className="g-2"), regencies],
        className="filter-bar card card-body mb-3",
    )
