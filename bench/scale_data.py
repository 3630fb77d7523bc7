"""Provincial-scale data for the benchmarks: the full region hierarchy, 60+ indicators, 1M or 10M observations.

Regions: the province, its ten regencies (from data/reference), and its 105 kecamatan and 1,038
desa/kelurahan from the npm package idn-area-data@4.0.1 (Kemendagri codes and names, ODbL: fetched here at
bench time with `npm pack`, never committed). Without npm the same counts per regency are generated as
placeholders ("Kecamatan 6403-01"...).

Region keys: the `region.code` column holds the BPS code for the province and the regencies (the key the
portal uses everywhere). The package carries only Kemendagri codes, and BPS and Kemendagri numbering differ
below the regency (and for four regencies), so a BPS code cannot be derived for a kecamatan or a desa: they
are keyed by their Kemendagri code (`64.02.01`, `64.02.01.2001`; both columns hold it). A kecamatan's parent
is its regency's BPS code, a desa's parent its kecamatan.

Indicators: the catalogue's 50 plus bench-only monthly ones, all prefixed `bench_` (never in the catalogue
file). Observations: first every catalogue indicator for the province and regencies (what the executives
see), then kecamatan, desa and the bench-only monthly indicators, until the requested count; every key is
distinct. They are loaded with the project's own ETL load (`etl.load.load_delivery`: validation, staged upsert,
the summary refresh, run row), in chunks of one run each.

    .venv/bin/python bench/scale_data.py --url sqlite:///data/bench-1m.db --rows 1000000
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from etl import load, runner  # noqa: E402
from etl.delivery import Delivery
from etl.reference import REFERENCE, read_catalogue  # noqa: E402
from portal.models import Indicator, Observation, Region  # noqa: E402

PACKAGE = "idn-area-data@4.0.1"
SOURCE = "bench-scale"
BENCH_PREFIX = "bench_"
BENCH_INDICATORS = 40  # with the catalogue's 50: 90 indicators
YEARS = range(2005, 2025)
# Kecamatan per regency (Kemendagri counts, idn-area-data 4.0.1), for the placeholders; desa spread evenly.
KECAMATAN = {"64.01": 10, "64.02": 20, "64.03": 13, "64.07": 16, "64.08": 18, "64.09": 4, "64.11": 5}
KECAMATAN |= {"64.71": 6, "64.72": 10, "64.74": 3}
DESA_TOTAL = 1038


def fetch_areas(workdir: Path) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Kaltim's kecamatan and desa (code, parent Kemendagri code, name) and where they came from."""
    npm = shutil.which("npm")
    if npm:
        try:
            subprocess.run(
                [npm, "pack", PACKAGE, "--silent"], cwd=workdir, check=True, capture_output=True, timeout=180
            )
            with tarfile.open(next(workdir.glob("idn-area-data-*.tgz"))) as tar:
                tar.extractall(workdir, filter="data")
            data = workdir / "package" / "data"
            districts = pd.read_csv(data / "districts.csv", dtype=str)
            villages = pd.read_csv(data / "villages.csv", dtype=str)
            districts = districts[districts["code"].str.startswith("64.")]
            villages = villages[villages["code"].str.startswith("64.")]
            return (
                districts.rename(columns={"regency_code": "parent"}),
                villages.rename(columns={"district_code": "parent"}),
                f"npm {PACKAGE}",
            )
        except (subprocess.SubprocessError, OSError, StopIteration, KeyError) as err:
            print(f"npm pack {PACKAGE} failed ({err}); using placeholders", file=sys.stderr)
    kec = [
        {"code": f"{reg}.{i:02d}", "parent": reg, "name": f"Kecamatan {reg}.{i:02d}"}
        for reg, n in KECAMATAN.items()
        for i in range(1, n + 1)
    ]
    desa = [
        {"code": f"{k['code']}.{2000 + j + 1}", "parent": k["code"], "name": f"Desa {k['code']}.{2000 + j + 1}"}
        for i, k in enumerate(kec)
        for j in range(DESA_TOTAL // len(kec) + (i < DESA_TOTAL % len(kec)))
    ]
    return pd.DataFrame(kec), pd.DataFrame(desa), "placeholders (npm unavailable)"


def region_rows(districts: pd.DataFrame, villages: pd.DataFrame) -> list[dict]:
    """Region rows for the kecamatan and desa, keyed by Kemendagri code (see the module docstring)."""
    regencies = pd.read_csv(REFERENCE / "regions.csv", dtype=str)
    bps_of = dict(zip(regencies["kemendagri_code"], regencies["code"], strict=True))
    rows = [
        {
            "code": d.code,
            "kemendagri_code": d.code,
            "name": d.name.title(),
            "name_full": f"Kecamatan {d.name.title()}",
            "level": "kecamatan",
            "parent_code": bps_of[d.parent],
        }
        for d in districts.itertuples()
    ]
    rows += [
        {
            "code": v.code,
            "kemendagri_code": v.code,
            "name": v.name.title(),
            "name_full": f"{'Kelurahan' if v.code.split('.')[-1].startswith('1') else 'Desa'} {v.name.title()}",
            "level": "desa",
            "parent_code": v.parent,
        }
        for v in villages.itertuples()
    ]
    return rows


def bench_indicators(count: int = BENCH_INDICATORS) -> list[dict]:
    """Bench-only monthly indicators, clearly prefixed, spread over the five sectors."""
    sectors = ["kemiskinan", "investasi", "digitalisasi", "kesehatan", "pendidikan"]
    return [
        {
            "code": f"{BENCH_PREFIX}{i:02d}",
            "sector": sectors[i % len(sectors)],
            "headline": None,
            "name_id": f"Indikator uji beban {i:02d}",
            "name_en": f"Load-test indicator {i:02d}",
            "definition_id": "Indikator buatan untuk uji kinerja; bukan data resmi.",
            "definition_en": "Made-up indicator for the benchmarks; not official data.",
            "unit_id": "indeks",
            "unit_en": "index",
            "decimals": 2,
            "polarity": 1,
            "frequency": "bulanan",
            "producer_agency": "(uji kinerja / benchmark)",
            "source_note": "bench/scale_data.py",
            "classification": "publik",
            "min_value": 0.0,
            "max_value": 1000.0,
        }
        for i in range(1, count + 1)
    ]


PERIODS = {
    "tahunan": lambda y: [str(y)],
    "semesteran": lambda y: [f"{y}-S1", f"{y}-S2"],
    "triwulanan": lambda y: [f"{y}-Q{q}" for q in range(1, 5)],
    "bulanan": lambda y: [f"{y}-{m:02d}" for m in range(1, 13)],
}


def _block(indicators: pd.DataFrame, regions: list[str]) -> pd.DataFrame:
    """Every (indicator, region, period) of the years for these indicators and regions."""
    parts = []
    for ind in indicators.itertuples():
        periods = [p for y in YEARS for p in PERIODS[ind.frequency](y)]
        reg = np.repeat(np.array(regions, dtype=object), len(periods))
        per = np.tile(np.array(periods, dtype=object), len(regions))
        parts.append(pd.DataFrame({"indicator": ind.code, "region": reg, "period": per}))
    return pd.concat(parts, ignore_index=True)


def keys(rows: int, catalogue: pd.DataFrame, bench: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """`rows` distinct keys, what executives see first, then the village level and the bench-only indicators."""
    top = regions.loc[regions["level"].isin(["provinsi", "kabkota"]), "code"].tolist()
    kec = regions.loc[regions["level"] == "kecamatan", "code"].tolist()
    desa = regions.loc[regions["level"] == "desa", "code"].tolist()
    blocks, have = [], 0
    for indicators, where in ((catalogue, top), (catalogue, kec), (bench, top + kec), (catalogue, desa), (bench, desa)):
        if have >= rows:
            break
        block = _block(indicators, where)
        blocks.append(block.iloc[: rows - have])
        have += len(blocks[-1])
    out = pd.concat(blocks, ignore_index=True)
    if len(out) < rows:
        raise SystemExit(f"at most {len(out):,} distinct keys with these years and indicators")
    return out


def prepare(url: str, workdir: Path) -> tuple[Engine, pd.DataFrame, pd.DataFrame, str]:
    """Migrate the database, add the kecamatan, desa and bench-only indicators; (engine, indicators, regions, origin)."""
    registry = workdir / "sources.toml"
    registry.write_text(
        f'[[source]]\nname = "{SOURCE}"\nkind = "template"\ntitle = "Benchmark scale data"\n'
        f'producer_agency = "bench"\nlocation = "{workdir / "none.csv"}"\nschedule = "manual"\ntrusted = true\n'
    )
    engine = runner.prepare(url, registry)
    districts, villages, origin = fetch_areas(workdir)
    with engine.begin() as conn:
        have = set(conn.execute(select(Region.code)).scalars())
        fresh = [r for r in region_rows(districts, villages) if r["code"] not in have]
        for level in ("kecamatan", "desa"):  # parents first
            level_rows = [r for r in fresh if r["level"] == level]
            if level_rows:
                conn.execute(insert(Region), level_rows)
        have = set(conn.execute(select(Indicator.code)).scalars())
        extra = [i for i in bench_indicators() if i["code"] not in have]
        if extra:
            conn.execute(insert(Indicator), extra)
        regions = pd.DataFrame(conn.execute(select(Region.code, Region.level)).all(), columns=["code", "level"])
        indicators = pd.DataFrame(
            conn.execute(select(Indicator.code, Indicator.frequency, Indicator.min_value, Indicator.max_value)).all(),
            columns=["code", "frequency", "min_value", "max_value"],
        )
    return engine, indicators, regions, origin


def generate(rows: int, indicators: pd.DataFrame, regions: pd.DataFrame, seed: int = 11) -> pd.DataFrame:
    """`rows` observations (indicator, region, period, value, status) with values inside each plausible range."""
    catalogue = indicators[indicators["code"].isin(read_catalogue()["code"])]
    bench = indicators[indicators["code"].str.startswith(BENCH_PREFIX)]
    frame = keys(rows, catalogue, bench, regions)
    rng = np.random.default_rng(seed)
    bounds = indicators.set_index("code")
    low = frame["indicator"].map(bounds["min_value"]).fillna(0).to_numpy(float)
    high = frame["indicator"].map(bounds["max_value"]).to_numpy(float)
    high = np.where(np.isnan(high), low * 2 + 100, high)  # open-ended ranges: stay well inside
    frame["value"] = np.round(low + (high - low) * rng.uniform(0.05, 0.95, len(frame)), 2)
    frame["status"] = "tetap"
    return frame


def new_database(server: str, name: str = "scale") -> str:
    """An empty database `name` on a throwaway PostgreSQL server (tests/pgserver.py); returns its URL."""
    import psycopg

    with psycopg.connect(server.replace("+psycopg", "") + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def build(url: str, rows: int, workdir: Path, chunk: int = 1_000_000, seed: int = 11) -> dict:
    """Create and load a provincial-scale database at `url`; returns what was built and how long it took."""
    began = time.perf_counter()
    engine, indicators, regions, origin = prepare(url, workdir)
    frame = generate(rows, indicators, regions, seed)
    generated = time.perf_counter() - began
    load_s, loaded = 0.0, 0
    for start in range(0, len(frame), chunk):
        part = frame.iloc[start : start + chunk].reset_index(drop=True)
        part.insert(0, "row_number", np.arange(start + 1, start + len(part) + 1))
        mark = time.perf_counter()
        run_id = load.start_run(engine, SOURCE)
        result = load.load_delivery(engine, SOURCE, run_id, Delivery(part))
        load_s += time.perf_counter() - mark
        if result.status != "berhasil":
            raise SystemExit(f"scale load refused rows: {result}")
        loaded += result.loaded
        print(f"  loaded {start + len(part):,}/{len(frame):,} rows ({load_s:.0f} s)", flush=True)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(Observation)).scalar_one()
        levels = dict(conn.execute(select(Region.level, func.count()).group_by(Region.level)).all())
        n_ind = conn.execute(select(func.count()).select_from(Indicator)).scalar_one()
    return {
        "url": url,
        "rows": total,
        "loaded": loaded,
        "regions": levels,
        "indicators": n_ind,
        "areas_from": origin,
        "generate_s": generated,
        "load_s": load_s,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="database URL (a new SQLite file or an empty PostgreSQL db)")
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="portal-scale-") as tmp:
        print(build(args.url, args.rows, Path(tmp)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
