"""Queries for the regional views: map values, regency profiles, comparisons, and the boundary file."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from sqlalchemy import func, select, tuple_, union_all

from portal.geo import BoundaryError, load
from portal.models import Indicator, Observation, Region, RegionAlias, Sector, Source
from portal.queries.core import PUBLIC, Classes, frame, placeable_period, placed, readable, shown, with_segments

__all__ = [
    "Boundaries",
    "boundaries",
    "regional_values",
    "headline_regional",
    "regional_at",
    "subregions",
    "subregional_indicators",
    "subregional_values",
]
log = logging.getLogger(__name__)


def _values_stmt(indicators):
    """Observations of the province and regencies for `indicators`, a select of the codes the reader may see.

    The codes as an IN list, so the planner seeks (indicator, region) pairs in the key with no join per row.
    """
    o = Observation
    return (
        select(o.indicator, o.region, o.period, o.value, o.source_url, Source.is_sample)
        .join(Source, Source.name == o.source)
        .where(o.region.in_(TOP_REGIONS), o.indicator.in_(indicators.scalar_subquery()), shown(o))
    )


# The province and the regencies as an IN list on observation.region: each indicator is then eleven seeks
# in the (indicator, region, period) key, whatever the number of kecamatan and desa rows beside them (a join
# on region.level lets the planner read every region's rows of the indicator and filter them afterwards).
TOP_REGIONS = select(Region.code).where(Region.level.in_(("provinsi", "kabkota"))).scalar_subquery()


def _visible(classes: Classes, codes: tuple[str, ...] | None = None):
    """The codes of the reader's indicators among `codes` (None: the headline indicators)."""
    chosen = Indicator.headline.is_not(None) if codes is None else Indicator.code.in_(codes)
    return select(Indicator.code).where(chosen, Indicator.classification.in_(readable(classes)))


def regional_values(indicator: str, classes: Classes = PUBLIC) -> pd.DataFrame:
    """Every observation of one indicator for the province and the ten regencies, by region and period."""
    o = Observation
    return placed(frame(_values_stmt(_visible(classes, (indicator,))).order_by(o.region, o.period)))


def headline_regional(classes: Classes = PUBLIC, regions: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every observation of the headline indicators for the province and the ten regencies, or only for
    `regions` (a regency profile: the regency and the province), with the side of a series break each is on
    (`segment`)."""
    o = Observation
    stmt = _values_stmt(_visible(classes))
    if regions is not None:
        stmt = stmt.where(o.region.in_(regions))
    return with_segments(placed(frame(stmt.order_by(o.indicator, o.region, o.period))))


def regional_at(pairs: tuple[tuple[str, str], ...], classes: Classes = PUBLIC) -> pd.DataFrame:
    """The province and the regencies at the given (indicator, period) pairs: what ranks a regency in its profile
    (each indicator at the regency's latest period). Columns: indicator, region, period, value, source_url,
    is_sample, segment (as headline_regional gives them).

    Indicators, regions and periods each as an IN list: point seeks in the (indicator, region, period) key.
    """
    o = Observation
    if not pairs:
        return pd.DataFrame(columns=["indicator", "region", "period", "value", "source_url", "is_sample", "segment"])
    indicators = tuple(sorted({i for i, _p in pairs}))
    stmt = _values_stmt(_visible(classes, indicators)).where(
        o.period.in_(sorted({p for _i, p in pairs})), tuple_(o.indicator, o.period).in_(list(pairs))
    )
    return with_segments(placed(frame(stmt.order_by(o.indicator, o.region, o.period))))


def _children(parent: str):
    return select(Region.code).where(Region.parent_code == parent).scalar_subquery()


def subregions(parent: str) -> pd.DataFrame:
    """The regions directly under `parent`: a regency's kecamatan, a kecamatan's desa/kelurahan, by code."""
    return frame(
        select(Region.code, Region.kemendagri_code, Region.name, Region.name_full, Region.level)
        .where(Region.parent_code == parent)
        .order_by(Region.code)
    )


def subregional_indicators(parent: str, classes: Classes = PUBLIC) -> list[str]:
    """The reader's indicators with a value for any region under `parent` (two levels down), in catalogue order.

    One existence check per indicator, each a few seeks in the (indicator, region, period) key.
    """
    o = Observation
    children = select(Region.code).where(Region.parent_code == parent)
    under = union_all(children, select(Region.code).where(Region.parent_code.in_(children)))
    has_values = (
        select(o.indicator)
        .join(Source, Source.name == o.source)
        .where(o.indicator == Indicator.code, o.region.in_(under), shown(o))
        .exists()
    )
    found = frame(
        select(Indicator.code)
        .join(Sector, Sector.code == Indicator.sector)
        .where(Indicator.classification.in_(readable(classes)), has_values)
        .order_by(Sector.position, Indicator.headline.is_(None), Indicator.headline, Indicator.code)
    )
    return found["code"].tolist()


def subregional_values(indicator: str, parent: str, classes: Classes = PUBLIC) -> pd.DataFrame:
    """Every region under `parent` with the indicator's value at the latest period any of them has.

    Regions without a value then keep their row with an empty value ("no data", never zero), so a ranking
    compares like with like and a table still lists every kecamatan or desa.
    """
    o = Observation
    children = _children(parent)
    rows = select(o).join(Source, Source.name == o.source).where(o.indicator == indicator, o.region.in_(children))
    # The latest period a chart can place (a database an older version loaded may hold "0000" or "٢٠٣٥").
    latest = rows.where(shown(o), placeable_period(o.period)).with_only_columns(func.max(o.period)).scalar_subquery()
    values = (
        rows.where(o.period == latest, shown(o))
        .with_only_columns(o.region, o.period, o.value, o.source_url, Source.is_sample)
        .subquery()
    )
    readable_indicator = select(Indicator.code).where(
        Indicator.code == indicator, Indicator.classification.in_(readable(classes))
    )
    return frame(
        select(
            Region.code.label("region"),
            Region.kemendagri_code,
            Region.name.label("region_name"),
            values.c.period,
            values.c.value,
            values.c.source_url,
            values.c.is_sample,
        )
        .outerjoin(values, values.c.region == Region.code)
        .where(Region.parent_code == parent, readable_indicator.exists())
        .order_by(Region.code)
    )


@dataclass(frozen=True)
class Boundaries:
    """The configured boundary file: its normalised GeoJSON, or why the tile grid is shown instead."""

    path: str
    geojson: dict | None = None
    problem: str | None = None  # None when accepted or not configured

    @property
    def configured(self) -> bool:
        return bool(self.path)


def boundaries(path: str) -> Boundaries:
    """The regency boundaries in the file at `path` (the BOUNDARY_FILE setting; empty: none), read and validated
    once per process (again if the file changes)."""
    path = path.strip()
    if not path:
        return Boundaries("")
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        return _refused(path, f"The boundary file {path} does not exist.")
    return _load_boundaries(path, stamp)


@lru_cache(maxsize=4)
def _refused(path: str, problem: str) -> Boundaries:
    log.warning("BOUNDARY_FILE not used, showing the tile grid: %s", problem)
    return Boundaries(path, problem=problem)


@lru_cache(maxsize=4)
def _load_boundaries(path: str, _stamp: int) -> Boundaries:
    regions = frame(
        select(Region.code, Region.kemendagri_code, Region.name, Region.name_full).where(Region.level == "kabkota")
    ).to_dict("records")
    aliases = dict(frame(select(RegionAlias.alias, RegionAlias.region_code)).itertuples(index=False, name=None))
    try:
        result = load(path, regions, aliases)
    except BoundaryError as err:
        return _refused(path, str(err))
    log.info("BOUNDARY_FILE %s accepted: %s", path, " ".join(result.notes))
    return Boundaries(path, geojson=result.geojson)
