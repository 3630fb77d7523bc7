"""python -m etl: run [--source NAME] | ingest FILE | status | rejects [--run ID] | bootstrap | harvest URL |
deliveries [--all] | approve ID [--note TEXT] | return ID --note TEXT.

Exit codes: 0 all loaded; 3 loaded, some rows rejected; 1 failed, database unchanged (also: another
run holds the lock; harvest: the portal cannot be read); 2 usage error (harvest: a bad URL or pick).
"""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from etl import limits, runner
from etl.load import RunResult
from portal import audit
from portal.db import using
from portal.i18n import t_of
from portal.runlock import LockBusy
from portal.settings import Settings
from portal.vocab import RunStatus, Stage

console = Console(highlight=False, soft_wrap=True)
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_REJECTED = 0, 1, 2, 3
WITA = ZoneInfo("Asia/Makassar")

# name -> (handler, help, arguments). One more subcommand is one decorated function.
COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str, tuple]] = {}


def arg(*flags: str, **kwargs) -> tuple:
    return flags, kwargs


def command(name: str, help: str, *arguments: tuple):
    def register(handler: Callable[[argparse.Namespace], int]):
        COMMANDS[name] = (handler, help, arguments)
        return handler

    return register


def stage_text(name: str) -> str:
    """A stage as the progress bar names it, in both languages: "memuat / loading" (an unknown one as it is)."""
    return f"{t_of('stage', name, 'id')} / {t_of('stage', name, 'en')}" if Stage.has(name) else name


def wita(value) -> str:
    """A stored naive-UTC time as WITA (Asia/Makassar), the walidata's clock."""
    if value is None or pd.isna(value):
        return "-"
    return pd.Timestamp(value).tz_localize("UTC").tz_convert(WITA).strftime("%Y-%m-%d %H:%M")


def summary(results: list[RunResult]) -> int:
    """Print the per-source table; return the exit code the results call for."""
    table = Table(
        title="Ringkasan ETL / ETL summary",
        caption="dibaca = dimuat + tak berubah + ditolak / read = loaded + unchanged + rejected",
    )
    table.add_column("sumber")
    table.add_column("status")
    for col in ("dibaca", "dimuat", "tak berubah", "ditolak", "detik"):
        table.add_column(col, justify="right")
    colours = {RunStatus.BERHASIL: "green", RunStatus.SEBAGIAN: "yellow", RunStatus.GAGAL: "red"}
    for r in results:
        table.add_row(
            r.source,
            f"[{colours.get(r.status, 'white')}]{r.status}[/]",
            f"{r.read:,}",
            f"{r.loaded:,}",
            f"{r.unchanged:,}",
            f"{r.rejected:,}",
            f"{r.seconds:.2f}",
        )
    console.print(table)
    for r in results:
        for note in r.notes:
            console.print(f"{r.source}: {note}", markup=False)
        if r.error:
            console.print(f"[red]{r.source} (run {r.run_id}) gagal / failed: {escape(r.error)}[/red]")
        elif r.rejected:
            console.print(
                f"{r.source}: {r.rejected} baris ditolak / rows rejected — python -m etl rejects --run {r.run_id}"
            )
    if any(r.status == RunStatus.GAGAL for r in results):
        return EXIT_FAILED
    return EXIT_REJECTED if any(r.rejected for r in results) else EXIT_OK


class Stages:
    """A progress bar over the sources of a run, naming the stage the current one is in."""

    def __init__(self):
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = None
        self.current = None

    def plan(self, names: list[str]) -> None:
        self.task = self.progress.add_task("ETL", total=len(names))

    def stage(self, source: str, name: str) -> None:
        if self.task is None:
            self.plan([source])
        if self.current not in (None, source):
            self.progress.advance(self.task)
        self.current = source
        self.progress.update(self.task, description=f"{source}: {stage_text(name)}")

    def __enter__(self):
        self.progress.__enter__()
        return self

    def __exit__(self, *exc):
        if self.task is not None and self.current is not None:
            self.progress.advance(self.task)
        self.progress.__exit__(*exc)


def _registry(args) -> Path:
    return Path(args.registry) if args.registry else runner.REGISTRY


@command("bootstrap", "migrasi, data rujukan, muat data bawaan bila basis data kosong / migrate and first load")
def cmd_bootstrap(args) -> int:
    with Stages() as stages:
        results = runner.run(
            registry_path=_registry(args), on_stage=stages.stage, on_plan=stages.plan, only_if_empty=True
        )
    if results is None:
        console.print("Basis data sudah berisi data; tidak dimuat ulang. / Database already loaded.")
        return EXIT_OK
    code = summary(results)
    # Rejected rows in the bundled data are expected and visible on /status; they do not stop `make run`.
    return EXIT_FAILED if code == EXIT_FAILED else EXIT_OK


@command(
    "run",
    "tugas malam: semua sumber, atau --source NAMA / the nightly job: every source, or --source NAME",
    arg("--source", metavar="NAME", help="satu sumber dari registri / one source of the registry"),
)
def cmd_run(args) -> int:
    with Stages() as stages:
        results = runner.run(
            only=args.source, registry_path=_registry(args), on_stage=stages.stage, on_plan=stages.plan
        )
    return summary(results)


@command(
    "ingest",
    "muat satu berkas templat standar (CSV/XLSX) / load one standard-template file",
    arg("file", metavar="FILE"),
    arg(
        "--source",
        metavar="NAME",
        help="catat di sumber ini (default: berkas-<nama berkas>) / record under this source",
    ),
)
def cmd_ingest(args) -> int:
    path = Path(args.file)
    if not path.is_file():
        console.print(f"[red]berkas tidak ditemukan / file not found: {escape(str(path))}[/red]")
        return EXIT_USAGE
    with Stages() as stages:
        result = runner.ingest(path, source_name=args.source, registry_path=_registry(args), on_stage=stages.stage)
    code = summary([result])
    if result.rejected:
        _print_rejects(runner_rejects(result.run_id), title=f"Baris ditolak / Rejected rows (run {result.run_id})")
    return code


def runner_rejects(run_id: int | None, limit: int = 500) -> pd.DataFrame:
    from portal import queries

    return queries.rejected_rows(run_id=run_id, limit=limit)


def _print_rejects(rows: pd.DataFrame, title: str) -> None:
    """One block per rejected row: where it is, why (Indonesian, English), and what it held."""
    console.print(f"[bold]{title}[/bold]")
    for r in rows.itertuples():
        # Reasons quote the delivery ("wilayah '[/]' ..."): printed as text, never read as rich markup.
        console.print(f"[yellow]{r.source} run {r.run_id} baris/row {r.row_number}[/yellow]: {escape(r.reason)}")
        console.print(f"    {r.reason_en}", style="dim", markup=False)
        console.print(f"    {r.raw}", markup=False, soft_wrap=True)


@command(
    "status",
    "run terakhir, kesegaran per sumber dan indikator / runs, freshness per source and indicator",
    arg("--runs", type=int, default=10, metavar="N", help="berapa run terakhir / how many latest runs"),
)
def cmd_status(args) -> int:
    from portal import queries

    runner.open_existing()
    sources = queries.source_status(args.settings.stale_after_days)
    table = Table(
        title=f"Sumber data / Sources ({datetime.now(WITA):%Y-%m-%d %H:%M} WITA)",
        caption="source, schedule, last run, status, rows loaded, rejected, last success, data age (days)",
    )
    for col in ("sumber", "jadwal", "run terakhir", "status", "dimuat", "ditolak", "berhasil terakhir"):
        table.add_column(col)
    table.add_column("umur", justify="right")
    table.add_column("")
    for s in sources.itertuples():
        flag = "[red]BASI / STALE[/red]" if s.stale else ("nonaktif / off" if not s.enabled else "[green]ok[/green]")
        age = "-" if pd.isna(s.data_age_days) else f"{s.data_age_days:.1f}"
        table.add_row(
            s.name,
            s.schedule,
            wita(s.last_started),
            str(s.last_status) if isinstance(s.last_status, str) else "-",
            "-" if pd.isna(s.last_rows_loaded) else f"{int(s.last_rows_loaded):,}",
            "-" if pd.isna(s.last_rows_rejected) else f"{int(s.last_rows_rejected):,}",
            wita(s.last_success),
            age,
            flag,
        )
    console.print(table)

    runs = queries.runs(limit=args.runs)
    table = Table(
        title="Run terakhir / Latest runs",
        caption="id, source, started (WITA), status, read, loaded, unchanged, rejected, error",
    )
    for col in ("id", "sumber", "mulai", "status", "dibaca", "dimuat", "sama", "ditolak"):
        table.add_column(col)
    table.add_column("galat", overflow="ellipsis", no_wrap=True, max_width=18)
    for r in runs.itertuples():
        table.add_row(
            str(r.id),
            r.source,
            wita(r.started_at),
            r.status,
            f"{r.rows_read:,}",
            f"{r.rows_loaded:,}",
            f"{r.rows_unchanged:,}",
            f"{r.rows_rejected:,}",
            escape(r.error) if isinstance(r.error, str) else "",
        )
    console.print(table)
    for r in runs.itertuples():
        # Each failure's reason in full (one line: the run record holds no traceback).
        if isinstance(r.error, str) and r.error:
            console.print(f"run {r.id} ({r.source}): {r.error}", markup=False, soft_wrap=True)
        for note in r.notes.splitlines() if isinstance(r.notes, str) else []:
            console.print(f"run {r.id} ({r.source}): {note}", markup=False)

    fresh = queries.indicator_freshness()
    table = Table(
        title="Indikator / Indicators", caption="code, frequency, latest period, last load (WITA), observations"
    )
    for col in ("kode", "frekuensi", "periode terakhir", "dimuat", "data"):
        table.add_column(col)
    for f in fresh.itertuples():
        period = f.latest_period if isinstance(f.latest_period, str) else "-"
        table.add_row(f.code, f.frequency, period, wita(f.last_loaded_at), f"{int(f.observations):,}")
    console.print(table)
    stale = sources.loc[sources["stale"], "name"].tolist()
    if stale:
        console.print(f"[red]Sumber basi / stale sources: {', '.join(stale)}[/red]")
    return EXIT_OK


@command(
    "rejects",
    "baris yang ditolak dan alasannya / rejected rows and why",
    arg("--run", type=int, metavar="ID", help="satu run (default: run terakhir tiap sumber) / one run"),
    arg("--limit", type=int, default=500, metavar="N"),
)
def cmd_rejects(args) -> int:
    engine = runner.open_existing()
    if args.run is not None and not runner.known_run(engine, args.run):
        console.print(f"[red]tidak ada run {args.run} / no run {args.run}[/red]")
        return EXIT_USAGE
    rows = runner_rejects(args.run, args.limit)
    if rows.empty:
        console.print("Tidak ada baris yang ditolak. / No rejected rows.")
        return EXIT_OK
    scope = f"run {args.run}" if args.run is not None else "run terakhir tiap sumber / latest run per source"
    _print_rejects(rows, title=f"Baris ditolak / Rejected rows ({scope})")
    return EXIT_OK


@command(
    "deliveries",
    "kiriman yang menunggu pemeriksaan (atau --all) / deliveries awaiting review (or --all)",
    arg("--all", action="store_true", help="semua kiriman, terbaru dulu / every delivery, newest first"),
    arg("--limit", type=int, default=50, metavar="N"),
)
def cmd_deliveries(args) -> int:
    from portal import queries
    from portal.access import ALL_AGENCIES
    from portal.vocab import OPEN_STAGES

    runner.open_existing()
    rows = queries.deliveries(ALL_AGENCIES, None if args.all else OPEN_STAGES, limit=args.limit)
    table = Table(
        title="Kiriman / Deliveries",
        caption="dibaca = dimuat + tak berubah + ditolak (dimuat: baru atau berubah terhadap yang terbit) / "
        "read = loaded + unchanged + rejected (loaded: new or changed against what is published)",
    )
    table.add_column("id")
    table.add_column("sumber", no_wrap=True)
    table.add_column("tahap", no_wrap=True)
    for col in ("dikirim", "oleh", "dibaca", "dimuat", "tak berubah", "ditolak", "dihapus"):
        table.add_column(col)
    for d in rows.itertuples():
        table.add_row(
            str(d.id),
            d.source,
            d.stage,
            wita(d.submitted_at),
            d.submitted_by,
            *(f"{int(v):,}" for v in (d.rows_read, d.rows_loaded, d.rows_unchanged, d.rows_rejected, d.rows_removed)),
        )
    console.print(table)
    if rows.empty:
        console.print("Tidak ada kiriman yang menunggu. / No delivery awaits review.")
    return EXIT_OK


def _decide(args, decision) -> int:
    """Approve or return a delivery as the walidata at the server (the OS account is the one recorded)."""
    from etl import workflow
    from etl.ledger import Actor
    from portal.access import Reader
    from portal.db import get_engine
    from portal.vocab import Refusal, Role

    runner.open_existing()
    try:
        decision(get_engine(), args.id, Reader(Role.WALIDATA), Actor.process("cli"), args.note)
    except workflow.Refused as err:
        console.print(str(err), style="red", markup=False)
        return EXIT_FAILED if err.code in (Refusal.BUSY, Refusal.DECIDED) else EXIT_USAGE
    return EXIT_OK


@command(
    "approve",
    "setujui dan terbitkan satu kiriman / approve a delivery, which publishes it",
    arg("id", type=int, metavar="ID"),
    arg("--note", default=None, metavar="TEKS", help="catatan persetujuan / an approval note"),
)
def cmd_approve(args) -> int:
    from etl import workflow

    code = _decide(args, workflow.approve)
    if code == EXIT_OK:
        console.print(f"Kiriman #{args.id} terbit. / Delivery #{args.id} is published.")
    return code


@command(
    "return",
    "kembalikan satu kiriman kepada pengirimnya dengan catatan / return a delivery to its sender with a note",
    arg("id", type=int, metavar="ID"),
    arg("--note", required=True, metavar="TEKS", help="mengapa dikembalikan / why it goes back"),
)
def cmd_return(args) -> int:
    from etl import workflow

    code = _decide(args, workflow.return_delivery)
    if code == EXIT_OK:
        console.print(f"Kiriman #{args.id} dikembalikan. / Delivery #{args.id} was returned.")
    return code


@command(
    "boundaries",
    "periksa GeoJSON batas kabupaten/kota / validate a regency boundary GeoJSON",
    arg("source", metavar="FILE_OR_URL"),
)
def cmd_boundaries(args) -> int:
    from etl import boundaries

    return boundaries.run(args.source)


@command(
    "harvest",
    "daftar dataset portal Satu Data (CKAN) dan draf registri untuk yang dipilih / "
    "list a Satu Data portal's datasets and draft registry entries for the picks",
    arg("url", metavar="URL", help="alamat dasar portal / the portal's base URL"),
    arg(
        "--pick",
        action="append",
        default=[],
        metavar="DATASET[/RESOURCE]",
        help="buat draf untuk dataset ini (boleh diulang) / draft an entry for this dataset (repeatable)",
    ),
    arg(
        "--draft", metavar="PATH", help="berkas draf / the draft file (default: sources.draft.toml beside the registry)"
    ),
)
def cmd_harvest(args) -> int:
    from etl import harvest
    from etl.http import FetchError
    from etl.sources.fields import MappingError

    registry_path = _registry(args)
    draft = Path(args.draft) if args.draft else registry_path.with_name("sources.draft.toml")
    try:
        harvest.check_url(args.url)
        if args.pick and draft.exists():
            raise harvest.HarvestError(
                f"{draft} sudah ada: tinjau dan pindahkan isinya ke registri, atau pilih --draft lain / "
                f"{draft} already exists: review it and move its entries into the registry, or choose another --draft"
            )
        taken = {s["name"] for s in runner.registry(registry_path)}
        result = harvest.harvest(args.url, args.pick, draft, taken)
    except harvest.HarvestError as err:
        console.print(f"[red]{escape(str(err))}[/red]")
        return EXIT_USAGE
    except (FetchError, MappingError) as err:
        console.print(f"[red]portal tidak dapat dibaca / the portal cannot be read: {escape(str(err))}[/red]")
        return EXIT_FAILED
    resources = sum(len(d.resources) for d in result.datasets)
    console.print(f"{len(result.datasets)} dataset, {resources} sumber daya / resources: {args.url}")
    for line in harvest.listing_lines(result.datasets):
        console.print(line, markup=False)
    for note in result.notes:
        console.print(f"catatan / note: {note}", markup=False)
    if result.drafted:
        console.print(
            f"Draf / Draft: {draft} ({', '.join(result.drafted)}), nonaktif sampai ditinjau / switched off until "
            f"reviewed. Isi kode indikator, lalu pindahkan ke {registry_path.name} / fill the indicator codes, then "
            f"move the entries into {registry_path.name}; try one first: python -m etl --registry {draft} run "
            f"--source NAME (on a scratch DATABASE_URL)",
            markup=False,
        )
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m etl", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--registry", metavar="PATH", help=f"registri sumber / source registry (default {runner.REGISTRY})")
    sub = p.add_subparsers(dest="command", required=True)
    for name, (_handler, help_text, arguments) in COMMANDS.items():
        sp = sub.add_parser(name, help=help_text, description=help_text)
        for flags, kwargs in arguments:
            sp.add_argument(*flags, **kwargs)
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    args.settings = settings = Settings.from_env()
    audit.configure(settings.audit_log)
    try:
        with using(settings.database_url), limits.bound(settings.etl_max_file_mb):
            return COMMANDS[args.command][0](args)
    except LockBusy as err:
        console.print(f"[red]{escape(str(err))}[/red]")
        return EXIT_FAILED
    except runner.SourceError as err:
        console.print(f"[red]{escape(str(err))}[/red]")
        return EXIT_USAGE
    except (SQLAlchemyError, OSError) as err:
        console.print(f"[red]{escape(database_failure(err))}[/red]")
        return EXIT_FAILED


def database_failure(err: Exception) -> str:
    """One sentence for a load the database could not take; the transaction was rolled back either way."""
    text = str(getattr(err, "orig", err)).splitlines()[0]
    if getattr(err, "errno", None) == errno.ENOSPC or "disk is full" in text:
        return f"disk basis data penuh, tidak ada yang diubah / the database disk is full, nothing was changed ({text})"
    if isinstance(err, OSError):  # a read-only disk under the SQLite file or its lock file
        return f"berkas basis data tidak dapat ditulis / database file cannot be written ({text})"
    return f"basis data tidak dapat dipakai / database unusable ({text})"


if __name__ == "__main__":
    sys.exit(main())
