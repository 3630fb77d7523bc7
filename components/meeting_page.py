"""The meeting pages' parts: the list and the scheduling form, one meeting, follow-ups with their update forms."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.board_page import badge
from components.layout import url_notice
from components.listing import controls, select
from portal import fmt
from portal.i18n import pick, t, t_of
from portal.meetings import MeetingError
from portal.state.meeting import Followup, FollowupsPage, MeetingPage, MeetingsPage
from portal.vocab import FOLLOWUP_SETTABLE, FollowupStatus

STATE_BADGES = {
    FollowupStatus.TERBUKA: "text-bg-primary",
    FollowupStatus.DALAM_PROSES: "text-bg-info",
    FollowupStatus.SELESAI: "text-bg-success",
    FollowupStatus.TERLAMBAT: "text-bg-danger",
}


def refusal(reason, lang: str, html_id: str | None = None) -> html.Div:
    """A refused request's sentence (a MeetingError, or a MeetingRefusal member) as the page shows it."""
    text = reason.text(lang) if isinstance(reason, MeetingError) else MeetingError(reason).text(lang)
    return html.Div(text, className="alert alert-danger py-2 mb-0", **({"id": html_id} if html_id else {}))


def done(text: str) -> html.Div:
    return html.Div(text, className="alert alert-success py-2 mb-0")


def state_badge(state: FollowupStatus, lang: str) -> html.Span:
    return html.Span(
        t_of("fu", state, lang), className=f"badge fu-state {STATE_BADGES[state]}", **{"data-state": state.value}
    )


def meeting_line(m: dict, lang: str) -> html.Li:
    return html.Li(
        [dcc.Link(m["title"], href=f"/rapat/{m['id']}"), html.Span(f" · {fmt.day(m['held_on'], lang)}")],
        **{"data-meeting": str(m["id"])},
    )


def schedule_form(ids, state: MeetingsPage, lang: str) -> html.Section:
    by_sector: dict[str, list] = {}
    for sector, code, name in state.indicators:
        by_sector.setdefault(sector, []).append({"label": name, "value": code})
    names = dict(state.sectors)
    indicator_groups = [
        html.Details(
            [
                html.Summary(names.get(sector, sector)),
                dbc.Checklist(
                    id={"type": ids.INDICATORS, "sector": sector}, options=options, value=[], class_name="small"
                ),
            ],
            className="mb-1",
        )
        for sector, options in by_sector.items()
    ]
    return html.Section(
        [
            html.H2(t("mtg_schedule", lang), className="h5"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("mtg_f_title", lang), html_for=ids.TITLE),
                            dbc.Input(id=ids.TITLE, type="text", maxLength=200),
                        ],
                        xs=12,
                        md=8,
                    ),
                    dbc.Col(
                        [dbc.Label(t("mtg_f_date", lang), html_for=ids.DATE), dbc.Input(id=ids.DATE, type="date")],
                        xs=12,
                        md=4,
                    ),
                ],
                className="g-2 mb-2",
            ),
            html.Fieldset(
                [
                    html.Legend(t("mtg_f_sectors", lang), className="fs-6 fw-semibold"),
                    dbc.Checklist(
                        id=ids.SECTORS,
                        options=[{"label": n, "value": c} for c, n in state.sectors],
                        value=[],
                        inline=True,
                    ),
                ],
                className="mb-2",
            ),
            html.Details(
                [
                    html.Summary(t("mtg_f_agencies", lang)),
                    dbc.Checklist(
                        id=ids.AGENCIES, options=[{"label": n, "value": c} for c, n in state.agencies], value=[]
                    ),
                ],
                className="mb-2",
            ),
            html.Fieldset(
                [html.Legend(t("mtg_f_indicators", lang), className="fs-6 fw-semibold"), *indicator_groups],
                className="mb-2",
            ),
            dbc.Row(
                dbc.Col(
                    [
                        dbc.Label(t("mtg_f_lang", lang), html_for=ids.LANG),
                        dbc.Select(
                            id=ids.LANG,
                            options=[{"label": "Bahasa Indonesia", "value": "id"}, {"label": "English", "value": "en"}],
                            value=lang,
                        ),
                    ],
                    xs=12,
                    md=4,
                ),
                className="mb-2",
            ),
            dbc.Button(t("mtg_f_submit", lang), id=ids.SUBMIT, color="primary", n_clicks=0),
            html.Div(id=ids.MESSAGE, role="status", className="mt-2"),
        ],
        className="schedule-form card card-body mb-3",
    )


def recipient_items(ids, recipients: list[dict], lang: str) -> list:
    """The digest's recipients, each with what its account reads and a button that stops its digest."""
    if not recipients:
        return [html.Li(t("mtg_rcpt_none", lang), className="text-muted")]
    items = []
    for r in recipients:
        who = (
            f"{r['full_name'] or r['username']} ({r['username']}) · {t_of('role', r['role'], lang)}"
            if isinstance(r["username"], str) and r["account_active"] in (True, 1)  # NaN: no account
            else t("mtg_rcpt_no_account", lang)
        )
        stop = html.Button(
            t("mtg_rcpt_stop", lang),
            id={"type": ids.RCPT_STOP, "email": r["email"]},
            className="btn btn-outline-secondary btn-sm",
            n_clicks=0,
            title=t("mtg_rcpt_stop_label", lang, email=r["email"]),
            **{"aria-label": t("mtg_rcpt_stop_label", lang, email=r["email"])},
        )
        line = [html.Strong(r["email"]), html.Span(f" · {who} · {r['lang'].upper()} ")]
        items.append(html.Li([*line, stop], className="mb-1", **{"data-recipient": r["email"]}))
    return items


def recipients_section(ids, state: MeetingsPage, lang: str) -> html.Section:
    """For walidata and admin: who receives the nightly alert digest, a form that adds an account, stop buttons."""
    languages = [{"label": "Bahasa Indonesia", "value": "id"}, {"label": "English", "value": "en"}]
    field = {"xs": 12, "md": 4}
    return html.Section(
        [
            html.H2(t("mtg_rcpt_title", lang), className="h5"),
            html.P(t("mtg_rcpt_lead", lang), className="text-muted small"),
            html.Ul(recipient_items(ids, state.recipients, lang), id=ids.RCPT_LIST, className="list-unstyled"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            dbc.Label(t("mtg_rcpt_account", lang), html_for=ids.RCPT_ACCOUNT),
                            dbc.Select(
                                id=ids.RCPT_ACCOUNT, options=[{"label": n, "value": u} for u, n in state.accounts]
                            ),
                        ],
                        **field,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("mtg_rcpt_email", lang), html_for=ids.RCPT_EMAIL),
                            dbc.Input(
                                id=ids.RCPT_EMAIL, type="text", inputMode="email", maxLength=254, autoComplete="off"
                            ),
                        ],
                        **field,
                    ),
                    dbc.Col(
                        [
                            dbc.Label(t("mtg_rcpt_lang", lang), html_for=ids.RCPT_LANG),
                            dbc.Select(id=ids.RCPT_LANG, options=languages, value=lang),
                        ],
                        **field,
                    ),
                ],
                className="g-2 mb-2",
            ),
            dbc.Button(t("mtg_rcpt_add", lang), id=ids.RCPT_ADD, color="primary", n_clicks=0),
            html.Div(id=ids.RCPT_MESSAGE, role="status", className="mt-2"),
        ],
        className="recipients card card-body mb-3",
        id=ids.RECIPIENTS,
    )


def meetings_layout(ids, state: MeetingsPage, lang: str) -> html.Div:
    def listing(rows, heading):
        items = [meeting_line(m, lang) for m in rows] or [html.Li(t("mtg_none", lang), className="text-muted")]
        return html.Section([html.H2(heading, className="h5"), html.Ul(items)], className="mb-3")

    return html.Div(
        [
            html.H1(t("mtg_title", lang), className="h3 mb-1"),
            html.P(t("mtg_lead", lang), className="text-muted"),
            html.Div(listing(state.upcoming, t("mtg_upcoming", lang)), id=ids.UPCOMING),
            listing(state.past, t("mtg_past", lang)),
            schedule_form(ids, state, lang) if state.may_schedule else None,
            recipients_section(ids, state, lang) if state.may_manage_alerts else None,
        ],
        className="meetings-page",
    )


# --- one meeting ---------------------------------------------------------------------------------------------


def pack_links(state: MeetingPage, lang: str) -> list:
    packs = state.packs
    if packs.empty:
        return [html.P(t("mtg_pack_none", lang), className="text-muted small")]
    links = []
    for p in packs.to_dict("records"):
        text = t(
            "mtg_pack_file",
            lang,
            format=p["format"].upper(),
            language=p["lang"].upper(),
            size=f"{fmt.number(p['bytes'] / 1024, 0, lang)} KB",
            made=fmt.moment(p["made_at"], lang),
        )
        href = f"/unduh/rapat/{state.meeting['id']}-{p['lang']}.{p['format']}"
        links.append(html.Li(html.A(text, href=href, **{"data-format": p["format"]})))
    return [html.Ul(links, className="pack-links")]


def followup_card(ids, f: Followup, lang: str, with_meeting: bool = False) -> html.Li:
    r = f.row
    name = pick(r, "name", lang)
    head = [state_badge(f.state, lang), html.Span(f" {t('fu_item', lang, indicator=name, region=r['region_name'])}")]
    body = [
        html.H3(head, className="h6 mb-1"),
        html.P(
            [html.Strong(r["agency_name"]), f" · {t('fu_due', lang, date=fmt.day(r['due_on'], lang))}"],
            className="small mb-1",
        ),
        html.P(r["note"], className="small mb-1 fu-note"),
    ]
    if with_meeting:
        meeting = t("fu_assigned_in", lang, meeting=r["meeting_title"], date=fmt.day(r["held_on"], lang))
        body.append(html.P(dcc.Link(meeting, href=f"/rapat/{r['meeting_id']}"), className="small mb-1"))
    history = [
        html.Li(
            [
                t(
                    "fu_history_line",
                    lang,
                    at=fmt.moment(h["at"], lang),
                    actor=h["actor"] or t("fu_system", lang),
                    state=t_of("fu", h["state"], lang),
                ),
                html.Span(f" — {h['note']}" if h["note"] else ""),
            ]
        )
        for h in f.history
    ]
    body.append(
        html.Details([html.Summary(t("fu_history", lang)), html.Ul(history, className="small")], className="small")
    )
    if f.may_update:
        fid = int(r["id"])
        body.append(
            html.Div(
                [
                    # The controls' ids are pattern ids (no plain DOM id to point at): each label wraps its control.
                    html.Label(
                        [
                            t("fu_f_state", lang),
                            dbc.Select(
                                id={"type": ids.FU_STATE, "id": fid},
                                options=[{"label": t_of("fu", s, lang), "value": s.value} for s in FOLLOWUP_SETTABLE],
                                value=r["state"],
                                size="sm",
                            ),
                        ],
                        className="small mb-0 d-block",
                    ),
                    html.Label(
                        [
                            t("fu_f_note", lang),
                            dbc.Textarea(id={"type": ids.FU_NOTE, "id": fid}, rows=2, maxLength=2000),
                        ],
                        className="small mb-0 mt-1 d-block",
                    ),
                    dbc.Button(
                        t("fu_update", lang),
                        id={"type": ids.FU_SAVE, "id": fid},
                        size="sm",
                        className="mt-1",
                        n_clicks=0,
                    ),
                    html.Div(id={"type": ids.FU_MESSAGE, "id": fid}, role="status", className="small mt-1"),
                ],
                className="fu-update mt-2",
            )
        )
    return html.Li(
        html.Article(body, className="card card-body py-2"), className="mb-2", **{"data-followup": str(r["id"])}
    )


def followup_list(ids, rows: list[Followup], lang: str, empty: str, with_meeting: bool = False) -> html.Ol | html.P:
    if not rows:
        return html.P(empty, className="text-muted small")
    return html.Ol([followup_card(ids, f, lang, with_meeting) for f in rows], className="list-unstyled fu-list")


def assign_form(ids, state: MeetingPage, lang: str) -> html.Section:
    options = [
        {
            "label": f"{t_of('board', it.row['status'], lang)}: {pick(it.meta, 'name', lang)} · {it.row['region_name']}",
            "value": f"{it.row['indicator']}|{it.row['region']}",
        }
        for it in state.items
    ]
    return html.Section(
        [
            html.H2(t("mtg_assign", lang), className="h5"),
            dbc.Label(t("mtg_f_item", lang), html_for=ids.ITEM),
            dbc.Select(id=ids.ITEM, options=options, value=options[0]["value"] if options else None),
            dbc.Label(t("mtg_f_agency", lang), html_for=ids.AGENCY, class_name="mt-2"),
            dbc.Select(id=ids.AGENCY, options=[{"label": n, "value": c} for c, n in state.agencies]),
            dbc.Label(t("mtg_f_note", lang), html_for=ids.NOTE, class_name="mt-2"),
            dbc.Textarea(id=ids.NOTE, rows=3, maxLength=2000),
            dbc.Label(t("mtg_f_due", lang), html_for=ids.DUE, class_name="mt-2"),
            dbc.Input(id=ids.DUE, type="date", value=state.due.isoformat()),
            dbc.Button(t("mtg_f_assign", lang), id=ids.ASSIGN, color="primary", className="mt-2", n_clicks=0),
            html.Div(id=ids.ASSIGN_MESSAGE, role="status", className="mt-2"),
        ],
        className="assign-form card card-body mb-3",
    )


def board_items(state: MeetingPage, lang: str) -> html.Ol | html.P:
    if not state.items:
        return html.P(t("mtg_items_none", lang), className="text-muted small")
    return html.Ol(
        [
            html.Li(
                [
                    badge(it.status, lang),
                    html.Strong(f" {pick(it.meta, 'name', lang)} · {it.row['region_name']}"),
                    html.Br(),
                    html.Span(it.reason, className="small"),
                ],
                className="mb-2",
                **{"data-indicator": it.row["indicator"], "data-region": it.row["region"]},
            )
            for it in state.items
        ],
        className="meeting-items",
    )


def meeting_layout(ids, state: MeetingPage, lang: str) -> html.Div:
    m = state.meeting
    pack = [html.H2(t("mtg_pack", lang), className="h5"), html.Div(pack_links(state, lang), id=ids.PACKS)]
    if state.may_make_pack:
        pack += [
            dbc.Button(t("mtg_pack_make", lang), id=ids.MAKE_PACK, color="secondary", outline=True, n_clicks=0),
            html.Div(id=ids.PACK_MESSAGE, role="status", className="mt-2 small"),
            # Polls every 3 s while a pack is being made (at most 10 minutes), enabled by the button.
            dcc.Interval(id=ids.PACK_POLL, interval=3000, disabled=True, max_intervals=200),
            dcc.Store(id=ids.PACK_STARTED),
        ]
    by_agency = sorted({f.row["agency"]: f.row["agency_name"] for f in state.decisions}.items())
    return html.Div(
        [
            dcc.Store(id=ids.KEY, data=int(m["id"])),
            html.H1(m["title"], className="h3 mb-1"),
            html.P(t("mtg_on", lang, date=fmt.day(m["held_on"], lang), sectors=", ".join(state.sector_names))),
            html.P(t("mtg_invited", lang, agencies=", ".join(state.agency_names)), className="small text-muted")
            if state.agency_names
            else None,
            html.Section(pack, className="meeting-pack mb-3"),
            html.Section(
                [
                    html.H2(t("mtg_commitments", lang), className="h5"),
                    followup_list(ids, state.commitments, lang, t("mtg_commitments_none", lang), with_meeting=True),
                ],
                className="meeting-commitments mb-3",
            ),
            html.Section([html.H2(t("mtg_items", lang), className="h5"), board_items(state, lang)], className="mb-3"),
            assign_form(ids, state, lang) if state.may_assign and state.items else None,
            html.Section(
                [
                    html.H2(t("mtg_decisions", lang), className="h5"),
                    html.Div(
                        followup_list(ids, state.decisions, lang, t("mtg_decisions_none", lang)), id=ids.DECISIONS
                    ),
                    html.Ul(
                        [
                            html.Li(
                                dcc.Link(
                                    t("mtg_decisions_for", lang, agency=name),
                                    href=f"/tindak-lanjut?rapat={m['id']}&instansi={code}",
                                )
                            )
                            for code, name in by_agency
                        ],
                        className="small",
                    ),
                ],
                className="meeting-decisions mb-3",
            ),
        ],
        className="meeting-page",
        **{"data-meeting": str(m["id"])},
    )


# --- follow-ups ----------------------------------------------------------------------------------------------


def followups_layout(ids, state: FollowupsPage, lang: str) -> html.Div:
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            html.H1(t("fu_title", lang), className="h3 mb-1"),
            html.P(t("fu_lead", lang), className="text-muted"),
            url_notice(ids.NOTICE, state.notice),
            controls(
                lang,
                select(
                    ids.MEETING, t("fu_filter_meeting", lang), state.meetings, state.chosen["rapat"], lang, xs=12, md=6
                ),
                select(
                    ids.AGENCY, t("fu_filter_agency", lang), state.agencies, state.chosen["instansi"], lang, xs=12, md=6
                ),
            ),
            html.Div(followup_list(ids, state.followups, lang, t("fu_none", lang), with_meeting=True), id=ids.LIST),
        ],
        className="followups-page",
    )
