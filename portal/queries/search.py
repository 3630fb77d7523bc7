"""The search box's answers, from the index the ETL rebuilds after each load (etl/search_index.py).

The database finds the candidates: SQLite through FTS5 (search_fts; search_word_tri, a trigram index of the
index's words, for typos), PostgreSQL through the entries' full-text document (GIN) and pg_trgm on the words.
Codes are looked up exactly (a BPS 6403 and a Kemendagri 64.02 name different regencies). The candidates, a
few dozen rows, are then ranked by portal.search.score; an indicator and a region that together answer every
word are offered as one answer first: "stunting berau" is stunting in Kabupaten Berau.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from sqlalchemy import Connection, select, text

from portal.db import get_engine
from portal.models import Region, SearchEntry
from portal.queries.core import PUBLIC, Classes, readable
from portal.search import MIN_TYPO, Candidate, Query, corrections, phrase_bonus, read_query, score, trigrams

__all__ = ["search"]

# Candidates fetched per query word, the best by the engine's own ranking (names and terms above definitions):
# each is ranked in Python, so they set the speed of a query (docs/benchmarks.md, issue 16).
PER_WORD = 100
SIMILAR = 30  # index words compared with a word that matched nothing
CODE_POINTS = 40.0  # a region named by its code
COMBO_POINTS = 4.0  # an indicator in a region, on top of the two parts' points
SECTOR_COMBO_POINTS = 0.0  # a sector in a region is less specific: it only points at the region's profile
COMBO_PARTS = 3  # the best indicators and regions tried together


class _Sqlite:
    """FTS5: `"word"*` is a prefix, `"word"` the whole word; bm25 ranks names and terms above definitions."""

    @staticmethod
    def _match(conn: Connection, expression: str, limit: int) -> list[int]:
        rows = conn.execute(
            text(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH :m "
                "ORDER BY bm25(search_fts, 10.0, 10.0, 1.0) LIMIT :n"
            ),
            {"m": expression, "n": limit},
        )
        return [r[0] for r in rows]

    def matching(self, conn: Connection, words: Iterable[str], prefix: bool, every: bool = False) -> list[int]:
        parts = [f'"{w}"*' if prefix and len(w) >= 2 else f'"{w}"' for w in words]
        return self._match(conn, (" AND " if every else " OR ").join(parts), PER_WORD) if parts else []

    @staticmethod
    def similar(conn: Connection, word: str) -> list[str]:
        pieces = " OR ".join(f'"{p}"' for p in trigrams(word))
        rows = conn.execute(
            text("SELECT word FROM search_word_tri WHERE search_word_tri MATCH :m ORDER BY rank LIMIT :n"),
            {"m": pieces, "n": SIMILAR},
        )
        return [r[0] for r in rows]


class _Postgres:
    """Full text: `word:*` is a prefix; ts_rank weighs names and terms (A) above definitions (D); pg_trgm `%`."""

    @staticmethod
    def matching(conn: Connection, words: Iterable[str], prefix: bool, every: bool = False) -> list[int]:
        parts = [f"{w}:*" if prefix and len(w) >= 2 else w for w in words]
        if not parts:
            return []
        rows = conn.execute(
            text(
                "SELECT id FROM search_entry, to_tsquery('simple', :q) q WHERE document @@ q "
                "ORDER BY ts_rank(document, q) DESC LIMIT :n"
            ),
            {"q": (" & " if every else " | ").join(parts), "n": PER_WORD},
        )
        return [r[0] for r in rows]

    @staticmethod
    def similar(conn: Connection, word: str) -> list[str]:
        conn.execute(text("SELECT set_config('pg_trgm.similarity_threshold', '0.2', true)"))
        rows = conn.execute(
            text("SELECT word FROM search_word WHERE word % :w ORDER BY similarity(word, :w) DESC LIMIT :n"),
            {"w": word, "n": SIMILAR},
        )
        return [r[0] for r in rows]


def _by_code(conn: Connection, codes: Iterable[str]) -> dict[int, str]:
    """Index entries of the regions named by a BPS or a Kemendagri code: entry id -> the code as typed."""
    found = {}
    for code in codes:
        region = conn.execute(
            select(Region.code)
            .where((Region.code == code) | (Region.kemendagri_code == code))
            .order_by(Region.code != code)  # a BPS code wins over a Kemendagri code that looks the same
            .limit(1)
        ).scalar()
        if region is not None:
            entry = conn.execute(
                select(SearchEntry.id).where(SearchEntry.kind == "region", SearchEntry.key == region)
            ).scalar()
            if entry is not None:
                found[entry] = code
    return found


def _candidates(conn: Connection, ids: Iterable[int], classes: Classes) -> dict[int, Candidate]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    rows = conn.execute(
        select(*SearchEntry.__table__.columns).where(
            SearchEntry.id.in_(ids), SearchEntry.classification.in_(readable(classes))
        )
    )
    out = {}
    for e in rows.mappings():
        e = dict(e)
        out[e["id"]] = Candidate(e["id"], e["kind"], e["key"], e["weight"], e["names"], e["terms"], e["body"], row=e)
    return out


def _answer(c: Candidate, coverage: float) -> dict:
    keep = ("kind", "key", "level", "title_id", "title_en", "detail_id", "detail_en", "href", "is_sample")
    return {**{k: c.row[k] for k in keep}, "coverage": coverage, "points": round(c.points, 3)}


def _combo(indicator: Candidate, place: Candidate, query: Query, meant: dict) -> dict | None:
    """An indicator (or a sector) in a region, when the two answer every word between them, each word going to the
    part that answers it best (each part at least one): the indicator's page for the province or a regency, the
    regency profile's kecamatan and desa list below; a sector's page, or the region's profile."""
    words, codes = query.words, set(query.codes)
    to_place = [w for w in words if place.found.get(w, 0) > indicator.found.get(w, 0)]
    to_indicator = [w for w in words if w not in to_place and indicator.found.get(w, 0) > 0]
    if not to_indicator or not (to_place or place.matched & codes) or len(to_place) + len(to_indicator) < len(words):
        return None
    if codes - place.matched:
        return None  # a code the place is not
    points = sum(indicator.found[w] for w in to_indicator) + sum(place.found[w] for w in to_place)
    points += phrase_bonus(indicator, to_indicator, meant) + phrase_bonus(place, to_place, meant)
    points += sum(place.found[c] for c in codes) + indicator.weight + place.weight
    points += SECTOR_COMBO_POINTS if indicator.kind == "sector" else COMBO_POINTS
    code, region, level = indicator.key, place.key, place.row["level"]
    if indicator.kind == "sector":  # a sector in a region: the sector page, or the region's profile
        href = f"/sektor/{code}" if level == "provinsi" else place.row["href"]
    elif level == "provinsi":
        href = f"/indikator/{code}"
    elif level == "kabkota":
        href = f"/indikator/{code}?{urlencode({'wilayah': region})}"
    else:
        joiner = "&" if "?" in place.row["href"] else "?"
        href = f"{place.row['href']}{joiner}{urlencode({'indikator': code})}"
    return {
        "kind": "combo",
        "key": f"{code}@{region}",
        "level": level,
        "title_id": f"{indicator.row['title_id']} — {place.row['title_id']}",
        "title_en": f"{indicator.row['title_en']} — {place.row['title_en']}",
        "detail_id": indicator.row["detail_id"],
        "detail_en": indicator.row["detail_en"],
        "href": href,
        "is_sample": False,
        "coverage": 1.0,
        "points": round(points, 3),
    }


def _rank(query: Query, found: dict[int, Candidate], codes: dict[int, str], meant: dict) -> list[dict]:
    targets = len(query.words) + len(query.codes)
    for c in found.values():
        score(c, query.words, meant)
        if c.id in codes:
            c.found[codes[c.id]] = CODE_POINTS
            c.points += CODE_POINTS
    answers = [_answer(c, len(c.matched) / targets) for c in found.values() if c.matched]

    def best(kinds: tuple[str, ...]) -> list[Candidate]:
        chosen = [c for c in found.values() if c.kind in kinds and c.matched]
        return sorted(chosen, key=lambda c: (-c.points, c.key))[:COMBO_PARTS]

    if targets > 1:
        for indicator in best(("indicator", "sector")):
            for place in best(("region",)):
                combo = _combo(indicator, place, query, meant)
                if combo is not None:
                    answers.append(combo)
    return sorted(answers, key=lambda a: (-a["coverage"], -a["points"], a["title_id"]))


def search(text_query: str, classes: Classes = PUBLIC, limit: int = 8) -> list[dict]:
    """The best answers for what a reader typed, best first (only what the reader's classes may see).

    Each answer: kind (indicator, region, sector, agency, application, or combo: an indicator in a region), key,
    level (regions), title_id/title_en, detail_id/detail_en, href, is_sample, coverage (the share of the query's
    words and codes it answers) and points.
    """
    query = read_query(text_query)
    if query.empty:
        return []
    engine = get_engine()
    backend = _Sqlite() if engine.dialect.name == "sqlite" else _Postgres()
    with engine.connect() as conn:
        codes = _by_code(conn, query.codes)
        ids, meant = set(codes), {}
        for word in query.words:
            hits = backend.matching(conn, [word], prefix=True)
            if not hits and len(word) >= MIN_TYPO:
                options = corrections(word, backend.similar(conn, word))
                if options:
                    meant[word] = tuple(options)
                    hits = backend.matching(conn, options, prefix=False)
            ids.update(hits)
        if len(query.words) > 1 and not meant:
            ids.update(backend.matching(conn, query.words, prefix=True, every=True))
        found = _candidates(conn, ids, classes)
    return _rank(query, found, codes, meant)[:limit]
