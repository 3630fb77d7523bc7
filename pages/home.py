"""/ — the executive summary: headline KPIs of the five priority sectors."""

from __future__ import annotations

import logging

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from components.kpi_card import kpi_card
from components.layout import error_notice, sample_notice
from portal import fmt, queries
from portal.i18n import pick, t
from portal.kpi import headline_kpis
from web import reader

dash.register_page(__name__, path="/", nav="nav_home", order=0, title="Ringkasan Eksekutif · Satu Data Kaltim")
log = logging.getLogger(__name__)


def layout(**_query) -> html.Div:
    lang = reader.lang()
    try:
        catalogue = queries.catalogue()
        codes = catalogue.loc[catalogue["headline"].notna(), "code"].tolist()
        kpis = headline_kpis(catalogue, queries.headline_observations(), queries.targets(codes))
        sectors, loaded = queries.sectors(), queries.last_load()
    except queries.DatabaseError:
        log.exception("home page: database error")
        return html.Div(error_notice(lang))
    meta = catalogue.set_index("code", drop=False)
    sections = []
    for sector in sectors.to_dict("records"):
        cards = [
            dbc.Col(kpi_card(kpis[c], meta.loc[c].to_dict(), lang), xs=12, md=6, xl=4, className="mb-3")
            for c in meta[(meta["sector"] == sector["code"]) & meta["headline"].notna()].sort_values("headline")["code"]
        ]
        sections.append(
            html.Section(
                [
                    html.Div(
                        [
                            html.H2(pick(sector, "name", lang), className="sector-title h4 mb-0"),
                            dcc.Link(
                                t("home_sector_link", lang, name=pick(sector, "name", lang).lower()) + " →",
                                href=f"/sektor/{sector['code']}",
                                className="sector-link",
                            ),
                        ],
                        className="d-flex flex-wrap justify-content-between align-items-baseline gap-2 mb-2",
                    ),
                    dbc.Row(cards),
                ],
                className="sector-section mb-3",
                id=f"sektor-{sector['code']}",
                **{"data-sector": sector["code"]},
            )
        )
    freshness = fmt.moment(loaded, lang) if loaded else t("never_loaded", lang)
    return html.Div(
        [
            html.Div(
                [
                    html.H1(t("home_title", lang), className="h3 mb-1"),
                    html.P(t("home_lead", lang), className="text-muted mb-1"),
                    html.P([html.Strong(t("updated", lang) + ": "), freshness], className="small mb-2", id="freshness"),
                ]
            ),
            sample_notice(lang),
            *sections,
        ]
    )
