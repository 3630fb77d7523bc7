"""A load into an empty fact table (first load, full reload) without row-by-row key checks and index updates.

PostgreSQL: loaded row by row, every row fires one trigger per foreign key and updates every index: 5.4
times a plain insert plus one index build (bench/reload.py, 1M rows). Into an empty table the load instead
drops the foreign keys, the unique keys and the plain indexes, copies the rows in, and re-creates them from
the definitions PostgreSQL gives before the drop (one sorted build per index, one set-based check per foreign
key). All of it runs in the load's transaction, and PostgreSQL DDL is transactional: a failure anywhere
rolls the drops back with the rows. The primary key stays (serial ids append to its index; dropping it
measured no clear gain).

Dropping a foreign key locks the fact table and every table it references (ACCESS EXCLUSIVE) until the
load commits: readers of those tables wait for the seconds the copy and the rebuild take. The locks are
asked for with a timeout; when a reader holds them longer, the load takes the normal path instead.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from portal.models import Observation

TABLE = Observation.__tablename__
LOCK_TIMEOUT = "5s"

# Foreign keys and unique constraints of the table, but no unique key another table's foreign key uses
# (dropping it would need CASCADE).
_CONSTRAINTS = """
SELECT conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
WHERE conrelid = %(table)s::regclass AND (contype = 'f' OR contype = 'u' AND NOT EXISTS (
    SELECT 1 FROM pg_constraint r WHERE r.contype = 'f' AND r.confrelid = c.conrelid AND r.conindid = c.conindid))
ORDER BY conname
"""
# Indexes that belong to no constraint of the table (the constraints' own are re-made with them).
_INDEXES = """
SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index
WHERE indrelid = %(table)s::regclass
  AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = indrelid AND conindid = indexrelid)
ORDER BY 1
"""


def _is_empty(cursor: psycopg.Cursor) -> bool:
    return not cursor.execute(sql.SQL("SELECT EXISTS (SELECT FROM {})").format(sql.Identifier(TABLE))).fetchone()[0]


def drop_keys(cursor: psycopg.Cursor) -> list[sql.Composable] | None:
    """If the fact table is empty, drop its foreign keys, unique keys and plain indexes and return the
    statements that re-create them (run them with `restore` after the insert); else None, nothing dropped.

    None too when the locks the drops need are not had within LOCK_TIMEOUT: the caller loads normally.
    """
    if not _is_empty(cursor):
        return None  # the nightly case: no lock asked for
    table = sql.Identifier(TABLE)
    constraints = cursor.execute(_CONSTRAINTS, {"table": TABLE}).fetchall()
    indexes = cursor.execute(_INDEXES, {"table": TABLE}).fetchall()
    previous = cursor.execute("SELECT current_setting('lock_timeout')").fetchone()[0]
    cursor.execute("SAVEPOINT etl_bulk")
    try:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", (LOCK_TIMEOUT,))
        for name, _ in constraints:
            cursor.execute(sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(table, sql.Identifier(name)))
        for name, _ in indexes:
            cursor.execute(sql.SQL("DROP INDEX {}").format(sql.SQL(name)))  # regclass text: quoted already
        if not _is_empty(cursor):  # rows committed before the locks were had
            cursor.execute("ROLLBACK TO SAVEPOINT etl_bulk")
            return None
    except (psycopg.errors.LockNotAvailable, psycopg.errors.DeadlockDetected):
        cursor.execute("ROLLBACK TO SAVEPOINT etl_bulk")  # the drops and the timeout undone
        return None
    cursor.execute("RELEASE SAVEPOINT etl_bulk")
    cursor.execute("SELECT set_config('lock_timeout', %s, true)", (previous,))
    add = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}")
    return [add.format(table, sql.Identifier(n), sql.SQL(d)) for n, d in constraints] + [sql.SQL(d) for _, d in indexes]


def drop_sqlite_indexes(cursor) -> list[str] | None:
    """SQLite: if the fact table is empty, drop its own indexes and return the statements that re-create them.

    The unique key's index belongs to the table and stays; the load fills it in key order. Each dropped index
    is then built once, sorted, instead of taking ten million inserts at random places (2.8 times the plain
    insert plus index build at 10M rows). SQLite DDL is transactional: a failure rolls the drop back too, and
    readers (WAL) keep the last committed table and indexes until the commit.
    """
    if cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {TABLE})").fetchone()[0]:
        return None
    if not cursor.connection.in_transaction:
        # Python's sqlite3 opens the transaction only at the first INSERT: a DROP before it would commit alone.
        cursor.execute("BEGIN")
    found = cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
        (TABLE,),
    ).fetchall()
    for name, _ in found:
        cursor.execute(f'DROP INDEX "{name}"')
    return [statement for _, statement in found]


def restore(cursor, statements: list) -> None:
    """Re-create what `drop_keys` dropped: each index built once, each foreign key checked in one query."""
    for statement in statements:
        cursor.execute(statement)
