"""A throwaway PostgreSQL server (Debian's initdb and pg_ctl), for the tests and the benchmarks."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def throwaway_server(fsync: bool = False) -> Iterator[str]:
    """Start a server in a temporary folder; yields its base URL (add /dbname); stops and deletes it."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        raise RuntimeError(
            "PostgreSQL server binaries not found: `apt-get install postgresql` (make test does this as root)"
        )
    bindir = Path(found[-1]).parent
    datadir = Path(tempfile.mkdtemp(prefix="portal-pg-"))
    port = free_port()
    # PostgreSQL refuses to run as root: as root, run it as the postgres user.
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if prefix:
        shutil.chown(datadir, "postgres", "postgres")
    subprocess.run(
        [*prefix, bindir / "initdb", "-D", datadir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {datadir} -c listen_addresses=127.0.0.1 -c max_connections=200"
    if not fsync:
        options += " -c fsync=off"
    subprocess.run(
        [*prefix, bindir / "pg_ctl", "-D", datadir, "-w", "-o", options, "-l", datadir / "log", "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*prefix, bindir / "pg_ctl", "-D", datadir, "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(datadir, ignore_errors=True)
