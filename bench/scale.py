"""Provincial-scale benchmark: query functions, figure callbacks over HTTP, throughput, figure JSON size.

On a database built by bench/scale_data.py (the full region hierarchy, 90 indicators, N observations) on
SQLite and PostgreSQL, in one run:

- every query function of portal.queries, called directly (no cache): p50 and p95 of repeated calls;
- the figure callbacks (each page's render, which builds its charts, and the indicator filter) as HTTP round
  trips under gunicorn (deploy/gunicorn.conf.py, 2 workers), against the do-nothing callback of the same
  app; the first call of each view (cache cold) and the p50 of the repeats (query cache warm);
- throughput: 8 concurrent clients on loopback for a bounded time, figure callbacks only;
- figure JSON per chart against the plain-dict minimum for the same data (each trace's type and data
  arrays, no layout).

    .venv/bin/python bench/scale.py [--rows 1000000] [--engines sqlite,postgresql] [--sqlite-db FILE]

Prints a Markdown table per part (paste into docs/benchmarks.md). A benchmark never fails a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dash_requests import CALLBACK_PATH, callback_body, page_body  # noqa: E402
from bench.load_test import HOST, start_server  # noqa: E402
from bench.scale_data import build, new_database  # noqa: E402
from portal.db import get_engine  # noqa: E402
from tests.pgserver import free_port, throwaway_server  # noqa: E402

REGENCY = "6403"
KECAMATAN = "64.02.01"  # a kecamatan of REGENCY (Kemendagri 64.02) in bench/scale_data.py's regions
KECAMATAN_LEVELS = ("kecamatan", "desa")
PAGES = [
    "/",
    "/sektor/kemiskinan",
    "/wilayah",
    "/wilayah/6403",
    f"/wilayah/6403?indikator=kemiskinan_p0&kecamatan={KECAMATAN}",
    "/indikator/kemiskinan_p0",
    "/perhatian",  # the exception board: every indicator x province and regencies, scored and ranked
]
GOAL_QUERY_MS = 10.0


def query_calls() -> list[tuple[str, tuple, dict]]:
    """Each query function with the arguments a page passes (the defaults of the executive views)."""
    calls = [
        ("sectors", (), {}),
        ("regions", (), {}),
        ("regions", (KECAMATAN_LEVELS,), {}),
        ("catalogue", (), {}),
        ("headline_observations", (), {}),
        ("headline_observations", (REGENCY,), {}),
        ("targets", (["kemiskinan_p0", "gini_ratio", "tpt"],), {}),
        ("freshness", (), {}),
        ("last_load", (), {}),
        ("regional_values", ("kemiskinan_p0",), {}),
        ("headline_regional", (), {}),
        ("headline_regional", ((), ("64", REGENCY)), {}),
        ("regional_at", ((("kemiskinan_p0", "2024-S1"), ("ipm", "2024")),), {}),
        ("runs", (), {}),
        ("source_status", (), {}),
        ("indicator_freshness", (), {}),
        ("rejected_rows", (), {}),
        ("indicator", ("kemiskinan_p0",), {}),
        ("observations", ("kemiskinan_p0",), {}),
        ("indicator_data", ("kemiskinan_p0",), {}),
        ("sample_counts", (), {}),
        ("applications", (), {}),
        ("subregions", (REGENCY,), {}),
        ("subregional_indicators", (REGENCY,), {}),
        ("subregional_values", ("kemiskinan_p0", REGENCY), {}),
        ("subregional_values", ("kemiskinan_p0", KECAMATAN), {}),
        ("board_history", (), {}),
        ("board_targets", (), {}),
        ("board_marks", (), {}),
    ]
    from portal import queries

    return [(n, a, k) for n, a, k in calls if callable(getattr(queries, n, None))]


def time_queries(url: str, repeats: int) -> list[dict]:
    """p50/p95 of each query function, called directly (outside an app: no cache)."""
    os.environ["DATABASE_URL"] = url
    from portal import queries

    out = []
    for name, args, kwargs in query_calls():
        fn = getattr(queries, name)
        result = fn(*args, **kwargs)  # connection and statement caches warm
        if isinstance(result, tuple):  # indicator_data: (meta, observations, targets)
            result = result[1]
        n_rows = len(result) if hasattr(result, "__len__") and not isinstance(result, dict) else 1
        times = []
        for _ in range(repeats):
            began = time.perf_counter()
            fn(*args, **kwargs)
            times.append((time.perf_counter() - began) * 1000)
        label = f"{name}({', '.join(repr(a) for a in args)})"
        out.append({"query": label, "rows": n_rows, "p50": statistics.median(times), "p95": _pct(times, 0.95)})
    return out


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _callbacks() -> dict:
    """The app's callback map (the server-side registry the request bodies are built from)."""
    from app import create_app

    app = create_app()
    app.server.test_client().get("/")  # the callback map as the server registers it
    return app.callback_map


def _views(callbacks: dict) -> list[tuple[str, dict]]:
    """(label, request body) of the figure callbacks measured, and the do-nothing one first."""
    views = [("do-nothing callback", callback_body("bench-noop.title", callbacks["bench-noop.title"], [1]))]
    for page in PAGES:
        path, mark, query = page.partition("?")
        views.append((f"page {page}", page_body(path, mark + query)))  # search as the browser sends it: "?..."
    grafik = next(((k, v) for k, v in callbacks.items() if "indikator-grafik.children" in k), None)
    if grafik:
        key, spec = grafik
        n_state = len(spec.get("state", []))
        views.append(
            (
                "filter /indikator (2 regencies, 2018-2024)",
                callback_body(
                    key, spec, [["6403", "6472"], 2018, 2024][: len(spec["inputs"])], ["kemiskinan_p0"][:n_state]
                ),
            )
        )
    return views


def time_callbacks(base: str, repeats: int) -> tuple[list[dict], list[tuple[str, dict]]]:
    callbacks = _callbacks()
    views = _views(callbacks)
    out = []
    with httpx.Client(base_url=base, timeout=120) as client:
        for label, body in views:
            began = time.perf_counter()
            first = client.post(CALLBACK_PATH, json=body)
            cold = (time.perf_counter() - began) * 1000
            times = []
            for _ in range(repeats):
                began = time.perf_counter()
                response = client.post(CALLBACK_PATH, json=body)
                times.append((time.perf_counter() - began) * 1000)
            out.append(
                {
                    "view": label,
                    "status": first.status_code,
                    "bytes": len(first.content),
                    "cold": cold,
                    "p50": statistics.median(times),
                    "ok": response.status_code == 200,
                    "body": first.content,
                }
            )
    return out, views


async def _throughput(base: str, views: list[tuple[str, dict]], clients: int, seconds: float) -> dict:
    bodies = [body for label, body in views if not label.startswith("do-nothing")]
    done, errors = 0, 0
    stop = time.monotonic() + seconds

    async def client_loop(i: int) -> None:
        nonlocal done, errors
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            k = i
            while time.monotonic() < stop:
                try:
                    response = await client.post(CALLBACK_PATH, json=bodies[k % len(bodies)])
                    if response.status_code == 200:
                        done += 1
                    else:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                k += 1

    began = time.perf_counter()
    await asyncio.gather(*(client_loop(i) for i in range(clients)))
    elapsed = time.perf_counter() - began
    return {"clients": clients, "seconds": elapsed, "callbacks": done, "per_s": done / elapsed, "errors": errors}


DATA_KEYS = ("x", "y", "z", "locations", "values", "labels", "text", "geojson", "lat", "lon")


def _figures(node, found: list) -> None:
    if isinstance(node, dict):
        if node.get("type") == "Graph" and isinstance(node.get("props", {}).get("figure"), dict):
            found.append(node["props"]["figure"])
        for value in node.values():
            _figures(value, found)
    elif isinstance(node, list):
        for value in node:
            _figures(value, found)


def figure_sizes(results: list[dict]) -> list[dict]:
    """Per chart in the measured responses: its JSON size against the plain-dict minimum for the same data."""
    out = []
    for r in results:
        if r["status"] != 200:
            continue
        figures: list = []
        _figures(json.loads(r["body"]), figures)
        for i, fig in enumerate(figures):
            traces = fig.get("data", [])
            if not traces:
                continue
            minimum = {"data": [{k: t[k] for k in ("type", *DATA_KEYS) if k in t} for t in traces]}
            size, floor = len(json.dumps(fig, separators=(",", ":"))), len(json.dumps(minimum, separators=(",", ":")))
            out.append({"view": r["view"], "chart": i + 1, "traces": len(traces), "bytes": size, "minimum": floor})
    return out


def http_part(url: str, workdir: Path, repeats: int, seconds: float) -> dict:
    port = free_port()
    os.environ["WEB_CONCURRENCY"] = "2"
    proc = start_server(url, port, workdir)
    base = f"http://{HOST}:{port}"
    try:
        callbacks, views = time_callbacks(base, repeats)
        throughput = asyncio.run(_throughput(base, views, 8, seconds))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"callbacks": callbacks, "throughput": throughput, "figures": figure_sizes(callbacks)}


def report(engine: str, rows: int, built: dict | None, queries_ms: list[dict], http: dict | None) -> None:
    print(f"\n### {engine}, {rows:,} observations")
    if built:
        print(f"built in {built['generate_s']:.0f} s + load {built['load_s']:.0f} s; regions {built['regions']}, ")
        print(f"{built['indicators']} indicators, areas from {built['areas_from']}")
    print("\n| query function | p50 ms | p95 ms | goal p50 ≤ 10 ms |")
    print("| --- | ---: | ---: | --- |")
    for q in queries_ms:
        print(
            f"| `{q['query']}` | {q['p50']:.1f} | {q['p95']:.1f} | {'met' if q['p50'] <= GOAL_QUERY_MS else 'SHORT'} |"
        )
    if not http:
        return
    base = next(c for c in http["callbacks"] if c["view"].startswith("do-nothing"))["p50"]
    print(
        "\n| callback (HTTP, gunicorn 2 workers) | status | response bytes | first call ms | p50 ms | p50 / do-nothing |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for c in http["callbacks"]:
        print(
            f"| {c['view']} | {c['status']} | {c['bytes']:,} | {c['cold']:.1f} | {c['p50']:.1f} | {c['p50'] / base:.1f}× |"
        )
    t = http["throughput"]
    print(
        f"\nthroughput: {t['clients']} clients, {t['seconds']:.1f} s, {t['callbacks']} figure callbacks, "
        f"{t['per_s']:.0f}/s, {t['errors']} errors"
    )
    print("\n| view | charts | figure JSON bytes (median) | data-only minimum (median) | ratio: median (range) |")
    print("| --- | ---: | ---: | ---: | --- |")
    views: dict[str, list[dict]] = {}
    for f in http["figures"]:
        views.setdefault(f["view"], []).append(f)
    for view, figs in views.items():
        ratios = [f["bytes"] / f["minimum"] for f in figs]
        print(
            f"| {view} | {len(figs)} | {statistics.median(f['bytes'] for f in figs):,.0f} "
            f"| {statistics.median(f['minimum'] for f in figs):,.0f} "
            f"| {statistics.median(ratios):.1f}× ({min(ratios):.1f}–{max(ratios):.1f}) |"
        )


def observation_count(url: str) -> int:
    """The rows of a database built earlier (the label of its tables)."""
    with get_engine(url).connect() as conn:
        return conn.execute(text("SELECT count(*) FROM observation")).scalar_one()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--sqlite-db", help="reuse a SQLite file built by bench/scale_data.py (skips the build)")
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the throughput run")
    parser.add_argument("--http-engines", default="sqlite,postgresql", help="engines the HTTP part runs on")
    args = parser.parse_args(argv)
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} CPU, {platform.python_implementation()} {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory(prefix="portal-scale-") as tmp:
        tmp = Path(tmp)
        engines = args.engines.split(",")
        if "sqlite" in engines:
            built = None
            if args.sqlite_db:
                url = f"sqlite:///{Path(args.sqlite_db).resolve()}"
            else:
                url = f"sqlite:///{tmp / 'scale.db'}"
                (tmp / "build").mkdir()
                built = build(url, args.rows, tmp / "build")
            q = time_queries(url, args.repeats)
            h = http_part(url, tmp, args.repeats, args.seconds) if "sqlite" in args.http_engines else None
            report("SQLite", args.rows if built else observation_count(url), built, q, h)
        if "postgresql" in engines:
            with throwaway_server() as server:
                url = new_database(server)
                (tmp / "build-pg").mkdir()
                built = build(url, args.rows, tmp / "build-pg")
                q = time_queries(url, args.repeats)
                h = http_part(url, tmp, args.repeats, args.seconds) if "postgresql" in args.http_engines else None
                report("PostgreSQL", args.rows, built, q, h)
    return 0


if __name__ == "__main__":
    sys.exit(main())
