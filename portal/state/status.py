"""/status — the nightly load as a walidata sees it: per source its last run, result, rows and data age (stale or
not); the run history; and the rejected rows of a run with their reasons.

Who sees what of a rejected row is decided here (`rejected_rows`): only readers who may open the page see any
row; only those who may see rejected rows' content see it, and never the content of a row that names an
indicator outside the reader's classes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd

from portal import fmt, params, queries
from portal.access import ALL_CLASSES, Reader
from portal.i18n import t, t_of
from portal.state.listing import ALL
from portal.state.schedule import Schedule, schedule

WITA = ZoneInfo("Asia/Makassar")
RUNS = 50  # the run history and the runs whose rejected rows can be chosen


@dataclass(frozen=True)
class SourceCard:
    """One source at a glance, its values in the reader's words."""

    name: str
    title: str
    status: str | None  # the last run's status (portal.vocab.RunStatus); None when it never ran
    result: str
    stale: bool
    is_sample: bool
    enabled: bool
    schedule: str
    last_run: str
    rows: str  # 'loaded / rejected' of the last run
    last_success: str
    age: str
    error: str | None
    notes: list[str]  # what the last run met and worked around, one sentence each


@dataclass
class Rejected:
    """The rejected rows of one run (None: the latest run of each source) as the reader may see them."""

    run: int | None
    rows: list[dict]
    count: str

    def address(self) -> str:
        return params.address({"run": self.run})


@dataclass
class StatusPage:
    sources: list[SourceCard]
    stale: int  # how many sources are stale
    runs: list[dict]  # the run history's grid rows
    run_options: list[tuple[str, str]]  # (run id, label) of the runs with rejected rows
    rejected: Rejected
    notice: str | None
    schedule: Schedule | None = None  # the release schedule per producer agency


def result(status: object, lang: str) -> str:
    """A run status in words; 'never' when there was no run."""
    return t_of("run", status, lang) if isinstance(status, str) else t("sta_never", lang)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def source_cards(sources: pd.DataFrame, lang: str) -> list[SourceCard]:
    """Each source of queries.source_status as its card says it."""
    cards = []
    for s in sources.to_dict("records"):
        age, loaded = s["data_age_days"], s["last_rows_loaded"]
        cards.append(
            SourceCard(
                name=s["name"],
                title=s["title"],
                status=_text(s["last_status"]),
                result=result(s["last_status"], lang),
                stale=bool(s["stale"]),
                is_sample=bool(s["is_sample"]),
                enabled=bool(s["enabled"]),
                schedule=t_of("sched", s["schedule"], lang),
                last_run=fmt.moment(s["last_started"], lang),
                rows=f"{fmt.number(loaded, 0, lang)} / {fmt.number(s['last_rows_rejected'], 0, lang)}"
                if pd.notna(loaded)
                else "–",
                last_success=fmt.moment(s["last_success"], lang),
                age=t("sta_age_days", lang, days=fmt.number(age, 1, lang)) if pd.notna(age) else t("sta_never", lang),
                error=_text(s["last_error"]),
                notes=(_text(s["last_notes"]) or "").splitlines(),
            )
        )
    return cards


def run_rows(runs: pd.DataFrame, lang: str) -> list[dict]:
    """The run history's grid rows: numbers kept for sorting, with their `<field>_text` in the reader's format."""
    rows = []
    for r in runs.to_dict("records"):
        row = {
            "id": int(r["id"]),
            "source": r["source"],
            "started": fmt.moment(r["started_at"], lang),
            "status": result(r["status"], lang),
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


def run_options(runs: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    """The runs that rejected rows, as the run choice lists them: (id, '#12 · source · when · 3 rejected')."""
    return [
        (
            str(int(r["id"])),
            t(
                "sta_run_label",
                lang,
                id=int(r["id"]),
                source=r["source"],
                when=fmt.moment(r["started_at"], lang),
                rejected=fmt.number(r["rows_rejected"], 0, lang),
            ),
        )
        for r in runs[runs["rows_rejected"] > 0].to_dict("records")
    ]


def readable(raw: object) -> str:
    """A rejected row as 'field: value · field: value' (it is stored as JSON)."""
    try:
        fields = json.loads(raw)
    except (TypeError, ValueError):
        return str(raw)
    if not isinstance(fields, dict):
        return str(raw)
    return " · ".join(f"{k}: {v}" for k, v in fields.items() if v not in (None, ""))


def _values(raw: object) -> set[str]:
    """Every value a stored row holds (any of them may be an indicator code)."""
    if not raw:
        return set()
    try:
        return set(map(str, json.loads(raw).values()))
    except (TypeError, ValueError, AttributeError):
        return {str(raw)}


def rejected_rows(rejected: pd.DataFrame, catalogue: pd.DataFrame, reader: Reader) -> list[dict]:
    """The rejected rows (queries.rejected_rows) `reader` may see, with their reason in the reader's language.

    `catalogue` holds every indicator with its classification. A reader who may not open the status page sees
    none; the row as the agency delivered it only for a reader who may see rejected rows (walidata), and never
    for a row naming an indicator outside the reader's classes.
    """
    if not reader.can("view_status"):
        return []
    restricted = set(catalogue.loc[~catalogue["classification"].isin(reader.classes), "code"])
    show_raw, lang = reader.can("view_rejected"), reader.lang
    out = []
    for r in rejected.to_dict("records"):
        hidden = bool(_values(r["raw"]) & restricted)
        out.append(
            {
                "source": r["source"],
                "run": int(r["run_id"]),
                "row": int(r["row_number"]),
                "reason": r["reason"] if lang == "id" else r["reason_en"],
                "raw": readable(r["raw"])
                if show_raw and not hidden
                else t("sta_hidden" if hidden else "sta_raw_walidata", lang),
            }
        )
    return out


def chosen_run(
    given: Mapping[str, object], options: list[tuple[str, str]], lang: str, strict: bool = False
) -> tuple[int | None, str | None]:
    """The chosen run's id (None: the latest run of each source) and the notice of what the address held amiss."""
    reading = params.Reading(given, ("run",), strict=strict)
    run = reading.choice("run", [*(v for v, _ in options), *([ALL] if strict else [])])
    return (int(run) if run not in (None, ALL) else None), reading.notice(lang)


def _rejected(run_id: int | None, reader: Reader) -> Rejected:
    rows = rejected_rows(queries.rejected_rows(run_id), queries.catalogue(ALL_CLASSES), reader)
    return Rejected(run_id, rows, f"{t('sta_col_rejected', reader.lang)}: {fmt.number(len(rows), 0, reader.lang)}")


def rejected(given: Mapping[str, object], reader: Reader, strict: bool = False) -> Rejected:
    """The rejected rows of the run `given` (?run=12, or the run choice's value with `strict`)."""
    run_id, _notice = chosen_run(given, run_options(queries.runs(limit=RUNS), reader.lang), reader.lang, strict)
    return _rejected(run_id, reader)


def page(
    given: Mapping[str, object], reader: Reader, stale_after_days: float = 2, today: date | None = None
) -> StatusPage:
    """The whole page under the address `given` (?run=12 picks the run whose rejected rows are listed); a daily
    source is stale after `stale_after_days` (the STALE_AFTER_DAYS setting); the release schedule as on `today`
    (default: today in WITA)."""
    runs = queries.runs(limit=RUNS)
    options = run_options(runs, reader.lang)
    run_id, notice = chosen_run(given, options, reader.lang, strict=False)
    cards = source_cards(queries.source_status(stale_after_days), reader.lang)
    stale = sum(c.stale for c in cards)
    on = today or datetime.now(WITA).date()
    return StatusPage(
        cards, stale, run_rows(runs, reader.lang), options, _rejected(run_id, reader), notice, schedule(reader, on)
    )
