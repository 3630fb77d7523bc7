"""The first screen on the server: a view built once for the HTML and the app's page render, the same answer as
building it fresh, and a page that fails to write never fails the index."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import dash

from bench.dash_requests import CALLBACK_PATH, page_body
from portal import fmt
from tests.conftest import web_app


def _render(client, path: str) -> dict:
    response = client.post(CALLBACK_PATH, json=page_body(path, ""))
    assert response.status_code == 200
    return json.loads(response.data)


def test_fss001_the_page_render_after_the_first_screen_is_the_view_built_fresh(loaded_db, monkeypatch):
    # Charts say when they were drawn, to the minute: both builds at one moment, or a minute's turn between them
    # would differ (it did once in a full run).
    drawn_at = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    monkeypatch.setattr(fmt, "now", lambda lang="id": fmt.moment(drawn_at, lang))
    first = web_app(loaded_db, cache_type="SimpleCache", redis_url="").server.test_client()
    fresh = web_app(loaded_db, cache_type="SimpleCache", redis_url="").server.test_client()
    for path in ("/sektor/kemiskinan", "/wilayah/6403"):
        html = first.get(path).get_data(as_text=True)
        assert 'shadowrootmode="closed"' in html
        assert _render(first, path) == _render(fresh, path)


def test_fss002_a_page_that_fails_to_write_still_gets_the_app(loaded_db, monkeypatch):
    client = web_app(loaded_db, cache_type="SimpleCache", redis_url="").server.test_client()
    page = next(p for p in dash.page_registry.values() if p["path"] == "/perhatian")

    def broken(**_arguments):
        raise RuntimeError("a layout that fails")

    monkeypatch.setitem(page, "layout", broken)
    response = client.get("/perhatian")
    assert response.status_code == 200
    assert 'id="react-entry-point"' in response.get_data(as_text=True)
    assert "shadowrootmode" not in response.get_data(as_text=True)
