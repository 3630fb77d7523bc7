"""Files in the standard template, CSV or XLSX, as agencies really deliver them.

Met where they are: title rows above the header, `;` or `,` (or tab) separators, UTF-8 with or
without BOM, Windows-1252, English column names, a "No" counter column, Indonesian numbers, `-` for
no data, region names instead of codes. Never guessed: a column that is neither a template column
nor mapped in the registry stops the file with a message naming it, and every row keeps its line
number in the file so a walidata can find it.
"""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from etl.delivery import Delivery
from etl.http import Client
from etl.sources.fields import ACCEPTED, ALIASES, IGNORED, MappingError, check_fields, normalise_header, standard_frame
from etl.validate import raw_json

HEADER_SEARCH_ROWS = 30
SEPARATORS = (";", ",", "\t")


class TemplateError(MappingError):
    """A file that cannot be read as the standard template."""


def _header_map(cells: list, fields: dict) -> dict[int, str]:
    """Column position -> template name for a header row; unknown names map to ''."""
    mapped = {normalise_header(src): name for name, src in fields.items()}
    out = {}
    for i, cell in enumerate(cells):
        key = normalise_header(cell)
        if not key:
            continue
        out[i] = mapped.get(key) or ALIASES.get(key) or ("" if key not in IGNORED else "#")
    return out


def _is_header(cells: list, fields: dict, constants: dict) -> bool:
    """A row naming at least two template columns is the header; what it lacks or adds is then
    reported by name (a title row does not hold two template words in two cells)."""
    names = set(_header_map(cells, fields).values()) - {"", "#"}
    return len(names) >= 2 or (len(names) == 1 and bool(constants))


def _columns(header: list, fields: dict, constants: dict, data: pd.DataFrame, where: str) -> dict[str, pd.Series]:
    """The data's columns keyed by template name; fails loudly on what it cannot place."""
    mapping = _header_map(header, fields)
    unknown = [str(header[i]).strip() for i, name in mapping.items() if name == ""]
    if unknown:
        raise TemplateError(
            f"{where}: kolom tidak dikenal: {', '.join(repr(u) for u in unknown)}. Kolom yang diterima: {ACCEPTED}; "
            f"kolom lain dipetakan di options.fields pada data/sources.toml / "
            f"{where}: unknown columns: {', '.join(repr(u) for u in unknown)}. Accepted: {ACCEPTED}; "
            f"map other columns in options.fields in data/sources.toml"
        )
    seen: dict[str, int] = {}
    columns = {}
    for i in range(data.shape[1]):
        name = mapping.get(i)
        cells = data.iloc[:, i]
        if name is None:
            if (cells.fillna("").astype(str).str.strip() != "").any():
                raise TemplateError(
                    f"{where}: kolom ke-{i + 1} berisi data tetapi tidak berjudul / "
                    f"{where}: column {i + 1} holds data but has no header"
                )
            continue
        if name == "#":
            continue
        if name in seen:
            raise TemplateError(
                f"{where}: kolom '{name}' muncul dua kali (kolom ke-{seen[name] + 1} dan ke-{i + 1}) / "
                f"{where}: column '{name}' appears twice (columns {seen[name] + 1} and {i + 1})"
            )
        if name in constants:
            raise TemplateError(
                f"{where}: kolom '{name}' ada di berkas dan juga di options.constants / "
                f"{where}: column '{name}' is both in the file and in options.constants"
            )
        seen[name] = i
        columns[name] = cells
    return columns


def detect_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8"


def decode_text(data: bytes, encoding: str) -> tuple[str, str]:
    """Text and the encoding that read it: UTF-8 when it is valid UTF-8, else Windows-1252."""
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def read_csv(path: Path, fields: dict, constants: dict, options: dict) -> Delivery:
    where = path.name
    data = path.read_bytes()
    text, encoding = decode_text(data, options.get("encoding") or detect_encoding(data[:4]))
    lines = text[:65536].splitlines()[:HEADER_SEARCH_ROWS]
    seps = [options["separator"]] if options.get("separator") else SEPARATORS
    found = None
    for line_no, line in enumerate(lines):
        for sep in seps:
            cells = next(csv.reader([line], delimiter=sep), [])
            if len(cells) > 1 and _is_header(cells, fields, constants):
                found = (line_no, sep, cells)
                break
        if found:
            break
    if not found:
        raise TemplateError(
            f"{where}: baris judul kolom tidak ditemukan di {HEADER_SEARCH_ROWS} baris pertama "
            f"(harus memuat {ACCEPTED}) / {where}: no header row in the first {HEADER_SEARCH_ROWS} lines "
            f"(it must hold {ACCEPTED})"
        )
    line_no, sep, header = found
    try:
        body = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            skiprows=line_no + 1,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, ValueError) as err:
        raise TemplateError(f"{where}: berkas CSV rusak ({err}) / {where}: malformed CSV ({err})") from None
    frame, raw_lookup = _frame(where, header, body, line_no + 2, fields, constants)
    return Delivery(frame, raw_lookup=raw_lookup)


def _cell_text(value: object) -> object:
    """Excel cells for the code and period columns: 6401.0 -> '6401', dates as ISO text."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def read_xlsx(path: Path, fields: dict, constants: dict, options: dict) -> Delivery:
    from openpyxl import load_workbook

    where = path.name
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise TemplateError(f"{where}: berkas XLSX tidak dapat dibuka ({err}) / cannot open XLSX ({err})") from None
    try:
        sheets = [book[options["sheet"]]] if options.get("sheet") else book.worksheets
        for sheet in sheets:
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
            for i, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
                if _is_header(cells, fields, constants):
                    width = max((len(r) for r in rows), default=0)
                    body = pd.DataFrame([r + [None] * (width - len(r)) for r in rows[i + 1 :]], dtype=object)
                    body = body.reindex(columns=range(max(width, len(cells))))
                    frame, raw_lookup = _frame(f"{where} [{sheet.title}]", cells, body, i + 2, fields, constants)
                    return Delivery(frame, raw_lookup=raw_lookup)
    finally:
        book.close()
    raise TemplateError(
        f"{where}: baris judul kolom tidak ditemukan di {HEADER_SEARCH_ROWS} baris pertama lembar mana pun "
        f"(harus memuat {ACCEPTED}) / {where}: no header row in the first {HEADER_SEARCH_ROWS} rows of any sheet "
        f"(it must hold {ACCEPTED})"
    )


def _frame(where: str, header: list, body: pd.DataFrame, first_line: int, fields: dict, constants: dict):
    """(delivery frame, raw lookup) of a parsed file. A line with nothing in it (or only a counter
    number in a "No" column) is not a row and is not counted; anything else is read."""
    columns = _columns(header, fields, constants, body, where)
    for name in ("kode_indikator", "kode_wilayah", "wilayah", "periode"):
        if name in columns:
            columns[name] = columns[name].map(_cell_text)
    cells = body.fillna("").astype(str).apply(lambda c: c.str.strip())
    counters = [i for i, name in _header_map(header, fields).items() if name == "#" and i < body.shape[1]]
    for i in counters:
        cells[i] = cells[i].where(~cells[i].str.fullmatch(r"\d+(\.0)?"), "")
    keep = (cells != "").any(axis=1).to_numpy()
    row_numbers = pd.RangeIndex(first_line, first_line + len(body))[keep]
    columns = {k: v[keep].reset_index(drop=True) for k, v in columns.items()}
    names = [str(h).strip() if h not in (None, "") else f"kolom_{i + 1}" for i, h in enumerate(header)]
    names += [f"kolom_{i + 1}" for i in range(len(names), body.shape[1])]

    def raw_lookup(numbers: pd.Series) -> list[str]:
        """The rejected rows as written in the file, under the file's own headers."""
        rows = body.iloc[(numbers.to_numpy() - first_line)]
        return [
            raw_json({k: v for k, v in zip(names, r, strict=True) if v not in (None, "")})
            for r in rows.itertuples(index=False)
        ]

    return standard_frame(columns, row_numbers, constants=constants), raw_lookup


def read_file(path: Path, options: dict | None = None) -> Delivery:
    """A local CSV or XLSX file in the standard template as a delivery."""
    options = options or {}
    fields, constants = dict(options.get("fields", {})), dict(options.get("constants", {}))
    check_fields(fields, constants)
    if not path.exists():
        raise FileNotFoundError(f"berkas tidak ditemukan: {path} / file not found: {path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, fields, constants, options)
    if suffix in (".csv", ".txt", ".tsv"):
        return read_csv(path, fields, constants, options)
    raise TemplateError(
        f"{path.name}: jenis berkas '{suffix}' tidak didukung (CSV atau XLSX) / "
        f"file type '{suffix}' is not supported (CSV or XLSX)"
    )


def read(location: str, options: dict) -> Delivery:
    """A template source: a local path, or an http(s) URL the file is downloaded from."""
    if location.startswith(("http://", "https://")):
        name = Path(location.split("?", 1)[0]).name or "download.csv"
        body = Client.from_options(options).get_bytes(location)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(body)
            return read_file(path, options)
    return read_file(Path(location), options)
