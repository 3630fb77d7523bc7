"""The workflow's pages: /kirim (a produsen data sends a file or a few values), /kiriman (the deliveries a reader
may see, the undecided first) and /kiriman/<id> (one delivery: its report, what it would change, its history, and
the reviewer's decision). Pure functions of the address and the reader; the data through portal.queries only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pandas as pd

from portal import fmt, params, queries
from portal.access import Reader
from portal.i18n import pick, t, t_of
from portal.periods import label
from portal.state.status import readable
from portal.vocab import OPEN_STAGES, DeliveryKind, DeliveryStage, Frequency, Refusal

WITA = ZoneInfo("Asia/Makassar")
# The trail a delivery walks; a returned, superseded or unreadable one leaves it where it stopped.
TRAIL = (DeliveryStage.DRAF, DeliveryStage.DIPERIKSA, DeliveryStage.TERBIT)
PERIOD_EXAMPLES = {Frequency.TAHUNAN: "2024", Frequency.SEMESTERAN: "2024-S1", Frequency.TRIWULANAN: "2024-Q1"}
PERIOD_EXAMPLES[Frequency.BULANAN] = "2024-03"
# How far outside what is shown of an indicator (at the same region level) a value is "unusual": beyond the mean
# plus or minus this many standard deviations, and beyond the lowest and highest value shown.
UNUSUAL_SD = 4.0
MAX_LISTED = 300  # rows of each list on a delivery's page (the full report is the CSV)


def refusal(code: object, lang: str, limit_mb: float, delivery: dict | None = None) -> str | None:
    """The sentence of a refusal named in the address (?galat=...); None for anything else. `limit_mb` is the
    upload limit (ETL_MAX_FILE_MB) a too-large file is told of."""
    if not Refusal.has(code):
        return None
    if code == Refusal.DECIDED and delivery is not None:
        return t(
            "wf_decided_by",
            lang,
            stage=t_of("wf_stage", delivery["stage"], lang),
            who=delivery["reviewer"] or "–",
            when=fmt.moment(delivery["reviewed_at"], lang),
        )
    if code == Refusal.TOO_LARGE:
        return t("wf_err_too_large", lang, mb=fmt.number(limit_mb, 0, lang))
    return t_of("wf_err", code, lang)


@dataclass
class Summary:
    """One delivery as a list shows it."""

    id: int
    stage: str
    stage_text: str
    title: str  # the agency, or the registered source
    what: str  # the file's name, "form", "run of ..."
    sent: str  # by whom, when
    counts: str  # read = loaded + unchanged + rejected
    note: str | None  # a returned delivery's note, a failed one's reason


def counts_text(d: Mapping, lang: str) -> str:
    """The CLI's words for a delivery's rows: dibaca 17 = dimuat 10 + tak berubah 0 + ditolak 7."""
    n = {k: fmt.number(d[f"rows_{k}"], 0, lang) for k in ("read", "loaded", "unchanged", "rejected")}
    return t("wf_counts", lang, **n)


def summary(d: Mapping, lang: str) -> Summary:
    kind = d["kind"]
    if kind == DeliveryKind.BERKAS:
        what = d["file_name"] or t("wf_kind_berkas", lang)
    elif kind == DeliveryKind.FORMULIR:
        what = t("wf_kind_formulir", lang)
    else:
        what = t("wf_kind_sumber", lang, source=d["source"])
    note = d["review_note"] if d["stage"] == DeliveryStage.DIKEMBALIKAN else d["error"]
    return Summary(
        id=int(d["id"]),
        stage=str(d["stage"]),
        stage_text=t_of("wf_stage", d["stage"], lang),
        title=d["agency_name"] if isinstance(d["agency_name"], str) else d["source_title"],
        what=what,
        sent=t("wf_sent_by", lang, who=d["submitted_by"], when=fmt.moment(d["submitted_at"], lang)),
        counts=counts_text(d, lang),
        note=note if isinstance(note, str) and note else None,
    )


# --- /kirim ------------------------------------------------------------------------------------------------------


@dataclass
class SendPage:
    agency: str
    agency_name: str
    indicators: list[tuple[str, str]]  # (code, "name (e.g. 2024)") of the agency's indicators
    regions: list[tuple[str, str]]  # (BPS code, name): the province and the regencies
    message: str | None
    limit_mb: str
    recent: list[Summary]


def send_page(query: Mapping[str, object], reader: Reader, limit_mb: float) -> SendPage:
    """What a produsen data needs to send: the agency's indicators, the regions, the limit (ETL_MAX_FILE_MB), the
    last deliveries."""
    lang = reader.lang
    reading = params.Reading(query, ("galat",))
    code = reading.choice("galat", list(Refusal))
    agency = reader.agency or ""
    names = dict(zip(*(queries.agencies()[c] for c in ("code", "name")), strict=True))
    catalogue = queries.catalogue(reader.classes)
    own = catalogue[catalogue["agency"] == agency] if agency else catalogue.iloc[0:0]
    indicators = [
        (r["code"], f"{pick(r, 'name', lang)} ({PERIOD_EXAMPLES.get(r['frequency'], '')})")
        for r in own.to_dict("records")
    ]
    regions = queries.regions()
    recent = queries.deliveries(reader.drafts, limit=10) if reader.drafts else pd.DataFrame()
    return SendPage(
        agency=agency,
        agency_name=names.get(agency, agency),
        indicators=indicators,
        regions=list(zip(regions["code"], regions["name"], strict=True)),
        message=refusal(code, lang, limit_mb),
        limit_mb=fmt.number(limit_mb, 0, lang),
        recent=[summary(d, lang) for d in recent.to_dict("records")],
    )


# --- /kiriman ----------------------------------------------------------------------------------------------------

STAGE_CHOICES = ("terbuka", *DeliveryStage)  # terbuka: every undecided delivery


@dataclass
class ListPage:
    stage: str
    items: list[Summary]
    open_count: int
    notice: str | None


def list_page(query: Mapping[str, object], reader: Reader) -> ListPage:
    """The deliveries the reader may see: the undecided ones by default (?tahap=terbuka), or one stage, or all."""
    reading = params.Reading(query, ("tahap",))
    stage = reading.choice("tahap", [*STAGE_CHOICES, "semua"], default="terbuka")
    stages = OPEN_STAGES if stage == "terbuka" else (None if stage == "semua" else (stage,))
    rows = queries.deliveries(reader.drafts, stages)
    open_count = len(queries.deliveries(reader.drafts, OPEN_STAGES)) if stage != "terbuka" else len(rows)
    return ListPage(
        stage, [summary(d, reader.lang) for d in rows.to_dict("records")], open_count, reading.notice(reader.lang)
    )


# --- /kiriman/<id> -----------------------------------------------------------------------------------------------


@dataclass
class Change:
    """One delivered row against what is published."""

    row: int
    outcome: str
    outcome_text: str
    where: str  # indicator, region, period
    value: str
    before: str | None
    change: str | None
    unusual: str | None  # why it is outside the usual range


@dataclass
class Event:
    when: str
    action: str
    actor: str
    where: str
    note: str | None


@dataclass
class DeliveryPage:
    delivery: dict
    summary: Summary
    trail: list[tuple[str, str, str]]  # (stage, text, state: done, current, todo, off)
    facts: list[tuple[str, str]]
    message: tuple[str, str] | None  # (colour, sentence) of ?galat= or ?selesai=
    outcomes: list[tuple[str, str, int]]  # (outcome, text, count) of the rows checked
    changes: list[Change]
    unusual: int
    removals: list[str]
    rejected: list[tuple[int, str, str]]  # (row, reason, the row as written)
    events: list[Event]
    may_decide: bool
    may_take_up: bool
    own: bool
    listed_note: str | None  # "the first 300 of N rows": the full report is the CSV
    report_url: str = ""
    superseded_by: int | None = None
    extra: dict = field(default_factory=dict)


def trail(stage: str, lang: str) -> list[tuple[str, str, str]]:
    """Draf -> Diperiksa -> Terbit, each done, current or to come; a delivery that left the trail ends with its
    own stage (dikembalikan, digantikan, gagal)."""
    if stage in TRAIL:
        at = TRAIL.index(stage)
        states = ["done" if i < at else ("current" if i == at else "todo") for i in range(len(TRAIL))]
        return [(s, t_of("wf_stage", s, lang), st) for s, st in zip(TRAIL, states, strict=True)]
    reached = [(DeliveryStage.DRAF, t_of("wf_stage", DeliveryStage.DRAF, lang), "done")]
    return (
        [*reached, (stage, t_of("wf_stage", stage, lang), "off")]
        if stage != DeliveryStage.GAGAL
        else [(stage, t_of("wf_stage", stage, lang), "off")]
    )


def _usual(ranges: pd.DataFrame) -> dict[tuple[str, str], tuple[float, float, float, float]]:
    out = {}
    for r in ranges.to_dict("records"):
        spread = UNUSUAL_SD * float(r["sd"] or 0)
        out[(r["indicator"], r["region_level"])] = (r["mean"] - spread, r["mean"] + spread, r["low"], r["high"])
    return out


def unusual_reason(value: float, bounds: tuple[float, float, float, float] | None, meta: dict, lang: str) -> str | None:
    """Why a value is outside its indicator's usual range (None when it is not, or nothing is shown to compare):
    beyond mean +/- UNUSUAL_SD standard deviations of what readers are shown at the same region level, and beyond
    its lowest and highest value."""
    if bounds is None:
        return None
    low, high, least, most = bounds
    if low <= value <= high or least <= value <= most:
        return None
    unit, decimals = pick(meta, "unit", lang), int(meta["decimals"])
    return t(
        "wf_unusual",
        lang,
        low=fmt.value(max(low, least) if value < low else least, unit, decimals, lang),
        high=fmt.value(min(high, most) if value > high else most, unit, decimals, lang),
    )


def _changes(rows: pd.DataFrame, ranges: pd.DataFrame, lang: str) -> tuple[list[Change], int, list[tuple]]:
    usual = _usual(ranges)
    changes, unusual = [], 0
    counts = rows["outcome"].value_counts() if len(rows) else pd.Series(dtype=int)
    for r in rows.to_dict("records"):
        meta = {"unit_id": r["unit_id"], "unit_en": r["unit_en"], "decimals": r["decimals"]}
        unit, decimals = pick(meta, "unit", lang), int(r["decimals"])
        why = unusual_reason(float(r["value"]), usual.get((r["indicator"], r["region_level"])), meta, lang)
        unusual += why is not None
        if r["outcome"] == queries.SAME and why is None:
            continue
        before = None if pd.isna(r["published_value"]) else fmt.value(r["published_value"], unit, decimals, lang)
        change = None
        if r["outcome"] == queries.CHANGED:
            pct = "" if pd.isna(r["change_pct"]) else f" ({fmt.number(r['change_pct'], 1, lang)}%)"
            change = fmt.change(float(r["change"]), decimals, unit, lang) + pct
        changes.append(
            Change(
                row=int(r["row_number"]),
                outcome=r["outcome"],
                outcome_text=t_of("wf_outcome", r["outcome"], lang),
                where=f"{pick(r, 'indicator_name', lang)} · {r['region_name']} · {label(r['period'], lang)}",
                value=fmt.value(r["value"], unit, decimals, lang) + _status_suffix(r["status"], lang),
                before=None if before is None else before + _status_suffix(r["published_status"], lang),
                change=change,
                unusual=why,
            )
        )
    outcomes = [(o, t_of("wf_outcome", o, lang), int(counts.get(o, 0))) for o in queries.OUTCOMES]
    return changes[:MAX_LISTED], unusual, outcomes


def _status_suffix(status: object, lang: str) -> str:
    return f" ({t_of('ind_status', status, lang).lower()})" if status and status != "tetap" else ""


def _facts(d: dict, lang: str) -> list[tuple[str, str]]:
    facts = [
        (t("wf_fact_agency", lang), d["agency_name"] if isinstance(d["agency_name"], str) else "–"),
        (t("wf_fact_source", lang), f"{d['source_title']} ({d['source']})"),
        (
            t("wf_fact_sent", lang),
            t("wf_sent_by", lang, who=d["submitted_by"], when=fmt.moment(d["submitted_at"], lang)),
        ),
        (t("wf_fact_from", lang), d["submitted_from"] or "–"),
    ]
    if isinstance(d["file_name"], str) and d["file_name"]:
        facts.append((t("wf_fact_file", lang), d["file_name"]))
    if d["auto_published"]:
        facts.append((t("wf_fact_auto", lang), t("wf_auto_text", lang)))
    if isinstance(d["reviewer"], str):
        facts.append((t("wf_fact_reviewer", lang), f"{d['reviewer']}, {fmt.moment(d['reviewed_at'], lang)}"))
    return facts


DONE = ("periksa", "setujui", "kembalikan")


def done_sentence(done: str, lang: str) -> str:
    """What the reader's decision did, said on the delivery's page after the redirect (?selesai=...)."""
    return t(
        "wf_done_periksa" if done == "periksa" else "wf_done_setujui" if done == "setujui" else "wf_done_kembalikan",
        lang,
    )


def delivery_page(
    delivery_id: int, query: Mapping[str, object], reader: Reader, actor: str, limit_mb: float
) -> DeliveryPage | None:
    """One delivery as the reader may see it (None: unknown, or not theirs to see). `actor` is the reader's user
    name (nobody decides on their own delivery); `limit_mb` the upload limit a refusal may name."""
    lang = reader.lang
    d = queries.delivery(delivery_id, reader.drafts)
    if d is None:
        return None
    reading = params.Reading(query, ("galat", "selesai"))
    code = reading.choice("galat", list(Refusal))
    done = reading.choice("selesai", DONE)
    message = None
    if code is not None:
        message = ("danger", refusal(code, lang, limit_mb, d))
    elif done is not None:
        message = ("success", done_sentence(done, lang))
    source = d["source"]
    rows = queries.delivery_changes(delivery_id, source, limit=None if d["rows_read"] <= 20_000 else 20_000)
    changes, unusual, outcomes = _changes(rows, queries.usual_ranges(delivery_id), lang)
    removals = queries.delivery_removals(delivery_id, source) if d["replaces"] and d["stage"] in OPEN_STAGES else None
    removed = (
        []
        if removals is None
        else [
            f"{r['indicator']} · {r['region_name']} · {label(r['period'], lang)}: {fmt.number(r['value'], 2, lang)}"
            for r in removals.to_dict("records")
        ]
    )
    rejected = queries.rejected_rows(run_id=int(d["run_id"]), limit=MAX_LISTED) if pd.notna(d["run_id"]) else None
    refused = (
        []
        if rejected is None
        else [
            (int(r["row_number"]), r["reason"] if lang == "id" else r["reason_en"], readable(r["raw"]))
            for r in rejected.to_dict("records")
        ]
    )
    events = [
        Event(
            when=fmt.moment(e["at"], lang),
            action=t_of("wf_action", e["action"], lang),
            actor=e["actor"],
            where=e["address"] or e["via"],
            note=e["note"] if isinstance(e["note"], str) and e["note"] else None,
        )
        for e in queries.delivery_events(delivery_id).to_dict("records")
    ]
    open_ = d["stage"] in OPEN_STAGES
    own = d["submitted_by"] == actor and d["kind"] != DeliveryKind.SUMBER
    may_decide = open_ and reader.may_review(d["agency"]) and not own
    listed = max(len(changes), len(refused))
    note = t("wf_listed", lang, n=MAX_LISTED) if listed >= MAX_LISTED else None
    superseded = int(d["superseded_by"]) if pd.notna(d["superseded_by"]) else None
    return DeliveryPage(
        delivery=d,
        summary=summary(d, lang),
        trail=trail(str(d["stage"]), lang),
        facts=_facts(d, lang),
        message=message,
        outcomes=outcomes,
        changes=changes,
        unusual=unusual,
        removals=removed,
        rejected=refused,
        events=events,
        may_decide=may_decide,
        may_take_up=may_decide and d["stage"] == DeliveryStage.DRAF,
        own=own,
        listed_note=note,
        report_url=f"/kiriman/{delivery_id}/laporan.csv",
        superseded_by=superseded,
    )
