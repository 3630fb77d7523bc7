"""The reviewed data the search index and the Satu Data metadata read: every search term names a catalogue indicator,
every unit of the catalogue has its measure (ukuran), and the search's reading of a query."""

from __future__ import annotations

import csv

import pytest

from etl.search_index import TERMS, read_terms
from portal import sdi
from portal.search import read_query, similarity
from portal.settings import DATA_DIR


def _catalogue() -> list[dict]:
    with (DATA_DIR / "reference" / "indicators.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_rev001_search_terms_name_catalogue_indicators_once():
    codes = {r["code"] for r in _catalogue()}
    with TERMS.open(encoding="utf-8", newline="") as f:
        listed = [r["code"] for r in csv.DictReader(f)]
    assert len(listed) == len(set(listed)), "an indicator listed twice"
    assert set(listed) <= codes, sorted(set(listed) - codes)
    assert all(read_terms()[c].strip() for c in listed)


def test_rev002_every_unit_has_its_measure():
    units = {r["unit_id"] for r in _catalogue()}
    missing = sorted(units - set(sdi.measures()))
    assert missing == [], f"add these units to data/reference/measures.csv: {missing}"


@pytest.mark.parametrize(
    ("text", "codes", "words"),
    [
        ("Stunting di Berau", (), ("stunting", "berau")),
        ("ipm 64.02", ("64.02",), ("ipm",)),
        ("6402 kab. kutai", ("6402",), ("kutai",)),
        ("Pendidikán  KESEHATAN", (), ("pendidikan", "kesehatan")),
        ("IP-TIK", (), ("ip", "tik")),
        ("", (), ()),
    ],
)
def test_rev003_a_query_is_read_into_codes_and_words(text, codes, words):
    query = read_query(text)
    assert (query.codes, query.words) == (codes, words)


def test_rev004_typo_similarity_counts_a_swap_as_one_edit():
    assert similarity("stuntnig", "stunting") == pytest.approx(1 - 1 / 8)
    assert similarity("samarnda", "samarinda") == pytest.approx(1 - 1 / 9)
    assert similarity("berau", "paser") < 0.5
