"""Queries for the open data API and the harvestable catalogue: values at every region level, page by page; the
latest values of a sector; the catalogue with what each indicator holds; regions with their parent and children.

Values are the ones readers are shown (real figures first: a series with an official figure shows only its
official figures), each with its source, status as readers see it (tetap, sementara, diperbaiki; contoh for a
sample value) and sample flag.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from portal.models import Indicator, IndicatorSummary, Observation, Region, Sector, Source
from portal.queries.core import PUBLIC, Classes, frame, placed, readable, shown, status_shown

__all__ = [
    "resolve_regions",
    "values",
    "pack_values",
    "sector_latest",
    "catalogue_records",
    "region_family",
    "region_list",
]

LEVELS = ("provinsi", "kabkota", "kecamatan", "desa")
TOP = ("provinsi", "kabkota")


def resolve_regions(codes: list[str]) -> dict[str, str]:
    """Each code as given (BPS 6403 or Kemendagri 64.02, any level) -> the region's key; unknown codes left out.

    A code that is both (6402 is Kutai Barat's BPS code, 64.02 Kutai Kartanegara's Kemendagri code) is the BPS one.
    """
    if not codes:
        return {}
    rows = frame(
        select(Region.code, Region.kemendagri_code).where(Region.code.in_(codes) | Region.kemendagri_code.in_(codes))
    )
    found = {}
    for code, kemendagri in rows.itertuples(index=False, name=None):
        found.setdefault(kemendagri, code)
    for code in rows["code"]:
        found[code] = code  # a BPS code wins over a Kemendagri code that looks the same
    return {c: found[c] for c in codes if c in found}


def _value_columns(o=Observation):
    return (
        o.indicator,
        o.region,
        Region.kemendagri_code,
        Region.name.label("region_name"),
        Region.level,
        o.period,
        o.value,
        status_shown(o, source=Source),  # as pages show it: a sample value reads contoh, never tetap
        o.source,
        Source.title.label("source_title"),
        o.source_url,
        Source.is_sample,
        o.loaded_at,
    )


def _shown_values(classes: Classes, o=Observation):
    """Every value readers of `classes` are shown, with its region, source and indicator joined."""
    return (
        select(*_value_columns(o))
        .join(Indicator, Indicator.code == o.indicator)
        .join(Region, Region.code == o.region)
        .join(Source, Source.name == o.source)
        .where(Indicator.classification.in_(readable(classes)), shown(o))
    )


def values(
    code: str,
    regions: tuple[str, ...] | None = None,
    levels: tuple[str, ...] | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    periods: tuple[str, ...] | None = None,
    classes: Classes = PUBLIC,
    limit: int = 1000,
    offset: int = 0,
) -> pd.DataFrame:
    """One indicator's values readers are shown, by region and period, one page (`limit` rows after `offset`).

    `regions` are region keys (see resolve_regions), `levels` region levels; years bound the periods (a period
    starts with its year). Columns: indicator, region, kemendagri_code, region_name, level, period, value, status,
    source, source_title, source_url, is_sample, loaded_at. A page past the end is empty.
    """
    o = Observation
    stmt = _shown_values(classes).where(o.indicator == code)
    if regions is not None:
        stmt = stmt.where(o.region.in_(regions))
    if levels is not None:
        stmt = stmt.where(o.region.in_(select(Region.code).where(Region.level.in_(levels)).scalar_subquery()))
    if periods is not None:
        stmt = stmt.where(o.period.in_(periods))
        if regions is None and levels is None:
            # Every region, named: the key (indicator, region, period) is then sought once per region, instead of
            # reading every value of the indicator for the few periods asked (SQLite; 2x at 10M rows).
            stmt = stmt.where(o.region.in_(select(Region.code).scalar_subquery()))
    if start_year is not None:
        stmt = stmt.where(o.period >= f"{start_year:04d}")
    if end_year is not None:
        stmt = stmt.where(o.period < f"{end_year + 1:04d}")
    return placed(frame(stmt.order_by(o.region, o.period).limit(limit).offset(offset)))


def pack_values(regency: str, classes: Classes = PUBLIC) -> pd.DataFrame:
    """Every indicator's values readers are shown of regency `regency` (a BPS code) and its kecamatan and desa,
    for its data pack. Columns as `values`, by indicator, region and period."""
    kecamatan = select(Region.code).where(Region.parent_code == regency)
    desa = select(Region.code).where(Region.parent_code.in_(kecamatan.scalar_subquery()))
    places = [regency, *frame(kecamatan)["code"], *frame(desa)["code"]]
    o = Observation
    return placed(frame(_shown_values(classes).where(o.region.in_(places)).order_by(o.indicator, o.region, o.period)))


def sector_latest(
    sector: str,
    regions: tuple[str, ...] | None = None,
    levels: tuple[str, ...] = TOP,
    classes: Classes = PUBLIC,
) -> pd.DataFrame:
    """Per indicator of a sector the reader may see and per region: its latest value readers are shown.

    Columns as `values`, by indicator (catalogue order) and region.
    """
    o, inner = Observation, aliased(Observation)
    codes = select(Indicator.code).where(Indicator.sector == sector, Indicator.classification.in_(readable(classes)))
    places = select(Region.code).where(Region.level.in_(levels))
    if regions is not None:
        places = places.where(Region.code.in_(regions))
    latest = (
        select(inner.indicator, inner.region, func.max(inner.period).label("period"))
        .join(Source, Source.name == inner.source)
        .where(
            inner.indicator.in_(codes.scalar_subquery()),
            inner.region.in_(places.scalar_subquery()),
            shown(inner),
        )
        .group_by(inner.indicator, inner.region)
        .subquery()
    )
    stmt = (
        select(*_value_columns(o))
        .join(latest, and_(latest.c.indicator == o.indicator, latest.c.region == o.region, latest.c.period == o.period))
        .join(Indicator, Indicator.code == o.indicator)
        .join(Region, Region.code == o.region)
        .join(Source, Source.name == o.source)
        .order_by(Indicator.headline.is_(None), Indicator.headline, o.indicator, o.region)
    )
    return placed(frame(stmt))


def catalogue_records(classes: Classes = PUBLIC) -> pd.DataFrame:
    """Every indicator the reader may see with its sector's names and what the database holds of it.

    Columns: the indicator table's, sector_name_id, sector_name_en, latest_period, last_loaded_at, observations,
    regions, sample_values (NaN/0 for an indicator without data); by sector order, headline first, code.
    """
    s = IndicatorSummary
    return frame(
        select(
            *Indicator.__table__.columns,
            Sector.name_id.label("sector_name_id"),
            Sector.name_en.label("sector_name_en"),
            s.latest_period,
            s.last_loaded_at,
            func.coalesce(s.observations, 0).label("observations"),
            func.coalesce(s.regions, 0).label("regions"),
            func.coalesce(s.sample_values, 0).label("sample_values"),
        )
        .join(Sector, Sector.code == Indicator.sector)
        .outerjoin(s, s.indicator == Indicator.code)
        .where(Indicator.classification.in_(readable(classes)))
        .order_by(Sector.position, Indicator.headline.is_(None), Indicator.headline, Indicator.code)
    )


def _region_columns():
    return (Region.code, Region.kemendagri_code, Region.name, Region.name_full, Region.level, Region.parent_code)


def region_list(
    levels: tuple[str, ...] | None = None, parent: str | None = None, limit: int = 1000, offset: int = 0
) -> pd.DataFrame:
    """Regions (every level unless `levels`; those directly under `parent` when given), one page: the province
    first, then by level and code.

    Columns: code, kemendagri_code, name, name_full, level, parent_code, child_count (how many regions lie directly
    under each).
    """
    child = aliased(Region)
    children = select(func.count()).where(child.parent_code == Region.code).correlate(Region).scalar_subquery()
    stmt = select(*_region_columns(), children.label("child_count"))
    if levels is not None:
        stmt = stmt.where(Region.level.in_(levels))
    if parent is not None:
        stmt = stmt.where(Region.parent_code == parent)
    depth = case({level: i for i, level in enumerate(LEVELS)}, value=Region.level, else_=len(LEVELS))
    return frame(stmt.order_by(depth, Region.code).limit(limit).offset(offset))


def region_family(code: str) -> dict | None:
    """One region (by its key) with its parent (or None) and the regions directly under it, by code."""
    rows = frame(select(*_region_columns()).where(Region.code == code))
    if rows.empty:
        return None
    region = rows.iloc[0].to_dict()
    parent = (
        frame(select(*_region_columns()).where(Region.code == region["parent_code"])) if region["parent_code"] else None
    )
    children = frame(select(*_region_columns()).where(Region.parent_code == code).order_by(Region.code))
    region["parent"] = parent.iloc[0].to_dict() if parent is not None and len(parent) else None
    region["children"] = children.to_dict("records")
    return region
