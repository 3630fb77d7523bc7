"""Faults: the database goes away and comes back; the SQLite file's disk is read-only or full."""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from bench.dash_requests import CALLBACK_PATH, page_body
from portal.settings import ROOT
from tests.accounts import serve, stop_server
from tests.conftest import free_port

pytestmark = pytest.mark.security

DB_DOWN = "Basis data sedang tidak dapat dihubungi"


class PgServer:
    """A PostgreSQL server of this test's own, which the test can stop and start again on the same port."""

    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            pytest.fail("PostgreSQL server binaries not found: `apt-get install postgresql`")
        self.bindir = Path(found[-1]).parent
        self.datadir = Path(tempfile.mkdtemp(prefix="portal-pg-outage-"))
        self.port = free_port()
        self.prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.prefix:
            shutil.chown(self.datadir, "postgres", "postgres")
        subprocess.run(
            [*self.prefix, self.bindir / "initdb", "-D", self.datadir, "-A", "trust", "-U", "postgres", "--no-sync"],
            check=True,
            capture_output=True,
        )
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self):
        options = f"-p {self.port} -k {self.datadir} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            [
                *self.prefix,
                self.bindir / "pg_ctl",
                "-D",
                self.datadir,
                "-w",
                "-o",
                options,
                "-l",
                self.datadir / "log",
                "start",
            ],
            check=True,
            capture_output=True,
        )

    def stop(self):
        subprocess.run(
            [*self.prefix, self.bindir / "pg_ctl", "-D", self.datadir, "-m", "fast", "-w", "stop"], capture_output=True
        )

    def remove(self):
        self.stop()
        shutil.rmtree(self.datadir, ignore_errors=True)


def _page(client: httpx.Client, path: str) -> tuple[int, str]:
    response = client.post(CALLBACK_PATH, json=page_body(path))
    return response.status_code, response.text


def _wait_for(check, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


def test_flt001_database_outage_and_recovery_without_restart(tmp_path):
    from etl import runner

    pg = PgServer()
    pg.start()
    proc = None
    try:
        assert all(r.status != "gagal" for r in runner.run(pg.url, only="publikasi"))  # real figures suffice
        proc, base = serve(pg.url, healthy=False)
        with httpx.Client(base_url=base, timeout=30) as client:
            assert client.get("/healthz").status_code == 200
            status, body = _page(client, "/")
            assert status == 200 and "data-indicator" in body and DB_DOWN not in body

            pg.stop()
            health = client.get("/healthz")
            assert health.status_code == 503 and health.json()["database"] is False
            status, body = _page(client, "/")
            assert status == 200 and DB_DOWN in body and "Traceback" not in body
            shell = client.get("/")
            assert shell.status_code == 200  # the frame still loads and shows the notice

            pg.start()  # the same server comes back: the app reconnects by itself
            assert _wait_for(lambda: client.get("/healthz").status_code == 200)
            status, body = _page(client, "/")
            assert status == 200 and "data-indicator" in body and DB_DOWN not in body
    finally:
        if proc is not None:
            stop_server(proc)
        pg.remove()
    # The outage was handled everywhere: no request ended in an unhandled error.
    assert "unhandled error" not in Path(proc.log_path).read_text()


# --- the SQLite file's disk ----------------------------------------------------------------------


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here ({done.stderr.strip()}); a read-only or full disk needs a mount")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sqlite_copy(request, tmp_path_factory):
    """A loaded SQLite database, checkpointed into one file (no -wal, no -shm) to copy onto odd disks."""
    from sqlalchemy import text

    from portal.db import get_engine
    from tests.conftest import loaded_database

    url = loaded_database("sqlite", request, tmp_path_factory)
    path = Path(url.split("///", 1)[1])
    engine = get_engine(url)
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        conn.execute(text("PRAGMA journal_mode=DELETE"))
    engine.dispose()
    return path


def _users_cli(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "AUDIT_LOG": ""}
    return subprocess.run(
        [sys.executable, "-m", "portal.users", *args], input=stdin, capture_output=True, text=True, cwd=ROOT, env=env
    )


def _etl_cli(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "AUDIT_LOG": ""}
    return subprocess.run([sys.executable, "-m", "etl", *args], capture_output=True, text=True, cwd=ROOT, env=env)


def _count(path: Path, table: str) -> int:
    import sqlite3

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _count_users(path: Path) -> int:
    return _count(path, "app_user")


def test_flt002_read_only_disk_gives_a_clear_error_and_changes_nothing(sqlite_copy, tmp_path):
    source, mount = tmp_path / "src", tmp_path / "ro"
    source.mkdir()
    mount.mkdir()
    shutil.copy(sqlite_copy, source / "portal.db")
    before = _digest(source / "portal.db")
    _mount("--bind", "-o", "ro", str(source), str(mount))
    try:
        url = f"sqlite:///{mount / 'portal.db'}"
        created = _users_cli(url, "create", "ani", "--role", "viewer", stdin="kata-sandi-panjang-1\n")
        assert created.returncode == 1 and "tidak dapat ditulis" in created.stderr
        assert "Traceback" not in created.stderr
        loaded = _etl_cli(url, "run")
        assert loaded.returncode == 1 and "tidak dapat" in loaded.stdout + loaded.stderr
        assert "Traceback" not in loaded.stdout + loaded.stderr
        proc, base = serve(url, healthy=False)
        try:
            with httpx.Client(base_url=base, timeout=30) as client:
                # The data are still there to read: the dashboard keeps serving them.
                health = client.get("/healthz")
                assert health.status_code == 200 and health.json()["database"] is True, health.text
                status, body = _page(client, "/")
                assert status == 200 and "data-indicator" in body and DB_DOWN not in body
        finally:
            stop_server(proc)
    finally:
        subprocess.run(["umount", "--lazy", str(mount)], check=True)
    assert _digest(source / "portal.db") == before
    assert sorted(p.name for p in source.iterdir()) == ["portal.db"]


def test_flt003_full_disk_gives_a_clear_error_and_changes_nothing(sqlite_copy, tmp_path):
    mount = tmp_path / "full"
    mount.mkdir()
    size = sqlite_copy.stat().st_size + 256 * 1024
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount))
    try:
        db = mount / "portal.db"
        shutil.copy(sqlite_copy, db)
        users_before = _count_users(db)
        # Fill what is left of the disk.
        fd = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        url = f"sqlite:///{db}"
        created = _users_cli(url, "create", "ani", "--role", "viewer", stdin="kata-sandi-panjang-1\n")
        assert created.returncode == 1 and "Traceback" not in created.stderr
        assert "basis data tidak dapat ditulis atau dihubungi (tidak ada yang diubah)" in created.stderr
        file = mount.parent / "kiriman.csv"
        file.write_text(
            "kode_indikator,kode_wilayah,periode,nilai\n"
            + "".join(f"ipm,6472,{y},7{y % 10}\n" for y in range(1990, 2014))
        )
        observations_before = _count(db, "observation")
        loaded = _etl_cli(url, "ingest", str(file))
        said = loaded.stdout + loaded.stderr
        assert loaded.returncode == 1 and "Traceback" not in said, said
        assert "the database disk is full, nothing was changed" in said, said
        (mount / "filler").unlink()
        assert _count_users(db) == users_before
        assert _count(db, "observation") == observations_before
        integrity = subprocess.run(
            [
                sys.executable,
                "-c",
                f"import sqlite3; print(sqlite3.connect('{db}').execute('PRAGMA integrity_check').fetchone()[0])",
            ],
            capture_output=True,
            text=True,
        )
        assert integrity.stdout.strip() == "ok"
    finally:
        subprocess.run(["umount", "--lazy", str(mount)], check=True)
