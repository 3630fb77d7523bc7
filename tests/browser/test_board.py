"""The exception board (/perhatian): linked first, filters in the address, each row's value as the database holds
it, the statuses a filter asks for, and the CSV/XLSX of exactly the filtered board."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.helpers import download, no_horizontal_scroll, shown_latest

pytestmark = pytest.mark.browser


def test_brd101_linked_first_from_home_and_navbar(page: Page, live_server, console_errors):
    base, _ = live_server
    page.goto(base + "/")
    link = page.locator("#home-board-link")
    expect(link).to_be_visible()
    # The board's line is the first section of the page, above the sample notice and the sectors.
    first = page.locator("main section").first
    expect(first).to_have_class(re.compile("home-attention"))
    expect(first).to_contain_text(re.compile(r"\d+ dari \d+ indikator × wilayah"))
    nav = page.locator(".portal-navbar .nav-link")
    assert nav.nth(1).text_content() == "Perlu perhatian"  # right after the executive summary
    link.click()
    expect(page.locator("h1")).to_have_text("Perlu perhatian")
    expect(page.locator(".board-item").first).to_be_visible()
    assert console_errors == []


def test_brd102_filters_write_the_address_and_the_address_reopens_them(page: Page, live_server, console_errors):
    base, url = live_server
    page.goto(base + "/perhatian")
    expect(page.locator(".board-item").first).to_be_visible()
    page.locator("#perhatian-sektor").select_option("kesehatan")
    page.locator("#perhatian-wilayah").select_option("6404")
    expect(page).to_have_url(re.compile(r"/perhatian\?sektor=kesehatan&wilayah=6404$"))
    items = page.locator(".board-item")
    expect(items.first).to_contain_text("Kutai Timur")
    rows = page.locator("li[data-indicator]")
    codes = [rows.nth(i).get_attribute("data-indicator") for i in range(rows.count())]
    assert codes and all(rows.nth(i).get_attribute("data-region") == "6404" for i in range(rows.count()))
    # Each row's value and period are the series' latest as readers are shown it (read from the database here).
    for i, code in enumerate(codes):
        period, value = shown_latest(url, code, "6404")
        expect(rows.nth(i)).to_contain_text(value)
    # The address reopens the same view, with the status filter too.
    status = rows.first.get_attribute("data-status")
    page.goto(base + f"/perhatian?sektor=kesehatan&wilayah=6404&status={status}")
    expect(page.locator("#perhatian-status")).to_have_value(status)
    kept = page.locator("li[data-indicator]")
    expect(kept.first).to_be_visible()
    assert {kept.nth(i).get_attribute("data-status") for i in range(kept.count())} == {status}
    # A value the page cannot use is dropped and named, never a crash.
    page.goto(base + "/perhatian?wilayah=9999&sektor=kesehatan")
    expect(page.locator("#perhatian-notice")).to_contain_text("wilayah=9999")
    expect(page.locator("#perhatian-sektor")).to_have_value("kesehatan")
    assert console_errors == []


def test_brd103_csv_and_xlsx_hold_the_filtered_board_with_reasons(page: Page, live_server, tmp_path, console_errors):
    base, _ = live_server
    page.goto(base + "/perhatian?sektor=pendidikan")
    expect(page.locator(".board-item").first).to_be_visible()
    total = int(re.match(r"\d+ dari (\d+) baris", page.locator("#board-count").text_content()).group(1))
    name, data = download(page, lambda: page.get_by_role("button", name="Unduh CSV").click(), tmp_path)
    assert name == "perlu-perhatian.csv" and data.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert len(table) == total
    first = page.locator("li[data-indicator]").first
    assert table.iloc[0]["kode_indikator"] == first.get_attribute("data-indicator")
    assert table.iloc[0]["alasan"] == first.locator(".board-reason").text_content()
    assert table["alasan"].str.contains("penanggung jawab: ").all()
    name, data = download(page, lambda: page.get_by_role("button", name="Unduh XLSX").click(), tmp_path)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert name == "perlu-perhatian.xlsx" and sheet.max_row == total + 1
    assert console_errors == []


def test_brd104_phone_more_rows_and_english(page: Page, live_server, console_errors):
    base, _ = live_server
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/perhatian")
    expect(page.locator(".board-item")).to_have_count(25)
    no_horizontal_scroll(page)
    page.get_by_role("button", name=re.compile(r"Tampilkan 25 berikutnya")).click()
    expect(page.locator(".board-item")).to_have_count(50)
    no_horizontal_scroll(page)
    page.locator("#navbar-toggler").click()  # the navbar folds on a phone
    page.get_by_role("link", name="EN", exact=True).click()
    expect(page.locator("h1")).to_have_text("Needs attention")
    expect(page.locator(".board-reason").first).to_contain_text("responsible: ")
    assert console_errors == []
