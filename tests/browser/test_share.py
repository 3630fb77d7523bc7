"""Sharing and light mode in Chromium (issue 15, points 4 and 2): the embed view in another site's frame while the
pages refuse to be framed; the Bagikan panel's copy button; a phone asking to save data gets the charts as images
and never loads plotly.js."""

from __future__ import annotations

import contextlib
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from playwright.sync_api import Browser, Page, expect

VIEW = "/indikator/kemiskinan_p0?wilayah=6472&dari=2019&sampai=2024"
LOADED = "() => [...document.querySelectorAll('img.chart-image')].every(i => i.complete && i.naturalWidth > 0)"


@contextlib.contextmanager
def agency_site(body: str):
    """A web site of its own (another origin) serving `body` at /."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *_args):
            pass

    server = ThreadingHTTPServer(("localhost", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://localhost:{server.server_address[1]}/"
    finally:
        server.shutdown()


def _app_in(page: Page) -> None:
    expect(page.locator("#first-screen")).to_have_count(0, timeout=60_000)


def test_shb001_the_embed_view_shows_in_another_sites_frame_and_other_pages_do_not(page: Page, live_server):
    base, _ = live_server
    agency_page = (
        f'<!doctype html><html><body><iframe name="embed" src="{base}/sematkan{VIEW}" width="800" height="600">'
        f'</iframe><iframe name="page" src="{base}{VIEW}" width="800" height="600"></iframe></body></html>'
    )
    # Another origin on this machine (Chromium keeps a public page from framing a local address at all): an
    # agency's page with the portal's embed code, and a frame of a page of the portal itself.
    with agency_site(agency_page) as agency:
        page.goto(agency, wait_until="domcontentloaded")  # the embedded chart is drawn by the server meanwhile
        _framed(page)


def _framed(page: Page) -> None:
    embed = page.frame_locator("iframe[name=embed]")
    expect(embed.locator("h1")).to_have_text("Persentase Penduduk Miskin (P0)")
    expect(embed.locator("a")).to_have_attribute("href", re.compile(re.escape(VIEW.split("?")[0]) + r"\?wilayah=6472"))
    image = embed.locator("img")
    expect(image).to_be_visible()
    frame = next(f for f in page.frames if f.name == "embed")
    frame.wait_for_function(LOADED.replace("img.chart-image", "img"), timeout=120_000)
    # The page itself refuses the frame (X-Frame-Options and frame-ancestors): Chromium shows its error page.
    blocked = next(f for f in page.frames if f.name == "page")
    for _ in range(100):
        if blocked.url.startswith("chrome-error://"):
            break
        page.wait_for_timeout(150)
    assert blocked.url.startswith("chrome-error://"), blocked.url


def test_shb002_the_share_panel_copies_the_caption(browser: Browser, live_server):
    base, _ = live_server
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base + VIEW)
    _app_in(page)
    panel = page.locator(".share-panel")
    panel.locator("summary").click()
    caption = panel.locator("[data-copy-text=caption]")
    expect(caption).to_be_visible()
    button = panel.locator("[data-copy=caption]")
    button.click()
    expect(button).to_have_text("Tersalin")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == caption.text_content()
    assert copied.startswith("Persentase Penduduk Miskin (P0), Kalimantan Timur, ") and copied.endswith(VIEW)
    context.close()


def test_shb003_save_data_gets_chart_images_and_no_plotly(browser: Browser, live_server):
    base, _ = live_server
    context = browser.new_context(extra_http_headers={"Save-Data": "on"})
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(base + VIEW, wait_until="domcontentloaded")  # its images are drawn by the server meanwhile
    _app_in(page)
    images = page.locator("img.chart-image")
    expect(images).to_have_count(2)  # the trend and the ranking
    page.wait_for_function(LOADED, timeout=120_000)
    # A filter change: the new view's images, still drawn by the server.
    page.select_option("#indikator-dari", "2022")
    expect(page.locator("img.chart-image[src*='dari=2022']")).to_have_count(2)
    page.wait_for_function(LOADED, timeout=120_000)
    assert not page.locator(".js-plotly-plot").count()
    assert not [u for u in asked if "plotly" in u.lower()], [u for u in asked if "plotly" in u.lower()]
    assert page.locator(".light-switch").get_attribute("href") == "/ringan/off"
    context.close()
    # The same page without the header draws with plotly.js: the check above can fail.
    normal = browser.new_page()
    loaded: list[str] = []
    normal.on("request", lambda request: loaded.append(request.url))
    normal.goto(base + VIEW)
    expect(normal.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
    assert [u for u in loaded if "plotly" in u.lower()]
    normal.close()
