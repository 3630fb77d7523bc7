"""The ETL run lock: two loads never overlap.

PostgreSQL: a session-level advisory lock, held on a connection of its own for the whole run.
SQLite: an exclusive `flock` on a lock file next to the database file. Both are released by the
operating system or the server when the process dies, even under SIGKILL, so a killed run never
leaves a stale lock behind.

`is_held()` lets readers (the /status page, `python -m etl status`) tell a run that is really in
progress from one that was left 'berjalan' by a killed process.
"""

from __future__ import annotations

import fcntl
import os
import time
import zlib
from pathlib import Path

from sqlalchemy import Connection, Engine, text

# One 63-bit key for "the portal's ETL" (advisory locks are per database, so test databases on one
# server do not collide).
LOCK_KEY = zlib.crc32(b"portal-satu-data-kaltim/etl")


class LockBusy(RuntimeError):
    """Another run holds the lock."""

    def __init__(self, holder: str = ""):
        self.holder = holder
        super().__init__(
            "Proses ETL lain sedang berjalan; coba lagi setelah selesai. / "
            f"Another ETL run is in progress; try again when it has finished.{f' ({holder})' if holder else ''}"
        )


def lock_file(engine: Engine) -> Path | None:
    """The lock file of a SQLite database (None for in-memory databases)."""
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    return Path(database).with_name(Path(database).name + ".etl.lock")


class RunLock:
    """Context manager: `with RunLock(engine): ...` or raise LockBusy at once."""

    def __init__(self, engine: Engine, wait_seconds: float = 1.0):
        self.engine = engine
        self.wait_seconds = wait_seconds
        self._conn: Connection | None = None
        self._held = False
        self._fh = None

    def acquire(self) -> RunLock:
        deadline = time.monotonic() + self.wait_seconds
        while True:
            if self._try():
                return self
            # A reader's probe (is_held) holds a shared lock for microseconds: retry briefly.
            if time.monotonic() >= deadline:
                holder = self._holder()
                self.release()
                raise LockBusy(holder)
            time.sleep(0.05)

    def _try(self) -> bool:
        if self.engine.dialect.name == "postgresql":
            if self._conn is None:
                self._conn = self.engine.connect()
            got = self._conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}).scalar_one()
            self._conn.commit()
            self._held = bool(got)
            return self._held
        path = lock_file(self.engine)
        if path is None:
            return True
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(path, "a+")  # noqa: SIM115 - held open for the whole run
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.close()
            return False
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        self._fh = fh
        return True

    def _holder(self) -> str:
        path = lock_file(self.engine) if self.engine.dialect.name == "sqlite" else None
        if path and path.exists():
            pid = path.read_text().strip()
            return f"pid {pid}" if pid else ""
        return ""

    def release(self) -> None:
        if self._conn is not None:
            try:
                if self._held:
                    self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
                    self._conn.commit()
            finally:
                self._conn.close()
                self._conn = None
                self._held = False
        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def is_held(engine: Engine) -> bool:
    """True while some process holds the run lock of this database (a read-only probe)."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            return bool(
                conn.execute(
                    text(
                        "SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
                        "WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database() "
                        "AND l.classid = :hi AND l.objid = :lo AND l.objsubid = 1)"
                    ),
                    {"hi": LOCK_KEY >> 32, "lo": LOCK_KEY & 0xFFFFFFFF},
                ).scalar_one()
            )
    path = lock_file(engine)
    if path is None or not path.exists():
        return False
    with open(path) as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
        return False
