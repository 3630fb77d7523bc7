"""The Satu Data workflow as its users walk it in headless Chromium: a produsen data uploads the messy example
files and reads the report at once, a walidata takes the draft up and approves it, and only then does an anonymous
reader see the value; on a phone, a typed value is returned with a note the producer reads; bad input (a file over
the limit, another agency's indicators, a producer who cannot decide) gets a sentence and writes nothing. An
agency's page reads on a phone, and there the walidata sets the due date of a period."""

from __future__ import annotations

import re
import sqlite3
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select, text

from portal import accounts
from portal.db import get_engine
from portal.models import Delivery, DeliveryRow, ReleaseDue
from portal.settings import DATA_DIR
from tests.accounts import stop_server
from tests.browser.conftest import serve
from tests.browser.helpers import no_horizontal_scroll, serious_violations, sign_out, start_app

pytestmark = pytest.mark.browser
EXCEL = DATA_DIR / "examples" / "dinkes_imunisasi_2024.xlsx"
CSV = DATA_DIR / "examples" / "disdikbud_apm_2024.csv"
PASSWORD = "kata-sandi-alur-kerja-1"
PEOPLE = {"dewi": ("produsen", "dinkes", "Dewi Dinkes"), "budi": ("walidata", None, "Budi Walidata")}
PHONE = {"width": 390, "height": 844}
INDICATOR = "/indikator/imunisasi_dasar_lengkap"


@pytest.fixture(scope="module")
def site(live_server, tmp_path_factory):
    """A copy of the live database (its deliveries are this module's own), served with a 1 MB upload limit."""
    _, url = live_server
    copy = tmp_path_factory.mktemp("workflow") / "portal.db"
    with sqlite3.connect(url.split("///", 1)[1]) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute("DELETE FROM rate_limit")
    copy_url = f"sqlite:///{copy}"
    for name, (role, agency, full) in PEOPLE.items():
        accounts.create_user(name, PASSWORD, role, full, agency=agency, url=copy_url)
    proc, base = serve(copy_url, {"ETL_MAX_FILE_MB": "1"})
    yield base, copy_url
    stop_server(proc)


def sign_in(page: Page, base: str, who: str) -> None:
    page.goto(base + "/masuk")
    page.fill("#login-username", who)
    page.fill("#login-password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(lambda address: "/masuk" not in address)
    start_app(page)  # on a phone the page signed into may wait for the reader's first move
    expect(page.locator("#user-name")).to_contain_text(PEOPLE[who][2])


def send_file(page: Page, path) -> None:
    """Choose the file in the upload box, see its name, press the send button."""
    page.set_input_files("#kirim-berkas input[type=file]", str(path))
    expect(page.locator("#kirim-berkas-nama")).to_have_text(path.name)
    page.click("#kirim-berkas-tombol")


def delivery_count(url: str) -> tuple[int, int]:
    with get_engine(url).connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(Delivery)).scalar_one(),
            conn.execute(select(func.count()).select_from(DeliveryRow)).scalar_one(),
        )


def kukar_2024(page: Page, base: str) -> str:
    """Kutai Kartanegara's 2024 row of the indicator table (code, period, value, status, kind) as a reader sees it."""
    page.goto(base + INDICATOR + "?wilayah=6403&dari=2024&sampai=2024")
    page.get_by_role("tab", name="Tabel").click()
    row = page.locator("#indikator-tabel .ag-center-cols-container .ag-row").filter(has_text="6403")
    expect(row).to_have_count(1)
    return row.inner_text()


def test_bwf001_upload_report_review_approve_publish(page: Page, site, browser, console_errors):
    base, url = site
    anonymous = browser.new_page()
    assert "95,1" not in kukar_2024(anonymous, base)  # Kukar 2024 as the file has it: not published yet

    sign_in(page, base, "dewi")
    page.goto(base + "/kirim")
    expect(page.locator("#kirim-instansi")).to_contain_text("Dinas Kesehatan")
    expect(page.locator("#kirim-batas")).to_contain_text("1 MB")
    send_file(page, EXCEL)
    page.wait_for_url(re.compile(r".*/kiriman/\d+$"))
    sent = page.url.rsplit("/", 1)[1]
    # The report at once, in the CLI's words: rows read = loaded + unchanged + rejected.
    expect(page.locator("#kiriman-jumlah")).to_have_text("dibaca 17 = dimuat 10 + tak berubah 0 + ditolak 7")
    expect(page.locator(".stage-trail [aria-current=step]")).to_have_text("Draf")
    expect(page.locator("#kiriman-ditolak > li")).to_have_count(7)
    expect(page.locator("#kiriman-ditolak")).to_contain_text("tidak dikenal di katalog")
    expect(page.locator("#kiriman-perubahan")).to_contain_text("Kutai Kartanegara")
    # A producer never decides: no decision form, a sentence instead.
    expect(page.locator("#kiriman-keputusan")).to_have_count(0)
    expect(page.locator("#kiriman-milik-sendiri")).to_be_visible()
    # Still nothing public.
    assert "95,1" not in kukar_2024(anonymous, base)
    page.goto(base + "/kirim")
    sign_out(page)

    sign_in(page, base, "budi")
    page.goto(base + "/kiriman")
    card = page.locator(f"article[data-delivery='{sent}']")
    expect(card.locator(".stage-badge")).to_have_text("Draf")
    card.get_by_role("link").click()
    page.wait_for_url(re.compile(rf".*/kiriman/{sent}$"))
    page.click("#kiriman-periksa")
    page.wait_for_url(re.compile(r".*selesai=periksa$"))
    expect(page.locator(".stage-trail [aria-current=step]")).to_have_text("Diperiksa")
    page.fill("#kiriman-catatan-setuju", "Cocok dengan laporan SIMPUS.")
    page.click("#kiriman-setujui")
    page.wait_for_url(re.compile(r".*selesai=setujui$"))
    expect(page.locator("#kiriman-pesan")).to_contain_text("Kiriman disetujui dan terbit")
    expect(page.locator(".stage-trail [aria-current=step]")).to_have_text("Terbit")
    history = page.locator("#kiriman-riwayat")
    expect(history).to_contain_text("dewi")
    expect(history).to_contain_text("Cocok dengan laporan SIMPUS.")
    expect(history).to_contain_text("127.0.0.1")
    expect(page.locator("#kiriman-keputusan")).to_have_count(0)  # decided: no second approval

    assert "95,1" in kukar_2024(anonymous, base)
    anonymous.close()
    assert console_errors == []


def test_bwf002_bad_input_gets_a_sentence_and_writes_nothing(page: Page, site, tmp_path, console_errors):
    base, url = site
    sign_in(page, base, "dewi")
    # A file over the limit: the sentence names it; no delivery, no row.
    big = tmp_path / "besar.csv"
    big.write_text("kode_indikator,kode_wilayah,periode,nilai\n" + "imunisasi_dasar_lengkap,6472,2023,90\n" * 40_000)
    assert big.stat().st_size > 1024 * 1024
    counted = delivery_count(url)
    page.goto(base + "/kirim")
    page.click("#kirim-berkas-tombol")  # no file chosen yet
    expect(page.locator("#kirim-berkas-nama")).to_have_text("Pilih berkas CSV atau XLSX dulu.")
    send_file(page, big)
    page.wait_for_url(re.compile(r".*/kirim\?galat=too_large$"))
    expect(page.locator("#kirim-galat")).to_contain_text("Berkas terlalu besar: batasnya 1 MB (ETL_MAX_FILE_MB)")
    assert delivery_count(url) == counted
    # Not a spreadsheet: a sentence, nothing written.
    pdf = tmp_path / "laporan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    send_file(page, pdf)
    page.wait_for_url(re.compile(r".*galat=file_type$"))
    expect(page.locator("#kirim-galat")).to_be_visible()
    assert delivery_count(url) == counted
    # Another agency's indicators (the messy Disdikbud file: APM is produced by BPS): every row refused, by name.
    send_file(page, CSV)
    page.wait_for_url(re.compile(r".*/kiriman/\d+$"))
    counts = page.locator("#kiriman-jumlah").inner_text()
    read, loaded, unchanged, rejected = map(int, re.findall(r"\d+", counts))
    assert read == loaded + unchanged + rejected and loaded == 0 and rejected == read > 0
    expect(page.locator("#kiriman-ditolak")).to_contain_text("bukan perangkat daerah Anda (dinkes)")
    # The empty form: a sentence.
    page.goto(base + "/kirim")
    page.click("#kirim-nilai-tombol")
    page.wait_for_url(re.compile(r".*galat=empty_form$"))
    expect(page.locator("#kirim-galat")).to_contain_text("Formulir masih kosong")
    assert console_errors == []


def test_bwf003_on_a_phone_a_value_is_returned_with_a_note(page: Page, site, console_errors):
    base, url = site
    page.set_viewport_size(PHONE)
    sign_in(page, base, "dewi")
    page.goto(base + "/kirim")
    page.select_option("#kirim-kode_indikator-0", "imunisasi_dasar_lengkap")
    page.select_option("#kirim-kode_wilayah-0", "6472")
    page.fill("#kirim-periode-0", "2024")
    page.fill("#kirim-nilai-0", "31,4")
    page.click("#kirim-nilai-tombol")
    page.wait_for_url(re.compile(r".*/kiriman/\d+$"))
    sent = page.url.rsplit("/", 1)[1]
    expect(page.locator("#kiriman-jumlah")).to_have_text("dibaca 1 = dimuat 1 + tak berubah 0 + ditolak 0")
    page.goto(base + "/kirim")
    sign_out(page)

    sign_in(page, base, "budi")
    page.goto(base + f"/kiriman/{sent}")
    # What it would change, with the size of the change and the unusual value named, on a phone without scrolling
    # sideways.
    change = page.locator("#kiriman-perubahan > li").first
    expect(change).to_contain_text("→")
    expect(change.locator(".unusual")).to_be_visible()
    expect(page.locator("#kiriman-kembalikan")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.fill("#kiriman-catatan-kembali", "Nilai 31,4 jauh di bawah tahun lalu: periksa lagi.")
    page.click("#kiriman-kembalikan")
    page.wait_for_url(re.compile(r".*selesai=kembalikan$"))
    expect(page.locator(".stage-trail [aria-current=step]")).to_have_text("Dikembalikan")
    page.goto(base + "/kirim")
    sign_out(page)

    sign_in(page, base, "dewi")
    page.goto(base + "/kiriman?tahap=semua")
    card = page.locator(f"article[data-delivery='{sent}']")
    expect(card.locator(".delivery-note")).to_contain_text("jauh di bawah tahun lalu")
    card.get_by_role("link").click()
    expect(page.locator("#kiriman-dikembalikan")).to_contain_text("budi")
    with get_engine(url).connect() as conn:
        assert conn.execute(select(Delivery.stage).where(Delivery.id == int(sent))).scalar_one() == "dikembalikan"
    assert console_errors == []


def test_bwf004_the_release_schedule_counts_a_delivery_waiting(page: Page, site, console_errors):
    base, url = site
    sign_in(page, base, "dewi")
    page.goto(base + "/kirim")
    page.select_option("#kirim-kode_indikator-0", "cakupan_jkn")
    page.select_option("#kirim-kode_wilayah-0", "6471")
    page.fill("#kirim-periode-0", "2025")
    page.fill("#kirim-nilai-0", "97,5")
    page.click("#kirim-nilai-tombol")
    page.wait_for_url(re.compile(r".*/kiriman/\d+$"))
    page.goto(base + "/kirim")
    sign_out(page)

    sign_in(page, base, "budi")
    page.goto(base + "/status")
    expect(page.locator("#status-jadwal-ringkas")).to_contain_text("data wajib perangkat daerah")
    with get_engine(url).connect() as conn:  # Dinkes's indicators with rows in an undecided delivery
        waiting = conn.execute(
            text(
                "SELECT count(DISTINCT r.indicator) FROM delivery_row r JOIN delivery d ON d.id = r.delivery_id "
                "WHERE d.agency = 'dinkes' AND d.stage IN ('draf', 'diperiksa')"
            )
        ).scalar_one()
    assert waiting >= 1  # the value just sent (cakupan_jkn) waits
    dinkes = page.locator("#status-jadwal-rilis [data-agency=dinkes]")
    expect(dinkes).to_contain_text("Dinas Kesehatan")
    expect(dinkes).to_contain_text(f", {waiting} menunggu pemeriksaan")
    expect(page.locator("#status-jadwal-rilis [data-agency='-']")).to_contain_text("Tidak dipegang perangkat daerah")
    assert console_errors == []


def test_bwf005_an_agency_page_on_a_phone(page: Page, site, console_errors):
    base, _ = site
    page.set_viewport_size(PHONE)
    page.goto(base + "/katalog?q=stunting")
    page.locator("#katalog-grid .ag-row a[href='/instansi/dinkes']").first.click()
    page.wait_for_url(re.compile(r".*/instansi/dinkes$"))
    expect(page.locator("h1")).to_have_text("Dinas Kesehatan")
    items = page.locator("#instansi-indikator [data-indicator]")
    expect(items).to_have_count(5)
    expect(page.locator("#instansi-ringkas")).to_contain_text("5 data wajib")
    expect(page.locator("#instansi-cakupan")).to_contain_text("dari 5 data wajib pernah terbit")
    expect(items.first).to_contain_text("Aturan: akhir periode + 181 hari")
    expect(page.locator("#tenggat-form")).to_have_count(0)  # the public does not set due dates
    expect(page.locator("#instansi-kiriman")).to_have_count(0)  # nor see deliveries
    no_horizontal_scroll(page)
    assert serious_violations(page) == []
    assert console_errors == []


def test_bwf006_the_walidata_sets_a_due_date(page: Page, site, console_errors):
    base, url = site
    page.set_viewport_size(PHONE)
    sign_in(page, base, "budi")
    page.goto(base + "/instansi/dinkes")
    stunting = page.locator("#instansi-indikator [data-indicator=stunting]")
    expect(stunting).to_have_attribute("data-set", "false")
    expect(page.locator("#instansi-kiriman")).to_have_count(1)  # the walidata sees the agency's deliveries
    # A period of another frequency: the sentence, and nothing written.
    page.select_option("#tenggat-indikator", "stunting")
    page.fill("#tenggat-periode", "2025-Q1")
    page.fill("#tenggat-tanggal", "2026-09-30")
    page.click("#tenggat-simpan")
    page.wait_for_url(re.compile(r".*\?galat=period$"))
    expect(page.locator("#instansi-pesan")).to_contain_text("bukan periode indikator ini")
    with get_engine(url).connect() as conn:
        assert conn.execute(select(func.count()).select_from(ReleaseDue)).scalar_one() == 0
    # 2025's figure, due by the rule on 30 June 2026, is given until two months from today.
    due = date.today() + timedelta(days=60)
    page.select_option("#tenggat-indikator", "stunting")
    page.fill("#tenggat-periode", "2025")
    page.fill("#tenggat-tanggal", due.isoformat())
    no_horizontal_scroll(page)
    assert serious_violations(page) == []
    page.click("#tenggat-simpan")
    page.wait_for_url(re.compile(r".*\?tenggat=ok$"))
    expect(page.locator("#instansi-pesan")).to_contain_text("Tenggat disimpan")
    expect(stunting).to_have_attribute("data-set", "true")
    expect(stunting).to_have_attribute("data-state", "tepat")
    expect(stunting).to_contain_text("Ditetapkan walidata")
    expect(page.locator("#instansi-tenggat [data-indicator=stunting]")).to_contain_text("budi")
    with get_engine(url).connect() as conn:
        assert conn.execute(select(ReleaseDue.period, ReleaseDue.due_on, ReleaseDue.set_by)).one() == (
            "2025",
            due,
            "budi",
        )
    assert console_errors == []
