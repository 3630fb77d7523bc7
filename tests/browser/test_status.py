"""The status page: per source result, rows and data age, stale sources in the warning colour; rejected rows."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import delete, func, insert, select

from portal.db import get_engine
from portal.models import EtlRun, RejectedRow, Source
from tests.accounts import ensure_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("sign_in_window")]
PASSWORD = "kata-sandi-status-1"


@pytest.fixture
def stale_source(live_server):
    """A daily source that never loaded: stale by definition. Removed again after the test."""
    _, url = live_server
    with get_engine(url).begin() as conn:
        conn.execute(
            insert(Source).values(
                name="uji_usang",
                kind="template",
                title="Sumber uji yang tidak pernah dimuat",
                producer_agency="Diskominfo",
                location="data/tidak-ada.csv",
                schedule="harian",
                is_sample=False,
                enabled=True,
            )
        )
    yield "uji_usang"
    with get_engine(url).begin() as conn:
        conn.execute(delete(Source).where(Source.name == "uji_usang"))


@pytest.fixture
def walidata_page(page: Page, live_server) -> Page:
    """A browser page signed in as a walidata (the role the status page is for)."""
    base, url = live_server
    ensure_user(url, "uji_status", PASSWORD, "walidata", "Sari Status")
    page.goto(base + "/masuk")
    page.fill("#login-username", "uji_status")
    page.fill("#login-password", PASSWORD)
    page.click("#login-submit")
    expect(page.locator("#user-name")).to_contain_text("Sari Status")
    return page


def test_sta001_anonymous_readers_are_asked_to_sign_in(page: Page, live_server, console_errors):
    base, _ = live_server
    page.goto(base + "/status")
    expect(page.locator("#access-notice")).to_contain_text("Walidata")
    expect(page.locator("#status-sumber")).to_have_count(0)
    expect(page.locator(".portal-navbar a[href='/status']")).to_have_count(0)
    assert console_errors == []


def test_sta002_sources_runs_and_rejected_rows_for_walidata(walidata_page, live_server, stale_source, console_errors):
    page = walidata_page
    base, url = live_server
    with get_engine(url).connect() as conn:
        rejected = conn.execute(select(func.count()).select_from(RejectedRow)).scalar_one()
        loaded = conn.execute(
            select(EtlRun.rows_loaded).where(EtlRun.source == "publikasi").order_by(EtlRun.id.desc()).limit(1)
        ).scalar_one()
    page.goto(base + "/status")
    published = page.locator("[data-source=publikasi]")
    expect(published).to_contain_text("dimuat, sebagian ditolak")
    expect(published).to_contain_text(f"{loaded} / {rejected}")
    expect(published).to_have_attribute("data-stale", "false")
    stale = page.locator(f"[data-source={stale_source}]")
    expect(stale).to_have_attribute("data-stale", "true")
    expect(stale).to_have_class(re.compile("border-danger"))
    expect(stale.locator(".badge", has_text="Usang")).to_be_visible()
    expect(page.locator("#status-usang")).to_contain_text("1 sumber usang")
    # Every rejected row with its reason and the row as the agency delivered it.
    expect(page.locator("#status-ditolak-jumlah")).to_have_text(f"Ditolak: {rejected}")
    expect(page.locator("#status-ditolak [col-id=reason].ag-cell").first).to_contain_text("tidak sesuai frekuensi")
    expect(page.locator("#status-ditolak [col-id=raw].ag-cell").first).to_contain_text("file: ")
    page.get_by_label("Pemuatan").select_option("1")
    expect(page).to_have_url(re.compile(r"/status\?run=1$"))
    expect(page.locator("#status-ditolak [col-id=run].ag-cell").first).to_have_text("1")
    page.goto(base + "/status?run=999")
    expect(page.locator("#status-notice")).to_contain_text("run=999")
    assert console_errors == []
