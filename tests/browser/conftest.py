"""Browser tests: Debian's Chromium, headless, against gunicorn serving a loaded database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from portal.settings import BUNDLED_BOUNDARY_FILE
from tests.accounts import serve, stop_server
from tests.conftest import add_subregions, loaded_database

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
# plotly.js is several MB of JavaScript: parsing it takes seconds on two shared cores.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `apt-get install chromium` (make test does this as root)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def live_server(request, tmp_path_factory):
    """The dashboard on a SQLite database loaded with the bundled data."""
    url = loaded_database("sqlite", request, tmp_path_factory)
    proc, base = serve(url)
    yield base, url
    stop_server(proc)


@pytest.fixture
def console_errors(page: Page):
    """Errors the page logs; each test ends by asserting there were none."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.fixture
def console_errors_404(page: Page):
    """Errors a not-found page logs, less the browser's own line about the document's 404 status (which is the
    point): a failed script, style or request still counts."""
    errors: list[str] = []

    def keep(msg) -> None:
        document = msg.location.get("url", "").split("?")[0] == page.url.split("?")[0]
        if msg.type == "error" and not (
            document and msg.text.startswith("Failed to load resource") and "404" in msg.text
        ):
            errors.append(msg.text)

    page.on("console", keep)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


# --- Regional views (issue 5): servers with and without the boundary file, and a database with a data gap. ---
GAP = {"indicator": "umur_harapan_hidup", "region": "6411", "period": "2025"}  # Mahakam Ulu lacks this value


@pytest.fixture(scope="session")
def geo_server(live_server, tmp_path_factory):
    """The dashboard with the bundled boundary file, on a copy of the live database without one value (GAP)."""
    import sqlite3

    _, url = live_server
    copy = tmp_path_factory.mktemp("geo") / "portal.db"
    with sqlite3.connect(url.split("///", 1)[1]) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute(
            "DELETE FROM observation WHERE indicator = :indicator AND region = :region AND period = :period", GAP
        )
    gap_url = f"sqlite:///{copy}"
    proc, base = serve(gap_url, {"BOUNDARY_FILE": str(BUNDLED_BOUNDARY_FILE)})
    yield base, gap_url
    stop_server(proc)


@pytest.fixture(scope="session")
def tile_server(live_server):
    """The dashboard without a boundary file: the tile-grid map."""
    _, url = live_server
    proc, base = serve(url, {"BOUNDARY_FILE": ""})
    yield base, url
    stop_server(proc)


@pytest.fixture(scope="session")
def pg_live_server(request, tmp_path_factory):
    """The dashboard under gunicorn on PostgreSQL, loaded with the bundled data (PostgreSQL is first-class)."""
    url = loaded_database("postgresql", request, tmp_path_factory)
    proc, base = serve(url)
    yield base, url
    stop_server(proc)


@pytest.fixture(scope="session")
def hierarchy_server(live_server, tmp_path_factory):
    """The dashboard on a copy of the live database with kecamatan and desa values (tests.conftest.SUBREGIONS)."""
    import sqlite3

    _, url = live_server
    folder = tmp_path_factory.mktemp("hierarchy")
    with sqlite3.connect(url.split("///", 1)[1]) as source, sqlite3.connect(folder / "portal.db") as target:
        source.backup(target)
    copy = f"sqlite:///{folder / 'portal.db'}"
    add_subregions(copy, folder)
    proc, base = serve(copy)
    yield base, copy
    stop_server(proc)


@pytest.fixture
def sign_in_window(live_server):
    """A fresh sign-in window on the live server: the limit (10 a minute per address) counts every sign-in of the
    suite, which all come from 127.0.0.1 (web/ratelimit.py keeps the count in the database)."""
    from sqlalchemy import delete

    from portal.db import get_engine
    from portal.models import RateLimit

    with get_engine(live_server[1]).begin() as conn:
        conn.execute(delete(RateLimit))
