"""The harvestable catalogue: every indicator the reader may see as a CKAN dataset ("package"), as CKAN's action
API (/api/3/action/) writes it, so that a Satu Data portal's harvester (ckanext-harvest's CKAN harvester: it
pages through package_search, sorted by id, optionally since a metadata_modified) can copy the catalogue.

Each dataset carries the Satu Data metadata as CKAN extras (konsep, definisi, klasifikasi, ukuran, satuan,
produsen_data, frekuensi, lisensi, tanggal_pembaruan), its producer as the organisation, and its data as
resources that point at the API's CSV and JSON. Ids are stable (UUID 5 of the portal's address and the code),
so a harvester recognises a dataset it already holds.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from portal import fmt, queries, sdi
from portal.access import Reader
from portal.settings import LICENSES

NAME_PREFIX = "kaltim-"
ROWS_MOST = 1000  # as CKAN's ckan.search.rows_max
ROWS_DEFAULT = 10
CSV_ROWS = 10_000  # the rows one CSV link holds (the API's largest page)
SORTS = {
    "id asc": ("id", False),
    "id desc": ("id", True),
    "name asc": ("name", False),
    "name desc": ("name", True),
    "metadata_modified desc": ("metadata_modified", True),
    "metadata_modified asc": ("metadata_modified", False),
    "score desc, metadata_modified desc": ("metadata_modified", True),
}
SINCE = re.compile(r"metadata_modified:\[(\S+) TO \*\]")
FILTER = re.compile(r"(-?)(organization|groups):(\S+)")  # the datasets are in no group


class CkanInputError(ValueError):
    """A parameter CKAN would refuse: the field and CKAN's words for it."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


@dataclass(frozen=True)
class Site:
    """Where the portal is (BASE_URL) and what its public data are published under."""

    url: str
    licence: str

    def uuid(self, *parts: str) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join((self.url, *parts))))


def slug(text: str) -> str:
    """A CKAN name: lower case letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:100]


def dataset_name(code: str) -> str:
    return NAME_PREFIX + code.replace("_", "-")


def _stamp(value) -> str | None:
    """A time as CKAN writes it (ISO 8601, no zone)."""
    found = sdi.instant(value)
    return found[:-1] if found else None


def organisation(producer: str, site: Site) -> dict:
    return {
        "id": site.uuid("organization", slug(producer)),
        "name": slug(producer),
        "title": producer,
        "type": "organization",
        "is_organization": True,
        "state": "active",
        "approval_status": "approved",
        "description": "",
        "image_url": "",
    }


def package(row: dict, site: Site) -> dict:
    """One catalogue record (queries.catalogue_records) as a CKAN package dict."""
    code = row["code"]
    meta = sdi.metadata(row, site.licence)
    ckan_id, title, url = LICENSES[site.licence]
    modified = _stamp(row.get("last_loaded_at"))
    package_id = site.uuid("dataset", code)
    api = f"{site.url}/api/v1/indicators/{code}"
    regional = urlencode({"level": "provinsi,kabkota", "format": "csv", "limit": CSV_ROWS})
    resources = [
        ("data-csv", "Data provinsi dan kabupaten/kota (CSV)", "CSV", "text/csv", f"{api}/observations?{regional}"),
        (
            "data-all-csv",
            "Semua data, semua tingkat wilayah (CSV)",
            "CSV",
            "text/csv",
            f"{api}/observations?format=csv&limit={CSV_ROWS}",
        ),
        ("data-json", "Data (JSON, API)", "JSON", "application/json", f"{api}/observations"),
        ("metadata-json", "Metadata (JSON, API)", "JSON", "application/json", api),
    ]
    extras = {
        **sdi.fields(row, site.licence),
        "periode_terakhir": sdi.text_or_none(row.get("latest_period")) or "",
        "kode_indikator": code,
        "kode_wilayah_provinsi": "64",
        "sumber": row["source_note"],
        "jumlah_nilai": str(int(row.get("observations") or 0)),
        "jumlah_nilai_contoh": str(int(row.get("sample_values") or 0)),
        "concept_en": meta["concept"]["en"],
        "definition_en": meta["definition"]["en"],
    }
    org = organisation(row["producer_agency"], site)
    notes = f"{row['definition_id']}\n\n{row['definition_en']}"
    sample, total = int(row.get("sample_values") or 0), int(row.get("observations") or 0)
    if sample:  # sample data is labelled wherever it is shown, in a harvested copy too
        notes += (
            f"\n\nData contoh: {fmt.number(sample)} dari {fmt.number(total)} nilai adalah data contoh, bukan angka "
            f"resmi (kolom is_sample). / Sample data: {fmt.number(sample, lang='en')} of {fmt.number(total, lang='en')} "
            "values are sample data, not official figures (column is_sample)."
        )
    tags = [row["sector_name_id"], "Kalimantan Timur", meta["frequency"]]
    return {
        "id": package_id,
        "name": dataset_name(code),
        "title": row["name_id"],
        "notes": notes,
        "type": "dataset",
        "state": "active",
        "private": False,
        "isopen": True,
        "license_id": ckan_id,
        "license_title": title,
        "license_url": url,
        "url": f"{site.url}/indikator/{code}",
        "version": None,
        "author": row["producer_agency"],
        "author_email": "",
        "maintainer": "",
        "maintainer_email": "",
        "metadata_created": modified,
        "metadata_modified": modified,
        "owner_org": org["id"],
        "organization": org,
        "groups": [],
        "tags": [{"name": tag, "display_name": tag, "state": "active"} for tag in tags],
        "num_tags": len(tags),
        "extras": [{"key": k, "value": v} for k, v in extras.items()],
        "resources": [
            {
                "id": site.uuid("resource", code, key),
                "package_id": package_id,
                "name": name,
                "description": "",
                "format": fmt,
                "mimetype": mimetype,
                "url": link,
                "url_type": None,
                "datastore_active": False,
                "state": "active",
                "position": i,
                "created": modified,
                "last_modified": modified,
                "metadata_modified": modified,
            }
            for i, (key, name, fmt, mimetype, link) in enumerate(resources)
        ],
        "num_resources": len(resources),
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }


def _packages(reader: Reader, site: Site) -> list[dict]:
    rows = queries.catalogue_records(reader.classes)
    return [package(r, site) for r in rows.to_dict("records")]


def package_list(reader: Reader, site: Site, limit: int | None = None, offset: int = 0) -> list[str]:
    names = sorted(p["name"] for p in _packages(reader, site))
    return names[offset : offset + limit if limit is not None else None]


def package_show(name: str, reader: Reader, site: Site) -> dict | None:
    """A dataset by its name or id (None: unknown, or not for this reader)."""
    for p in _packages(reader, site):
        if name in (p["name"], p["id"]):
            return p
    return None


def _moment(text: str):
    """A harvester's `since` (ISO 8601, UTC when it has no zone) as a naive UTC time."""
    try:
        stamp = pd.Timestamp(text)
    except (ValueError, OverflowError) as err:
        raise CkanInputError("fq", "metadata_modified is not a time") from err
    return (stamp.tz_convert("UTC") if stamp.tzinfo else stamp).tz_localize(None)


def _filtered(packages: list[dict], fq: str) -> list[dict]:
    """The fq filters ckanext-harvest's CKAN harvester sends: metadata_modified:[SINCE TO *], organizations or groups
    to include (joined by OR) or to exclude (-organization:NAME); any other filter is refused, never ignored."""
    since = SINCE.findall(fq)
    terms = [term for term in SINCE.sub(" ", fq).split() if term not in ("OR", "*:*")]
    unknown = [term for term in terms if not FILTER.fullmatch(term)]
    if unknown:
        raise CkanInputError(
            "fq", f"Unsupported filter {unknown[0][:60]!r}: use metadata_modified, organization, groups"
        )
    for moment in map(_moment, since):
        packages = [p for p in packages if p["metadata_modified"] and pd.Timestamp(p["metadata_modified"]) >= moment]
    found = [FILTER.fullmatch(term).groups() for term in terms]
    for field in ("organization", "groups"):
        wanted = {name.strip('"') for negate, f, name in found if f == field and not negate}
        unwanted = {name.strip('"') for negate, f, name in found if f == field and negate}
        names = (lambda p: {p["organization"]["name"]}) if field == "organization" else (lambda p: set())
        if wanted:
            packages = [p for p in packages if names(p) & wanted]
        packages = [p for p in packages if not names(p) & unwanted]
    return packages


def package_search(
    reader: Reader, site: Site, q: str = "", fq: str = "", rows: int = ROWS_DEFAULT, start: int = 0, sort: str = ""
) -> dict:
    """CKAN's package_search over the catalogue: `q` through the search index (indicators only; `*:*` or empty is
    everything), the harvester's `fq` filters, `sort` by id, name or metadata_modified, paged by rows/start."""
    if sort and sort not in SORTS:
        raise CkanInputError("sort", f"Urutan tidak dikenal / unknown sort; one of: {', '.join(SORTS)}")
    packages = _filtered(_packages(reader, site), fq)
    if q.strip() and q.strip() != "*:*":
        wanted = [a["key"] for a in queries.search(q, reader.classes, 30) if a["kind"] == "indicator"]
        by_code = {p["name"]: p for p in packages}
        packages = [by_code[dataset_name(c)] for c in wanted if dataset_name(c) in by_code]
    elif sort:
        key, descending = SORTS[sort]
        packages = sorted(packages, key=lambda p: p[key] or "", reverse=descending)
    return {
        "count": len(packages),
        "sort": sort or "score desc, metadata_modified desc",
        "facets": {},
        "search_facets": {},
        "results": packages[start : start + rows],
    }


def organization_list(reader: Reader, site: Site, all_fields: bool = False) -> list:
    orgs = {p["organization"]["name"]: p["organization"] for p in _packages(reader, site)}
    return [orgs[n] for n in sorted(orgs)] if all_fields else sorted(orgs)


def organization_show(name: str, reader: Reader, site: Site) -> dict | None:
    packages = _packages(reader, site)
    for p in packages:
        org = p["organization"]
        if name in (org["name"], org["id"]):
            count = sum(1 for other in packages if other["organization"]["id"] == org["id"])
            return {**org, "package_count": count}
    return None
