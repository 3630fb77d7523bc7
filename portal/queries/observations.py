"""Queries on the fact table for charts and tables (one indicator's series), and the application directory."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Integer, func, select

from portal.breaks import BREAK_COLUMNS, segments
from portal.models import (
    Agency,
    Application,
    Indicator,
    IndicatorSummary,
    Observation,
    ObservationAlternative,
    Region,
    Sector,
    SeriesBreak,
    Source,
)
from portal.queries.core import (
    PUBLIC,
    Classes,
    frame,
    placeable_period,
    placed,
    readable,
    shown,
    status_shown,
    targets,
    with_segments,
)
from portal.queries.regional import TOP_REGIONS

__all__ = [
    "indicator",
    "observations",
    "coverage",
    "recent_regional",
    "alternative_values",
    "trend_observations",
    "indicator_data",
    "sample_counts",
    "applications",
]


def indicator(code: str, classes: Classes = PUBLIC) -> dict | None:
    """One indicator's catalogue row with its sector names, or None when unknown or not visible to the reader."""
    rows = frame(
        select(
            *Indicator.__table__.columns, Sector.name_id.label("sector_name_id"), Sector.name_en.label("sector_name_en")
        )
        .join(Sector, Sector.code == Indicator.sector)
        .where(Indicator.code == code, Indicator.classification.in_(readable(classes)))
    )
    return None if rows.empty else rows.iloc[0].to_dict()


def observations(
    code: str,
    regions: list[str] | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    classes: Classes = PUBLIC,
    as_loaded: bool = False,
    periods=None,
) -> pd.DataFrame:
    """Observations of one indicator (province and regencies unless `regions` narrows them), oldest first.

    The values readers are shown (see `shown`), or with `as_loaded` every row the database holds (raw downloads);
    `periods` (a list, or a select of periods) narrows them to those periods.
    Columns: region, region_name, period, value, status (tetap, sementara or diperbaiki), source, source_title,
    source_url, is_sample, loaded_at, segment (the side of a series break: a line never joins two segments;
    trend_observations adds the figures a break superseded).
    """
    o = Observation
    stmt = (
        select(
            o.region,
            Region.name.label("region_name"),
            o.period,
            o.value,
            status_shown(o, source=Source),
            o.source,
            Source.title.label("source_title"),
            o.source_url,
            Source.is_sample,
            o.loaded_at,
        )
        .join(Indicator, Indicator.code == o.indicator)
        .join(Region, Region.code == o.region)
        .join(Source, Source.name == o.source)
        .where(o.indicator == code, Indicator.classification.in_(readable(classes)), o.region.in_(TOP_REGIONS))
        .order_by(o.region, o.period)
    )
    if not as_loaded:
        stmt = stmt.where(shown(o))
    if regions is not None:
        stmt = stmt.where(o.region.in_(regions))
    if periods is not None:
        stmt = stmt.where(o.period.in_(periods))
    # Periods start with their year (YYYY, YYYY-S1, YYYY-Q1, YYYY-MM), so a year range is a string range.
    if start_year is not None:
        stmt = stmt.where(o.period >= f"{start_year:04d}")
    if end_year is not None:
        stmt = stmt.where(o.period < f"{end_year + 1:04d}")
    # Every row as loaded for a raw download; what readers are shown only holds periods a chart can place.
    return with_segments(frame(stmt) if as_loaded else placed(frame(stmt)), code)


def alternative_values(
    code: str, regions: list[str] | None = None, classes: Classes = PUBLIC, superseded: bool | None = None
) -> pd.DataFrame:
    """Other published statements of one indicator's figures (province and regencies), oldest first.

    A second publication of a figure the series holds (`method` empty), or a figure of a method a series break
    superseded (`method` names it). `superseded` True or False keeps only one kind. Columns: region, region_name,
    period, value, method, source, source_title, source_url, note, is_sample, loaded_at.
    """
    a = ObservationAlternative
    stmt = (
        select(
            a.region,
            Region.name.label("region_name"),
            a.period,
            a.value,
            a.method,
            a.source,
            Source.title.label("source_title"),
            a.source_url,
            a.note,
            Source.is_sample,
            a.loaded_at,
        )
        .join(Indicator, Indicator.code == a.indicator)
        .join(Region, Region.code == a.region)
        .join(Source, Source.name == a.source)
        .where(a.indicator == code, Indicator.classification.in_(readable(classes)), a.region.in_(TOP_REGIONS))
        .order_by(a.region, a.period, a.method, a.source_url)
    )
    if regions is not None:
        stmt = stmt.where(a.region.in_(regions))
    if superseded is not None:
        stmt = stmt.where(a.method != "" if superseded else a.method == "")
    return frame(stmt)


def trend_observations(
    code: str,
    regions: list[str] | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    classes: Classes = PUBLIC,
) -> pd.DataFrame:
    """One indicator's series as a trend chart draws them, a line per region and `segment`, never one across a break.

    The values readers are shown (observations) and the figures of a method a series break superseded (BPS's
    old-method IPM 2020 beside the recomputed one), each on its side of the break. Columns: those of
    observations() plus method (empty: the method its period has) and superseded; by region, segment, period.
    """
    shown_rows = observations(code, regions, start_year, end_year, classes=classes).assign(method="", superseded=False)
    old = alternative_values(code, regions, classes, superseded=True)
    if start_year is not None:
        old = old[old["period"] >= f"{start_year:04d}"]
    if end_year is not None:
        old = old[old["period"] < f"{end_year + 1:04d}"]
    old = old.drop(columns="note").assign(status="tetap", superseded=True).reindex(columns=shown_rows.columns)
    # A superseded figure read in two publications is one point (alternative_values lists both sources).
    old = old.drop_duplicates(subset=["region", "period", "method"])
    rows = shown_rows if old.empty else pd.concat([shown_rows, old], ignore_index=True)
    breaks = frame(select(*(SeriesBreak.__table__.c[c] for c in BREAK_COLUMNS)))
    rows["segment"] = segments(rows.assign(indicator=code), breaks)
    return rows.sort_values(["region", "segment", "period", "superseded"], ignore_index=True)


def coverage(code: str, classes: Classes = PUBLIC) -> pd.DataFrame:
    """Per region (province and regencies) the values readers are shown of one indicator: first and last period,
    how many values and how many of them sample data, and when they were last loaded; by region code.

    Columns: region, region_name, first, last, values, samples, loaded_at.
    """
    o = Observation
    return frame(
        select(
            o.region,
            Region.name.label("region_name"),
            func.min(o.period).label("first"),
            func.max(o.period).label("last"),
            func.count().label("values"),
            func.sum(Source.is_sample.cast(Integer)).label("samples"),
            func.max(o.loaded_at).label("loaded_at"),
        )
        .join(Indicator, Indicator.code == o.indicator)
        .join(Region, Region.code == o.region)
        .join(Source, Source.name == o.source)
        .where(o.indicator == code, Indicator.classification.in_(readable(classes)), o.region.in_(TOP_REGIONS))
        .where(shown(o), placeable_period(o.period))
        .group_by(o.region, Region.name)
        .order_by(o.region)
    )


def recent_regional(
    code: str, end_year: int | None = None, periods: int = 2, classes: Classes = PUBLIC
) -> pd.DataFrame:
    """The province and the regencies at the regencies' last `periods` periods (up to `end_year`): a ranking (the
    last period) and what changed since the one before. Columns as `observations`.
    """
    o = Observation
    regencies = select(Region.code).where(Region.level == "kabkota").scalar_subquery()
    window = (
        select(o.period)
        .join(Source, Source.name == o.source)
        .where(o.indicator == code, o.region.in_(regencies), shown(o), placeable_period(o.period))
        .distinct()
        .order_by(o.period.desc())
        .limit(periods)
    )
    if end_year is not None:
        window = window.where(o.period < f"{end_year + 1:04d}")
    return observations(code, classes=classes, periods=window.scalar_subquery())


def indicator_data(code: str, classes: Classes = PUBLIC) -> tuple[dict | None, pd.DataFrame, pd.DataFrame]:
    """What an indicator view needs: its catalogue row (None when not visible), every observation, province targets."""
    meta = indicator(code, classes)
    if meta is None:
        return None, pd.DataFrame(), pd.DataFrame()
    return meta, observations(code, classes=classes), targets([code])


def sample_counts(classes: Classes = PUBLIC) -> pd.DataFrame:
    """Per indicator the reader may see: how many values it holds and how many of them are sample data.

    Read from indicator_summary, which the ETL refreshes in each load's transaction: counting the fact table
    here would read every row of it on each catalogue view (seconds at ten million rows).
    """
    s = IndicatorSummary
    return frame(
        select(s.indicator, s.observations.label("values"), s.sample_values)
        .join(Indicator, Indicator.code == s.indicator)
        .where(Indicator.classification.in_(readable(classes)))
        .order_by(s.indicator)
    )


def applications() -> pd.DataFrame:
    """The directory of the agencies' digital service applications, by agency and name.

    Columns: id, name, agency, agency_name, sector, sector_name_id, sector_name_en, description, url, status, is_sample.
    """
    a = Application
    return frame(
        select(
            a.id,
            a.name,
            a.agency,
            Agency.name.label("agency_name"),
            a.sector,
            Sector.name_id.label("sector_name_id"),
            Sector.name_en.label("sector_name_en"),
            a.description,
            a.url,
            a.status,
            a.is_sample,
        )
        .join(Agency, Agency.code == a.agency)
        .outerjoin(Sector, Sector.code == a.sector)
        .order_by(Agency.name, a.name)
    )
