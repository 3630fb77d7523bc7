"""A downloaded table file (a portal resource's CSV or XLSX) as records, judged by its bytes.

A portal's metadata may say CSV for a PNG chart, or CSV for an Excel workbook: what a file is comes
from its first bytes, never from the name or the declared format. A file that is not a table is
refused with what it is; the header is the first row that is not empty, and every record keeps the
line (CSV) or row (XLSX) it was read in.
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePosixPath

from etl.sources.fields import MappingError
from etl.sources.template import SEPARATORS, decode_text, detect_encoding

# What a file is, from its first bytes; CSV is what is left when nothing else matches and it decodes as text.
MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"%PDF", "PDF"),
    (b"\xd0\xcf\x11\xe0", "XLS"),
    (b"PK\x03\x04", "XLSX"),
)
TABLES = ("CSV", "XLSX")
# A declared format, mimetype or file extension -> the kind it claims.
KINDS = {
    "csv": "CSV",
    "text/csv": "CSV",
    "tsv": "CSV",
    "text/tab-separated-values": "CSV",
    "xlsx": "XLSX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "xls": "XLS",
    "application/vnd.ms-excel": "XLS",
    "png": "PNG",
    "image/png": "PNG",
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "image/jpeg": "JPEG",
    "gif": "GIF",
    "image/gif": "GIF",
    "pdf": "PDF",
    "application/pdf": "PDF",
    "json": "JSON",
    "application/json": "JSON",
    "html": "HTML",
    "htm": "HTML",
    "text/html": "HTML",
    "zip": "ZIP",
    "application/zip": "ZIP",
}
# Spreadsheet signs that agree with each other: browsers upload a CSV as application/vnd.ms-excel.
SPREADSHEETS = {"CSV", "XLSX", "XLS"}


def claimed_kind(text: object) -> str | None:
    """The kind a declared format, a mimetype or a name's extension claims; None when it says nothing known."""
    value = str(text or "").strip().lower().split(";")[0]
    if value in KINDS:
        return KINDS[value]
    suffix = PurePosixPath(value.split("?")[0]).suffix.lstrip(".")
    return KINDS.get(suffix)


def sniff(data: bytes) -> str:
    """What the bytes are: CSV, XLSX, or the kind of non-table they are (PNG, PDF, HTML, ...)."""
    for magic, kind in MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<")):
        return "HTML"
    if head.startswith((b"{", b"[")):
        return "JSON"
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "CSV"


def _header_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _records(rows: list[tuple[int, list]], where: str) -> tuple[list[dict], list[int]]:
    """Records under the first non-empty row's names, with their line numbers; empty rows dropped."""
    rows = [(n, cells) for n, cells in rows if any(_header_text(c) for c in cells)]
    if not rows:
        return [], []
    _, header = rows[0]
    names = [_header_text(c) or f"kolom_{i + 1}" for i, c in enumerate(header)]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise MappingError(
            f"{where}: judul kolom muncul dua kali: {', '.join(twice)} / {where}: column headers appear twice: "
            f"{', '.join(twice)}"
        )
    records, numbers = [], []
    for n, cells in rows[1:]:
        records.append({name: (cells[i] if i < len(cells) else None) for i, name in enumerate(names)})
        numbers.append(n)
    return records, numbers


def read_csv(data: bytes, where: str) -> tuple[list[dict], list[int]]:
    text, _ = decode_text(data, detect_encoding(data[:4]))
    first = next((line for line in text.splitlines() if line.strip()), "")
    sep = max(SEPARATORS, key=lambda s: len(next(csv.reader([first], delimiter=s), [])))
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    rows = []
    try:
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error as err:
        raise MappingError(f"{where}: berkas CSV rusak ({err}) / {where}: malformed CSV ({err})") from None
    return _records(rows, where)


def read_xlsx(data: bytes, where: str, sheet: str | None = None) -> tuple[list[dict], list[int]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise MappingError(f"{where}: berkas XLSX tidak dapat dibuka ({err}) / cannot open XLSX ({err})") from None
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
        rows = [(i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), 1)]
    finally:
        book.close()
    return _records(rows, where)
