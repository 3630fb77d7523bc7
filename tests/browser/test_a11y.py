"""Every dashboard page: axe-core finds no serious or critical violation, a phone never scrolls sideways,
charts have text alternatives, and the English switch changes labels, sentences and number formats."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import chart_text, no_horizontal_scroll, serious_violations, start_app, wait_for_charts

pytestmark = pytest.mark.browser
# Each page with a selector that is there once its content has rendered.
NOT_FOUND = "/indikator/tidak-ada"  # answers 404: the browser's own line about that status is not an error here
PAGES = {
    "/": "section[data-sector]",
    "/perhatian": ".board-item",
    "/sektor/kemiskinan?wilayah=6472,6471&dari=2019&sampai=2024": ".chart-card .main-svg",
    "/indikator/kemiskinan_p0?wilayah=6472": ".chart-card .main-svg",
    "/katalog": "#katalog-grid .ag-row",
    "/aplikasi": "#aplikasi-grid .ag-row",
    "/status": "#access-notice",  # anonymous: the sign-in notice (the walidata view: test_status.py)
    NOT_FOUND: "#not-found",
    "/cari?q=stunting": "#cari-results li",
}


@pytest.mark.parametrize("path", list(PAGES))
def test_a11y001_axe_finds_no_serious_violation(page: Page, live_server, request, path):
    console_errors = request.getfixturevalue("console_errors_404" if path == NOT_FOUND else "console_errors")
    base, _ = live_server
    page.goto(base + path)
    expect(page.locator(PAGES[path]).first).to_be_visible()
    assert serious_violations(page) == []
    if path.startswith("/indikator/kemiskinan_p0"):
        for tab in ("Tabel", "Metadata"):
            page.get_by_role("tab", name=tab).click()
            expect(page.get_by_role("tab", name=tab)).to_have_attribute("aria-selected", "true")
            assert serious_violations(page) == [], tab
    assert console_errors == []


@pytest.mark.parametrize("path", list(PAGES))
def test_a11y002_phone_has_no_horizontal_scroll(page: Page, live_server, request, path):
    console_errors = request.getfixturevalue("console_errors_404" if path == NOT_FOUND else "console_errors")
    base, _ = live_server
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + path)
    start_app(page)  # a phone reader's first move starts the app on `/` and a sector
    if path.startswith(("/sektor", "/indikator/kemiskinan_p0")):
        # Scrolled through: the charts below the first screen drawn too.
        wait_for_charts(page, 5 if path.startswith("/sektor") else 2)
    expect(page.locator(PAGES[path]).first).to_be_visible()
    no_horizontal_scroll(page)
    if path.startswith("/sektor"):
        # KPI cards stack, and every chart fits the screen and has a text alternative.
        cards = page.locator(".sector-kpis [data-indicator]")
        first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
        assert second["y"] >= first["y"] + first["height"] - 1
        for i in range(page.locator(".chart-card").count()):
            card = page.locator(".chart-card").nth(i)
            assert card.bounding_box()["x"] + card.bounding_box()["width"] <= 390
            assert len(card.locator(".chart-summary").text_content()) > 40
    assert console_errors == []


def test_lang001_english_switch_changes_labels_sentences_charts_and_numbers(page: Page, live_server, console_errors):
    base, _ = live_server
    page.goto(base + "/sektor/kemiskinan?wilayah=6472&dari=2019&sampai=2024")
    wait_for_charts(page, 5)  # 3 headline rankings, the trend and the ranking
    kpi = page.locator(".sector-kpis [data-indicator=kemiskinan_p0] .kpi-value").text_content()
    assert re.fullmatch(r"\d+,\d\d%", kpi)
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.get_by_role("link", name="EN", exact=True).click()
    expect(page.locator("h1")).to_have_text("Poverty sector")
    expect(page.locator("html")).to_have_attribute("lang", "en")  # screen readers read the page as English
    expect(page).to_have_url(re.compile(r"wilayah=6472&dari=2019&sampai=2024"))  # the view survives the switch
    wait_for_charts(page, 5)  # 3 headline rankings, the trend and the ranking
    expect(page.get_by_label("From year")).to_have_value("2019")
    expect(page.locator(".sector-kpis [data-indicator=kemiskinan_p0] .kpi-value")).to_have_text(kpi.replace(",", "."))
    expect(page.locator("#sektor-narrative")).to_contain_text("Poverty Rate (P0) in Kalimantan Timur was")
    trend = chart_text(page, "sektor-tren")
    assert "Poverty Rate (P0)" in trend and "Source:" in trend and "Unit: percent" in trend
    ranking = chart_text(page, "sektor-peringkat")
    assert "Regency ranking" in ranking and "Better than the province" in ranking
    assert re.search(r"\d\.\d\d%", ranking) and not re.search(r"\d,\d\d%", ranking)
    expect(page.get_by_role("button", name="Download PNG").first).to_be_visible()
    # Units are the reader's too: life expectancy in years, not "tahun".
    page.goto(base + "/sektor/kesehatan")
    expect(page.locator("[data-indicator=umur_harapan_hidup] .kpi-value")).to_have_text(
        re.compile(r"^\d+\.\d\d years$")
    )
    page.get_by_role("link", name="ID", exact=True).click()
    expect(page.locator("h1")).to_have_text("Sektor Kesehatan")
    expect(page.locator("[data-indicator=umur_harapan_hidup] .kpi-value")).to_have_text(re.compile(r"^\d+,\d\d tahun$"))
    assert console_errors == []
