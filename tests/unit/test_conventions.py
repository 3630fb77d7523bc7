"""Conventions: pages and components reach data only through portal.queries, pages stay thin, tests sit by level."""

import ast
import re
import statistics
from pathlib import Path

import pytest

from portal.settings import ROOT

FORBIDDEN = {"sqlalchemy", "psycopg", "sqlite3", "portal.db", "portal.models"}
UI_FILES = sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "components").glob("*.py")])


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_con001_ui_never_touches_the_database(path):
    bad = {n for n in _imports(path) if any(n == f or n.startswith(f + ".") for f in FORBIDDEN)}
    assert not bad, f"{path.name} imports {bad}"
    source = path.read_text().upper()
    assert "SELECT " not in source and "INSERT " not in source


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("[!_]*.py")), ids=lambda p: p.name)
def test_con002_every_page_registers(path):
    assert "dash.register_page(" in path.read_text()


def test_con003_pages_are_only_pages():
    """A page keeps register_page, its ids, layout and thin callbacks; the rest lives in state and components."""
    sizes = {path.name: len(path.read_text().splitlines()) for path in (ROOT / "pages").glob("*.py")}
    assert statistics.median(sizes.values()) <= 80, sizes
    assert not {name: n for name, n in sizes.items() if n > 150}, "pages over 150 lines"


def test_con004_tests_sit_by_level_and_their_codes_are_unique():
    """Every test file is in tests/unit, tests/integration or tests/browser; a test's area code names one test."""
    levels = {"unit", "integration", "browser"}
    files = sorted((ROOT / "tests").rglob("test_*.py"))
    assert {f.parent.name for f in files} <= levels, {
        str(f.relative_to(ROOT)) for f in files if f.parent.name not in levels
    }
    seen: dict[str, str] = {}
    repeated = []
    for path in files:
        for code in re.findall(r"^(?:async )?def test_([a-z]+\d+[a-z]?)_", path.read_text(), re.M):
            if code in seen:
                repeated.append(f"{code}: {seen[code]} and {path.name}")
            seen[code] = path.name
    assert not repeated, repeated
