"""Cold views: what the first request for each view costs on a fresh server, against the do-nothing callback.

For each checkout (this one, and with `--compare DIR` another, e.g. /work/main before a change), on one
database, two fresh gunicorn servers (2 workers) are started in turn:

- the first measures each page's render callback once, cold (the query and response caches empty: every
  figure of the page is built), after the p50 of 30 do-nothing callbacks (`bench-noop`, the baseline);
- the second measures each page's HTML (GET, cold: with the first screen in the HTML, the page's layout is
  built for it), after the p50 of 30 GETs of /healthz.

Ratios are to the baseline of the same server, so checkouts compare in one run. The database file is read once
first, so that the first checkout does not pay for the disk and the second find it in the OS cache.

    .venv/bin/python bench/cold_views.py [--sqlite-db FILE] [--compare DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser import serve  # noqa: E402
from bench.dash_requests import CALLBACK_PATH, page_body  # noqa: E402

VIEWS = [
    "/",
    "/sektor/kemiskinan",
    "/wilayah",
    "/wilayah/6403",
    "/wilayah/6403?indikator=kemiskinan_p0&kecamatan=64.02.01",
    "/indikator/kemiskinan_p0",
    "/perhatian",
]
NOOP = {
    "output": "bench-noop.title",
    "outputs": {"id": "bench-noop", "property": "title"},
    "inputs": [{"id": "bench-noop", "property": "n_clicks", "value": 1}],
    "changedPropIds": ["bench-noop.n_clicks"],
    "state": [],
}
REPEATS = 30


def _ms(client: httpx.Client, method: str, path: str, **kw) -> tuple[float, httpx.Response]:
    began = time.perf_counter()
    response = client.request(method, path, **kw)
    return (time.perf_counter() - began) * 1000, response


def callbacks_cold(base: str) -> dict:
    with httpx.Client(base_url=base, timeout=300) as client:
        baseline = statistics.median(_ms(client, "POST", CALLBACK_PATH, json=NOOP)[0] for _ in range(REPEATS))
        out = {"baseline": baseline}
        for view in VIEWS:
            path, mark, query = view.partition("?")
            took, response = _ms(client, "POST", CALLBACK_PATH, json=page_body(path, mark + query))
            out[view] = (took, response.status_code)
    return out


def html_cold(base: str) -> dict:
    with httpx.Client(base_url=base, timeout=300) as client:
        baseline = statistics.median(_ms(client, "GET", "/healthz")[0] for _ in range(REPEATS))
        out = {"baseline": baseline}
        for view in VIEWS:
            took, response = _ms(client, "GET", view)
            out[view] = (took, response.status_code, len(response.content))
    return out


def measure(checkout: Path, env: dict) -> tuple[dict, dict]:
    results = []
    for part in (callbacks_cold, html_cold):
        proc, base = serve("app:create_app()", env, cwd=checkout, ready="/healthz")
        try:
            results.append(part(base))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return results[0], results[1]


def _read_through(url: str) -> None:
    path = Path(url.removeprefix("sqlite:///"))
    with path.open("rb") as handle:
        while handle.read(1 << 24):
            pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite-db")
    parser.add_argument("--compare", help="a second checkout measured the same way (e.g. /work/main)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="portal-cold-") as tmp:
        tmp = Path(tmp)
        if args.sqlite_db:
            url = f"sqlite:///{Path(args.sqlite_db).resolve()}"
        else:
            from etl import runner

            url = f"sqlite:///{tmp / 'portal.db'}"
            runner.run(url)
        _read_through(url)  # the file in the OS cache before either checkout runs: neither pays for the disk
        env = {"DATABASE_URL": url, "AUDIT_LOG": str(tmp / "audit.jsonl"), "SECRET_KEY_FILE": str(tmp / "key")}
        checkouts = {"this": ROOT, **({"compare": Path(args.compare)} if args.compare else {})}
        found = {name: measure(path, env) for name, path in checkouts.items()}
    print("\n| code | view | cold render callback ms | / do-nothing | cold HTML (GET) ms | / healthz | HTML bytes |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for name, (calls, pages) in found.items():
        print(f"| {name} | do-nothing callback; /healthz | {calls['baseline']:.1f} | 1.0× | {pages['baseline']:.1f} "
              f"| 1.0× | |")  # fmt: skip
        for view in VIEWS:
            (took, status), (html_ms, html_status, size) = calls[view], pages[view]
            flag = "" if status == html_status == 200 else f" (status {status}/{html_status})"
            print(
                f"| {name} | {view}{flag} | {took:.0f} | {took / calls['baseline']:.0f}× | {html_ms:.0f} "
                f"| {html_ms / pages['baseline']:.0f}× | {size:,} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
