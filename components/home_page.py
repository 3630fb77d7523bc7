"""The executive summary's parts: a section per sector with its headline KPI cards."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.kpi_card import kpi_card
from components.layout import sample_notice
from portal import fmt
from portal.i18n import pick, t
from portal.state.home import Home, Section


def section(part: Section, lang: str) -> html.Section:
    sector, name = part.sector, pick(part.sector, "name", lang)
    cards = [dbc.Col(kpi_card(c.kpi, c.meta, lang), xs=12, md=6, xl=4, className="mb-3") for c in part.cards]
    heading = html.Div(
        [
            html.H2(name, className="sector-title h4 mb-0"),
            dcc.Link(
                t("home_sector_link", lang, name=name.lower()) + " →",
                href=f"/sektor/{sector['code']}",
                className="sector-link",
            ),
        ],
        className="d-flex flex-wrap justify-content-between align-items-baseline gap-2 mb-2",
    )
    return html.Section(
        [heading, dbc.Row(cards)],
        className="sector-section mb-3",
        id=f"sektor-{sector['code']}",
        **{"data-sector": sector["code"]},
    )


def attention(state: Home, lang: str) -> html.Section:
    """The first link of the page: how many rows of the exception board need attention, and the way there."""
    n, total = state.attention
    return html.Section(
        [
            html.H2(t("brd_home_title", lang), className="h5 mb-1"),
            html.P(
                t("brd_home_text", lang, n=fmt.number(n, 0, lang), total=fmt.number(total, 0, lang)), className="mb-1"
            ),
            dcc.Link(t("brd_home_link", lang) + " →", href="/perhatian", className="fw-semibold", id="home-board-link"),
        ],
        className="home-attention card card-body mb-3",
    )


def layout(state: Home, lang: str) -> html.Div:
    freshness = fmt.moment(state.loaded_at, lang) if state.loaded_at else t("never_loaded", lang)
    return html.Div(
        [
            html.Div(
                [
                    html.H1(t("home_title", lang), className="h3 mb-1"),
                    html.P(t("home_lead", lang), className="text-muted mb-1"),
                    html.P([html.Strong(t("updated", lang) + ": "), freshness], className="small mb-2", id="freshness"),
                ]
            ),
            attention(state, lang),
            sample_notice(lang),
            *(section(part, lang) for part in state.sections),
        ]
    )
