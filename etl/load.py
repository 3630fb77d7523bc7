"""Atomic, idempotent loads: one transaction per source, an upsert on (indicator, region, period)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import groupby

import pandas as pd
from sqlalchemy import Connection, Engine, bindparam, insert, select, update

from etl import bulk, ledger, search_index
from etl.delivery import Delivery
from etl.ledger import Actor
from etl.sources import applications
from etl.validate import Reference, validate
from portal.models import EtlRun, ObservationAlternative, RejectedRow, Target
from portal.vocab import DeliveryAction, DeliveryKind, DeliveryStage, Frequency, RunStatus, Stage


@dataclass
class RunResult:
    source: str
    run_id: int
    status: str  # berhasil, sebagian, gagal
    read: int = 0
    loaded: int = 0
    unchanged: int = 0
    rejected: int = 0
    seconds: float = 0.0
    error: str | None = None
    notes: list[str] = field(default_factory=list)


now = ledger.now


OBS_COLUMNS = [
    "indicator",
    "region",
    "period",
    "value",
    "status",
    "source",
    "source_url",
    "note",
    "run_id",
    "loaded_at",
]
# What makes a stored observation "the same" as a delivered one (run_id and loaded_at are bookkeeping). An update
# that changes one of them keeps the old row in observation_version (a trigger, migrations/versions/0010).
COMPARED = ["value", "status", "source", "source_url", "note"]
# A figure that replaces a published real figure with another value is a correction (shown "diperbaiki" when
# final); a preliminary figure becoming final is not, and clears the mark; replacing a sample value is no correction.
_REVISED = (
    "revised = CASE WHEN observation.status = 'sementara' AND excluded.status = 'tetap' THEN {false} "
    "WHEN observation.value {distinct} excluded.value AND observation.source IN "
    "(SELECT name FROM source WHERE NOT is_sample) THEN {true} ELSE observation.revised END"
)
_SET = ", ".join(f"{c} = excluded.{c}" for c in OBS_COLUMNS[3:])
_STAGE_COLUMNS = (
    "indicator text, region text, period text, value double precision, status text, source text, "
    "source_url text, note text, run_id integer, loaded_at timestamp"
)
_CONFLICT = f"ON CONFLICT (indicator, region, period) DO UPDATE SET {_SET}"
# The staged rows merged in one statement; only new keys and changed rows are written, so the
# statement's row count is "loaded". SQLite needs `WHERE true` to parse INSERT ... SELECT ... ON CONFLICT.
_SQLITE_UPSERT = (
    f"INSERT INTO observation ({', '.join(OBS_COLUMNS)}) SELECT {', '.join(OBS_COLUMNS)} FROM etl_stage_observation "
    f"WHERE true {_CONFLICT}, {_REVISED.format(false=0, true=1, distinct='IS NOT')} "
    f"WHERE {' OR '.join(f'observation.{c} IS NOT excluded.{c}' for c in COMPARED)}"
)
_PG_UPSERT = (
    f"INSERT INTO observation ({', '.join(OBS_COLUMNS)}) SELECT {', '.join(OBS_COLUMNS)} FROM etl_stage_observation "
    f"{_CONFLICT}, {_REVISED.format(false='false', true='true', distinct='IS DISTINCT FROM')} "
    f"WHERE ({', '.join(f'observation.{c}' for c in COMPARED)}) "
    f"IS DISTINCT FROM ({', '.join(f'excluded.{c}' for c in COMPARED)})"
)

# The indicators this load touched get their summary row recomputed in the same transaction, so readers
# never see a summary that disagrees with the fact table. Each indicator is one range of the unique key.
# The touched ones are the staged rows' (a load into an empty table stages nothing: all of observation).
# official_series first: the summary counts only what readers are shown (a series with real figures shows no
# sample values; see portal.models.OfficialSeries).
_TOUCHED = "indicator IN (SELECT DISTINCT indicator FROM {touched})"
_REAL = "source IN (SELECT name FROM source WHERE NOT is_sample)"
# A series with only an alternative figure from a real source (a superseded method's value) is official too: its
# sample values never show either.
_REFRESH_SUMMARY = (
    f"DELETE FROM official_series WHERE {_TOUCHED}",
    f"INSERT INTO official_series (indicator, region) SELECT indicator, region FROM observation "
    f"WHERE {_TOUCHED} AND {_REAL} UNION SELECT indicator, region FROM observation_alternative "
    f"WHERE {_TOUCHED} AND {_REAL}",
    f"DELETE FROM indicator_summary WHERE {_TOUCHED}",
    "INSERT INTO indicator_summary (indicator, latest_period, last_loaded_at, observations, regions, sample_values, "
    "real_latest_period) SELECT indicator, max(period), max(loaded_at), count(*), count(DISTINCT region), "
    "sum(CASE WHEN source IN (SELECT name FROM source WHERE is_sample) THEN 1 ELSE 0 END), "
    f"max(CASE WHEN {_REAL} THEN period END) FROM observation o "
    f"WHERE {_TOUCHED} AND ({_REAL} OR NOT EXISTS (SELECT 1 FROM official_series s "
    "WHERE s.indicator = o.indicator AND s.region = o.region)) GROUP BY indicator",
)


def _nullable(column: pd.Series) -> list:
    """Text cells for the driver: missing or empty become NULL."""
    return [None if v is None or v != v or v == "" else str(v) for v in column.tolist()]


def observation_rows(valid: pd.DataFrame, source: str, run_id: int, stamp: datetime | str) -> list[tuple]:
    """Validated rows as plain tuples in OBS_COLUMNS order, ready for executemany or COPY."""
    n = len(valid)
    return list(
        zip(
            valid["indicator"].tolist(),
            valid["region"].tolist(),
            valid["period"].tolist(),
            valid["value"].astype(float).tolist(),
            valid["status"].tolist(),
            [source] * n,
            _nullable(valid["source_url"]),
            _nullable(valid["note"]),
            [run_id] * n,
            [stamp] * n,
            strict=True,
        )
    )


def _write(cursor, table: str, rows: list[tuple], postgresql: bool) -> None:
    """The rows into `table` at full speed: COPY on PostgreSQL, one executemany on SQLite."""
    columns = ", ".join(OBS_COLUMNS)
    if postgresql:
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(OBS_COLUMNS))})", rows)


def new_stage(cursor) -> None:
    """A fresh temporary staging table (etl_stage_observation) in the caller's transaction."""
    cursor.execute("DROP TABLE IF EXISTS etl_stage_observation")
    cursor.execute(f"CREATE TEMP TABLE etl_stage_observation ({_STAGE_COLUMNS})")


def drop_stage(cursor) -> None:
    cursor.execute("DROP TABLE IF EXISTS etl_stage_observation")


def merge_stage(cursor, postgresql: bool) -> int:
    """Merge the staged rows into observation in one statement; returns how many were written ("loaded").

    Only new keys and rows whose value, status, source, URL or note changed are written; a replaced row is kept
    in observation_version by the table's trigger.
    """
    cursor.execute(_PG_UPSERT if postgresql else _SQLITE_UPSERT)
    return cursor.rowcount


# The exception board's window (portal.models.BoardWindow): from each touched indicator's start (BOARD_WINDOW - 1 of
# its periods before its latest one), the province's and regencies' values as readers are shown them.
_BOARD_WINDOW = (
    "SELECT o.indicator, o.region, o.period, o.value, s.is_sample FROM etl_board_start w "
    "JOIN observation o ON o.indicator = w.indicator AND o.period >= w.start "
    "JOIN source s ON s.name = o.source JOIN region r ON r.code = o.region "
    "WHERE r.level IN ('provinsi', 'kabkota') AND (NOT s.is_sample OR NOT EXISTS "
    "(SELECT 1 FROM official_series f WHERE f.indicator = o.indicator AND f.region = o.region)) "
    "ORDER BY o.indicator, o.region, o.period"
)


def refresh_board_window(cursor, touched: str, postgresql: bool) -> None:
    """The touched indicators' rows of board_window, recomputed from the fact table and their fresh summary: one row
    per series, its window's periods, values and sample flags as text (portal.models.BoardWindow).

    `touched` is a table with an `indicator` column (the staged rows, or observation itself for all)."""
    from portal.queries.board import BOARD_WINDOW, periods_back

    cursor.execute(f"SELECT indicator, latest_period FROM indicator_summary WHERE {_TOUCHED.format(touched=touched)}")
    starts = [(code, start) for code, latest in cursor.fetchall() if (start := periods_back(latest, BOARD_WINDOW - 1))]
    cursor.execute(f"DELETE FROM board_window WHERE {_TOUCHED.format(touched=touched)}")
    cursor.execute("DROP TABLE IF EXISTS etl_board_start")
    cursor.execute("CREATE TEMP TABLE etl_board_start (indicator text, start text)")
    mark = "%s" if postgresql else "?"
    cursor.executemany(f"INSERT INTO etl_board_start VALUES ({mark}, {mark})", starts)
    cursor.execute(_BOARD_WINDOW)
    series = []
    for (code, region), group in groupby(cursor.fetchall(), key=lambda r: (r[0], r[1])):
        rows = list(group)
        periods, figures = ",".join(r[2] for r in rows), ",".join(repr(float(r[3])) for r in rows)
        series.append((code, region, periods, figures, "".join("1" if r[4] else "0" for r in rows)))
    cursor.executemany(
        f"INSERT INTO board_window (indicator, region, periods, figures, samples) VALUES ({', '.join([mark] * 5)})",
        series,
    )
    cursor.execute("DROP TABLE etl_board_start")


def refresh_summaries(cursor, touched: str, postgresql: bool) -> None:
    """The touched indicators' official_series, indicator_summary and board_window rows, recomputed; fresh planner
    statistics."""
    for statement in _REFRESH_SUMMARY:
        cursor.execute(statement.format(touched=touched))
    refresh_board_window(cursor, touched, postgresql)
    # Fresh planner statistics, so the planner knows the fact table is large and reaches it through
    # its indexes (without them SQLite may walk a whole index to save a sort). Sampled: fast at 10M rows.
    if postgresql:
        cursor.execute("ANALYZE observation, indicator_summary, official_series, board_window")
    else:
        cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute("ANALYZE")


def sqlite_stamp(conn: Connection, stamp: datetime) -> datetime | str:
    """A time as the driver should get it: SQLAlchemy's own text format for DateTime on SQLite."""
    return stamp.strftime("%Y-%m-%d %H:%M:%S.%f") if conn.dialect.name == "sqlite" else stamp


def _upsert_observations(conn: Connection, valid: pd.DataFrame, source: str, run_id: int) -> tuple[int, int]:
    """Set-based upsert on (indicator, region, period); returns (loaded, unchanged).

    Only new keys and rows whose value, status, source, URL or note changed are written, so the
    database counts "loaded" for us: every other valid row is unchanged. The rows go into a
    temporary staging table first (SQLite: one executemany; PostgreSQL: COPY), then one
    INSERT ... SELECT ... ON CONFLICT merges them, all in the caller's transaction. An empty fact table
    is written into directly, with the indexes (and on PostgreSQL the keys) dropped and re-made after
    (etl/bulk.py).
    """
    if valid.empty:
        return 0, 0
    rows = observation_rows(valid, source, run_id, sqlite_stamp(conn, now()))
    cursor = conn.connection.dbapi_connection.cursor()
    postgresql = conn.dialect.name == "postgresql"
    try:
        restore = bulk.drop_keys(cursor) if postgresql else bulk.drop_sqlite_indexes(cursor)
        if restore is not None:  # an empty table: every key is new (validation left one row per key)
            _write(cursor, "observation", rows, postgresql)
            bulk.restore(cursor, restore)
            loaded, touched = len(rows), "observation"
        else:
            new_stage(cursor)
            _write(cursor, "etl_stage_observation", rows, postgresql)
            loaded, touched = merge_stage(cursor, postgresql), "etl_stage_observation"
        if loaded:
            refresh_summaries(cursor, touched, postgresql)
        drop_stage(cursor)
    finally:
        cursor.close()
    return loaded, len(rows) - loaded


def _upsert_alternatives(conn: Connection, alternatives: pd.DataFrame, source: str, run_id: int) -> tuple[int, int]:
    """Second sources and superseded figures of this source, keyed by (indicator, region, period, method,
    source_url); returns (loaded, unchanged). The official series and summaries of the indicators written are
    refreshed in the same transaction."""
    if alternatives.empty:
        return 0, 0
    t = ObservationAlternative.__table__
    key = ["indicator", "region", "period", "method", "source_url"]
    rows = alternatives.assign(
        method=_nullable(alternatives["method"]),
        source_url=_nullable(alternatives["source_url"]),
        note=_nullable(alternatives["note"]),
        value=alternatives["value"].astype(float),
    ).fillna({"method": "", "source_url": ""})
    existing = pd.DataFrame(
        conn.execute(select(t.c.id, *(t.c[c] for c in key), t.c.value, t.c.note).where(t.c.source == source)).all(),
        columns=["id", *key, "value_old", "note_old"],
    )
    merged = rows.merge(existing, on=key, how="left")
    is_new = merged["id"].isna()
    same = (
        ~is_new
        & (merged["value"] == merged["value_old"])
        & (merged["note"].fillna("") == merged["note_old"].fillna(""))
    )
    stamp = now()
    columns = [*key, "value", "note"]
    fresh = merged.loc[is_new, columns].assign(source=source, run_id=run_id, loaded_at=stamp)
    if len(fresh):
        conn.execute(insert(t), _records(fresh))
    changed = merged.loc[~is_new & ~same, ["id", "value", "note"]]
    if len(changed):
        conn.execute(
            update(t)
            .where(t.c.id == bindparam("k_id"))
            .values(value=bindparam("value"), note=bindparam("note"), run_id=run_id, loaded_at=stamp),
            _records(changed.rename(columns={"id": "k_id"})),
        )
    loaded = int(is_new.sum()) + len(changed)
    if loaded:
        cursor = conn.connection.dbapi_connection.cursor()
        try:
            cursor.execute("DROP TABLE IF EXISTS etl_stage_alternative")
            cursor.execute("CREATE TEMP TABLE etl_stage_alternative (indicator text)")
            placeholder = "%s" if conn.dialect.name == "postgresql" else "?"
            cursor.executemany(
                f"INSERT INTO etl_stage_alternative (indicator) VALUES ({placeholder})",
                [(code,) for code in sorted(set(rows["indicator"]))],
            )
            for statement in _REFRESH_SUMMARY:
                cursor.execute(statement.format(touched="etl_stage_alternative"))
            cursor.execute("DROP TABLE etl_stage_alternative")
        finally:
            cursor.close()
    return loaded, int(same.sum())


def _upsert_targets(conn: Connection, valid: pd.DataFrame) -> tuple[int, int]:
    """Targets keyed by (indicator, region, year); returns (loaded, unchanged)."""
    if valid.empty:
        return 0, 0
    t = Target.__table__
    valid = valid.assign(year=valid["period"].astype(int))
    existing = pd.DataFrame(
        conn.execute(select(t.c.indicator, t.c.region, t.c.year, t.c.value, t.c.document, t.c.is_sample)).all(),
        columns=["indicator", "region", "year", "value_old", "document_old", "sample_old"],
    )
    merged = valid.merge(existing, on=["indicator", "region", "year"], how="left", indicator=True)
    is_new = merged["_merge"] == "left_only"
    same = ~is_new & (merged["value"] == merged["value_old"]) & (merged["document"] == merged["document_old"])
    columns = ["indicator", "region", "year", "value", "document", "source_url", "is_sample"]
    if is_new.any():
        conn.execute(insert(t), _records(merged.loc[is_new, columns]))
    changed = merged.loc[~is_new & ~same, columns]
    if len(changed):
        stmt = (
            update(t)
            .where(
                t.c.indicator == bindparam("k_indicator"),
                t.c.region == bindparam("k_region"),
                t.c.year == bindparam("k_year"),
            )
            .values(
                value=bindparam("value"),
                document=bindparam("document"),
                source_url=bindparam("source_url"),
                is_sample=bindparam("is_sample"),
            )
        )
        conn.execute(
            stmt, _records(changed.rename(columns={"indicator": "k_indicator", "region": "k_region", "year": "k_year"}))
        )
    return int(is_new.sum()) + len(changed), int(same.sum())


def _records(frame: pd.DataFrame) -> list[dict]:
    """Plain Python values for the driver: NaN becomes NULL, numpy scalars become Python ones."""
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.to_dict("records")


def start_run(engine: Engine, source: str) -> int:
    """Record a run as started, in its own transaction, so a crash leaves a trace."""
    with engine.begin() as conn:
        return conn.execute(
            insert(EtlRun).values(source=source, started_at=now(), status=RunStatus.BERJALAN).returning(EtlRun.id)
        ).scalar_one()


def fail_run(engine: Engine, run_id: int, error: str, read: int = 0) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(EtlRun)
            .where(EtlRun.id == run_id)
            .values(status=RunStatus.GAGAL, finished_at=now(), error=error[:2000], rows_read=read)
        )


def _insert_rejects(conn: Connection, rejected: pd.DataFrame, source: str, run_id: int) -> None:
    if len(rejected):
        conn.execute(insert(RejectedRow), _records(rejected.assign(run_id=run_id, source=source)))


def _finish_run(conn: Connection, result: RunResult) -> None:
    """The run row, written in the load's own transaction: it commits with the data or not at all."""
    conn.execute(
        update(EtlRun)
        .where(EtlRun.id == result.run_id)
        .values(
            status=result.status,
            finished_at=now(),
            rows_read=result.read,
            rows_loaded=result.loaded,
            rows_unchanged=result.unchanged,
            rows_rejected=result.rejected,
            notes="\n".join(result.notes) or None,
        )
    )


def _record_publication(conn: Connection, result: RunResult, actor: Actor, file_name: str | None) -> None:
    """A load that published observations without review (a trusted source, the walidata's ingest) is a delivery
    of its own in the ledger, published at once: every published value can say which delivery brought it."""
    stamp = now()
    delivery_id = ledger.record(
        conn,
        source=result.source,
        kind=DeliveryKind.SUMBER,
        file_name=file_name,
        stage=DeliveryStage.TERBIT,
        auto_published=True,
        replaces=False,
        submitted_by=actor.name,
        submitted_at=stamp,
        submitted_from=actor.where,
        run_id=result.run_id,
        rows_read=result.read,
        rows_loaded=result.loaded,
        rows_unchanged=result.unchanged,
        rows_rejected=result.rejected,
        rows_removed=0,
        published_at=stamp,
        publish_run_id=result.run_id,
    )
    ledger.event(conn, delivery_id, DeliveryAction.TERBIT_OTOMATIS, actor)


def load_delivery(
    engine: Engine,
    source: str,
    run_id: int,
    delivery: Delivery,
    on_stage: Callable[[str], None] | None = None,
    began: float | None = None,
    actor: Actor | None = None,
    file_name: str | None = None,
) -> RunResult:
    """Validate and publish one source's delivery in one transaction; the run row commits with the data.

    For a trusted source and the walidata's own ingest: a load that writes observations is recorded as a delivery
    published without review, by `actor` (default: the OS account). `on_stage` hears "validasi", "memuat" and
    "menyimpan" as the load moves on (for a progress bar).
    """
    began = time.perf_counter() if began is None else began
    stage = on_stage or (lambda _name: None)
    obs, targets, apps = delivery.observations, delivery.targets, delivery.applications
    result = RunResult(
        source, run_id, RunStatus.BERHASIL, read=len(obs) + len(targets) + len(apps), notes=list(delivery.notes)
    )
    loaded = unchanged = repeats = published = 0
    rejected = pd.DataFrame(columns=["row_number", "raw", "reason", "reason_en"])
    with engine.begin() as conn:
        if len(obs) or len(targets):
            stage(Stage.VALIDASI)
            ref = Reference.read(conn)
            valid, rejected, repeats, alternatives = validate(obs, ref, delivery.raw_lookup, delivery.decimal)
            stage(Stage.MEMUAT)
            # Alternatives first: the observations' refresh of official_series then counts them too.
            alt_loaded, alt_unchanged = _upsert_alternatives(conn, alternatives, source, run_id)
            loaded, unchanged = _upsert_observations(conn, valid, source, run_id)
            published = loaded
            loaded, unchanged = loaded + alt_loaded, unchanged + alt_unchanged
        if len(targets):
            # Targets are yearly whatever the indicator's frequency, and name years still to come.
            yearly = replace(ref, indicators=ref.indicators.assign(frequency=Frequency.TAHUNAN))
            t_valid, t_rejected, t_repeats, _ = validate(
                targets, yearly, decimal=delivery.decimal, future=True, keep_alternatives=False
            )
            t_valid = t_valid.merge(targets[["row_number", "document", "is_sample"]], on="row_number")
            t_loaded, t_unchanged = _upsert_targets(conn, t_valid)
            loaded, unchanged, repeats = loaded + t_loaded, unchanged + t_unchanged, repeats + t_repeats
            rejected = pd.concat([rejected, t_rejected], ignore_index=True)
        if len(apps):
            stage(Stage.MEMUAT)
            a_loaded, a_unchanged, a_rejected, a_repeats = applications.upsert(conn, apps)
            loaded, unchanged, repeats = loaded + a_loaded, unchanged + a_unchanged, repeats + a_repeats
            rejected = pd.concat([rejected, a_rejected], ignore_index=True)
        stage(Stage.MENYIMPAN)
        _insert_rejects(conn, rejected, source, run_id)
        search_index.rebuild(conn)  # the search box answers from what this load commits
        result.loaded, result.unchanged, result.rejected = loaded, unchanged + repeats, len(rejected)
        if result.read != result.loaded + result.unchanged + result.rejected:
            raise RuntimeError(f"row accounting broken: {result}")  # rolls the whole source back
        result.status = RunStatus.SEBAGIAN if result.rejected else RunStatus.BERHASIL
        result.seconds = time.perf_counter() - began
        _finish_run(conn, result)
        if published:
            _record_publication(conn, result, actor or Actor.process(), file_name)
    return result
