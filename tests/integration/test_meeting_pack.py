"""The meeting pack made for real: the PDF's pages rendered to PNG by pdftoppm and read back by pypdf, the PPTX read
back by python-pptx with its QR codes decoded by zbar, in Indonesian and English, sample data marked on every page;
the nightly step prepares the pack of a coming meeting once per load; an unknown indicator is refused first."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader
from pyzbar.pyzbar import decode

from components import export, pack
from jobs import nightly
from portal import meetings, queries
from portal.access import Reader
from portal.meetings import MeetingError
from portal.state import meeting as meeting_state
from portal.vocab import MeetingRefusal, Role
from tests.browser.helpers import pdf_pages, png_size

LEADER = Reader(Role.PIMPINAN, "id")
PUBLIC_URL = "https://data.kaltimprov.example"
INDICATORS = ["investasi_pma", "investasi_pmdn", "pertumbuhan_ekonomi"]
SAMPLE_ID, SAMPLE_EN = "Berisi data contoh", "Contains sample"


@pytest.fixture
def db(meeting_db, monkeypatch):
    monkeypatch.setenv("BASE_URL", PUBLIC_URL)
    export.use_browser("/usr/bin/chromium")
    return meeting_db


pytestmark = pytest.mark.parametrize("loaded_db_session", ["sqlite"], indirect=True)


def schedule(title: str, days: int, indicators: list[str], lang: str = "id") -> int:
    return meetings.schedule(
        LEADER,
        "uji_pimpinan",
        title=title,
        held_on=meetings.today() + timedelta(days=days),
        sectors=["investasi"],
        agencies=["dpmptsp"],
        indicators=indicators,
        lang=lang,
    )


def test_mtp001_pdf_and_pptx_hold_the_cover_commitments_top_items_and_a_page_per_indicator(db, tmp_path):
    earlier = schedule("Rapat investasi Oktober", 2, [])
    item = meeting_state.meeting_page(earlier, LEADER).items[0].row
    meetings.assign(
        LEADER,
        "uji_pimpinan",
        meeting_id=earlier,
        indicator=item["indicator"],
        region=item["region"],
        agency="dpmptsp",
        note="Percepat perizinan berusaha",
        due_on=meetings.today() + timedelta(days=20),
    )
    meeting_id = schedule("Rapat investasi November", 9, INDICATORS)
    state = pack.make(meeting_id, PUBLIC_URL, "uji_pimpinan")
    titles = pack.titles(state)
    names = {
        r["code"]: r["name_id"] for r in queries.catalogue(LEADER.classes).to_dict("records") if r["code"] in INDICATORS
    }
    assert titles == [
        "Rapat investasi November",
        "Komitmen rapat sebelumnya",
        "Butir perlu perhatian",
        *(names[c] for c in INDICATORS),
    ]
    assert state.sample  # the bundled data holds sample series: every page must say so
    kept = queries.pack_info(meeting_id)
    assert sorted(kept["format"]) == ["pdf", "pptx"] and set(kept["lang"]) == {"id"}

    pdf = queries.pack_content(meeting_id, "pdf", "id")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Rapat investasi November"
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]  # lines joined
    assert len(texts) == len(titles)
    for text, title in zip(texts, titles, strict=True):
        assert text.startswith(title[:40]) and SAMPLE_ID in text
    assert "Percepat perizinan berusaha" in texts[1] and "Terbuka" in texts[1]
    for text, code in zip(texts[3:], INDICATORS, strict=True):
        assert "Sumber:" in text and f"{PUBLIC_URL}/indikator/{code}"[:30] in text.replace(" ", "")
    a4 = reader.pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (842, 595)  # A4 landscape, in points
    images = pdf_pages(pdf, tmp_path)
    assert len(images) == len(titles)
    for image in images:
        assert png_size(image) == (468, 331)
        assert Image.open(io.BytesIO(image)).convert("L").getextrema()[0] < 100  # something dark is drawn

    deck = Presentation(io.BytesIO(queries.pack_content(meeting_id, "pptx", "id")))
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 16:9
    assert [s.shapes.title.text for s in deck.slides] == titles
    for slide in deck.slides:
        footer = next(s for s in slide.shapes if s.name == "footer")
        assert SAMPLE_ID in footer.text_frame.text
    for slide, code, page_state in zip(list(deck.slides)[3:], INDICATORS, state.pages, strict=True):
        qr = next(s for s in slide.shapes if s.name == "qr")
        (found,) = decode(Image.open(io.BytesIO(qr.image.blob)))
        address = found.data.decode()
        assert address == page_state.url and address.startswith(f"{PUBLIC_URL}/indikator/{code}?")
        assert next(s for s in slide.shapes if s.name == "url").text_frame.text == address
        chart = next(s for s in slide.shapes if s.shape_type == 13 and s.name != "qr")
        assert png_size(chart.image.blob) == (export.EXPORT_WIDTH, export.EXPORT_HEIGHT)
        sentence = next(s for s in slide.shapes if s.name == "sentence").text_frame.text
        assert page_state.sentence in sentence and "Sumber:" in sentence

    # The PDF places the very PNGs of the PPTX, pixel for pixel (each made once), and QR codes that decode.
    for pdf_page, slide, page_state in zip(reader.pages[3:], list(deck.slides)[3:], state.pages, strict=True):
        images = {im.image.size: im.image for im in pdf_page.images}
        chart = next(s for s in slide.shapes if s.shape_type == 13 and s.name != "qr")
        drawn = images[(export.EXPORT_WIDTH, export.EXPORT_HEIGHT)].convert("RGB")
        assert drawn.tobytes() == Image.open(io.BytesIO(chart.image.blob)).convert("RGB").tobytes()
        (found,) = decode(next(image for (w, h), image in images.items() if w == h))
        assert found.data.decode() == page_state.url


def test_mtp002_english_pack_and_the_nightly_step_makes_it_once_per_load(db, capsys):
    meeting_id = schedule("Investment coordination", 5, ["investasi_pma"], lang="en")
    assert queries.pack_info(meeting_id).empty
    assert nightly.main(["--skip-alerts"]) == nightly.EXIT_OK
    assert f"[{meeting_id}]" in capsys.readouterr().out
    kept = queries.pack_info(meeting_id)
    assert sorted(kept["format"]) == ["pdf", "pptx"] and set(kept["lang"]) == {"en"}
    assert set(kept["data_version"]) == {queries.data_version()}
    deck = Presentation(io.BytesIO(queries.pack_content(meeting_id, "pptx", "en")))
    assert [s.shapes.title.text for s in deck.slides][:2] == ["Investment coordination", "Items needing attention"]
    assert SAMPLE_EN in PdfReader(io.BytesIO(queries.pack_content(meeting_id, "pdf", "en"))).pages[-1].extract_text()
    # The same data again: nothing to make.
    assert nightly.main(["--skip-alerts"]) == nightly.EXIT_OK
    assert "[]" in capsys.readouterr().out
    assert (queries.pack_info(meeting_id)["made_at"] == kept["made_at"]).all()


def test_mtp003_an_unknown_indicator_in_a_pack_request_is_refused_before_anything_is_made(db, capsys):
    meeting_id = schedule("Rapat", 3, ["investasi_pma"])
    with pytest.raises(MeetingError) as refused:
        pack.make(meeting_id, PUBLIC_URL, "x", indicators=["investasi_pma", "bukan_indikator"])
    assert refused.value.reason == MeetingRefusal.INDICATOR_UNKNOWN
    assert refused.value.text("id") == "1 indikator tidak dikenal atau tidak boleh Anda baca; tidak ada yang disimpan."
    assert queries.pack_info(meeting_id).empty
    assert nightly.main(["pack", str(meeting_id), "--indicator", "bukan_indikator"]) == nightly.EXIT_USAGE
    assert "1 indicator(s) unknown" in capsys.readouterr().err
    with pytest.raises(MeetingError) as refused:
        pack.make(98765, PUBLIC_URL)
    assert refused.value.reason == MeetingRefusal.MEETING_UNKNOWN
    assert queries.pack_info(meeting_id).empty
