"""The import graph runs one way: pages -> components -> page state -> queries -> models; web wiring sits above
the data layer; the ETL depends on the data layer only; the jobs after the load (jobs/) draw with the components and
nothing imports them. Every import counts, also one inside a function."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from portal.settings import ROOT

PACKAGES = ("portal", "web", "etl", "pages", "components", "jobs")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in [ROOT / "app.py", *(f for pkg in PACKAGES for f in (ROOT / pkg).rglob("*.py"))]}


def _imports(path: Path) -> set[str]:
    """The product modules `path` imports, anywhere in the file (`from a import b` counts a.b when b is one)."""
    found = set()
    package = _module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else _module_name(path)
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base]).strip(".")
            names = [base, *(f"{base}.{a.name}" for a in node.names)]
        else:
            continue
        found |= {n for n in names if n in MODULES}
    return found


GRAPH = {name: _imports(path) - {name} for name, path in MODULES.items()}


def _layer(module: str) -> str:
    if module.startswith("portal.state"):
        return "state"
    return module.split(".")[0]


# Which layers each layer may import (itself included).
ALLOWED = {
    "app": {"app", "components", "web", "portal", "state"},
    "pages": {"pages", "components", "state", "portal", "web"},
    "components": {"components", "state", "portal"},
    "web": {"web", "portal", "state", "etl"},  # etl: web deliveries read and validate as `python -m etl ingest`
    "state": {"state", "portal"},
    "portal": {"portal"},
    "etl": {"etl", "portal"},
    "jobs": {"jobs", "components", "state", "portal"},
}
# Imports against the table that are allowed by name: web.warm renders the app's default views; components.nightly
# is the former command name of jobs.nightly, kept as an alias (`python -m components.nightly`).
EXCEPTIONS = {("web.warm", "app"), ("components.nightly", "jobs.nightly")}
# The data layer's own modules that only the web side uses are still data layer; these may never be reached from
# portal/ or etl/, whatever the layer table says.
WEB_ONLY = {
    "flask",
    "flask_login",
    "flask_caching",
    "flask_compress",
    "flask_limiter",
    "dash",
    "dash_bootstrap_components",
}


def test_arc001_each_layer_imports_only_the_layers_below_it():
    wrong = sorted(
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if _layer(target) not in ALLOWED[_layer(module)] and (module, target) not in EXCEPTIONS
    )
    assert wrong == [], "imports against the layers (see docs/architecture.md)"


def test_arc002_no_import_circle_in_the_product_code():
    """Tarjan's strongly connected components of the module graph: any with two or more modules is a circle."""
    index, low, stack, on_stack, circles, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in GRAPH:
        if v not in index:
            visit(v)
    assert circles == []


@pytest.mark.parametrize("folder", ["portal", "etl"])
def test_arc003_the_data_layer_and_the_etl_know_no_web_framework(folder):
    def third_party(path: Path) -> set[str]:
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
        return names

    wrong = {str(p.relative_to(ROOT)): sorted(third_party(p) & WEB_ONLY) for p in (ROOT / folder).rglob("*.py")}
    assert {k: v for k, v in wrong.items() if v} == {}


@pytest.mark.parametrize("entry", ["etl.__main__", "portal.users", "portal.tokens", "portal.queries"])
def test_arc004_importing_the_etl_or_a_cli_loads_no_web_module(entry):
    """In a fresh interpreter: the nightly job's entry point pulls in neither Dash, Flask-Login, the app nor a page."""
    probe = (
        f"import sys, {entry}; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'dash', 'flask', 'flask_login', 'flask_caching', 'app', 'pages', 'components', 'web'}); print(bad)"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_arc005_the_checks_can_fail():
    """The graph sees a function-level import and a circle would be reported (so the tests above can fail)."""
    assert "portal.queries.memo" in GRAPH["portal.queries"]
    assert "app" in GRAPH["web.warm"]  # imported inside warm(), still an edge
    assert "jobs.nightly" in GRAPH["components.nightly"] and _layer("jobs.nightly") not in ALLOWED["components"]


def test_arc006_the_former_nightly_command_runs_the_job():
    """`python -m components.nightly` (crontabs written before jobs/) answers as `python -m jobs.nightly` does."""
    for module in ("jobs.nightly", "components.nightly"):
        done = subprocess.run([sys.executable, "-m", module, "--help"], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0 and "python -m jobs.nightly pack MEETING_ID" in done.stdout, module
