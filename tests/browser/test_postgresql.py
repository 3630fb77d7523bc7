"""The dashboard on PostgreSQL in headless Chromium: the executive views show the PostgreSQL database's numbers."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal import fmt
from portal.db import get_engine
from portal.models import Indicator, Observation

pytestmark = pytest.mark.browser
SECTORS = ["kemiskinan", "investasi", "digitalisasi", "kesehatan", "pendidikan"]


def _latest_shown(url: str, code: str) -> str:
    """The latest provincial value of an indicator as the KPI card writes it."""
    with get_engine(url).connect() as conn:
        value = conn.execute(
            select(Observation.value)
            .where(Observation.indicator == code, Observation.region == "64")
            .order_by(Observation.period.desc())
            .limit(1)
        ).scalar_one()
        decimals, unit = conn.execute(select(Indicator.decimals, Indicator.unit_id).where(Indicator.code == code)).one()
    return fmt.value(value, unit, decimals, "id")


def test_pg001_home_shows_the_postgresql_numbers(page: Page, pg_live_server, console_errors):
    base, url = pg_live_server
    page.goto(base + "/")
    expect(page.locator("section[data-sector]")).to_have_count(5)
    cards = page.locator("[data-indicator]")
    expect(cards).to_have_count(15)
    for i in range(15):
        card = cards.nth(i)
        expect(card.locator(".kpi-value")).to_have_text(_latest_shown(url, card.get_attribute("data-indicator")))
    assert console_errors == []


@pytest.mark.parametrize("sector", ["kemiskinan", "pendidikan"])  # the other three: same code path
def test_pg002_sector_pages_draw_their_charts(page: Page, pg_live_server, console_errors, sector):
    base, url = pg_live_server
    page.goto(f"{base}/sektor/{sector}")
    expect(page.locator("h1")).to_contain_text("Sektor")
    kpis = page.locator(".sector-kpis [data-indicator]")
    expect(kpis).to_have_count(3)
    expect(kpis.first.locator(".kpi-value")).to_have_text(
        _latest_shown(url, kpis.first.get_attribute("data-indicator"))
    )
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    assert console_errors == []


def test_pg003_regional_view_ranks_the_regencies(page: Page, pg_live_server, console_errors):
    base, _ = pg_live_server
    page.goto(base + "/wilayah")
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    assert console_errors == []
