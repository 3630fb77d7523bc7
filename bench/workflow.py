"""Workflow benchmark: an agency's 100,000-row file sent through the web (/kirim) against the CLI ingest of the
same file, and the walidata's approval of that delivery.

The file: the catalogue's indicators x the province and its ten regencies x their periods from 1900, values in
range, written as agencies write them (`;`, decimal commas). Dinkes produces five yearly indicators (about 11,000
distinct keys in the years the template accepts), so in the benchmark's databases it is made the producer of every
indicator. For each engine, in the same run, on copies of one prepared database (reference data, no
observations):
- CLI: `python -m etl ingest` of the file (read, validate, publish in one transaction), the goal's yardstick;
- upload to report: a signed-in produsen data posts the file to /kirim/berkas (read and validated by the same
  code, its rows kept as a draft and compared with what is published) and the delivery's page (/kiriman/<id>,
  the report) is answered, both through the app's WSGI interface (the Flask test client, no network);
- approval: a walidata posts /kiriman/<id>/setujui, which publishes the delivery in one transaction.
The goal (issue 14): upload to report within 2x the CLI ingest.

    .venv/bin/python bench/workflow.py [--rows N] [--engines sqlite,postgresql]

Writes nothing outside a temporary folder; prints a table to paste into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import io
import platform
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psycopg
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dash_requests import CALLBACK_PATH, page_body  # noqa: E402
from bench.etl_load import REGIONS  # noqa: E402
from etl import runner  # noqa: E402
from etl.reference import read_catalogue  # noqa: E402
from portal import accounts  # noqa: E402
from portal.db import get_engine  # noqa: E402
from tests.conftest import web_app  # noqa: E402
from tests.pgserver import throwaway_server  # noqa: E402
from web import auth  # noqa: E402

AGENCY = "dinkes"
PASSWORD = "kata-sandi-bench-1"
TOKEN = "token-for-the-bench-0123456789"


SUBPERIODS = {"tahunan": [""], "semesteran": ["-S1", "-S2"], "triwulanan": ["-Q1", "-Q2", "-Q3", "-Q4"]}
SUBPERIODS["bulanan"] = [f"-{m:02d}" for m in range(1, 13)]


def generate(path: Path, rows: int, seed: int = 11) -> int:
    """The template CSV of `rows` distinct keys (every indicator x REGIONS x its periods from 1900); returns rows."""
    rng = np.random.default_rng(seed)
    cat = read_catalogue()
    keys = [
        (r["code"], f"{year}{sub}", r["min_value"], r["max_value"])
        for year in range(1900, 2101)
        for r in cat.to_dict("records")
        for sub in SUBPERIODS[r["frequency"]]
    ]
    if len(keys) * len(REGIONS) < rows:
        raise SystemExit("too many rows for distinct keys")
    keys = [(code, region, period, low, high) for code, period, low, high in keys for region in REGIONS][:rows]
    frame = pd.DataFrame(keys, columns=["kode_indikator", "kode_wilayah", "periode", "low", "high"])
    low, high = frame["low"].fillna(0).to_numpy(), frame["high"].fillna(100).to_numpy()
    values = np.round(low + (high - low) * rng.uniform(0.05, 0.95, rows), 2)
    frame = frame[["kode_indikator", "kode_wilayah", "periode"]].assign(
        nilai=[f"{v:.2f}".replace(".", ",") for v in values]
    )
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("Benchmark kiriman Portal Satu Data Kaltim;;;\n;;;\n")
        frame.to_csv(fh, sep=";", index=False)
    return rows


def prepare(url: str) -> None:
    """The database's reference data and the application directory (its agencies), with the agency as the
    producer of every indicator."""
    runner.run(url, only="aplikasi")
    engine = get_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE indicator SET agency = :a"), {"a": AGENCY})
    engine.dispose()


def signed_in(app, who: str):
    client = app.server.test_client()
    with client.session_transaction() as session:
        session[auth.CSRF_KEY] = TOKEN
    answer = client.post("/auth/masuk", data={"username": who, "password": PASSWORD, "csrf_token": TOKEN})
    assert answer.status_code == 303 and "galat" not in answer.location, answer.location
    return client


def token(client) -> str:
    """The signed-in session's anti-forgery token (a sign-in starts a fresh session)."""
    with client.session_transaction() as session:
        return session[auth.CSRF_KEY]


def cli(url: str, csv: Path) -> tuple[float, tuple[int, int, int, int]]:
    began = time.perf_counter()
    r = runner.ingest(csv, url)
    return time.perf_counter() - began, (r.read, r.loaded, r.unchanged, r.rejected)


def web(url: str, csv: Path, rows: int) -> dict:
    accounts.create_user("dewi", PASSWORD, "produsen", "Dewi", agency=AGENCY, url=url)
    accounts.create_user("budi", PASSWORD, "walidata", "Budi", url=url)
    app = web_app(url)
    dewi, budi = signed_in(app, "dewi"), signed_in(app, "budi")
    data = csv.read_bytes()
    dewi.post(CALLBACK_PATH, json=page_body("/kirim"))  # the form page first, as the producer sees it
    began = time.perf_counter()
    sent = dewi.post(
        "/kirim/berkas",
        data={"berkas": (io.BytesIO(data), csv.name), "csrf_token": token(dewi)},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 303 and "galat" not in sent.location, sent.location
    delivery = int(sent.location.rsplit("/", 1)[1])
    report = dewi.post(CALLBACK_PATH, json=page_body(f"/kiriman/{delivery}"))
    uploaded = time.perf_counter() - began
    body = report.get_data(as_text=True)
    assert report.status_code == 200 and "dibaca" in body, body[:300]
    began = time.perf_counter()
    approved = budi.post(f"/kiriman/{delivery}/setujui", data={"csrf_token": token(budi)})
    approval = time.perf_counter() - began
    assert approved.location.endswith("selesai=setujui"), approved.location
    with get_engine(url).connect() as conn:
        counts = conn.execute(
            text("SELECT rows_read, rows_loaded, rows_unchanged, rows_rejected FROM delivery WHERE id = :id"),
            {"id": delivery},
        ).one()
    return {"upload_s": uploaded, "approve_s": approval, "counts": tuple(counts), "rows": rows}


def bench(name: str, url_for, csv: Path, rows: int) -> dict:
    t_cli, counts = cli(url_for("cli"), csv)
    measured = web(url_for("web"), csv, rows)
    # The same file, the same rules: the same counts (read = loaded + unchanged + rejected) both ways.
    assert counts == measured["counts"] and counts[0] == rows == sum(counts[1:]), (counts, measured["counts"])
    return {"engine": name, "cli_s": t_cli, **measured, "ratio": measured["upload_s"] / t_cli}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
        tmp = Path(tmp)
        csv = tmp / f"{AGENCY}_bench.csv"
        rows = generate(csv, args.rows)
        print(f"generated {rows:,} rows ({csv.stat().st_size / 1e6:.1f} MB)")
        engines = args.engines.split(",")
        if "sqlite" in engines:
            base = tmp / "base.db"
            prepare(f"sqlite:///{base}")

            def sqlite_copy(name: str) -> str:
                with sqlite3.connect(base) as source, sqlite3.connect(tmp / f"{name}.db") as target:
                    source.backup(target)
                return f"sqlite:///{tmp / name}.db"

            results.append(bench("SQLite", sqlite_copy, csv, rows))
            print(results[-1])
        if "postgresql" in engines:
            with throwaway_server() as server:
                admin = server.replace("+psycopg", "") + "/postgres"
                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute("CREATE DATABASE base")
                prepare(f"{server}/base")

                def pg_copy(name: str) -> str:
                    with psycopg.connect(admin, autocommit=True) as conn:
                        conn.execute(f"CREATE DATABASE {name} TEMPLATE base")
                    return f"{server}/{name}"

                results.append(bench("PostgreSQL", pg_copy, csv, rows))
                print(results[-1])
    print()
    print(f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    print(
        "| engine | rows read (loaded / rejected) | CLI ingest | upload to report | upload / CLI (goal <= 2) | approval |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        read, loaded, _, rejected = r["counts"]
        print(
            f"| {r['engine']} | {read:,} ({loaded:,} / {rejected:,}) | {r['cli_s']:.1f} s | {r['upload_s']:.1f} s "
            f"| {r['ratio']:.2f} | {r['approve_s']:.1f} s |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
