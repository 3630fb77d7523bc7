"""What a run met and worked around is named on /status: a CKAN source with a locale-prefixed portal that
answers only under /api/action/, relative links, a page that repeats records and a total row, loaded into a
copy of the live database and read by a walidata in Chromium."""

from __future__ import annotations

import sqlite3
import textwrap

import pytest
from playwright.sync_api import Page, expect

from etl import runner
from portal import accounts
from tests.accounts import stop_server
from tests.browser.conftest import serve
from tests.etl_fakes import FakeServer
from tests.integration.test_etl_published_sources import ckan_source
from tests.unit.test_etl_portal_shapes import aps_portal

pytestmark = pytest.mark.browser
PASSWORD = "kata-sandi-catatan-1"


@pytest.fixture(scope="module")
def noted_server(live_server, tmp_path_factory):
    """The dashboard on a copy of the live database after one run of a quirky CKAN source."""
    _, url = live_server
    folder = tmp_path_factory.mktemp("notes")
    copy = folder / "portal.db"
    with sqlite3.connect(url.split("///", 1)[1]) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute("DELETE FROM rate_limit")  # a fresh sign-in window for this server's one sign-in
    copy_url = f"sqlite:///{copy}"
    http = FakeServer()
    portal = aps_portal(http, prefix="/tr", api_paths=("/api/action",), rows_max=2, overlap=1)
    registry = folder / "sources.toml"
    registry.write_text(textwrap.dedent(ckan_source(portal.url)))
    (result,) = runner.run(copy_url, registry_path=registry)
    http.close()
    accounts.create_user("uji_catatan", PASSWORD, "walidata", "Wati Catatan", url=copy_url)
    proc, base = serve(copy_url)
    yield base, result
    stop_server(proc)


def test_sta101_run_notes_on_the_status_page(page: Page, noted_server, console_errors):
    base, result = noted_server
    assert len(result.notes) == 4 and result.status == "sebagian"
    page.goto(base + "/masuk")
    page.fill("#login-username", "uji_catatan")
    page.fill("#login-password", PASSWORD)
    page.click("#login-submit")
    expect(page.locator("#user-name")).to_contain_text("Wati Catatan")
    page.goto(base + "/status")
    card = page.locator("[data-source=aps]")
    notes = card.locator(".run-notes li")
    expect(notes).to_have_count(4)
    for i, note in enumerate(result.notes):
        expect(notes.nth(i)).to_have_text(note)
    expect(card).to_contain_text("the portal answers at /api/action/ (not /api/3/action/)")
    expect(card).to_contain_text("the portal sent 1 records of resource 'Data APS' twice")
    expect(card).to_contain_text("1 total rows skipped, not loaded as data ('Jumlah')")
    # The run history (newest first) carries them too, in its Notes column.
    expect(page.locator("#status-runs [col-id=id].ag-cell").first).to_have_text(str(result.run_id))
    expect(page.locator("#status-runs [col-id=notes].ag-cell").first).to_contain_text(
        "CKAN's next-page link (_links.next = '/api/action/datastore_search?offset=2&resource_id=res-aps') leads to"
    )
    assert console_errors == []
