"""Charts below the first screen (issue 15, point 1): asked for when scrolled to, not before, without anything
moving; a chart saves its PNG whether it was drawn already or not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.helpers import png_size, start_app
from tests.browser.test_first_screen import LAYOUT_SHIFTS

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
CALLBACK = "/_dash-update-component"


def _asked(request) -> str | None:
    """The chart a request asks for, if it is a lazy chart's callback."""
    if CALLBACK not in request.url or "chart-near" not in (request.post_data or ""):
        return None
    return json.loads(request.post_data)["inputs"][0]["value"]["chart"]


def _phone(browser: Browser) -> tuple[BrowserContext, Page, list[str], list[str]]:
    """A phone's page, without the offline worker (every request the page makes is seen here): its console errors
    and the charts it asks for are collected, and its layout shifts summed."""
    context = browser.new_context(viewport=PHONE, service_workers="block")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(_asked(r)) if _asked(r) else None)
    page.add_init_script(LAYOUT_SHIFTS)
    return context, page, errors, asked


def test_lzy001_charts_below_the_first_screen_come_when_scrolled_to(browser: Browser, live_server):
    base, _ = live_server
    path = "/sektor/kemiskinan"  # a long page: KPI cards, what changed, the trend, then three headline rankings
    context, page, errors, asked = _phone(browser)
    page.goto(base + path)
    start_app(page)  # the reader's first move (not a scroll) starts the app
    expect(page.locator("#first-screen")).to_have_count(0, timeout=60_000)
    page.wait_for_load_state("networkidle")
    slots = page.locator("#_pages_content [data-chart-src]")
    tops = slots.evaluate_all(
        "els => els.map(e => [JSON.parse(e.dataset.chartSrc).chart, e.getBoundingClientRect().top])"
    )
    far = [chart for chart, top in tops if top > PHONE["height"] + 800]
    assert len(far) >= 2, tops
    assert not set(far) & set(asked), "charts far below the screen were asked for before scrolling"
    for chart in far:
        expect(page.locator(f"[data-chart='{chart}'] .chart-waiting")).to_be_visible()

    # The PNG button of a chart not drawn yet (pressed without scrolling to it): the chart is asked for and saved.
    last = page.locator(f"[data-chart='{far[-1]}']")
    expect(last.locator(".chart-waiting")).to_be_visible()
    with page.expect_download(timeout=60_000) as download:
        last.locator("button[id*='chart-png']").dispatch_event("click")
    assert png_size(Path(download.value.path()).read_bytes()) == (1600, 900)
    assert download.value.suggested_filename.endswith(".png")

    for chart in far:  # scrolled to, one after the other, as a reader does
        page.locator(f"[data-chart='{chart}']").scroll_into_view_if_needed()
        expect(page.locator(f"[data-chart='{chart}'] .main-svg").first).to_be_visible(timeout=30_000)
    assert set(far) <= set(asked)
    assert len(asked) == len(set(asked))  # each chart asked for once
    page.wait_for_timeout(500)
    shift = page.evaluate("window.__layoutShift")
    assert shift < 0.01, shift

    # A chart drawn once scrolled to saves its report-ready PNG.
    card = page.locator(f"[data-chart='{far[0]}']")
    with page.expect_download() as download:
        card.locator("button[id*='chart-png']").click()
    assert png_size(Path(download.value.path()).read_bytes()) == (1600, 900)
    assert errors == []
    context.close()


def test_lzy002_an_indicator_page_draws_its_charts_when_scrolled_to(browser: Browser, live_server):
    """The indicator page's charts sit under its window and download bars: on a phone they wait as their title and
    source line until the reader scrolls to them, then are drawn from the same view, once each, nothing moving."""
    base, _ = live_server
    context, page, errors, asked = _phone(browser)
    page.goto(base + "/indikator/kemiskinan_p0?wilayah=6472,6471&dari=2019")
    expect(page.locator("#first-screen")).to_have_count(0, timeout=60_000)
    page.wait_for_load_state("networkidle")
    slots = page.locator("#_pages_content [data-chart-src]")
    charts = slots.evaluate_all("els => els.map(e => JSON.parse(e.dataset.chartSrc))")
    assert [c["chart"] for c in charts] == ["indikator-tren", "indikator-peringkat"], charts
    # Drawn from the view the address chose (its window completed with the latest year).
    assert all(c["address"].startswith("/indikator/kemiskinan_p0?wilayah=6472,6471&dari=2019&sampai=") for c in charts)
    assert asked == []  # both below a phone's screen: nothing asked for yet
    trend = page.locator("[data-chart='indikator-tren']")
    expect(trend.locator(".chart-waiting .static-chart-title")).to_contain_text("Persentase Penduduk Miskin")
    for chart in ("indikator-tren", "indikator-peringkat"):
        page.locator(f"[data-chart='{chart}']").scroll_into_view_if_needed()
        expect(page.locator(f"[data-chart='{chart}'] .main-svg").first).to_be_visible(timeout=30_000)
    assert sorted(asked) == ["indikator-peringkat", "indikator-tren"]  # each once
    legend = trend.locator(".legend .legendtext").all_text_contents()
    assert "Samarinda" in legend and "Balikpapan" in legend, legend  # the address's window, drawn
    page.wait_for_timeout(500)
    assert page.evaluate("window.__layoutShift") < 0.01
    assert errors == []
    context.close()
