"""Hostile data in Chromium (issue 20): pages draw every other value when the database holds periods an older
version accepted."""

from __future__ import annotations

import sqlite3

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import insert

from etl import load
from portal.db import get_engine
from portal.models import Observation
from tests.browser.conftest import serve

pytestmark = pytest.mark.browser
STORED = [("ipm", "64", "0000"), ("ipm", "6472", "9999"), ("ipm", "6472", "٢٠٣٥"), ("ipm", "64", "２０３４")]


def _copy(live_server, tmp_path_factory, name: str) -> tuple[str, object]:
    """A copy of the live database: (its URL, its folder)."""
    _, url = live_server
    folder = tmp_path_factory.mktemp(name)
    with sqlite3.connect(url.split("///", 1)[1]) as source, sqlite3.connect(folder / "portal.db") as target:
        source.backup(target)
    return f"sqlite:///{folder / 'portal.db'}", folder


@pytest.fixture(scope="module")
def stored_periods_server(live_server, tmp_path_factory):
    """Observations of periods no chart can place, inserted with SQL (as an older version let them in)."""
    copy, _ = _copy(live_server, tmp_path_factory, "stored-periods")
    with get_engine(copy).begin() as conn:
        conn.execute(
            insert(Observation),
            [
                {"indicator": i, "region": r, "period": p, "value": 70.0, "status": "tetap", "source": "publikasi"}
                | {"loaded_at": load.now()}
                for i, r, p in STORED
            ],
        )
    proc, base = serve(copy)
    yield base
    proc.terminate()
    proc.wait(timeout=20)


@pytest.mark.parametrize("path", ["/indikator/ipm", "/sektor/pendidikan", "/wilayah/6472"])
def test_hos001_pages_draw_the_rest_when_stored_periods_cannot_be_placed(
    page: Page, stored_periods_server, console_errors, path
):
    page.goto(stored_periods_server + path)
    main = page.locator("#main")
    expect(main.locator("h1")).to_be_visible()
    expect(main.locator(".chart-card .main-svg .gtitle").first).to_be_visible()
    for _i, _r, period in STORED[2:]:
        expect(main).not_to_contain_text(period)
    assert console_errors == []  # a callback that failed (HTTP 500) logs an error in the console
