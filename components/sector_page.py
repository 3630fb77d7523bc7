"""The sector page's parts: headline KPI cards, where the regencies stand, and the chosen indicator's series."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import export, series
from components.chart_card import chart_card
from components.charts import figure
from components.kpi_card import kpi_card
from components.layout import sample_notice, url_notice
from portal.i18n import pick, t
from portal.state.sector import SectorPage
from portal.state.series import Series


def view_children(found: Series, lang: str) -> list:
    """The chosen indicator's series, with a link to its own page under the same window."""
    window = found.window
    link = dcc.Link(
        t("sec_indicator_link", lang) + " →",
        href=f"/indikator/{window.indicator}{window.address(with_indicator=False)}",
        className="indicator-link d-inline-block mb-3",
        id="sektor-indicator-link",
    )
    return [link, *series.render(found.view, "sektor")]


def layout(state: SectorPage, ids, lang: str) -> html.Div:
    """The whole page; `ids` are the page's component ids."""
    name = pick(state.sector, "name", lang)
    cards = dbc.Row([dbc.Col(kpi_card(c.kpi, c.meta, lang), xs=12, md=6, xl=4, className="mb-3") for c in state.cards])
    standing = html.Section(
        [
            html.H2(t("sec_standing", lang), className="h5"),
            dbc.Row(
                [
                    dbc.Col(chart_card(f"sektor-utama-{c.ctx.filename}", figure(c), c.ctx, c.summary, 480), xs=12, lg=4)
                    for c in state.standing
                ],
                className="g-3",
            ),
        ],
        className="sector-standing",
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
            standing if state.standing else None,
            html.H2(t("sec_compare", lang), className="h5 mt-2"),
            *(
                [
                    series.window_bar(window_ids, found, lang, state.indicators),
                    export.download_bar(export_ids, lang),
                    dcc.Loading(html.Div(view_children(found, lang), id=ids.VIEW), delay_show=400, type="circle"),
                ]
                if found
                else []
            ),
        ],
        className="sector-page",
        **{"data-sector": state.sector["code"]},
    )
