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
from portal.models import Indicator, Observation, Source
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


def _decimals(url: str, code: str) -> int:
    with get_engine(url).connect() as conn:
        return conn.execute(select(Indicator.decimals).where(Indicator.code == code)).scalar_one()


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


def test_exp002_zip_follows_the_view_with_its_csv_readme_and_a_png_per_chart(
    page: Page, live_server, tmp_path, console_errors
):
    base, _ = live_server
    page.goto(base + VIEW)
    wait_for_charts(page, SECTOR_CHARTS)
    buttons = page.locator(".chart-card").get_by_role("button", name="Unduh PNG")
    named = [buttons.nth(i).get_attribute("data-filename") for i in range(buttons.count())]
    assert len(named) == SECTOR_CHARTS
    view_charts = {
        page.locator(f"[data-chart='{chart}'] button[data-filename]").get_attribute("data-filename")
        for chart in ("sektor-tren", "sektor-peringkat")
    }
    _, csv = download(page, lambda: page.get_by_role("button", name="Unduh CSV").click(), tmp_path)
    name, data = download(page, lambda: page.get_by_role("button", name="Unduh semua grafik (ZIP)").click(), tmp_path)
    assert name == "kemiskinan-p0_6472-6471_2019-2024.zip"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.namelist()
        assert members[:2] == ["BACA-SAYA.txt", "kemiskinan-p0_6472-6471_2019-2024.csv"]
        assert archive.read(members[1]) == csv  # the same rows as "Unduh CSV"
        pngs = [m for m in members if m.endswith(".png")]
        assert len(members) == len(pngs) + 2 and len(set(pngs)) == len(pngs)
        for member in pngs:
            assert png_size(archive.read(member)) == (1600, 900)
        readme = archive.read("BACA-SAYA.txt").decode("utf-8-sig")
    stems = [m.removesuffix(".png") for m in pngs]
    # The view's own charts, and the sector's headline rankings as they stood in the view's window, never later.
    assert view_charts <= set(stems)
    for stem in stems:
        period = stem.rsplit("_", 1)[1]
        assert "2019" <= period[:4] <= "2024", stem
    on_page = {n.split("_peringkat_")[0] for n in named if "_peringkat_" in n}
    assert {s.split("_peringkat_")[0] for s in stems if "_peringkat_" in s} == on_page
    assert "2019–2024" in readme and "Samarinda, Balikpapan" in readme
    for member in members[1:]:
        assert f"- {member}: " in readme
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
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Data", "Metadata"]
    sheet = book["Data"]
    assert sheet.max_row == shown + 1
    # An analyst's sheet: the header stays in view, every column filters, values show the indicator's decimals.
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:L{shown + 1}"
    assert sheet["G1"].value == "nilai"
    decimals = _decimals(url, "kemiskinan_p0")
    assert decimals > 0
    formats = {sheet.cell(row, 7).number_format for row in range(2, shown + 2)}
    assert formats == {"#,##0." + "0" * decimals}
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
