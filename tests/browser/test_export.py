"""Exports a report can use: a PNG per chart (browser), a ZIP of PNGs (server, kaleido), CSV and XLSX of what is shown."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.db import get_engine
from portal.models import Observation, Source
from tests.browser.helpers import download, png_size, regency_latest, shown_series, wait_for_charts
from tests.browser.test_sector import SECTOR_CHARTS

pytestmark = pytest.mark.browser
VIEW = "/sektor/kemiskinan?wilayah=6472,6471&dari=2019&sampai=2024"


def _database_rows(url: str) -> pd.DataFrame:
    o = Observation
    with get_engine(url).connect() as conn:
        rows = conn.execute(
            select(o.region, o.period, o.value, Source.is_sample)
            .join(Source, Source.name == o.source)
            .where(o.indicator == "kemiskinan_p0")
        ).all()
    return pd.DataFrame(rows, columns=["region", "period", "value", "is_sample"])


def test_exp001_png_button_saves_a_report_ready_png(page: Page, live_server, tmp_path, console_errors):
    base, _ = live_server
    page.goto(base + VIEW)
    wait_for_charts(page, SECTOR_CHARTS)
    card = page.locator("[data-chart='sektor-tren']")
    name, data = download(page, lambda: card.get_by_role("button", name="Unduh PNG").click(), tmp_path)
    assert name == "kemiskinan-p0_6472-6471_2019-2024.png"
    width, height = png_size(data)
    assert width >= 1600 and height >= 900
    ranking = page.locator("[data-chart='sektor-peringkat']")
    name, data = download(page, lambda: ranking.get_by_role("button", name="Unduh PNG").click(), tmp_path)
    assert name == "kemiskinan-p0_peringkat_2024-S1.png" and png_size(data)[0] >= 1600
    assert console_errors == []


def test_exp002_zip_holds_one_png_per_chart_made_on_the_server(page: Page, live_server, tmp_path, console_errors):
    base, _ = live_server
    page.goto(base + VIEW)
    wait_for_charts(page, SECTOR_CHARTS)
    charts = page.locator(".chart-card")
    buttons = charts.get_by_role("button", name="Unduh PNG")
    named = [f"{buttons.nth(i).get_attribute('data-filename')}.png" for i in range(charts.count())]
    assert len(named) == SECTOR_CHARTS
    # Each chart once: two charts of the same name (P0's headline ranking and the view's ranking when they rank the
    # same period) are one file.
    expected = sorted(set(named))
    name, data = download(page, lambda: page.get_by_role("button", name="Unduh semua grafik (ZIP)").click(), tmp_path)
    assert name == "kemiskinan-p0_6472-6471_2019-2024.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == expected
        for member in archive.namelist():
            assert png_size(archive.read(member)) == (1600, 900)
    assert console_errors == []


def test_exp003_csv_and_xlsx_hold_exactly_what_is_shown(page: Page, live_server, tmp_path, console_errors):
    base, url = live_server
    page.goto(base + "/indikator/kemiskinan_p0?wilayah=6472,6471&dari=2019&sampai=2024")
    wait_for_charts(page, 2)
    page.get_by_role("tab", name="Tabel").click()
    shown = int(page.locator("#indikator-tabel-keterangan").text_content().split(": ")[1].split(" ")[0])
    name, data = download(page, lambda: page.get_by_role("button", name="Unduh CSV").click(), tmp_path)
    assert name == "kemiskinan-p0_6472-6471_2019-2024.csv"
    csv = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"kode_wilayah": str})
    assert list(csv.columns) == [
        "kode_indikator",
        "indikator",
        "kode_wilayah",
        "wilayah",
        "periode",
        "label_periode",
        "nilai",
        "satuan",
        "status",
        "data_contoh",
        "sumber",
        "url_sumber",
    ]
    assert len(csv) == shown
    # Every value is the database's, and every sample value is flagged as one.
    db = _database_rows(url).set_index(["region", "period"])
    for row in csv.to_dict("records"):
        value, is_sample = db.loc[(row["kode_wilayah"], row["periode"])]
        assert row["nilai"] == pytest.approx(round(value, 2))
        assert row["data_contoh"] == ("ya" if is_sample else "tidak")
    # The table ends at the latest period shown: the regencies' ranking period or the province's last figure.
    ranking_period, _values = regency_latest(url, "kemiskinan_p0", until="2024")
    province_latest = [p for p, _v, _s in shown_series(url, "kemiskinan_p0", "64") if p[:4] <= "2024"][-1]
    assert set(csv["kode_wilayah"]) >= {"64", "6472", "6471"}
    assert csv["periode"].max() == max(ranking_period, province_latest)
    name, data = download(page, lambda: page.get_by_role("button", name="Unduh XLSX").click(), tmp_path)
    assert name == "kemiskinan-p0_6472-6471_2019-2024.xlsx"
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == ["Data", "Metadata"]
    assert book["Data"].max_row == shown + 1
    meta = dict(book["Metadata"].iter_rows(min_row=2, values_only=True))
    assert meta["Kode indikator"] == "kemiskinan_p0"
    assert meta["Definisi"].startswith("Persentase penduduk")
    assert meta["Periode"] == "2019–2024"
    assert meta["Alamat tampilan"].endswith("/indikator/kemiskinan_p0?wilayah=6472,6471&dari=2019&sampai=2024")
    assert meta["Baris data contoh (sintetis)"] == (csv["data_contoh"] == "ya").sum()
    assert console_errors == []


def test_exp004_exports_in_english(page: Page, live_server, tmp_path, console_errors):
    base, _ = live_server
    page.context.add_cookies([{"name": "lang", "value": "en", "url": base}])
    page.goto(base + "/indikator/investasi_total?wilayah=6472&dari=2022&sampai=2024")
    wait_for_charts(page, 2)
    name, data = download(page, lambda: page.get_by_role("button", name="Download CSV").click(), tmp_path)
    csv = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(csv.columns)[:4] == ["indicator_code", "indicator", "region_code", "region"]
    assert set(csv["unit"]) == {"IDR trillion"} and set(csv["sample_data"]) <= {"yes", "no"}
    expect(page.locator("[data-chart='indikator-tren'] .gtitle")).to_contain_text("Realised Investment")
    assert console_errors == []
