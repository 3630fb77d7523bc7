"""Shared fixtures: a real PostgreSQL server for the session, fresh databases on both engines."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest

ENGINES = ["sqlite", "postgresql"]
_counter = itertools.count()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server started for this test run with Debian's initdb and pg_ctl."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        pytest.fail("PostgreSQL server binaries not found: `apt-get install postgresql` (.ci/run does this)")
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
    options = f"-p {port} -k {datadir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run(
        [*prefix, bindir / "pg_ctl", "-D", datadir, "-w", "-o", options, "-l", datadir / "log", "start"],
        check=True,
        capture_output=True,
    )
    yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    subprocess.run([*prefix, bindir / "pg_ctl", "-D", datadir, "-m", "fast", "stop"], capture_output=True)
    shutil.rmtree(datadir, ignore_errors=True)


def new_database(engine: str, request, tmp_path_factory) -> str:
    """The URL of a new, empty database on the engine."""
    if engine == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal.db'}"
    base = request.getfixturevalue("pg_server")
    name = f"portal_test_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(base.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


@pytest.fixture(params=ENGINES)
def empty_db(request, tmp_path_factory, monkeypatch) -> str:
    """A new empty database on each engine, set as DATABASE_URL for the test."""
    url = new_database(request.param, request, tmp_path_factory)
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture(scope="session", params=ENGINES)
def loaded_db_session(request, tmp_path_factory) -> str:
    """A database on each engine, migrated and loaded with the bundled data once per session."""
    from etl import runner

    url = new_database(request.param, request, tmp_path_factory)
    results = runner.run(url)
    assert all(r.status != "gagal" for r in results), [r.error for r in results]
    return url


@pytest.fixture
def loaded_db(loaded_db_session, monkeypatch) -> str:
    """The session's loaded database, set as DATABASE_URL (read-only use)."""
    monkeypatch.setenv("DATABASE_URL", loaded_db_session)
    return loaded_db_session
