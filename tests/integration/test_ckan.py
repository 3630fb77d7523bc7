"""The harvestable catalogue (/api/3/action/) on both engines, through the app's own test client: a Satu Data
portal's harvester (ckanext-harvest's CKAN harvester: package_search sorted by id, 100 rows a page, optionally
datasets modified since its last run, organisations to include or leave out) copies every public indicator once,
each with its Satu Data metadata and links to the API's CSV, whose values equal the database; restricted
indicators only with a token; bad parameters are refused as CKAN refuses them."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlsplit

import pytest
from sqlalchemy import text

from portal import api_tokens
from portal.db import get_engine
from tests.accounts import restricted_markers
from tests.conftest import web_app
from tests.integration.test_api import _db_values

ACTION = "/api/3/action"
SDI_KEYS = (
    "konsep",
    "definisi",
    "klasifikasi",
    "ukuran",
    "satuan",
    "produsen_data",
    "frekuensi",
    "lisensi",
    "tanggal_pembaruan",
)


@pytest.fixture
def client(loaded_db, tmp_path):
    return web_app(loaded_db, audit_log=str(tmp_path / "audit.jsonl")).server.test_client()


def _indicators(url: str, classification: str) -> dict[str, dict]:
    sql = text("SELECT code, producer_agency, unit_id FROM indicator WHERE classification = :c")
    with get_engine(url).connect() as conn:
        return {r.code: dict(r._mapping) for r in conn.execute(sql, {"c": classification})}


def _result(response) -> object:
    body = response.get_json()
    assert response.status_code == 200 and body["success"] is True, body
    return body["result"]


def _harvest(client, fq_terms: list[str] | None = None, rows: int = 100, **headers) -> list[dict]:
    """What ckanext-harvest's CKAN harvester gathers: package_search pages sorted by id until an empty page."""
    params = {"rows": str(rows), "start": "0", "sort": "id asc"}
    if fq_terms:
        params["fq"] = " ".join(fq_terms)
    found, previous = [], None
    while True:
        response = client.get(f"{ACTION}/package_search", query_string=params, headers=headers)
        assert response.data != previous, "the paging does not move"
        previous = response.data
        page = _result(response)["results"]
        if not page:
            return found
        found.extend(page)
        params["start"] = str(int(params["start"]) + rows)


def _extras(package: dict) -> dict[str, str]:
    return {e["key"]: e["value"] for e in package["extras"]}


def test_hrv001_a_harvester_gathers_every_public_indicator_once(client, loaded_db):
    public = _indicators(loaded_db, "publik")
    for rows in (100, 7):  # the harvester's page, and one that needs many pages
        gathered = _harvest(client, rows=rows)
        ids = [p["id"] for p in gathered]
        assert ids == sorted(ids) and len(set(ids)) == len(ids)
        assert len(gathered) == len(public)
        assert {_extras(p)["kode_indikator"] for p in gathered} == set(public)
    names = _result(client.get(f"{ACTION}/package_list"))
    assert names == sorted("kaltim-" + code.replace("_", "-") for code in public)
    assert _result(client.get(f"{ACTION}/package_list?limit=5&offset=3")) == names[3:8]
    assert _result(client.get(f"{ACTION}/package_list?offset=99999")) == []  # past the end: empty, not an error
    for package in gathered:
        meta = _extras(package)
        assert all(meta[key] for key in SDI_KEYS), (package["name"], meta)
        code = meta["kode_indikator"]
        assert meta["klasifikasi"] == "publik" and meta["satuan"] == public[code]["unit_id"]
        assert package["organization"]["title"] == meta["produsen_data"] == public[code]["producer_agency"]
        assert package["license_id"] == "cc-by" and meta["lisensi"] == "CC-BY-4.0"
        assert {r["format"] for r in package["resources"]} == {"CSV", "JSON"}


def test_hrv002_anonymous_harvesters_never_meet_a_restricted_indicator(client, loaded_db):
    markers = restricted_markers()
    for path in (
        "/package_list",
        "/package_search?rows=1000",
        "/package_search?q=proyek+investasi",
        "/organization_list?all_fields=true",
    ):
        answer = client.get(ACTION + path).get_data(as_text=True)
        assert not [m for m in markers if m in answer], path
    restricted = client.get(f"{ACTION}/package_show?id=kaltim-investasi-proyek")
    unknown = client.get(f"{ACTION}/package_show?id=kaltim-tidak-ada")
    assert restricted.status_code == unknown.status_code == 404
    assert restricted.get_data() == unknown.get_data()  # unknown and restricted read the same


def test_hrv003_a_token_harvests_with_its_role(client, loaded_db):
    key = client.application.config["PORTAL_SETTINGS"].signing_key
    token, token_id = api_tokens.create("satu-data", "viewer", key, url=loaded_db)
    auth = {"Authorization": f"Bearer {token}"}
    gathered = _harvest(client, **auth)
    everything = {**_indicators(loaded_db, "publik"), **_indicators(loaded_db, "terbatas")}
    assert {_extras(p)["kode_indikator"] for p in gathered} == set(everything)
    shown = _result(client.get(f"{ACTION}/package_show?id=kaltim-investasi-proyek", headers=auth))
    assert _extras(shown)["klasifikasi"] == "terbatas"
    api_tokens.revoke(token_id, url=loaded_db)
    assert client.get(f"{ACTION}/package_list", headers=auth).status_code == 401


def test_hrv004_the_csv_link_holds_the_database_values(client, loaded_db):
    package = _result(client.get(f"{ACTION}/package_show?id=kaltim-ipm"))
    assert package == _result(client.post(f"{ACTION}/package_show", json={"id": package["id"]}))  # by id, as ckanapi
    meta = _extras(package)
    assert (meta["konsep"], meta["ukuran"], meta["satuan"], meta["frekuensi"]) == (
        "Indeks Pembangunan Manusia (IPM)",
        "Indeks",
        "indeks",
        "tahunan",
    )
    assert meta["tanggal_pembaruan"] and package["metadata_modified"].startswith(meta["tanggal_pembaruan"][:19])
    links = {r["id"]: r for r in package["resources"]}
    assert len(links) == len(package["resources"])  # stable, distinct resource ids
    every = next(r for r in package["resources"] if r["format"] == "CSV" and "level" not in r["url"])
    address = urlsplit(every["url"])
    answer = client.get(f"{address.path}?{address.query}")
    assert answer.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert {(r["region"], r["period"]): float(r["value"]) for r in rows} == _db_values(loaded_db, "ipm")
    assert all(r["source"] and r["is_sample"] in ("true", "false") for r in rows)
    sampled = [p for p in _harvest(client) if int(_extras(p)["jumlah_nilai_contoh"])]
    assert sampled and all("Data contoh:" in p["notes"] and "Sample data:" in p["notes"] for p in sampled)


def test_hrv005_since_and_organisation_filters_as_the_harvester_sends_them(client, loaded_db):
    everything = _harvest(client)
    assert _harvest(client, ["metadata_modified:[2999-01-01T00:00:00.000000Z TO *]"]) == []
    assert _harvest(client, ["metadata_modified:[2000-01-01T00:00:00Z TO *]"]) == everything
    orgs = _result(client.get(f"{ACTION}/organization_list"))
    assert len(orgs) >= 3 and orgs == sorted(orgs)
    chosen = orgs[:2]
    included = _harvest(client, [" OR ".join(f"organization:{o}" for o in chosen)])
    assert included and {p["organization"]["name"] for p in included} == set(chosen)
    excluded = _harvest(client, [f"-organization:{o}" for o in chosen])
    assert len(included) + len(excluded) == len(everything)
    assert _harvest(client, ["groups:apa-saja"]) == []  # the datasets are in no group
    org = _result(client.get(f"{ACTION}/organization_show?id={chosen[0]}"))
    assert org["package_count"] == sum(1 for p in included if p["organization"]["name"] == chosen[0])


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/package_search?rows=abc", "rows"),
        ("/package_search?rows=1001", "rows"),
        ("/package_search?start=-1", "start"),
        ("/package_search?sort=title+asc", "sort"),
        ("/package_search?fq=tags:ekonomi", "fq"),
        ("/package_search?fq=metadata_modified:[kemarin+TO+*]", "fq"),
        ("/package_list?limit=x", "limit"),
        ("/package_show", "id"),
        ("/organization_show?id=", "id"),
    ],
)
def test_hrv006_bad_parameters_are_refused_as_ckan_refuses_them(client, path, field):
    response = client.get(ACTION + path)
    body = response.get_json()
    assert response.status_code == 409 and body["success"] is False
    assert body["error"]["__type"] == "Validation Error" and body["error"][field]


def test_hrv007_unknown_actions_and_bodies(client):
    unknown = client.get(f"{ACTION}/package_create")
    assert unknown.status_code == 400 and unknown.get_json()["error"]["message"] == "Action name not known"
    assert client.post(f"{ACTION}/package_show", data="[1]", content_type="application/json").status_code == 409
    deep = "[" * 5000 + "]" * 5000
    assert client.post(f"{ACTION}/package_search", data=deep, content_type="application/json").status_code == 409
    same = client.get("/api/action/package_list")  # the address older harvesters use
    assert same.get_json()["result"] == client.get(f"{ACTION}/package_list").get_json()["result"]
