"""The indicator catalogue and the application directory: real grids, search and filters in the URL."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import func, select

from portal.db import get_engine
from portal.models import Application, Indicator

pytestmark = pytest.mark.browser


def _count(url: str, model, *where) -> int:
    with get_engine(url).connect() as conn:
        return conn.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def _grid_names(page: Page, grid: str, column: str) -> list[str]:
    return page.locator(
        f"#{grid} .ag-center-cols-container [col-id={column}], #{grid} .ag-pinned-left-cols-container [col-id={column}]"
    ).all_text_contents()


def test_kat001_every_public_indicator_with_freshness_and_no_restricted_one(page: Page, live_server, console_errors):
    base, url = live_server
    public = _count(url, Indicator, Indicator.classification == "publik")
    page.goto(base + "/katalog")
    expect(page.locator("#katalog-jumlah")).to_have_text(f"{public} dari {public} ditampilkan")
    page.locator("#katalog-cari").fill("investasi")
    expect(page.locator("#katalog-jumlah")).not_to_have_text(f"{public} dari {public} ditampilkan")
    names = " ".join(_grid_names(page, "katalog-grid", "name"))
    assert "Realisasi Investasi PMA" in names
    # Restricted indicators are never listed, even when searched for by name or code.
    assert "Proyek" not in names and "investasi_proyek" not in page.content()
    expect(page).to_have_url(re.compile(r"/katalog\?q=investasi$"))
    # Freshness is an age against the release schedule, not one word on every row.
    expect(page.locator("#katalog-grid [col-id=fresh].ag-cell").first).to_have_text(
        re.compile(r"^(Terkini|Tertinggal) · \d+ bln \(jadwal ≤ \d+ bln\)$")
    )
    page.get_by_role("link", name="Realisasi Investasi PMA", exact=True).click()
    expect(page).to_have_url(base + "/indikator/investasi_pma")
    expect(page.locator("h1")).to_have_text("Realisasi Investasi PMA")
    assert console_errors == []


def test_kat002_sector_and_producer_filters_from_a_shared_link(page: Page, live_server, console_errors):
    base, url = live_server
    health = _count(url, Indicator, Indicator.sector == "kesehatan", Indicator.classification == "publik")
    page.goto(base + "/katalog?sektor=kesehatan&produsen=Tidak+Ada")
    expect(page.locator("#katalog-sektor")).to_have_value("kesehatan")
    expect(page.locator("#katalog-jumlah")).to_contain_text(f"{health} dari")
    expect(page.locator("#katalog-notice")).to_contain_text("produsen=Tidak Ada")
    page.locator("#katalog-produsen").select_option("Dinas Kesehatan Provinsi Kalimantan Timur")
    expect(page).to_have_url(re.compile(r"sektor=kesehatan&produsen=Dinas\+Kesehatan\+Provinsi\+Kalimantan\+Timur$"))
    # The grid redraws its rows after the address changes: wait for rows, then only Dinkes's.
    producers = page.locator("#katalog-grid [col-id=producer].ag-cell")
    expect(producers).not_to_have_count(0)
    expect(producers.filter(has_not_text="Dinas Kesehatan Provinsi Kalimantan Timur")).to_have_count(0)
    assert set(producers.all_text_contents()) == {"Dinas Kesehatan Provinsi Kalimantan Timur"}
    assert console_errors == []


# Each word of a cell's text (split at spaces and slashes) on one line: a word broken across lines has two boxes.
BROKEN_WORDS = """cells => cells.flatMap(cell => {
    const node = cell.querySelector('.ag-cell-value') || cell;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    const broken = [];
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        for (const word of text.data.matchAll(/[^\\s\\/\\u200b]+/g)) {
            const range = document.createRange();
            range.setStart(text, word.index);
            range.setEnd(text, word.index + word[0].length);
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (lines.size > 1) broken.push(word[0] + ' in ' + text.data);
        }
    }
    return broken;
})"""


def test_kat010_at_1440_px_every_column_shows_and_no_word_breaks(page: Page, live_server, console_errors):
    base, _ = live_server
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(base + "/katalog")
    grid = page.locator("#katalog-grid")
    expect(grid.locator(".ag-row").first).to_be_visible()
    expect(grid.locator(".ag-header-cell")).to_have_count(10)
    # The grid fits its columns to its width after the first paint, redrawing its headers: the columns that do not
    # fit (narrower than 40 px or past the grid's edge) are read in one go, until there are none.
    misfits = """() => {
      const box = document.querySelector('#katalog-grid .ag-root-wrapper').getBoundingClientRect();
      return [...document.querySelectorAll('#katalog-grid .ag-header-cell')].filter((c) => {
        const r = c.getBoundingClientRect();
        return !(r.width > 40 && box.x <= r.x && r.x + r.width <= box.x + box.width + 1);
      }).map((c) => c.textContent.trim());
    }"""
    try:
        page.wait_for_function(f"() => ({misfits})().length === 0", timeout=15_000)
    except PlaywrightTimeout:
        raise AssertionError(f"columns that do not fit: {page.evaluate(misfits)}") from None
    truncated = grid.locator(".ag-header-cell-text").evaluate_all(
        "labels => labels.filter(l => l.scrollWidth > l.clientWidth + 1).map(l => l.textContent)"
    )
    assert truncated == []
    # Nothing to scroll sideways: every column is in view.
    viewport = grid.locator(".ag-center-cols-viewport")
    assert viewport.evaluate("v => v.scrollWidth <= v.clientWidth + 1")
    for column in ("unit", "sector", "frequency", "data", "fresh", "latest"):
        broken = grid.locator(f".ag-cell[col-id={column}]").evaluate_all(BROKEN_WORDS)
        assert broken == [], column
    assert console_errors == []


def test_app001_directory_labels_samples_and_filters(page: Page, live_server, console_errors):
    base, url = live_server
    total = _count(url, Application)
    samples = _count(url, Application, Application.is_sample)
    active = _count(url, Application, Application.status == "aktif")
    assert total > 0
    page.goto(base + "/aplikasi")
    expect(page.locator("#aplikasi-jumlah")).to_have_text(f"{total} dari {total} ditampilkan")
    expect(page.locator("#aplikasi-contoh")).to_contain_text(f"{samples} entri bertanda")
    kinds = page.locator("#aplikasi-grid [col-id=kind].ag-cell")
    expect(kinds.first).to_have_text("Data contoh")
    page.locator("#aplikasi-status").select_option("aktif")
    expect(page.locator("#aplikasi-jumlah")).to_have_text(f"{active} dari {total} ditampilkan")
    expect(page).to_have_url(re.compile(r"/aplikasi\?status=aktif$"))
    page.locator("#aplikasi-cari").fill("imunisasi")
    expect(page.locator("#aplikasi-jumlah")).to_have_text(f"1 dari {total} ditampilkan")
    expect(page.locator("#aplikasi-grid [col-id=name].ag-cell")).to_contain_text("Imunisasi")
    page.goto(page.url)  # the copied link keeps both
    expect(page.locator("#aplikasi-jumlah")).to_have_text(f"1 dari {total} ditampilkan")
    assert console_errors == []


def test_kat003_the_whole_portal_downloads_as_csv_in_a_zip(page: Page, live_server, console_errors):
    import zipfile

    base, _url = live_server
    page.goto(f"{base}/katalog")
    link = page.locator("#pack-all")
    expect(link).to_have_text("Unduh semua data portal (CSV dalam ZIP)")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "semua-data-kaltim.zip"
    names = zipfile.ZipFile(download.value.path()).namelist()
    assert "katalog.csv" in names and "data/ipm.csv" in names
