"""Queries about the nightly load: runs, freshness per source and indicator, rejected rows.

Times are naive UTC, as stored. Run status values: berjalan (running), berhasil (loaded),
sebagian (loaded, some rows rejected), gagal (failed, nothing written), terputus (interrupted: the
process died; nothing of that run was written).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import func, select

from portal.db import get_engine
from portal.models import EtlRun, Indicator, IndicatorSummary, RejectedRow, Source
from portal.periods import placeable
from portal.queries.core import frame
from portal.runlock import is_held
from portal.vocab import DELIVERED, RunStatus, Schedule

__all__ = [
    "SCHEDULE_DAYS",
    "runs",
    "source_status",
    "indicator_freshness",
    "rejected_rows",
]

# How often a source is expected to deliver, in days; "manual" sources (one-off files) are never stale.
SCHEDULE_DAYS = {
    Schedule.HARIAN: 1,
    Schedule.MINGGUAN: 7,
    Schedule.BULANAN: 31,
    Schedule.TRIWULANAN: 92,
    Schedule.SEMESTERAN: 183,
    Schedule.TAHUNAN: 366,
}


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _interrupted(statuses: pd.Series) -> pd.Series:
    """'berjalan' rows while no process holds the run lock were left by a killed run: 'terputus'."""
    if not (statuses == RunStatus.BERJALAN).any() or is_held(get_engine()):
        return statuses
    return statuses.where(statuses != RunStatus.BERJALAN, RunStatus.TERPUTUS)


def runs(limit: int = 50) -> pd.DataFrame:
    """The latest runs, newest first: one row per source per run.

    Columns: id, source, source_title, started_at, finished_at, duration_seconds, status, rows_read,
    rows_loaded, rows_unchanged, rows_rejected, error, notes (what the run met and worked around, one
    sentence a line).
    """
    stmt = (
        select(
            EtlRun.id,
            EtlRun.source,
            Source.title.label("source_title"),
            EtlRun.started_at,
            EtlRun.finished_at,
            EtlRun.status,
            EtlRun.rows_read,
            EtlRun.rows_loaded,
            EtlRun.rows_unchanged,
            EtlRun.rows_rejected,
            EtlRun.error,
            EtlRun.notes,
        )
        .join(Source, Source.name == EtlRun.source)
        .order_by(EtlRun.id.desc())
        .limit(limit)
    )
    out = frame(stmt)
    out["status"] = _interrupted(out["status"])
    out["error"] = first_line(out["error"])
    out.insert(
        5,
        "duration_seconds",
        (pd.to_datetime(out["finished_at"]) - pd.to_datetime(out["started_at"])).dt.total_seconds(),
    )
    return out


def first_line(errors: pd.Series) -> pd.Series:
    """A run's error as one line: the ETL stores one, an older version stored a traceback after it."""
    return errors.map(lambda e: e.strip().splitlines()[0] if isinstance(e, str) and e.strip() else None)


def _stale(
    schedule: pd.Series, enabled: pd.Series, last_success: pd.Series, age_days: pd.Series, stale_after: float
) -> pd.Series:
    allowed = schedule.map(SCHEDULE_DAYS).astype(float) - 1 + stale_after
    # Never loaded successfully counts as stale; manual or switched-off sources never are.
    stale = last_success.isna() | (age_days > allowed)
    return (stale & allowed.notna() & enabled.astype(bool)).astype(bool)


def source_status(stale_after_days: float = 2) -> pd.DataFrame:
    """Per source: its last run and the last successful one, data age and whether it is stale.

    Columns: name, title, kind, producer_agency, schedule, is_sample, enabled, trusted, last_run_id,
    last_started, last_status, last_rows_read, last_rows_loaded, last_rows_rejected, last_error,
    last_notes, last_success, data_age_days, stale. A source is stale when its last successful load is older
    than its schedule's interval plus `stale_after_days` - 1 days (a daily source: `stale_after_days`, the
    STALE_AFTER_DAYS setting), or when it never loaded.
    """
    sources = frame(
        select(
            Source.name,
            Source.title,
            Source.kind,
            Source.producer_agency,
            Source.schedule,
            Source.is_sample,
            Source.enabled,
            Source.trusted,
        ).order_by(Source.name)
    )
    latest = frame(
        select(
            EtlRun.source.label("name"),
            EtlRun.id.label("last_run_id"),
            EtlRun.started_at.label("last_started"),
            EtlRun.status.label("last_status"),
            EtlRun.rows_read.label("last_rows_read"),
            EtlRun.rows_loaded.label("last_rows_loaded"),
            EtlRun.rows_rejected.label("last_rows_rejected"),
            EtlRun.error.label("last_error"),
            EtlRun.notes.label("last_notes"),
        ).where(EtlRun.id.in_(select(func.max(EtlRun.id)).group_by(EtlRun.source)))
    )
    success = frame(
        select(EtlRun.source.label("name"), func.max(EtlRun.finished_at).label("last_success"))
        .where(EtlRun.status.in_(DELIVERED))
        .group_by(EtlRun.source)
    )
    out = sources.merge(latest, on="name", how="left").merge(success, on="name", how="left")
    out["last_status"] = _interrupted(out["last_status"])
    out["last_error"] = first_line(out["last_error"])
    last_success = pd.to_datetime(out["last_success"])
    out["data_age_days"] = ((_now() - last_success).dt.total_seconds() / 86400).round(2)
    out["stale"] = _stale(out["schedule"], out["enabled"], last_success, out["data_age_days"], stale_after_days)
    return out


def indicator_freshness() -> pd.DataFrame:
    """Per indicator of the catalogue: latest period, last load and how much it holds.

    Columns: code, name_id, name_en, sector, frequency, latest_period, last_loaded_at, observations,
    regions (indicators without data have NaN/NaT and zero counts).
    """
    # The per-indicator aggregates come from indicator_summary, which the ETL refreshes in each load's
    # transaction: grouping the whole fact table here would scan millions of rows per page view.
    agg = IndicatorSummary
    stmt = (
        select(
            Indicator.code,
            Indicator.name_id,
            Indicator.name_en,
            Indicator.sector,
            Indicator.frequency,
            agg.latest_period,
            agg.last_loaded_at,
            func.coalesce(agg.observations, 0).label("observations"),
            func.coalesce(agg.regions, 0).label("regions"),
        )
        .outerjoin(agg, agg.indicator == Indicator.code)
        .order_by(Indicator.sector, Indicator.code)
    )
    out = frame(stmt)
    # A latest period an older version stored and no page can place ("0000", "٢٠٣٥") reads as unknown.
    out["latest_period"] = out["latest_period"].where(out["latest_period"].map(placeable), None)
    return out


def rejected_rows(run_id: int | None = None, limit: int = 500) -> pd.DataFrame:
    """Rejected rows with their reasons: of one run, or (run_id None) of each source's latest run.

    Columns: id, run_id, source, run_started, row_number, raw, reason, reason_en; ordered by
    source, run and row number.
    """
    r = RejectedRow
    stmt = select(
        r.id, r.run_id, r.source, EtlRun.started_at.label("run_started"), r.row_number, r.raw, r.reason, r.reason_en
    ).join(EtlRun, EtlRun.id == r.run_id)
    if run_id is None:
        latest = select(func.max(EtlRun.id)).where(EtlRun.status.in_(DELIVERED)).group_by(EtlRun.source)
        stmt = stmt.where(r.run_id.in_(latest))
    else:
        stmt = stmt.where(r.run_id == run_id)
    return frame(stmt.order_by(r.source, r.run_id, r.row_number, r.id).limit(limit))
