"""Bounded load test on loopback: executives and analysts browse while the ETL loads new data.

    python bench/load_test.py [--executives 6] [--analysts 4] [--duration 60] [--database-url URL]

It builds its own database (the bundled data; SQLite unless --database-url names an empty PostgreSQL
database), serves it with gunicorn as `make run` does (deploy/gunicorn.conf.py) on 127.0.0.1, and
runs a fixed number of simulated readers for a fixed time (longer only while the ETL is still running,
never more than three times the duration), then stops by itself:

- executives open the summary and sector pages (the page shell, then the page content callback);
- analysts open indicator pages with filters, change filters, and download CSV / XLSX.

A third of the way in, the nightly job (`python -m etl run`) runs, then `python -m etl ingest` loads a
file that changes the latest province value of every headline indicator (the marker). Every summary
response must show either all old values or all new ones: a response mixing both would mean a reader
saw a half-loaded database. Reports requests, p50/p95 latency and errors per request kind, as a table
and as JSON in bench/out/load.json. Traffic goes only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python bench/load_test.py`, as `make bench` runs it

from bench.dash_requests import CALLBACK_PATH, callback_body, page_body  # noqa: E402

OUT = ROOT / "bench" / "out"
SECTORS = ["kemiskinan", "investasi", "digitalisasi", "kesehatan", "pendidikan"]
REGENCIES = ["6401", "6402", "6403", "6404", "6405", "6409", "6411", "6471", "6472", "6474"]
HOST = "127.0.0.1"


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    marker: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    mixed: list[dict] = field(default_factory=list)

    def record(self, kind: str, seconds: float, error: str | None = None) -> None:
        self.latencies[kind].append(seconds)
        if error:
            self.errors[kind].append(error)


# --- the data and the marker ---------------------------------------------------------------------


def build_database(url: str | None, workdir: Path) -> str:
    """A database loaded with the bundled data (the nightly job's first run)."""
    url = url or f"sqlite:///{workdir / 'portal.db'}"
    env = {**os.environ, "DATABASE_URL": url, "AUDIT_LOG": str(workdir / "audit.jsonl")}
    subprocess.run([sys.executable, "-m", "etl", "bootstrap"], cwd=ROOT, env=env, check=True, capture_output=True)
    return url


def marker_file(url: str, workdir: Path) -> tuple[Path, dict[str, tuple[str, str]]]:
    """A standard-template file changing each headline indicator's latest province value.

    Returns the file and, per indicator, the value as the summary shows it before and after the load.
    """
    from portal import fmt
    from portal.db import get_engine

    os.environ["DATABASE_URL"] = url
    from portal import queries

    catalogue = queries.catalogue(classes=("publik",)).set_index("code", drop=False)
    observations = queries.headline_observations(classes=("publik",))
    latest = observations.sort_values("period").groupby("indicator").tail(1)
    rows, shown = [], {}
    for obs in latest.itertuples():
        meta = catalogue.loc[obs.indicator]
        step = 10 ** -int(meta["decimals"]) * 7
        new = (
            obs.value + step
            if meta["max_value"] != meta["max_value"] or obs.value + step <= meta["max_value"]
            else obs.value - step
        )
        new = round(new, int(meta["decimals"]))
        old_text = fmt.value(obs.value, meta["unit_id"], int(meta["decimals"]), "id")
        new_text = fmt.value(new, meta["unit_id"], int(meta["decimals"]), "id")
        if old_text in new_text or new_text in old_text:
            continue
        # The standard template reads Indonesian numbers: decimal comma (quoted inside the CSV).
        rows.append(f'{obs.indicator},64,{obs.period},"{str(new).replace(".", ",")}"')
        shown[obs.indicator] = (old_text, new_text)
    get_engine(url).dispose()
    path = workdir / "marker.csv"
    path.write_text("kode_indikator,kode_wilayah,periode,nilai,status\n" + "".join(f"{r},tetap\n" for r in rows))
    return path, shown


def _texts(node, out: list[str]) -> None:
    if isinstance(node, str):
        out.append(node)
    elif isinstance(node, list):
        for item in node:
            _texts(item, out)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("id", "className", "style", "src", "alt", "href"):
                _texts(value, out)


def _cards(node, found: dict[str, str]) -> None:
    """Text of every KPI card (a component whose props carry data-indicator) in a layout tree."""
    if isinstance(node, list):
        for item in node:
            _cards(item, found)
    elif isinstance(node, dict):
        props = node.get("props", {})
        code = props.get("data-indicator") if isinstance(props, dict) else None
        if code:
            texts: list[str] = []
            _texts(props.get("children"), texts)
            found[code] = " ".join(texts)
        for value in node.values():
            _cards(value, found)


def classify(body: dict, shown: dict[str, tuple[str, str]]) -> set[str]:
    """Which states ('old', 'new') the marker indicators show in one summary response."""
    cards: dict[str, str] = {}
    _cards(body, cards)
    states = set()
    for code, (old, new) in shown.items():
        text = cards.get(code, "")
        if new in text:
            states.add("new")
        elif old in text:
            states.add("old")
        else:
            states.add("missing")
    return states


# --- the server and the readers ------------------------------------------------------------------


def start_server(url: str, port: int, workdir: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "HOST": HOST,
        "PORT": str(port),
        "AUDIT_LOG": str(workdir / "audit.jsonl"),
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--no-control-socket"]
    proc = subprocess.Popen(
        [*command, "--access-logfile", str(workdir / "access.log"), "app:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(workdir / "gunicorn.log", "wb"),  # noqa: SIM115 - closed with the process
    )
    for _ in range(300):
        try:
            httpx.get(f"http://{HOST}:{port}/healthz", timeout=2)
            return proc
        except httpx.HTTPError:
            if proc.poll() is not None:
                raise RuntimeError((workdir / "gunicorn.log").read_text()) from None
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def find_callback(callback_map: dict, fragment: str) -> tuple[str, dict] | None:
    return next(((k, v) for k, v in callback_map.items() if fragment in k), None)


async def timed(client: httpx.AsyncClient, stats: Stats, kind: str, method: str, path: str, **kwargs):
    began = time.perf_counter()
    try:
        response = await client.request(method, path, **kwargs)
    except httpx.HTTPError as err:
        stats.record(kind, time.perf_counter() - began, f"{type(err).__name__}")
        return None
    error = f"HTTP {response.status_code}" if response.status_code >= 400 else None
    stats.record(kind, time.perf_counter() - began, error)
    return response


async def executive(base: str, stop: list[float], stats: Stats, shown, rng: random.Random) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while time.monotonic() < stop[0]:
            await timed(client, stats, "shell GET /", "GET", "/")
            response = await timed(client, stats, "page /", "POST", CALLBACK_PATH, json=page_body("/"))
            if response is not None and response.status_code == 200:
                states = classify(response.json(), shown)
                for state in states:
                    stats.marker[state] += 1
                if {"old", "new"} <= states or "missing" in states:
                    stats.mixed.append({"t": time.monotonic(), "states": sorted(states)})
            sector = rng.choice(SECTORS)
            await timed(client, stats, "page /sektor/*", "POST", CALLBACK_PATH, json=page_body(f"/sektor/{sector}"))
            await asyncio.sleep(rng.uniform(0.2, 1.0))


async def analyst(
    base: str, stop: list[float], stats: Stats, callbacks: dict, codes: list[str], rng: random.Random
) -> None:
    update = find_callback(callbacks, "indikator-grafik.children")
    download = find_callback(callbacks, "indikator-download.data")
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while time.monotonic() < stop[0]:
            code = rng.choice(codes)
            regions = rng.sample(REGENCIES, 3)
            start = rng.choice(range(2015, 2021))
            search = f"?wilayah={','.join(regions)}&dari={start}&sampai=2025"
            await timed(
                client, stats, "page /indikator/*", "POST", CALLBACK_PATH, json=page_body(f"/indikator/{code}", search)
            )
            if update:
                key, spec = update
                body = callback_body(key, spec, [regions[:2], start + 1, 2025], [code])
                await timed(client, stats, "filter indikator", "POST", CALLBACK_PATH, json=body)
            if download:
                key, spec = download
                kind = rng.choice(["csv", "xlsx"])
                n_in = len(spec["inputs"])
                clicks = [1 if kind in i["id"] else None for i in spec["inputs"]]
                body = callback_body(key, spec, clicks, [regions, start, 2025, code][: len(spec.get("state", []))])
                body["changedPropIds"] = [f"{i['id']}.n_clicks" for i in spec["inputs"] if kind in i["id"]][:1]
                if n_in and body["changedPropIds"]:
                    await timed(client, stats, f"download {kind}", "POST", CALLBACK_PATH, json=body)
            await timed(client, stats, "page /wilayah", "POST", CALLBACK_PATH, json=page_body("/wilayah"))
            await asyncio.sleep(rng.uniform(0.2, 1.0))


def run_etl(url: str, marker: Path, workdir: Path, log: dict) -> None:
    """The nightly job, then the marker file, as cron and a walidata would run them."""
    env = {**os.environ, "DATABASE_URL": url, "AUDIT_LOG": str(workdir / "audit.jsonl")}
    for name, args in (("run", ["run"]), ("ingest", ["ingest", str(marker)])):
        began = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, env=env, capture_output=True, text=True)
        log[name] = {"exit": done.returncode, "started": began, "seconds": round(time.monotonic() - began, 2)}


async def main_async(args) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="portal-load-"))
    print(f"building the database in {workdir} …", flush=True)
    url = build_database(args.database_url, workdir)
    marker, shown = marker_file(url, workdir)
    from app import create_app

    app = create_app()
    app.server.test_client().get("/")  # the callback map as the server registers it
    callbacks = dict(app.callback_map)
    from portal import queries

    codes = queries.catalogue(classes=("publik",))["code"].tolist()
    port = args.port
    proc = start_server(url, port, workdir)
    base = f"http://{HOST}:{port}"
    stats, etl_log = Stats(), {}
    rng = random.Random(args.seed)
    began = time.monotonic()
    # Readers stop after the duration, or 15 s after the ETL has finished if it is still running then
    # (so some summaries are read after the marker landed); never later than three times the duration.
    stop = [began + args.duration]
    cap = began + 3 * args.duration
    print(f"{args.executives} executives + {args.analysts} analysts for {args.duration:.0f} s on {base} …", flush=True)
    try:
        loop = asyncio.get_running_loop()

        async def etl_later():
            await asyncio.sleep(args.duration / 3)
            stop[0] = cap  # readers keep going while the ETL runs …
            await loop.run_in_executor(None, run_etl, url, marker, workdir, etl_log)
            # … and for 15 s after it, so summaries are read after the marker landed as well.
            stop[0] = min(cap, max(began + args.duration, time.monotonic() + 15))

        readers = [executive(base, stop, stats, shown, random.Random(rng.random())) for _ in range(args.executives)]
        readers += [
            analyst(base, stop, stats, callbacks, codes, random.Random(rng.random())) for _ in range(args.analysts)
        ]
        await asyncio.gather(etl_later(), *readers)
        # After the load, every summary must show the new values.
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            final = classify((await client.post(CALLBACK_PATH, json=page_body("/"))).json(), shown)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    elapsed = time.monotonic() - began
    return report(stats, etl_log, shown, final, elapsed, began, args)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def report(stats: Stats, etl_log: dict, shown: dict, final: set[str], elapsed: float, began: float, args) -> dict:
    rows = []
    for kind in sorted(stats.latencies):
        values = stats.latencies[kind]
        rows.append(
            {
                "kind": kind,
                "requests": len(values),
                "p50_ms": round(_pct(values, 0.50)),
                "p95_ms": round(_pct(values, 0.95)),
                "mean_ms": round(statistics.fmean(values) * 1000),
                "errors": len(stats.errors[kind]),
            }
        )
    every = [v for values in stats.latencies.values() for v in values]
    total = {
        "requests": len(every),
        "errors": sum(len(e) for e in stats.errors.values()),
        "p50_ms": round(_pct(every, 0.5)),
        "p95_ms": round(_pct(every, 0.95)),
        "requests_per_s": round(len(every) / elapsed, 1),
    }
    result = {
        "config": {
            "executives": args.executives,
            "analysts": args.analysts,
            "duration_s": args.duration,
            "load_s": round(elapsed, 1),
        },
        "etl": {k: {**v, "started": round(v["started"] - began, 1)} for k, v in etl_log.items()},
        "marker_indicators": len(shown),
        "summary_responses": dict(stats.marker),
        "mixed_responses": len(stats.mixed),
        "final_state": sorted(final),
        "by_kind": rows,
        "total": total,
        "error_samples": {k: v[:5] for k, v in stats.errors.items() if v},
    }
    print(f"\n{'kind':<20} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for r in rows:
        print(f"{r['kind']:<20} {r['requests']:>8} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['errors']:>7}")
    print(f"{'all':<20} {total['requests']:>8} {total['p50_ms']:>8} {total['p95_ms']:>8} {total['errors']:>7}")
    print(f"\n{total['requests_per_s']} requests/s over {elapsed:.0f} s; ETL: {result['etl']}")
    print(
        f"marker: {len(shown)} headline values changed by one ingest; summary responses old/new: "
        f"{stats.marker.get('old', 0)}/{stats.marker.get('new', 0)}; mixed: {len(stats.mixed)}; after: {sorted(final)}"
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python bench/load_test.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--executives", type=int, default=6)
    parser.add_argument("--analysts", type=int, default=4)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (bounded: at most 600)")
    parser.add_argument("--port", type=int, default=8071)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", help="an empty PostgreSQL database to use instead of SQLite")
    args = parser.parse_args(argv)
    args.duration = max(5.0, min(args.duration, 600.0))
    result = asyncio.run(main_async(args))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "load.json").write_text(json.dumps(result, indent=2))
    ok = (
        result["total"]["errors"] == 0
        and result["mixed_responses"] == 0
        and result["final_state"] == ["new"]
        and all(v["exit"] in (0, 3) for v in result["etl"].values())
        and len(result["etl"]) == 2
    )
    print("OK" if ok else "FAILED: errors, mixed responses, or the ETL did not finish")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
