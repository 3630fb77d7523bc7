"""The sector page's parts: headline KPI cards, where the regencies stand, and the chosen indicator's series."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import export, series
from components.chart_card import chart_card
from components.kpi_card import kpi_card
from components.layout import sample_notice, url_notice
from portal.i18n import pick, t
from portal.state.charts import Chart
from portal.state.sector import SectorPage, repeats_standing
from portal.state.series import Series

STANDING_HEIGHT = 560


def address(state: SectorPage) -> str:
    """The address of the page's view (what its lazy charts are drawn from)."""
    return series.address(state.series.view, "sektor") if state.series else f"/sektor/{state.sector['code']}"


def standing_id(chart: Chart) -> str:
    return f"sektor-utama-{chart.ctx.filename}"


def charts(state: SectorPage) -> dict[str, tuple[Chart, int]]:
    """Every chart of the page by its id, with its height (what a lazy chart is drawn from)."""
    found = {standing_id(c): (c, STANDING_HEIGHT) for c in state.standing}
    view = state.series.view.charts if state.series else []
    return found | {series.chart_id("sektor", c): (c, series.SERIES_HEIGHT) for c in view}


def view_children(found: Series, lang: str, source: str | None = None) -> list:
    """The chosen indicator's charts, with a link to its own page under the same window. Its ranking is left out
    where it would repeat one of the rankings below (a headline indicator at the regencies' latest period). With
    `source` (the page's address) its charts are drawn when they come near the screen."""
    window = found.window
    link = dcc.Link(
        t("sec_indicator_link", lang) + " →",
        href=f"/indikator/{window.indicator}{window.address(with_indicator=False)}",
        className="indicator-link d-inline-flex align-items-center mt-2",
        id="sektor-indicator-link",
    )
    if not found.view.charts:
        return [dbc.Alert(t("view_no_data", lang), color="info", className="view-empty"), link]
    leave_out = ("peringkat",) if repeats_standing(found) else ()
    return [series.chart_row(found.view, "sektor", leave_out, source), link, series.share_panel(found.view, "sektor")]


def narrative(found: Series) -> html.Section:
    """What changed in the chosen indicator under the window, as three bullet points."""
    return series.changed_points(found.view, "sektor")


def layout(state: SectorPage, ids, lang: str) -> html.Div:
    """The whole page; `ids` are the page's component ids. On a phone it reads top down as the Sekda needs it:
    the headline KPIs, what changed in three points, the trend with its filters right above it, the downloads,
    then where the regencies stand on each headline indicator."""
    name = pick(state.sector, "name", lang)
    source = address(state)
    cards = dbc.Row([dbc.Col(kpi_card(c.kpi, c.meta, lang), xs=12, md=6, xl=4, className="mb-3") for c in state.cards])
    standing = html.Section(
        [
            html.H2(t("sec_standing", lang), className="h5"),
            dbc.Row(
                [dbc.Col(chart_card(standing_id(c), c, STANDING_HEIGHT, source), xs=12, lg=4) for c in state.standing],
                className="g-3",
            ),
        ],
        className="sector-standing mt-3",
    )
    found = state.series
    window_ids = {"indicator": ids.INDICATOR, "regions": ids.REGIONS, "start": ids.START, "end": ids.END}
    export_ids = {"csv": ids.CSV, "xlsx": ids.XLSX, "zip": ids.ZIP, "download": ids.DOWNLOAD}
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.KEY, data=state.sector["code"]),
            html.H1(t("sec_title", lang, name=name), className="h3 mb-1"),
            html.P(t("sec_lead", lang, name=name.lower()), className="text-muted"),
            sample_notice(lang),
            url_notice(ids.NOTICE, found.notice if found else None),
            html.Section([html.H2(t("sec_headline", lang), className="h5"), cards], className="sector-kpis"),
            *(
                [
                    html.Div(narrative(found), id=ids.NARRATIVE),
                    html.H2(t("sec_compare", lang), className="h5 mt-2"),
                    series.window_bar(window_ids, found, lang, state.indicators),
                    dcc.Loading(
                        html.Div(view_children(found, lang, source), id=ids.VIEW),
                        delay_show=400,
                        type="circle",
                        target_components={ids.VIEW: "children"},  # not while a chart below is drawn
                    ),
                    export.download_bar(export_ids, lang),
                ]
                if found
                else []
            ),
            standing if state.standing else None,
        ],
        className="sector-page",
        **{"data-sector": state.sector["code"]},
    )
