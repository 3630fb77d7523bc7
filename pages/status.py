"""/status — the nightly load: per source its last run, result, rows, data age (stale in a warning colour);
the run history; and every rejected row with its reason."""

from __future__ import annotations

import json
import logging
from enum import StrEnum

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dcc, html, no_update

from components.grid import grid, number_column
from components.layout import error_notice, url_notice
from components.listing import choice, select
from components.user_menu import access_notice
from portal import fmt, queries
from portal.i18n import t, t_of
from portal.urlfilters import choices_search, dropped_notice, parse_choices
from portal.vocab import Classification, RunStatus
from web import reader

# For walidata and admin (portal/access.py): others get a notice, and no link in the navbar.
dash.register_page(
    __name__,
    path="/status",
    nav="nav_status",
    order=5,
    permission="view_status",
    title="Status Data · Satu Data Kaltim",
)
log = logging.getLogger(__name__)
RESULT_COLOURS = {
    RunStatus.BERHASIL: "success",
    RunStatus.SEBAGIAN: "warning",
    RunStatus.GAGAL: "danger",
    RunStatus.BERJALAN: "info",
    RunStatus.TERPUTUS: "danger",
}


class Ids(StrEnum):
    URL = "status-url"
    NOTICE = "status-notice"
    RUN = "status-run"
    REJECTED = "status-ditolak"
    REJECTED_COUNT = "status-ditolak-jumlah"


def _result(status: str | None, lang: str) -> str:
    if not isinstance(status, str):
        return t("sta_never", lang)
    return t_of("run", status, lang)


def _moment(value, lang: str) -> str:
    return "–" if value is None or pd.isna(value) else fmt.moment(pd.Timestamp(value).to_pydatetime(), lang)


def source_card(s: dict, lang: str) -> dbc.Col:
    """One source: result and freshness at a glance; a stale source in the warning colour."""
    stale = bool(s["stale"])
    age = s["data_age_days"]
    age_text = t("sta_age_days", lang, days=fmt.number(age, 1, lang)) if pd.notna(age) else t("sta_never", lang)
    badges = [
        dbc.Badge(
            _result(s["last_status"], lang),
            color=RESULT_COLOURS.get(s["last_status"], "secondary"),
            text_color="dark" if s["last_status"] in (RunStatus.SEBAGIAN, RunStatus.BERJALAN) else None,
            className="me-1",
        ),
        dbc.Badge(
            t("sta_stale", lang) if stale else t("sta_fresh", lang),
            color="danger" if stale else "success",
            className="me-1 stale-badge" if stale else "me-1",
        ),
    ]
    if s["is_sample"]:
        badges.append(dbc.Badge(t("sample_badge", lang), color="warning", text_color="dark", className="me-1"))
    if not s["enabled"]:
        badges.append(dbc.Badge(t("sta_disabled", lang), color="secondary"))
    loaded = s["last_rows_loaded"]
    rejected = s["last_rows_rejected"]
    rows = f"{fmt.number(loaded, 0, lang)} / {fmt.number(rejected, 0, lang)}" if pd.notna(loaded) else "–"
    items = [
        (t("sta_schedule", lang), t_of("sched", s["schedule"], lang)),
        (t("sta_last_run", lang), _moment(s["last_started"], lang)),
        (t("sta_result", lang), _result(s["last_status"], lang)),
        (t("sta_rows", lang), rows),
        (t("sta_last_success", lang), _moment(s["last_success"], lang)),
        (t("sta_age", lang), html.Span(age_text, className="text-danger fw-semibold" if stale else None)),
    ]
    if isinstance(s["last_error"], str) and s["last_error"]:
        items.append((t("sta_error", lang), html.Span(s["last_error"], className="text-danger small")))
    if isinstance(s["last_notes"], str) and s["last_notes"]:
        notes = [html.Li(line) for line in s["last_notes"].splitlines()]
        items.append((t("sta_notes", lang), html.Ul(notes, className="small mb-0 ps-3 run-notes")))
    body = [
        html.H3(s["name"], className="h6 mb-1"),
        html.P(s["title"], className="small text-muted mb-2"),
        html.Div(badges, className="mb-2"),
        html.Dl([part for term, value in items for part in (html.Dt(term), html.Dd(value))], className="source-facts"),
    ]
    return dbc.Col(
        html.Article(
            html.Div(body, className="card-body"),
            className="card h-100 source-card" + (" border-danger border-2 source-stale" if stale else ""),
            **{"data-source": s["name"], "data-stale": "true" if stale else "false"},
        ),
        xs=12,
        md=6,
        xl=4,
        className="mb-3",
    )


def run_rows(runs: pd.DataFrame, lang: str) -> list[dict]:
    rows = []
    for r in runs.to_dict("records"):
        row = {
            "id": int(r["id"]),
            "source": r["source"],
            "started": _moment(r["started_at"], lang),
            "status": _result(r["status"], lang),
            "error": r["error"] if isinstance(r["error"], str) else "",
            "notes": " · ".join(r["notes"].splitlines()) if isinstance(r["notes"], str) else "",
            "duration": float(r["duration_seconds"]) if pd.notna(r["duration_seconds"]) else None,
            "duration_text": fmt.number(r["duration_seconds"], 1, lang),
        }
        for key in ("read", "loaded", "unchanged", "rejected"):
            row[key] = int(r[f"rows_{key}"])
            row[f"{key}_text"] = fmt.number(row[key], 0, lang)
        rows.append(row)
    return rows


def _run_columns(lang: str) -> list[dict]:
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


def _restricted_codes() -> set[str]:
    """Codes of the indicators the reader may not see: their rejected rows are not shown."""
    hidden = tuple(c for c in Classification if c not in reader.current().classes)
    return set(queries.catalogue(classes=hidden)["code"]) if hidden else set()


def _readable(raw: str) -> str:
    """A rejected row as 'field: value · field: value' (it is stored as JSON)."""
    try:
        fields = json.loads(raw)
    except (TypeError, ValueError):
        return str(raw)
    if not isinstance(fields, dict):
        return str(raw)
    return " · ".join(f"{k}: {v}" for k, v in fields.items() if v not in (None, ""))


def rejected_rows(rejected: pd.DataFrame, restricted: set[str], lang: str, show_raw: bool) -> list[dict]:
    """The rejected rows with their reason in the reader's language.

    Their content (the agency's row as delivered) only for readers allowed to see it (walidata), and never
    for an indicator the reader may not see.
    """
    out = []
    for r in rejected.to_dict("records"):
        raw = r["raw"]
        try:
            values = set(map(str, json.loads(raw).values())) if raw else set()
        except (ValueError, AttributeError):
            values = {raw}
        hidden = bool(values & restricted)
        out.append(
            {
                "source": r["source"],
                "run": int(r["run_id"]),
                "row": int(r["row_number"]),
                "reason": r["reason"] if lang == "id" else r["reason_en"],
                "raw": _readable(raw)
                if show_raw and not hidden
                else t("sta_hidden" if hidden else "sta_raw_walidata", lang),
            }
        )
    return out


def _rejected_columns(lang: str) -> list[dict]:
    return [
        {"field": "source", "headerName": t("sta_col_source", lang), "width": 130},
        {"field": "run", "headerName": t("sta_col_run", lang), "width": 110},
        {"field": "row", "headerName": t("sta_col_row", lang), "width": 90, "type": "rightAligned"},
        {"field": "reason", "headerName": t("sta_col_reason", lang), "width": 300},
        {"field": "raw", "headerName": t("sta_col_raw", lang), "minWidth": 420, "flex": 1},
    ]


def _run_options(runs: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    with_rejects = runs[runs["rows_rejected"] > 0]
    return [
        (
            str(int(r["id"])),
            t(
                "sta_run_label",
                lang,
                id=int(r["id"]),
                source=r["source"],
                when=_moment(r["started_at"], lang),
                rejected=fmt.number(r["rows_rejected"], 0, lang),
            ),
        )
        for r in with_rejects.to_dict("records")
    ]


def _rejected_count(rows: list[dict], lang: str) -> str:
    return f"{t('sta_col_rejected', lang)}: {fmt.number(len(rows), 0, lang)}"


def layout(**query) -> html.Div:
    lang = reader.lang()
    if not reader.current().can("view_status"):
        return access_notice(reader.current(), "view_status", "/status")
    try:
        sources = queries.source_status()
        runs = queries.runs(limit=50)
        options = _run_options(runs, lang)
        chosen, dropped = parse_choices(query, {"run": [code for code, _ in options]}, text=())
        run_id = int(chosen["run"]) if "run" in chosen else None
        rejected = rejected_rows(
            queries.rejected_rows(run_id), _restricted_codes(), lang, reader.current().can("view_rejected")
        )
    except queries.DatabaseError:
        log.exception("status page: database error")
        return html.Div(error_notice(lang))
    stale = int(sources["stale"].sum())
    return html.Div(
        [
            dcc.Location(id=Ids.URL, refresh=False),
            html.H1(t("sta_title", lang), className="h3 mb-1"),
            html.P(t("sta_lead", lang), className="text-muted"),
            dbc.Alert(t("sta_stale_notice", lang, count=stale), color="danger", className="py-2", id="status-usang")
            if stale
            else None,
            url_notice(Ids.NOTICE, dropped_notice(dropped, lang)),
            html.Section(
                [
                    html.H2(t("sta_sources", lang), className="h5"),
                    dbc.Row([source_card(s, lang) for s in sources.to_dict("records")]),
                ],
                id="status-sumber",
            ),
            html.Section(
                [
                    html.H2(t("sta_runs", lang), className="h5"),
                    grid("status-runs", run_rows(runs, lang), _run_columns(lang), lang, page_size=10),
                ],
                className="mb-4",
            ),
            html.Section(
                [
                    html.H2(t("sta_rejected", lang), className="h5"),
                    html.P(t("sta_rejected_lead", lang), className="small text-muted"),
                    dbc.Row(
                        select(
                            Ids.RUN,
                            t("sta_run_choice", lang),
                            options,
                            chosen.get("run"),
                            lang,
                            placeholder=t("sta_latest_runs", lang),
                            xs=12,
                            lg=8,
                        ),
                        className="mb-2",
                    ),
                    html.P(_rejected_count(rejected, lang), id=Ids.REJECTED_COUNT, className="small", role="status"),
                    grid(Ids.REJECTED, rejected, _rejected_columns(lang), lang, page_size=20),
                ]
            ),
        ],
        className="status-page",
    )


@callback(
    Output(Ids.REJECTED, "rowData"),
    Output(Ids.REJECTED_COUNT, "children"),
    Output(Ids.URL, "search"),
    Input(Ids.RUN, "value"),
    prevent_initial_call=True,
)
def choose_run(run):
    """Another run chosen: its rejected rows (none chosen: the latest run of each source)."""
    lang = reader.lang()
    if not reader.current().can("view_status"):
        return no_update, no_update, no_update
    try:
        known = {code for code, _ in _run_options(queries.runs(limit=50), lang)}
        run_id = int(choice(run)) if choice(run) in known else None
        rows = rejected_rows(
            queries.rejected_rows(run_id), _restricted_codes(), lang, reader.current().can("view_rejected")
        )
    except queries.DatabaseError:
        log.exception("status page: database error")
        return no_update, error_notice(lang), no_update
    return rows, _rejected_count(rows, lang), choices_search({"run": run_id})
