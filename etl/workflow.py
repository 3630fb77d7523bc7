"""The Satu Data workflow: a delivery waits as a draft until a walidata approves it; approval publishes it.

A produsen data's file (the standard template, read and validated exactly as `python -m etl ingest` reads it) or
a few typed values, and each run of a registered source that is not trusted, become a *delivery*: its valid rows
wait in delivery_row, which no public query reads, its rejected rows are kept with their reasons under the run that
read it (rows read = loaded + unchanged + rejected, "loaded" being the rows that would be new or changed). A
reviewer (a walidata, or the agency's walidata pendukung) takes it up (Diperiksa), then approves it, which
publishes it into observation in one transaction under the run lock, or returns it with a note. A later delivery
of the same source that covers any of the same (indicator, period) supersedes an undecided one. Nobody decides on
a delivery they sent. Every step is a line of the delivery's history (delivery_event) and of the audit trail.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, select, text, update

from etl import ledger, load
from etl.delivery import Delivery as SourceDelivery
from etl.ledger import Actor
from etl.sources import template
from etl.sources.fields import MappingError, standard_frame
from etl.validate import Reference, by_unique, raw_text, validate
from portal import audit
from portal.access import Reader
from portal.models import Agency, DeliveryRow, EtlRun, Indicator, Source
from portal.models import Delivery as DeliveryRecord
from portal.runlock import LockBusy, RunLock
from portal.vocab import (
    OPEN_STAGES,
    DeliveryAction,
    DeliveryKind,
    DeliveryStage,
    Refusal,
    RunStatus,
    Schedule,
)

MAX_NOTE = 2000
# A publication waits this long for a nightly load or another publication holding the run lock.
LOCK_WAIT_SECONDS = 20.0
ROW_COLUMNS = ["delivery_id", "row_number", "indicator", "region", "period", "value", "status", "source_url", "note"]


class Refused(Exception):
    """A delivery or a decision the workflow refuses. `code` (portal.vocab.Refusal) names the sentence the reader
    gets (text family wf_err); `values` fill it in; the message is the same sentence for logs and the CLI."""

    def __init__(self, code: Refusal, message: str, **values: object):
        self.code = code
        self.values = values
        super().__init__(message)


@dataclass
class Outcome:
    """What a submission came to: the delivery, its counts, and what it superseded."""

    delivery_id: int
    stage: str
    read: int = 0
    loaded: int = 0
    unchanged: int = 0
    rejected: int = 0
    removed: int = 0
    superseded: list[int] = field(default_factory=list)
    error: str | None = None
    run_id: int | None = None


@dataclass
class Publication:
    """An approval's result: the run that published it and what it wrote."""

    delivery_id: int
    run_id: int
    read: int
    loaded: int
    unchanged: int
    removed: int
    seconds: float


def source_name(agency: str) -> str:
    """The source an agency's web deliveries are recorded under: kiriman-<agency code>."""
    return f"kiriman-{agency}"[:60]


def _ensure_agency_source(conn: Connection, agency: str) -> str:
    """The agency's delivery source, registered on its first delivery (schedule manual: never stale)."""
    name = source_name(agency)
    if conn.execute(select(Source.name).where(Source.name == name)).scalar_one_or_none() is None:
        agency_name = conn.execute(select(Agency.name).where(Agency.code == agency)).scalar_one_or_none() or agency
        conn.execute(
            insert(Source).values(
                name=name,
                kind="kiriman",
                title=f"Kiriman {agency_name} melalui portal / {agency_name}'s deliveries through the portal",
                producer_agency=agency_name,
                location="",
                schedule=Schedule.MANUAL,
                is_sample=False,
                enabled=True,
                trusted=False,
            )
        )
    return name


def _foreign_rows(conn: Connection, frame: pd.DataFrame, agency: str) -> pd.Series:
    """A produsen data delivers its own agency's indicators only: the reason for each row naming another's."""
    owners = {
        r.code: (r.agency, r.producer_agency)
        for r in conn.execute(select(Indicator.code, Indicator.agency, Indicator.producer_agency))
    }

    def reason(value: object):
        code = "" if value is None or value != value else str(value).strip()
        owner = owners.get(code)
        if owner is None or owner[0] == agency:
            return None  # unknown codes get validation's own reason
        return (
            f"indikator '{code}' diproduksi oleh {owner[1]}, bukan perangkat daerah Anda ({agency}): kirim hanya "
            "indikator yang diproduksi perangkat daerah Anda",
            f"indicator '{code}' is produced by {owner[1]}, not by your agency ({agency}): deliver only the "
            "indicators your agency produces",
        )

    return by_unique(frame["indicator"], reason)


def _write_rows(conn: Connection, delivery_id: int, valid: pd.DataFrame) -> None:
    """The valid rows into delivery_row at full speed (COPY on PostgreSQL, one executemany on SQLite)."""
    if valid.empty:
        return
    n = len(valid)
    rows = list(
        zip(
            [delivery_id] * n,
            valid["row_number"].astype(int).tolist(),
            valid["indicator"].tolist(),
            valid["region"].tolist(),
            valid["period"].tolist(),
            valid["value"].astype(float).tolist(),
            [str(s) for s in valid["status"].tolist()],
            load._nullable(valid["source_url"]),
            load._nullable(valid["note"]),
            strict=True,
        )
    )
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        if conn.dialect.name == "postgresql":
            with cursor.copy(f"COPY delivery_row ({', '.join(ROW_COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(ROW_COLUMNS))
            cursor.executemany(f"INSERT INTO delivery_row ({', '.join(ROW_COLUMNS)}) VALUES ({marks})", rows)
    finally:
        cursor.close()


# Rows of a delivery that would be new or changed against what is published (as the publication's upsert compares).
_WOULD_CHANGE = """
SELECT count(*) FROM delivery_row r LEFT JOIN observation o
  ON o.indicator = r.indicator AND o.region = r.region AND o.period = r.period
WHERE r.delivery_id = :id AND (o.id IS NULL OR o.value <> r.value OR o.status <> r.status OR o.source <> :source
  OR coalesce(o.source_url, '') <> coalesce(r.source_url, '') OR coalesce(o.note, '') <> coalesce(r.note, ''))
"""
# Published values of the delivery's source in the (indicator, period) it covers that it no longer holds (reached
# through the key's indicator prefix: the fact table has no index on source).
_REMOVED = """
FROM observation o WHERE o.indicator IN (SELECT DISTINCT indicator FROM delivery_row WHERE delivery_id = :id)
  AND o.source = :source
  AND EXISTS (SELECT 1 FROM delivery_row c WHERE c.delivery_id = :id AND c.indicator = o.indicator AND c.period = o.period)
  AND NOT EXISTS (SELECT 1 FROM delivery_row r WHERE r.delivery_id = :id AND r.indicator = o.indicator
                  AND r.region = o.region AND r.period = o.period)
"""


def _compare(conn: Connection, delivery_id: int, source: str, replaces: bool) -> tuple[int, int]:
    """(rows that would change, published values it would remove) against what is published now."""
    params = {"id": delivery_id, "source": source}
    loaded = conn.execute(text(_WOULD_CHANGE), params).scalar_one()
    removed = conn.execute(text(f"SELECT count(*) {_REMOVED}"), params).scalar_one() if replaces else 0
    return int(loaded), int(removed)


def _supersede(
    conn: Connection, delivery_id: int, source: str, actor: Actor, every: bool, replaces: bool = True
) -> list[int]:
    """Undecided deliveries of the same source that this one replaces, marked superseded; returns their ids.

    `every`: a source's run is its whole statement, so every undecided one. A file (`replaces`) is its agency's
    whole statement for each (indicator, period) it holds: those covering any of them. A form adds or corrects
    single values: only earlier forms holding one of its (indicator, region, period) keys (a value typed for
    another regency, or a file waiting for review, stays). And any undecided delivery with nothing to publish."""
    d = DeliveryRecord
    older = select(d.id).where(d.source == source, d.stage.in_(OPEN_STAGES), d.id != delivery_id)
    if not every:
        same = "a.indicator = b.indicator AND a.period = b.period" + ("" if replaces else " AND a.region = b.region")
        overlap = text(
            f"((EXISTS (SELECT 1 FROM delivery_row a JOIN delivery_row b ON {same} "
            "WHERE a.delivery_id = delivery.id AND b.delivery_id = :new)"
            + ("" if replaces else " AND NOT delivery.replaces")
            + ") OR NOT EXISTS (SELECT 1 FROM delivery_row e WHERE e.delivery_id = delivery.id))"
        ).bindparams(new=delivery_id)
        older = older.where(overlap)
    ids = list(conn.execute(older).scalars())
    if ids:
        conn.execute(
            update(d)
            .where(d.id.in_(ids), d.stage.in_(OPEN_STAGES))
            .values(stage=DeliveryStage.DIGANTIKAN, superseded_by=delivery_id)
        )
        for old in ids:
            ledger.event(conn, old, DeliveryAction.DIGANTIKAN, actor, note=f"#{delivery_id}")
    return ids


def _insert_run(conn: Connection, source: str) -> int:
    return conn.execute(
        insert(EtlRun).values(source=source, started_at=ledger.now(), status=RunStatus.BERJALAN).returning(EtlRun.id)
    ).scalar_one()


def _stage(
    conn: Connection,
    *,
    frame: pd.DataFrame,
    raw_lookup,
    decimal: str | None,
    source: str,
    run_id: int,
    kind: DeliveryKind,
    agency: str | None,
    actor: Actor,
    file_name: str | None,
    replaces: bool,
    notes: list[str] = (),
) -> Outcome:
    """Validate a delivery and keep it as a draft, in the caller's transaction: the run row, the rejected rows,
    the valid rows, the delivery and its first event, and the undecided deliveries it supersedes."""
    if agency is not None:
        foreign = _foreign_rows(conn, frame, agency)
        if foreign.notna().any():
            reject = frame["reject"] if "reject" in frame.columns else pd.Series(None, index=frame.index, dtype=object)
            frame = frame.assign(reject=reject.where(reject.notna(), foreign))
    ref = Reference.read(conn)
    valid, rejected, repeats, alternatives = validate(frame, ref, raw_lookup, decimal)
    rejected = _refuse_alternatives(frame, alternatives, rejected, raw_lookup)
    stamp = ledger.now()
    delivery_id = ledger.record(
        conn,
        source=source,
        agency=agency,
        kind=kind,
        file_name=file_name,
        stage=DeliveryStage.DRAF,
        auto_published=False,
        replaces=replaces,
        submitted_by=actor.name,
        submitted_at=stamp,
        submitted_from=actor.where,
        run_id=run_id,
        rows_read=len(frame),
    )
    _write_rows(conn, delivery_id, valid)
    loaded, removed = _compare(conn, delivery_id, source, replaces)
    outcome = Outcome(
        delivery_id,
        DeliveryStage.DRAF,
        read=len(frame),
        loaded=loaded,
        unchanged=len(valid) - loaded + repeats,
        rejected=len(rejected),
        removed=removed,
        run_id=run_id,
    )
    if outcome.read != outcome.loaded + outcome.unchanged + outcome.rejected:
        raise RuntimeError(f"row accounting broken: {outcome}")  # rolls the whole delivery back
    load._insert_rejects(conn, rejected, source, run_id)
    conn.execute(
        update(DeliveryRecord)
        .where(DeliveryRecord.id == delivery_id)
        .values(
            rows_loaded=outcome.loaded,
            rows_unchanged=outcome.unchanged,
            rows_rejected=outcome.rejected,
            rows_removed=outcome.removed,
        )
    )
    result = load.RunResult(
        source,
        run_id,
        RunStatus.DRAF,
        read=outcome.read,
        loaded=outcome.loaded,
        unchanged=outcome.unchanged,
        rejected=outcome.rejected,
        notes=list(notes),
    )
    load._finish_run(conn, result)
    ledger.event(conn, delivery_id, DeliveryAction.DIKIRIM, actor, note=file_name)
    outcome.superseded = _supersede(
        conn, delivery_id, source, actor, every=kind == DeliveryKind.SUMBER, replaces=replaces
    )
    return outcome


def _refuse_alternatives(frame: pd.DataFrame, alternatives: pd.DataFrame, rejected: pd.DataFrame, raw_lookup):
    """A delivery carries current figures only: a second publication of a figure or a superseded method's figure
    (kept beside the fact table, etl/load.py) is the walidata's to load, with `python -m etl ingest`."""
    if alternatives.empty:
        return rejected
    rows = frame[frame["row_number"].isin(alternatives["row_number"])]
    refused = pd.DataFrame(
        {
            "row_number": rows["row_number"],
            "raw": raw_text(rows, raw_lookup),
            "reason": "angka sumber kedua atau metode lama dimuat oleh walidata (python -m etl ingest), bukan kiriman",
            "reason_en": "a second source's or a superseded method's figure is loaded by the walidata "
            "(python -m etl ingest), not delivered",
        }
    )
    return pd.concat([rejected, refused], ignore_index=True)


def _failed(conn: Connection, source: str, agency: str, actor: Actor, kind: DeliveryKind, name: str, error: str):
    """A file that could not be read at all: a delivery in stage gagal that says why (nothing in it)."""
    delivery_id = ledger.record(
        conn,
        source=source,
        agency=agency,
        kind=kind,
        file_name=name,
        stage=DeliveryStage.GAGAL,
        auto_published=False,
        replaces=False,
        submitted_by=actor.name,
        submitted_at=ledger.now(),
        submitted_from=actor.where,
        rows_read=0,
        rows_loaded=0,
        rows_unchanged=0,
        rows_rejected=0,
        rows_removed=0,
        error=error[:2000],
    )
    ledger.event(conn, delivery_id, DeliveryAction.GAGAL, actor, note=error[:2000])
    return Outcome(delivery_id, DeliveryStage.GAGAL, error=error)


def _submit(engine: Engine, agency: str, actor: Actor, kind: DeliveryKind, name: str | None, read) -> Outcome:
    """Read (`read()` -> a source delivery) and stage one web delivery of `agency` in one transaction."""
    began = time.perf_counter()
    with engine.begin() as conn:
        source = _ensure_agency_source(conn, agency)
    try:
        found: SourceDelivery = read()
    except (MappingError, FileNotFoundError, ValueError) as err:
        with engine.begin() as conn:
            outcome = _failed(conn, source, agency, actor, kind, name or "", str(err))
        _audit_sent(outcome, agency, name, actor, time.perf_counter() - began)
        return outcome
    with engine.begin() as conn:
        run_id = _insert_run(conn, source)
        outcome = _stage(
            conn,
            frame=found.observations,
            raw_lookup=found.raw_lookup,
            decimal=found.decimal,
            source=source,
            run_id=run_id,
            kind=kind,
            agency=agency,
            actor=actor,
            file_name=name,
            replaces=kind == DeliveryKind.BERKAS,
            notes=found.notes,
        )
    _audit_sent(outcome, agency, name, actor, time.perf_counter() - began)
    return outcome


def _audit_sent(outcome: Outcome, agency: str | None, name: str | None, actor: Actor, seconds: float) -> None:
    audit.event(
        "delivery_sent",
        actor=actor.name,
        outcome="failed" if outcome.error else ("partial" if outcome.rejected else "ok"),
        delivery=outcome.delivery_id,
        agency=agency,
        file=name,
        stage=outcome.stage,
        rows_read=outcome.read,
        rows_loaded=outcome.loaded,
        rows_unchanged=outcome.unchanged,
        rows_rejected=outcome.rejected,
        rows_removed=outcome.removed,
        superseded=outcome.superseded or None,
        error=outcome.error,
        seconds=round(seconds, 3),
    )


SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


def clean_file_name(name: str) -> str:
    """A delivered file's name as it is shown and kept: its base name, printable, at most 120 characters."""
    base = Path(str(name).replace("\\", "/")).name
    return SAFE_NAME.sub("_", base).strip(" .")[:120] or "berkas"


def submit_file(engine: Engine, path: Path, agency: str, actor: Actor, name: str | None = None) -> Outcome:
    """A produsen data's file in the standard template (CSV or XLSX), read and validated exactly as
    `python -m etl ingest` reads it, kept as a draft of `agency`. A file that cannot be read is a delivery in
    stage gagal that names why."""
    shown = clean_file_name(name or path.name)
    return _submit(engine, agency, actor, DeliveryKind.BERKAS, shown, lambda: template.read_file(path))


FORM_FIELDS = ("kode_indikator", "kode_wilayah", "periode", "nilai", "status", "catatan")
# What makes a form line a row: the status alone is no row (the form's status choice always holds a value).
TYPED_FIELDS = tuple(k for k in FORM_FIELDS if k != "status")


def submit_values(engine: Engine, rows: list[dict], agency: str, actor: Actor) -> Outcome:
    """A few values typed into the form (template column names as keys), validated as a file's rows are; the
    form's row numbers are its lines (1, 2, ...). Lines with nothing typed in (a status alone) are not rows."""
    filled = [r for r in rows if any(str(r.get(k) or "").strip() for k in TYPED_FIELDS)]
    if not filled:
        raise Refused(Refusal.EMPTY_FORM, "formulir kosong: isi paling sedikit satu baris / the form is empty")
    columns = {k: [r.get(k) for r in filled] for k in FORM_FIELDS}
    numbers = [int(r.get("baris") or i) for i, r in enumerate(filled, start=1)]
    frame = standard_frame(columns, numbers)
    return _submit(engine, agency, actor, DeliveryKind.FORMULIR, None, lambda: SourceDelivery(frame))


def stage_run(engine: Engine, source: dict, run_id: int, found: SourceDelivery, actor: Actor, began: float):
    """A registered source that is not trusted: its run is a draft delivery, published when a walidata approves
    it. A run whose rows would change nothing that is published, or that repeats the source's undecided draft
    exactly, leaves no new draft (said in the run's notes). Returns the run's etl.load.RunResult."""
    if len(found.targets) or len(found.applications):
        raise ValueError(
            "sumber yang belum dipercaya hanya mengirim observasi; target dan aplikasi dimuat oleh sumber tepercaya / "
            "a source that is not trusted delivers observations only; targets and applications need a trusted source"
        )
    name = source["name"]
    try:
        with engine.begin() as conn:
            outcome = _stage(
                conn,
                frame=found.observations,
                raw_lookup=found.raw_lookup,
                decimal=found.decimal,
                source=name,
                run_id=run_id,
                kind=DeliveryKind.SUMBER,
                agency=None,
                actor=actor,
                file_name=None,
                replaces=False,
                notes=found.notes,
            )
            note = _pointless(conn, outcome)
            if note is not None:
                raise _NotKept(note)  # rolls the draft back
    except _NotKept as kept:
        return _unstaged_run(engine, name, run_id, found, str(kept), began)
    result = load.RunResult(
        name,
        run_id,
        RunStatus.DRAF,
        read=outcome.read,
        loaded=outcome.loaded,
        unchanged=outcome.unchanged,
        rejected=outcome.rejected,
        seconds=time.perf_counter() - began,
        notes=[*found.notes, _draft_note(outcome)],
    )
    with engine.begin() as conn:
        conn.execute(update(EtlRun).where(EtlRun.id == run_id).values(notes="\n".join(result.notes)))
    return result


class _NotKept(Exception):
    """A registered source's draft that need not be kept (the reason is its message)."""


def _draft_note(outcome: Outcome) -> str:
    return (
        f"kiriman #{outcome.delivery_id} menunggu pemeriksaan walidata (/kiriman/{outcome.delivery_id}); belum ada "
        f"yang terbit / delivery #{outcome.delivery_id} awaits a walidata's review; nothing is published yet"
    )


def _rows_not_in(conn: Connection, a: int, b: int) -> int:
    """How many rows delivery `a` holds that delivery `b` does not hold exactly."""
    cols = "indicator, region, period, value, status, coalesce(source_url, ''), coalesce(note, '')"
    return conn.execute(
        text(
            f"SELECT count(*) FROM (SELECT {cols} FROM delivery_row WHERE delivery_id = :a EXCEPT "
            f"SELECT {cols} FROM delivery_row WHERE delivery_id = :b) d"
        ),
        {"a": a, "b": b},
    ).scalar_one()


def _pointless(conn: Connection, outcome: Outcome) -> str | None:
    """Why a registered source's draft need not be kept: it changes nothing published, or it is the source's
    undecided draft again, row for row (None: keep it)."""
    if outcome.loaded == 0 and outcome.removed == 0:
        return "tidak ada nilai baru atau berubah: tidak ada kiriman baru / no new or changed value: no new delivery"
    if not outcome.superseded:
        return None
    previous = max(outcome.superseded)
    if _rows_not_in(conn, outcome.delivery_id, previous) or _rows_not_in(conn, previous, outcome.delivery_id):
        return None
    return (
        f"sama dengan kiriman #{previous} yang masih menunggu pemeriksaan: tidak ada kiriman baru / "
        f"the same as delivery #{previous}, which still awaits review: no new delivery"
    )


def _unstaged_run(engine: Engine, name: str, run_id: int, found: SourceDelivery, note: str, began: float):
    """The run of a draft not kept: validated again for its rejected rows, recorded with the note, nothing staged."""
    with engine.begin() as conn:
        ref = Reference.read(conn)
        valid, rejected, repeats, alternatives = validate(found.observations, ref, found.raw_lookup, found.decimal)
        rejected = _refuse_alternatives(found.observations, alternatives, rejected, found.raw_lookup)
        load._insert_rejects(conn, rejected, name, run_id)
        result = load.RunResult(
            name,
            run_id,
            RunStatus.SEBAGIAN if len(rejected) else RunStatus.BERHASIL,
            read=len(found.observations),
            loaded=0,
            unchanged=len(valid) + repeats,
            rejected=len(rejected),
            seconds=time.perf_counter() - began,
            notes=[*found.notes, note],
        )
        # Nothing was published: the run counts as a delivery checked (its freshness), not as new data.
        result.status = RunStatus.DRAF
        load._finish_run(conn, result)
    return result


# --- decisions ------------------------------------------------------------------------------------------------


def _decided_sentence(conn: Connection, delivery_id: int) -> Refused:
    row = conn.execute(
        select(
            DeliveryRecord.stage, DeliveryRecord.reviewer, DeliveryRecord.reviewed_at, DeliveryRecord.superseded_by
        ).where(DeliveryRecord.id == delivery_id)
    ).one()
    who = row.reviewer or "-"
    when = row.reviewed_at.strftime("%Y-%m-%d %H:%M UTC") if row.reviewed_at else "-"
    return Refused(
        Refusal.DECIDED,
        f"kiriman #{delivery_id} sudah {row.stage} (oleh {who}, {when}) / delivery #{delivery_id} is already "
        f"{row.stage} (by {who}, {when})",
        delivery=delivery_id,
        stage=str(row.stage),
        who=who,
        when=when,
        by=row.superseded_by or "",
    )


def _check_reviewer(conn: Connection, delivery_id: int, reviewer: Reader, actor: Actor):
    """The delivery, if `reviewer` may decide on it now; else the refusal that says why."""
    row = conn.execute(select(DeliveryRecord).where(DeliveryRecord.id == delivery_id)).first()
    if row is None or not reviewer.may_see_delivery(row.agency):
        raise Refused(Refusal.UNKNOWN, f"tidak ada kiriman #{delivery_id} / no delivery #{delivery_id}")
    if not reviewer.may_review(row.agency):
        raise Refused(
            Refusal.NOT_REVIEWER,
            "hanya walidata atau walidata pendukung perangkat daerah ini yang dapat memutuskan kiriman / only a "
            "walidata or this agency's walidata pendukung decides on a delivery",
        )
    if row.submitted_by == actor.name and row.kind != DeliveryKind.SUMBER:
        raise Refused(
            Refusal.OWN_DELIVERY,
            "kiriman Anda sendiri diputuskan orang lain / your own delivery is decided by someone else",
        )
    if row.stage not in OPEN_STAGES:
        raise _decided_sentence(conn, delivery_id)
    return row


def take_up(engine: Engine, delivery_id: int, reviewer: Reader, actor: Actor) -> None:
    """A reviewer takes a draft up: Draf -> Diperiksa (others see who is checking it)."""
    with engine.begin() as conn:
        row = _check_reviewer(conn, delivery_id, reviewer, actor)
        if row.stage != DeliveryStage.DRAF:
            raise _decided_sentence(conn, delivery_id)
        changed = conn.execute(
            update(DeliveryRecord)
            .where(DeliveryRecord.id == delivery_id, DeliveryRecord.stage == DeliveryStage.DRAF)
            .values(stage=DeliveryStage.DIPERIKSA, reviewer=actor.name, reviewed_at=ledger.now())
        ).rowcount
        if not changed:
            raise _decided_sentence(conn, delivery_id)
        ledger.event(conn, delivery_id, DeliveryAction.DIPERIKSA, actor)
    audit.event("delivery_taken_up", actor=actor.name, delivery=delivery_id, agency=row.agency)


def _note(note: str | None) -> str | None:
    text_ = (note or "").strip()
    return text_[:MAX_NOTE] or None


def return_delivery(engine: Engine, delivery_id: int, reviewer: Reader, actor: Actor, note: str | None) -> None:
    """Return a delivery to its producer with a note saying why; it is never published."""
    note = _note(note)
    if note is None:
        raise Refused(Refusal.NOTE_NEEDED, "tulis alasan pengembalian / say why the delivery goes back")
    with engine.begin() as conn:
        row = _check_reviewer(conn, delivery_id, reviewer, actor)
        changed = conn.execute(
            update(DeliveryRecord)
            .where(DeliveryRecord.id == delivery_id, DeliveryRecord.stage.in_(OPEN_STAGES))
            .values(stage=DeliveryStage.DIKEMBALIKAN, reviewer=actor.name, reviewed_at=ledger.now(), review_note=note)
        ).rowcount
        if not changed:
            raise _decided_sentence(conn, delivery_id)
        ledger.event(conn, delivery_id, DeliveryAction.DIKEMBALIKAN, actor, note=note)
    audit.event("delivery_returned", actor=actor.name, delivery=delivery_id, agency=row.agency, note=note)


def approve(
    engine: Engine,
    delivery_id: int,
    reviewer: Reader,
    actor: Actor,
    note: str | None = None,
    on_stage: Callable[[str], None] | None = None,
    lock_wait: float = LOCK_WAIT_SECONDS,
) -> Publication:
    """Approve a delivery and publish it, in one transaction under the run lock: its rows merged into observation
    (replaced values kept as versions), the published values of its source it no longer holds removed (a file's
    (indicator, period)), the summaries refreshed, the publication recorded as a run. A crash anywhere before the
    commit leaves nothing published and the delivery undecided. Of two reviewers approving at once, one publishes;
    the other is refused with who decided first."""
    began = time.perf_counter()
    stage = on_stage or (lambda _name: None)
    note = _note(note)
    try:
        lock = RunLock(engine, wait_seconds=lock_wait).acquire()
    except LockBusy as err:
        raise Refused(Refusal.BUSY, str(err)) from None
    try:
        with engine.begin() as conn:
            row = _check_reviewer(conn, delivery_id, reviewer, actor)
            stamp = ledger.now()
            changed = conn.execute(
                update(DeliveryRecord)
                .where(DeliveryRecord.id == delivery_id, DeliveryRecord.stage.in_(OPEN_STAGES))
                .values(
                    stage=DeliveryStage.TERBIT,
                    reviewer=actor.name,
                    reviewed_at=stamp,
                    review_note=note,
                    published_at=stamp,
                )
            ).rowcount
            if not changed:
                raise _decided_sentence(conn, delivery_id)
            run_id = _insert_run(conn, row.source)
            stage("memuat")
            publication = _publish(conn, row, run_id, stamp)
            result = load.RunResult(
                row.source,
                run_id,
                RunStatus.BERHASIL,
                read=publication.read,
                loaded=publication.loaded,
                unchanged=publication.unchanged,
                seconds=time.perf_counter() - began,
                notes=[
                    f"kiriman #{delivery_id} disetujui oleh {actor.name} / delivery #{delivery_id} approved by "
                    f"{actor.name}"
                    + (f"; {publication.removed} nilai dihapus / values removed" if publication.removed else "")
                ],
            )
            load._finish_run(conn, result)
            conn.execute(update(DeliveryRecord).where(DeliveryRecord.id == delivery_id).values(publish_run_id=run_id))
            ledger.event(conn, delivery_id, DeliveryAction.DISETUJUI, actor, note=note)
            ledger.event(
                conn,
                delivery_id,
                DeliveryAction.DITERBITKAN,
                actor,
                note=f"run {run_id}: {publication.loaded} dimuat, {publication.unchanged} tak berubah, "
                f"{publication.removed} dihapus",
            )
            stage("menyimpan")
    finally:
        lock.release()
    publication.seconds = time.perf_counter() - began
    audit.event(
        "delivery_approved", actor=actor.name, delivery=delivery_id, agency=row.agency, note=note, run_id=run_id
    )
    audit.event(
        "delivery_published",
        actor=actor.name,
        delivery=delivery_id,
        agency=row.agency,
        source=row.source,
        run_id=run_id,
        rows_read=publication.read,
        rows_loaded=publication.loaded,
        rows_unchanged=publication.unchanged,
        rows_removed=publication.removed,
        seconds=round(publication.seconds, 3),
    )
    return publication


_STAGE_FROM_ROWS = (
    "INSERT INTO etl_stage_observation ({columns}) SELECT indicator, region, period, value, status, :source, "
    "source_url, note, :run_id, :stamp FROM delivery_row WHERE delivery_id = :id"
)
_VERSION_COLUMNS = (
    "indicator, region, period, value, status, revised, source, source_url, note, run_id, loaded_at, replaced_at, "
    "replaced_by_run, removed"
)


def _publish(conn: Connection, row, run_id: int, stamp) -> Publication:
    """Merge a delivery's rows into observation and remove what its file no longer holds, in `conn`'s transaction."""
    postgresql = conn.dialect.name == "postgresql"
    params = {"id": row.id, "source": row.source, "run_id": run_id, "stamp": load.sqlite_stamp(conn, stamp)}
    read = conn.execute(select(func.count()).select_from(DeliveryRow).where(DeliveryRow.delivery_id == row.id))
    read = int(read.scalar_one())
    removed = 0
    if row.replaces:
        true = "true" if postgresql else "1"
        conn.execute(
            text(
                f"INSERT INTO observation_version ({_VERSION_COLUMNS}) SELECT o.indicator, o.region, o.period, "
                f"o.value, o.status, o.revised, o.source, o.source_url, o.note, o.run_id, o.loaded_at, :stamp, "
                f":run_id, {true} {_REMOVED}"
            ),
            params,
        )
        removed = conn.execute(text(f"DELETE FROM observation WHERE id IN (SELECT o.id {_REMOVED})"), params).rowcount
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        load.new_stage(cursor)
        conn.execute(text(_STAGE_FROM_ROWS.format(columns=", ".join(load.OBS_COLUMNS))), params)
        loaded = load.merge_stage(cursor, postgresql)
        if loaded or removed:
            load.refresh_summaries(cursor, "etl_stage_observation", postgresql)
        load.drop_stage(cursor)
    finally:
        cursor.close()
    return Publication(row.id, run_id, read, loaded, read - loaded, removed, 0.0)
