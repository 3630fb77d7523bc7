"""Query results cached by data version: a hit skips the database, a load changes what is served."""

from __future__ import annotations

import contextlib

import pytest
from flask import Flask
from sqlalchemy import event

from etl import runner
from portal import access, queries
from portal.db import get_engine, using
from portal.settings import Settings
from tests.conftest import web_app
from web import cache as query_cache
from web import warm


@pytest.fixture
def fresh_loaded(loaded_copy) -> str:
    """A database of its own (each engine), loaded with the bundled data: these tests load more."""
    return loaded_copy


@pytest.fixture
def server() -> Flask:
    """The app's server on the test's database (set as DATABASE_URL by the database fixture listed before this
    one), with the per-process cache."""
    return web_app(Settings.from_env().database_url, cache_type="SimpleCache", redis_url="").server


@contextlib.contextmanager
def request(server: Flask):
    """One request of the app, with its request hooks run (the app's database is bound)."""
    with server.test_request_context("/"):
        server.preprocess_request()
        yield


class Statements:
    """Counts the statements sent to the database while active."""

    def __init__(self, url: str):
        self.engine, self.sent = get_engine(url), []

    def _listen(self, _conn, _cursor, statement, *_rest):
        self.sent.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._listen)
        return self

    def __exit__(self, *_exc):
        event.remove(self.engine, "before_cursor_execute", self._listen)


def test_ca001_a_hit_does_not_query_the_data(loaded_db, server):
    """The second request for the same view sends only the data-version lookup, not the query."""
    with request(server):
        first = queries.headline_observations()
    with request(server), Statements(loaded_db) as seen:
        second = queries.headline_observations()
    assert second.equals(first) and len(first)
    assert len(seen.sent) == 1 and "etl_run" in seen.sent[0] and "observation" not in seen.sent[0]
    # Within one request the version is read once: a further call sends nothing at all.
    with request(server), Statements(loaded_db) as seen:
        queries.headline_observations()
        queries.headline_observations()
    assert len(seen.sent) == 1


def test_ca002_a_load_changes_what_is_served(fresh_loaded, server, tmp_path):
    """After an ingest changes a value, the next request sees the new value (the version moved)."""
    with request(server):
        before = queries.regional_values("kemiskinan_p0")
        version = query_cache.data_version()
    row = before[(before["region"] == "6403")].iloc[-1]
    new_value = round(float(row["value"]) + 1.25, 2)
    path = tmp_path / "koreksi.csv"
    path.write_text(
        f"kode_indikator;kode_wilayah;periode;nilai\nkemiskinan_p0;6403;{row['period']};{str(new_value).replace('.', ',')}\n",
        encoding="utf-8",
    )
    result = runner.ingest(path, fresh_loaded)
    assert result.status == "berhasil" and result.loaded == 1
    with request(server):
        assert query_cache.data_version() > version
        after = queries.regional_values("kemiskinan_p0")
    changed = after[(after["region"] == "6403") & (after["period"] == row["period"])]
    assert changed["value"].tolist() == [new_value]


def test_ca003_the_key_holds_the_readers_classes(loaded_db, server):
    """A restricted result cached for a signed-in reader is never served to an anonymous one."""
    with request(server):
        everything = queries.catalogue(access.ALL_CLASSES)
        anonymous = queries.catalogue()  # no classes: an anonymous reader's
    assert (everything["classification"] == "terbatas").any()
    assert set(anonymous["classification"]) == {"publik"}


def test_ca004_outside_an_app_the_functions_query_directly(loaded_db):
    """The ETL and the CLI call the same functions with no app: no cache, no error."""
    with Statements(loaded_db) as seen:
        queries.sectors()
        queries.sectors()
    assert len(seen.sent) == 2


def test_ca005_warm_up_needs_a_shared_cache():
    """Without a shared cache the warm-up cannot reach the workers' memory, so it does nothing."""
    assert warm.warm(Settings.from_env(redis_url="", cache_type="SimpleCache")) == 0


def test_ca008_the_warm_up_after_a_load_fills_a_shared_cache(fresh_loaded, tmp_path):
    """After an ingest and `python -m web.warm`, the default views are in the shared cache: a worker's first
    render is a hit."""
    settings = Settings.from_env(
        database_url=fresh_loaded, cache_type="FileSystemCache", cache_dir=str(tmp_path / "cache"), redis_url=""
    )
    period = queries.regional_values("kemiskinan_p0")["period"].iloc[-1]
    koreksi = tmp_path / "koreksi.csv"
    koreksi.write_text(f"kode_indikator;kode_wilayah;periode;nilai\nkemiskinan_p0;64;{period};6,66\n", encoding="utf-8")
    assert runner.ingest(koreksi, fresh_loaded).loaded == 1
    assert warm.warm(settings) == 14  # 7 views x 2 languages
    assert len(list((tmp_path / "cache").iterdir())) >= 14  # the views and their queries
    worker = web_app(fresh_loaded, cache_type="FileSystemCache", cache_dir=str(tmp_path / "cache"), redis_url="")
    with Statements(fresh_loaded) as seen:
        response = _page(worker.server.test_client(), "/sektor/kemiskinan")
    assert response.status_code == 200 and len(seen.sent) == 1 and "etl_run" in seen.sent[0]


def _page(client, path: str):
    from bench.dash_requests import page_body

    return client.post("/_dash-update-component", json=page_body(path))


def test_ca006_a_repeated_page_render_is_served_from_the_cache(fresh_loaded, tmp_path):
    """The second render of / sends only the version lookup; after a load the page is built again."""
    client = web_app(fresh_loaded, cache_type="SimpleCache", redis_url="").server.test_client()
    api = "/api/v1/indicators/kemiskinan_p0/observations?region=64"
    assert client.get(api).get_json()["data"]  # kept until the data change
    first = _page(client, "/")
    with Statements(fresh_loaded) as seen:
        again = _page(client, "/")
    assert first.status_code == again.status_code == 200 and again.data == first.data
    assert len(seen.sent) == 1 and "etl_run" in seen.sent[0]
    assert again.headers.get("Content-Security-Policy")  # the security headers still apply to a hit
    period = queries.regional_values("kemiskinan_p0")["period"].iloc[-1]
    koreksi = tmp_path / "koreksi.csv"
    koreksi.write_text(f"kode_indikator;kode_wilayah;periode;nilai\nkemiskinan_p0;64;{period};7,77\n", encoding="utf-8")
    assert runner.ingest(koreksi, fresh_loaded).status == "berhasil"
    with Statements(fresh_loaded) as seen:
        after = _page(client, "/")
    assert after.status_code == 200 and len(seen.sent) > 1  # built again on the new data
    values = {r["period"]: r["value"] for r in client.get(api).get_json()["data"]}
    assert values[period] == 7.77  # the API's kept answer too


def test_ca007_live_pages_and_other_callbacks_are_never_cached(loaded_db):
    """Sign-in (CSRF token) and the ETL status get no response-cache key, however the address spells them; a page
    render and a figure do."""
    from bench.dash_requests import page_body

    server = web_app(loaded_db).server

    def key(body):
        with server.test_request_context("/_dash-update-component", method="POST", json=body), using(loaded_db):
            return query_cache.response_key()

    assert key(page_body("/")) is not None and key(page_body("/sektor/kemiskinan")) is not None
    assert key(page_body("/status")) is None and key(page_body("/masuk")) is None
    # Dash's router reads //masuk and /MASUK/ as /masuk: one reader's anti-forgery token is never cached.
    assert (
        key(page_body("//masuk")) is None and key(page_body("/masuk/")) is None and key(page_body("//status")) is None
    )
    assert key({"output": "bench-noop.title", "inputs": []}) is None  # not a figure
    assert key({"output": "x-grafik.figure", "inputs": []}) is not None


def test_ca009_a_repeated_api_answer_is_served_from_the_cache_for_the_same_access(loaded_db, tmp_path, monkeypatch):
    """The second request for the same address is neither queried nor built again (only the version lookup);
    a token's role and an anonymous reader each get their own answer."""
    from portal import api_tokens
    from portal.state import api as api_state

    built = []
    records = api_state._value_records
    monkeypatch.setattr(api_state, "_value_records", lambda *a: built.append(1) or records(*a))
    server = web_app(loaded_db, cache_type="SimpleCache", redis_url="", audit_log=str(tmp_path / "a.jsonl")).server
    client = server.test_client()
    path = "/api/v1/indicators/ipm/observations?level=kabkota&format=csv"
    first = client.get(path)
    with Statements(loaded_db) as seen:
        again = client.get(path)
    assert first.status_code == again.status_code == 200 and again.data == first.data and first.data
    assert again.headers["Content-Disposition"] == first.headers["Content-Disposition"]
    assert len(seen.sent) == 1 and "etl_run" in seen.sent[0] and len(built) == 1
    latest = "/api/v1/sectors/investasi/latest"
    token, _ = api_tokens.create("uji", "viewer", server.config["PORTAL_SETTINGS"].signing_key, url=loaded_db)
    anonymous = {r["indicator"] for r in client.get(latest).get_json()["data"]}
    signed = {
        r["indicator"] for r in client.get(latest, headers={"Authorization": f"Bearer {token}"}).get_json()["data"]
    }
    assert "investasi_proyek" in signed - anonymous
    assert {r["indicator"] for r in client.get(latest).get_json()["data"]} == anonymous
