"""`python -m etl harvest URL`: a Satu Data portal's catalogue listed over HTTP (a local CKAN portal on
127.0.0.1), registry drafts written for the picks, and the exit codes of the other commands (0, 1, 2)."""

from __future__ import annotations

import tomllib

import pytest

from etl.__main__ import main
from tests.ckan_portal import PNG, CkanPortal
from tests.etl_fakes import fake_http_fixture  # noqa: F401 - fixture
from tests.unit.test_etl_portal_shapes import WIDE

LONG = [
    {"kode_kabupaten_kota": "6401", "tahun": "2023", "jumlah": "120"},
    {"kode_kabupaten_kota": "6402", "tahun": "2023", "jumlah": "98"},
]


def satu_data(server, **quirks) -> CkanPortal:
    """A portal with a wide table, a long one, one whose datastore is off and whose chart lies, and two more."""
    portal = CkanPortal(server, **quirks)
    portal.dataset(
        "aps-kaltim",
        "Angka Partisipasi Sekolah",
        "Dinas Pendidikan dan Kebudayaan",
        [{"id": "res-aps", "name": "Data APS", "format": "CSV", "datastore_active": True,
          "last_modified": "2024-02-11T03:04:05"}],
        modified="2024-02-12T01:00:00",
    )  # fmt: skip
    portal.table("res-aps", WIDE)
    portal.dataset(
        "sekolah-kabkota",
        "Jumlah Sekolah per Kabupaten/Kota",
        "Dinas Pendidikan dan Kebudayaan",
        [{"id": "res-sek", "name": "sekolah", "format": "XLSX", "datastore_active": True}],
    )
    portal.table("res-sek", LONG)
    chart = portal.file("/uploads/grafik.png", PNG, "image/png")
    portal.dataset(
        "stunting-grafik",
        "Grafik Stunting",
        "Dinas Kesehatan",
        [{"id": "res-png", "name": "grafik.png", "format": "CSV", "mimetype": "image/png", "url": chart,
          "datastore_active": False, "created": "2023-09-30T10:00:00"}],
        modified="2023-09-30T10:00:00",
    )  # fmt: skip
    for i in (1, 2):
        portal.dataset(f"lain-{i}", f"Dataset lain {i}", "Bappeda", [])
    return portal


def test_hvs001_lists_datasets_and_resources_with_organisation_format_datastore_and_modification(fake_http, capsys):
    # The portal caps package_search at 2 rows and its pages start one dataset early: paged by what came,
    # each dataset listed once.
    portal = satu_data(fake_http, search_rows_max=2, search_overlap=1, prefix="/id")
    assert main(["harvest", portal.url]) == 0
    out = capsys.readouterr().out
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == f"5 dataset, 3 sumber daya / resources: {portal.url}"
    assert lines[1:4] == [
        "aps-kaltim — Angka Partisipasi Sekolah · Dinas Pendidikan dan Kebudayaan · diubah/modified 2024-02-12",
        "    Data APS [res-aps] · CSV · datastore aktif/on · diubah/modified 2024-02-11",
        "lain-1 — Dataset lain 1 · Bappeda · diubah/modified 2024-03-01",
    ]
    assert (
        "    grafik.png [res-png] · CSV (its signs disagree (format CSV, mimetype PNG, nama/name PNG, url PNG)) · "
        "datastore mati/off · diubah/modified 2023-09-30"
    ) in lines
    assert sum(line.startswith(("aps-kaltim", "lain-", "sekolah", "stunting")) for line in lines) == 5
    assert (
        "catatan / note: portal mengirim 1 dataset dua kali di halaman package_search; masing-masing dihitung "
        "sekali / the portal sent 1 datasets twice across package_search pages; each was counted once"
    ) in lines
    starts = [int(q["start"]) for p, q, _ in fake_http.requests if p.endswith("package_search")]
    assert starts == [0, 2, 4]  # pages 2 and 3 start one early: 2 + 1 + 2 = 5, all of them
    assert all(p.startswith("/id/api/3/action/") for p, _, _ in fake_http.requests)


def test_hvs002_draft_for_the_picks(fake_http, tmp_path, capsys):
    portal = satu_data(fake_http)
    draft = tmp_path / "sources.draft.toml"
    code = main(["harvest", portal.url, "--pick", "aps-kaltim", "--pick", "sekolah-kabkota", "--draft", str(draft)])
    assert code == 0
    assert f"Draf / Draft: {draft} (ckan-aps-kaltim, ckan-sekolah-kabkota)" in capsys.readouterr().out
    text = draft.read_text()
    assert "# isi kode katalog tiap label; label kosong ditolak / fill a catalogue code per label" in text
    wide_entry, long_entry = tomllib.loads(text)["source"]
    assert {k: wide_entry[k] for k in ("name", "kind", "title", "producer_agency", "location", "enabled")} == {
        "name": "ckan-aps-kaltim",
        "kind": "ckan",
        "title": "Angka Partisipasi Sekolah",
        "producer_agency": "Dinas Pendidikan dan Kebudayaan",
        "location": portal.url,
        "enabled": False,
    }
    options = wide_entry["options"]
    assert (options["dataset"], options["resource"], options["constants"]) == ("aps-kaltim", "res-aps", {
        "kode_wilayah": ""})  # fmt: skip
    # Every label the table carries, trimmed and spaces collapsed, each for the reviewer to map; the total is not.
    assert options["wide"] == {
        "label": "Uraian",
        "unit": "Satuan",
        "indicators": {"APS 7-12": "", "APS 13-15": "", "APS 16-18": "", "Diluar Kelas": ""},
    }
    assert long_entry["options"] == {
        "dataset": "sekolah-kabkota",
        "resource": "res-sek",
        "fields": {"kode_wilayah": "kode_kabupaten_kota", "periode": "tahun", "nilai": "jumlah"},
        "constants": {"kode_indikator": ""},
    }
    # A second harvest does not overwrite a draft under review.
    assert main(["harvest", portal.url, "--pick", "aps-kaltim", "--draft", str(draft)]) == 2
    assert "already exists: review it" in capsys.readouterr().out
    assert draft.read_text() == text


def test_hvs003_names_never_collide_with_the_registry(fake_http, tmp_path):
    portal = satu_data(fake_http)
    registry = tmp_path / "sources.toml"
    registry.write_text(
        '[[source]]\nname = "ckan-aps-kaltim"\nkind = "template"\ntitle = "t"\nproducer_agency = "p"\nlocation = "x"\n'
    )
    assert main(["--registry", str(registry), "harvest", portal.url, "--pick", "aps-kaltim"]) == 0
    (entry,) = tomllib.loads((tmp_path / "sources.draft.toml").read_text())["source"]
    assert entry["name"] == "ckan-aps-kaltim-2"


@pytest.mark.parametrize("url", ["data.kaltimprov.go.id", "ftp://data.kaltimprov.go.id", "https://", "https://x/?q=1"])
def test_hvs004_a_bad_url_is_a_usage_error(url, capsys):
    assert main(["harvest", url]) == 2
    assert "is not an http(s) portal address" in capsys.readouterr().out


def test_hvs005_a_portal_that_cannot_be_read_fails(fake_http, capsys):
    fake_http.route("/api/3/action/package_search", (200, b"<!doctype html><p>Satu Data</p>", "text/html"))
    assert main(["harvest", fake_http.url]) == 1
    out = capsys.readouterr().out.replace("\n", "")
    assert "the portal cannot be read" in out and "there is no CKAN API at" in out
    url = fake_http.url
    fake_http.close()
    assert main(["harvest", url]) == 1
    assert "source unreachable" in capsys.readouterr().out


def test_hvs006_a_pick_the_portal_lacks_and_a_resource_that_is_not_a_table(fake_http, tmp_path, capsys):
    portal = satu_data(fake_http)
    draft = tmp_path / "d.toml"
    assert main(["harvest", portal.url, "--pick", "tidak-ada", "--draft", str(draft)]) == 2
    assert "dataset 'tidak-ada' is not on" in capsys.readouterr().out
    assert main(["harvest", portal.url, "--pick", "aps-kaltim/tidak-ada", "--draft", str(draft)]) == 1
    assert "resource 'tidak-ada' is not in dataset 'aps-kaltim'" in capsys.readouterr().out.replace("\n", "")
    assert main(["harvest", portal.url, "--pick", "stunting-grafik", "--draft", str(draft)]) == 1
    out = capsys.readouterr().out.replace("\n", "")
    assert "has no resource with an active datastore or a CSV/XLSX file (skipped: 'grafik.png': its signs" in out
    assert main(["harvest", portal.url, "--pick", "stunting-grafik/grafik.png", "--draft", str(draft)]) == 1
    out = capsys.readouterr().out.replace("\n", "")
    assert "resource 'grafik.png' declares format CSV but its file is PNG, not a table" in out
    assert not draft.exists()
