"""Coordination meetings in Chromium: leadership schedules a meeting, makes its pack and downloads it (the PDF's pages
rendered to PNG, the PPTX read back with its QR code decoded), assigns a follow-up (a due date in the past gets its
sentence first); the agency head signs in, finds it on the follow-up page and closes it; the history keeps both.
A walidata chooses the agency head's account as a recipient of the alert digest on /rapat, and the nightly run
mails it through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from PIL import Image
from playwright.sync_api import Page, expect
from pptx import Presentation
from pyzbar.pyzbar import decode
from sqlalchemy import update

from jobs import nightly
from portal import db, meetings, queries
from portal.access import ALL_CLASSES
from portal.meetings import BoardMark
from portal.settings import Settings
from portal.vocab import BoardStatus
from tests.accounts import ensure_user
from tests.browser.helpers import download, pdf_pages
from tests.conftest import free_port
from tests.integration.test_alerts import Inbox

pytestmark = pytest.mark.browser
PASSWORD = "kata-sandi-rapat-1"
LEADER, HEAD, STEWARD = "uji_rapat_pimpinan", "uji_rapat_pd", "uji_rapat_walidata"
AGENCY = "dpmptsp"


@pytest.fixture(scope="module")
def meeting_server(live_server, tmp_path_factory):
    """A server of this module's own on a copy of the live database: the pack's kaleido Chromium runs in its
    workers, whose shutdown (Chromium's with them) may take longer on a loaded machine than the shared server's."""
    import sqlite3

    from tests.browser.conftest import serve

    copy = tmp_path_factory.mktemp("meeting") / "portal.db"
    with sqlite3.connect(live_server[1].split("///", 1)[1]) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute("DELETE FROM rate_limit")  # a fresh sign-in window (the suite signs in from one address)
    url = f"sqlite:///{copy}"
    proc, base = serve(url)
    yield base, url
    proc.terminate()
    try:
        proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def people(meeting_server):
    _base, url = meeting_server
    ensure_user(url, LEADER, PASSWORD, "pimpinan", "Sekda Uji")
    ensure_user(url, HEAD, PASSWORD, "perangkat_daerah", "Kadis Uji", agency=AGENCY)
    ensure_user(url, STEWARD, PASSWORD, "walidata", "Walidata Uji")
    return LEADER, HEAD


def sign_in(page: Page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/masuk?next={next_path}")
    page.fill("#login-username", username)
    page.fill("#login-password", PASSWORD)
    page.click("#login-submit")
    expect(page.locator("#user-name")).to_be_visible()


def test_mtb001_schedule_make_the_pack_assign_and_close_a_follow_up(page: Page, meeting_server, people, tmp_path):
    base, _ = meeting_server
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, base, LEADER, "/rapat")
    expect(page.locator("h1")).to_have_text("Rapat koordinasi")
    expect(page.locator("#rapat-penerima")).to_have_count(0)  # the digest's recipients are the secretariat's
    held = (meetings.today() + timedelta(days=7)).isoformat()

    # A meeting without a sector is refused in one sentence; nothing is listed.
    page.fill("#rapat-judul", "Rapat koordinasi investasi uji")
    page.fill("#rapat-tanggal", held)
    page.click("#rapat-simpan")
    expect(page.locator("#rapat-galat")).to_have_text("Pilih paling sedikit satu sektor; tidak ada yang disimpan.")
    page.locator("#rapat-sektor").get_by_label("Investasi", exact=True).check()
    page.locator("summary", has_text=re.compile("^Investasi$")).click()
    page.get_by_label("Realisasi Investasi PMA", exact=True).check()
    page.click("#rapat-simpan")
    page.locator("#rapat-baru").click()
    expect(page.locator("h1")).to_have_text("Rapat koordinasi investasi uji")
    meeting_id = page.locator(".meeting-page").get_attribute("data-meeting")

    # The pack, made now and downloaded.
    expect(page.locator(".meeting-pack")).to_contain_text("Bahan rapat belum disiapkan")
    page.click("#rapat-buat-bahan")
    expect(page.locator("#rapat-bahan-pesan")).to_contain_text("Bahan rapat sedang dibuat")
    # Made in a thread of the server (longer than a request may take); the page polls until both files are kept.
    expect(page.locator("#rapat-bahan-pesan")).to_contain_text("Bahan rapat dibuat dalam", timeout=300_000)
    name, pdf = download(page, lambda: page.locator(".pack-links a[data-format=pdf]").click(), tmp_path)
    assert name == f"bahan-rapat-{meeting_id}-id.pdf" and pdf.startswith(b"%PDF")
    pages = pdf_pages(pdf, tmp_path)
    assert len(pages) == 3  # cover, the items needing attention, one indicator
    (tmp_path / "indicator-page.png").write_bytes(pages[-1])
    name, pptx = download(page, lambda: page.locator(".pack-links a[data-format=pptx]").click(), tmp_path)
    deck = Presentation(io.BytesIO(pptx))
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles == ["Rapat koordinasi investasi uji", "Butir perlu perhatian", "Realisasi Investasi PMA"]
    qr = next(s for s in deck.slides[2].shapes if s.name == "qr")
    (code,) = decode(Image.open(io.BytesIO(qr.image.blob)))
    # The address is BASE_URL's (unset here: the HOST:PORT default); its path and filters open the live view.
    address = urlsplit(code.data.decode())
    assert address.path == "/indikator/investasi_pma" and "dari=" in address.query
    meeting_url = page.url
    page.goto(f"{base}{address.path}?{address.query}")
    expect(page.locator("h1")).to_contain_text("Realisasi Investasi PMA")
    page.goto(meeting_url)

    # Assign the first item: a due date in the past is refused and nothing is listed; then assigned.
    page.locator("#rapat-tugas-instansi").select_option(AGENCY)
    page.fill("#rapat-tugas-catatan", "Percepat perizinan berusaha")
    due = page.locator("#rapat-tugas-tempo")
    due.fill((meetings.today() - timedelta(days=1)).isoformat())
    due.press("Tab")
    page.click("#rapat-tugaskan")
    expect(page.locator("#rapat-tugas-galat")).to_contain_text("Tanggal jatuh tempo sudah lewat")
    expect(page.locator("#rapat-keputusan")).to_contain_text("Belum ada keputusan")
    due.fill((meetings.today() + timedelta(days=30)).isoformat())
    due.press("Tab")
    page.click("#rapat-tugaskan")
    expect(page.locator("#rapat-tugas-pesan")).to_contain_text("Tindak lanjut ditugaskan kepada Dinas Penanaman")
    item = page.locator("#rapat-keputusan li[data-followup]")
    expect(item).to_have_count(1)
    expect(item.locator(".fu-state")).to_have_text("Terbuka")
    page.click("#sign-out")

    # The agency head: no assignment form on the meeting, the decision on the follow-up page, closed there.
    sign_in(page, base, HEAD, f"/rapat/{meeting_id}")
    expect(page.locator("#rapat-keputusan li[data-followup]")).to_have_count(1)
    expect(page.locator("#rapat-tugaskan")).to_have_count(0)
    expect(page.locator("#rapat-buat-bahan")).to_have_count(0)
    page.goto(base + "/tindak-lanjut")
    mine = page.locator(".followups-page li[data-followup]")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("Percepat perizinan berusaha")
    mine.locator("select").select_option("selesai")
    mine.locator("textarea").fill("Izin terbit 2 Desember")
    mine.get_by_role("button", name="Perbarui").click()
    expect(mine).to_contain_text("Tersimpan.")
    page.reload()
    done = page.locator(".followups-page li[data-followup]")
    expect(done.locator(".fu-state")).to_have_text("Selesai")
    done.locator("summary", has_text="Riwayat").click()
    history = done.locator("details li")
    expect(history).to_have_count(2)
    expect(history.nth(0)).to_contain_text(f"{LEADER}: Terbuka")
    expect(history.nth(1)).to_contain_text(f"{HEAD}: Selesai")
    expect(history.nth(1)).to_contain_text("Izin terbit 2 Desember")
    assert errors == []


def test_mtb002_a_walidata_chooses_a_digest_recipient_and_the_nightly_run_mails_them(
    page: Page, meeting_server, people
):
    base, url = meeting_server
    sign_in(page, base, STEWARD, "/rapat")
    recipients = page.locator("#rapat-penerima-daftar li[data-recipient]")
    expect(page.locator("#rapat-penerima")).to_contain_text("Belum ada penerima.")
    page.locator("#rapat-penerima-akun").select_option(HEAD)
    page.fill("#rapat-penerima-surel", "bukan alamat")
    page.click("#rapat-penerima-tambah")
    expect(page.locator("#rapat-penerima-galat")).to_have_text("Alamat surel tidak sah.")
    expect(recipients).to_have_count(0)
    page.fill("#rapat-penerima-surel", "Kadis.DPMPTSP@example.org")
    page.locator("#rapat-penerima-bahasa").select_option("en")
    page.click("#rapat-penerima-tambah")
    expect(page.locator("#rapat-penerima-pesan")).to_have_text(
        "kadis.dpmptsp@example.org menerima ringkasan mulai malam ini."
    )
    expect(recipients).to_have_count(1)
    expect(recipients).to_contain_text(f"Kadis Uji ({HEAD}) · Kepala perangkat daerah · EN")

    # Two nights against a real SMTP server: the first records the board's statuses; before the second, one series
    # had another status the night before, so the digest names it, in the recipient's language.
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    settings = Settings.from_env(database_url=url, smtp_host="127.0.0.1", smtp_port=smtp.port, base_url=base)
    token = db.bind(url)
    try:
        nightly.alerts(settings)
        mark = queries.board_marks().iloc[0]
        before = BoardStatus.TERCAPAI if mark["status"] != BoardStatus.TERCAPAI else BoardStatus.MEMBURUK
        with db.get_engine(url).begin() as conn:
            conn.execute(
                update(BoardMark)
                .where(BoardMark.indicator == mark["indicator"], BoardMark.region == mark["region"])
                .values(status=before)
            )
        inbox.messages.clear()
        assert nightly.alerts(settings)["emails"] >= 1
        catalogue = queries.catalogue(ALL_CLASSES)
        names = dict(zip(catalogue["code"], catalogue["name_en"], strict=True))
    finally:
        db.unbind(token)
        smtp.stop()
    mails = {to[0]: message for to, message in inbox.messages}
    assert "kadis.dpmptsp@example.org" in mails
    mail = mails["kadis.dpmptsp@example.org"]
    assert mail["Subject"].strip().startswith("Portal Satu Data Kaltim: 1 status changes")
    assert names[mark["indicator"]] in mail.get_content()

    # Stopped from the page: the list is empty again (the address is kept inactive; the audit log has who and when).
    recipients.get_by_role("button", name="Hentikan").click()
    expect(page.locator("#rapat-penerima-pesan")).to_have_text(
        "kadis.dpmptsp@example.org tidak lagi menerima ringkasan."
    )
    expect(recipients).to_have_count(0)
