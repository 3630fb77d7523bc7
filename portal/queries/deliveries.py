"""Queries on deliveries: the drafts that wait for review, what each would change, its history; and the earlier
versions of published values.

The draft queries take the reader's draft scope (portal.access.Reader.drafts: ALL_AGENCIES, one agency code, or
None) and answer nothing for None; none of them is memoised (portal.queries.CACHED), so a draft never sits in a
cache. No public query reads delivery_row.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Float, and_, case, cast, false, func, literal, select

from portal.access import ALL_AGENCIES
from portal.models import (
    Agency,
    Delivery,
    DeliveryEvent,
    DeliveryRow,
    Indicator,
    IndicatorSummary,
    Observation,
    ObservationVersion,
    Region,
    ReleaseDue,
    Source,
)
from portal.queries.core import PUBLIC, Classes, frame, readable, shown, status_shown
from portal.vocab import OPEN_STAGES, ChangeOutcome, DeliveryStage

__all__ = [
    "NEW_SERIES",
    "NEW_PERIOD",
    "CHANGED",
    "RESTATED",
    "SAME",
    "OUTCOMES",
    "agencies",
    "deliveries",
    "delivery",
    "delivery_events",
    "delivery_changes",
    "delivery_removals",
    "usual_ranges",
    "pending_values",
    "value_history",
    "release_schedule",
    "release_dues",
]

# What a delivered row would do to what is published (portal.vocab.ChangeOutcome).
NEW_SERIES, NEW_PERIOD, CHANGED, RESTATED, SAME = (str(o) for o in ChangeOutcome)
OUTCOMES = tuple(ChangeOutcome)


def agencies() -> pd.DataFrame:
    """The province's agencies (perangkat daerah) of the application directory, by name. Columns: code, name."""
    return frame(select(Agency.code, Agency.name).order_by(Agency.name))


def _scoped(stmt, scope: str | None):
    """A statement on delivery narrowed to the reader's draft scope (None: nothing)."""
    if scope is None:
        return stmt.where(false())
    if scope == ALL_AGENCIES:
        return stmt
    return stmt.where(Delivery.agency == scope)


def deliveries(scope: str | None, stages: tuple[str, ...] | None = None, limit: int = 200) -> pd.DataFrame:
    """Deliveries the reader may see, newest first (open ones first when `stages` is None).

    Columns: id, source, source_title, agency, agency_name, kind, file_name, stage, auto_published,
    submitted_by, submitted_at, submitted_from, rows_read, rows_loaded, rows_unchanged, rows_rejected,
    rows_removed, reviewer, reviewed_at, review_note, published_at, superseded_by, error.
    """
    d = Delivery
    stmt = (
        select(
            d.id,
            d.source,
            Source.title.label("source_title"),
            d.agency,
            Agency.name.label("agency_name"),
            d.kind,
            d.file_name,
            d.stage,
            d.auto_published,
            d.submitted_by,
            d.submitted_at,
            d.submitted_from,
            d.rows_read,
            d.rows_loaded,
            d.rows_unchanged,
            d.rows_rejected,
            d.rows_removed,
            d.reviewer,
            d.reviewed_at,
            d.review_note,
            d.published_at,
            d.superseded_by,
            d.error,
        )
        .join(Source, Source.name == d.source)
        .outerjoin(Agency, Agency.code == d.agency)
        .order_by(d.stage.notin_(OPEN_STAGES) if stages is None else literal(0), d.id.desc())
        .limit(limit)
    )
    if stages is not None:
        stmt = stmt.where(d.stage.in_(stages))
    return frame(_scoped(stmt, scope))


def delivery(delivery_id: int, scope: str | None) -> dict | None:
    """One delivery the reader may see (columns as `deliveries`, plus run_id and publish_run_id), else None."""
    d = Delivery
    stmt = (
        select(
            *d.__table__.columns,
            Source.title.label("source_title"),
            Source.trusted.label("source_trusted"),
            Agency.name.label("agency_name"),
        )
        .join(Source, Source.name == d.source)
        .outerjoin(Agency, Agency.code == d.agency)
        .where(d.id == delivery_id)
    )
    rows = frame(_scoped(stmt, scope))
    return None if rows.empty else rows.iloc[0].to_dict()


def delivery_events(delivery_id: int) -> pd.DataFrame:
    """A delivery's history, oldest first. Columns: at, action, actor, address, via, note."""
    e = DeliveryEvent
    return frame(
        select(e.at, e.action, e.actor, e.address, e.via, e.note)
        .where(e.delivery_id == delivery_id)
        .order_by(e.at, e.id)
    )


def delivery_changes(delivery_id: int, source: str, limit: int | None = 2000) -> pd.DataFrame:
    """A delivery's rows against what is published now, the changes first (then by row).

    `source` is the delivery's source (a value it already published is the same only from the same source).
    Columns: row_number, indicator, indicator_name_id, indicator_name_en, unit_id, unit_en, decimals, region,
    region_name, region_level, period, value, status, note, published_value, published_status, published_source,
    outcome (seri_baru, periode_baru, berubah, status, sama), change, change_pct.
    """
    r, o = DeliveryRow, Observation
    series = select(o.id).where(o.indicator == r.indicator, o.region == r.region).correlate(r).limit(1).exists()
    same = and_(
        o.value == r.value,
        o.status == r.status,
        o.source == source,
        func.coalesce(o.source_url, "") == func.coalesce(r.source_url, ""),
        func.coalesce(o.note, "") == func.coalesce(r.note, ""),
    )
    outcome = case(
        (and_(o.id.is_(None), ~series), literal(NEW_SERIES)),
        (o.id.is_(None), literal(NEW_PERIOD)),
        (o.value != r.value, literal(CHANGED)),
        (~same, literal(RESTATED)),
        else_=literal(SAME),
    ).label("outcome")
    order = case((outcome == SAME, 1), else_=0)
    stmt = (
        select(
            r.row_number,
            r.indicator,
            Indicator.name_id.label("indicator_name_id"),
            Indicator.name_en.label("indicator_name_en"),
            Indicator.unit_id,
            Indicator.unit_en,
            Indicator.decimals,
            r.region,
            Region.name.label("region_name"),
            Region.level.label("region_level"),
            r.period,
            r.value,
            r.status,
            r.note,
            o.value.label("published_value"),
            status_shown(o, "published_status"),
            o.source.label("published_source"),
            outcome,
        )
        .join(Indicator, Indicator.code == r.indicator)
        .join(Region, Region.code == r.region)
        .outerjoin(o, and_(o.indicator == r.indicator, o.region == r.region, o.period == r.period))
        .where(r.delivery_id == delivery_id)
        .order_by(order, r.row_number)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    out = frame(stmt)
    if out.empty:
        return out.assign(change=pd.Series(dtype=float), change_pct=pd.Series(dtype=float))
    old = pd.to_numeric(out["published_value"], errors="coerce")
    out["change"] = out["value"] - old
    out["change_pct"] = (out["change"] / old.abs()).where(old.notna() & (old != 0)) * 100
    return out


def delivery_removals(delivery_id: int, source: str, limit: int = 2000) -> pd.DataFrame:
    """Published values of the delivery's source, in the (indicator, period) its file covers, that it no longer
    holds: approval removes them (kept as versions). Columns: indicator, region, region_name, period, value, status.
    """
    o, r = Observation, DeliveryRow
    covered = (
        select(r.id)
        .where(r.delivery_id == delivery_id, r.indicator == o.indicator, r.period == o.period)
        .correlate(o)
        .exists()
    )
    held = (
        select(r.id)
        .where(r.delivery_id == delivery_id, r.indicator == o.indicator, r.region == o.region, r.period == o.period)
        .correlate(o)
        .exists()
    )
    return frame(
        select(o.indicator, o.region, Region.name.label("region_name"), o.period, o.value, status_shown(o))
        .join(Region, Region.code == o.region)
        .where(
            o.indicator.in_(select(r.indicator).where(r.delivery_id == delivery_id).distinct().scalar_subquery()),
            o.source == source,
            covered,
            ~held,
        )
        .order_by(o.indicator, o.region, o.period)
        .limit(limit)
    )


def usual_ranges(delivery_id: int) -> pd.DataFrame:
    """Per indicator and region level of a delivery's rows: what readers are shown of it now, as n, mean, spread
    (standard deviation), minimum and maximum, the yardstick of "outside the usual range".

    Columns: indicator, region_level, n, mean, sd, low, high.
    """
    o, r = Observation, DeliveryRow
    wanted = select(r.indicator).where(r.delivery_id == delivery_id).distinct().scalar_subquery()
    value = cast(o.value, Float)
    stats = frame(
        select(
            o.indicator,
            Region.level.label("region_level"),
            func.count().label("n"),
            func.avg(value).label("mean"),
            func.avg(value * value).label("mean_square"),
            func.min(o.value).label("low"),
            func.max(o.value).label("high"),
        )
        .join(Region, Region.code == o.region)
        .join(Source, Source.name == o.source)
        .where(o.indicator.in_(wanted), shown(o))
        .group_by(o.indicator, Region.level)
    )
    if stats.empty:
        return stats.assign(sd=pd.Series(dtype=float)).drop(columns="mean_square")
    variance = (stats["mean_square"] - stats["mean"] ** 2).clip(lower=0)
    stats["sd"] = variance**0.5
    return stats.drop(columns="mean_square")


def pending_values(code: str, scope: str | None, regions: list[str] | None = None) -> pd.DataFrame:
    """Draft values of one indicator in the reader's scope that are not published yet (for the stage badges):
    every undecided delivery's rows. Columns: delivery_id, stage, region, region_name, period, value, status.
    """
    d, r = Delivery, DeliveryRow
    stmt = (
        select(
            d.id.label("delivery_id"), d.stage, r.region, Region.name.label("region_name"), r.period, r.value, r.status
        )
        .join(d, d.id == r.delivery_id)
        .join(Region, Region.code == r.region)
        .where(r.indicator == code, d.stage.in_(OPEN_STAGES))
        .order_by(r.region, r.period, d.id)
    )
    if regions is not None:
        stmt = stmt.where(r.region.in_(regions))
    return frame(_scoped(stmt, scope))


def value_history(code: str, regions: list[str] | None = None, classes: Classes = PUBLIC) -> pd.DataFrame:
    """The earlier published versions of one indicator's real values, newest replacement first: what each was,
    which source and run published it and when, which run replaced or removed it and when, and the delivery and
    reviewer of that publication where there was one. Sample values are never history.

    Columns: region, region_name, period, value, status, source, source_title, loaded_at, replaced_at, removed,
    run_id, replaced_by_run, delivery_id, published_by.
    """
    v = ObservationVersion
    publication = (
        select(
            Delivery.id, Delivery.publish_run_id, func.coalesce(Delivery.reviewer, Delivery.submitted_by).label("by")
        )
        .where(Delivery.stage == DeliveryStage.TERBIT)
        .subquery()
    )
    stmt = (
        select(
            v.region,
            Region.name.label("region_name"),
            v.period,
            v.value,
            status_shown(v),
            v.source,
            Source.title.label("source_title"),
            v.loaded_at,
            v.replaced_at,
            v.removed,
            v.run_id,
            v.replaced_by_run,
            publication.c.id.label("delivery_id"),
            publication.c.by.label("published_by"),
        )
        .join(Indicator, Indicator.code == v.indicator)
        .join(Region, Region.code == v.region)
        .join(Source, Source.name == v.source)
        .outerjoin(publication, publication.c.publish_run_id == v.run_id)
        .where(v.indicator == code, Indicator.classification.in_(readable(classes)), Source.is_sample.is_(False))
        .order_by(v.region, v.period, v.replaced_at.desc(), v.id.desc())
    )
    if regions is not None:
        stmt = stmt.where(v.region.in_(regions))
    return frame(stmt)


def release_schedule(classes: Classes = PUBLIC) -> pd.DataFrame:
    """Every indicator the reader may see with what its schedule is judged on: its frequency, the agency whose
    produsen data deliver it (None: no agency of the province holds it), its latest real published period, and
    how many undecided deliveries hold rows of it (delivered, awaiting review).

    Columns: code, name_id, name_en, frequency, producer_agency, agency, agency_name, real_latest_period,
    open_deliveries.
    """
    waiting = (
        select(DeliveryRow.indicator, func.count(func.distinct(Delivery.id)).label("open_deliveries"))
        .join(Delivery, Delivery.id == DeliveryRow.delivery_id)
        .where(Delivery.stage.in_(OPEN_STAGES))
        .group_by(DeliveryRow.indicator)
        .subquery()
    )
    stmt = (
        select(
            Indicator.code,
            Indicator.name_id,
            Indicator.name_en,
            Indicator.frequency,
            Indicator.producer_agency,
            Indicator.agency,
            Agency.name.label("agency_name"),
            IndicatorSummary.real_latest_period,
            func.coalesce(waiting.c.open_deliveries, 0).label("open_deliveries"),
        )
        .outerjoin(Agency, Agency.code == Indicator.agency)
        .outerjoin(IndicatorSummary, IndicatorSummary.indicator == Indicator.code)
        .outerjoin(waiting, waiting.c.indicator == Indicator.code)
        .where(Indicator.classification.in_(readable(classes)))
        .order_by(Indicator.agency, Indicator.code)
    )
    return frame(stmt)


def release_dues(classes: Classes = PUBLIC, agency: str | None = None) -> pd.DataFrame:
    """The due dates the walidata set (portal/duedates.py) for the indicators the reader may see (of one agency:
    `agency`), by indicator and period. Columns: indicator, agency, period, due_on, set_by, set_at."""
    stmt = (
        select(
            ReleaseDue.indicator,
            Indicator.agency,
            ReleaseDue.period,
            ReleaseDue.due_on,
            ReleaseDue.set_by,
            ReleaseDue.set_at,
        )
        .join(Indicator, Indicator.code == ReleaseDue.indicator)
        .where(Indicator.classification.in_(readable(classes)))
        .order_by(ReleaseDue.indicator, ReleaseDue.period)
    )
    if agency is not None:
        stmt = stmt.where(Indicator.agency == agency)
    return frame(stmt)
