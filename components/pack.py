"""The meeting pack as files: a PDF (A4, landscape; reportlab) and a PPTX (16:9; python-pptx) drawn from the same
pack state (portal/state/pack.py), with the same report-ready PNGs as the portal's exports (export.png_batch: the
pack's charts in one kaleido call) and a QR code (qrcode) to each indicator's live view. Each PNG and QR code is
made once and placed in both files. Every page says when the pack holds sample data."""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import threading
import zlib
from pathlib import Path

import qrcode
from PIL import Image
from pptx import Presentation
from pptx.util import Emu, Inches, Pt
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from components import export
from components.charts import figure
from portal import fmt, meetings
from portal.i18n import pick, t, t_of
from portal.state import pack as pack_state
from portal.state.pack import Pack

log = logging.getLogger(__name__)
FONT, BOLD = "PackSans", "PackSans-Bold"
# DejaVu (Debian's fonts-dejavu-core, which the PNG exports use too), else the Vera fonts reportlab ships.
FONT_FILES = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
]
PRIMARY = HexColor("#0b5394")
SAMPLE = HexColor("#8a6d00")
MUTED = HexColor("#555555")


def _fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    import reportlab

    bundled = Path(reportlab.__file__).parent / "fonts"
    for regular, bold in [*FONT_FILES, (str(bundled / "Vera.ttf"), str(bundled / "VeraBd.ttf"))]:
        if Path(regular).exists() and Path(bold).exists():
            pdfmetrics.registerFont(TTFont(FONT, regular))
            pdfmetrics.registerFont(TTFont(BOLD, bold))
            return


@functools.lru_cache(maxsize=256)
def qr_png(url: str) -> bytes:
    """A QR code of `url` as PNG bytes (error correction M, a quiet zone of four modules); made once per address
    (the PDF and the PPTX place the same one, and the next night's pack mostly has the same addresses)."""
    image = qrcode.make(url, error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def charts(state: Pack) -> list[bytes]:
    """Each indicator page's chart as the portal's report-ready PNG (1600 x 900), all in one kaleido call."""
    return export.png_batch([figure(p.chart) for p in state.pages])


def _footer(state: Pack, lang: str) -> str:
    made = fmt.moment(state.made_at, lang)
    loaded = fmt.moment(state.loaded_at, lang) if state.loaded_at else "–"
    return t("pack_footer", lang, made=made, loaded=loaded)


def titles(state: Pack) -> list[str]:
    """The title of every page/slide, in order (the PDF and the PPTX have the same ones)."""
    lang = state.lang
    titles = [state.meeting["title"]]
    if state.previous is not None:
        titles.append(t("pack_commitments", lang))
    titles.append(t("pack_top", lang))
    titles += [p.name for p in state.pages]
    return titles


def _contents(state: Pack) -> str:
    """The cover's line on what the pack holds (the commitments only when there was a meeting before)."""
    if state.previous is None:
        return t("pack_cover_contents_first", state.lang, n=len(state.pages))
    return t("pack_cover_contents", state.lang, n=len(state.pages))


def _commitment_lines(state: Pack) -> list[str]:
    lang = state.lang
    if not state.commitments:
        return [t("mtg_commitments_none", lang)]
    return [
        t(
            "pack_commitment",
            lang,
            state=t_of("fu", f.state, lang),
            indicator=pick(f.row, "name", lang),
            region=f.row["region_name"],
            agency=f.row["agency_name"],
            due=fmt.day(f.row["due_on"], lang),
            note=f.row["note"],
        )
        for f in state.commitments
    ]


def _top_lines(state: Pack) -> list[tuple[str, str]]:
    lang = state.lang
    return [
        (
            f"{i}. {t_of('board', it.row['status'], lang)}: {pick(it.meta, 'name', lang)} · {it.row['region_name']}",
            it.reason,
        )
        for i, it in enumerate(state.top, start=1)
    ]


# --- PDF -----------------------------------------------------------------------------------------------------


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if pdfmetrics.stringWidth(trial, font, size) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def _wrap_chars(text: str, font: str, size: float, width: float) -> list[str]:
    """An address cut where it reaches the width (it has no spaces to break at)."""
    lines, line = [], ""
    for ch in text:
        if pdfmetrics.stringWidth(line + ch, font, size) > width and line:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line]


def _pdf_image(png: bytes) -> pdfdoc.PDFImageXObject:
    """A PNG as a PDF image: decoded once and its pixels deflated once (reportlab's drawImage decodes a PNG twice
    and writes it ASCII85-encoded in pure Python, which was most of the PDF's time). A chart's alpha channel is
    opaque (its paper is white); a transparent pixel would be put on white, as on the page."""
    image = Image.open(io.BytesIO(png))
    if "A" in image.getbands() or image.mode == "P":
        image = image.convert("RGBA")
        if image.getchannel("A").getextrema() != (255, 255):
            image = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image)
        image = image.convert("RGB")
    elif image.mode not in ("L", "RGB"):
        image = image.convert("L" if image.mode == "1" else "RGB")
    xobject = pdfdoc.PDFImageXObject(hashlib.sha1(png, usedforsecurity=False).hexdigest())
    xobject.width, xobject.height = image.size
    xobject.bitsPerComponent = 8
    xobject.colorSpace = "DeviceGray" if image.mode == "L" else "DeviceRGB"
    xobject._filters = ("FlateDecode",)
    xobject.streamContent = zlib.compress(image.tobytes(), 1)
    xobject.mask = None
    return xobject


def _place(pdf: Canvas, png: bytes, x: float, y: float, width: float, height: float) -> None:
    """Draw a PNG as Canvas.drawImage does (one image object per distinct PNG, drawn where asked), with _pdf_image."""
    name = hashlib.sha1(png, usedforsecurity=False).hexdigest()
    registered = pdf._doc.getXObjectName(name)
    if registered not in pdf._doc.idToObject:
        xobject = _pdf_image(png)
        pdf._setXObjects(xobject)
        pdf._doc.Reference(xobject, registered)
        pdf._doc.addForm(name, xobject)
    pdf._currentPageHasImages = 1
    pdf.saveState()
    pdf.translate(x, y)
    pdf.scale(width, height)
    pdf._code.append(f"/{registered} Do")
    pdf.restoreState()
    pdf._formsinuse.append(name)


def pdf_bytes(state: Pack, pngs: list[bytes]) -> bytes:
    """The pack as an A4 landscape PDF: cover, commitments, top items, a page per indicator."""
    _fonts()
    lang = state.lang
    width, height = landscape(A4)
    margin = 36
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=landscape(A4), pageCompression=1)
    pdf.setTitle(state.meeting["title"])
    pdf.setAuthor("Portal Satu Data Kaltim")
    pdf.setSubject(t("mtg_pack", lang))

    def page(title: str) -> float:
        pdf.setFillColor(PRIMARY)
        pdf.setFont(BOLD, 20)
        pdf.drawString(margin, height - margin - 14, title[:90])
        pdf.setFillColor(MUTED)
        pdf.setFont(FONT, 8)
        pdf.drawString(margin, 20, _footer(state, lang))
        if state.sample:
            pdf.setFillColor(SAMPLE)
            pdf.setFont(BOLD, 9)
            pdf.drawRightString(width - margin, 20, t("pack_sample", lang))
        pdf.setFillColor(HexColor("#212529"))
        return height - margin - 40

    def lines(texts: list[str], y: float, size: float = 11, font: str = FONT, indent: float = 0) -> float:
        pdf.setFont(font, size)
        for text in texts:
            for line in _wrap(text, font, size, width - 2 * margin - indent):
                if y < 40:
                    pdf.showPage()
                    y = page(t("pack_continued", lang))
                    pdf.setFont(font, size)
                pdf.drawString(margin + indent, y, line)
                y -= size * 1.35
        return y

    y = page(state.meeting["title"])
    y = lines([t("pack_cover_date", lang, date=fmt.day(state.meeting["held_on"], lang))], y - 10, 14, BOLD)
    y = lines([t("pack_cover_sectors", lang, sectors=", ".join(state.sectors))], y, 12)
    if state.agencies:
        y = lines([t("pack_cover_agencies", lang, agencies=", ".join(state.agencies))], y, 12)
    y = lines([_contents(state)], y - 10, 11)
    if state.sample:
        lines([t("pack_sample_cover", lang)], y - 10, 11, BOLD)
    if state.previous is not None:
        pdf.showPage()
        y = page(t("pack_commitments", lang))
        y = lines(
            [t("pack_previous", lang, title=state.previous["title"], date=fmt.day(state.previous["held_on"], lang))],
            y,
            11,
        )
        lines(_commitment_lines(state), y - 6, 10)
    pdf.showPage()
    y = page(t("pack_top", lang))
    for head, text in _top_lines(state):
        y = lines([head], y, 10.5, BOLD)
        y = lines([text], y, 9, FONT, indent=12) - 3
    for p, png in zip(state.pages, pngs, strict=True):
        pdf.showPage()
        y = page(p.name)
        chart_w = width - 2 * margin - 150
        chart_h = chart_w * 9 / 16
        _place(pdf, png, margin, y - chart_h, chart_w, chart_h)
        qr_size = 130
        _place(pdf, qr_png(p.url), width - margin - qr_size, y - qr_size, qr_size, qr_size)
        pdf.setFont(FONT, 7)
        qr_lines = _wrap_chars(p.url, FONT, 7, qr_size)
        for i, line in enumerate(qr_lines[:4]):
            pdf.drawString(width - margin - qr_size, y - qr_size - 10 - i * 9, line)
        y = lines([p.sentence], y - chart_h - 14, 10.5)
        lines([f"{t('chart_source', lang)}: {p.sources}"], y, 8.5, FONT)
    pdf.save()
    return buffer.getvalue()


# --- PPTX ----------------------------------------------------------------------------------------------------

SLIDE_W, SLIDE_H = Emu(12192000), Emu(6858000)  # 13.33 x 7.5 in: PowerPoint's own 16:9


def _text(slide, left, top, width, height, paragraphs: list[tuple[str, float, bool]], name: str | None = None):
    box = slide.shapes.add_textbox(left, top, width, height)
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    for i, (text, size, bold) in enumerate(paragraphs):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
    return box


def pptx_bytes(state: Pack, pngs: list[bytes]) -> bytes:
    """The pack as a 16:9 PPTX: the same slides as the PDF's pages, each with its title in the title placeholder."""
    lang = state.lang
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    layout = deck.slide_layouts[5]  # "Title Only": the title is the slide's title for readers and outlines
    margin = Inches(0.5)
    body_w = SLIDE_W - 2 * margin

    def slide(title: str):
        s = deck.slides.add_slide(layout)
        s.shapes.title.text = title
        s.shapes.title.left, s.shapes.title.top = margin, Inches(0.25)
        s.shapes.title.width, s.shapes.title.height = body_w, Inches(0.9)
        s.shapes.title.text_frame.paragraphs[0].runs[0].font.size = Pt(28)
        footer = [(_footer(state, lang), 9, False)]
        if state.sample:
            footer.append((t("pack_sample", lang), 10, True))
        _text(s, margin, SLIDE_H - Inches(0.7), body_w, Inches(0.6), footer, name="footer")
        return s

    cover = slide(state.meeting["title"])
    paragraphs = [
        (t("pack_cover_date", lang, date=fmt.day(state.meeting["held_on"], lang)), 22, True),
        (t("pack_cover_sectors", lang, sectors=", ".join(state.sectors)), 18, False),
    ]
    if state.agencies:
        paragraphs.append((t("pack_cover_agencies", lang, agencies=", ".join(state.agencies)), 14, False))
    paragraphs.append((_contents(state), 14, False))
    if state.sample:
        paragraphs.append((t("pack_sample_cover", lang), 14, True))
    _text(cover, margin, Inches(1.5), body_w, Inches(4.5), paragraphs)
    if state.previous is not None:
        s = slide(t("pack_commitments", lang))
        head = t("pack_previous", lang, title=state.previous["title"], date=fmt.day(state.previous["held_on"], lang))
        _text(
            s,
            margin,
            Inches(1.3),
            body_w,
            Inches(5.3),
            [(head, 14, True), *((x, 12, False) for x in _commitment_lines(state))],
        )
    s = slide(t("pack_top", lang))
    paragraphs = []
    for head, text in _top_lines(state):
        paragraphs += [(head, 11, True), (text, 9, False)]
    _text(s, margin, Inches(1.2), body_w, Inches(5.5), paragraphs)
    for p, png in zip(state.pages, pngs, strict=True):
        s = slide(p.name)
        chart_w = Inches(9.6)
        s.shapes.add_picture(io.BytesIO(png), margin, Inches(1.2), width=chart_w, height=Emu(int(chart_w * 9 / 16)))
        qr = s.shapes.add_picture(
            io.BytesIO(qr_png(p.url)), SLIDE_W - margin - Inches(2.4), Inches(1.2), Inches(2.4), Inches(2.4)
        )
        qr.name = "qr"
        _text(s, SLIDE_W - margin - Inches(2.4), Inches(3.7), Inches(2.4), Inches(1.5), [(p.url, 8, False)], name="url")
        _text(
            s,
            margin,
            Inches(1.2) + Emu(int(chart_w * 9 / 16)) + Inches(0.1),
            body_w,
            Inches(1.0),
            [(p.sentence, 12, False), (f"{t('chart_source', lang)}: {p.sources}", 9, False)],
            name="sentence",
        )
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def make(meeting_id: int, public_url: str, actor: str | None = None, indicators: list[str] | None = None) -> Pack:
    """Make the meeting's PDF and PPTX from the current data and keep both for download; the pack drawn."""
    state = pack_state.build(meeting_id, public_url, indicators)
    pngs = charts(state)
    pdf, pptx = pdf_bytes(state, pngs), pptx_bytes(state, pngs)
    meetings.save_packs(meeting_id, state.lang, {"pdf": pdf, "pptx": pptx}, state.data_version, actor)
    return state


_making: dict[int, threading.Thread] = {}
_making_lock = threading.Lock()


def start(meeting_id: int, public_url: str, actor: str | None = None) -> bool:
    """Make a meeting's pack in a thread of this process (the page polls for the kept files: a pack takes longer
    than a request may); False when this process is already making that meeting's pack."""

    def run() -> None:
        try:
            make(meeting_id, public_url, actor)
        except Exception:  # noqa: BLE001 - a thread's failure goes to the log; the page stops polling after a while
            log.exception("meeting pack %s failed", meeting_id)
        finally:
            with _making_lock:
                _making.pop(meeting_id, None)

    with _making_lock:
        if meeting_id in _making:
            return False
        _making[meeting_id] = threading.Thread(target=run, name=f"pack-{meeting_id}", daemon=True)
        _making[meeting_id].start()
    return True
