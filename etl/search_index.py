"""The search index (tables search_entry and search_word, migration 0012), rebuilt from the database.

`rebuild(conn)` runs inside the transaction of each load and of each reference sync, so the index always
holds what the tables beside it hold: every indicator (names, definitions and the reviewed terms of
data/reference/search_terms.csv: acronyms such as IPM, TPT, PMA, P0, SPBE and their synonyms), every region
at every level (names, full names, the aliases of region_aliases.csv), the sectors, the agencies and the
applications. The engine's own full-text index follows the table (SQLite FTS5 tables rebuilt here;
PostgreSQL's generated document column and GIN indexes by themselves).
"""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import quote, urlencode

from sqlalchemy import Connection, delete, insert, select

from portal.models import (
    Agency,
    Application,
    Indicator,
    Region,
    RegionAlias,
    SearchEntry,
    SearchWord,
    Sector,
)
from portal.search import phrases, words
from portal.settings import DATA_DIR
from portal.vocab import Classification

TERMS = DATA_DIR / "reference" / "search_terms.csv"
# Ties between equally good answers: the headline indicators, the province and the regencies first.
WEIGHTS = {"provinsi": 3.0, "kabkota": 3.0, "kecamatan": 1.5, "desa": 1.0}
INDICATOR, HEADLINE, SECTOR, AGENCY, APPLICATION = 2.0, 3.0, 3.0, 1.5, 1.0
MIN_WORD = 3  # shorter words are never corrected, so they need not be in the typo index


def read_terms(path: Path = TERMS) -> dict[str, str]:
    """The reviewed search terms per indicator code (phrases joined by '|')."""
    with path.open(encoding="utf-8", newline="") as f:
        return {row["code"]: row["terms"] for row in csv.DictReader(f)}


def _entry(kind: str, key: str, **values) -> dict:
    row = {
        "kind": kind,
        "key": key,
        "classification": Classification.PUBLIK,
        "level": None,
        "regency": None,
        "is_sample": False,
        "detail_id": "",
        "detail_en": "",
        "terms": "",
        "body": "",
    }
    row.update(values)
    row.setdefault("title_en", row["title_id"])
    return row


def _indicators(conn: Connection, terms: dict[str, str]) -> list[dict]:
    sectors = {s.code: s for s in conn.execute(select(Sector))}
    rows = []
    for i in conn.execute(select(Indicator)):
        sector = sectors[i.sector]
        rows.append(
            _entry(
                "indicator",
                i.code,
                classification=i.classification,
                weight=HEADLINE if i.headline is not None else INDICATOR,
                title_id=i.name_id,
                title_en=i.name_en,
                detail_id=sector.name_id,
                detail_en=sector.name_en,
                href=f"/indikator/{i.code}",
                names=phrases(i.name_id, i.name_en, i.code.replace("_", " ")),
                terms=phrases(terms.get(i.code, "")),
                body=phrases(i.definition_id, i.definition_en, sector.name_id, sector.name_en, i.producer_agency),
            )
        )
    return rows


def _regions(conn: Connection) -> list[dict]:
    regions = {r.code: r for r in conn.execute(select(Region))}
    aliases: dict[str, list[str]] = {}
    for alias, code in conn.execute(select(RegionAlias.alias, RegionAlias.region_code)):
        aliases.setdefault(code, []).append(alias)
    rows = []
    for r in regions.values():
        parent = regions.get(r.parent_code) if r.parent_code else None
        grandparent = regions.get(parent.parent_code) if parent is not None and parent.parent_code else None
        if r.level == "provinsi":
            regency, href = None, "/"
        elif r.level == "kabkota":
            regency, href = r.code, f"/wilayah/{r.code}"
        elif r.level == "kecamatan":
            regency, href = r.parent_code, f"/wilayah/{r.parent_code}?{urlencode({'kecamatan': r.code})}"
        else:  # a desa/kelurahan: its kecamatan's list on the regency profile
            regency = parent.parent_code if parent is not None else None
            href = f"/wilayah/{regency}?{urlencode({'kecamatan': r.parent_code})}" if regency else "/wilayah"
        above = [p.name_full for p in (parent, grandparent) if p is not None and p.level != "provinsi"]
        rows.append(
            _entry(
                "region",
                r.code,
                level=r.level,
                regency=regency,
                weight=WEIGHTS.get(r.level, 1.0),
                title_id=r.name_full,
                detail_id=", ".join(above),
                detail_en=", ".join(above),
                href=href,
                names=phrases(r.name, r.name_full),
                terms=phrases(*aliases.get(r.code, [])),
                body=phrases(*above),
            )
        )
    return rows


def _sectors(conn: Connection) -> list[dict]:
    return [
        _entry(
            "sector",
            s.code,
            weight=SECTOR,
            title_id=s.name_id,
            title_en=s.name_en,
            href=f"/sektor/{s.code}",
            names=phrases(s.name_id, s.name_en, s.code),
        )
        for s in conn.execute(select(Sector))
    ]


def _agencies(conn: Connection) -> list[dict]:
    apps: dict[str, list[str]] = {}
    for name, agency in conn.execute(select(Application.name, Application.agency)):
        apps.setdefault(agency, []).append(name)
    return [
        _entry(
            "agency",
            a.code,
            weight=AGENCY,
            title_id=a.name,
            href=f"/aplikasi?{urlencode({'opd': a.code})}",
            names=phrases(a.name),
            terms=phrases(a.code.replace("-", " ")),
            body=phrases(*apps.get(a.code, [])),
        )
        for a in conn.execute(select(Agency))
    ]


def _applications(conn: Connection) -> list[dict]:
    query = select(Application.id, Application.name, Application.description, Application.is_sample, Agency.name)
    return [
        _entry(
            "application",
            str(app_id),
            weight=APPLICATION,
            title_id=name,
            detail_id=agency,
            detail_en=agency,
            is_sample=bool(sample),
            href=f"/aplikasi?q={quote(name)}",
            names=phrases(name),
            body=phrases(description, agency),
        )
        for app_id, name, description, sample, agency in conn.execute(
            query.join(Agency, Agency.code == Application.agency)
        )
    ]


def entries(conn: Connection, terms: dict[str, str] | None = None) -> list[dict]:
    """Every index entry the database's tables make."""
    terms = read_terms() if terms is None else terms
    return [
        *_indicators(conn, terms),
        *_regions(conn),
        *_sectors(conn),
        *_agencies(conn),
        *_applications(conn),
    ]


def vocabulary(rows: list[dict]) -> list[str]:
    """The distinct words of the index that a mistyped query word may be corrected to."""
    found = {w for row in rows for name in ("names", "terms", "body") for w in words(row[name])}
    return sorted(w for w in found if len(w) >= MIN_WORD and len(w) <= 60 and not w.isdigit())


def rebuild(conn: Connection, terms: dict[str, str] | None = None) -> int:
    """Replace the index with what the tables hold now (in the caller's transaction); the number of entries."""
    rows = entries(conn, terms)
    conn.execute(delete(SearchEntry))
    conn.execute(delete(SearchWord))
    if rows:
        conn.execute(insert(SearchEntry), rows)
    vocab = vocabulary(rows)
    if vocab:
        conn.execute(insert(SearchWord), [{"word": w} for w in vocab])
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        conn.exec_driver_sql("INSERT INTO search_word_tri(search_word_tri) VALUES ('rebuild')")
    return len(rows)
