"""Atomic, idempotent loads: one transaction per source, an upsert on (indicator, region, period)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, bindparam, insert, select, update

from etl.validate import KEY, Reference, text, validate
from portal.models import EtlRun, Observation, RejectedRow, Target


@dataclass
class Delivery:
    """What a source produced: observation rows and optional target rows, in the template's columns."""

    observations: pd.DataFrame
    targets: pd.DataFrame = field(default_factory=pd.DataFrame)


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


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _upsert_observations(conn: Connection, valid: pd.DataFrame, source: str, run_id: int) -> tuple[int, int]:
    """Insert new keys, update changed ones; returns (loaded, unchanged)."""
    if valid.empty:
        return 0, 0
    t = Observation.__table__
    existing = pd.DataFrame(
        conn.execute(
            select(t.c.indicator, t.c.region, t.c.period, t.c.value, t.c.status, t.c.source, t.c.source_url).where(
                t.c.indicator.in_(valid["indicator"].unique().tolist())
            )
        ).all(),
        columns=[*KEY, "value_old", "status_old", "source_old", "url_old"],
    )
    merged = valid.merge(existing, on=KEY, how="left", indicator=True)
    is_new = merged["_merge"] == "left_only"
    same = (
        ~is_new
        & (merged["value"] == merged["value_old"])
        & (merged["status"] == merged["status_old"])
        & (merged["source_old"] == source)
        & (text(merged["source_url"]) == text(merged["url_old"]))
    )
    stamp = now()
    columns = [*KEY, "value", "status", "source_url", "note"]
    fresh = merged.loc[is_new, columns].assign(source=source, run_id=run_id, loaded_at=stamp)
    changed = merged.loc[~is_new & ~same, columns].assign(source=source, run_id=run_id, loaded_at=stamp)
    if len(fresh):
        conn.execute(insert(t), _records(fresh))
    if len(changed):
        stmt = (
            update(t)
            .where(
                t.c.indicator == bindparam("k_indicator"),
                t.c.region == bindparam("k_region"),
                t.c.period == bindparam("k_period"),
            )
            .values(
                value=bindparam("value"),
                status=bindparam("status"),
                source=bindparam("source"),
                source_url=bindparam("source_url"),
                note=bindparam("note"),
                run_id=bindparam("run_id"),
                loaded_at=bindparam("loaded_at"),
            )
        )
        rows = changed.rename(columns={"indicator": "k_indicator", "region": "k_region", "period": "k_period"})
        conn.execute(stmt, _records(rows))
    return len(fresh) + len(changed), int(same.sum())


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
            insert(EtlRun).values(source=source, started_at=now(), status="berjalan").returning(EtlRun.id)
        ).scalar_one()


def fail_run(engine: Engine, run_id: int, error: str, read: int = 0) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(EtlRun)
            .where(EtlRun.id == run_id)
            .values(status="gagal", finished_at=now(), error=error[:2000], rows_read=read)
        )


def load_delivery(engine: Engine, source: str, run_id: int, delivery: Delivery) -> RunResult:
    """Validate and load one source's delivery in one transaction; the run row commits with the data."""
    began = time.perf_counter()
    obs, targets = delivery.observations, delivery.targets
    result = RunResult(source, run_id, "berhasil", read=len(obs) + len(targets))
    with engine.begin() as conn:
        ref = Reference.read(conn)
        valid, rejected, repeats = validate(obs, ref)
        loaded, unchanged = _upsert_observations(conn, valid, source, run_id)
        if len(targets):
            # Targets are yearly whatever the indicator's frequency.
            yearly = replace(ref, indicators=ref.indicators.assign(frequency="tahunan"))
            t_valid, t_rejected, t_repeats = validate(targets, yearly)
            t_valid = t_valid.merge(targets[["row_number", "document", "is_sample"]], on="row_number")
            t_loaded, t_unchanged = _upsert_targets(conn, t_valid)
            loaded, unchanged, repeats = loaded + t_loaded, unchanged + t_unchanged, repeats + t_repeats
            rejected = pd.concat([rejected, t_rejected], ignore_index=True)
        if len(rejected):
            conn.execute(insert(RejectedRow), _records(rejected.assign(run_id=run_id, source=source)))
        result.loaded, result.unchanged, result.rejected = loaded, unchanged + repeats, len(rejected)
        assert result.read == result.loaded + result.unchanged + result.rejected, "row accounting broken"
        result.status = "sebagian" if result.rejected else "berhasil"
        result.seconds = time.perf_counter() - began
        conn.execute(
            update(EtlRun)
            .where(EtlRun.id == run_id)
            .values(
                status=result.status,
                finished_at=now(),
                rows_read=result.read,
                rows_loaded=result.loaded,
                rows_unchanged=result.unchanged,
                rows_rejected=result.rejected,
            )
        )
    return result
