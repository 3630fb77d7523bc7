"""Engines and migrations: SQLite by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import logging
import sqlite3
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect

from portal.config import ROOT, load_settings

log = logging.getLogger(__name__)


def get_engine(url: str | None = None) -> Engine:
    """The engine for a URL (default: DATABASE_URL), one per URL per process."""
    return _engine(url or load_settings().DATABASE_URL)


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
    url = url or load_settings().DATABASE_URL
    command.upgrade(alembic_config(url), "head")


def is_migrated(url: str | None = None) -> bool:
    return inspect(get_engine(url)).has_table("observation")
