"""The workflow's pages' parts: the stage badges (Draf -> Diperiksa -> Terbit), a delivery's card, the send forms
(plain HTML forms with the anti-forgery token: they work without JavaScript), a delivery's report and the
reviewer's decision. Built for a phone first: lists, not wide tables."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, clientside_callback, dcc, html

from portal.i18n import t
from portal.state.delivery import DeliveryPage, ListPage, SendPage, Summary
from portal.vocab import DeliveryStage

STAGE_COLOURS = {
    DeliveryStage.DRAF: "secondary",
    DeliveryStage.DIPERIKSA: "info",
    DeliveryStage.TERBIT: "success",
    DeliveryStage.DIKEMBALIKAN: "warning",
    DeliveryStage.DIGANTIKAN: "light",
    DeliveryStage.GAGAL: "danger",
}


def stage_badge(stage: str, text: str, **extra) -> html.Span:
    """One stage as a badge, in its colour (words, not colour alone); text-bg-* keeps the contrast."""
    return html.Span(
        text,
        className=f"badge text-bg-{STAGE_COLOURS.get(stage, 'secondary')} stage-badge me-1",
        **{"data-stage": stage},
        **extra,
    )


def trail(steps: list[tuple[str, str, str]], lang: str) -> html.Ol:
    """Draf -> Diperiksa -> Terbit: done steps plain, the current one a badge, the ones to come muted."""
    items = []
    for stage, text, state in steps:
        if state in ("current", "off"):
            content = stage_badge(stage, text, **{"aria-current": "step"})
        else:
            content = html.Span(text, className="text-muted" if state == "todo" else "text-success")
        items.append(html.Li(content, className=f"stage-step stage-{state}"))
    return html.Ol(items, className="stage-trail list-inline mb-2", **{"aria-label": t("wf_trail_label", lang)})


def card(item: Summary, lang: str) -> html.Article:
    """One delivery in a list: its stage, who sent what when, its counts, a returned one's note."""
    body = [
        html.Div([stage_badge(item.stage, item.stage_text), html.Strong(f"#{item.id}")], className="mb-1"),
        html.H3(dcc.Link(item.title, href=f"/kiriman/{item.id}"), className="h6 mb-1"),
        html.P(item.what, className="small mb-1 text-break"),
        html.P(item.sent, className="small text-muted mb-1"),
        html.P(item.counts, className="small mb-0 delivery-counts"),
    ]
    if item.note:
        body.append(html.P(item.note, className="small text-danger mb-0 mt-1 text-break delivery-note"))
    return html.Article(
        html.Div(body, className="card-body py-2"),
        className="card mb-2 delivery-card",
        **{"data-delivery": str(item.id), "data-stage": item.stage},
    )


# --- /kirim ------------------------------------------------------------------------------------------------------


def _hidden_token(token: str) -> dbc.Input:
    return dbc.Input(type="hidden", name="csrf_token", value=token)


def upload_form(state: SendPage, token: str, lang: str) -> html.Div:
    """The file form: one file in the standard template, up to the limit. The browser holds the chosen file
    (dcc.Upload) and the named clientside function portal.sendFile posts it to /kirim/berkas as a form would, with
    the anti-forgery token, then follows the answer: the delivery's report, or the form with the refusal's sentence.
    Any file may be chosen: one that is no CSV or XLSX gets the server's sentence, not a silent refusal."""
    return html.Div(
        [
            html.Div(t("wf_file_label", lang), className="fw-semibold mb-1", id="kirim-berkas-label"),
            dcc.Upload(
                html.Div(t("wf_file_choose", lang), className="small"),
                id="kirim-berkas",
                multiple=False,
                className="form-control text-center py-3 mb-1 upload-box",
            ),
            html.P(id="kirim-berkas-nama", className="small fw-semibold mb-1 text-break", role="status"),
            html.P(t("wf_file_help", lang, mb=state.limit_mb), className="small text-muted", id="kirim-batas"),
            dcc.Store(
                id="kirim-berkas-teks",
                data={
                    "token": token,
                    "none": t("wf_err_no_file", lang),
                    "sending": t("wf_file_sending", lang),
                    "failed": t("wf_file_failed", lang),
                },
            ),
            html.Button(
                t("wf_file_submit", lang), type="button", className="btn btn-primary", id="kirim-berkas-tombol"
            ),
        ],
        id="kirim-berkas-form",
        className="mb-4",
    )


clientside_callback(
    ClientsideFunction(namespace="portal", function_name="sendFile"),
    Output("kirim-berkas-nama", "children"),
    Input("kirim-berkas-tombol", "n_clicks"),
    Input("kirim-berkas", "filename"),
    State("kirim-berkas", "contents"),
    State("kirim-berkas-teks", "data"),
    prevent_initial_call=True,
)


def values_form(state: SendPage, token: str, rows: int, lang: str) -> html.Form:
    """A few values typed in: each row an indicator of the agency, a region, a period, a value and its status."""
    indicators = [{"label": t("wf_pick_indicator", lang), "value": ""}] + [
        {"label": name, "value": code} for code, name in state.indicators
    ]
    regions = [{"label": t("wf_pick_region", lang), "value": ""}] + [
        {"label": name, "value": code} for code, name in state.regions
    ]
    statuses = [{"label": t("ind_status_tetap", lang), "value": "tetap"}] + [
        {"label": t("ind_status_sementara", lang), "value": "sementara"}
    ]
    lines = []
    for i in range(rows):
        n = i + 1
        lines.append(
            html.Fieldset(
                [
                    html.Legend(t("wf_row_legend", lang, n=n), className="small fw-semibold mb-1"),
                    dbc.Row(
                        [
                            _field(f"kode_indikator-{i}", t("wf_col_indicator", lang), dbc.Select, indicators, md=4),
                            _field(f"kode_wilayah-{i}", t("wf_col_region", lang), dbc.Select, regions, md=3),
                            _field(f"periode-{i}", t("wf_col_period", lang), dbc.Input, None, md=2),
                            _field(f"nilai-{i}", t("wf_col_value", lang), dbc.Input, None, md=2),
                            _field(f"status-{i}", t("wf_col_status", lang), dbc.Select, statuses, md=1),
                        ],
                        className="g-2",
                    ),
                ],
                className="value-row mb-2 border-bottom pb-2",
            )
        )
    return html.Form(
        [
            *lines,
            _hidden_token(token),
            html.Button(
                t("wf_values_submit", lang), type="submit", className="btn btn-primary", id="kirim-nilai-tombol"
            ),
        ],
        action="/kirim/formulir",
        method="POST",
        id="kirim-nilai-form",
    )


def _field(name: str, label: str, kind, options: list[dict] | None, md: int) -> dbc.Col:
    control_id = f"kirim-{name}"
    if options is None:
        control = kind(id=control_id, name=name, type="text", maxlength=40, autocomplete="off", size="sm")
    else:
        control = kind(id=control_id, name=name, options=options, value=options[0]["value"], size="sm")
    return dbc.Col([dbc.Label(label, html_for=control_id, class_name="small mb-0"), control], xs=12, md=md)


def send_layout(state: SendPage, token: str, rows: int, lang: str) -> html.Div:
    """/kirim: the agency, the two forms, the last deliveries."""
    no_indicators = html.P(t("wf_no_indicators", lang), className="text-muted", id="kirim-tanpa-indikator")
    return html.Div(
        [
            html.H1(t("wf_send_title", lang), className="h3 mb-1"),
            html.P(t("wf_send_lead", lang, agency=state.agency_name), className="text-muted", id="kirim-instansi"),
            dbc.Alert(state.message, color="danger", id="kirim-galat", className="py-2") if state.message else None,
            html.Section(
                [html.H2(t("wf_file_title", lang), className="h5"), upload_form(state, token, lang)],
                className="mb-3",
            ),
            html.Section(
                [
                    html.H2(t("wf_values_title", lang), className="h5"),
                    html.P(t("wf_values_lead", lang), className="small text-muted"),
                    values_form(state, token, rows, lang) if state.indicators else no_indicators,
                ],
                className="mb-4",
            ),
            html.Section(
                [
                    html.H2(t("wf_recent_title", lang), className="h5"),
                    html.Div([card(item, lang) for item in state.recent] or html.P(t("wf_none_yet", lang))),
                    dcc.Link(t("wf_all_deliveries", lang) + " →", href="/kiriman?tahap=semua"),
                ],
                id="kirim-terakhir",
            ),
        ],
        className="send-page",
    )


# --- /kiriman ----------------------------------------------------------------------------------------------------


def list_layout(state: ListPage, choices: list[tuple[str, str]], lang: str) -> html.Div:
    """/kiriman: the deliveries the reader may see, filtered by stage through the address."""
    links = [
        html.A(
            text,
            href=f"/kiriman?tahap={value}",
            className="btn btn-sm me-1 mb-1 " + ("btn-primary" if value == state.stage else "btn-outline-primary"),
            **({"aria-current": "page"} if value == state.stage else {}),
        )
        for value, text in choices
    ]
    return html.Div(
        [
            html.H1(t("wf_list_title", lang), className="h3 mb-1"),
            html.P(t("wf_list_lead", lang, n=state.open_count), className="text-muted", id="kiriman-terbuka"),
            dbc.Alert(state.notice, color="info", className="py-2") if state.notice else None,
            html.Nav(links, className="mb-2", **{"aria-label": t("wf_filter_label", lang)}),
            html.Div(
                [card(item, lang) for item in state.items] or html.P(t("wf_none_here", lang)), id="kiriman-daftar"
            ),
        ],
        className="deliveries-page",
    )


# --- /kiriman/<id> -----------------------------------------------------------------------------------------------


def _decision(state: DeliveryPage, token: str, lang: str) -> html.Section | None:
    """The reviewer's forms: take it up, approve (and so publish) with an optional note, or return with a note."""
    d = state.delivery
    if not state.may_decide:
        if state.own and d["stage"] in (DeliveryStage.DRAF, DeliveryStage.DIPERIKSA):
            return html.P(t("wf_own_note", lang), className="small text-muted", id="kiriman-milik-sendiri")
        return None
    base = f"/kiriman/{d['id']}"
    take_up = html.Form(
        [
            _hidden_token(token),
            html.Button(
                t("wf_take_up", lang), type="submit", className="btn btn-outline-primary", id="kiriman-periksa"
            ),
        ],
        action=f"{base}/periksa",
        method="POST",
        className="mb-3",
    )
    approve = html.Form(
        [
            dbc.Label(t("wf_approve_note", lang), html_for="kiriman-catatan-setuju", class_name="small"),
            dbc.Textarea(id="kiriman-catatan-setuju", name="catatan", maxlength=2000, rows=2, class_name="mb-2"),
            _hidden_token(token),
            html.Button(t("wf_approve", lang), type="submit", className="btn btn-success", id="kiriman-setujui"),
        ],
        action=f"{base}/setujui",
        method="POST",
        className="mb-3",
    )
    give_back = html.Form(
        [
            dbc.Label(t("wf_return_note", lang), html_for="kiriman-catatan-kembali", class_name="small"),
            dbc.Textarea(
                id="kiriman-catatan-kembali", name="catatan", maxlength=2000, rows=2, required=True, class_name="mb-2"
            ),
            _hidden_token(token),
            html.Button(
                t("wf_return", lang), type="submit", className="btn btn-outline-danger", id="kiriman-kembalikan"
            ),
        ],
        action=f"{base}/kembalikan",
        method="POST",
    )
    return html.Section(
        [
            html.H2(t("wf_decide_title", lang), className="h5"),
            html.P(t("wf_decide_lead", lang), className="small text-muted"),
            take_up if state.may_take_up else None,
            approve,
            give_back,
        ],
        className="card card-body mb-3 decision",
        id="kiriman-keputusan",
    )


def _facts(state: DeliveryPage) -> html.Dl:
    return html.Dl(
        [part for term, value in state.facts for part in (html.Dt(term), html.Dd(value, className="text-break"))],
        className="delivery-facts small mb-2",
    )


def _changes(state: DeliveryPage, lang: str) -> html.Section:
    outcome_list = html.Ul(
        [html.Li([t_outcome, ": ", html.Strong(str(n))], **{"data-outcome": o}) for o, t_outcome, n in state.outcomes],
        className="list-inline small mb-2 outcome-counts",
    )
    items = []
    for c in state.changes:
        line = [html.Span(f"{t('wf_row', lang)} {c.row}", className="text-muted me-2"), html.Strong(c.where)]
        detail = [html.Span(c.outcome_text, className="badge text-bg-light me-2")]
        if c.before is not None:
            detail += [html.Span(c.before), " → ", html.Strong(c.value)]
        else:
            detail.append(html.Strong(c.value))
        if c.change:
            detail.append(html.Span(f" {c.change}", className="ms-1 change-size"))
        block = [html.Div(line), html.Div(detail, className="small")]
        if c.unusual:
            block.append(html.Div(c.unusual, className="small text-danger unusual"))
        items.append(html.Li(block, className="list-group-item", **{"data-row": str(c.row), "data-outcome": c.outcome}))
    return html.Section(
        [
            html.H2(t("wf_changes_title", lang), className="h5"),
            outcome_list,
            html.P(t("wf_unusual_count", lang, n=state.unusual), className="small", id="kiriman-luar-biasa")
            if state.unusual
            else None,
            html.Ul(items, className="list-group mb-3", id="kiriman-perubahan")
            if items
            else html.P(t("wf_no_changes", lang), className="small text-muted"),
        ],
        className="mb-3",
    )


def _removals(state: DeliveryPage, lang: str) -> html.Section | None:
    if not state.removals:
        return None
    return html.Section(
        [
            html.H2(t("wf_removals_title", lang), className="h5"),
            html.P(t("wf_removals_lead", lang), className="small text-muted"),
            html.Ul([html.Li(r) for r in state.removals], className="small", id="kiriman-dihapus"),
        ],
        className="mb-3",
    )


def _rejected(state: DeliveryPage, lang: str) -> html.Section | None:
    if not state.rejected:
        return None
    return html.Section(
        [
            html.H2(t("wf_rejected_title", lang), className="h5"),
            html.Ul(
                [
                    html.Li(
                        [
                            html.Div([html.Span(f"{t('wf_row', lang)} {row}", className="text-muted me-2"), reason]),
                            html.Div(raw, className="small text-muted text-break"),
                        ],
                        className="list-group-item",
                        **{"data-row": str(row)},
                    )
                    for row, reason, raw in state.rejected
                ],
                className="list-group mb-3",
                id="kiriman-ditolak",
            ),
        ]
    )


def _history(state: DeliveryPage, lang: str) -> html.Section:
    return html.Section(
        [
            html.H2(t("wf_history_title", lang), className="h5"),
            html.Ol(
                [
                    html.Li(
                        [
                            html.Strong(e.action),
                            f" · {e.actor} · {e.when} · {t('wf_from', lang)} {e.where}",
                            html.Div(e.note, className="text-break text-muted") if e.note else None,
                        ],
                        className="small mb-1",
                    )
                    for e in state.events
                ],
                className="ps-3",
                id="kiriman-riwayat",
            ),
        ]
    )


def delivery_layout(state: DeliveryPage, token: str, lang: str) -> html.Div:
    """/kiriman/<id>: what it is, where it stands, what it would change, why rows were refused, what happened."""
    d = state.delivery
    notices = []
    if state.message:
        colour, sentence = state.message
        notices.append(dbc.Alert(sentence, color=colour, className="py-2", id="kiriman-pesan"))
    if d["stage"] == DeliveryStage.DIKEMBALIKAN:
        notices.append(
            dbc.Alert(
                t("wf_returned_note", lang, who=d["reviewer"] or "–", note=d["review_note"] or ""),
                color="warning",
                id="kiriman-dikembalikan",
            )
        )
    if state.superseded_by is not None:
        notices.append(
            dbc.Alert(
                [
                    t("wf_superseded_note", lang),
                    " ",
                    dcc.Link(f"#{state.superseded_by}", href=f"/kiriman/{state.superseded_by}"),
                ],
                color="light",
                id="kiriman-digantikan",
            )
        )
    if isinstance(d["error"], str) and d["error"]:
        notices.append(dbc.Alert(d["error"], color="danger", className="text-break", id="kiriman-gagal"))
    return html.Div(
        [
            html.Nav(dcc.Link("← " + t("wf_list_title", lang), href="/kiriman"), className="small mb-1"),
            html.H1(t("wf_delivery_title", lang, id=d["id"]), className="h3 mb-1"),
            trail(state.trail, lang),
            *notices,
            _facts(state),
            html.P(state.summary.counts, className="fw-semibold mb-1", id="kiriman-jumlah"),
            html.P(t("wf_removed_count", lang, n=d["rows_removed"]), className="small text-danger")
            if d["rows_removed"] and d["stage"] in (DeliveryStage.DRAF, DeliveryStage.DIPERIKSA)
            else None,
            html.P(
                html.A(t("wf_report_csv", lang), href=state.report_url, id="kiriman-laporan"),
                className="small",
            ),
            _decision(state, token, lang),
            _changes(state, lang) if d["stage"] != DeliveryStage.GAGAL else None,
            _removals(state, lang),
            _rejected(state, lang),
            html.P(state.listed_note, className="small text-muted") if state.listed_note else None,
            _history(state, lang),
        ],
        className="delivery-page",
        **{"data-delivery": str(d["id"]), "data-stage": str(d["stage"])},
    )
