"""The indicator page in headless Chromium: chart, table and metadata tabs; filters in the URL; 404s."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from portal.periods import label
from tests.browser.helpers import chart_text, regency_latest, shown_series, wait_for_charts

pytestmark = pytest.mark.browser
VIEW = "/indikator/kemiskinan_p0?wilayah=6472,6471&dari=2019&sampai=2024"


def _shown_rows(url: str) -> tuple[int, int]:
    """How many values the view shows (province and the two regencies in 2019-2024, plus the regencies in the
    ranking period) and how many of them are sample data, counted from the database under the real-first rule."""
    rows = {}
    for region in ("64", "6472", "6471"):
        rows |= {(region, p): s for p, _v, s in shown_series(url, "kemiskinan_p0", region) if "2019" <= p[:4] <= "2024"}
    period, values = regency_latest(url, "kemiskinan_p0", until="2024")
    for region in values:
        sample = next(s for p, _v, s in shown_series(url, "kemiskinan_p0", region) if p == period)
        rows[(region, period)] = sample
    return len(rows), sum(rows.values())


def test_ind001_tabs_show_chart_table_and_metadata(page: Page, live_server, console_errors):
    base, url = live_server
    page.goto(base + VIEW)
    wait_for_charts(page, 2)
    expect(page.locator("h1")).to_have_text("Persentase Penduduk Miskin (P0)")
    expect(page.locator("#indikator-peta")).to_have_attribute("href", "/wilayah?indikator=kemiskinan_p0")
    province = [p for p, _v, _s in shown_series(url, "kemiskinan_p0", "64") if p[:4] <= "2024"][-1]
    expect(page.locator("#indikator-narrative")).to_contain_text(f"Kalimantan Timur {label(province, 'id')}")
    total, samples = _shown_rows(url)
    page.get_by_role("tab", name="Tabel").click()
    rows = page.locator("#indikator-tabel .ag-center-cols-container .ag-row")
    expect(page.locator("#indikator-tabel-keterangan")).to_contain_text(f"{total} baris")
    expect(rows.first).to_be_visible()
    # Sample values are marked as such in the table; official ones link to their publication.
    kinds = page.locator("#indikator-tabel .ag-center-cols-container [col-id=kind]")
    # Official values say so; a sample value only where its series holds no official figure (none here).
    expect(kinds.filter(has_text="Resmi").first).to_be_visible()
    assert (kinds.filter(has_text="Data contoh").count() > 0) == (samples > 0)
    page.get_by_role("tab", name="Metadata").click()
    meta = page.locator(".metadata-panel")
    for term in ("Konsep", "Definisi", "Satuan", "Klasifikasi", "Frekuensi", "Produsen data", "Sumber"):
        expect(meta.locator("dt", has_text=term).first).to_be_visible()
    expect(meta).to_contain_text("Publik (terbuka)")
    expect(meta).to_contain_text("Semesteran")
    expect(meta).to_contain_text("BPS Provinsi Kalimantan Timur")
    last = max(shown_series(url, "kemiskinan_p0", "64")[-1][0], regency_latest(url, "kemiskinan_p0")[0])
    expect(meta).to_contain_text(label(last, "id"))  # last period
    expect(meta.locator(".coverage-table tbody tr")).to_have_count(11)
    assert console_errors == []


def test_ind002_filter_change_updates_table_and_url(page: Page, live_server, console_errors):
    base, url = live_server
    page.goto(base + "/indikator/ipm")
    wait_for_charts(page, 2)
    page.get_by_label("Mahakam Ulu").check()
    page.get_by_label("Dari tahun").select_option("2020")
    last = regency_latest(url, "ipm")[0][:4]  # every IPM series is official: its last official year
    expect(page).to_have_url(re.compile(rf"/indikator/ipm\?wilayah=6411&dari=2020&sampai={last}$"))
    page.get_by_role("tab", name="Tabel").click()
    region_cells = page.locator("#indikator-tabel [col-id=region_name].ag-cell")
    expect(region_cells.filter(has_text="Mahakam Ulu").first).to_be_visible()
    # A copied link opens the same filters.
    page.goto(page.url)
    expect(page.get_by_label("Mahakam Ulu")).to_be_checked()
    expect(page.get_by_label("Dari tahun")).to_have_value("2020")
    assert console_errors == []


def test_ind005_a_range_chosen_end_first_is_drawn_and_shown_start_first(page: Page, live_server, console_errors):
    base, _ = live_server
    page.goto(base + "/indikator/ipm?dari=2018&sampai=2021")
    wait_for_charts(page, 2)
    page.get_by_label("Dari tahun").select_option("2023")  # after "Sampai" (2021): the reader meant 2021-2023
    expect(page).to_have_url(re.compile(r"/indikator/ipm\?dari=2021&sampai=2023$"))
    expect(page.get_by_label("Dari tahun")).to_have_value("2021")
    expect(page.get_by_label("Sampai tahun")).to_have_value("2023")
    notice = page.locator("#indikator-notice")
    expect(notice).to_contain_text('Tahun "Dari" yang Anda pilih lebih akhir daripada tahun "Sampai"')
    expect(notice).to_contain_text("2021–2023")
    expect(notice).not_to_contain_text("alamat")
    graph = "[data-chart='indikator-tren'] .js-plotly-plot"
    page.wait_for_function(
        f"""() => {{ const g = document.querySelector("{graph}");
            const xs = g && g.data ? g.data.filter(t => t.mode === "lines+markers").flatMap(t => t.x || []).map(String) : [];
            return xs.length && xs.every(x => x >= "2021" && x < "2024"); }}"""
    )
    # The next choice starts from what the controls show.
    page.get_by_label("Sampai tahun").select_option("2022")
    expect(page).to_have_url(re.compile(r"/indikator/ipm\?dari=2021&sampai=2022$"))
    expect(notice).to_be_empty()
    assert console_errors == []


@pytest.mark.parametrize("code", ["tidak_ada", "investasi_proyek"])
def test_ind003_unknown_or_restricted_code_is_a_friendly_404(page: Page, live_server, console_errors_404, code):
    base, _ = live_server
    response = page.goto(base + f"/indikator/{code}")
    assert response.status == 404
    expect(page.locator("#not-found")).to_contain_text("Indikator ini tidak ada di katalog")
    expect(page).to_have_title("Halaman tidak ditemukan · Satu Data Kaltim")
    assert code not in page.locator("#main").inner_html()
    assert console_errors_404 == []


def test_ind004_the_ipm_method_break_is_a_gap_and_a_labelled_marker(page: Page, live_server, console_errors):
    base, _ = live_server
    page.goto(base + "/indikator/ipm?dari=2018&sampai=2025")
    wait_for_charts(page, 2)
    graph = "[data-chart='indikator-tren'] .js-plotly-plot"
    page.wait_for_function(f'() => document.querySelector("{graph}") && document.querySelector("{graph}").data')
    lines = page.evaluate(
        f"""() => document.querySelector("{graph}").data
            .filter(t => t.mode === 'lines+markers').map(t => ({{name: t.name, x: t.x, legend: t.showlegend}}))"""
    )
    province = [t for t in lines if t["name"] == "Kalimantan Timur"]
    # The old method's 2018-2019 and the new method's 2020-2025: two lines, neither crossing the break.
    assert len(province) == 2 and [t["legend"] for t in province] == [True, False]
    for line in province:
        assert len({str(x)[:4] >= "2020" for x in line["x"]}) == 1
    expect(page.locator("[data-chart='indikator-tren'] .annotation-text", has_text="Metode baru")).to_be_visible()
    assert console_errors == []


def test_ind006_life_expectancy_ranking_fits_its_values_on_a_phone_and_says_where_the_axis_starts(
    page: Page, live_server, console_errors
):
    """Issue 19, items 1, 8, 9: on a 390 px phone the years of life are not drawn on a 0-600 axis."""
    base, url = live_server
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/indikator/umur_harapan_hidup")
    wait_for_charts(page, 2)
    _period, values = regency_latest(url, "umur_harapan_hidup")
    low, high = page.evaluate(
        "() => document.querySelector(\"[data-chart='indikator-peringkat'] .js-plotly-plot\")._fullLayout.xaxis.range"
    )
    # The axis spans the values with a little room, not from zero: every regency's dot is on it.
    assert low <= min(values.values()) and max(values.values()) <= high
    assert low > 0.8 * min(values.values()) and high - low < 3 * (max(values.values()) - min(values.values()) + 1)
    text = chart_text(page, "indikator-peringkat")
    assert "bukan nol" in text
    # Ticks in Indonesian with the same decimals everywhere, and the download time in WITA to the minute.
    ticks = page.locator("[data-chart='indikator-peringkat'] .xtick text").all_text_contents()
    assert ticks and len({len(t.split(",")[-1]) if "," in t else 0 for t in ticks}) == 1
    assert re.search(r"Diunduh \d{1,2} \w{3} \d{4} \d{2}\.\d{2} WITA", text)
    assert console_errors == []
