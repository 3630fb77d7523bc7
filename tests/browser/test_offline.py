"""Readable offline (issue 15, point 3): the pages a reader opened come back with the network cut, with the
offline banner and the server's controls out of use; nothing restricted stays in the browser; the app installs."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.accounts import ensure_user
from tests.browser.helpers import shown_latest, sign_out, start_app

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
PASSWORD = "kata-sandi-luring-1"
RESTRICTED = "investasi_proyek"
# Every entry of the worker's caches: its address and its body.
CACHED = """async () => {
  const out = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      out.push({cache: name, url: request.url, saved: response.headers.get('X-Portal-Saved') || '',
                body: await response.text()});
    }
  }
  return out;
}"""


def _app_in(page: Page) -> None:
    start_app(page)  # on a phone, `/` and a sector start the app at the reader's first move
    expect(page.locator("#first-screen")).to_have_count(0, timeout=60_000)
    expect(page.locator("#_pages_content > *")).not_to_have_count(0)


def _opened(browser: Browser, address: str) -> tuple[BrowserContext, Page]:
    """A phone that opened `address` and opened it again once the worker was in charge (so it kept it)."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(address)
    _app_in(page)
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller", timeout=30_000)
    page.reload()  # now through the worker: the page, the app and its answers are kept
    _app_in(page)
    page.wait_for_load_state("networkidle")
    return context, page


def test_off001_an_opened_page_reads_again_without_a_network(browser: Browser, live_server):
    base, url = live_server
    context, page = _opened(browser, base + "/sektor/kemiskinan")
    banner = page.locator("#offline-banner")
    expect(banner).to_be_hidden()

    context.set_offline(True)
    page.reload()
    _app_in(page)  # the app itself came back from the kept copies, not only the HTML's first screen
    content = page.locator("#_pages_content")
    for code in ("kemiskinan_p0", "gini_ratio", "tpt"):
        expect(content.locator(f"[data-indicator='{code}']").first).to_contain_text(shown_latest(url, code)[1])
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("· luring")
    expect(banner).to_contain_text("memerlukan server")
    assert re.match(r"Data per \d{1,2} \w+ \d{4} · luring", banner.inner_text())
    # The filters ask the server: out of use, said so; a chart's PNG button works on what is drawn.
    expect(page.locator("#sektor-dari")).to_have_attribute("inert", "")
    expect(page.locator("#sektor-csv")).to_have_attribute("aria-disabled", "true")
    expect(page.locator("[id*='chart-png']").first).not_to_have_attribute("inert", "")

    # An address never opened has no copy: a plain sentence, not the browser's error page.
    response = page.goto(base + "/sektor/ekonomi")
    assert response.status == 503
    expect(page.locator("h1")).to_contain_text("belum tersimpan")

    context.set_offline(False)
    page.goto(base + "/sektor/kemiskinan")
    _app_in(page)
    expect(banner).to_be_hidden()
    expect(page.locator("#sektor-dari")).not_to_have_attribute("inert", "")
    context.close()


@pytest.fixture(scope="module")
def analyst(live_server):
    _base, url = live_server
    return ensure_user(url, "uji_luring", PASSWORD, "walidata", "Lina Luring")


@pytest.mark.security
@pytest.mark.usefixtures("sign_in_window")
def test_off002_nothing_restricted_is_kept_and_signing_out_clears(browser: Browser, live_server, analyst):
    base, _ = live_server
    context, page = _opened(browser, base + "/")
    assert any("/_sw/callback/" in e["url"] for e in page.evaluate(CACHED))  # an anonymous reader's are kept

    page.goto(base + "/masuk?next=/indikator/" + RESTRICTED)
    page.fill("#login-username", analyst)
    page.fill("#login-password", PASSWORD)
    page.click("#login-submit")
    expect(page.locator("#user-name")).to_contain_text("Lina Luring", use_inner_text=False)
    _app_in(page)
    expect(page.locator("#_pages_content h1")).to_contain_text("Proyek Investasi")
    page.wait_for_load_state("networkidle")
    kept = page.evaluate(CACHED)
    assert not [e["url"] for e in kept if RESTRICTED in e["url"] or "Proyek Investasi" in e["body"]]
    assert not [e["url"] for e in kept if "Lina Luring" in e["body"]]  # nothing of a signed-in reader's

    before = page.evaluate("() => new Date().toISOString()")
    assert [e for e in kept if e["saved"] < before]  # the anonymous visit's copies are still there
    sign_out(page)  # from the menu of a phone
    kept = page.evaluate(CACHED)
    assert not [e["url"] for e in kept if RESTRICTED in e["url"] or "Proyek Investasi" in e["body"]]
    # Signing out cleared the caches: nothing kept from before it (the signed-out page may have started anew).
    assert not [e["url"] for e in kept if e["saved"] < before]
    context.close()


def test_off003_the_app_installs(live_server):
    base, _ = live_server
    page = httpx.get(base + "/", timeout=60).text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page and 'name="theme-color"' in page
    response = httpx.get(base + "/manifest.webmanifest", timeout=30)
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(response.text)
    assert manifest["name"] == "Portal Satu Data Kaltim" and manifest["short_name"]
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert manifest["theme_color"].startswith("#") and manifest["icons"]
    for icon in manifest["icons"]:
        answer = httpx.get(base + icon["src"], timeout=30)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(icon["type"])
    worker = httpx.get(base + "/sw.js", timeout=30)
    assert worker.status_code == 200 and "javascript" in worker.headers["content-type"]
    assert worker.headers["Service-Worker-Allowed"] == "/" and worker.headers["Cache-Control"] == "no-cache"
