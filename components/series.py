"""One indicator's series on a page: the window's controls (indicator, regencies, years), what changed, and a
chart card per chart of the view (portal/state/series.py)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from components import share
from components.chart_card import chart_card
from portal.i18n import pick, t
from portal.state import share as shared
from portal.state.charts import Chart
from portal.state.series import Series, SeriesView

SERIES_HEIGHT = 520


def _field(label: str, control, control_id: str, **col) -> dbc.Col:
    return dbc.Col([dbc.Label(label, html_for=control_id, class_name="small fw-semibold mb-1"), control], **col)


def window_bar(ids: dict[str, str], series: Series, lang: str, indicators: list[tuple[str, str]] | None = None):
    """Controls for a view; `ids` maps indicator (optional), regions, start and end to the page's ids.

    `indicators` (code, name) adds the indicator choice. Native selects and checkboxes: they work with a
    keyboard, a screen reader and a phone's own pickers.
    """
    window = series.window
    year_options = [{"label": str(y), "value": str(y)} for y in series.years]
    choices = []
    if indicators is not None:
        options = [{"label": name, "value": code} for code, name in indicators]
        control = dbc.Select(id=ids["indicator"], options=options, value=window.indicator)
        choices.append(_field(t("flt_indicator", lang), control, ids["indicator"], xs=12, lg=6))
    for key, text, year in (("start", t("flt_from", lang), window.start), ("end", t("flt_to", lang), window.end)):
        control = dbc.Select(id=ids[key], options=year_options, value=str(year))
        choices.append(_field(text, control, ids[key], xs=6, lg=3))
    regencies = html.Fieldset(
        [
            html.Legend(t("flt_regions", lang), className="form-label small fw-semibold mb-1 float-none"),
            dbc.Checklist(
                id=ids["regions"],
                options=[{"label": r["name"], "value": r["code"]} for r in series.regencies.to_dict("records")],
                value=list(window.regions),
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


def chart_id(page: str, chart: Chart) -> str:
    """The id of a chart of the series on `page`."""
    return f"{page}-{chart.key}"


def chart_row(view: SeriesView, page: str, leave_out: tuple[str, ...] = (), source: str | None = None) -> dbc.Row:
    """A chart card per chart of the view (but those whose key is in `leave_out`); `page` prefixes the chart ids.
    A chart alone in its row takes the row's width. With `source` (the view's address) the charts are drawn when
    they come near the screen."""
    charts = [c for c in view.charts if c.key not in leave_out]
    wide = 12 if len(charts) == 1 else 6
    return dbc.Row(
        [dbc.Col(chart_card(chart_id(page, c), c, SERIES_HEIGHT, source), xs=12, xl=wide) for c in charts],
        className="g-3",
    )


def address(view: SeriesView, page: str) -> str:
    """The address that reopens this view on its page (indikator or sektor)."""
    window = view.window
    if page == "sektor":
        return f"/sektor/{view.meta['sector']}{window.address(with_indicator=True)}"
    return f"/{page}/{view.meta['code']}{window.address(with_indicator=False)}"


def share_panel(view: SeriesView, page: str):
    """The view's Bagikan panel (components/share.py)."""
    found = shared.of_series(view, share.absolute(address(view, page)), page)
    return share.panel(found, pick(view.meta, "name", view.lang), view.lang)


def render(view: SeriesView, page: str, source: str | None = None) -> list:
    """The what-changed paragraph, the share panel and a chart card per chart; `page` prefixes the chart ids. With
    `source` (the view's address) the charts are drawn when they come near the screen."""
    lang = view.lang
    if not view.charts:
        return [dbc.Alert(t("view_no_data", lang), color="info", className="view-empty")]
    return [
        html.Section(
            [
                html.H2(t("view_what_changed", lang), className="h5"),
                html.P(" ".join(view.sentences), className="mb-0", id=f"{page}-narrative"),
            ],
            className="what-changed card card-body mb-3",
            **{"aria-live": "polite"},
        ),
        share_panel(view, page),
        chart_row(view, page, source=source),
    ]


def changed_points(view: SeriesView, page: str, shown: int = 3) -> html.Section:
    """What changed as bullet points: the first `shown` sentences (the province's change, its target, who lags),
    the rest folded under "more"."""
    lang = view.lang
    first, rest = view.sentences[:shown], view.sentences[shown:]
    more = (
        html.Details([html.Summary(t("view_more", lang)), html.Ul([html.Li(s) for s in rest], className="mb-0")])
        if rest
        else None
    )
    return html.Section(
        [
            html.H2(t("view_what_changed", lang), className="h5"),
            html.Ul([html.Li(s) for s in first], className="mb-1 what-changed-points", id=f"{page}-narrative"),
            more,
        ],
        className="what-changed card card-body mb-3",
        **{"aria-live": "polite"},
    )
