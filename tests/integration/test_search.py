"""The search index on both engines: rebuilt with each load, answers from the engine's own full-text index, and
the held-out check: 30 queries written before the index, each with the answer that must come first."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from portal import queries
from portal.access import ALL_CLASSES, PUBLIC
from portal.db import get_engine, using
from portal.models import SearchEntry, SearchWord
from tests.conftest import add_subregions

HELD_OUT = Path(__file__).resolve().parents[1] / "data" / "search_heldout.csv"


def _first(answers: list[dict]) -> str:
    if not answers:
        return "-"
    a = answers[0]
    return f"application:{a['title_id']}" if a["kind"] == "application" else f"{a['kind']}:{a['key']}"


def _queries() -> list[tuple[str, str]]:
    with HELD_OUT.open(encoding="utf-8", newline="") as f:
        return [(r["query"], r["first"]) for r in csv.DictReader(f)]


def test_src001_the_held_out_check_holds_thirty_queries():
    assert len(_queries()) == 30


def test_src002_each_held_out_query_gets_its_answer_first(loaded_db):
    wrong = []
    for query, expected in _queries():
        got = _first(queries.search(query))
        fits = got == expected or (expected.startswith("application:") and expected.split(":", 1)[1] in got)
        if not fits:
            wrong.append(f"{query!r}: {got} (expected {expected})")
    assert wrong == []


def test_src003_the_index_holds_every_indicator_region_sector_agency_and_application(loaded_db):
    with get_engine().connect() as conn:
        kinds = dict(conn.execute(select(SearchEntry.kind, func.count()).group_by(SearchEntry.kind)).all())
        words = conn.execute(select(func.count()).select_from(SearchWord)).scalar_one()
        counts = {
            "indicator": conn.execute(text("SELECT count(*) FROM indicator")).scalar_one(),
            "region": conn.execute(text("SELECT count(*) FROM region")).scalar_one(),
            "sector": conn.execute(text("SELECT count(*) FROM sector")).scalar_one(),
            "agency": conn.execute(text("SELECT count(*) FROM agency")).scalar_one(),
            "application": conn.execute(text("SELECT count(*) FROM application")).scalar_one(),
        }
        ipm = conn.execute(select(SearchEntry.terms).where(SearchEntry.key == "ipm")).scalar_one()
    assert kinds == counts
    assert words > 500
    assert "ipm" in ipm.split(" | ") and "hdi" in ipm.split(" | ")  # the reviewed acronyms are indexed


def test_src004_restricted_indicators_answer_only_readers_who_may_see_them(loaded_db):
    public = [a["key"] for a in queries.search("proyek investasi", PUBLIC, 30)]
    staff = [a["key"] for a in queries.search("proyek investasi", ALL_CLASSES, 30)]
    assert "investasi_proyek" not in public
    assert staff[0] == "investasi_proyek"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Pendidikán", "sector:pendidikan"),  # diacritics typed
        ("KESEHTAN", "sector:kesehatan"),  # capitals and a missing letter
        ("stunting di berau", "combo:stunting@6405"),  # a word that means nothing is read past
        ("ipm 6403", "combo:ipm@6403"),  # an indicator and a code
        ("kab. kutai kartanegara", "region:6403"),
    ],
)
def test_src005_spelling_case_and_codes_do_not_matter(loaded_db, query, first):
    assert _first(queries.search(query)) == first


def test_src006_nothing_to_look_up_answers_nothing(loaded_db):
    assert queries.search("") == []
    assert queries.search("di dan yang") == []
    assert queries.search("xyzzy") == []
    assert queries.search("x" * 5000) == []
    assert queries.search("b") == []  # a word too short to correct, that begins nothing on its own
    assert queries.search("stunting b")[0]["key"] == "stunting"  # typing on: the words so far still answer


def test_src007_the_index_is_rebuilt_by_each_load(loaded_copy, tmp_path):
    """A kecamatan and desa added to the region table are found after the next load, with links into the profile."""
    with using(loaded_copy):
        assert "64.02.91.2001" not in [a["key"] for a in queries.search("uji a satu", limit=30)]
    add_subregions(loaded_copy, tmp_path)  # inserts regions, then loads a file: the load rebuilds the index
    with using(loaded_copy):
        desa = queries.search("uji a satu")[0]
        combo = queries.search("miskin uji b")[0]
    assert (desa["kind"], desa["key"], desa["level"]) == ("region", "64.02.91.2001", "desa")
    assert desa["href"] == "/wilayah/6403?kecamatan=64.02.91"
    assert combo["key"] == "kemiskinan_p0@64.02.92"
    assert combo["href"] == "/wilayah/6403?kecamatan=64.02.92&indikator=kemiskinan_p0"


def test_src008_the_engine_index_answers_not_a_scan(loaded_db):
    """The candidates come from the engine's full-text index (FTS5's virtual table; PostgreSQL's GIN index)."""
    with get_engine().begin() as conn:
        if conn.dialect.name == "sqlite":
            plan = conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT rowid FROM search_fts WHERE search_fts MATCH '\"berau\"*'"
            ).all()
            assert any("VIRTUAL TABLE INDEX" in str(row) for row in plan)
        else:
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = conn.exec_driver_sql(
                "EXPLAIN SELECT id FROM search_entry WHERE document @@ to_tsquery('simple', 'berau:*')"
            ).all()
            assert any("ix_search_entry_document" in str(row) for row in plan)
