"""Core queries: sectors, regions, the catalogue, headline KPIs, targets, freshness, health."""

from __future__ import annotations

import logging
from datetime import datetime

import pandas as pd
from sqlalchemy import and_, case, func, literal, or_, select, text
from sqlalchemy.exc import SQLAlchemyError as DatabaseError

from portal.access import PUBLIC
from portal.breaks import BREAK_COLUMNS, segments
from portal.db import get_engine
from portal.models import EtlRun, Indicator, Observation, OfficialSeries, Region, Sector, SeriesBreak, Source, Target
from portal.periods import EARLIEST_YEAR, LATEST_YEAR, placeable
from portal.vocab import LOADED, ObservationStatus

log = logging.getLogger(__name__)

__all__ = [
    "Classes",
    "readable",
    "PUBLIC",
    "DatabaseError",
    "frame",
    "status_shown",
    "sectors",
    "regions",
    "catalogue",
    "series_breaks",
    "headline_observations",
    "targets",
    "freshness",
    "last_load",
    "ping",
]


# The classifications a query may return: the reader's (portal.access.Reader.classes); public by default.
Classes = tuple[str, ...]


def readable(classes: Classes) -> tuple[str, ...]:
    """The classifications as a plain tuple of strings (None, from an old caller, means public only)."""
    return tuple(str(c) for c in (classes or PUBLIC))


def shown(o=Observation, source=Source):
    """The rows a reader is shown: real values, and sample values only in series with no real value.

    A series (indicator x region) with an official figure never mixes in invented numbers; official_series
    (refreshed by the ETL) lists those series. `source` is the source table the query joins on `o.source`.
    """
    official = (
        select(OfficialSeries.indicator)
        .where(OfficialSeries.indicator == o.indicator, OfficialSeries.region == o.region)
        .correlate(o)
        .exists()
    )
    return or_(source.is_sample.is_(False), ~official)


def status_shown(o=Observation, name: str = "status", source=None):
    """A value's status as readers see it: sementara (preliminary), diperbaiki (a final figure that corrected an
    earlier published one, kept in observation_version), else tetap. With `source` (the source table the query
    joins), a sample row reads contoh: an invented figure is never tetap."""
    sample = () if source is None else ((source.is_sample.is_(True), literal(str(ObservationStatus.CONTOH))),)
    return case(
        *sample,
        (o.status == ObservationStatus.SEMENTARA, o.status),
        (o.revised, literal(str(ObservationStatus.DIPERBAIKI))),
        else_=o.status,
    ).label(name)


def frame(stmt) -> pd.DataFrame:
    """Run a select on the configured database and return the rows as a frame."""
    with get_engine().connect() as conn:
        result = conn.execute(stmt)
        # Plain tuples: pandas reads SQLAlchemy rows as generic sequences, ten times slower (19 ms for 4k rows).
        return pd.DataFrame([tuple(row) for row in result.all()], columns=list(result.keys()))


def placed(rows: pd.DataFrame, column: str = "period") -> pd.DataFrame:
    """The rows whose period the portal can place in time; the others are left out and logged.

    The ETL refuses such periods ("0000", "٢٠٣٥"), but a database loaded by an older version may hold one: a
    page then shows every other value instead of failing. A missing period (NaN, as an outer join gives) stays.
    """
    if rows.empty or column not in rows:
        return rows
    periods = rows[column]
    codes, uniques = pd.factorize(periods)
    bad = [i for i, p in enumerate(uniques) if not placeable(p)]
    if not bad:
        return rows
    drop = pd.Series(codes, index=rows.index).isin(bad)
    log.warning(
        "left out %d stored value(s) whose period cannot be placed in time: %s",
        int(drop.sum()),
        ", ".join(repr(uniques[i]) for i in bad[:5]),
    )
    return rows[~drop].reset_index(drop=True)


def placeable_period(period):
    """SQL for `portal.periods.placeable`, where periods are aggregated (first, last, the latest ones) before any
    row reaches Python: four ASCII digits of a year in the span, then -S1/-S2, -Q1..-Q4 or -01..-12. The length
    check keeps out a trailing line break, which `$` lets through in SQLite's Python-backed REGEXP."""
    return and_(
        func.length(period).in_((4, 7)),
        period.regexp_match(r"^[0-9]{4}(-S[12]|-Q[1-4]|-0[1-9]|-1[0-2])?$"),
        func.substr(period, 1, 4).between(f"{EARLIEST_YEAR:04d}", f"{LATEST_YEAR:04d}"),
    )


def sectors() -> pd.DataFrame:
    """The five priority sectors in display order."""
    return frame(select(Sector).order_by(Sector.position))


def regions(levels: tuple[str, ...] = ("provinsi", "kabkota")) -> pd.DataFrame:
    """Regions at the given levels, province first, then by BPS code."""
    return frame(
        select(Region.code, Region.kemendagri_code, Region.name, Region.name_full, Region.level, Region.parent_code)
        .where(Region.level.in_(levels))
        .order_by(Region.code)
    )


def catalogue(classes: Classes = PUBLIC) -> pd.DataFrame:
    """Every indicator the reader may see, with its metadata, by sector and headline order."""
    return frame(
        select(Indicator)
        .where(Indicator.classification.in_(readable(classes)))
        .order_by(Indicator.sector, Indicator.headline.is_(None), Indicator.headline, Indicator.code)
    )


def series_breaks(classes: Classes = PUBLIC) -> pd.DataFrame:
    """The series breaks of the indicators the reader may see, by indicator and period.

    Columns: indicator, period (the first period of the new method), method_before, method_after, label_id,
    label_en (what a chart writes at the break), note_id, note_en, source_url.
    """
    b = SeriesBreak
    return frame(
        select(
            b.indicator,
            b.period,
            b.method_before,
            b.method_after,
            b.label_id,
            b.label_en,
            b.note_id,
            b.note_en,
            b.source_url,
        )
        .join(Indicator, Indicator.code == b.indicator)
        .where(Indicator.classification.in_(readable(classes)))
        .order_by(b.indicator, b.period)
    )


def with_segments(rows: pd.DataFrame, code: str | None = None) -> pd.DataFrame:
    """`rows` (with indicator, or all of indicator `code`) with a `segment` column: the side of the indicator's
    series breaks each row is on (portal.breaks.segments; 0 where the indicator has none). A chart draws one line
    per region and segment, and a change is only computed within one segment.
    """
    breaks = frame(select(*(SeriesBreak.__table__.c[c] for c in BREAK_COLUMNS)))
    keyed = rows if code is None else rows.assign(indicator=code)
    return rows.assign(segment=segments(keyed, breaks))


def headline_observations(region: str = "64", classes: Classes = PUBLIC) -> pd.DataFrame:
    """All observations of the headline indicators for one region, with whether each is sample data and the
    side of a series break it is on (`segment`)."""
    o = Observation
    stmt = (
        select(o.indicator, o.period, o.value, status_shown(o, source=Source), o.source, o.source_url, Source.is_sample)
        .join(Indicator, Indicator.code == o.indicator)
        .join(Source, Source.name == o.source)
        .where(
            o.region == region,
            Indicator.headline.is_not(None),
            Indicator.classification.in_(readable(classes)),
            shown(o),
        )
        .order_by(o.indicator, o.period)
    )
    return with_segments(placed(frame(stmt)))


def targets(indicators: list[str], region: str = "64") -> pd.DataFrame:
    """Targets of some indicators for one region, by year."""
    return frame(
        select(Target.indicator, Target.year, Target.value, Target.document, Target.source_url, Target.is_sample)
        .where(
            Target.indicator.in_(indicators),
            Target.region == region,
            Target.year.between(EARLIEST_YEAR, LATEST_YEAR),  # as for periods: a year 0 never reaches a chart
        )
        .order_by(Target.indicator, Target.year)
    )


def freshness() -> pd.DataFrame:
    """Per source: its last run, and the last run that loaded successfully (berhasil or sebagian)."""
    ok = EtlRun.status.in_(LOADED)
    last_ok = (
        select(EtlRun.source, func.max(EtlRun.finished_at).label("last_success"))
        .where(ok)
        .group_by(EtlRun.source)
        .subquery()
    )
    last_any = select(EtlRun.source, func.max(EtlRun.id).label("last_id")).group_by(EtlRun.source).subquery()
    stmt = (
        select(
            Source.name,
            Source.title,
            Source.is_sample,
            Source.schedule,
            last_ok.c.last_success,
            EtlRun.status.label("last_status"),
            EtlRun.finished_at.label("last_finished"),
            EtlRun.rows_loaded,
            EtlRun.rows_rejected,
        )
        .outerjoin(last_ok, last_ok.c.source == Source.name)
        .outerjoin(last_any, last_any.c.source == Source.name)
        .outerjoin(EtlRun, EtlRun.id == last_any.c.last_id)
        .order_by(Source.name)
    )
    return frame(stmt)


def last_load() -> datetime | None:
    """When data were last loaded successfully."""
    with get_engine().connect() as conn:
        return conn.execute(select(func.max(EtlRun.finished_at)).where(EtlRun.status.in_(LOADED))).scalar_one()


def ping() -> bool:
    """True when the database answers."""
    with get_engine().connect() as conn:
        return conn.execute(text("SELECT 1")).scalar_one() == 1
