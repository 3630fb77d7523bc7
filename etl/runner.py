"""The nightly job: every registered source read, validated and loaded, each in its own transaction."""

from __future__ import annotations

import tomllib
import traceback
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, func, select

from etl import load
from etl.reference import load_reference, read_catalogue, register_sources
from etl.sources import published, synthetic
from portal.config import DATA_DIR, ROOT
from portal.db import get_engine, migrate
from portal.models import Observation, Region

REGISTRY = DATA_DIR / "sources.toml"


class SourceError(Exception):
    """A source that could not be read; its message is shown to the walidata as is."""


def registry(path: Path = REGISTRY) -> list[dict]:
    """The sources named in the registry file, in order."""
    with open(path, "rb") as fh:
        return tomllib.load(fh)["source"]


def read_source(engine: Engine, source: dict) -> load.Delivery:
    """Dispatch on the source's kind; every connector returns a Delivery."""
    location = ROOT / source.get("location", "")
    if source["kind"] == "published":
        return published.read(location)
    if source["kind"] == "synthetic":
        with engine.connect() as conn:
            regions = list(conn.execute(select(Region.code).where(Region.level.in_(["provinsi", "kabkota"]))).scalars())
        return synthetic.read(read_catalogue(), regions, location, published.read(DATA_DIR / "published"))
    raise SourceError(f"unknown source kind '{source['kind']}'")


def run_one(engine: Engine, source: dict) -> load.RunResult:
    """Run one source; a failure is recorded against its run and leaves the data as it was."""
    run_id = load.start_run(engine, source["name"])
    try:
        delivery = read_source(engine, source)
        return load.load_delivery(engine, source["name"], run_id, delivery)
    except Exception as err:  # noqa: BLE001 - any failure of one source must not stop the others
        message = f"{type(err).__name__}: {err}"
        load.fail_run(engine, run_id, message + "\n" + traceback.format_exc(limit=3))
        return load.RunResult(source["name"], run_id, "gagal", error=message)


def prepare(url: str | None = None) -> Engine:
    """Migrate, then sync reference data and the source registry (cheap, done on every start)."""
    migrate(url)
    engine = get_engine(url)
    with engine.begin() as conn:
        load_reference(conn)
        register_sources(conn, registry())
    return engine


def run(url: str | None = None, only: str | None = None) -> list[load.RunResult]:
    """Run every source (or the one named); returns one result per source."""
    engine = prepare(url)
    sources = [s for s in registry() if only in (None, s["name"])]
    if only and not sources:
        raise SourceError(f"no source named '{only}' in {REGISTRY.name}")
    return [run_one(engine, s) for s in sources]


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Observation)).scalar_one() == 0


def results_frame(results: list[load.RunResult]) -> pd.DataFrame:
    return pd.DataFrame([r.__dict__ for r in results])
