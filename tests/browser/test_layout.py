"""Charts that read on a phone and on a wide screen (issue 18): nothing a chart draws meets anything else (title,
subtitle, legend, notes, value labels, the province line, the mode bar) at 360, 390 and 1440 px, no page scrolls
sideways, the map fills its card, and the source line names where the values drawn came from."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import chart_collisions, chart_text, no_horizontal_scroll, start_app

pytestmark = pytest.mark.browser
PAGES = [
    "/sektor/kemiskinan?wilayah=6472,6471,6403,6401,6402&dari=2019",
    "/wilayah",
    "/wilayah/6472",
    "/indikator/kemiskinan_p0",  # its whole span of half-years: a tick label per year would not fit a phone
]


def _all_drawn(page: Page) -> None:
    """Every chart on the page has drawn (the profile's folded sectors opened first and the lazy charts asked for,
    so they are measured too)."""
    start_app(page)
    page.wait_for_function(  # the lazy charts below the screen asked for, as scrolling would (assets/charts.js)
        "() => { if (window.portalCharts) { window.portalCharts.askAll(); }"
        " return document.querySelectorAll('.chart-card .js-plotly-plot').length > 0"
        " && !document.querySelector('.chart-card .chart-waiting'); }",
        polling=250,
        timeout=60_000,
    )
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    # Drawn, and at its card's width (a chart drawn while its sector was folded is redrawn when it opens).
    page.wait_for_function(
        "() => [...document.querySelectorAll('.chart-card .js-plotly-plot')].every(g => g._fullLayout"
        " && g.querySelector('.gtitle') && Math.abs(g._fullLayout.width - g.getBoundingClientRect().width) < 2)",
        timeout=60_000,
    )
    page.wait_for_timeout(500)  # plotly's last relayout of the legend's margin


@pytest.mark.parametrize("width", [360, 390, 1440])
@pytest.mark.parametrize("path", PAGES)
def test_lay001_no_chart_part_meets_another(page: Page, live_server, console_errors, path, width):
    base, _url = live_server
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + path)
    _all_drawn(page)
    assert chart_collisions(page) == []
    no_horizontal_scroll(page)
    assert console_errors == []


def test_lay002_the_collision_check_sees_a_collision(page: Page, live_server):
    """The measurement itself: a legend moved onto the title is reported."""
    base, _url = live_server
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(base + "/sektor/kemiskinan")
    _all_drawn(page)
    page.evaluate(
        "() => { const gd = document.querySelector(\"[data-chart='sektor-tren'] .js-plotly-plot\");"
        " return Plotly.relayout(gd, {'legend.y': 0.99}); }"
    )
    assert any("sektor-tren: title" in found and "legend" in found for found in chart_collisions(page))


def test_lay003_mode_bar_hidden_on_a_phone_and_under_the_figure_on_a_wide_screen(page: Page, live_server):
    base, _url = live_server
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(base + "/wilayah")
    _all_drawn(page)
    expect(page.locator("[data-chart='wilayah-bar'] .modebar-container")).to_be_hidden()
    expect(page.locator("[data-chart='wilayah-bar'] button", has_text="Unduh PNG")).to_be_visible()
    page.set_viewport_size({"width": 1440, "height": 900})
    graph = page.locator("[data-chart='wilayah-bar'] .js-plotly-plot")
    graph.locator(".nsewdrag").first.hover()
    bar = page.locator("[data-chart='wilayah-bar'] .modebar").bounding_box()
    figure = graph.locator(".main-svg").first.bounding_box()
    assert bar["y"] >= figure["y"] + figure["height"] - 1  # below the figure, never over its title


def test_lay004_the_map_fills_its_card_on_a_wide_screen(page: Page, live_server):
    base, _url = live_server
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(base + "/wilayah?indikator=kemiskinan_p0")
    _all_drawn(page)
    sizes = page.evaluate(
        """() => { const card = document.querySelector("[data-chart='wilayah-map'] .main-svg").getBoundingClientRect();
        const map = document.querySelector("[data-chart='wilayah-map'] .choroplethlayer").getBoundingClientRect();
        return {card: card.width, map: map.width}; }"""
    )
    assert sizes["map"] >= 0.7 * sizes["card"], sizes


def test_lay005_source_line_names_the_source_of_the_values_drawn(page: Page, live_server):
    """Gini ratio: every regency value on the map is a sample value, so neither the map nor the ranking names BPS;
    P0 in 2024: official figures only, so both name BPS and no sample source."""
    base, _url = live_server
    page.goto(base + "/wilayah?indikator=gini_ratio")
    _all_drawn(page)
    for chart in ("wilayah-map", "wilayah-bar"):
        text = chart_text(page, chart)
        assert "Sumber: data contoh sintetis" in text and "BPS" not in text
    page.goto(base + "/wilayah?indikator=kemiskinan_p0&periode=2024")
    _all_drawn(page)
    for chart in ("wilayah-map", "wilayah-bar"):
        text = chart_text(page, chart)
        assert "Sumber: BPS Provinsi Kalimantan Timur" in text and "data contoh" not in text
