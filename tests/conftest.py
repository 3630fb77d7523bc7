"""Shared fixtures: a real PostgreSQL server for the session, fresh databases on both engines."""

from __future__ import annotations

import itertools
import os
import sqlite3
import tempfile

import psycopg
import pytest

from tests.pgserver import free_port, throwaway_server  # noqa: F401 - free_port is imported from here

ENGINES = ["sqlite", "postgresql"]
# The apps and servers of this run keep their installation key in a folder of the run (not the user's home).
os.environ.setdefault("SECRET_KEY_FILE", os.path.join(tempfile.mkdtemp(prefix="portal-key-"), "secret-key"))
_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server started for this test run with Debian's initdb and pg_ctl."""
    try:
        with throwaway_server() as url:
            yield url
    except RuntimeError as err:
        pytest.fail(str(err))


def new_database(engine: str, request, tmp_path_factory, template: str | None = None) -> str:
    """The URL of a new database on the engine: empty, or a copy of `template` (a database of the same engine)."""
    if engine == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal.db'}"
        if template:
            with (
                sqlite3.connect(template.split("///", 1)[1]) as source,
                sqlite3.connect(url.split("///", 1)[1]) as copy,
            ):
                source.backup(copy)
        return url
    base = request.getfixturevalue("pg_server")
    name = f"portal_test_{os.getpid()}_{next(_counter)}"
    like = f' TEMPLATE "{template.rsplit("/", 1)[1]}"' if template else ""
    with psycopg.connect(base.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{like}')
    return f"{base}/{name}"


@pytest.fixture(params=ENGINES)
def empty_db(request, tmp_path_factory, monkeypatch) -> str:
    """A new empty database on each engine, set as DATABASE_URL for the test."""
    url = new_database(request.param, request, tmp_path_factory)
    monkeypatch.setenv("DATABASE_URL", url)
    return url


_templates: dict[str, str] = {}
_template_loads: dict[
    str, list
] = {}  # what the template's load returned, per engine (tests/integration/test_db_load_queries.py)


def loaded_database(engine: str, request, tmp_path_factory) -> str:
    """The URL of a new database of its own on the engine, as `python -m etl run` leaves it on an empty one.

    The bundled data are loaded once per engine and process into a template that nothing else opens; each
    database is a copy of it (SQLite's backup API, PostgreSQL's CREATE DATABASE ... TEMPLATE), which takes a
    fraction of a second where a load takes several."""
    if engine not in _templates:
        from etl import runner
        from portal.db import get_engine

        template = new_database(engine, request, tmp_path_factory)
        results = runner.run(template)
        assert all(r.status != "gagal" for r in results), [r.error for r in results]
        get_engine(template).dispose()  # PostgreSQL copies a template only while no one is connected to it
        _templates[engine] = template
        _template_loads[engine] = results
    return new_database(engine, request, tmp_path_factory, template=_templates[engine])


@pytest.fixture(params=ENGINES)
def loaded_copy(request, tmp_path_factory, monkeypatch) -> str:
    """A database of the test's own on each engine, loaded with the bundled data (it may write), as DATABASE_URL."""
    url = loaded_database(request.param, request, tmp_path_factory)
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def first_load(url: str) -> list:
    """What `python -m etl run` returned when it loaded the bundled data into an empty database on the engine of
    `url`, a copy of the loaded template (`loaded_database`)."""
    return _template_loads[url.split(":", 1)[0].split("+", 1)[0]]


@pytest.fixture(scope="session", params=ENGINES)
def loaded_db_session(request, tmp_path_factory) -> str:
    """A database on each engine, migrated and loaded with the bundled data once per session."""
    return loaded_database(request.param, request, tmp_path_factory)


@pytest.fixture
def loaded_db(loaded_db_session, monkeypatch) -> str:
    """The session's loaded database, set as DATABASE_URL (read-only use)."""
    monkeypatch.setenv("DATABASE_URL", loaded_db_session)
    return loaded_db_session


# Kecamatan and desa under Kabupaten Kutai Kartanegara (BPS 6403, Kemendagri 64.02) for the hierarchy tests.
# Codes in the Kemendagri form with test names (not the real list); values come in through the ETL like any
# delivery: the latest period has A and B but not C, and desa A.2 has no value.
SUBREGIONS = [
    {"code": "64.02.91", "name": "Uji A", "level": "kecamatan", "parent_code": "6403"},
    {"code": "64.02.92", "name": "Uji B", "level": "kecamatan", "parent_code": "6403"},
    {"code": "64.02.93", "name": "Uji C", "level": "kecamatan", "parent_code": "6403"},
    {"code": "64.02.91.2001", "name": "Uji A Satu", "level": "desa", "parent_code": "64.02.91"},
    {"code": "64.02.91.2002", "name": "Uji A Dua", "level": "desa", "parent_code": "64.02.91"},
]
SUBREGIONAL_VALUES = """kode_indikator;kode_wilayah;periode;nilai
kemiskinan_p0;64.02.91;2024-S2;6,5
kemiskinan_p0;64.02.92;2024-S2;9,25
kemiskinan_p0;64.02.93;2023-S2;7,75
kemiskinan_p0;64.02.91.2001;2024-S2;5,5
"""


def add_subregions(url: str, folder) -> None:
    """Add SUBREGIONS to the region reference and load SUBREGIONAL_VALUES with `python -m etl ingest`'s path."""
    from sqlalchemy import insert

    from etl import runner
    from portal.db import get_engine
    from portal.models import Region

    rows = [{**r, "kemendagri_code": r["code"], "name_full": f"{r['level'].title()} {r['name']}"} for r in SUBREGIONS]
    with get_engine(url).begin() as conn:
        conn.execute(insert(Region), rows)
    path = folder / "kecamatan_desa.csv"
    path.write_text(SUBREGIONAL_VALUES, encoding="utf-8")
    result = runner.ingest(path, url)
    assert (result.read, result.loaded, result.rejected) == (4, 4, 0), result


def web_app(database_url: str, **settings):
    """A dashboard app of the test's own: `create_app` with the registry's settings, this database and overrides."""
    from app import create_app
    from portal.settings import Settings

    return create_app(Settings.from_env(database_url=database_url, **settings))


# Accounts, one per role, on the session's loaded databases; a test client signed in through them (tests/accounts.py).
@pytest.fixture(scope="session")
def accounts_db(loaded_db_session):
    """The session's loaded databases, with one account per role (created once per engine)."""
    from portal import accounts
    from portal.vocab import AGENCY_ROLES
    from tests.accounts import AGENCY, PASSWORD, ROLE_USERS

    existing = {u["username"] for u in accounts.list_users(url=loaded_db_session)}
    for role, name in ROLE_USERS.items():
        if name not in existing:
            agency = AGENCY if role in AGENCY_ROLES else None
            accounts.create_user(name, PASSWORD, role, f"Uji {role}", agency=agency, url=loaded_db_session)
    return loaded_db_session


@pytest.fixture
def web(accounts_db, monkeypatch, tmp_path):
    """A test client of an app of the test's own on a loaded database with accounts; audit lines go to a file."""
    monkeypatch.setenv("DATABASE_URL", accounts_db)
    server = web_app(accounts_db, audit_log=str(tmp_path / "audit.jsonl")).server
    server.extensions["portal_limiter"].reset()  # each test starts a fresh sign-in window (the count is shared)
    client = server.test_client()
    client.audit_file = tmp_path / "audit.jsonl"
    return client
