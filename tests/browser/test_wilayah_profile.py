"""/wilayah/<kode> in headless Chromium: every regency's profile, Kemendagri codes, unknown codes, print, a11y."""

from __future__ import annotations

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal import fmt
from portal.db import get_engine
from portal.models import Region
from tests.browser.helpers import (
    chart_text,
    first_screen,
    grid_scrolled_to,
    no_horizontal_scroll,
    shown_series,
    start_app,
)

pytestmark = pytest.mark.browser
SECTORS = ["kemiskinan", "investasi", "digitalisasi", "kesehatan", "pendidikan"]
# The four kabupaten whose Kemendagri code is not the dotted BPS code.
KEMENDAGRI = {"64.07": "6402", "64.02": "6403", "64.08": "6404", "64.03": "6405"}


def _regions(url: str) -> dict[str, str]:
    with get_engine(url).connect() as conn:
        return dict(conn.execute(select(Region.code, Region.name_full).where(Region.level == "kabkota")).all())


def _stunting_row(url: str, region: str) -> list[str]:
    """What a profile's stunting row must say: the regency's latest value as readers are shown it (real figures
    first) and the province's value at that period, if the province has one then."""
    period, value, _sample = shown_series(url, "stunting", region)[-1]
    province = dict((p, v) for p, v, _s in shown_series(url, "stunting", "64")).get(period)
    return [fmt.value(v, "persen", 1, "id") for v in (value, province) if v is not None]


def _charts_drawn(page: Page, count: int) -> None:
    """`count` charts drawn, the lazy ones asked for as scrolling through the profile would (assets/charts.js)."""
    start_app(page)
    page.wait_for_function(
        "count => { if (window.portalCharts) { window.portalCharts.askAll(); }"
        " return [...document.querySelectorAll('#profile .js-plotly-plot')].filter(g => g._fullLayout).length === count; }",
        arg=count,
        polling=250,
    )


# The profiles drawn by the interactive app in the browser (a kota, a kabupaten, the farthest upriver); every
# regency's profile is read in the first screen the server sends (the same page state), as without JavaScript.
DRAWN = ("6401", "6472", "6411")


def _profile_says(page: Page, url: str, code: str, name: str) -> None:
    # By class, not id: the HTML the server sends for the first screen carries no Dash ids.
    profile = page.locator(".profile-page")
    expect(profile).to_have_attribute("data-region", code)
    expect(page.locator("h1")).to_have_text(f"Profil {name}")
    sections = profile.locator("details[data-sector]")
    expect(sections).to_have_count(5)
    assert [sections.nth(i).get_attribute("data-sector") for i in range(5)] == SECTORS
    expect(profile.locator("tr[data-indicator]")).to_have_count(15)
    for text in _stunting_row(url, code):
        expect(profile.locator("tr[data-indicator=stunting]")).to_contain_text(text)
    expect(profile.locator(".profile-summary").first.locator("li")).to_have_count(5)  # what changed most


def test_prf101_every_regency_profile_renders(page: Page, live_server, console_errors):
    base, url = live_server
    regions = _regions(url)
    assert len(regions) == 10 and set(DRAWN) <= set(regions)
    for code, name in sorted(regions.items()):
        page.set_content(first_screen(httpx.get(f"{base}/wilayah/{code}", timeout=60).text))
        _profile_says(page, url, code, name)
    for code in DRAWN:
        page.goto(f"{base}/wilayah/{code}")
        _profile_says(page, url, code, regions[code])
        _charts_drawn(page, 15)
    expect(page.locator("#sample-notice")).to_contain_text("Data contoh")
    assert console_errors == []


def test_prf102_kemendagri_codes_open_the_same_profile(page: Page, live_server, console_errors):
    base, url = live_server
    regions = _regions(url)
    for kemendagri, bps in KEMENDAGRI.items():
        page.goto(f"{base}/wilayah/{kemendagri}")
        expect(page.locator("#profile")).to_have_attribute("data-region", bps)
        expect(page.locator("h1")).to_have_text(f"Profil {regions[bps]}")
        expect(page.locator("#profile-codes")).to_contain_text(f"Kode BPS {bps} · Kode Kemendagri {kemendagri}")
    assert console_errors == []


def test_prf103_unknown_code_is_a_friendly_404(page: Page, live_server, console_errors_404):
    base, _ = live_server
    for code in ("9999", "64", "kukar"):
        assert page.goto(f"{base}/wilayah/{code}").status == 404
        expect(page.locator("#not-found")).to_contain_text("Wilayah tidak ditemukan")
        expect(page).to_have_title("Halaman tidak ditemukan · Satu Data Kaltim")
        expect(page.locator("#not-found")).to_contain_text(f"\u201c{code}\u201d")
    page.locator("#not-found a", has_text="Semua wilayah").click()
    expect(page).to_have_url(f"{base}/wilayah")
    assert console_errors_404 == []


def test_prf104_prints_on_a4_and_exports_charts(page: Page, live_server, console_errors):
    base, _ = live_server
    page.goto(f"{base}/wilayah/6403")
    # The print button draws the charts not drawn yet (below the screen) before the browser's print dialog opens.
    page.evaluate(
        "() => { window.print = () => { window.__printedCharts ="
        " [...document.querySelectorAll('#profile .js-plotly-plot')].filter(g => g._fullLayout).length; }; }"
    )
    page.locator("#profile-print").click()
    page.wait_for_function("() => window.__printedCharts !== undefined", timeout=30_000)
    assert page.evaluate("window.__printedCharts") == 15
    # The camera saves a report-ready PNG named after the indicator, regions and period.
    card = page.locator('[data-chart="profil-stunting"]')
    with page.expect_download() as download:
        card.get_by_role("button", name="Unduh PNG").click()
    assert download.value.suggested_filename.startswith("stunting_6403-64_")
    # A4 portrait at 96 dpi is 794 px wide; the print sheet hides navigation and fits the charts two by two.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})
    expect(page.locator(".portal-navbar")).to_be_hidden()
    expect(page.locator("#profile-print")).to_be_hidden()
    expect(page.locator('[data-chart] button:has-text("Unduh PNG")').first).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 794
    widths = page.evaluate(
        "Array.from(document.querySelectorAll('#profile .js-plotly-plot')).map(g => g.getBoundingClientRect().width)"
    )
    assert len(widths) == 15 and max(widths) <= 794 / 2
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert console_errors == []


def test_prf105_profile_is_accessible_and_fits_a_phone(page: Page, live_server, console_errors):
    base, _ = live_server
    page.goto(f"{base}/wilayah/6471")
    _charts_drawn(page, 15)
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert [v for v in serious if v[1] in ("serious", "critical")] == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    _charts_drawn(page, 15)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert console_errors == []


def test_prf106_english_profile_units_and_province(page: Page, live_server, console_errors):
    base, _ = live_server
    page.request.get(base + "/lang/en", max_redirects=0)  # the reader's switch sets the language cookie
    page.goto(f"{base}/wilayah/6403")
    expect(page).to_have_title("Regency Profile · Satu Data Kaltim")
    _charts_drawn(page, 15)
    expect(page.locator("#profile tr[data-indicator=rata_rata_lama_sekolah]")).to_contain_text(" years")
    # Units and labels in English; a chart's source line cites its publication as published (in Indonesian).
    rows = page.locator("#profile tr").all_text_contents()
    assert rows and not [row for row in rows if "tahun" in row]
    chart = "profil-rata_rata_lama_sekolah"
    assert "years" in chart_text(page, chart) and "tahun" not in chart_text(page, chart)
    legend = page.locator(f'[data-chart="{chart}"] .legendtext').all_text_contents()
    assert "Kalimantan Timur Province" in legend and "Provinsi Kalimantan Timur" not in legend
    assert console_errors == []


def test_prf107_kecamatan_and_desa_ranked_and_listed(page: Page, hierarchy_server, console_errors):
    """An analyst reads a regency's kecamatan, then one kecamatan's desa; the choice stays in the address."""
    base, _ = hierarchy_server
    page.goto(base + "/wilayah/6403")
    section = page.locator("#profile-subregions")
    # Far below the sectors, the ranking and the grid keep their room (the ranking's title in words) until the
    # reader gets near them.
    expect(page.locator("#react-entry-point #profile")).to_be_visible()
    expect(section.locator(".chart-waiting")).to_contain_text("Peringkat Kecamatan")
    expect(section.locator(".js-plotly-plot")).to_have_count(0)
    expect(section.locator(".grid-waiting")).to_have_count(1)
    section.scroll_into_view_if_needed()
    expect(section.locator(".gtitle")).to_contain_text("Peringkat Kecamatan")
    ranking = chart_text(page, "profil-sub-peringkat")
    assert "Uji B" in ranking and "9,25%" in ranking and "6,50%" in ranking and "Sem II 2024" in ranking
    assert "Uji C" not in ranking  # its value is of 2023: no data for the ranked period, never an old value
    expect(section).to_contain_text("Tanpa nilai pada Sem II 2024: Uji C.")
    expect(page.get_by_label("Indikator")).to_have_value("kemiskinan_p0")
    grid_scrolled_to(page, "#profile-subregions")
    rows = section.locator(".ag-center-cols-container [role=row]")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="Uji C")).to_contain_text("Tidak ada data")
    page.get_by_label("Wilayah", exact=True).select_option(label="Desa/kelurahan di Kecamatan Uji A")
    expect(page).to_have_url(base + "/wilayah/6403?indikator=kemiskinan_p0&kecamatan=64.02.91")
    expect(section.locator(".gtitle")).to_contain_text("Peringkat Desa/kelurahan")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Uji A Satu")).to_contain_text("5,50")
    expect(rows.filter(has_text="Uji A Dua")).to_contain_text("Tidak ada data")
    page.reload()  # the address reopens the same view
    expect(page.get_by_label("Wilayah", exact=True)).to_have_value("64.02.91")
    grid_scrolled_to(page, "#profile-subregions")
    expect(rows).to_have_count(2)
    page.get_by_label("Wilayah", exact=True).select_option(label="Semua kecamatan di Kabupaten Kutai Kartanegara")
    expect(page).to_have_url(base + "/wilayah/6403?indikator=kemiskinan_p0")
    expect(rows).to_have_count(3)
    expect(page.locator("#profil-sub-notice")).to_be_empty()
    assert console_errors == []


def test_prf108_no_kecamatan_data_and_a_tampered_address(page: Page, hierarchy_server, console_errors):
    base, _ = hierarchy_server
    page.goto(base + "/wilayah/6472?kecamatan=64.72.01")
    expect(page.locator("#profile-subregions")).to_contain_text(
        "Belum ada data tingkat kecamatan atau desa/kelurahan untuk Kota Samarinda."
    )
    expect(page.locator("#profil-sub-notice")).to_contain_text("kecamatan=64.72.01")
    page.goto(base + "/wilayah/6403?indikator=tidak_ada&kecamatan=99.99")
    notice = page.locator("#profil-sub-notice")
    # The one notice of every page: what was dropped in the address's order, the indicator by its name only.
    expect(notice).to_contain_text("diabaikan: indikator, kecamatan=99.99.")
    expect(notice).not_to_contain_text("tidak_ada")  # an indicator code is never echoed
    page.locator("#react-entry-point #profile-subregions").scroll_into_view_if_needed()  # where its ranking draws
    expect(page.locator("#profile-subregions .gtitle")).to_contain_text("Peringkat Kecamatan")  # the default view
    assert console_errors == []


def test_prf109_the_regency_data_pack_downloads_from_its_profile(page: Page, live_server, console_errors):
    import io
    from pathlib import Path

    import openpyxl

    base, _url = live_server
    page.goto(f"{base}/wilayah/64.02")
    link = page.locator("#pack-regency")
    expect(link).to_have_text("Unduh semua data Kabupaten Kutai Kartanegara (XLSX)")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "semua-data-kabupaten-kutai-kartanegara-6403.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
    assert book.sheetnames[:3] == ["Sampul", "Daftar isi", "Catatan"] and "ipm" in book.sheetnames


def test_prf110_on_a_phone_the_profile_leads_with_what_matters_and_folds_the_sectors(
    page: Page, live_server, console_errors
):
    """At 390 px the profile opens on what changed most and what misses its target; each sector is folded under its
    heading (it was one scroll of 15 tables and charts, about 12,000 px), opens from its link, and printing opens
    them all, so the A4 version stays complete."""
    base, _ = live_server
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/wilayah/6472")
    start_app(page)  # the reader's first move starts the app
    sections = page.locator("#profile details[data-sector]")
    expect(sections).to_have_count(5)
    page.wait_for_function("() => [...document.querySelectorAll('details[data-sector]')].every(d => !d.open)")
    # Folded, no sector's charts are drawn (nor asked for): the phone draws what its reader opens.
    expect(page.locator("#profile .chart-waiting")).to_have_count(15)
    expect(page.locator("#profile .js-plotly-plot")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollHeight") < 4000
    changes, off_track = page.locator("#profile-changes"), page.locator("#profile-off-track")
    assert changes.bounding_box()["y"] < sections.first.bounding_box()["y"]
    assert off_track.bounding_box()["y"] < sections.first.bounding_box()["y"]
    expect(off_track.locator("li").first).to_contain_text("belum tercapai")
    # A sector's link opens it, and its charts draw at the phone's width without running off it.
    page.locator("a[href='#sektor-kesehatan']").click()
    expect(page.locator("#sektor-kesehatan")).to_have_js_property("open", True)
    expect(page.locator("#sektor-kesehatan [data-chart='profil-stunting'] .gtitle")).to_be_visible()
    assert page.locator("#sektor-kemiskinan").evaluate("d => d.open") is False
    no_horizontal_scroll(page)
    # Printing opens every sector.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("[...document.querySelectorAll('details[data-sector]')].every(d => d.open)")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert console_errors == []


def test_prf111_a_phone_reader_who_scrolled_before_the_app_came_keeps_their_place(
    page: Page, live_server, console_errors
):
    """The first screen arrives with every sector open (no script has run); a reader who scrolls into the fourth
    sector before the app is in keeps reading it: the sectors they reached stay open, the ones below fold."""
    base, _ = live_server
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/wilayah/6472")
    start_app(page)
    expect(page.locator("#profile details[data-sector]")).to_have_count(5)
    page.wait_for_function("() => [...document.querySelectorAll('details[data-sector]')].every(d => !d.open)")
    # Where the fourth sector begins while all are open, as in the first screen (the app lays it out the same).
    top = page.evaluate(
        "() => { document.querySelectorAll('details[data-sector]').forEach(d => { d.open = true; });"
        " return document.getElementById('sektor-kesehatan').getBoundingClientRect().top + window.scrollY; }"
    )
    page.goto(f"{base}/wilayah/6472")
    page.wait_for_timeout(500)
    assert page.evaluate("typeof DashRenderer") == "undefined"  # the first screen only
    # The reader's scroll (which also starts the app), at once rather than Bootstrap's smooth scrolling.
    page.evaluate("y => window.scrollTo({top: y, behavior: 'instant'})", top + 100)
    expect(page.locator("#first-screen")).to_have_count(0, timeout=60_000)
    expect(page.locator("#react-entry-point #profile")).to_be_visible()
    page.wait_for_timeout(500)
    at_top = "() => { const d = document.elementFromPoint(200, 150).closest('details'); return d && d.dataset.sector; }"
    assert page.evaluate(at_top) == "kesehatan"
    opened = page.evaluate("() => [...document.querySelectorAll('details[data-sector]')].map(d => d.open)")
    assert opened == [True, True, True, True, False]
    assert console_errors == []
