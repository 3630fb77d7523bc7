"""What a regency profile reads: every regency's history of the headline indicators (`headline_regional()`,
what the profile read before) against the regency's and the province's (`headline_regional(regions=...)`)
and the other regencies at the periods that rank it (`regional_at`), on one database in one run.

Each read is a query function called directly (no cache), p50 of repeated calls after one warm-up: wall time,
and the CPU time of this process (the whole query on SQLite, which runs in the process; on PostgreSQL only the
client's share). Rows are what the database sends. On a database built by bench/scale_data.py, or on new ones
of `--rows` observations (PostgreSQL in a throwaway server):

    .venv/bin/python bench/regional_reads.py --url sqlite:///data/bench-1m.db [--repeats 30]
    .venv/bin/python bench/regional_reads.py --rows 1000000 --engines sqlite,postgresql

Prints a Markdown table (paste into docs/benchmarks.md). A benchmark never fails a test.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REGENCIES = ("6403", "6411", "6472")  # the largest kabupaten, the remotest, the capital


def _timed(reads, repeats: int) -> dict:
    """p50 wall and CPU milliseconds of running every read in `reads` (callables), and the rows they return."""
    rows = sum(len(read()) for read in reads)  # warm-up
    wall, cpu = [], []
    for _ in range(repeats):
        began, began_cpu = time.perf_counter(), time.process_time()
        for read in reads:
            read()
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    return {"rows": rows, "wall": statistics.median(wall), "cpu": statistics.median(cpu)}


def views(repeats: int) -> list[dict]:
    from portal import queries
    from portal.state.profile import latest_periods

    out = []
    for code in REGENCIES:
        history = queries.headline_regional(regions=("64", code))
        pairs = tuple(sorted(latest_periods(history, code).items()))
        everything = _timed([queries.headline_regional], repeats)
        shown = _timed(
            [
                lambda code=code: queries.headline_regional(regions=("64", code)),
                lambda pairs=pairs: queries.regional_at(pairs),
            ],
            repeats,
        )
        out.append({"view": f"profile /wilayah/{code}", "old": everything, "new": shown})
    return out


def report(engine: str, url: str, repeats: int) -> None:
    from portal.db import bind, unbind

    token = bind(url)
    try:
        results = views(repeats)
    finally:
        unbind(token)
    print(f"\n{engine}:\n")
    print(
        "| view | every regency: rows | wall ms | CPU ms | the regency: rows | wall ms | CPU ms | wall ratio | CPU ratio |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        old, new = r["old"], r["new"]
        print(
            f"| {r['view']} | {old['rows']:,} | {old['wall']:.1f} | {old['cpu']:.1f} | {new['rows']:,} "
            f"| {new['wall']:.1f} | {new['cpu']:.1f} | {new['wall'] / old['wall']:.2f} | {new['cpu'] / old['cpu']:.2f} |"
        )


@contextlib.contextmanager
def built(engine: str, rows: int, folder: Path):
    """A new database of `rows` observations on `engine` (bench/scale_data.py); yields its URL."""
    import psycopg

    from bench.scale_data import build
    from tests.pgserver import throwaway_server

    (folder / engine).mkdir()
    if engine == "sqlite":
        url = f"sqlite:///{folder / 'regional.db'}"
        build(url, rows, folder / engine)
        yield url
        return
    with throwaway_server() as server:
        with psycopg.connect(server.replace("+psycopg", "") + "/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE regional")
        build(f"{server}/regional", rows, folder / engine)
        yield f"{server}/regional"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a database built by bench/scale_data.py")
    parser.add_argument("--rows", type=int, default=1_000_000, help="without --url: observations of new databases")
    parser.add_argument("--engines", default="sqlite,postgresql", help="without --url: engines of new databases")
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args(argv)
    if args.url:
        report(args.url.split(":", 1)[0], args.url, args.repeats)
        return 0
    with tempfile.TemporaryDirectory(prefix="portal-regional-") as tmp:
        for engine in args.engines.split(","):
            with built(engine, args.rows, Path(tmp)) as url:
                report(f"{engine}, {args.rows:,} observations", url, args.repeats)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
