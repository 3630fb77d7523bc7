"""Pages in headless Chromium: the home page against a blank page with one graph; a sector page cold.

Both servers run under gunicorn (2 workers) in the same run, on the same machine: the portal on a database
(by default one loaded with the bundled data; `--sqlite-db` reuses a scale database from bench/scale_data.py)
and bench/blank_app.py, a Dash page holding one graph. Each navigation gets a fresh browser context (no
HTTP cache). Timed from `goto` until every KPI card is on the page and every graph has drawn its SVG.

    .venv/bin/python bench/browser.py [--sqlite-db FILE] [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pgserver import free_port  # noqa: E402

# name: (path, (KPI cards, charts) that the page must at least show; a page's charts depend on its data: the sector
# page has five with the bundled data, four on a scale database)
PAGES = {
    "home page, 15 KPI cards": ("/", (15, 0)),
    "sector page (3 KPI cards, 4-5 charts)": ("/sektor/kemiskinan", (3, 4)),
    "regency profile (15 charts, 16 with kecamatan data)": ("/wilayah/6403", (0, 15)),
}
CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run"]
# Every chart of the page (`selector`: the portal's chart cards, or the blank page's graph) has drawn its graph
# (plotly adds .main-svg), and there are at least `charts` of them; the lazy charts below the screen
# (assets/charts.js) are asked for at once, as a reader scrolling through the page would.
CHART_CARD = "#react-entry-point [data-chart]"
DRAWN = """([cards, charts, selector]) => {
  if (window.portalCharts) { window.portalCharts.askAll(); }
  const shown = document.querySelectorAll(selector);
  return document.querySelectorAll('[data-indicator] .kpi-value').length >= cards
    && shown.length >= charts && [...shown].every((c) => c.querySelector('.main-svg'))
    && !document.querySelector('._dash-loading');
}"""


def serve(app: str, env: dict, cwd: Path = ROOT, ready: str = "/") -> tuple[subprocess.Popen, str]:
    """gunicorn (2 workers) serving `app` from the checkout at `cwd`; (process, base URL) once `ready` answers."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--no-control-socket", "-w", "2", "-b", f"127.0.0.1:{port}", app],
        cwd=cwd,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(base + ready, timeout=5):
                return proc, base
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"{app} did not start")


def database(sqlite_db: str | None, folder: Path) -> str:
    """The URL of `sqlite_db` (a scale database), else of a new database in `folder` loaded with the bundled data."""
    if sqlite_db:
        return f"sqlite:///{Path(sqlite_db).resolve()}"
    from etl import runner

    url = f"sqlite:///{folder / 'portal.db'}"
    runner.run(url)
    return url


def timed(browser, url: str, cards: int, charts: int, selector: str = CHART_CARD) -> float:
    context = browser.new_context()
    page = context.new_page()
    began = time.perf_counter()
    page.goto(url)
    page.wait_for_function(DRAWN, arg=[cards, charts, selector], timeout=60_000, polling=20)
    took = time.perf_counter() - began
    context.close()
    return took


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite-db", help="a database file to serve (default: a new one with the bundled data)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="portal-browser-") as tmp:
        url = database(args.sqlite_db, Path(tmp))
        portal, base = serve("app:create_app()", {"DATABASE_URL": url, "AUDIT_LOG": str(Path(tmp) / "audit.jsonl")})
        blank, blank_base = serve("bench.blank_app:server", {})
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                timed(browser, blank_base, 0, 1, ".dash-graph")  # the browser's own start-up is not measured
                # First visits after the server started: its query and response caches are cold too.
                first = {name: timed(browser, base + path, *wait) for name, (path, wait) in PAGES.items()}
                rows = {"blank page, one graph": [], **{name: [] for name in PAGES}}
                for _ in range(args.repeats):
                    rows["blank page, one graph"].append(timed(browser, blank_base, 0, 1, ".dash-graph"))
                    for name, (path, wait) in PAGES.items():
                        rows[name].append(timed(browser, base + path, *wait))
                browser.close()
        finally:
            for proc in (portal, blank):
                proc.terminate()
                proc.wait(timeout=30)
    blank_p50 = statistics.median(rows["blank page, one graph"])
    print(f"database: {url}")
    print("\n| page (fresh browser context each time) | server cold s | p50 s | min s | max s | p50 / blank |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, times in rows.items():
        p50 = statistics.median(times)
        cold = f"{first[name]:.2f}" if name in first else ""
        print(f"| {name} | {cold} | {p50:.2f} | {min(times):.2f} | {max(times):.2f} | {p50 / blank_p50:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
