"""Bytes a phone downloads, light mode against the normal page (issue 15, point 2): compressed bytes on the wire
before the KPI values are readable and before the page is usable, for /, a sector page and a regency profile.

One portal under gunicorn (2 workers), one run, each visit in a fresh browser context (no HTTP cache, no cookie).
Light mode is asked for as a phone asks for it: the `Save-Data: on` header. The clock is the page's own
(Resource Timing and Paint Timing): a response counts when its last byte arrived before the moment, with its
`transferSize` (compressed body and headers, what the link carries).

- readable: the first contentful paint, once the HTML has its KPI values (checked: the first screen holds them)
  and the render-blocking style sheets are in;
- usable: the app has taken over from the first screen (its controls answer) and every chart is drawn (plotly's
  SVG in normal mode; the server's image loaded in light mode), but a lazy chart not yet near the screen (the
  sector page's, assets/charts.js: not asked for until the reader scrolls to it). On a phone these three pages
  start the app at the reader's first move (components/first_screen.py): the visit moves the pointer as soon as
  the HTML is in, so "usable" is the app's full cost, as in a reader who touches the page at once;
- quiet: once no request has been under way for half a second (what a reader who does not scroll downloads).

Each page is visited once first (the server's caches and its image cache warm: a page's second reader), then
measured. `--sqlite-db` serves a scale database (bench/scale_data.py, migrated); `--compare DIR` serves a second
checkout (the code before a change) on the same database, measured right after this one per page and mode.

`--read-first S` waits S seconds before the first move and `--cpu-slowdown 4` slows the CPU as Lighthouse's phone
does: the last column is then how long the reader's first move waits for the app to answer.

    .venv/bin/python bench/light_mode.py [--sqlite-db FILE] [--pages /,/sektor/kemiskinan] [--modes normal]
        [--compare DIR] [--read-first S] [--cpu-slowdown N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser import ARGS, CHROMIUM, database, serve  # noqa: E402

PAGES = {"/": "/", "sector page": "/sektor/kemiskinan", "regency profile": "/wilayah/6403"}
MODES = {"normal": {}, "light (Save-Data: on)": {"Save-Data": "on"}}
USABLE = """() => !document.getElementById('first-screen')
  && [...document.querySelectorAll('.chart-card')].every((c) =>
       c.querySelector('.main-svg') || [...c.querySelectorAll('img.chart-image')].some((i) => i.complete && i.naturalWidth)
       || (c.querySelector('.chart-waiting') && c.getBoundingClientRect().top > innerHeight + 400))
  && !document.querySelector('._dash-loading')"""
BYTES = """(until) => {
  const nav = performance.getEntriesByType('navigation')[0];
  const all = [nav, ...performance.getEntriesByType('resource')].filter((e) => e.responseEnd <= until);
  return {bytes: all.reduce((sum, e) => sum + e.transferSize, 0), requests: all.length,
          plotly: all.some((e) => /plotly/i.test(e.name))};
}"""
PAINTED = "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"


def visit(browser, url: str, headers: dict, read_first: float = 0, slowdown: float = 1) -> dict:
    # Without the offline worker (web/sw.js): a response it answers is not counted in the page's Resource Timing.
    context = browser.new_context(
        extra_http_headers=headers, viewport={"width": 390, "height": 844}, service_workers="block"
    )
    page = context.new_page()
    if slowdown > 1:  # a phone's slower CPU, as Lighthouse's mobile profile emulates it
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    response = page.goto(url, wait_until="domcontentloaded", timeout=600_000)  # light mode's images come after
    readable_in_html = "kpi-value" in response.text() or "profile-changes" in response.text()
    page.wait_for_timeout(read_first * 1000)  # the reader reads the first screen before their first move
    moved_at = page.evaluate("performance.now()")
    page.mouse.move(5, 5)  # the reader's first move: the app starts (issue 15)
    page.wait_for_function(USABLE, timeout=600_000, polling=50)
    page.wait_for_function(f"({PAINTED})() !== undefined")
    usable_at = page.evaluate("performance.now()")
    painted_at = page.evaluate(PAINTED)
    page.wait_for_load_state("networkidle", timeout=600_000)
    found = {
        "readable": page.evaluate(BYTES, painted_at),
        "usable": page.evaluate(BYTES, usable_at),
        "quiet": page.evaluate(BYTES, page.evaluate("performance.now()")),
        "readable_ms": painted_at,
        "usable_ms": usable_at,
        "wait_ms": max(0.0, usable_at - moved_at),  # what the first move waits for before the app answers
        "in_html": readable_in_html,
    }
    context.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite-db", help="a database file to serve (default: a new one with the bundled data)")
    parser.add_argument("--pages", help="comma-separated paths (default: /, a sector page and a regency profile)")
    parser.add_argument("--modes", default="normal,light", help="normal, light or both")
    parser.add_argument("--read-first", type=float, default=0, help="seconds read before the first move")
    parser.add_argument("--cpu-slowdown", type=float, default=1, help="CPU slowed N times (Lighthouse's phone: 4)")
    parser.add_argument("--compare", help="a second checkout of the portal to measure side by side (e.g. /work/main)")
    args = parser.parse_args(argv)
    pages = {name: path for name, path in PAGES.items() if not args.pages or path in args.pages.split(",")}
    modes = {name: h for name, h in MODES.items() if name.split()[0] in args.modes.split(",")}
    with tempfile.TemporaryDirectory(prefix="portal-light-") as tmp:
        url = database(args.sqlite_db, Path(tmp))
        env = {"DATABASE_URL": url, "AUDIT_LOG": str(Path(tmp) / "audit.jsonl"), "CACHE_TYPE": "FileSystemCache",
               "CACHE_DIR": str(Path(tmp) / "cache")}  # fmt: skip
        servers = {"": serve("app:create_app()", env, ready="/healthz")}
        if args.compare:
            compare_env = {**env, "CACHE_DIR": str(Path(tmp) / "cache-compare")}
            servers[" (compare)"] = serve("app:create_app()", compare_env, cwd=Path(args.compare), ready="/healthz")
        rows = []
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for name, path in pages.items():
                    for mode, headers in modes.items():
                        for which, (_proc, base) in servers.items():
                            visit(browser, base + path, headers)  # the page's first reader warms the server
                            found = visit(browser, base + path, headers, args.read_first, args.cpu_slowdown)
                            rows.append((name, mode + which, found))
                browser.close()
        finally:
            for portal, _base in servers.values():
                portal.terminate()  # a worker stops its kaleido browser on the way out: slow on a loaded machine
                try:
                    portal.wait(timeout=120)
                except subprocess.TimeoutExpired:
                    portal.kill()
    load = os.getloadavg()
    print(
        f"database: {url}; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; viewport 390 x 844; first move"
        f" after {args.read_first:g} s; CPU slowed {args.cpu_slowdown:g}×"
    )
    print(
        "\n| page | mode | kB before KPI values readable | kB before usable (requests) | plotly.js loaded"
        " | kB once the network is quiet (plotly.js loaded) | ms readable · usable | ms the first move waits |"
    )
    print("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: |")
    normal: dict[str, int] = {}
    for name, mode, found in rows:
        usable = found["usable"]["bytes"]
        normal.setdefault(name, usable)
        ratio = f" ({usable / normal[name]:.2f}×)" if mode != "normal" else ""
        readable = f"{found['readable']['bytes'] / 1000:.1f}" + ("" if found["in_html"] else " (not in the HTML)")
        print(
            f"| {name} | {mode} | {readable} | {usable / 1000:.1f}{ratio} ({found['usable']['requests']}) | "
            f"{'yes' if found['usable']['plotly'] else 'no'} | {found['quiet']['bytes'] / 1000:.1f}"
            f" ({'yes' if found['quiet']['plotly'] else 'no'}) | {found['readable_ms']:,.0f} · {found['usable_ms']:,.0f} | {found['wait_ms']:,.0f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
