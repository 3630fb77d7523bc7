"""Dash's @babel/polyfill is left out of the pages while the dbc bundle defines the one global the components need
of it (web/polyfill.py); a bundle that no longer does keeps it."""

from __future__ import annotations

import re

import pytest

from web import polyfill

POLYFILL = re.compile(r"/_dash-component-suites/dash/deps/polyfill@")
PATHS = ["/", "/sektor/kemiskinan", "/katalog", "/masuk"]


@pytest.fixture
def fresh_check():
    polyfill.droppable.cache_clear()
    yield
    polyfill.droppable.cache_clear()


@pytest.mark.parametrize("path", PATHS)
def test_pf001_pages_come_without_the_polyfill_but_with_what_defines_regenerator(web, fresh_check, path):
    html = web.get(path).get_data(as_text=True)
    assert not POLYFILL.search(html)
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', html)
    dbc = next(i for i, src in enumerate(scripts) if "dash_bootstrap_components" in src)
    renderer = next(i for i, src in enumerate(scripts) if "dash_renderer" in src)
    assert dbc < renderer  # the global is defined before Dash's renderer can call it


def test_pf002_a_dbc_bundle_without_the_global_keeps_the_polyfill(web, fresh_check, tmp_path, monkeypatch):
    bundle = tmp_path / "dash_bootstrap_components.min.js"
    bundle.write_text("console.log('a bundle that brings no regenerator runtime');", encoding="utf-8")
    monkeypatch.setattr(polyfill, "DBC_BUNDLE", bundle)
    html = web.get("/katalog").get_data(as_text=True)
    assert len(POLYFILL.findall(html)) == 1
