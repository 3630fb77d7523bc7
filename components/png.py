"""Server-made PNGs of figures: one kaleido browser (the system Chromium) per process, started on first use and
closed at exit, driven from a thread of its own, so that requests in any thread can ask for images at once.

Why not kaleido's own sync server (bench/meeting_pack.py measures the difference):
- kaleido reloads a tab's page after every image, which parses plotly.js again: two thirds of a PNG's Chromium time.
  plotly.js's toImage draws each figure in a detached div of its own and purges it, so here a tab is reloaded only
  every RELOAD_EVERY images (a bound on whatever a long-lived page might keep), and the browser is started afresh
  after an image fails;
- the page loads the portal's own plotly.js build (portal/plotly_bundle.py: the browser's, 1.5 MB instead of 4.8 MB)
  and no MathJax (no chart has LaTeX; kaleido's default fetches it from a CDN);
- the browser has TABS tabs, and a batch of figures (a ZIP's, a meeting pack's) is drawn side by side in one call.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import functools
import threading

from portal import plotly_bundle

TABS = 2  # the machine's two cores
RELOAD_EVERY = 25
CLOSE_SECONDS = 10  # at most this long to close Chromium (at exit: a worker's shutdown never waits longer)


@functools.cache
def _browser_class():
    """kaleido's browser, reloading a tab's page every RELOAD_EVERY images instead of after each (kaleido is
    imported on first use: a web worker that never makes a PNG does not load it)."""
    import kaleido

    class Browser(kaleido.Kaleido):
        def __init__(self, **kwargs) -> None:
            super().__init__(**kwargs)
            self._drawn: dict[int, int] = {}

        async def _return_kaleido_tab(self, tab) -> None:  # kaleido 1.x's hook: a tab handed back after an image
            drawn = self._drawn[id(tab)] = self._drawn.get(id(tab), 0) + 1
            if drawn % RELOAD_EVERY == 0:
                await super()._return_kaleido_tab(tab)
            else:
                await self.tabs_ready.put(tab)

    return Browser


class _Server:
    def __init__(self, browser_path: str | None) -> None:
        self.browser_path = browser_path
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, name="kaleido", daemon=True).start()
        self.browser = None
        self.starting = threading.Lock()

    def _run(self, coroutine, timeout: float | None = None):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    async def _open(self):
        bundle = plotly_bundle.usable()
        plotlyjs = str(bundle) if bundle else None
        browser = _browser_class()(n=TABS, path=self.browser_path, plotlyjs=plotlyjs, mathjax=False)
        await browser.open()
        return browser

    def pngs(self, figures: list, opts: dict) -> list[bytes]:
        with self.starting:
            if self.browser is None:
                self.browser = self._run(self._open())
            browser = self.browser

        async def draw() -> list[bytes]:
            return list(await asyncio.gather(*(browser.calc_fig(f, opts=opts) for f in figures)))

        try:
            return self._run(draw())
        except Exception:
            self.close_browser(browser)  # the next call starts a fresh one
            raise

    def close_browser(self, browser=None) -> None:
        with self.starting:
            if self.browser is None or (browser is not None and browser is not self.browser):
                return
            browser, self.browser = self.browser, None
        with contextlib.suppress(Exception):  # a browser that failed may fail to close too; it is dropped
            self._run(browser.close(), timeout=CLOSE_SECONDS)


_server: _Server | None = None
_server_lock = threading.Lock()


def draw(figures: list, opts: dict, browser_path: str | None) -> list[bytes]:
    """Each figure as a PNG with kaleido's `opts` (format, width, height, scale), in order."""
    global _server
    with _server_lock:
        if _server is None:
            _server = _Server(browser_path)
            atexit.register(_server.close_browser)
    return _server.pngs(figures, opts) if figures else []
