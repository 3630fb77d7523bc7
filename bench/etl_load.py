"""ETL benchmark: a 1,000,000-row standard-template CSV loaded into SQLite and PostgreSQL.

For each engine it measures, in the same run and on fresh databases with the real schema:
- the raw floor: the rows already parsed, written with nothing else going on (SQLite: one plain
  executemany INSERT in one transaction; PostgreSQL: one COPY into the observation table);
- the ETL: read the CSV (`;`, decimal comma, as agencies write it), validate every row, upsert in
  one transaction (the same code path as `python -m etl ingest`);
- a second ETL pass over the same file (every row unchanged).

    .venv/bin/python bench/etl_load.py [--rows N] [--engines sqlite,postgresql]

Writes nothing outside a temporary folder; prints a table to paste into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import psycopg
from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from etl import load, runner  # noqa: E402
from etl.reference import read_catalogue  # noqa: E402
from etl.sources import template  # noqa: E402
from portal.db import get_engine  # noqa: E402
from portal.models import Indicator  # noqa: E402
from portal.periods import EARLIEST_YEAR  # noqa: E402
from tests.pgserver import throwaway_server  # noqa: E402

REGIONS = ["64", "6401", "6402", "6403", "6404", "6405", "6409", "6411", "6471", "6472", "6474"]
SOURCE = "bench"
# The years the ETL takes as plausible and past (portal.periods.EARLIEST_YEAR; a year still to come is refused).
YEARS = range(EARLIEST_YEAR, date.today().year)


def copies_for(rows: int) -> int:
    """How many copies of the yearly indicators `rows` distinct keys need (1: the catalogue's own)."""
    return -(-rows // (len(yearly()) * len(REGIONS) * len(YEARS)))


def yearly() -> pd.DataFrame:
    cat = read_catalogue()
    return cat[cat["frequency"] == "tahunan"].reset_index(drop=True)


def copy_code(code: str, copy: int) -> str:
    return code if copy == 0 else f"{code}.b{copy}"


def generate(path: Path, rows: int, seed: int = 7) -> pd.DataFrame:
    """A template CSV with `rows` distinct keys: yearly indicators x 11 regions x the plausible past years (those
    the ETL accepts), in as many copies of the yearly indicators as the rows need (`add_copies` registers them in
    the bench's databases), values in range, written with `;` and decimal commas; about 1% of rows carry a region
    name instead of a code."""
    rng = np.random.default_rng(seed)
    cat = yearly()
    combos = len(cat) * len(REGIONS)
    idx = np.arange(rows)
    ind = idx % len(cat)
    reg = (idx // len(cat)) % len(REGIONS)
    year = YEARS[0] + (idx // combos) % len(YEARS)
    copy = idx // (combos * len(YEARS))
    low = cat["min_value"].fillna(0).to_numpy()[ind]
    high = cat["max_value"].fillna(100).to_numpy()[ind]
    values = np.round(low + (high - low) * rng.uniform(0.05, 0.95, rows), 2)
    frame = pd.DataFrame(
        {
            "kode_indikator": [copy_code(c, k) for c, k in zip(cat["code"].to_numpy()[ind], copy, strict=True)],
            "kode_wilayah": np.array(REGIONS)[reg],
            "periode": year.astype(str),
            "nilai": values,
        }
    )
    named = rng.random(rows) < 0.01
    frame.loc[named & (frame["kode_wilayah"] == "6403"), "kode_wilayah"] = "Kukar"
    text = frame.assign(nilai=[f"{v:.2f}".replace(".", ",") for v in values])
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("Benchmark ETL Portal Satu Data Kaltim;;;\n;;;\n")
        text.to_csv(fh, sep=";", index=False)
    frame["nilai"] = values
    return frame


def floor_rows(frame: pd.DataFrame, run_id: int) -> list[tuple]:
    """The already-parsed rows as the ETL would write them (region names resolved)."""
    clean = frame.assign(kode_wilayah=frame["kode_wilayah"].replace({"Kukar": "6403"}))
    valid = pd.DataFrame(
        {
            "indicator": clean["kode_indikator"],
            "region": clean["kode_wilayah"],
            "period": clean["periode"],
            "value": clean["nilai"],
            "status": "tetap",
            "source_url": None,
            "note": None,
        }
    )
    return load.observation_rows(valid, SOURCE, run_id, load.now().strftime("%Y-%m-%d %H:%M:%S.%f"))


def add_copies(url: str, copies: int) -> None:
    """Register the copies of the yearly indicators the file names (code.b1, code.b2, ...) in a bench database:
    the catalogue's 44 yearly indicators x 11 regions x the plausible years hold about 60,000 distinct keys."""
    table = Indicator.__table__
    with get_engine(url).begin() as conn:
        own = [dict(r._mapping) for r in conn.execute(select(table).where(table.c.frequency == "tahunan"))]
        extra = [{**r, "code": copy_code(r["code"], k)} for k in range(1, copies) for r in own]
        if extra:
            conn.execute(insert(table), extra)


def fresh(url: str, registry: Path, copies: int) -> int:
    """Migrate and sync a new database, register the source and the indicators' copies; returns a run id."""
    runner.prepare(url, registry)
    add_copies(url, copies)
    return load.start_run(get_engine(url), SOURCE)


def floor(url: str, rows: list[tuple]) -> float:
    engine = get_engine(url)
    columns = ", ".join(load.OBS_COLUMNS)
    began = time.perf_counter()
    with engine.begin() as conn:
        cursor = conn.connection.dbapi_connection.cursor()
        if engine.dialect.name == "postgresql":
            with cursor.copy(f"COPY observation ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO observation ({columns}) VALUES ({', '.join('?' * len(load.OBS_COLUMNS))})", rows
            )
        cursor.close()
    return time.perf_counter() - began


def etl(url: str, csv: Path) -> tuple[float, load.RunResult, dict]:
    engine = get_engine(url)
    run_id = load.start_run(engine, SOURCE)
    stages: dict[str, float] = {}
    mark = time.perf_counter()
    began = mark

    def on_stage(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        stages[name] = now
        mark = now

    delivery = template.read_file(csv)
    stages["read"] = time.perf_counter()
    result = load.load_delivery(engine, SOURCE, run_id, delivery, on_stage=on_stage, began=began)
    total = time.perf_counter() - began
    parts = {
        "read": stages["read"] - began,
        "validate": stages["memuat"] - stages["validasi"],
        "write+commit": began + total - stages["memuat"],
    }
    return total, result, parts


def bench(engine_name: str, url_for, csv: Path, frame: pd.DataFrame, registry: Path) -> dict:
    url_floor, url_etl = url_for("floor"), url_for("etl")
    copies = copies_for(len(frame))
    run_id = fresh(url_floor, registry, copies)
    rows = floor_rows(frame, run_id)
    t_floor = floor(url_floor, rows)
    fresh(url_etl, registry, copies)
    t_etl, result, parts = etl(url_etl, csv)
    assert result.read == len(frame) and result.loaded == len(frame), result
    t_again, again, _ = etl(url_etl, csv)
    assert again.loaded == 0 and again.unchanged == len(frame), again
    n = len(frame)
    return {
        "engine": engine_name,
        "rows": n,
        "floor_s": t_floor,
        "floor_rows_s": n / t_floor,
        "etl_s": t_etl,
        "etl_rows_s": n / t_etl,
        "ratio": t_floor / t_etl,
        "rerun_s": t_again,
        **{f"{k}_s": v for k, v in parts.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
        tmp = Path(tmp)
        registry = tmp / "sources.toml"
        registry.write_text(
            f'[[source]]\nname = "{SOURCE}"\nkind = "template"\ntitle = "Benchmark"\n'
            f'producer_agency = "bench"\nlocation = "{tmp / "bench.csv"}"\nschedule = "manual"\ntrusted = true\n'
        )
        csv = tmp / "bench.csv"
        began = time.perf_counter()
        frame = generate(csv, args.rows)
        print(
            f"generated {len(frame):,} rows ({csv.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - began:.1f}s"
        )
        engines = args.engines.split(",")
        if "sqlite" in engines:
            results.append(bench("SQLite", lambda name: f"sqlite:///{tmp / name}.db", csv, frame, registry))
            print(results[-1])
        if "postgresql" in engines:
            with throwaway_server() as base:
                with psycopg.connect(base.replace("+psycopg", "") + "/postgres", autocommit=True) as conn:
                    conn.execute("CREATE DATABASE floor")
                    conn.execute("CREATE DATABASE etl")
                results.append(bench("PostgreSQL", lambda name: f"{base}/{name}", csv, frame, registry))
                print(results[-1])
    print()
    print(f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    print("| engine | rows | raw floor | ETL (read + validate + load) | ETL / floor | re-run (all unchanged) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r['engine']} | {r['rows']:,} | {r['floor_rows_s']:,.0f} rows/s ({r['floor_s']:.1f} s) "
            f"| {r['etl_rows_s']:,.0f} rows/s ({r['etl_s']:.1f} s: read {r['read_s']:.1f}, validate "
            f"{r['validate_s']:.1f}, write+commit {r['write+commit_s']:.1f}) | {r['ratio']:.0%} | {r['rerun_s']:.1f} s |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
