"""The CKAN connector against payloads shaped as Satu Data portals publish them, served over HTTP by a
local CKAN portal (tests/ckan_portal.py): wide year-column tables, text numbers in either format, relative
and locale-prefixed links, /api/action/ without /3/, repeated records, a datastore that is off, a format
that lies. The connector makes the same requests it makes in production."""

from __future__ import annotations

import json

import pytest

from etl.http import FetchError
from etl.numbers import EITHER
from etl.sources import ckan
from etl.sources.fields import MappingError
from tests.ckan_portal import PNG, CkanPortal, xlsx_bytes
from tests.etl_fakes import fake_http_fixture  # noqa: F401 - fixture

# A wide table as Disdikbud publishes it: labels with trailing and doubled spaces, text numbers with a
# decimal point, an Indonesian one, a JSON number, an empty cell, an unmapped item and a total row.
WIDE = [
    {"No": "1", "Uraian": "APS 7-12", "Satuan": "Persen", "2021": "99.52", "2022": "99.61", "2023": 99.7},
    {"No": "2", "Uraian": "APS 13-15 ", "Satuan": "Persen", "2021": "96,4", "2022": "96.9", "2023": ""},
    {"No": "3", "Uraian": "APS  16-18", "Satuan": "Persen", "2021": "75.1", "2022": "76.25", "2023": "77"},
    {"No": "4", "Uraian": "Diluar Kelas ", "Satuan": "Persen", "2021": "1.5", "2022": "1.4", "2023": "1.2"},
    {"No": "5", "Uraian": "Jumlah", "Satuan": "Persen", "2021": "272.52", "2022": "274.16", "2023": "177.9"},
]
MAPPING = {"APS 7-12": "aps_7_12", "aps 13-15": "aps_13_15", "APS 16-18": "aps_16_18"}


def wide_options(**extra) -> dict:
    return {
        "dataset": "aps-kaltim",
        "retries": 0,
        "constants": {"kode_wilayah": "64"},
        "wide": {"label": "Uraian", "unit": "Satuan", "indicators": MAPPING},
        **extra,
    }


def aps_portal(server, **quirks) -> CkanPortal:
    portal = CkanPortal(server, **quirks)
    resource = {"id": "res-aps", "name": "Data APS", "format": "CSV", "datastore_active": True, "url": ""}
    portal.dataset("aps-kaltim", "Angka Partisipasi Sekolah", "Dinas Pendidikan dan Kebudayaan", [resource])
    portal.table("res-aps", WIDE, info={"2021": {"label": "Tahun 2021", "notes": "", "type_override": "numeric"}})
    return portal


def cells(obs) -> list[tuple]:
    return list(zip(obs["indicator"], obs["period"], obs["value"], obs["unit"], strict=True))


def test_ckan001_a_wide_table_becomes_one_row_per_year_cell(fake_http):
    portal = aps_portal(fake_http)
    delivery = ckan.read(portal.url, wide_options())
    obs = delivery.observations
    # 4 items x 3 year columns; the total row is not a data item.
    assert len(obs) == 12 and set(obs["region"]) == {"64"}
    assert cells(obs)[:6] == [
        ("aps_7_12", "2021", "99.52", "Persen"),
        ("aps_7_12", "2022", "99.61", "Persen"),
        ("aps_7_12", "2023", 99.7, "Persen"),
        ("aps_13_15", "2021", "96,4", "Persen"),  # "APS 13-15 " trimmed, matched case-insensitively
        ("aps_13_15", "2022", "96.9", "Persen"),
        ("aps_13_15", "2023", "", "Persen"),
    ]
    assert obs["indicator"].iloc[6] == "aps_16_18"  # "APS  16-18": the doubled space is one
    assert obs["row_number"].tolist() == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
    # The unmapped item is rejected by name, for each of its cells; mapped ones carry no reason.
    unmapped = obs[obs["reject"].notna()]
    assert unmapped["row_number"].unique().tolist() == [4]
    assert unmapped["reject"].iloc[0][1] == (
        "label 'Diluar Kelas' is not mapped to an indicator (options.wide.indicators in data/sources.toml)"
    )
    raw = json.loads(obs["raw"].iloc[1])
    assert raw["kode_indikator"] == "aps_7_12" and raw["kolom"] == "2022" and raw["Uraian"] == "APS 7-12"
    assert delivery.notes == [
        "1 baris total dilewati, tidak dimuat sebagai data ('Jumlah') / "
        "1 total rows skipped, not loaded as data ('Jumlah')"
    ]
    assert delivery.decimal == EITHER


def test_ckan002_wide_options_refused_before_anything_is_fetched(fake_http):
    aps_portal(fake_http)
    url = fake_http.url
    with pytest.raises(MappingError, match="exactly one of options.wide.label"):
        ckan.read(url, {**wide_options(), "constants": {"kode_wilayah": "64", "kode_indikator": "ipm"}})
    with pytest.raises(MappingError, match="exactly one of options.wide.region or constants.kode_wilayah"):
        ckan.read(url, {**wide_options(), "constants": {}})
    with pytest.raises(MappingError, match=r"options.wide does not know years \(known: "):
        ckan.read(url, wide_options(wide={"label": "Uraian", "indicators": MAPPING, "years": ["2021"]}))
    with pytest.raises(MappingError, match="names the same label twice: 'APS 7-12' and 'aps  7-12'"):
        ckan.read(url, wide_options(wide={"label": "Uraian", "indicators": {"APS 7-12": "a", "aps  7-12": "b"}}))
    with pytest.raises(MappingError, match="cannot be used together"):
        ckan.read(url, wide_options(fields={"nilai": "2021"}))
    with pytest.raises(MappingError, match="options.dataset is empty"):
        ckan.read(url, {"wide": wide_options()["wide"]})
    with pytest.raises(MappingError, match='options.decimal must be "," or "."'):
        ckan.read(url, wide_options(decimal=";"))
    assert fake_http.requests == []


def test_ckan003_unknown_and_missing_columns_are_named(fake_http):
    aps_portal(fake_http)
    options = wide_options()
    options["wide"] = {"label": "Uraian", "indicators": MAPPING}  # the unit column not named, nor ignored
    with pytest.raises(MappingError, match=r"unknown columns: 'Satuan'.*options.wide.ignore"):
        ckan.read(fake_http.url, options)
    options["wide"] = {**options["wide"], "ignore": ["Satuan"]}
    assert len(ckan.read(fake_http.url, options).observations) == 12
    options["wide"] = {**options["wide"], "periods": ["2021", "2024"]}
    with pytest.raises(MappingError, match="columns named in options.wide are not in the table: 2024"):
        ckan.read(fake_http.url, options)
    options["wide"] = {**options["wide"], "periods": {"2022": "2022"}, "totals": ["Jumlah", "Diluar Kelas"]}
    delivery = ckan.read(fake_http.url, options)
    assert delivery.observations["period"].unique().tolist() == ["2022"]
    assert "2 total rows skipped, not loaded as data ('Diluar Kelas', 'Jumlah')" in delivery.notes[0]


def test_ckan004_locale_prefix_relative_links_and_the_api_without_3(fake_http):
    # The portal answers only under /tr/api/action/; its links drop /tr and say /api/action/.
    portal = aps_portal(fake_http, prefix="/tr", api_paths=("/api/action",), rows_max=2)
    delivery = ckan.read(portal.url, {**wide_options(), "page_size": 50})
    assert len(delivery.observations) == 12
    paths = [p for p, _, _ in fake_http.requests]
    assert paths[:2] == ["/tr/api/3/action/package_show", "/tr/api/action/package_show"]
    assert set(paths[2:]) == {"/tr/api/action/datastore_search"}  # never the links' /api/action/ at the root
    offsets = [int(q["offset"]) for p, q, _ in fake_http.requests if p.endswith("datastore_search")]
    assert offsets == [0, 2, 4]  # 5 records, two a page; the page past `total` its links offer is not asked
    assert all(q["sort"] == "_id" for p, q, _ in fake_http.requests if p.endswith("datastore_search"))
    api_note, links_note = delivery.notes[:2]
    assert api_note.endswith("the portal answers at /api/action/ (not /api/3/action/); that address was used")
    assert links_note.endswith(
        "CKAN's next-page link (_links.next = '/api/action/datastore_search?offset=2&resource_id=res-aps') leads "
        f"to {fake_http.url}, not the registered address {portal.url}; pages were requested by offset at the "
        "registered address instead"
    )


def test_ckan005_links_that_agree_are_not_noted(fake_http):
    portal = aps_portal(fake_http, links_api="/api/action")  # no prefix to drop; /api/action/ is the same API
    assert ckan.read(portal.url, wide_options()).notes == [
        "1 baris total dilewati, tidak dimuat sebagai data ('Jumlah') / 1 total rows skipped, not loaded as data "
        "('Jumlah')"
    ]


def test_ckan006_a_page_that_repeats_records_counts_them_once(fake_http):
    records = [
        {"kode_indikator": "ipm", "kode_wilayah": "64", "periode": str(y), "nilai": 70 + y % 10}
        for y in range(2000, 2030)
    ]
    portal = CkanPortal(fake_http, rows_max=10, overlap=3)
    portal.dataset("ipm", "IPM", "Bappeda", [{"id": "r1", "name": "ipm", "format": "CSV", "datastore_active": True}])
    portal.table("r1", records)
    delivery = ckan.read(portal.url, {"dataset": "ipm", "retries": 0})
    obs = delivery.observations
    assert obs["period"].tolist() == [str(y) for y in range(2000, 2030)]  # each record once, in order
    assert delivery.notes == [
        "portal mengirim 3 rekaman dua kali (_id yang sama di halaman lain) di sumber daya 'ipm'; masing-masing "
        "dihitung sekali / the portal sent 3 records of resource 'ipm' twice (the same _id on another page); "
        "each was counted once"
    ]


def test_ckan007_a_table_that_comes_up_short_is_not_read(fake_http):
    records = [
        {"kode_indikator": "ipm", "kode_wilayah": "64", "periode": str(y), "nilai": 70} for y in range(2000, 2030)
    ]
    portal = CkanPortal(fake_http, rows_max=10, overlap=3, overlap_offsets={10})  # 3 records never come
    portal.dataset("ipm", "IPM", "Bappeda", [{"id": "r1", "name": "ipm", "format": "CSV", "datastore_active": True}])
    portal.table("r1", records)
    with pytest.raises(
        FetchError, match=r"gave 27 distinct records of the 30 it counts \(3 repeated\).*nothing was loaded"
    ):
        ckan.read(portal.url, {"dataset": "ipm", "retries": 0})


CSV_FILE = (
    "No;Uraian;Satuan;2021;2022;2023\n"
    "1;APS 7-12;Persen;99,52;99,61;99,7\n"
    "2;APS 13-15 ;Persen;96,4;96,9;\n"
    "3;Jumlah;Persen;195,92;196,51;99,7\n"
).encode("cp1252")


def test_ckan008_datastore_off_reads_the_file_and_says_so(fake_http):
    portal = CkanPortal(fake_http, datastore=False)
    url = portal.file("/dataset/aps/resource/r1/download/aps.csv", CSV_FILE, "text/csv")
    resource = {"id": "r1", "name": "APS", "format": "CSV", "datastore_active": True, "url": url}
    portal.dataset("aps-kaltim", "APS", "Disdikbud", [resource])
    delivery = ckan.read(portal.url, wide_options(decimal=","))
    obs = delivery.observations
    assert cells(obs) == [
        ("aps_7_12", "2021", "99,52", "Persen"),
        ("aps_7_12", "2022", "99,61", "Persen"),
        ("aps_7_12", "2023", "99,7", "Persen"),
        ("aps_13_15", "2021", "96,4", "Persen"),
        ("aps_13_15", "2022", "96,9", "Persen"),
        ("aps_13_15", "2023", "", "Persen"),
    ]
    assert obs["row_number"].tolist() == [2, 2, 2, 3, 3, 3]  # the file's own lines
    assert delivery.decimal == ","
    assert delivery.notes[0] == (
        "sumber daya 'APS': datastore tidak dapat dipakai (Bad request - Action name not known: datastore_search); "
        f"berkasnya dibaca sebagai gantinya ({url}) / resource 'APS': the datastore cannot be used (Bad request - "
        f"Action name not known: datastore_search); its file was read instead ({url})"
    )
    # A resource whose own datastore is off is read from its file as well.
    resource["datastore_active"] = False
    assert (
        "resource 'APS': its datastore is off; its file was read instead"
        in ckan.read(portal.url, wide_options(decimal=",")).notes[0]
    )


def test_ckan009_a_format_that_lies(fake_http):
    portal = CkanPortal(fake_http)
    png = portal.file("/uploads/grafik.png", PNG, "image/png")
    xlsx = portal.file(
        "/uploads/aps.csv",
        xlsx_bytes([["No", "Uraian", "Satuan", 2021, 2022, 2023], [1, "APS 7-12", "Persen", 99.52, 99.61, 99.7]]),
        "text/csv",
    )
    chart = {"id": "r-png", "name": "grafik.png", "format": "CSV", "mimetype": "image/png", "url": png}
    table = {"id": "r-xlsx", "name": "Data APS", "format": "CSV", "url": xlsx, "datastore_active": False}
    portal.dataset("aps-kaltim", "APS", "Disdikbud", [chart, table])
    # By default the chart is skipped (its signs disagree) and the table, a workbook behind "CSV", is read.
    delivery = ckan.read(portal.url, wide_options())
    assert cells(delivery.observations) == [
        ("aps_7_12", "2021", 99.52, "Persen"),
        ("aps_7_12", "2022", 99.61, "Persen"),
        ("aps_7_12", "2023", 99.7, "Persen"),
    ]
    assert delivery.notes[:2] == [
        "sumber daya 'grafik.png' dilewati: formatnya tidak sepakat (format CSV, mimetype PNG, nama/name PNG, url PNG) "
        "/ resource 'grafik.png' skipped: its signs disagree (format CSV, mimetype PNG, nama/name PNG, url PNG)",
        "sumber daya 'Data APS' menyatakan format CSV, tetapi berkasnya XLSX; dibaca sebagai XLSX / resource "
        "'Data APS' declares format CSV but its file is XLSX; read as XLSX",
    ]
    # Named in the registry, the chart is refused for what it is, in one sentence.
    with pytest.raises(FetchError) as err:
        ckan.read(portal.url, wide_options(resource="grafik.png"))
    assert str(err.value).endswith(
        "resource 'grafik.png' declares format CSV but its file is PNG, not a table; nothing was loaded"
    )


def test_ckan010_no_ckan_at_the_address(fake_http):
    fake_http.route("/portal/api/3/action/package_show", (200, b"<!doctype html><title>Satu Data</title>", "text/html"))
    with pytest.raises(FetchError) as err:
        ckan.read(fake_http.url + "/portal", {"dataset": "x", "retries": 0})
    assert str(err.value).endswith(
        f"there is no CKAN API at {fake_http.url}/portal (tried {fake_http.url}/portal/api/3/action/package_show "
        f"and {fake_http.url}/portal/api/action/package_show)"
    )
