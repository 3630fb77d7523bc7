"""Engines and migrations: SQLite by default, PostgreSQL when DATABASE_URL says so.

Which database a call reaches: the URL it is given, else the one bound to the current context (the web
app binds its settings' database for each request; `using(url)` binds one for a block), else the
registry's DATABASE_URL (command-line tools).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect

from portal.settings import ROOT, Settings

log = logging.getLogger(__name__)


_bound: ContextVar[str | None] = ContextVar("portal_database_url", default=None)


def current_url() -> str:
    """The database this context reads: the bound one, else DATABASE_URL."""
    return _bound.get() or Settings.from_env().database_url


@contextlib.contextmanager
def using(url: str) -> Iterator[str]:
    """Bind `url` as the database of every call in this block (and this thread or task)."""
    token = _bound.set(url)
    try:
        yield url
    finally:
        _bound.reset(token)


def bind(url: str):
    """Bind `url` until `unbind(token)` (the web app does so around each request)."""
    return _bound.set(url)


def unbind(token) -> None:
    _bound.reset(token)


def get_engine(url: str | None = None) -> Engine:
    """The engine for a URL (default: the current database), one per URL per process."""
    return _engine(url or current_url())


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    """SQLite is tuned for concurrent readers during a load; PostgreSQL gets a checked pool."""
    if url.startswith("sqlite"):
        db_file = url.split("///", 1)[-1]
        if db_file and db_file != ":memory:":
            Path(db_file).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            # WAL: readers keep seeing the last committed load while the ETL writes. A file on a read-only disk
            # cannot switch modes, but its data can still be read and served.
            try:
                cur.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError as err:
                log.warning("SQLite journal mode unchanged (%s): serving the database read-only", err)
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def alembic_config(url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["url"] = url
    return cfg


def migrate(url: str | None = None) -> None:
    """Bring the database to the newest schema."""
    url = url or current_url()
    command.upgrade(alembic_config(url), "head")


def is_migrated(url: str | None = None) -> bool:
    return inspect(get_engine(url)).has_table("observation")


def unreachable(err: Exception) -> str:
    """What a command-line tool says when the database refused a change or did not answer (nothing changed)."""
    reason = str(getattr(err, "orig", err)).splitlines()[0]
    return (
        "Gagal: basis data tidak dapat ditulis atau dihubungi (tidak ada yang diubah). / "
        f"Failed: the database cannot be written or reached (nothing changed). [{reason}]"
    )
