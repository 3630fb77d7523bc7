"""The data packs on both engines, through the app's own test client: a regency's workbook (cover, contents, notes,
one indicator per sheet) and the whole portal's CSV files in a ZIP hold exactly the values the database holds for
readers (the regency with its kecamatan and desa; every region), each with its sample flag, and no restricted
indicator for an anonymous reader."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest
from sqlalchemy import text

from portal.db import get_engine
from tests.accounts import restricted_markers
from tests.conftest import web_app

SHOWN = (
    "SELECT o.indicator, o.region, o.period, o.value, s.is_sample FROM observation o "
    "JOIN source s ON s.name = o.source JOIN indicator i ON i.code = o.indicator "
    "WHERE i.classification = 'publik' AND (NOT s.is_sample OR NOT EXISTS "
    "(SELECT 1 FROM official_series f WHERE f.indicator = o.indicator AND f.region = o.region))"
)
UNDER = (
    " AND (o.region = :r OR o.region IN (SELECT code FROM region WHERE parent_code = :r) OR o.region IN "
    "(SELECT code FROM region WHERE parent_code IN (SELECT code FROM region WHERE parent_code = :r)))"
)


@pytest.fixture
def client(loaded_db, tmp_path):
    return web_app(loaded_db, audit_log=str(tmp_path / "audit.jsonl")).server.test_client()


def _db(url: str, regency: str | None = None) -> dict[tuple[str, str, str], tuple[float, bool]]:
    """The values readers are shown, straight from the database: (indicator, region, period) -> (value, sample)."""
    sql = SHOWN + (UNDER if regency else "")
    with get_engine(url).connect() as conn:
        rows = conn.execute(text(sql), {"r": regency} if regency else {})
        return {(i, r, p): (v, bool(s)) for i, r, p, v, s in rows}


def _workbook(response) -> openpyxl.Workbook:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)


def _table(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_pack001_a_regency_workbook_holds_the_database_values(loaded_copy, tmp_path):
    from tests.conftest import add_subregions

    add_subregions(loaded_copy, tmp_path)  # three kecamatan and two desa under Kutai Kartanegara, one with a value
    loaded_db = loaded_copy
    book = _workbook(web_app(loaded_copy).server.test_client().get("/unduh/wilayah/6403.xlsx"))
    assert book.sheetnames[:3] == ["Sampul", "Daftar isi", "Catatan"]
    contents = _table(book["Daftar isi"])
    assert [c["Lembar / berkas"] for c in contents] == book.sheetnames[3:]
    codes = {c["Lembar / berkas"]: c["kode_indikator"] for c in contents}
    got = {}
    for sheet_name in book.sheetnames[3:]:
        rows = _table(book[sheet_name])
        assert rows and all(r["data_contoh"] in ("ya", "tidak") and r["sumber"] and r["status"] for r in rows)
        for r in rows:
            got[(codes[sheet_name], r["kode_wilayah"], r["periode"])] = (r["nilai"], r["data_contoh"] == "ya")
    expected = _db(loaded_db, "6403")
    assert got == expected  # every value, exactly as stored, with its sample flag
    assert {"64.02.91", "64.02.91.2001"} < {region for _, region, _ in expected}  # with its kecamatan and desa
    cover = {r["Keterangan"]: r["Isi"] for r in _table(book["Sampul"])}
    assert (
        cover["Judul"] == "Semua data Kabupaten Kutai Kartanegara" and cover["Kode BPS / Kemendagri"] == "6403 / 64.02"
    )
    assert cover["Jumlah nilai"] == len(expected)
    assert cover["Nilai data contoh (bukan angka resmi)"] == sum(s for _, s in expected.values())
    notes = " ".join(str(r["Keterangan"]) for r in _table(book["Catatan"]))
    assert "bukan angka resmi" in notes and "sementara" in notes


def test_pack002_the_whole_portal_zip_holds_every_value(client, loaded_db):
    response = client.get("/unduh/semua-data.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert {"0-sampul.csv", "1-daftar-isi.csv", "2-catatan.csv", "katalog.csv", "wilayah.csv"} <= set(names)
    got, statuses = {}, {}
    for name in (n for n in names if n.startswith("data/")):
        for r in csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))):
            got[(r["kode_indikator"], r["kode_wilayah"], r["periode"])] = (float(r["nilai"]), r["data_contoh"] == "ya")
            statuses.setdefault(r["data_contoh"] == "ya", set()).add(r["status"])
    assert got == _db(loaded_db)
    assert statuses[True] == {"contoh"} and "contoh" not in statuses[False]  # a sample value is never tetap
    catalogue = list(csv.DictReader(io.StringIO(archive.read("katalog.csv").decode("utf-8-sig"))))
    assert all(r["konsep"] and r["satuan"] and r["produsen_data"] and r["klasifikasi"] == "publik" for r in catalogue)
    assert {r["kode"] for r in catalogue} >= {indicator for indicator, _, _ in got}


def test_pack003_anonymous_packs_hold_no_restricted_indicator(client):
    markers = restricted_markers()
    archive = zipfile.ZipFile(io.BytesIO(client.get("/unduh/semua-data.zip").data))
    for name in archive.namelist():
        found = [m for m in markers if m in archive.read(name).decode("utf-8-sig")]
        assert not found, (name, found[:3])
    book = _workbook(client.get("/unduh/wilayah/6472.xlsx"))
    words = {str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row}
    assert not [m for m in markers if any(m in w for w in words)]
    assert not set(book.sheetnames) & set(markers)


def test_pack004_the_reader_language_and_what_is_no_regency(client):
    client.set_cookie("lang", "en")
    book = _workbook(client.get("/unduh/wilayah/6405.xlsx"))
    assert book.sheetnames[:3] == ["Cover", "Contents", "Notes"]
    assert dict(list(book["Cover"].iter_rows(values_only=True))[1:])["Title"] == "All data of Kabupaten Berau"
    for code in ("64", "9999", "64.02.91", "64.02", "6403 ", "IPM"):
        assert client.get(f"/unduh/wilayah/{code}.xlsx").status_code == 404, code


def test_pack005_a_sample_value_in_a_regency_workbook_never_reads_as_final(client):
    book = _workbook(client.get("/unduh/wilayah/6472.xlsx"))
    rows = [r for sheet in book.worksheets[3:] for r in _table(sheet)]
    samples = [r for r in rows if r["data_contoh"] == "ya"]
    assert samples and len(samples) < len(rows)
    assert {r["status"] for r in samples} == {"contoh"}
    assert {r["status"] for r in rows if r["data_contoh"] == "tidak"} <= {"tetap", "sementara", "diperbaiki"}
    notes = dict(list(book.worksheets[2].iter_rows(values_only=True))[1:])
    assert "contoh:" in notes["Status"]
