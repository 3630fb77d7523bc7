"""What every page shares: the charts' own toolbar in the reader's language and with no third-party upload, and
a console with no warning from the data grid."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import download, png_size, wait_for_charts

pytestmark = pytest.mark.browser
TREND = "[data-chart='indikator-tren']"


def _toolbar_titles(page: Page) -> list[str]:
    page.locator(f"{TREND} .js-plotly-plot").hover()
    buttons = page.locator(f"{TREND} .modebar-btn")
    expect(buttons.first).to_be_visible()
    return [buttons.nth(i).get_attribute("data-title") for i in range(buttons.count())]


def test_frm001_toolbar_speaks_indonesian_and_offers_no_upload(page: Page, live_server, tmp_path, console_errors):
    base, _ = live_server
    page.goto(base + "/indikator/ipm")
    wait_for_charts(page, 2)
    titles = _toolbar_titles(page)
    assert "Unduh grafik sebagai PNG" in titles and "Perbesar" in titles
    assert not [title for title in titles if "Share" in title or "Cloud" in title or "Download" in title]
    # Nowhere on any chart: no share button, no "Produced with Plotly" logo.
    assert page.locator(".modebar-btn[data-attr='sendChartToCloud'], .modebar-btn--logo").count() == 0
    # The camera's toast is Indonesian too, and it still saves the report-ready PNG.
    camera = page.locator(f"{TREND} .modebar-btn[data-title='Unduh grafik sebagai PNG']")
    name, data = download(page, camera.click, tmp_path)
    expect(page.locator(".notifier-note").first).to_contain_text("Menyiapkan gambar")
    assert name.endswith(".png") and png_size(data)[0] >= 1600
    expect(page.locator(".notifier-note", has_text="Gambar berhasil diunduh")).to_be_visible()
    assert console_errors == []


def test_frm002_toolbar_in_english(page: Page, live_server, console_errors):
    base, _ = live_server
    page.goto(base + "/lang/en")
    page.goto(base + "/indikator/ipm")
    wait_for_charts(page, 2)
    titles = _toolbar_titles(page)
    assert "Download plot as a PNG" in titles and not [title for title in titles if "Share" in title]
    assert console_errors == []


@pytest.mark.parametrize("path", ["/katalog", "/aplikasi", "/indikator/ipm"])
def test_frm003_grids_log_no_warning(page: Page, live_server, console_errors, path):
    base, _ = live_server
    warnings: list[str] = []
    page.on("console", lambda msg: warnings.append(msg.text) if msg.type == "warning" else None)
    page.goto(base + path)
    if path.startswith("/indikator/"):  # its grid is drawn when its tab opens
        page.get_by_role("tab", name="Tabel").click()
    expect(page.locator(".ag-row").first).to_be_attached()
    page.wait_for_timeout(500)
    assert [w for w in warnings if "AG Grid" in w or "colDef" in w] == []
    assert console_errors == []
