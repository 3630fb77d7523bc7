"""Full reload against its floor: the ETL into an empty database vs a raw load followed by the index build.

For each engine, on fresh databases and the same generated rows (bench/scale_data.py: the full region
hierarchy, 90 indicators):

- floor: the rows already parsed, inserted into a copy of the fact table that has no index, no foreign key,
  no constraint (SQLite: one executemany in one transaction; PostgreSQL: COPY), then the fact table's two
  indexes built (the unique key and the region index);
- full reload: the project's ETL load (`etl.load.load_delivery`: validation; the path for an empty fact table
  (etl/bulk.py): on SQLite one executemany into the table with its unique key and foreign keys, the region
  index dropped and built after; on PostgreSQL keys and indexes dropped, COPY, rebuilt and re-checked; the
  indicator_summary refresh and planner statistics, the run row) in one transaction, as the nightly job does
  for a source.

    .venv/bin/python bench/reload.py [--rows 1000000] [--engines sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scale_data import SOURCE, generate, prepare  # noqa: E402
from etl import load  # noqa: E402
from etl.delivery import Delivery
from tests.pgserver import throwaway_server  # noqa: E402

RAW_COLUMNS = (
    "indicator varchar(60), region varchar(13), period varchar(10), value double precision, status varchar(10), "
    "source varchar(60), source_url text, note text, run_id integer, loaded_at timestamp"
)
INDEXES = (
    "CREATE UNIQUE INDEX raw_key ON observation_raw (indicator, region, period)",
    "CREATE INDEX raw_region ON observation_raw (region, indicator, period)",
)


def floor(url: str, workdir: Path, frame) -> tuple[float, float]:
    """Seconds to insert the parsed rows into an unindexed table, and to build the two indexes after."""
    engine, *_ = prepare(url, workdir)
    run_id = load.start_run(engine, SOURCE)
    stamp = load.now()
    if engine.dialect.name == "sqlite":
        stamp = stamp.strftime("%Y-%m-%d %H:%M:%S.%f")
    valid = frame.assign(source_url=None, note=None)
    rows = load.observation_rows(valid, SOURCE, run_id, stamp)
    columns = ", ".join(load.OBS_COLUMNS)
    with engine.begin() as conn:
        cursor = conn.connection.dbapi_connection.cursor()
        cursor.execute(f"CREATE TABLE observation_raw ({RAW_COLUMNS})")
        began = time.perf_counter()
        if engine.dialect.name == "postgresql":
            with cursor.copy(f"COPY observation_raw ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO observation_raw VALUES ({', '.join('?' * len(load.OBS_COLUMNS))})", rows)
        inserted = time.perf_counter()
        for statement in INDEXES:
            cursor.execute(statement)
        indexed = time.perf_counter()
        cursor.close()
    return inserted - began, indexed - inserted


def reload(url: str, workdir: Path, frame) -> float:
    engine, *_ = prepare(url, workdir)
    part = frame.copy()
    part.insert(0, "row_number", np.arange(1, len(part) + 1))
    run_id = load.start_run(engine, SOURCE)
    began = time.perf_counter()
    result = load.load_delivery(engine, SOURCE, run_id, Delivery(part))
    took = time.perf_counter() - began
    assert result.status == "berhasil" and result.loaded == len(frame), result
    return took


def bench(name: str, url_for, workdir: Path, rows: int) -> dict:
    (workdir / f"{name}-floor").mkdir()
    (workdir / f"{name}-etl").mkdir()
    _, indicators, regions, _ = prepare(url_for("floor"), workdir / f"{name}-floor")
    frame = generate(rows, indicators, regions)
    insert_s, index_s = floor(url_for("floor"), workdir / f"{name}-floor", frame)
    etl_s = reload(url_for("etl"), workdir / f"{name}-etl", frame)
    return {"engine": name, "rows": len(frame), "insert_s": insert_s, "index_s": index_s, "etl_s": etl_s}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="portal-reload-") as tmp:
        tmp = Path(tmp)
        engines = args.engines.split(",")
        if "sqlite" in engines:
            results.append(bench("SQLite", lambda n: f"sqlite:///{tmp / n}.db", tmp, args.rows))
            print(results[-1], flush=True)
        if "postgresql" in engines:
            with throwaway_server() as base:
                with psycopg.connect(base.replace("+psycopg", "") + "/postgres", autocommit=True) as conn:
                    conn.execute("CREATE DATABASE floor")
                    conn.execute("CREATE DATABASE etl")
                results.append(bench("PostgreSQL", lambda n: f"{base}/{n}", tmp, args.rows))
                print(results[-1], flush=True)
    print(f"\nMachine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    print("| engine | rows | floor: insert + index build | full reload (ETL) | reload / floor | goal ≤ 2× |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for r in results:
        floor_s = r["insert_s"] + r["index_s"]
        ratio = r["etl_s"] / floor_s
        print(
            f"| {r['engine']} | {r['rows']:,} | {floor_s:.1f} s ({r['insert_s']:.1f} + {r['index_s']:.1f}) "
            f"| {r['etl_s']:.1f} s | {ratio:.2f}× | {'met' if ratio <= 2 else 'SHORT'} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
