"""Hostile data in Chromium (issue 20): pages draw every other value when the database holds periods an older
version accepted, and a file name written as a Markdown link stays text in the table's "Sumber" column."""

from __future__ import annotations

import sqlite3

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import insert

from etl import load, runner
from portal.db import get_engine
from portal.models import Observation
from tests.accounts import stop_server
from tests.browser.conftest import serve
from tests.browser.helpers import wait_for_charts

pytestmark = pytest.mark.browser
STORED = [("ipm", "64", "0000"), ("ipm", "6472", "9999"), ("ipm", "6472", "٢٠٣٥"), ("ipm", "64", "２０３４")]
MARKDOWN_NAME = "[BPS resmi](https:evil.example).csv"


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
    stop_server(proc)


@pytest.mark.parametrize("path", ["/indikator/ipm", "/sektor/pendidikan", "/wilayah/6472"])
def test_hos001_pages_draw_the_rest_when_stored_periods_cannot_be_placed(
    page: Page, stored_periods_server, console_errors, path
):
    page.goto(stored_periods_server + path)
    main = page.locator("#main")
    expect(main.locator("h1")).to_be_visible()
    main.locator(".chart-card").first.scroll_into_view_if_needed()  # a chart below the screen comes when reached
    expect(main.locator(".chart-card .main-svg .gtitle").first).to_be_visible()
    for _i, _r, period in STORED[2:]:
        expect(main).not_to_contain_text(period)
    assert console_errors == []  # a callback that failed (HTTP 500) logs an error in the console


@pytest.fixture(scope="module")
def markdown_server(live_server, tmp_path_factory):
    """Samarinda's IPM 2024 loaded from a file named like a Markdown link."""
    copy, folder = _copy(live_server, tmp_path_factory, "markdown")
    path = folder / MARKDOWN_NAME
    path.write_text("kode_indikator,kode_wilayah,periode,nilai\nipm,6472,2024,81.23\n", encoding="utf-8")
    assert runner.ingest(path, copy).loaded == 1
    proc, base = serve(copy)
    yield base
    stop_server(proc)


def test_hos002_a_file_name_like_a_markdown_link_is_text_in_the_sources_column(
    page: Page, markdown_server, console_errors
):
    page.goto(markdown_server + "/indikator/ipm?wilayah=6472")
    wait_for_charts(page, 2)
    page.get_by_role("tab", name="Tabel").click()
    row = page.locator("#indikator-tabel .ag-center-cols-container .ag-row", has_text="81,23")
    expect(row).to_have_count(1)
    source = row.locator("[col-id=source]")
    expect(source).to_contain_text(f"Berkas {MARKDOWN_NAME} (dimuat manual / loaded by hand)")
    expect(source.locator("a")).to_have_count(0)
    assert "evil.example" not in " ".join(page.locator("a").evaluate_all("links => links.map(a => a.href)"))
    assert console_errors == []
