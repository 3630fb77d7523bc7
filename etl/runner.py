"""The nightly job: every registered source read, validated and loaded, each in its own transaction.

A run holds the run lock (portal.runlock) from start to end, so two runs never overlap; on taking it,
runs left 'berjalan' by a killed process are marked 'terputus' (interrupted). A source that fails
(unreachable, HTTP error, malformed answer, missing file, any exception) is recorded as 'gagal' with
its error and changes nothing; the other sources still load.
"""

from __future__ import annotations

import logging
import re
import time
import tomllib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, func, select, update

from etl import load, search_index, workflow
from etl.delivery import Delivery
from etl.http import FetchError
from etl.ledger import Actor
from etl.limits import TooLarge
from etl.reference import is_trusted, load_reference, read_catalogue, register_sources
from etl.sources import applications, bps, ckan, published, rest, synthetic, template
from etl.sources.fields import MappingError
from etl.validate import Reference, validate
from portal import audit, vocab
from portal.db import get_engine, is_migrated, migrate
from portal.models import EtlRun, Observation, Region
from portal.runlock import LockBusy, RunLock
from portal.settings import DATA_DIR, ROOT
from portal.vocab import RunStatus, Schedule

log = logging.getLogger(__name__)

REGISTRY = DATA_DIR / "sources.toml"
SCHEDULES = set(Schedule)
REQUIRED_KEYS = ("name", "kind", "title", "producer_agency")
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")

__all__ = ["LockBusy", "RegistryError", "SourceError", "registry", "run", "ingest", "prepare", "is_empty"]


class SourceError(Exception):
    """A usage error about sources (an unknown name); its message is shown to the walidata as is."""


class RegistryError(SourceError):
    """The registry file itself is wrong."""


def _synthetic(engine: Engine, source: dict) -> Delivery:
    with engine.connect() as conn:
        regions = list(conn.execute(select(Region.code).where(Region.level.in_(["provinsi", "kabkota"]))).scalars())
        ref = Reference.read(conn)
    real = published.read(DATA_DIR / "published")
    # The sample series pass through the real figures the published source loads, never through a row it rejects
    # (a value outside its plausible range would drag a whole sample series with it).
    real = replace(real, observations=validate(real.observations, ref)[0])
    return synthetic.read(read_catalogue(), regions, _path(source["location"]), real)


def _path(location: str) -> Path:
    return ROOT / location  # an absolute location stays absolute


def _local(location: str) -> str:
    return location if location.startswith(("http://", "https://")) else str(_path(location))


# kind -> connector(engine, source) -> Delivery. A new kind is one line here plus its module.
CONNECTORS: dict[str, Callable[[Engine, dict], Delivery]] = {
    "published": lambda engine, s: published.read(_path(s["location"])),
    "synthetic": _synthetic,
    "template": lambda engine, s: template.read(_local(s["location"]), s.get("options", {})),
    "ckan": lambda engine, s: ckan.read(s["location"], s.get("options", {})),
    "bps": lambda engine, s: bps.read(s["location"], s.get("options", {})),
    "rest": lambda engine, s: rest.read(s["location"], s.get("options", {})),
    "applications": lambda engine, s: applications.read(str(_path(s["location"])), s.get("options", {})),
}


def check_registry(sources: list[dict], path: Path = REGISTRY) -> list[dict]:
    """Refuse a registry with missing keys, unknown kinds or schedules, or a repeated name."""
    problems, seen = [], set()
    for i, s in enumerate(sources, 1):
        missing = [k for k in REQUIRED_KEYS if not s.get(k)]
        if missing:
            problems.append(f"sumber #{i}: tidak ada {', '.join(missing)} / source #{i}: missing {', '.join(missing)}")
            continue
        if not NAME.match(s["name"]):
            problems.append(f"{s['name']}: nama hanya huruf kecil, angka, - dan _ / name: lower case, digits, - and _")
        if s["name"] in seen:
            problems.append(f"{s['name']}: nama dipakai dua kali / name used twice")
        seen.add(s["name"])
        if s["kind"] not in CONNECTORS:
            problems.append(f"{s['name']}: jenis '{s['kind']}' tidak dikenal ({', '.join(CONNECTORS)}) / unknown kind")
        if s.get("schedule", Schedule.HARIAN) not in SCHEDULES:
            problems.append(f"{s['name']}: jadwal '{s['schedule']}' tidak dikenal ({', '.join(sorted(SCHEDULES))})")
        if not s.get("location"):
            problems.append(f"{s['name']}: location kosong / location is empty")
    if problems:
        raise RegistryError(f"{path}: " + "; ".join(problems))
    return sources


def registry(path: Path = REGISTRY) -> list[dict]:
    """The sources named in the registry file, in order, checked."""
    try:
        with open(path, "rb") as fh:
            sources = tomllib.load(fh).get("source", [])
    except FileNotFoundError:
        raise RegistryError(f"registri sumber tidak ditemukan / source registry not found: {path}") from None
    except tomllib.TOMLDecodeError as err:
        raise RegistryError(f"{path}: TOML tidak sah / invalid TOML: {err}") from None
    return check_registry(sources, path)


def read_source(engine: Engine, source: dict) -> Delivery:
    """Dispatch on the source's kind; every connector returns a Delivery."""
    return CONNECTORS[source["kind"]](engine, source)


Stage = Callable[[str, str], None]  # (source name, stage) for progress display


def run_one(
    engine: Engine, source: dict, on_stage: Stage | None = None, via: str = "etl", publish: bool | None = None
) -> load.RunResult:
    """Run one source; a failure is recorded against its run and leaves the data as it was.

    A trusted source (the registry's `trusted`) publishes as it loads; any other source's run is a draft delivery
    a walidata approves (etl/workflow.py). `publish=True` publishes regardless: the walidata's own ingest.
    """
    began = time.perf_counter()
    stage = (lambda name: on_stage(source["name"], name)) if on_stage else None
    run_id = load.start_run(engine, source["name"])
    actor = Actor.process(via)
    try:
        if stage:
            stage(vocab.Stage.MEMBACA)
        delivery = read_source(engine, source)
        if not (publish or is_trusted(source)):
            return workflow.stage_run(engine, source, run_id, delivery, actor, began)
        name = Path(source["location"]).name if source["kind"] == "template" else None
        return load.load_delivery(
            engine, source["name"], run_id, delivery, on_stage=stage, began=began, actor=actor, file_name=name
        )
    except Exception as err:  # noqa: BLE001 - any failure of one source must not stop the others
        message = reason(err)
        # The run keeps the one-line reason that /status and `python -m etl status` show. The traceback (code
        # paths of the server) goes to the log only, for a failure the connectors did not foresee: a missing
        # file, a refused download or a file that does not fit the template already says all there is.
        foreseen = isinstance(err, FORESEEN)
        log.log(
            logging.INFO if foreseen else logging.ERROR,
            "source %s failed (run %s): %s",
            source["name"],
            run_id,
            message,
            exc_info=not foreseen,
        )
        load.fail_run(engine, run_id, message)
        return load.RunResult(
            source["name"], run_id, RunStatus.GAGAL, seconds=time.perf_counter() - began, error=message
        )


REASON_CHARS = 1000
# Failures whose message is written for the walidata (what is wrong and what to do): no traceback to log.
FORESEEN = (FileNotFoundError, FetchError, MappingError, TooLarge, SourceError)


def reason(err: BaseException) -> str:
    """Why a source failed, in one line for the run record: the error's kind and its first line, shortened."""
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    text = f"{type(err).__name__}: {lines[0]}" if lines else type(err).__name__
    return text if len(text) <= REASON_CHARS else text[: REASON_CHARS - 1] + "…"


def _prepare(url: str | None, sources: list[dict]) -> Engine:
    """Migrate, then sync reference data and the source registry; the caller holds the run lock."""
    migrate(url)
    engine = get_engine(url)
    with engine.begin() as conn:
        load_reference(conn)
        register_sources(conn, sources)
        search_index.rebuild(conn)
    return engine


def prepare(url: str | None = None, registry_path: Path = REGISTRY) -> Engine:
    """Migrate and sync reference data and the registry (cheap, done on every start), under the lock:
    it writes, so it waits for no running load and never blocks behind one."""
    sources = registry(registry_path)
    with RunLock(get_engine(url)):
        return _prepare(url, sources)


def mark_interrupted(engine: Engine) -> int:
    """Runs left 'berjalan' by a process that died: called while holding the lock, so none is alive."""
    with engine.begin() as conn:
        return conn.execute(
            update(EtlRun)
            .where(EtlRun.status == RunStatus.BERJALAN)
            .values(
                status=RunStatus.TERPUTUS,
                finished_at=load.now(),
                error="proses berhenti sebelum selesai; tidak ada data yang berubah / "
                "the process stopped before finishing; no data changed",
            )
        ).rowcount


def run(
    url: str | None = None,
    only: str | None = None,
    registry_path: Path = REGISTRY,
    on_stage: Stage | None = None,
    on_plan: Callable[[list[str]], None] | None = None,
    only_if_empty: bool = False,
) -> list[load.RunResult] | None:
    """Run every enabled source (or the one named, even when switched off); one result per source.

    The run lock is taken first, before anything is written (migrations and reference data too).
    Raises LockBusy when another run holds it, SourceError for an unknown source name. With
    `only_if_empty` (bootstrap), nothing runs and None is returned when observations exist.
    """
    everything = registry(registry_path)
    if only:
        sources = [s for s in everything if s["name"] == only]
        if not sources:
            names = ", ".join(s["name"] for s in everything)
            raise SourceError(
                f"tidak ada sumber bernama '{only}' di {registry_path.name} (ada: {names}) / "
                f"no source named '{only}' in {registry_path.name} (there are: {names})"
            )
    else:
        sources = [s for s in everything if s.get("enabled", True)]
    with RunLock(get_engine(url)):
        engine = _prepare(url, everything)
        mark_interrupted(engine)
        if only_if_empty and not is_empty(engine):
            return None
        if on_plan:
            on_plan([s["name"] for s in sources])
        results = [run_one(engine, s, on_stage) for s in sources]
    for r in results:
        audit.etl_run(r, command="bootstrap" if only_if_empty else "run")
    return results


def ingest_source(path: Path, name: str | None = None) -> dict:
    """The registry entry for a one-off file: recorded under its own source name (berkas-<file>)."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:50] or "berkas"
    shown = re.sub(r"[\x00-\x1f\x7f]", "?", path.name)  # a name with a line break stays on one line
    return {
        "name": name or f"berkas-{slug}",
        "kind": "template",
        "title": f"Berkas {shown} (dimuat manual / loaded by hand)",
        "producer_agency": "(berkas manual / manual file)",
        "location": str(path.resolve()),
        "schedule": Schedule.MANUAL,
        "trusted": True,  # the walidata's own file, published as it loads
    }


def ingest(
    path: Path,
    url: str | None = None,
    source_name: str | None = None,
    registry_path: Path = REGISTRY,
    on_stage: Stage | None = None,
    via: str = "cli",
) -> load.RunResult:
    """Load one file in the standard template and publish it: the walidata's own act, recorded as a delivery
    published without review (an agency's file goes through /kirim and waits for approval instead).

    With `source_name` naming a registered template source, the file is loaded with that source's
    options and recorded under it; otherwise under a source of its own named after the file, so
    loading a corrected file again changes only the corrected rows.
    """
    everything = registry(registry_path)
    registered = {s["name"]: s for s in everything}
    if source_name and source_name in registered:
        spec = {**registered[source_name], "location": str(path.resolve())}
        if spec["kind"] != "template":
            raise SourceError(
                f"sumber '{source_name}' berjenis {spec['kind']}, bukan template / "
                f"source '{source_name}' is of kind {spec['kind']}, not template"
            )
        extra = []
    else:
        spec = ingest_source(path, source_name)
        extra = check_registry([spec])
    with RunLock(get_engine(url)):
        engine = _prepare(url, everything + extra)
        mark_interrupted(engine)
        result = run_one(engine, spec, on_stage, via="cli", publish=True)
    audit.etl_run(result, command="ingest", file=str(path), via=via)
    return result


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Observation)).scalar_one() == 0


def open_existing(url: str | None = None) -> Engine:
    """The database for reading (status, rejects): never migrated or written from here."""
    if not is_migrated(url):
        raise SourceError(
            "basis data belum dibangun: jalankan `python -m etl run` dulu / "
            "the database is not built yet: run `python -m etl run` first"
        )
    return get_engine(url)


def known_run(engine: Engine, run_id: int) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(EtlRun).where(EtlRun.id == run_id)).scalar_one() > 0


def results_frame(results: list[load.RunResult]) -> pd.DataFrame:
    return pd.DataFrame([r.__dict__ for r in results])
