"""PostgreSQL's bulk path for a load into an empty fact table (etl/bulk.py): the same data as the normal
path, the keys and indexes back afterwards, and nothing changed when it fails, is killed or cannot lock."""

from __future__ import annotations

import signal

import psycopg
import pytest
from sqlalchemy import select

from etl import bulk, runner
from portal.db import get_engine
from portal.models import EtlRun, IndicatorSummary, Observation, RejectedRow
from portal.settings import DATA_DIR
from tests.children import paused_child
from tests.conftest import new_database

EXCEL = DATA_DIR / "examples" / "dinkes_imunisasi_2024.xlsx"
FOREIGN_KEYS = {
    "indicator": "indicator(code)",
    "region": "region(code)",
    "source": "source(name)",
    "run_id": "etl_run(id)",
}


@pytest.fixture
def pg_db(request, tmp_path_factory) -> str:
    """A new database on the session's PostgreSQL server, migrated and with reference data, no observation."""
    url = new_database("postgresql", request, tmp_path_factory)
    runner.prepare(url)
    return url


@pytest.fixture
def paths(monkeypatch) -> list[tuple[str, str]]:
    """Which path each observation load took ('bulk' or 'normal'), and the lock timeout the rest of it ran with."""
    taken, real = [], bulk.drop_keys

    def spy(cursor):
        restore = real(cursor)
        taken.append(("normal" if restore is None else "bulk", cursor.execute("SHOW lock_timeout").fetchone()[0]))
        return restore

    monkeypatch.setattr(bulk, "drop_keys", spy)
    return taken


def _psycopg(url: str) -> psycopg.Connection:
    return psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True)


def keys(url: str) -> dict[tuple[str, str], str]:
    """The fact table's constraints and indexes as pg_catalog defines them (NOT VALID ones say so)."""
    with _psycopg(url) as conn:
        constraints = conn.execute(
            "SELECT 'constraint', conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'observation'::regclass"
        ).fetchall()
        indexes = conn.execute(
            "SELECT 'index', indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = 'observation'::regclass"
        ).fetchall()
    return {(kind, name): definition for kind, name, definition in constraints + indexes}


def assert_schema_keys(found: dict[tuple[str, str], str]) -> None:
    """What a steward checks: the four foreign keys (validated), the unique and primary keys, the region index."""
    constraints = {name: d for (kind, name), d in found.items() if kind == "constraint"}
    indexes = {name: d for (kind, name), d in found.items() if kind == "index"}
    foreign = [d for d in constraints.values() if d.startswith("FOREIGN KEY")]
    assert {d.split("(")[1].split(")")[0]: d.split("REFERENCES ")[1] for d in foreign} == FOREIGN_KEYS
    assert not any("NOT VALID" in d for d in constraints.values())
    assert constraints["uq_observation_key"] == "UNIQUE (indicator, region, period)"
    assert constraints["observation_pkey"] == "PRIMARY KEY (id)"
    assert len(constraints) == len(FOREIGN_KEYS) + 2
    assert set(indexes) == {"observation_pkey", "uq_observation_key", "ix_observation_region_indicator"}
    assert indexes["ix_observation_region_indicator"].endswith("USING btree (region, indicator, period)")


def contents(url: str) -> dict[str, list[tuple]]:
    """Everything a load writes, without ids and clock times."""
    o, s, r, e = Observation, IndicatorSummary, RejectedRow, EtlRun
    queries = {
        "observation": select(
            o.indicator, o.region, o.period, o.value, o.status, o.source, o.source_url, o.note
        ).order_by(o.indicator, o.region, o.period),
        "summary": select(s.indicator, s.latest_period, s.observations, s.regions, s.sample_values).order_by(
            s.indicator
        ),
        "rejected": select(r.source, r.row_number, r.raw, r.reason, r.reason_en).order_by(r.source, r.row_number),
        "runs": select(e.source, e.status, e.rows_read, e.rows_loaded, e.rows_unchanged, e.rows_rejected).order_by(
            e.id
        ),
    }
    with get_engine(url).connect() as conn:
        return {name: [tuple(row) for row in conn.execute(q)] for name, q in queries.items()}


def test_bk001_first_load_takes_the_bulk_path_and_equals_the_normal_one(
    pg_db, paths, request, tmp_path_factory, monkeypatch
):
    before = keys(pg_db)
    assert_schema_keys(before)
    bulk_result = runner.ingest(EXCEL, pg_db)
    assert paths == [("bulk", "0")]  # the timeout for the drops only
    assert keys(pg_db) == before

    normal_db = new_database("postgresql", request, tmp_path_factory)
    runner.prepare(normal_db)
    monkeypatch.setattr(bulk, "drop_keys", lambda cursor: None)
    normal_result = runner.ingest(EXCEL, normal_db)
    assert keys(normal_db) == before

    counts = [(r.status, r.read, r.loaded, r.unchanged, r.rejected) for r in (bulk_result, normal_result)]
    assert counts == [("sebagian", 17, 10, 0, 7)] * 2
    bulk_data = contents(pg_db)
    assert bulk_data == contents(normal_db)
    assert len(bulk_data["observation"]) == 10 and len(bulk_data["summary"]) > 0
    # Rejected with its reason, not loaded: the region is unknown.
    assert any("'Kutai Selatan' is unknown" in row[4] for row in bulk_data["rejected"])


def test_bk002_a_table_with_rows_loads_normally(pg_db, paths):
    runner.ingest(EXCEL, pg_db)
    again = runner.ingest(EXCEL, pg_db)
    assert [path for path, _ in paths] == ["bulk", "normal"]
    assert (again.read, again.loaded, again.unchanged, again.rejected) == (17, 0, 10, 7)
    assert_schema_keys(keys(pg_db))


def test_bk003_a_foreign_key_that_fails_to_come_back_rolls_the_load_back(pg_db, paths, monkeypatch):
    before, real = keys(pg_db), bulk.restore

    def corrupt_then_restore(cursor, statements):
        # A row that slipped past validation: re-adding the region key must catch it.
        cursor.execute("UPDATE observation SET region = 'no-such' WHERE id = (SELECT min(id) FROM observation)")
        real(cursor, statements)

    monkeypatch.setattr(bulk, "restore", corrupt_then_restore)
    failed = runner.ingest(EXCEL, pg_db)
    assert [path for path, _ in paths] == ["bulk"]
    assert failed.status == "gagal"
    assert failed.error.startswith("ForeignKeyViolation") and '"observation_region_fkey"' in failed.error
    assert keys(pg_db) == before
    left = contents(pg_db)
    assert left["observation"] == left["summary"] == left["rejected"] == []

    monkeypatch.setattr(bulk, "restore", real)
    assert runner.ingest(EXCEL, pg_db).loaded == 10  # the next run finds the table as it was: empty, keyed
    assert [path for path, _ in paths] == ["bulk", "bulk"]
    assert keys(pg_db) == before


CHILD = """
import sys, time
from pathlib import Path
from etl import bulk
from etl.__main__ import main

def pause(cursor, statements):
    Path(sys.argv[1]).touch()
    time.sleep(120)

bulk.restore = pause  # killed here: keys dropped, rows copied, nothing committed
sys.exit(main(["ingest", sys.argv[2]]))
"""


def test_bk004_sigkill_with_the_keys_dropped_changes_nothing(pg_db, tmp_path):
    before = keys(pg_db)
    with paused_child(CHILD, tmp_path / "inside", pg_db, str(EXCEL)) as child, _psycopg(pg_db) as conn:
        conn.execute("SET lock_timeout = '200ms'")  # the drops hold the table: a reader waits
        with pytest.raises(psycopg.errors.LockNotAvailable):
            conn.execute("SELECT count(*) FROM observation")
    assert child.returncode == -signal.SIGKILL
    with _psycopg(pg_db) as conn:  # waits for the server to roll the dead client's transaction back
        conn.execute("SET lock_timeout = '30s'")
        assert conn.execute("SELECT count(*) FROM observation").fetchone() == (0,)
    assert keys(pg_db) == before
    assert runner.ingest(EXCEL, pg_db).loaded == 10


def test_bk005_a_reader_holding_the_locks_sends_the_load_the_normal_way(pg_db, paths, monkeypatch):
    before = keys(pg_db)
    monkeypatch.setattr(bulk, "LOCK_TIMEOUT", "200ms")
    with _psycopg(pg_db) as reader:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM region")  # holds ACCESS SHARE on region until it ends
        result = runner.ingest(EXCEL, pg_db)
        reader.execute("COMMIT")
    assert paths == [("normal", "0")]  # the savepoint took the timeout back with the drops
    assert (result.status, result.loaded, result.rejected) == ("sebagian", 10, 7)
    assert keys(pg_db) == before


# --- SQLite: into an empty table the region index is dropped and built once after the rows are in. ---


@pytest.fixture
def sqlite_db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'portal.db'}"
    runner.prepare(url)
    return url


def sqlite_indexes(url: str) -> dict[str, str]:
    with get_engine(url).connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'observation'"
        )
        return dict(rows.all())


def test_blk101_sqlite_first_load_rebuilds_the_region_index(sqlite_db, monkeypatch):
    before = sqlite_indexes(sqlite_db)
    taken, real = [], bulk.drop_sqlite_indexes
    monkeypatch.setattr(bulk, "drop_sqlite_indexes", lambda cursor: taken.append(real(cursor)) or taken[-1])
    first = runner.ingest(EXCEL, sqlite_db)
    assert first.status != "gagal" and first.loaded > 0
    assert taken[0] == [before["ix_observation_region_indicator"]]  # dropped, and re-made from its own definition
    assert sqlite_indexes(sqlite_db) == before  # the unique key's index (table-owned) and the region index
    again = runner.ingest(EXCEL, sqlite_db)  # a filled table: the normal path, nothing written twice
    assert taken[1] is None and (again.loaded, again.unchanged) == (0, first.loaded)
    with get_engine(sqlite_db).connect() as conn:
        plan = " ".join(
            str(r) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN SELECT * FROM observation WHERE region = '6403'")
        )
    assert "ix_observation_region_indicator" in plan


def test_blk102_sqlite_failure_after_the_drop_leaves_the_table_and_index_as_they_were(sqlite_db, monkeypatch):
    before = sqlite_indexes(sqlite_db)

    def failing_restore(cursor, statements):
        raise RuntimeError("disk full while building the index")

    monkeypatch.setattr(bulk, "restore", failing_restore)
    result = runner.ingest(EXCEL, sqlite_db)
    assert result.status == "gagal" and "disk full" in (result.error or "")
    assert sqlite_indexes(sqlite_db) == before
    with get_engine(sqlite_db).connect() as conn:
        assert conn.execute(select(Observation.id)).first() is None
