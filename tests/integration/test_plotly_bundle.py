"""The browser gets the portal's own plotly.js build: it must draw every trace type the pages send."""

from __future__ import annotations

import json
import re

import pytest

from bench.dash_requests import lazy_chart_body, lazy_charts, page_body
from portal.settings import BUNDLED_BOUNDARY_FILE
from tests.conftest import web_app
from web import plotlyjs

PAGES = [
    "/",
    *[f"/sektor/{s}" for s in ("kemiskinan", "investasi", "digitalisasi", "kesehatan", "pendidikan")],
    "/indikator/kemiskinan_p0",
    "/wilayah",
    "/wilayah/6403",
    "/katalog",
    "/status",
    "/aplikasi",
]


def registered_traces() -> set[str]:
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', plotlyjs.BUNDLE.read_text()))


def trace_types(node) -> set[str]:
    """The trace types of every figure anywhere in a callback response."""
    found = set()
    if isinstance(node, dict):
        if isinstance(node.get("data"), list) and "layout" in node:
            found |= {trace.get("type", "scatter") for trace in node["data"]}
        for value in node.values():
            found |= trace_types(value)
    elif isinstance(node, list):
        for value in node:
            found |= trace_types(value)
    return found


@pytest.fixture
def client(loaded_db):
    return web_app(loaded_db).server.test_client()


def map_client(url: str, boundary_file: str):
    return web_app(url, boundary_file=boundary_file).server.test_client()


def test_plj001_the_browser_gets_the_partial_build(client):
    script = client.get(plotlyjs.PLOTLY_PATH)
    assert script.status_code == 200 and script.data == plotlyjs.BUNDLE.read_bytes()
    assert len(script.data) < 2_000_000  # the full bundle is 4.8 MB
    assert script.headers["Cache-Control"] == "no-cache"
    again = client.get(plotlyjs.PLOTLY_PATH, headers={"If-None-Match": script.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("boundary_file", [str(BUNDLED_BOUNDARY_FILE), ""], ids=["choropleth", "tile-grid"])
def test_plj002_every_trace_type_the_pages_draw_is_in_the_build(loaded_db, boundary_file):
    client = map_client(loaded_db, boundary_file)
    drawn = set()
    for path in PAGES:
        response = client.post("/_dash-update-component", json=page_body(path))
        assert response.status_code == 200, path
        drawn |= trace_types(json.loads(response.data))
        for wanted in lazy_charts(json.loads(response.data)):  # the charts drawn once scrolled to
            chart = client.post("/_dash-update-component", json=lazy_chart_body(wanted))
            assert chart.status_code == 200, wanted
            drawn |= trace_types(json.loads(chart.data))
    assert {"scatter", "bar", "choropleth" if boundary_file else "heatmap"} <= drawn  # the pages were searched
    assert drawn <= registered_traces(), f"not in vendor/plotly/entry.js: {drawn - registered_traces()}"


def test_plj003_a_build_for_another_plotly_js_falls_back_to_the_full_bundle(monkeypatch, caplog):
    from flask import Flask

    monkeypatch.setattr(plotlyjs, "get_plotlyjs_version", lambda: "9.9.9")
    server = Flask("plotly-version-test")
    plotlyjs.init_app(server)
    assert not server.before_request_funcs  # nothing intercepts Dash's own plotly.min.js
    assert "serving the full bundle" in caplog.text
    assert plotlyjs.bundle_version(plotlyjs.BUNDLE.read_bytes()) != "9.9.9"
