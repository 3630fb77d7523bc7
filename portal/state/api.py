"""What each endpoint of the open data API (/api/v1/) answers: pure functions of the request's parameters (read
strictly by portal.params.ApiQuery) and the reader (portal.access.Reader), through portal.queries.

Every list is a `Page` (records, their flat columns for CSV, whether more follow); a page past the end is empty.
Every value carries its source, status and sample flag. An indicator the reader may not see is as absent as an
unknown one (the web layer answers both with the same 404).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from portal import queries, sdi
from portal.access import Reader
from portal.params import INDICATOR_CODE, ApiQuery, InvalidParameter
from portal.periods import EARLIEST_YEAR, LATEST_YEAR
from portal.vocab import Frequency, ObservationStatus, ParamProblem

PREFIX = "/api/v1"
FORMATS = ("json", "csv")
LEVELS = ("provinsi", "kabkota", "kecamatan", "desa")
SECTOR_CODE = INDICATOR_CODE
# A value's status as readers see it (portal.queries.status_shown): a sample value reads contoh, never tetap.
STATUSES = tuple(str(s) for s in ObservationStatus)
# The parameters each endpoint takes (the OpenAPI document lists the same; a test compares them).
PARAMS = {
    "index": (),
    "catalogue": ("sector", "frequency", "limit", "offset", "format"),
    "indicator": ("format",),
    "observations": ("region", "level", "from", "to", "period", "limit", "offset", "format"),
    "sectors": ("format",),
    "sector_latest": ("region", "level", "format"),
    "regions": ("level", "parent", "limit", "offset", "format"),
    "region": ("format",),
    "search": ("q", "limit"),
}
# (default, most) rows per page
PAGING = {"catalogue": (100, 1000), "observations": (1000, 10_000), "regions": (1000, 5000), "search": (8, 30)}
VALUE_COLUMNS = [
    "indicator",
    "region",
    "kemendagri_code",
    "region_name",
    "level",
    "period",
    "value",
    "unit",
    "status",
    "source",
    "source_title",
    "source_url",
    "is_sample",
    "loaded_at",
]
INDICATOR_COLUMNS = [
    "code",
    "name_id",
    "name_en",
    "sector",
    "sector_name_id",
    "sector_name_en",
    "headline",
    "definition_id",
    "definition_en",
    "unit_id",
    "unit_en",
    "measure_id",
    "measure_en",
    "decimals",
    "polarity",
    "frequency",
    "producer",
    "source_note",
    "classification",
    "licence",
    "latest_period",
    "last_update",
    "observations",
    "sample_values",
]
REGION_COLUMNS = ["code", "kemendagri_code", "name", "name_full", "level", "parent_code", "child_count"]


@dataclass
class Page:
    """One page of a list: JSON-ready records, the flat columns a CSV holds, the paging asked and whether more
    rows follow."""

    records: list[dict]
    columns: list[str]
    limit: int | None = None
    offset: int = 0
    more: bool = False

    def next_query(self, args: dict[str, str]) -> str | None:
        """The query string of the next page (None on the last)."""
        if not self.more or self.limit is None:
            return None
        return urlencode({**args, "offset": str(self.offset + self.limit)})


def _plain(value):
    """A cell as JSON has it: NaN is null, numpy numbers are Python numbers."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _paging(q: ApiQuery, endpoint: str) -> tuple[int, int]:
    default, most = PAGING[endpoint]
    return q.integer("limit", default, 1, most), q.integer("offset", 0, 0, 100_000_000)


def _regions(q: ApiQuery, name: str = "region") -> tuple[str, ...] | None:
    """The regions a parameter names (BPS or Kemendagri codes) as their keys; an unknown code is a 400."""
    codes = q.codes(name)
    if not codes:
        return None
    found = queries.resolve_regions(codes)
    if len(found) < len(codes):
        raise InvalidParameter(name, ParamProblem.NOT_FOUND)
    return tuple(dict.fromkeys(found.values()))


def _levels(q: ApiQuery, default: tuple[str, ...] | None = None) -> tuple[str, ...] | None:
    chosen = q.choices("level", LEVELS)
    return tuple(chosen) if chosen else default


def indicator_record(row: dict, licence: str) -> dict:
    """One catalogue row as the API writes it (flat fields, then the SDI metadata and the links)."""
    meta = sdi.metadata(row, licence)
    code = row["code"]
    record = {
        "code": code,
        "name_id": row["name_id"],
        "name_en": row["name_en"],
        "sector": row["sector"],
        "sector_name_id": row["sector_name_id"],
        "sector_name_en": row["sector_name_en"],
        "headline": None if _plain(row["headline"]) is None else int(row["headline"]),
        "definition_id": row["definition_id"],
        "definition_en": row["definition_en"],
        "unit_id": row["unit_id"],
        "unit_en": row["unit_en"],
        "measure_id": meta["measure"]["id"] if meta["measure"] else None,
        "measure_en": meta["measure"]["en"] if meta["measure"] else None,
        "decimals": int(row["decimals"]),
        "polarity": int(row["polarity"]),
        "frequency": row["frequency"],
        "producer": row["producer_agency"],
        "source_note": row["source_note"],
        "classification": row["classification"],
        "licence": licence,
        "latest_period": sdi.text_or_none(row.get("latest_period")),
        "last_update": meta["last_update"],
        "observations": int(_plain(row.get("observations")) or 0),
        "sample_values": int(_plain(row.get("sample_values")) or 0),
    }
    return {
        **record,
        "sdi": meta,
        "links": {
            "self": f"{PREFIX}/indicators/{code}",
            "observations": f"{PREFIX}/indicators/{code}/observations",
            "csv": f"{PREFIX}/indicators/{code}/observations?format=csv",
            "page": f"/indikator/{code}",
        },
    }


def catalogue(q: ApiQuery, reader: Reader, licence: str) -> Page:
    """GET /indicators: every indicator the reader may see, with its metadata."""
    sector = q.code("sector", SECTOR_CODE)
    frequency = q.choice("frequency", tuple(Frequency))
    limit, offset = _paging(q, "catalogue")
    rows = queries.catalogue_records(reader.classes)
    if sector:
        rows = rows[rows["sector"] == sector]
    if frequency:
        rows = rows[rows["frequency"] == frequency]
    chosen = rows.iloc[offset : offset + limit]
    records = [indicator_record(r, licence) for r in chosen.to_dict("records")]
    return Page(records, INDICATOR_COLUMNS, limit, offset, more=offset + limit < len(rows))


def _record(code: str, reader: Reader) -> dict | None:
    rows = queries.catalogue_records(reader.classes)
    found = rows[rows["code"] == code]
    return found.iloc[0].to_dict() if len(found) else None


def indicator(code: str, reader: Reader, licence: str) -> dict | None:
    """GET /indicators/{code}: one indicator's metadata and its coverage per region (None: not for this reader)."""
    row = _record(code, reader)
    if row is None:
        return None
    coverage = queries.coverage(code, reader.classes)
    return {
        **indicator_record(row, licence),
        "coverage": [
            {
                "region": r["region"],
                "region_name": r["region_name"],
                "first_period": r["first"],
                "last_period": r["last"],
                "values": int(r["values"]),
                "sample_values": int(_plain(r["samples"]) or 0),
                "last_update": sdi.instant(r["loaded_at"]),
            }
            for r in coverage.to_dict("records")
        ],
    }


def _value_records(rows: pd.DataFrame, units: dict[str, str]) -> list[dict]:
    """The values as JSON records, built column by column (a thousand rows a page: pandas' own records and a
    formatting call per cell took half a second on the machine of docs/benchmarks.md)."""
    if rows.empty:
        return []
    loaded = rows["loaded_at"].tolist()
    stamps = {stamp: sdi.instant(stamp) for stamp in set(loaded)}  # the rows of one load share one time
    columns = {
        "indicator": rows["indicator"].tolist(),
        "region": rows["region"].tolist(),
        "kemendagri_code": rows["kemendagri_code"].tolist(),
        "region_name": rows["region_name"].tolist(),
        "level": rows["level"].tolist(),
        "period": rows["period"].tolist(),
        "value": [None if math.isnan(v) else v for v in rows["value"].astype(float).tolist()],
        "unit": [units.get(code) for code in rows["indicator"].tolist()],
        "status": rows["status"].tolist(),
        "source": rows["source"].tolist(),
        "source_title": rows["source_title"].tolist(),
        "source_url": [sdi.text_or_none(url) for url in rows["source_url"].tolist()],
        "is_sample": [bool(s) for s in rows["is_sample"].tolist()],
        "loaded_at": [stamps[stamp] for stamp in loaded],
    }
    return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def observations(code: str, q: ApiQuery, reader: Reader) -> Page | None:
    """GET /indicators/{code}/observations: its values, filtered by region, level and period, page by page."""
    regions = _regions(q)
    levels = _levels(q)
    start, end = q.years("from", "to", (EARLIEST_YEAR, LATEST_YEAR))
    periods = tuple(q.periods("period")) or None
    limit, offset = _paging(q, "observations")
    meta = queries.indicator(code, reader.classes)
    if meta is None:
        return None
    rows = queries.values(code, regions, levels, start, end, periods, reader.classes, limit + 1, offset)
    more = len(rows) > limit
    records = _value_records(rows.iloc[:limit], {code: meta["unit_id"]})
    return Page(records, VALUE_COLUMNS, limit, offset, more)


def sectors(q: ApiQuery) -> Page:
    """GET /sectors: the priority sectors in their order."""
    rows = queries.sectors()
    records = [
        {
            "code": s["code"],
            "name_id": s["name_id"],
            "name_en": s["name_en"],
            "position": int(s["position"]),
            "links": {"latest": f"{PREFIX}/sectors/{s['code']}/latest", "page": f"/sektor/{s['code']}"},
        }
        for s in rows.to_dict("records")
    ]
    return Page(records, ["code", "name_id", "name_en", "position"])


def sector_latest(code: str, q: ApiQuery, reader: Reader) -> Page | None:
    """GET /sectors/{code}/latest: per indicator of the sector and region, the latest value (None: no sector)."""
    regions = _regions(q)
    levels = _levels(q, ("provinsi", "kabkota"))
    if code not in set(queries.sectors()["code"]):
        return None
    catalogue = queries.catalogue_records(reader.classes)
    units = dict(zip(catalogue["code"], catalogue["unit_id"], strict=True))
    rows = queries.sector_latest(code, regions, levels, reader.classes)
    return Page(_value_records(rows, units), VALUE_COLUMNS)


def _region_record(r: dict) -> dict:
    record = {k: _plain(r.get(k)) for k in REGION_COLUMNS if k in r}
    record["links"] = {"self": f"{PREFIX}/regions/{r['code']}"}
    return record


def regions(q: ApiQuery) -> Page:
    """GET /regions: regions at the levels asked (or under a parent), with their parent and how many children."""
    levels = _levels(q)
    parent = _regions(q, "parent")
    limit, offset = _paging(q, "regions")
    rows = queries.region_list(levels, parent[0] if parent else None, limit + 1, offset)
    more = len(rows) > limit
    return Page([_region_record(r) for r in rows.iloc[:limit].to_dict("records")], REGION_COLUMNS, limit, offset, more)


def region(code: str) -> dict | None:
    """GET /regions/{code}: one region (BPS or Kemendagri code) with its parent and the regions under it."""
    found = queries.resolve_regions([code])
    family = queries.region_family(found[code]) if code in found else None
    if family is None:
        return None
    record = _region_record({**family, "child_count": len(family["children"])})
    record["parent"] = _region_record({**family["parent"]}) if family["parent"] else None
    record["children"] = [_region_record(c) for c in family["children"]]
    return record


def search(q: ApiQuery, reader: Reader) -> Page:
    """GET /search: what the search box offers for `q`, best first."""
    text = q.text("q")
    limit, _ = _paging(q, "search")
    keep = ("kind", "key", "level", "title_id", "title_en", "detail_id", "detail_en", "href", "is_sample")
    found = queries.search(text, reader.classes, limit) if text.strip() else []
    return Page([{k: a[k] for k in keep} for a in found], list(keep), limit)
