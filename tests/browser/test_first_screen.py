"""The first screen in the HTML: what a reader on a slow link (or without JavaScript) reads before the app arrives,
and the app taking its place without anything moving."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.helpers import first_screen as _first_screen
from tests.browser.helpers import shown_latest, start_app

pytestmark = pytest.mark.browser
PHONE = {"width": 412, "height": 915}
# The exception board, a regency profile, an indicator, a sector and the summary, with what each must say.
PAGES = {
    "/": ("Ringkasan Eksekutif", "Ringkasan Eksekutif", ["kemiskinan_p0", "ipm", "tpt"]),
    "/sektor/kemiskinan": ("Sektor Kemiskinan", "Sektor Kemiskinan", ["kemiskinan_p0", "gini_ratio", "tpt"]),
    "/indikator/kemiskinan_p0?wilayah=6472": ("Persentase Penduduk Miskin", "Persentase Penduduk Miskin", []),
    "/wilayah/6403": ("Profil Kabupaten Kutai Kartanegara", "Profil Wilayah", []),
    "/perhatian": ("Perlu perhatian", "Perlu perhatian", []),
}


def _text(page: Page) -> str:
    """Everything the page gives a screen reader (the accessibility tree reaches into the first screen's root)."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    return " ".join(str(n.get("name", {}).get("value", "")) for n in nodes if not n.get("ignored"))


@pytest.mark.parametrize("path", list(PAGES))
def test_fs001_the_first_screen_is_in_the_html_from_the_page_state(path, live_server):
    """KPI values, sentences and source lines arrive with the HTML, the same the app shows."""
    base, url = live_server
    response = httpx.get(base + path, timeout=60)
    assert response.status_code == 200
    screen = _first_screen(response.text)
    heading, title, codes = PAGES[path]
    assert heading in screen
    for code in codes:
        _, shown = shown_latest(url, code)
        assert f'data-indicator="{code}"' in screen and shown in screen
    # Nothing of the app's own ids twice: the copy keeps none but the skip link's target.
    assert re.findall(r' id="([^"]+)"', screen) == ["main"]
    # The page's own title, not the app's.
    assert re.search(r"<title>([^<]*)</title>", response.text).group(1).startswith(title)


def test_fs002_readable_with_javascript_off(browser: Browser, live_server):
    base, url = live_server
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(base + "/sektor/kemiskinan")
    text = _text(page)
    for code in ("kemiskinan_p0", "gini_ratio", "tpt"):
        assert shown_latest(url, code)[1] in text
    assert "Sumber" in text  # the charts' source lines travel with their text alternatives
    context.close()


LAYOUT_SHIFTS = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) { if (!entry.hadRecentInput) { window.__layoutShift += entry.value; } }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.parametrize("path", ["/", "/sektor/kemiskinan", "/wilayah/6403"])
def test_fs003_the_app_takes_over_without_a_jump(path, page: Page, live_server, console_errors):
    base, url = live_server
    page.add_init_script(LAYOUT_SHIFTS)
    page.set_viewport_size(PHONE)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/_dash-component-suites/" in r.url else None)
    page.goto(base + path)
    # On a phone the page is read before it is used: the app's scripts wait for the reader's first move.
    page.wait_for_timeout(1000)
    assert asked == [] and page.evaluate("typeof DashRenderer") == "undefined"
    expect(page.locator("#first-screen")).to_have_count(1)
    start_app(page)
    expect(page.locator("#first-screen")).to_have_count(0, timeout=60_000)  # the copy is gone once the app is in
    expect(page.locator("#_pages_content > *")).not_to_have_count(0)
    expect(page.locator("#react-entry-point")).to_be_visible()
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__layoutShift") < 0.01
    # One of everything: the app's page, and its menu button works.
    expect(page.locator("main")).to_have_count(1)
    page.locator("#navbar-toggler").click()
    expect(page.locator("#navbar-collapse")).to_be_visible()
    assert console_errors == []


@pytest.mark.browser_context_args(viewport=PHONE, has_touch=True, is_mobile=True)
def test_fs005_a_tap_before_the_app_is_answered_once_it_is_in(page: Page, live_server, console_errors):
    """The Sekda taps the menu of the first screen (shown disabled: no app yet); the tap starts the app, and once the
    app is in, its menu button at the same place gets the tap: the menu opens, no second tap needed."""
    base, _ = live_server
    page.goto(base + "/sektor/kemiskinan")
    start_app(page)  # a first visit finds where the app's menu button is (the copy's is out of reach in its root)
    button = page.locator("#navbar-toggler")
    box = button.bounding_box()
    page.goto(base + "/sektor/kemiskinan")
    page.wait_for_timeout(500)
    assert page.evaluate("typeof DashRenderer") == "undefined"  # the first screen only: nothing yet to answer a tap
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("#first-screen")).to_have_count(0, timeout=60_000)
    expect(page.locator("#navbar-collapse")).to_be_visible()
    expect(button).to_be_focused()
    # Named in the reader's language, and saying that it is open (a screen reader hears both).
    expect(button).to_have_accessible_name("Menu navigasi")
    expect(button).to_have_attribute("aria-expanded", "true")
    # A swipe (the reader scrolling) is no tap: the next page's app comes in and opens nothing.
    page.goto(base + "/sektor/kemiskinan")
    page.wait_for_timeout(500)
    page.mouse.wheel(0, 300)
    expect(page.locator("#first-screen")).to_have_count(0, timeout=60_000)
    page.wait_for_timeout(500)
    expect(page.locator("#navbar-collapse")).not_to_be_visible()
    assert console_errors == []


@pytest.mark.parametrize(
    ("path", "viewport"), [("/sektor/kemiskinan", {"width": 1280, "height": 800}), ("/indikator/kemiskinan_p0", PHONE)]
)
def test_fs004_a_wide_screen_and_the_pages_used_at_once_start_the_app_unasked(
    path, viewport, page: Page, live_server, console_errors
):
    """Only a phone reading `/`, a sector or a profile waits for its reader: a desktop, and any page whose first
    screen is mostly controls, starts the app with no move at all."""
    base, _ = live_server
    page.set_viewport_size(viewport)
    page.goto(base + path)
    expect(page.locator("#first-screen")).to_have_count(0, timeout=60_000)
    expect(page.locator("#_pages_content > *")).not_to_have_count(0)
    assert page.evaluate("typeof DashRenderer") == "function"
    # Without Dash's @babel/polyfill (web/polyfill.py) the lazy chunks still load: the global they need is there.
    assert page.evaluate("typeof regeneratorRuntime") == "object"
    if path.startswith("/sektor"):
        expect(page.locator(".chart-card .js-plotly-plot").first).to_be_visible(timeout=60_000)
    assert console_errors == []
