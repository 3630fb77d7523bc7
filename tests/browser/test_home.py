"""The executive summary in headless Chromium: five sectors, numbers from the database, phone-ready."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from portal.settings import ROOT
from tests.browser.helpers import png_size, shown_latest, start_app

pytestmark = pytest.mark.browser
ICON_TYPES = ("image/x-icon", "image/vnd.microsoft.icon", "image/svg+xml", "image/png")
SECTORS = ["kemiskinan", "investasi", "digitalisasi", "kesehatan", "pendidikan"]


def test_home001_five_sectors_with_database_numbers(page: Page, live_server, console_errors):
    base, url = live_server
    page.goto(base + "/")
    sections = page.locator("section[data-sector]")
    expect(sections).to_have_count(5)
    assert [sections.nth(i).get_attribute("data-sector") for i in range(5)] == SECTORS
    for sector in SECTORS:
        cards = page.locator(f"section[data-sector={sector}] [data-indicator]")
        expect(cards).to_have_count(3)
        for i in range(3):
            card = cards.nth(i)
            code = card.get_attribute("data-indicator")
            _, shown = shown_latest(url, code)
            expect(card.locator(".kpi-value")).to_have_text(shown)
    # The sample-data notice is on the page, and both kinds of badge appear.
    expect(page.locator("#sample-notice")).to_contain_text("Data contoh")
    assert page.locator(".kpi-badge", has_text="Data contoh").count() > 0
    assert page.locator(".kpi-badge", has_text="Resmi").count() > 0
    # The README's picture is refreshed on request (UPDATE_SCREENSHOTS=1); a plain run leaves the tree clean.
    folder = ROOT / ("docs" if os.environ.get("UPDATE_SCREENSHOTS") else "test-results")
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / "screenshot-home.png"), full_page=True)
    assert console_errors == []


def test_home002_phone_has_no_horizontal_scroll(page: Page, live_server, console_errors):
    base, _ = live_server
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/")
    start_app(page)  # a phone reader's first move starts the app
    expect(page.locator("section[data-sector]")).to_have_count(5)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Cards stack: each takes the full width of its row.
    first, second = page.locator("[data-indicator]").nth(0), page.locator("[data-indicator]").nth(1)
    assert second.bounding_box()["y"] > first.bounding_box()["y"] + first.bounding_box()["height"] - 1
    assert console_errors == []


def test_home003_english_switch_persists_and_formats_numbers(page: Page, live_server, console_errors):
    base, url = live_server
    page.goto(base + "/")
    page.get_by_role("link", name="EN", exact=True).click()
    expect(page.locator("h1")).to_have_text("Executive Summary")
    page.goto(base + "/")  # the choice persists across visits
    expect(page.locator("h1")).to_have_text("Executive Summary")
    card = page.locator("[data-indicator=investasi_total]")
    _, shown_id = shown_latest(url, "investasi_total")
    # Indonesian "Rp 65,24 T" becomes "Rp 65.24 T".
    expect(card.locator(".kpi-value")).to_have_text(shown_id.replace(",", "."))
    page.get_by_role("link", name="ID", exact=True).click()
    expect(page.locator("h1")).to_have_text("Ringkasan Eksekutif")
    assert console_errors == []


@pytest.mark.parametrize("path", ["/tidak-ada", "/sektor/tidak-ada", "/katalog/lama/sekali"])
def test_home004_unknown_page_is_a_friendly_404(page: Page, live_server, console_errors_404, path):
    base, _ = live_server
    assert page.goto(base + path).status == 404
    expect(page.locator("#not-found")).to_contain_text("Halaman tidak ditemukan")
    expect(page).to_have_title("Halaman tidak ditemukan · Satu Data Kaltim")
    page.get_by_role("link", name="EN", exact=True).click()
    expect(page.locator("#not-found")).to_contain_text("Page not found")
    expect(page).to_have_title("Page not found · Satu Data Kaltim")
    assert console_errors_404 == []


def test_home005_known_pages_answer_200_and_carry_the_portal_icons(page: Page, live_server, console_errors):
    base, _ = live_server
    for path in ("/", "/sektor/kesehatan", "/indikator/ipm", "/wilayah/6403", "/wilayah/64.02", "/katalog?q=x"):
        assert page.request.get(base + path).status == 200, path
    page.goto(base + "/")
    icons = page.locator("link[rel=icon], link[rel=apple-touch-icon]")
    hrefs = [icons.nth(i).get_attribute("href") for i in range(icons.count())]
    assert any("favicon.svg" in h for h in hrefs) and any("apple-touch-icon.png" in h for h in hrefs)
    dash_icon = page.request.get(base + "/_favicon.ico").body()
    for href in [*hrefs, "/favicon.ico"]:
        served = page.request.get(base + href)
        assert served.status == 200 and served.body() != dash_icon, href
        assert served.headers["content-type"].split(";")[0] in ICON_TYPES
    touch = page.request.get(base + "/assets/apple-touch-icon.png").body()
    assert png_size(touch) == (180, 180)
    assert console_errors == []
