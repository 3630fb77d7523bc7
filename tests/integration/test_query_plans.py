"""Every query function is served by an index or a pre-aggregated table: no full scan of `observation`.

Each function is called on a loaded database while SQLAlchemy's `before_cursor_execute` event records the
SQL it sends; each recorded SELECT is then explained (SQLite `EXPLAIN QUERY PLAN`, PostgreSQL `EXPLAIN
(FORMAT JSON)`). The bundled data set is small, so PostgreSQL would rightly choose sequential scans for it:
the plans are taken with `enable_seqscan = off`, which makes the planner use an index whenever one can
serve the query, so a remaining sequential scan (or an index scan without an index condition, which reads
the whole index) means no index fits.
"""

from __future__ import annotations

import importlib
import inspect
import json
import re

import pytest
from sqlalchemy import event, text

from portal import queries
from portal.db import get_engine

FACT = "observation"
# Public names of portal.queries that send no SQL of their own.
NOT_QUERIES = {
    "DatabaseError",
    "PUBLIC",
    "readable",
    "Classes",
    "SCHEDULE_DAYS",
    "frame",
    "boundaries",
    "Boundaries",
    "BOARD_WINDOW",
    "periods_back",
    "status_shown",
    "NEW_SERIES",
    "NEW_PERIOD",
    "CHANGED",
    "RESTATED",
    "SAME",
    "OUTCOMES",
}
# How each query function is called: arguments a page would pass (None: no arguments).
CALLS = {
    "sectors": None,
    "regions": [(), (("kecamatan", "desa"),)],
    "catalogue": [((), {"classes": ("publik", "terbatas")})],
    "headline_observations": [(), ("6403",)],
    "targets": [((["kemiskinan_p0", "gini_ratio"],), {})],
    "freshness": None,
    "last_load": None,
    "ping": None,
    "regional_values": [("kemiskinan_p0",)],
    "headline_regional": [(), ((), {"regions": ("64", "6403")})],
    "regional_at": [((("kemiskinan_p0", "2021"), ("ipm", "2022")),)],
    "runs": None,
    "source_status": None,
    "release_schedule": None,
    "release_dues": [(), ((), {"classes": ("publik", "terbatas"), "agency": "dinkes"})],
    "indicator_freshness": None,
    "rejected_rows": [(), ((), {"run_id": 1})],
    # The indicator pages' queries.
    "indicator": [("kemiskinan_p0",)],
    "observations": [
        ("kemiskinan_p0",),
        ((), {"code": "kemiskinan_p0", "regions": ["6403"], "start_year": 2020, "end_year": 2023}),
    ],
    "indicator_data": [("kemiskinan_p0",)],
    "coverage": [("kemiskinan_p0",)],
    "recent_regional": [("kemiskinan_p0",), ("kemiskinan_p0", 2021, 1)],
    # Series breaks, second sources and superseded figures (the trend chart of a series with a method break).
    "series_breaks": None,
    "alternative_values": [("ipm",), ((), {"code": "ipm", "regions": ["6401"], "superseded": True})],
    "trend_observations": [
        ("ipm",),
        ((), {"code": "ipm", "regions": ["64"], "start_year": 2018, "end_year": 2025}),
    ],
    "sample_counts": None,
    "applications": None,
    # The regency profile's kecamatan and desa.
    "subregions": [("6403",)],
    "subregional_indicators": [(("6403",), {"classes": ("publik",)})],
    "subregional_values": [("kemiskinan_p0", "6403"), ("kemiskinan_p0", "64.02.91")],
    # The exception board.
    "board_history": [(), ((), {"classes": ("publik", "terbatas")})],
    "board_targets": None,
    # Deliveries (the bundled load's publication is delivery 1) and the versions of published values.
    "agencies": None,
    "deliveries": [("*",), ("dinkes", ("draf", "diperiksa"))],
    "delivery": [(1, "*")],
    "delivery_events": [(1,)],
    "delivery_changes": [(1, "publikasi")],
    "delivery_removals": [(1, "publikasi")],
    "usual_ranges": [(1,)],
    "pending_values": [("kemiskinan_p0", "*"), ("kemiskinan_p0", "dinkes", ["6403"])],
    "value_history": [("kemiskinan_p0",), ("kemiskinan_p0", ["6403"])],
    # The search box and the open data API.
    "search": [("stunting berau",), ("samarnda",), ("ipm 64.02",)],
    "resolve_regions": [(["6403", "64.02", "64.02.01"],)],
    "values": [
        ("kemiskinan_p0",),
        ((), {"code": "ipm", "regions": ("6403",), "levels": ("kabkota",), "start_year": 2020, "end_year": 2023}),
        ((), {"code": "ipm", "periods": ("2023",), "limit": 10, "offset": 20}),
    ],
    "sector_latest": [("kesehatan",), ((), {"sector": "kemiskinan", "regions": ("6403",), "levels": ("kecamatan",)})],
    "catalogue_records": None,
    "region_family": [("6403",)],
    "pack_values": [("6403",), ("6472", ("publik", "terbatas"))],
    "region_list": [(), ((), {"levels": ("kabkota",), "parent": "64"})],
}


def _public_query_functions() -> list[str]:
    modules = [
        importlib.import_module(f"portal.queries.{m}")
        for m in ("board", "core", "deliveries", "loads", "observations", "regional", "search", "api")
    ]
    names = {name for module in modules for name in module.__all__}
    return sorted(name for name in names - NOT_QUERIES if inspect.isfunction(getattr(queries, name)))


def _calls(name: str) -> list[tuple[tuple, dict]]:
    spec = CALLS[name]
    out = []
    for call in spec or [()]:
        if len(call) == 2 and isinstance(call[1], dict):
            out.append((tuple(call[0]), call[1]))
        else:
            out.append((tuple(call), {}))
    return out


def _record(url: str, fn, args, kwargs) -> list[tuple[str, object]]:
    """The SELECT statements (with their parameters) that one call sends to the database."""
    engine = get_engine(url)
    seen: list[tuple[str, object]] = []

    def listen(_conn, _cursor, statement, parameters, _context, _executemany):
        if re.match(r"\s*(SELECT|WITH)\b", statement, re.IGNORECASE):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listen)
    try:
        fn(*args, **kwargs)
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    return seen


def _sqlite_full_scans(conn, statement: str, parameters) -> list[str]:
    rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    # "SEARCH observation USING INDEX ..." is an index lookup; any "SCAN observation" (even "USING
    # COVERING INDEX") reads the whole table or index.
    return [row[-1] for row in rows if re.match(rf"SCAN {FACT}\b", row[-1])]


def _pg_nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _pg_nodes(child)


def _pg_full_scans(conn, statement: str, parameters) -> list[str]:
    conn.execute(text("SET enable_seqscan = off"))
    try:
        raw = conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters).scalar_one()
    finally:
        conn.execute(text("RESET enable_seqscan"))
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    bad = []
    for node in _pg_nodes(plan):
        if node.get("Relation Name") != FACT:
            continue
        kind = node["Node Type"]
        if kind == "Seq Scan" or (kind in ("Index Scan", "Index Only Scan") and "Index Cond" not in node):
            bad.append(f"{kind} on {FACT}" + (f" using {node['Index Name']}" if "Index Name" in node else ""))
    return bad


def test_qp001_every_query_function_has_a_call(loaded_db):
    """A new query function must be added to CALLS, so its plan is checked too."""
    missing = [name for name in _public_query_functions() if name not in CALLS]
    assert not missing, f"add these query functions to CALLS in {__file__}: {missing}"


@pytest.mark.parametrize("name", sorted(CALLS))
def test_qp002_no_full_scan_of_the_fact_table(loaded_db, name):
    """The SQL each query function sends never scans the whole fact table on either engine."""
    fn = getattr(queries, name, None)
    # A listed function that disappeared is a failure, not a skip: its plan would go unchecked.
    assert inspect.isfunction(fn), f"portal.queries.{name} is listed here but no longer exists"
    engine = get_engine(loaded_db)
    statements = [s for args, kwargs in _calls(name) for s in _record(loaded_db, fn, args, kwargs)]
    assert statements, f"{name} sent no SELECT"
    check = _pg_full_scans if engine.dialect.name == "postgresql" else _sqlite_full_scans
    with engine.connect() as conn:
        problems = {s: bad for s, p in statements if (bad := check(conn, s, p))}
    assert not problems, f"{name} scans the whole {FACT} table: {problems}"


def test_qp003_the_check_catches_a_full_scan(loaded_db):
    """The checker itself reports an unindexed query (grouping the whole fact table), so the test can fail."""
    engine = get_engine(loaded_db)
    statement = "SELECT indicator, max(loaded_at) FROM observation GROUP BY indicator"
    check = _pg_full_scans if engine.dialect.name == "postgresql" else _sqlite_full_scans
    with engine.connect() as conn:
        assert check(conn, statement, ())


def test_qp004_summary_matches_the_fact_table(loaded_db):
    """indicator_summary, refreshed by the ETL, agrees with a direct aggregate over the observations readers are
    shown (a sample value counts only in a series with no real value: tests/integration/test_real_first.py)."""
    engine = get_engine(loaded_db)
    real = "source IN (SELECT name FROM source WHERE NOT is_sample)"
    with engine.connect() as conn:
        direct = conn.execute(
            text(
                "SELECT indicator, max(period), count(*), count(DISTINCT region), "
                "sum(CASE WHEN source IN (SELECT name FROM source WHERE is_sample) THEN 1 ELSE 0 END) "
                f"FROM observation o WHERE {real} OR NOT EXISTS (SELECT 1 FROM observation r WHERE r.{real} "
                "AND r.indicator = o.indicator AND r.region = o.region) GROUP BY indicator ORDER BY indicator"
            )
        ).all()
        summary = conn.execute(
            text(
                "SELECT indicator, latest_period, observations, regions, sample_values "
                "FROM indicator_summary ORDER BY indicator"
            )
        ).all()
    assert direct and [tuple(r) for r in summary] == [tuple(r) for r in direct]


def _board_window_agrees(url: str) -> int:
    """board_window equals a direct read of the fact table: each indicator's last BOARD_WINDOW periods for the
    province and the regencies as readers are shown them. Returns how many rows it holds."""
    from portal.queries.board import BOARD_WINDOW, periods_back

    sample = "source IN (SELECT name FROM source WHERE is_sample)"
    with get_engine(url).connect() as conn:
        latest = conn.execute(text("SELECT indicator, latest_period FROM indicator_summary")).all()
        direct = []
        for code, period in latest:
            direct += conn.execute(
                text(
                    f"SELECT indicator, region, period, value, {sample} FROM observation o "
                    "WHERE indicator = :code AND period >= :start AND region IN "
                    "(SELECT code FROM region WHERE level IN ('provinsi', 'kabkota')) AND "
                    f"(NOT {sample} OR NOT EXISTS (SELECT 1 FROM official_series f "
                    "WHERE f.indicator = o.indicator AND f.region = o.region))"
                ),
                {"code": code, "start": periods_back(period, BOARD_WINDOW - 1)},
            ).all()
        kept = []
        for code, region, periods, figures, samples in conn.execute(
            text("SELECT indicator, region, periods, figures, samples FROM board_window")
        ):
            values = zip(periods.split(","), map(float, figures.split(",")), (s == "1" for s in samples), strict=True)
            kept += [(code, region, *value) for value in values]
    assert sorted(kept) == sorted((*r[:4], bool(r[4])) for r in direct)
    return len(kept)


def test_qp005_board_window_matches_the_fact_table(loaded_db):
    """board_window, refreshed by the ETL, holds the rows the exception board reads."""
    assert _board_window_agrees(loaded_db) > 1000


def test_qp006_a_load_moves_the_board_window(loaded_copy, tmp_path):
    """A newer period moves the indicator's window: its oldest period drops out, and the window still equals the
    fact table."""
    from etl import runner

    with get_engine(loaded_copy).connect() as conn:
        before = dict(conn.execute(text("SELECT indicator, latest_period FROM indicator_summary")).all())
    year = int(before["ipm"][:4]) + 1
    path = tmp_path / "kiriman.csv"
    path.write_text(f"kode_indikator,kode_wilayah,periode,nilai\nipm,6472,{year},82.5\n", encoding="utf-8")
    assert runner.ingest(path, loaded_copy).loaded == 1
    _board_window_agrees(loaded_copy)
    with get_engine(loaded_copy).connect() as conn:
        kept = conn.execute(
            text("SELECT periods FROM board_window WHERE indicator = 'ipm' AND region = '6472'")
        ).scalar()
    periods = kept.split(",")
    assert periods[-1] == str(year) and min(periods) >= str(year - 9)
