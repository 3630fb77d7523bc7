"""The status page's parts: a card per source (a stale one in the warning colour), the run history and the
rejected rows of the chosen run."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.grid import grid, number_column
from components.layout import url_notice
from components.listing import select
from portal import fmt
from portal.i18n import t
from portal.state.schedule import Schedule
from portal.state.status import SourceCard, StatusPage
from portal.vocab import RunStatus

RESULT_COLOURS = {
    RunStatus.BERHASIL: "success",
    RunStatus.SEBAGIAN: "warning",
    RunStatus.GAGAL: "danger",
    RunStatus.BERJALAN: "info",
    RunStatus.TERPUTUS: "danger",
}


def source_card(s: SourceCard, lang: str) -> dbc.Col:
    """One source: result and freshness at a glance; a stale source in the warning colour."""
    badges = [
        dbc.Badge(
            s.result,
            color=RESULT_COLOURS.get(s.status, "secondary"),
            text_color="dark" if s.status in (RunStatus.SEBAGIAN, RunStatus.BERJALAN) else None,
            className="me-1",
        ),
        dbc.Badge(
            t("sta_stale", lang) if s.stale else t("sta_fresh", lang),
            color="danger" if s.stale else "success",
            className="me-1 stale-badge" if s.stale else "me-1",
        ),
    ]
    if s.is_sample:
        badges.append(dbc.Badge(t("sample_badge", lang), color="warning", text_color="dark", className="me-1"))
    if not s.enabled:
        badges.append(dbc.Badge(t("sta_disabled", lang), color="secondary"))
    items = [
        (t("sta_schedule", lang), s.schedule),
        (t("sta_last_run", lang), s.last_run),
        (t("sta_result", lang), s.result),
        (t("sta_rows", lang), s.rows),
        (t("sta_last_success", lang), s.last_success),
        (t("sta_age", lang), html.Span(s.age, className="text-danger fw-semibold" if s.stale else None)),
    ]
    if s.error:
        items.append((t("sta_error", lang), html.Span(s.error, className="text-danger small")))
    if s.notes:
        items.append(
            (t("sta_notes", lang), html.Ul([html.Li(n) for n in s.notes], className="small mb-0 ps-3 run-notes"))
        )
    body = [
        html.H3(s.name, className="h6 mb-1"),
        html.P(s.title, className="small text-muted mb-2"),
        html.Div(badges, className="mb-2"),
        html.Dl([part for term, value in items for part in (html.Dt(term), html.Dd(value))], className="source-facts"),
    ]
    return dbc.Col(
        html.Article(
            html.Div(body, className="card-body"),
            className="card h-100 source-card" + (" border-danger border-2 source-stale" if s.stale else ""),
            **{"data-source": s.name, "data-stale": "true" if s.stale else "false"},
        ),
        xs=12,
        md=6,
        xl=4,
        className="mb-3",
    )


def run_columns(lang: str) -> list[dict]:
    return [
        {"field": "id", "headerName": t("sta_col_id", lang), "width": 80},
        {"field": "source", "headerName": t("sta_col_source", lang), "width": 130},
        {"field": "started", "headerName": t("sta_col_started", lang), "width": 190},
        number_column("duration", t("sta_col_duration", lang), width=120),
        {"field": "status", "headerName": t("sta_col_status", lang), "width": 190},
        number_column("read", t("sta_col_read", lang), width=130),
        number_column("loaded", t("sta_col_loaded", lang), width=130),
        number_column("unchanged", t("sta_col_unchanged", lang), width=130),
        number_column("rejected", t("sta_col_rejected", lang), width=130),
        {"field": "error", "headerName": t("sta_col_error", lang), "minWidth": 200, "flex": 1},
        {"field": "notes", "headerName": t("sta_col_notes", lang), "minWidth": 200, "flex": 1},
    ]


def rejected_columns(lang: str) -> list[dict]:
    return [
        {"field": "source", "headerName": t("sta_col_source", lang), "width": 130},
        {"field": "run", "headerName": t("sta_col_run", lang), "width": 110},
        {"field": "row", "headerName": t("sta_col_row", lang), "width": 90, "type": "rightAligned"},
        {"field": "reason", "headerName": t("sta_col_reason", lang), "width": 300},
        {"field": "raw", "headerName": t("sta_col_raw", lang), "minWidth": 420, "flex": 1},
    ]


def schedule_columns(lang: str) -> list[dict]:
    return [
        {"field": "agency", "headerName": t("sch_col_agency", lang), "minWidth": 180, "pinned": "left"},
        {"field": "indicator", "headerName": t("sch_col_indicator", lang), "minWidth": 220, "flex": 1},
        {"field": "frequency", "headerName": t("sch_col_frequency", lang), "width": 120},
        {"field": "latest", "headerName": t("sch_col_latest", lang), "width": 140},
        {"field": "due", "headerName": t("sch_col_due", lang), "width": 140},
        {
            "field": "deadline",
            "headerName": t("sch_col_deadline", lang),
            "valueFormatter": {"function": "params.data.deadline_text"},
            "width": 200,
        },
        {"field": "basis", "headerName": t("sch_col_basis", lang), "minWidth": 220},
        {"field": "state_text", "headerName": t("sch_col_state", lang), "width": 150},
        number_column("days_late", t("sch_col_days", lang), width=140),
        number_column("awaiting", t("sch_col_awaiting", lang), width=150),
    ]


def _agency_item(line, lang: str) -> html.Li:
    counts = t(
        "sch_agency_counts",
        lang,
        total=line.total,
        on_time=line.on_time,
        late=line.late,
        never=line.never,
        awaiting=line.awaiting,
    )
    late = line.most_late
    worst = t("sch_most_late", lang, days=fmt.number(late, 0, lang)) if late is not None else None
    name = dcc.Link(line.name, href=f"/instansi/{line.code}") if line.code else line.name
    return html.Li(
        [html.Strong(name), html.Div(counts, className="small"), html.Div(worst, className="small text-danger")],
        className="list-group-item",
        **{"data-agency": line.code or "-", "data-late": str(line.late)},
    )


def schedule_section(found: Schedule, lang: str) -> html.Section:
    """The release schedule: the coverage per producer agency, then every indicator's place against it."""
    return html.Section(
        [
            html.H2(t("sch_title", lang), className="h5"),
            html.P(t("sch_lead", lang), className="small text-muted"),
            html.P(found.summary, className="fw-semibold", id="status-jadwal-ringkas"),
            html.Ul([_agency_item(line, lang) for line in found.agencies], className="list-group mb-2"),
            grid("status-jadwal", found.rows, schedule_columns(lang), lang, page_size=20),
        ],
        className="mb-4",
        id="status-jadwal-rilis",
    )


def layout(state: StatusPage, ids, lang: str) -> html.Div:
    """The whole page; `ids` are the page's: URL, NOTICE, RUN, REJECTED, REJECTED_COUNT."""
    found = state.rejected
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            html.H1(t("sta_title", lang), className="h3 mb-1"),
            html.P(t("sta_lead", lang), className="text-muted"),
            dbc.Alert(
                t("sta_stale_notice", lang, count=state.stale), color="danger", className="py-2", id="status-usang"
            )
            if state.stale
            else None,
            url_notice(ids.NOTICE, state.notice),
            html.Section(
                [
                    html.H2(t("sta_sources", lang), className="h5"),
                    dbc.Row([source_card(s, lang) for s in state.sources]),
                ],
                id="status-sumber",
            ),
            schedule_section(state.schedule, lang) if state.schedule is not None else None,
            html.Section(
                [
                    html.H2(t("sta_runs", lang), className="h5"),
                    grid("status-runs", state.runs, run_columns(lang), lang, page_size=10),
                ],
                className="mb-4",
            ),
            html.Section(
                [
                    html.H2(t("sta_rejected", lang), className="h5"),
                    html.P(t("sta_rejected_lead", lang), className="small text-muted"),
                    dbc.Row(
                        select(
                            ids.RUN,
                            t("sta_run_choice", lang),
                            state.run_options,
                            str(found.run) if found.run is not None else None,
                            lang,
                            placeholder=t("sta_latest_runs", lang),
                            xs=12,
                            lg=8,
                        ),
                        className="mb-2",
                    ),
                    html.P(found.count, id=ids.REJECTED_COUNT, className="small", role="status"),
                    grid(ids.REJECTED, found.rows, rejected_columns(lang), lang, page_size=20),
                ]
            ),
        ],
        className="status-page",
    )
