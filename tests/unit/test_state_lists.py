"""The list pages' state (portal/state/listing.py, catalogue.py, applications.py): which rows match an address or
the controls, what the grid shows, the count, the notice of what was ignored, and the address written back."""

from datetime import date

import pandas as pd
import pytest

from portal.params import InvalidInput
from portal.state import applications, catalogue
from portal.state.listing import ALL

SECTORS = pd.DataFrame(
    [
        {"code": "kesehatan", "name_id": "Kesehatan", "name_en": "Health", "position": 4},
        {"code": "kemiskinan", "name_id": "Kemiskinan", "name_en": "Poverty", "position": 1},
    ]
)


def _indicator(code, sector, headline, name, producer, frequency="tahunan"):
    return {
        "code": code,
        "sector": sector,
        "headline": headline,
        "name_id": name,
        "name_en": name.upper(),
        "definition_id": f"Definisi {name}",
        "definition_en": "",
        "unit_id": "persen",
        "unit_en": "percent",
        "frequency": frequency,
        "producer_agency": producer,
        "classification": "publik",
    }


CATALOGUE = pd.DataFrame(
    [
        _indicator("ahh", "kesehatan", None, "Angka Harapan Hidup", "BPS Provinsi Kalimantan Timur"),
        _indicator("imunisasi", "kesehatan", 1, "Imunisasi Dasar Lengkap", "Dinas Kesehatan"),
        _indicator("kemiskinan_p0", "kemiskinan", 1, "Persentase Penduduk Miskin", "BPS Provinsi Kalimantan Timur"),
        _indicator("gizi", "kesehatan", 2, "Balita Gizi Buruk", "Dinas Kesehatan", frequency="bulanan"),
    ]
)
FRESH = pd.DataFrame(
    [
        {"code": "ahh", "latest_period": "2024", "last_loaded_at": pd.Timestamp("2025-03-01 02:00")},
        {"code": "imunisasi", "latest_period": "2019", "last_loaded_at": pd.Timestamp("2025-03-01 02:00")},
        {"code": "kemiskinan_p0", "latest_period": "2024-S2", "last_loaded_at": pd.Timestamp("2025-03-01 02:00")},
        {"code": "gizi", "latest_period": None, "last_loaded_at": pd.NaT},
    ]
)
COUNTS = pd.DataFrame(
    [
        {"indicator": "ahh", "values": 40, "sample_values": 40},
        {"indicator": "imunisasi", "values": 40, "sample_values": 0},
        {"indicator": "kemiskinan_p0", "values": 1200, "sample_values": 300},
    ]
)


@pytest.fixture
def frame() -> pd.DataFrame:
    return catalogue.rows(CATALOGUE, SECTORS, FRESH, COUNTS, "id")


def test_lst001_catalogue_rows_in_sector_order_with_freshness_and_how_much_is_sample(frame):
    # Poverty (position 1) before health; within health the headlines (1, 2) before the rest.
    assert list(frame["code"]) == ["kemiskinan_p0", "imunisasi", "gizi", "ahh"]
    rows = {r["code"]: r for r in catalogue.grid_rows(frame, "id", today=date(2025, 6, 1))}
    assert rows["kemiskinan_p0"]["name"] == "[Persentase Penduduk Miskin](/indikator/kemiskinan_p0)"
    assert rows["kemiskinan_p0"]["sector"] == "Kemiskinan" and rows["kemiskinan_p0"]["frequency"] == "Tahunan"
    assert rows["kemiskinan_p0"]["data"] == "900 resmi, 300 contoh"
    assert rows["ahh"]["data"] == "semua data contoh" and rows["imunisasi"]["data"] == "semua resmi"
    assert rows["ahh"]["fresh"].startswith("Terkini · ") and rows["ahh"]["fresh_state"] == "current"
    assert rows["imunisasi"]["fresh"].startswith("Tertinggal · ") and rows["imunisasi"]["fresh_state"] == "behind"
    assert (rows["gizi"]["fresh"], rows["gizi"]["latest_label"], rows["gizi"]["loaded"]) == ("Belum ada data", "–", "–")
    assert rows["ahh"]["loaded"] == "1 Mar 2025"
    english = catalogue.grid_rows(catalogue.rows(CATALOGUE, SECTORS, FRESH, COUNTS, "en"), "en")
    assert english[0]["sector"] == "Poverty" and english[0]["name"].startswith("[PERSENTASE PENDUDUK MISKIN]")


def test_lst002_an_address_filters_by_known_choices_and_words_and_names_what_it_ignored(frame):
    found = catalogue.listing(
        frame, {"q": " DINAS  gizi ", "sektor": "kesehatan", "produsen": "Tidak Ada", "zzz": "1"}, "id"
    )
    assert [r["code"] for r in found.rows] == ["gizi"]  # every word, any case, in any text column
    assert found.count == "1 dari 4 ditampilkan"
    assert [(f.param, f.value) for f in found.filters] == [("sektor", "kesehatan"), ("produsen", None)]
    assert found.notice.endswith("produsen=Tidak Ada, zzz=1.")
    assert found.address() == "?q=DINAS++gizi&sektor=kesehatan"
    # The choices the selects offer: sectors in display order, producers alphabetically.
    sector, producer = found.filters
    assert sector.options == (("kemiskinan", "Kemiskinan"), ("kesehatan", "Kesehatan"))
    assert producer.values == ["BPS Provinsi Kalimantan Timur", "Dinas Kesehatan"]
    reopened = catalogue.listing(frame, {"q": "DINAS  gizi", "sektor": "kesehatan"}, "id")
    assert reopened.rows == found.rows and reopened.notice is None


def test_lst003_the_controls_are_read_strictly_and_all_means_no_choice(frame):
    found = catalogue.listing(frame, {"q": None, "sektor": ALL, "produsen": "Dinas Kesehatan"}, "en", strict=True)
    assert [r["code"] for r in found.rows] == ["imunisasi", "gizi"] and found.count == "2 of 4 shown"
    assert found.address() == "?produsen=Dinas+Kesehatan" and found.notice is None
    for tampered in (
        {"sektor": "investasi"},  # not among the choices
        {"sektor": ["kesehatan"]},  # a select sends one value
        {"q": 5},  # a search box sends text
        {"q": "x", "zzz": "1"},  # no such control
    ):
        with pytest.raises(InvalidInput):
            catalogue.listing(frame, tampered, "id", strict=True)
    # In an address "semua" is no sector: dropped and named.
    assert catalogue.listing(frame, {"sektor": ALL}, "id").notice.endswith("sektor=semua.")


def test_lst004_freshness_allows_for_publication_lags():
    today = date(2025, 6, 1)
    assert catalogue.freshness("2024", "tahunan", today) == "current"
    assert catalogue.freshness("2022", "tahunan", today) == "behind"
    assert catalogue.freshness("2024-06", "bulanan", today) == "current"  # 431 days allowed, 365 passed
    assert catalogue.freshness("2024-03", "bulanan", today) == "behind"  # 457 days
    assert catalogue.freshness(None, "tahunan", today) == catalogue.freshness("", "tahunan", today) == "empty"


def test_lst010_freshness_reads_as_an_age_against_the_release_schedule():
    today = date(2025, 6, 1)
    assert catalogue.age_months("2024", "tahunan", today) == (5, 13)  # 2024 ended 5 months ago
    assert catalogue.fresh_text("2024", "tahunan", "id", today) == "Terkini · 5 bln (jadwal ≤ 13 bln)"
    assert catalogue.fresh_text("2022", "tahunan", "id", today) == "Tertinggal · 29 bln (jadwal ≤ 13 bln)"
    assert catalogue.fresh_text("2024-03", "bulanan", "en", today) == "Behind · 14 mo (due ≤ 13 mo)"
    assert catalogue.fresh_text("2025-06", "bulanan", "id", today).startswith("Terkini · 0 bln")  # not yet ended
    assert catalogue.fresh_text(None, "tahunan", "id", today) == "Belum ada data"


def _app(name, agency, agency_name, sector, status, is_sample, url="https://contoh.kaltimprov.go.id"):
    names = {"kesehatan": ("Kesehatan", "Health"), None: (None, None)}[sector]
    return {
        "name": name,
        "agency": agency,
        "agency_name": agency_name,
        "sector": sector,
        "sector_name_id": names[0],
        "sector_name_en": names[1],
        "description": f"Layanan {name}",
        "url": url,
        "status": status,
        "is_sample": is_sample,
    }


APPS = pd.DataFrame(
    [
        _app("SIMPUS", "dinkes", "Dinas Kesehatan", "kesehatan", "aktif", False),
        _app("Imunisasi Online", "dinkes", "Dinas Kesehatan", "kesehatan", "pengembangan", True, url=None),
        _app("e-Arsip", "diskominfo", "Dinas Komunikasi dan Informatika", None, "nonaktif", True),
    ]
)


def test_lst005_the_application_directory_labels_samples_and_filters_by_agency_sector_and_status():
    state = applications.directory(APPS, {"status": "aktif", "opd": "bappeda"}, "id")
    assert not state.empty and state.samples.startswith("2 entri bertanda")
    found = state.listing
    assert [r["name"] for r in found.rows] == ["SIMPUS"] and found.count == "1 dari 3 ditampilkan"
    assert found.notice.endswith("opd=bappeda.") and found.address() == "?status=aktif"
    agency, sector, status = found.filters
    assert agency.options == (("dinkes", "Dinas Kesehatan"), ("diskominfo", "Dinas Komunikasi dan Informatika"))
    assert sector.options == (("kesehatan", "Kesehatan"),)
    # Statuses in the vocabulary's order, in the reader's words.
    assert status.options == (("aktif", "Aktif"), ("pengembangan", "Pengembangan"), ("nonaktif", "Nonaktif"))
    rows = {r["name"]: r for r in applications.directory(APPS, {}, "en").listing.rows}
    assert rows["Imunisasi Online"]["kind"] == "Sample data" and rows["Imunisasi Online"]["is_sample"]
    assert rows["SIMPUS"]["address"] == "[https://contoh.kaltimprov.go.id](https://contoh.kaltimprov.go.id)"
    assert rows["e-Arsip"]["sector"] == "–"
    with pytest.raises(InvalidInput):
        applications.directory(APPS, {"status": "dihapus"}, "id", strict=True)


def test_lst006_an_empty_directory_says_so():
    state = applications.directory(APPS.iloc[0:0], {}, "id")
    assert state.empty and state.samples is None
    assert state.listing.rows == [] and state.listing.count == "0 dari 0 ditampilkan"
