"""/instansi/<kode>: one agency as a producer of the province's data. Its indicators against the release schedule
(a list, not a wide table: read on a phone first), its deliveries' cards with their stages, the due dates the
walidata set and, for the walidata, the form that sets one (a plain HTML form with the anti-forgery token)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.delivery_page import card
from components.layout import url_notice
from portal.i18n import t
from portal.state.agency import AgencyPage
from portal.vocab import ReleaseState

STATE_COLOURS = {ReleaseState.TEPAT: "success", ReleaseState.TERLAMBAT: "danger", ReleaseState.BELUM_ADA: "secondary"}


def _indicator(row: dict, lang: str) -> html.Li:
    """One indicator: its state in words (a badge), what is published and due, its deadline and where it comes
    from, and the deliveries waiting."""
    code, name = row["code"], row["indicator"]
    facts = [
        t("agc_latest", lang, latest=row["latest"], due=row["due"], frequency=row["frequency"]),
        t("agc_deadline", lang, deadline=row["deadline_text"], basis=row["basis"]),
    ]
    if row["days_late"] is not None:
        facts.insert(0, t("agc_days_late", lang, days=row["days_late_text"], periods=row["periods_behind"]))
    if row["awaiting"]:
        facts.append(t("agc_awaiting", lang, n=row["awaiting_text"]))
    return html.Li(
        [
            html.Div(
                [
                    html.Span(
                        row["state_text"],
                        className=f"badge text-bg-{STATE_COLOURS.get(row['state'], 'secondary')} me-2",
                    ),
                    dcc.Link(name, href=f"/indikator/{code}", className="fw-semibold"),
                ],
                className="mb-1",
            ),
            *(html.Div(fact, className="small text-break") for fact in facts),
        ],
        className="list-group-item",
        **{"data-indicator": code, "data-state": row["state"], "data-set": "true" if row["deadline_set"] else "false"},
    )


def due_form(state: AgencyPage, token: str, lang: str) -> html.Form:
    """The walidata's form: an indicator of the agency, a period, its due date (empty: the rule applies again)."""
    options = [{"label": t("wf_pick_indicator", lang), "value": ""}] + [
        {"label": name, "value": code} for code, name in state.choices
    ]

    def field(control_id: str, label: str, control, md: int) -> dbc.Col:
        return dbc.Col([dbc.Label(label, html_for=control_id, class_name="small mb-0"), control], xs=12, md=md)

    return html.Form(
        [
            dbc.Row(
                [
                    field(
                        "tenggat-indikator",
                        t("agc_form_indicator", lang),
                        dbc.Select(id="tenggat-indikator", name="indikator", options=options, value="", size="sm"),
                        md=6,
                    ),
                    field(
                        "tenggat-periode",
                        t("agc_form_period", lang),
                        dbc.Input(id="tenggat-periode", name="periode", type="text", maxlength=10, size="sm"),
                        md=3,
                    ),
                    field(
                        "tenggat-tanggal",
                        t("agc_form_date", lang),
                        dbc.Input(id="tenggat-tanggal", name="tanggal", type="date", size="sm"),
                        md=3,
                    ),
                ],
                className="g-2 mb-2",
            ),
            html.P(t("agc_form_help", lang), className="small text-muted"),
            dbc.Input(type="hidden", name="csrf_token", value=token),
            html.Button(t("agc_form_submit", lang), type="submit", className="btn btn-primary", id="tenggat-simpan"),
        ],
        action=f"/instansi/{state.code}/tenggat",
        method="POST",
        id="tenggat-form",
    )


def _dues(state: AgencyPage, token: str, lang: str) -> html.Section:
    items = [
        html.Li(
            [
                html.Strong(d["indicator"]),
                html.Div(t("agc_due_item", lang, period=d["period"], due_on=d["due_on"]), className="small"),
                html.Div(d["set"], className="small text-muted"),
            ],
            className="list-group-item",
            **{"data-indicator": d["code"]},
        )
        for d in state.dues
    ]
    return html.Section(
        [
            html.H2(t("agc_dues_title", lang), className="h5"),
            html.P(t("agc_dues_lead", lang), className="small text-muted"),
            html.Ul(items, className="list-group mb-3", id="instansi-tenggat")
            if items
            else html.P(t("agc_dues_none", lang), className="small", id="instansi-tenggat"),
            due_form(state, token, lang) if state.can_set and state.choices else None,
        ],
        className="mb-4",
    )


def _deliveries(state: AgencyPage, lang: str) -> html.Section | None:
    if state.deliveries is None:
        return None
    return html.Section(
        [
            html.H2(t("agc_deliveries_title", lang), className="h5"),
            html.Div([card(item, lang) for item in state.deliveries] or html.P(t("wf_none_yet", lang))),
            dcc.Link(t("wf_all_deliveries", lang) + " →", href="/kiriman?tahap=semua"),
        ],
        className="mb-4",
        id="instansi-kiriman",
    )


def layout(state: AgencyPage, token: str, lang: str) -> html.Div:
    """The whole page."""
    message = None
    if state.message:
        message = html.Div(
            state.message,
            className="alert py-2 " + ("alert-danger" if state.refused else "alert-success"),
            id="instansi-pesan",
            role="alert" if state.refused else "status",
        )
    return html.Div(
        [
            html.H1(state.name, className="h3 mb-1"),
            html.P(
                [
                    t("agc_lead", lang),
                    " ",
                    dcc.Link(state.applications, href=f"/aplikasi?opd={state.code}"),
                ],
                className="text-muted",
            ),
            url_notice("instansi-notice", state.notice),
            message,
            html.Section(
                [
                    html.H2(t("agc_schedule_title", lang), className="h5"),
                    html.P(state.summary, className="fw-semibold mb-1", id="instansi-ringkas"),
                    html.P(state.coverage, className="mb-1", id="instansi-cakupan"),
                    html.P(state.worst, className="text-danger small") if state.worst else None,
                    html.P(t("agc_schedule_lead", lang), className="small text-muted"),
                    html.Ul([_indicator(r, lang) for r in state.rows], className="list-group", id="instansi-indikator")
                    if state.rows
                    else None,
                ],
                className="mb-4",
            ),
            _deliveries(state, lang),
            _dues(state, token, lang),
        ],
        className="agency-page",
    )
