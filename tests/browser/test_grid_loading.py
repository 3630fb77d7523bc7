"""The data grid's script only where a grid is drawn (issue 19, item 6): the home page never fetches dash-ag-grid's
bundle (about 360 KB compressed); the pages with a grid fetch it and show their grid, on arrival and after a move
inside the app."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
BUNDLE = "/_dash-component-suites/dash_ag_grid/"


def _fetched(page: Page) -> list[str]:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def _app_in_place(page: Page) -> None:
    """The app has taken over from the HTML's first screen (its page content is in)."""
    page.wait_for_function("() => !document.getElementById('first-screen')", timeout=30_000)


def test_grd001_the_home_page_does_not_load_the_grid(page: Page, live_server, console_errors):
    base, _ = live_server
    urls = _fetched(page)
    page.goto(base + "/")
    _app_in_place(page)
    expect(page.locator(".kpi-card").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert any("/_dash-component-suites/" in u for u in urls)  # the app's own scripts were seen
    assert [u for u in urls if BUNDLE in u] == []
    assert console_errors == []


@pytest.mark.parametrize(
    ("path", "grid", "tab"),
    [
        ("/katalog", "#katalog-grid", None),
        ("/aplikasi", ".portal-grid", None),
        ("/indikator/ipm", "#indikator-tabel", "Tabel"),
    ],
)
def test_grd002_pages_with_a_grid_fetch_it_and_show_their_rows(
    page: Page, live_server, console_errors, path, grid, tab
):
    base, _ = live_server
    urls = _fetched(page)
    page.goto(base + path)
    _app_in_place(page)
    if tab:
        page.get_by_role("tab", name=tab).click()
    expect(page.locator(grid).locator(".ag-row").first).to_be_visible(timeout=30_000)
    assert len([u for u in urls if BUNDLE + "dash_ag_grid" in u and u.endswith(".js")]) == 1
    assert console_errors == []


def test_grd003_a_move_from_home_to_the_catalogue_inside_the_app_shows_the_grid(
    page: Page, live_server, console_errors
):
    base, _ = live_server
    urls = _fetched(page)
    page.goto(base + "/")
    _app_in_place(page)
    page.wait_for_load_state("networkidle")
    assert [u for u in urls if BUNDLE in u] == []
    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator("#react-entry-point a[href='/katalog']").first.click()
    expect(page.locator("#katalog-grid .ag-row").first).to_be_visible(timeout=30_000)
    assert page.evaluate("() => window.__sameDocument") is True  # moved inside the app, not reloaded
    assert any(BUNDLE in u for u in urls)
    assert console_errors == []
