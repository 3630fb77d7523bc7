"""Search and the open data API at provincial scale: the goals of issue 16, measured in one run.

On a database built by bench/scale_data.py (the full region tree: the province, 10 regencies, 105 kecamatan,
1,038 desa; 90 indicators; N observations), migrated to the newest schema, with the search index rebuilt as
the ETL rebuilds it after a load:

- the search function (portal.queries.search), called directly with no cache, over the 30 held-out queries of
  tests/data/search_heldout.csv and every prefix a reader types on the way to them ("s", "st", "stu"...): p50
  and p95; goal p50 <= 50 ms;
- over HTTP against gunicorn (deploy/gunicorn.conf.py, 2 workers), twice: with the app's default cache
  (SimpleCache per worker: a repeated question is answered from memory until the next load) and with
  CACHE_TYPE=NullCache (every request reaches the database, as each new word a reader types does):
  the no-op request (GET /api/v1/, the API's index: the same stack, the reader and the rate limit, no query),
  the search box's request (GET /api/v1/search?q=..., the 30 held-out queries) and the API's values of one
  indicator for all regions; requests of each kind take turns, so a burst of load on the shared machine falls
  on all of them alike. Goals: search p50 <= 50 ms; one indicator x all regions p50 <= 4x the no-op's.

    .venv/bin/python bench/search_api.py --sqlite-db /tmp/bench-10m.db [--repeats 30] [--postgresql-rows 10000000]

`--prepare` migrates the file to the newest schema and rebuilds its search index first (a copy of a database
built by an older version). Prints Markdown tables (paste into docs/benchmarks.md). A benchmark never fails a test.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_test import HOST, start_server  # noqa: E402
from bench.scale_data import build, new_database  # noqa: E402
from portal.db import get_engine  # noqa: E402
from tests.pgserver import free_port, throwaway_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "data" / "search_heldout.csv"
INDICATOR = "kemiskinan_p0"
GOAL_SEARCH_MS = 50.0
GOAL_RATIO = 4.0
NOOP = "/api/v1/"


def heldout() -> list[str]:
    with HELDOUT.open(encoding="utf-8", newline="") as f:
        return [row["query"] for row in csv.DictReader(f)]


def typed(queries: list[str]) -> list[str]:
    """Every prefix of every query of two or more characters, as the search box asks while a reader types."""
    out = []
    for q in queries:
        out += [q[:n] for n in range(2, len(q) + 1) if q[:n].strip() and not q[:n].endswith(" ")]
    return list(dict.fromkeys(out))


def latest_period(url: str) -> str:
    with get_engine(url).connect() as conn:
        return conn.execute(
            text("SELECT max(period) FROM observation WHERE indicator = :i AND region = '64'"), {"i": INDICATOR}
        ).scalar_one()


def api_calls(period: str) -> list[tuple[str, str]]:
    """(label, path) of the API calls for one indicator x all regions."""
    base = f"/api/v1/indicators/{INDICATOR}/observations"
    return [
        (f"one period, every region (`?period={period}`)", f"{base}?period={period}&limit=10000"),
        ("the whole series, first page (default 1,000 rows)", base),
        ("as CSV, one period, every region", f"{base}?period={period}&limit=10000&format=csv"),
    ]


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _stats(times: list[float]) -> dict:
    return {"n": len(times), "p50": statistics.median(times), "p95": _pct(times, 0.95), "max": max(times)}


def prepare(url: str) -> dict:
    """Migrate to the newest schema and rebuild the search index, as the ETL does after a load."""
    from etl import search_index
    from portal.db import migrate

    began = time.perf_counter()
    migrate(url)
    migrated = time.perf_counter() - began
    began = time.perf_counter()
    with get_engine(url).begin() as conn:
        search_index.rebuild(conn)
    return {"migrate_s": migrated, "index_s": time.perf_counter() - began}


def counts(url: str) -> dict:
    with get_engine(url).connect() as conn:
        one = lambda sql: conn.execute(text(sql)).scalar_one()  # noqa: E731
        return {
            "observations": one("SELECT count(*) FROM observation"),
            "kecamatan": one("SELECT count(*) FROM region WHERE level = 'kecamatan'"),
            "desa": one("SELECT count(*) FROM region WHERE level = 'desa'"),
            "indicators": one("SELECT count(*) FROM indicator"),
            "entries": one("SELECT count(*) FROM search_entry"),
            "words": one("SELECT count(*) FROM search_word"),
        }


def direct(url: str, repeats: int, period: str) -> list[dict]:
    """The query functions called directly (outside an app: no cache), p50/p95 over every call."""
    os.environ["DATABASE_URL"] = url
    from portal import queries

    out = []
    for label, words in (("held-out queries", heldout()), ("every prefix typed on the way", typed(heldout()))):
        for q in words:
            queries.search(q)  # connection and statement caches warm
        times = []
        for _ in range(max(1, repeats // (1 if len(words) <= 30 else 30))):
            for q in words:
                began = time.perf_counter()
                queries.search(q)
                times.append((time.perf_counter() - began) * 1000)
        out.append({"call": f"search: {label} ({len(words)})", **_stats(times)})
    calls = [
        (f"values({INDICATOR!r}, periods=({period!r},))", {"periods": (period,), "limit": 10_000}),
        (f"values({INDICATOR!r})  (first 1,000 rows)", {}),
        (f"values({INDICATOR!r}, limit=10000)", {"limit": 10_000}),
    ]
    for label, kwargs in calls:
        rows = len(queries.values(INDICATOR, **kwargs))
        times = []
        for _ in range(repeats):
            began = time.perf_counter()
            queries.values(INDICATOR, **kwargs)
            times.append((time.perf_counter() - began) * 1000)
        out.append({"call": f"{label}: {rows:,} rows", **_stats(times)})
    return out


def over_http(url: str, workdir: Path, cache: str, repeats: int, period: str) -> list[dict]:
    """The no-op, the search box's requests and the API calls over HTTP against gunicorn, taking turns."""
    port = free_port()
    os.environ["WEB_CONCURRENCY"] = "2"
    os.environ["CACHE_TYPE"] = cache
    os.environ["API_RATE_LIMIT"] = "100000 per minute"  # the bench is one client asking many times
    proc = start_server(url, port, workdir)
    kinds = {"no-op: GET /api/v1/ (index, no query)": [NOOP], "search: the 30 held-out queries": []}
    kinds["search: the 30 held-out queries"] = [f"/api/v1/search?{httpx.QueryParams(q=q)}" for q in heldout()]
    for label, path in api_calls(period):
        kinds[f"values: {label}"] = [path]
    times: dict[str, list[float]] = {k: [] for k in kinds}
    sizes: dict[str, int] = {}
    try:
        with httpx.Client(base_url=f"http://{HOST}:{port}", timeout=120) as client:
            for kind, paths in kinds.items():  # each worker's connections warm; with a cache, the first answers
                for path in paths:
                    for _ in range(2):
                        response = client.get(path)
                        if response.status_code != 200:
                            raise RuntimeError(f"{path}: HTTP {response.status_code} {response.text[:200]}")
                        sizes[kind] = len(response.content)
            for i in range(repeats):
                for kind, paths in kinds.items():
                    path = paths[i % len(paths)]
                    began = time.perf_counter()
                    client.get(path).raise_for_status()
                    times[kind].append((time.perf_counter() - began) * 1000)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a worker still busy on a loaded machine
            proc.kill()
            proc.wait(timeout=30)
        os.environ.pop("CACHE_TYPE", None)
    return [{"request": k, "bytes": sizes[k], **_stats(v)} for k, v in times.items()]


def report_direct(engine: str, facts: dict, prepared: dict | None, calls: list[dict]) -> None:
    print(f"\n### {engine}: {facts['observations']:,} observations")
    print(
        f"{facts['indicators']} indicators; {facts['kecamatan']} kecamatan, {facts['desa']:,} desa; search index "
        f"{facts['entries']:,} entries, {facts['words']:,} words"
        + (
            f"; migrated in {prepared['migrate_s']:.0f} s, index rebuilt in {prepared['index_s']:.1f} s"
            if prepared
            else ""
        )
    )
    print("\n| call (direct, no cache) | calls | p50 ms | p95 ms | max ms | goal |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for c in calls:
        goal = (
            ("met" if c["p50"] <= GOAL_SEARCH_MS else "SHORT") + " (p50 ≤ 50 ms)"
            if c["call"].startswith("search")
            else ""
        )
        print(f"| `{c['call']}` | {c['n']} | {c['p50']:.1f} | {c['p95']:.1f} | {c['max']:.1f} | {goal} |")
    print(f"\nload average: {_load()}", flush=True)


def report_http(cache: str, rows: list[dict]) -> None:
    noop = rows[0]["p50"]
    print(
        f"\n| HTTP, gunicorn 2 workers, CACHE_TYPE={cache} | bytes | requests | p50 ms | p95 ms | p50 / no-op | goal |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        ratio = r["p50"] / noop
        if r["request"].startswith("search"):
            goal = ("met" if r["p50"] <= GOAL_SEARCH_MS else "SHORT") + " (p50 ≤ 50 ms)"
        elif r["request"].startswith("values"):
            goal = ("met" if ratio <= GOAL_RATIO else "SHORT") + " (≤ 4× no-op)"
        else:
            goal = ""
        print(
            f"| {r['request']} | {r['bytes']:,} | {r['n']} | {r['p50']:.1f} | {r['p95']:.1f} | {ratio:.1f}× | {goal} |"
        )
    print(f"\nload average: {_load()}", flush=True)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(engine: str, url: str, workdir: Path, args, prepared: dict | None = None) -> None:
    period = latest_period(url)
    report_direct(engine, counts(url), prepared, direct(url, args.repeats, period))
    for cache in args.caches.split(","):
        report_http(cache, over_http(url, workdir, cache, args.repeats, period))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite-db", help="a SQLite file built by bench/scale_data.py")
    parser.add_argument("--prepare", action="store_true", help="migrate the file and rebuild its search index first")
    parser.add_argument("--postgresql-rows", type=int, default=0, help="also build PostgreSQL with this many rows")
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--caches", default="NullCache,SimpleCache", help="the cache backends served over HTTP")
    args = parser.parse_args(argv)
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} CPU, {platform.python_implementation()} "
        f"{platform.python_version()}; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    with tempfile.TemporaryDirectory(prefix="portal-search-api-") as tmp:
        tmp = Path(tmp)
        if args.sqlite_db:
            url = f"sqlite:///{Path(args.sqlite_db).resolve()}"
            prepared = prepare(url) if args.prepare else None
            run("SQLite", url, tmp, args, prepared)
        if args.postgresql_rows:
            with throwaway_server() as server:
                url = new_database(server)
                (tmp / "build-pg").mkdir()
                built = build(url, args.postgresql_rows, tmp / "build-pg")
                print(f"\nPostgreSQL built: generate {built['generate_s']:.0f} s + load {built['load_s']:.0f} s")
                run("PostgreSQL", url, tmp, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
