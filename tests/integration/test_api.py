"""The open data API (/api/v1/) on both engines, through the app's own test client: the values equal the database,
every value carries source, status and sample flag, malformed filters get a 400 naming the parameter, a page past
the end is empty, anonymous readers see public indicators only, tokens give a role's access, and each client has
its limit."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import text

from portal import api_tokens
from portal.db import get_engine
from portal.state import api as state
from tests.accounts import restricted_markers
from tests.conftest import web_app

API = "/api/v1"


@pytest.fixture
def client(loaded_db, tmp_path):
    return web_app(loaded_db, audit_log=str(tmp_path / "audit.jsonl")).server.test_client()


def _db_values(url: str, code: str) -> dict[tuple[str, str], float]:
    """The values readers are shown, straight from the database (real figures first, as the pages show them)."""
    sql = text(
        "SELECT o.region, o.period, o.value FROM observation o JOIN source s ON s.name = o.source "
        "WHERE o.indicator = :code AND (NOT s.is_sample OR NOT EXISTS "
        "(SELECT 1 FROM official_series f WHERE f.indicator = o.indicator AND f.region = o.region))"
    )
    with get_engine(url).connect() as conn:
        return {(r, p): v for r, p, v in conn.execute(sql, {"code": code})}


def test_api001_one_indicator_for_all_regions_equals_the_database(client, loaded_db):
    body = client.get(f"{API}/indicators/ipm/observations?limit=10000").get_json()
    got = {(r["region"], r["period"]): r["value"] for r in body["data"]}
    assert got == _db_values(loaded_db, "ipm")
    for row in body["data"]:
        assert row["source"] and row["status"] in state.STATUSES and isinstance(row["is_sample"], bool)
        assert row["unit"] == "indeks"
    real = [r for r in body["data"] if not r["is_sample"]]
    assert real and all(r["source_url"].startswith("http") for r in real)  # official figures name their source


def test_api002_csv_holds_the_same_rows(client):
    page = client.get(f"{API}/indicators/stunting/observations?region=6405,64.72&from=2018&to=2024")
    csv_page = client.get(f"{API}/indicators/stunting/observations?region=6405,64.72&from=2018&to=2024&format=csv")
    assert csv_page.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(csv_page.get_data(as_text=True))))
    assert list(rows[0]) == state.VALUE_COLUMNS
    assert [(r["region"], r["period"], float(r["value"]), r["is_sample"]) for r in rows] == [
        (r["region"], r["period"], r["value"], "true" if r["is_sample"] else "false") for r in page.get_json()["data"]
    ]
    assert {r["region"] for r in rows} == {"6405", "6472"}  # Kemendagri 64.72 is Samarinda
    assert all("2018" <= r["period"] < "2025" for r in rows)


def test_api003_pages_follow_each_other_and_past_the_end_is_empty(client):
    whole = client.get(f"{API}/indicators/kemiskinan_p0/observations?limit=10000").get_json()["data"]
    size = len(whole) // 3
    assert size >= 5
    first = client.get(f"{API}/indicators/kemiskinan_p0/observations?limit={size}")
    body = first.get_json()
    assert body["data"] == whole[:size] and body["meta"] == {"count": size, "limit": size, "offset": 0}
    assert 'rel="next"' in first.headers["Link"]
    second = client.get(body["links"]["next"]).get_json()
    assert second["data"] == whole[size : 2 * size]
    last = client.get(f"{API}/indicators/kemiskinan_p0/observations?limit={size}&offset={len(whole) - 1}").get_json()
    assert last["data"] == whole[-1:] and last["links"]["next"] is None
    past = client.get(f"{API}/indicators/kemiskinan_p0/observations?limit={size}&offset=999999")
    assert past.status_code == 200
    assert past.get_json()["data"] == [] and past.get_json()["links"]["next"] is None


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("region=64-03", "region"),
        ("region=9999", "region"),  # well written, unknown
        ("level=kota", "level"),
        ("from=20x4", "from"),
        ("from=1800", "from"),
        ("from=2024&to=2019", "from"),
        ("period=2024-S3", "period"),
        ("period=2024-13", "period"),
        ("limit=0", "limit"),
        ("limit=10001", "limit"),
        ("offset=-1", "offset"),
        ("format=xml", "format"),
        ("wilayah=6403", "wilayah"),  # a parameter this endpoint does not take
        ("region=6403&region=6405", "region"),
        ("region=", "region"),
        ("region=6403,,6405", "region"),
        ("format=", "format"),
        ("region=" + ",".join(["6403"] * 101), "region"),
    ],
)
def test_api004_a_malformed_filter_gets_a_400_naming_the_parameter(client, query, parameter):
    response = client.get(f"{API}/indicators/ipm/observations?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["parameter"] == parameter and f"'{parameter}'" in body["error"]
    assert body["error"].endswith(".")


def test_api005_the_sentence_follows_the_reader_language(client):
    client.set_cookie("lang", "en")
    body = client.get(f"{API}/indicators/ipm/observations?from=1800").get_json()
    assert body["error"] == "Parameter 'from' must be a four-digit year between 1900 and 2100."


def test_api006_anonymous_readers_never_meet_a_restricted_indicator(client):
    markers = restricted_markers()
    for path in [
        "/",
        "/indicators?limit=1000",
        "/indicators?limit=1000&format=csv",
        "/sectors/investasi/latest",
        "/sectors/digitalisasi/latest?format=csv",
        "/search?q=proyek+investasi",
        "/search?q=transaksi+layanan+digital",
    ]:
        answer = client.get(API + path).get_data(as_text=True)
        assert not [m for m in markers if m in answer], path
    for code in ("investasi_proyek", "transaksi_layanan_digital"):
        for path in (f"/indicators/{code}", f"/indicators/{code}/observations"):
            unknown = client.get(f"{API}/indicators/tidak_ada{path.split(code)[1]}")
            restricted = client.get(API + path)
            assert restricted.status_code == unknown.status_code == 404
            assert restricted.get_data() == unknown.get_data()  # unknown and restricted read the same


def _token(client, url: str, role: str = "viewer", **options) -> tuple[str, int]:
    """A token signed as the client's app signs (its SECRET_KEY, else the installation's own key)."""
    key = client.application.config["PORTAL_SETTINGS"].signing_key
    return api_tokens.create("uji", role, key, url=url, **options)


def test_api007_a_token_reads_with_its_role_until_revoked(client, loaded_db):
    token, token_id = _token(client, loaded_db)
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get(f"{API}/indicators/investasi_proyek/observations", headers=auth).status_code == 200
    latest = client.get(f"{API}/sectors/investasi/latest", headers=auth).get_json()["data"]
    assert "investasi_proyek" in {r["indicator"] for r in latest}
    api_tokens.revoke(token_id, url=loaded_db)
    refused = client.get(f"{API}/indicators", headers=auth)
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert "dicabut" in refused.get_json()["error"]


@pytest.mark.parametrize("mangle", ["forged", "unsigned", "other-key", "scheme", "expired"])
def test_api008_a_forged_mistyped_or_expired_token_gets_a_401_never_the_anonymous_answer(client, loaded_db, mangle):
    token, token_id = _token(client, loaded_db)
    if mangle == "forged":  # another token's id under this signature
        prefix, number, nonce, signature = token.split(".")
        token = f"{prefix}.{int(number) + 1000}.{nonce}.{signature}"
    elif mangle == "unsigned":
        token = token.rsplit(".", 1)[0]
    elif mangle == "other-key":
        token = api_tokens.create("uji", "viewer", "another-key-" + "x" * 40, url=loaded_db)[0]
    elif mangle == "expired":
        with get_engine(loaded_db).begin() as conn:
            conn.execute(text("UPDATE api_token SET expires_at = created_at WHERE id = :id"), {"id": token_id})
    header = f"Token {token}" if mangle == "scheme" else f"Bearer {token}"
    assert client.get(f"{API}/indicators", headers={"Authorization": header}).status_code == 401


def test_api009_each_client_has_its_limit(loaded_db, tmp_path):
    client = web_app(loaded_db, api_rate_limit="3 per minute").server.test_client()
    answers = [client.get(f"{API}/sectors").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = client.get(f"{API}/sectors")
    assert limited.get_json()["status"] == 429 and "Retry-After" in limited.headers
    token, _ = _token(client, loaded_db, rate=5)
    auth = {"Authorization": f"Bearer {token}"}
    assert [client.get(f"{API}/sectors", headers=auth).status_code for _ in range(6)] == [200] * 5 + [429]


def test_api010_regions_with_their_parent_and_children(loaded_copy, tmp_path):
    from tests.conftest import add_subregions

    add_subregions(loaded_copy, tmp_path)
    client = web_app(loaded_copy).server.test_client()
    kukar = client.get(f"{API}/regions/64.02").get_json()["data"]
    assert kukar["code"] == "6403" and kukar["parent"]["code"] == "64"
    assert [c["code"] for c in kukar["children"]] == ["64.02.91", "64.02.92", "64.02.93"]
    assert kukar["child_count"] == 3
    desa = client.get(f"{API}/regions?parent=64.02.91").get_json()["data"]
    assert [d["code"] for d in desa] == ["64.02.91.2001", "64.02.91.2002"]
    values = client.get(f"{API}/indicators/kemiskinan_p0/observations?level=kecamatan,desa").get_json()["data"]
    assert {(r["region"], r["level"], r["period"], r["value"]) for r in values} == {
        ("64.02.91", "kecamatan", "2024-S2", 6.5),
        ("64.02.92", "kecamatan", "2024-S2", 9.25),
        ("64.02.93", "kecamatan", "2023-S2", 7.75),
        ("64.02.91.2001", "desa", "2024-S2", 5.5),
    }
    latest = client.get(f"{API}/sectors/kemiskinan/latest?region=64.02.93&level=kecamatan").get_json()["data"]
    assert [(r["indicator"], r["period"]) for r in latest] == [("kemiskinan_p0", "2023-S2")]
    assert client.get(f"{API}/regions/64.99").status_code == 404


def test_api011_the_contract_lists_what_each_endpoint_reads(client):
    spec = client.get(f"{API}/openapi.json").get_json()
    operations = {op["operationId"]: op for path in spec["paths"].values() for op in path.values()}
    for endpoint, names in state.PARAMS.items():
        declared = [p["name"] for p in operations[endpoint]["parameters"] if p["in"] == "query"]
        assert declared == list(names), endpoint


def test_api012_answers_are_open_to_scripts_but_never_stored_by_shared_caches(client):
    response = client.get(f"{API}/indicators/ipm")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert client.post(f"{API}/indicators").status_code == 405


def _db_statuses(url: str, code: str) -> dict[tuple[str, str], tuple[str, bool]]:
    """(region, period) -> (stored status, sample) of an indicator's values, straight from the database."""
    sql = text(
        "SELECT o.region, o.period, o.status, o.revised, s.is_sample FROM observation o "
        "JOIN source s ON s.name = o.source WHERE o.indicator = :code"
    )
    with get_engine(url).connect() as conn:
        rows = conn.execute(sql, {"code": code}).all()
    return {
        (r, p): ("diperbaiki" if revised and status == "tetap" else status, bool(s))
        for r, p, status, revised, s in rows
    }


def test_api013_a_sample_value_never_reads_as_a_final_figure(client, loaded_db):
    stored = _db_statuses(loaded_db, "gini_ratio")
    pages = {
        "json": client.get(f"{API}/indicators/gini_ratio/observations?limit=10000").get_json()["data"],
        "csv": list(
            csv.DictReader(
                io.StringIO(client.get(f"{API}/indicators/gini_ratio/observations?limit=10000&format=csv").text)
            )
        ),
        "latest": client.get(f"{API}/sectors/kemiskinan/latest").get_json()["data"],
    }
    for name, rows in pages.items():
        samples = [r for r in rows if r["is_sample"] in (True, "true")]
        assert samples and len(samples) < len(rows), name  # the bundled data holds both kinds
        assert {r["status"] for r in samples} == {"contoh"}, name
        for r in rows:
            if r["indicator"] == "gini_ratio":
                status, sample = stored[(r["region"], r["period"])]
                assert r["status"] == ("contoh" if sample else status), (name, r)
    spec = client.get(f"{API}/openapi.json").get_json()
    assert spec["components"]["schemas"]["Value"]["properties"]["status"]["enum"] == list(state.STATUSES)
