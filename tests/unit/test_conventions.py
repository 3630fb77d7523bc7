"""Architecture guards: pages and components reach data only through portal.queries."""

import ast
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
