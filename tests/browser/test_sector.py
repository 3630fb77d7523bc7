"""Sector pages in headless Chromium: KPIs, trend and ranking from the database, filters in the URL."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal import fmt
from portal.db import get_engine
from portal.models import Observation
from portal.periods import label
from tests.browser.helpers import chart_text, no_horizontal_scroll, regency_latest, shown_series, wait_for_charts

pytestmark = pytest.mark.browser
VIEW = "/sektor/kemiskinan?wilayah=6472,6471&dari=2019&sampai=2024"
SECTOR_CHARTS = 5  # a ranking per headline indicator (3), then the chosen indicator's trend and ranking
# The chosen headline indicator ranked at the regencies' latest period is already among the headline rankings:
# the default view draws its trend only.
DEFAULT_CHARTS = 4


def _value(url: str, code: str, region: str, period: str) -> float:
    with get_engine(url).connect() as conn:
        return conn.execute(
            select(Observation.value).where(
                Observation.indicator == code, Observation.region == region, Observation.period == period
            )
        ).scalar_one()


def test_sec001_from_home_to_a_sector_with_kpis_charts_and_sentence(page: Page, live_server, console_errors):
    base, url = live_server
    page.goto(base + "/")
    page.locator("section[data-sector=kemiskinan]").get_by_role("link", name=re.compile("Lihat sektor")).click()
    expect(page).to_have_url(base + "/sektor/kemiskinan")
    expect(page.locator("h1")).to_have_text("Sektor Kemiskinan")
    expect(page.locator(".sector-kpis [data-indicator]")).to_have_count(3)
    wait_for_charts(page, DEFAULT_CHARTS)
    # Where the regencies stand on each headline indicator, at its latest period, from the database: P0's ranking
    # is there once, not again beside its trend.
    standing = page.locator(".sector-standing [data-chart]")
    expect(standing).to_have_count(3)
    expect(page.locator("[data-chart='sektor-peringkat']")).to_have_count(0)
    ranking = chart_text(page, standing.nth(0).get_attribute("data-chart"))
    period, values = regency_latest(url, "kemiskinan_p0")
    assert "Persentase Penduduk Miskin" in ranking and label(period, "id") in ranking
    assert all(fmt.value(v, "persen", 2) in ranking for v in values.values())
    gini = chart_text(page, standing.nth(1).get_attribute("data-chart"))
    period, values = regency_latest(url, "gini_ratio")
    assert "Gini" in gini and label(period, "id") in gini  # the title wraps between lines
    assert all(fmt.value(v, "rasio", 3) in gini for v in values.values())
    # Source, sample flag and date are inside the figures themselves; the sample note only where sample values
    # are drawn (the province's P0 is all official, Gini's regencies are sample data).
    for chart in ("sektor-tren", standing.nth(0).get_attribute("data-chart")):
        text = chart_text(page, chart)
        assert "Sumber:" in text and "BPS" in text and "Diunduh" in text
        assert "data contoh" not in text
    assert "data contoh" in gini
    province = label(shown_series(url, "kemiskinan_p0", "64")[-1][0], "id")
    expect(page.locator("#sektor-narrative")).to_contain_text(f"Kalimantan Timur {province} sebesar")
    assert console_errors == []


def test_sec002_analyst_picks_regencies_and_years_and_the_url_follows(page: Page, live_server, console_errors):
    base, url = live_server
    page.goto(base + "/sektor/kemiskinan")
    wait_for_charts(page, DEFAULT_CHARTS)
    page.get_by_label("Samarinda").check()
    expect(page).to_have_url(re.compile(r"wilayah=6472&"))
    page.get_by_label("Balikpapan").check()
    page.get_by_label("Dari tahun").select_option("2019")
    page.get_by_label("Sampai tahun").select_option("2024")
    expect(page).to_have_url(
        base + "/sektor/kemiskinan?indikator=kemiskinan_p0&wilayah=6472,6471&dari=2019&sampai=2024"
    )
    # The legend reads as the subtitle does (the reader's order), and the target says whose it is.
    expect(page.locator("[data-chart='sektor-tren'] .legendtext")).to_have_text(
        ["Kalimantan Timur", "Samarinda", "Balikpapan", "Target Kalimantan Timur"]
    )
    trend = chart_text(page, "sektor-tren")
    assert "2019–2024" in trend
    # The ranking follows the window: its period is the last one of 2024.
    period, _values = regency_latest(url, "kemiskinan_p0", until="2024")
    assert period.startswith("2024") and label(period, "id") in chart_text(page, "sektor-peringkat")
    expect(page.locator("#sektor-narrative")).to_contain_text(label(period, "id"))
    assert console_errors == []


def test_sec003_a_copied_link_reopens_the_same_view(page: Page, live_server, console_errors):
    base, url = live_server
    # 2020 is the last year with official P0 figures for every regency: the ranking holds both chosen ones.
    page.goto(base + "/sektor/kemiskinan?wilayah=6472,6471&dari=2016&sampai=2020")
    wait_for_charts(page, SECTOR_CHARTS)
    expect(page.get_by_label("Samarinda")).to_be_checked()
    expect(page.get_by_label("Balikpapan")).to_be_checked()
    expect(page.get_by_label("Paser", exact=True)).not_to_be_checked()
    expect(page.get_by_label("Dari tahun")).to_have_value("2016")
    expect(page.get_by_label("Sampai tahun")).to_have_value("2020")
    # The legend reads as the subtitle does (the reader's order), and the target says whose it is.
    expect(page.locator("[data-chart='sektor-tren'] .legendtext")).to_have_text(
        ["Kalimantan Timur", "Samarinda", "Balikpapan", "Target Kalimantan Timur"]
    )
    # The chosen regencies are emphasised in the ranking; the trend's hover text carries database values.
    bold = page.locator("[data-chart='sektor-peringkat'] .ytick tspan[style*=bold]")
    expect(bold).to_have_count(2)
    assert sorted(bold.all_text_contents()) == ["Balikpapan", "Samarinda"]
    samarinda = fmt.value(_value(url, "kemiskinan_p0", "6472", "2020-S1"), "persen", 2)
    assert samarinda in page.locator("#sektor-view .chart-summary").first.text_content()
    expect(page.locator("#sektor-notice .alert")).to_have_count(0)
    assert console_errors == []


def test_sec004_bad_values_in_the_url_are_dropped_with_a_notice(page: Page, live_server, console_errors):
    base, _ = live_server
    page.goto(base + "/sektor/kemiskinan?wilayah=64.72,9999&dari=1990&sampai=2024&indikator=investasi_proyek")
    wait_for_charts(page, SECTOR_CHARTS)
    notice = page.locator("#sektor-notice")
    expect(notice).to_contain_text("wilayah=9999")
    expect(notice).to_contain_text("dari=1990")
    # A restricted indicator is treated as unknown: never shown, and its code not echoed.
    expect(notice).to_contain_text(", indikator.")
    assert "investasi_proyek" not in page.locator("#main").inner_html()
    expect(page.get_by_label("Samarinda")).to_be_checked()  # Kemendagri 64.72 is BPS 6472
    expect(page.get_by_label("Indikator")).to_have_value("kemiskinan_p0")
    assert page.get_by_label("Indikator").locator("option[value=investasi_proyek]").count() == 0
    assert console_errors == []


def test_sec005_indicator_choice_and_link_to_the_indicator_page(page: Page, live_server, console_errors):
    base, _ = live_server
    page.goto(base + "/sektor/investasi?wilayah=6472&dari=2020&sampai=2025")
    wait_for_charts(page, DEFAULT_CHARTS)
    page.get_by_label("Indikator").select_option("investasi_pma")
    expect(page).to_have_url(re.compile(r"indikator=investasi_pma&wilayah=6472&dari=2020&sampai=2025$"))
    expect(page.locator("[data-chart='sektor-tren'] .gtitle")).to_contain_text("Realisasi Investasi PMA")
    link = page.locator("#sektor-indicator-link")
    expect(link).to_have_attribute("href", "/indikator/investasi_pma?wilayah=6472&dari=2020&sampai=2025")
    assert console_errors == []


def test_sec006_unknown_sector_is_a_friendly_404(page: Page, live_server, console_errors_404):
    base, _ = live_server
    assert page.goto(base + "/sektor/pariwisata").status == 404
    expect(page.locator("#not-found")).to_contain_text("Sektor \u201cpariwisata\u201d tidak ada")
    expect(page).to_have_title("Halaman tidak ditemukan · Satu Data Kaltim")
    assert console_errors_404 == []


LAYOUT_SHIFTS = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) { if (!entry.hadRecentInput) { window.__layoutShift += entry.value; } }
}).observe({type: "layout-shift", buffered: true});
"""


def test_sec007_nothing_jumps_while_the_charts_load(page: Page, live_server, console_errors):
    """The charts' room is kept while plotly.js loads: a reader about to tap a filter does not see it move."""
    base, _ = live_server
    page.add_init_script(LAYOUT_SHIFTS)
    page.set_viewport_size({"width": 1350, "height": 940})
    page.goto(base + "/sektor/kemiskinan")
    wait_for_charts(page, DEFAULT_CHARTS)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__layoutShift") < 0.01  # Lighthouse calls < 0.1 good; it was 0.10-0.14
    assert console_errors == []


def test_sec008_on_a_phone_kpis_then_what_changed_then_the_trend_under_its_filters(
    page: Page, live_server, console_errors
):
    """The Sekda's phone: the headline KPIs first, three points of what changed, the filters right above the trend;
    every control a finger can hit (about 44 px); a KPI card opens its indicator; sparklines name their ends."""
    base, url = live_server
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/sektor/kemiskinan")
    wait_for_charts(page, DEFAULT_CHARTS)

    def top(selector: str) -> float:
        return page.locator(selector).first.bounding_box()["y"]

    kpis, changed, filters = top(".sector-kpis"), top("#sektor-narrative"), top(".filter-bar")
    trend, standing = top("[data-chart='sektor-tren']"), top(".sector-standing")
    assert kpis < changed < filters < trend < standing
    filters_bottom = filters + page.locator(".filter-bar").bounding_box()["height"]
    assert trend - filters_bottom < 40  # nothing between the filters and the trend they change
    expect(page.locator("#sektor-narrative li")).to_have_count(3)
    # Tap targets: checkboxes, selects and buttons about 44 px (checkboxes were 16 px, buttons 31 px).
    for selector in (".region-checklist .form-check", ".filter-bar select", ".download-bar .btn", ".chart-card .btn"):
        heights = page.locator(selector).evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
        assert heights and min(heights) >= 43, (selector, heights)
    boxes = page.locator(".region-checklist .form-check-input").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().width)"
    )
    assert min(boxes) >= 23
    # Sparklines say where they start and end: the first and last period and value of the card's series.
    card = page.locator(".sector-kpis [data-indicator=kemiskinan_p0]")
    series = shown_series(url, "kemiskinan_p0", "64")
    expect(card.locator(".kpi-spark-start")).to_contain_text(label(series[0][0], "id"))
    expect(card.locator(".kpi-spark-end")).to_contain_text(label(series[-1][0], "id"))
    expect(card.locator(".kpi-spark-end")).to_contain_text(fmt.value(series[-1][1], "persen", 2))
    # A tap on the card (not only its title) opens the indicator's page.
    box = card.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] - 12)
    expect(page).to_have_url(base + "/indikator/kemiskinan_p0")
    no_horizontal_scroll(page)
    assert console_errors == []
