"""python -m etl: run | ingest FILE | status | rejects [--run ID] | bootstrap.

Exit codes: 0 all loaded; 3 loaded, some rows rejected; 1 failed, database unchanged; 2 usage error.
"""

from __future__ import annotations

import argparse
import sys

from rich.console import Console
from rich.table import Table

from etl import runner

console = Console()
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_REJECTED = 0, 1, 2, 3


def summary(results) -> int:
    """Print the per-source table; return the exit code the results call for."""
    table = Table(title="Ringkasan ETL / ETL summary")
    for col in ("sumber", "status", "dibaca", "dimuat", "tak berubah", "ditolak", "detik"):
        table.add_column(col, justify="right" if col not in ("sumber", "status") else "left")
    for r in results:
        table.add_row(
            r.source, r.status, str(r.read), str(r.loaded), str(r.unchanged), str(r.rejected), f"{r.seconds:.2f}"
        )
    console.print(table)
    for r in results:
        if r.error:
            console.print(f"[red]{r.source}: {r.error}[/red]")
    if any(r.status == "gagal" for r in results):
        return EXIT_FAILED
    return EXIT_REJECTED if any(r.rejected for r in results) else EXIT_OK


def cmd_bootstrap(args) -> int:
    engine = runner.prepare()
    if not runner.is_empty(engine):
        console.print("Basis data sudah berisi data; tidak dimuat ulang. / Database already loaded.")
        return EXIT_OK
    code = summary(runner.run())
    # Rejected rows in the bundled data are expected and visible on /status; they do not stop `make run`.
    return EXIT_FAILED if code == EXIT_FAILED else EXIT_OK


def cmd_run(args) -> int:
    try:
        return summary(runner.run(only=args.source))
    except runner.SourceError as err:
        console.print(f"[red]{err}[/red]")
        return EXIT_USAGE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m etl", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("bootstrap", help="migrate, sync reference data, load bundled data if the database is empty")
    p_run = sub.add_parser("run", help="the nightly job: every source, or --source NAME")
    p_run.add_argument("--source")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    return {"bootstrap": cmd_bootstrap, "run": cmd_run}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
