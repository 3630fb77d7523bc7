"""/cari's parts: the search form with the query, and the answers as a list of links."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.layout import url_notice
from components.search_box import search_box
from portal.i18n import t
from portal.state.search import Answer, SearchPage

NOTICE = "cari-notice"


def _answer(answer: Answer, lang: str) -> html.Li:
    badge = (
        dbc.Badge(t("sample_badge", lang), color="warning", text_color="dark", className="ms-2")
        if answer.is_sample
        else None
    )
    return html.Li(
        [
            dcc.Link(answer.title, href=answer.href, className="fw-semibold"),
            badge,
            html.Div(" · ".join(p for p in (answer.kind, answer.detail) if p), className="small text-muted"),
        ],
        **{"data-answer": answer.key},
    )


def layout(page: SearchPage, lang: str) -> html.Div:
    if not page.query.strip():
        summary = html.P(t("search_lead", lang), className="text-muted")
    elif page.answers:
        summary = html.P(t("search_results", lang, count=len(page.answers), query=page.query), id="cari-summary")
    else:
        summary = html.P(t("search_no_results", lang, query=page.query), id="cari-summary")
    return html.Div(
        [
            html.H1(t("search_title", lang), className="h3"),
            url_notice(NOTICE, page.notice),
            html.Div(search_box(lang, page.query, box_id="cari-page-input", compact=False), className="mb-3"),
            summary,
            html.Ol([_answer(a, lang) for a in page.answers], className="cari-results", id="cari-results"),
        ]
    )
