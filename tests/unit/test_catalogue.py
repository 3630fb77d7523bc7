"""The indicator catalogue and reference data: complete, valid, consistent."""

import csv

import pandas as pd
import pytest

from etl.reference import REFERENCE, read_catalogue, read_producers
from portal.settings import DATA_DIR

SECTORS = {"kemiskinan", "investasi", "digitalisasi", "kesehatan", "pendidikan"}
REQUIRED = [
    "code",
    "sector",
    "name_id",
    "name_en",
    "definition_id",
    "definition_en",
    "unit_id",
    "unit_en",
    "decimals",
    "polarity",
    "frequency",
    "producer_agency",
    "source_note",
    "classification",
]


@pytest.fixture(scope="module")
def catalogue() -> pd.DataFrame:
    return read_catalogue()


def test_cat001_size_and_sectors(catalogue):
    assert len(catalogue) >= 35
    counts = catalogue["sector"].value_counts()
    assert set(counts.index) == SECTORS
    assert (counts >= 6).all(), counts


def test_cat002_every_field_filled_and_codes_unique(catalogue):
    assert catalogue["code"].is_unique
    for column in REQUIRED:
        empty = catalogue[catalogue[column].astype(str).str.strip() == ""]
        assert empty.empty, f"{column} empty for {empty['code'].tolist()}"


def test_cat003_values_in_allowed_sets(catalogue):
    assert set(catalogue["polarity"]) <= {-1, 0, 1}
    assert set(catalogue["frequency"]) <= {"tahunan", "semesteran", "triwulanan", "bulanan"}
    assert set(catalogue["classification"]) <= {"publik", "terbatas"}
    assert (catalogue["decimals"].between(0, 4)).all()
    bounded = catalogue.dropna(subset=["min_value", "max_value"])
    assert (bounded["min_value"] < bounded["max_value"]).all()
    percent = catalogue[catalogue["unit_id"] == "persen"]
    assert (percent["max_value"] <= 120).all()
    shares = percent[percent["code"] != "pertumbuhan_ekonomi"]  # a growth rate may be negative
    assert (shares["min_value"] >= 0).all()


def test_cat004_three_headlines_per_sector(catalogue):
    for sector, group in catalogue.groupby("sector"):
        assert sorted(group["headline"].dropna().astype(int)) == [1, 2, 3], sector


def test_cat005_real_figures_have_catalogue_codes(catalogue):
    """Every theme the bundled real data covers maps onto the catalogue."""
    from etl.sources.published import INDICATORS, QUARTERLY, TARGETS

    codes = set(catalogue["code"])
    assert set(INDICATORS.values()) <= codes
    assert set(QUARTERLY.values()) <= codes
    assert set(TARGETS.values()) <= codes


def test_cat006_regions_match_published_reference_codes():
    """BPS is the key, Kemendagri an attribute: both as the published reference lists them."""
    regions = pd.read_csv(REFERENCE / "regions.csv", dtype=str)
    assert len(regions) == 11 and regions["code"].is_unique and regions["kemendagri_code"].is_unique
    published = {}
    with open(DATA_DIR / "published" / "region_codes.csv") as fh:
        for row in csv.DictReader(fh):
            if row["indicator"] == "kode_kemendagri":
                published[row["region_code_bps"]] = row["value"]
    assert dict(zip(regions["code"], regions["kemendagri_code"], strict=True)) == published
    # The four kabupaten whose codes differ between the two systems.
    assert published["6402"] == "64.07" and published["6403"] == "64.02"
    assert published["6404"] == "64.08" and published["6405"] == "64.03"


def test_cat007_synthetic_profiles_cover_catalogue(catalogue):
    profiles = pd.read_csv(DATA_DIR / "synthetic" / "profiles.csv")
    assert set(profiles["code"]) == set(catalogue["code"])


def test_cat008_every_producer_maps_to_an_agency_or_to_none_by_review(catalogue):
    """Who may deliver each indicator through the web: the catalogue's producer names each have a reviewed row in
    data/reference/producers.csv, naming an agency of the application directory or none (BPS, national bodies)."""
    producers = read_producers()
    assert set(catalogue["producer_agency"]) <= set(producers), "a producer without a row in producers.csv"
    with open(DATA_DIR / "applications.csv", encoding="utf-8") as fh:
        agencies = {row["kode_perangkat_daerah"] for row in csv.DictReader(fh)}
    assert {a for a in producers.values() if a} <= agencies
    assert producers["BPS Provinsi Kalimantan Timur"] is None
    assert producers["Dinas Kesehatan Provinsi Kalimantan Timur"] == "dinkes"
