"""The dashboard on PostgreSQL in headless Chromium: the executive views show the PostgreSQL database's numbers."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.db import get_engine
from portal.models import Observation
from tests.browser.helpers import grid_scrolled_to, regency_latest, shown_latest

pytestmark = pytest.mark.browser
SECTORS = ["kemiskinan", "investasi", "digitalisasi", "kesehatan", "pendidikan"]


def test_pg001_home_shows_the_postgresql_numbers(page: Page, pg_live_server, console_errors):
    base, url = pg_live_server
    page.goto(base + "/")
    expect(page.locator("section[data-sector]")).to_have_count(5)
    cards = page.locator("[data-indicator]")
    expect(cards).to_have_count(15)
    for i in range(15):
        card = cards.nth(i)
        expect(card.locator(".kpi-value")).to_have_text(shown_latest(url, card.get_attribute("data-indicator"))[1])
    assert console_errors == []


@pytest.mark.parametrize("sector", ["kemiskinan", "pendidikan"])  # the other three: same code path
def test_pg002_sector_pages_draw_their_charts(page: Page, pg_live_server, console_errors, sector):
    base, url = pg_live_server
    page.goto(f"{base}/sektor/{sector}")
    expect(page.locator("h1")).to_contain_text("Sektor")
    kpis = page.locator(".sector-kpis [data-indicator]")
    expect(kpis).to_have_count(3)
    expect(kpis.first.locator(".kpi-value")).to_have_text(
        shown_latest(url, kpis.first.get_attribute("data-indicator"))[1]
    )
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    assert console_errors == []


def test_pg003_regional_view_ranks_the_regencies(page: Page, pg_live_server, console_errors):
    base, _ = pg_live_server
    page.goto(base + "/wilayah")
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    assert console_errors == []


def test_pg004_analyst_filters_and_downloads_what_postgresql_holds(
    page: Page, pg_live_server, tmp_path, console_errors
):
    """The indicator page on PostgreSQL: filters in the address, and a CSV whose values are the database's."""
    import io

    import pandas as pd

    from tests.browser.helpers import download, wait_for_charts

    base, url = pg_live_server
    page.goto(base + "/indikator/kemiskinan_p0?wilayah=6472&dari=2020&sampai=2024")
    wait_for_charts(page, 2)
    page.get_by_label("Balikpapan").check()
    expect(page).to_have_url(base + "/indikator/kemiskinan_p0?wilayah=6472,6471&dari=2020&sampai=2024")
    wait_for_charts(page, 2)
    _, data = download(page, lambda: page.get_by_role("button", name="Unduh CSV").click(), tmp_path)
    csv = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"kode_wilayah": str})
    # The trend's rows (province and the two regencies) and the ranking's (the regencies with a value then).
    _period, ranked = regency_latest(url, "kemiskinan_p0", until="2024")
    assert set(csv["kode_wilayah"]) == {"64", "6472", "6471", *ranked}
    assert csv["periode"].str[:4].astype(int).between(2020, 2024).all()
    with get_engine(url).connect() as conn:
        stored = dict(
            conn.execute(
                select(Observation.region + "|" + Observation.period, Observation.value).where(
                    Observation.indicator == "kemiskinan_p0"
                )
            ).all()
        )
    for row in csv.to_dict("records"):
        assert row["nilai"] == pytest.approx(round(stored[f"{row['kode_wilayah']}|{row['periode']}"], 2))
    assert console_errors == []


@pytest.fixture(scope="module")
def pg_hierarchy(pg_live_server, tmp_path_factory):
    """The PostgreSQL server's database with kecamatan and desa values (tests.conftest.SUBREGIONS) added."""
    from tests.conftest import add_subregions

    base, url = pg_live_server
    add_subregions(url, tmp_path_factory.mktemp("pg-hierarchy"))
    return base, url


def test_pg005_kecamatan_and_desa_on_postgresql(page: Page, pg_hierarchy, console_errors):
    base, _ = pg_hierarchy
    page.goto(base + "/wilayah/6403?indikator=kemiskinan_p0&kecamatan=64.02.91")
    section = page.locator("#profile-subregions")
    grid_scrolled_to(page, "#profile-subregions")  # the ranking and the grid are drawn when scrolled to
    expect(section.locator(".gtitle")).to_contain_text("Peringkat Desa/kelurahan")
    rows = section.locator(".ag-center-cols-container [role=row]")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Uji A Satu")).to_contain_text("5,50")
    expect(rows.filter(has_text="Uji A Dua")).to_contain_text("Tidak ada data")
    page.get_by_label("Wilayah", exact=True).select_option(label="Semua kecamatan di Kabupaten Kutai Kartanegara")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="Uji C")).to_contain_text("Tidak ada data")  # its 2023 value is not shown for 2024
    assert console_errors == []
