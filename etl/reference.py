"""Reference data (regions, aliases, sectors, the indicator catalogue) from the reviewed CSVs in data/."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, delete, insert, select, update

from etl.load import _records
from etl.validate import normalise_name
from portal.models import Indicator, Region, RegionAlias, Sector, SeriesBreak, Source
from portal.settings import DATA_DIR

REFERENCE = DATA_DIR / "reference"


def read_catalogue(folder: Path = REFERENCE) -> pd.DataFrame:
    """The indicator catalogue as a frame, types checked by pandas on read."""
    frame = pd.read_csv(
        folder / "indicators.csv",
        dtype={"code": str, "sector": str},
        keep_default_na=False,
        na_values={"headline": [""], "min_value": [""], "max_value": [""]},
    )
    frame["headline"] = frame["headline"].astype("Int64")
    return frame.merge(read_noise(folder), on="code", how="left")


def read_noise(folder: Path = REFERENCE) -> pd.DataFrame:
    """The reviewed noise thresholds (code, noise); each names its basis, and a code the catalogue lacks stops."""
    noise = pd.read_csv(folder / "indicator_noise.csv", dtype={"code": str}, comment="#")
    codes = set(pd.read_csv(folder / "indicators.csv", usecols=["code"], dtype=str)["code"])
    unknown = sorted(set(noise["code"]) - codes)
    if unknown:
        raise ValueError(f"indicator_noise.csv names indicators the catalogue lacks: {unknown}")
    if noise["code"].duplicated().any() or (noise["noise"] <= 0).any() or noise["basis"].fillna("").eq("").any():
        raise ValueError("indicator_noise.csv: one row per indicator, a positive noise and its basis")
    return noise[["code", "noise"]].astype({"noise": float})


def read_series_breaks(folder: Path = REFERENCE) -> pd.DataFrame:
    """The reviewed series breaks: per indicator, the period a new method starts and the two methods' names."""
    frame = pd.read_csv(folder / "series_breaks.csv", dtype=str, keep_default_na=False)
    frame["source_url"] = frame["source_url"].replace("", None)
    return frame


def read_producers(folder: Path = REFERENCE) -> dict[str, str | None]:
    """The catalogue's producer names -> the agency code whose produsen data deliver them (None: no agency of the
    province does; BPS and national bodies publish through their own releases). The reviewed mapping
    data/reference/producers.csv; a producer it does not name maps to None (nobody delivers it through the web)."""
    frame = pd.read_csv(folder / "producers.csv", dtype=str, keep_default_na=False)
    if frame["producer_agency"].duplicated().any():
        raise ValueError(
            f"producers.csv names a producer twice: {sorted(frame.loc[frame['producer_agency'].duplicated(), 'producer_agency'])}"
        )
    return {r.producer_agency: (r.agency or None) for r in frame.itertuples()}


def _sync(conn: Connection, model, frame: pd.DataFrame) -> None:
    """Insert new rows and update existing ones by primary key (rows are referenced, never deleted)."""
    pk = model.__table__.primary_key.columns.values()[0]
    have = set(conn.execute(select(pk)).scalars())
    records = _records(frame)
    fresh = [r for r in records if r[pk.name] not in have]
    if fresh:
        conn.execute(insert(model), fresh)
    for record in records:
        if record[pk.name] in have:
            conn.execute(update(model).where(pk == record[pk.name]).values(**record))


def load_reference(conn: Connection, folder: Path = REFERENCE) -> None:
    """Bring every reference table in line with the CSVs; safe to run on every start."""
    regions = pd.read_csv(folder / "regions.csv", dtype=str, keep_default_na=False)
    regions["parent_code"] = regions["parent_code"].replace("", None)
    # Parents before children, so the self-reference always points at an existing row.
    order = {"provinsi": 0, "kabkota": 1, "kecamatan": 2, "desa": 3}
    regions = regions.sort_values("level", key=lambda s: s.map(order))
    _sync(conn, Region, regions)
    aliases = pd.read_csv(folder / "region_aliases.csv", dtype=str)
    aliases["alias"] = aliases["alias"].map(normalise_name)
    if aliases["alias"].duplicated().any():
        raise ValueError(f"duplicate region aliases: {sorted(aliases.loc[aliases['alias'].duplicated(), 'alias'])}")
    _sync(conn, RegionAlias, aliases)
    _sync(conn, Sector, pd.read_csv(folder / "sectors.csv"))
    catalogue = read_catalogue(folder)
    catalogue["agency"] = catalogue["producer_agency"].map(read_producers(folder))
    _sync(conn, Indicator, catalogue)
    # Nothing references a break: the table is replaced as a whole, so a break taken out of the file goes too.
    conn.execute(delete(SeriesBreak))
    breaks = read_series_breaks(folder)
    if len(breaks):
        conn.execute(insert(SeriesBreak), _records(breaks))


# Kinds whose rows are never statistics to review: the application directory loads as it is read.
ALWAYS_PUBLISHED = ("applications",)


def is_trusted(source: dict) -> bool:
    """Whether a registry entry's rows are published as they load (`trusted = true`), or wait as a draft delivery
    for a walidata's approval (the default)."""
    return bool(source.get("trusted", False)) or source.get("kind") in ALWAYS_PUBLISHED


def register_sources(conn: Connection, sources: list[dict]) -> None:
    """Keep the source table in line with the registry file."""
    frame = pd.DataFrame(
        [
            {
                "name": s["name"],
                "kind": s["kind"],
                "title": s["title"],
                "producer_agency": s["producer_agency"],
                "location": str(s.get("location", "")),
                "schedule": s.get("schedule", "harian"),
                "is_sample": bool(s.get("sample", False)),
                "enabled": bool(s.get("enabled", True)),
                "trusted": is_trusted(s),
            }
            for s in sources
        ]
    )
    _sync(conn, Source, frame)
