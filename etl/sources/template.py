"""Files in the standard template, CSV or XLSX, as agencies really deliver them.

Met where they are: title rows above the header, `;` or `,` (or tab) separators, UTF-8 with or
without BOM, Windows-1252, English column names, a "No" counter column, Indonesian numbers, `-` for
no data, region names instead of codes. Never guessed: a column that is neither a template column
nor mapped in the registry stops the file with a message naming it, and every row keeps its line
number in the file so a walidata can find it.

Refused, each row with its reason (etl/validate.py, etl/numbers.py): periods outside 1900-2100 or not begun
yet, periods and values written with other digits than 0-9 ("２０３４", "٧٠"), values in exponent notation
("1E1"), and in an XLSX a formula cell with no saved result (named by its cell: "E4"). A file larger than
ETL_MAX_FILE_MB (an XLSX by what it holds unpacked) is not read at all (etl/limits.py).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import tempfile
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from etl.delivery import Delivery
from etl.http import Client
from etl.limits import check_file
from etl.sources.fields import ACCEPTED, ALIASES, IGNORED, MappingError, check_fields, normalise_header, standard_frame
from etl.validate import raw_json

HEADER_SEARCH_ROWS = 30
# Template columns in which a formula cell without a saved value rejects its row (see _frame).
FORMULA_COLUMNS = ("kode_indikator", "kode_wilayah", "wilayah", "periode", "nilai", "status")
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


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")  # <f>, <f t="shared" .../>: a formula in the sheet's XML


def _has_formulas(sheet) -> bool:
    """Whether a read-only sheet holds any formula, by a scan of its XML (a full parse costs seconds)."""
    try:
        source = sheet._get_source()  # openpyxl's read-only sheet: its XML in the archive
    except Exception:  # noqa: BLE001 - without it, look at every cell
        return True
    with source:
        tail = b""
        while chunk := source.read(1 << 20):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-16:]
    return False


def _formulas_without_value(path: Path, title: str, rows: list[list], first: int) -> dict[tuple[int, int], str]:
    """(row index, column index) -> formula, for the cells from row index `first` on that hold a formula and
    no saved value. Excel saves each formula's last result, which is what is read; a file written by a
    program that does not compute (a script, some exports) has none, and such a cell would read as empty."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = book[title]
        if not _has_formulas(sheet):
            return {}
        found = {}
        for r, cells in enumerate(sheet.iter_rows(min_row=first + 1, values_only=True), start=first):
            saved = rows[r] if r < len(rows) else []
            for c, value in enumerate(cells):
                if isinstance(value, str) and value.startswith("=") and (c >= len(saved) or saved[c] is None):
                    found[r, c] = value
        return found
    finally:
        book.close()


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
                    formulas = _formulas_without_value(path, sheet.title, rows, i + 1)
                    width = max([len(r) for r in rows] + [c + 1 for _r, c in formulas], default=0)
                    body = pd.DataFrame([r + [None] * (width - len(r)) for r in rows[i + 1 :]], dtype=object)
                    body = body.reindex(columns=range(max(width, len(cells))))
                    formulas = {(r - i - 1, c): f for (r, c), f in formulas.items()}
                    frame, raw_lookup = _frame(
                        f"{where} [{sheet.title}]", cells, body, i + 2, fields, constants, formulas
                    )
                    return Delivery(frame, raw_lookup=raw_lookup)
    finally:
        book.close()
    raise TemplateError(
        f"{where}: baris judul kolom tidak ditemukan di {HEADER_SEARCH_ROWS} baris pertama lembar mana pun "
        f"(harus memuat {ACCEPTED}) / {where}: no header row in the first {HEADER_SEARCH_ROWS} rows of any sheet "
        f"(it must hold {ACCEPTED})"
    )


def _formula_problem(cells: list[tuple[str, str]]) -> tuple[str, str]:
    """The reason a row with formula cells that hold no saved value is rejected, naming each cell."""
    refs = ", ".join(ref for ref, _formula in cells)
    formulas = "; ".join(formula if len(formula) <= 60 else formula[:59] + "…" for _ref, formula in cells)
    return (
        f"sel {refs} berisi rumus ({formulas}) tanpa nilai tersimpan: buka berkas di Excel lalu simpan ulang, "
        "atau tempel sebagai nilai (Paste Values)",
        f"cell {refs} holds a formula ({formulas}) with no saved value: open the file in Excel and save it again, "
        "or paste the cells as values",
    )


def _frame(
    where: str,
    header: list,
    body: pd.DataFrame,
    first_line: int,
    fields: dict,
    constants: dict,
    formulas: dict[tuple[int, int], str] | None = None,
):
    """(delivery frame, raw lookup) of a parsed file. A line with nothing in it (or only a counter
    number in a "No" column) is not a row and is not counted; anything else is read.

    `formulas` (XLSX): (body row, column) -> a formula with no saved value. In a column whose empty
    cell would change what the row says (the required ones and status, where empty means tetap) it is
    shown in the row's raw text and rejects the row, naming the cell; elsewhere (a "No" counter, satuan,
    catatan) it reads as empty, as a formula whose saved result is "" does."""
    from openpyxl.utils import get_column_letter

    mapping = _header_map(header, fields)
    problems: dict[int, list[tuple[str, str]]] = {}
    for (r, c), formula in sorted((formulas or {}).items()):
        if mapping.get(c) not in FORMULA_COLUMNS:
            continue
        body.iat[r, c] = formula
        problems.setdefault(r, []).append((f"{get_column_letter(c + 1)}{first_line + r}", formula))
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
    kept = np.flatnonzero(keep)
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

    frame = standard_frame(columns, row_numbers, constants=constants)
    if problems:
        frame["reject"] = pd.Series([_formula_problem(problems[r]) if r in problems else None for r in kept])
    return frame, raw_lookup


def read_file(path: Path, options: dict | None = None) -> Delivery:
    """A local CSV or XLSX file in the standard template as a delivery."""
    options = options or {}
    fields, constants = dict(options.get("fields", {})), dict(options.get("constants", {}))
    check_fields(fields, constants)
    if not path.exists():
        raise FileNotFoundError(f"berkas tidak ditemukan: {path} / file not found: {path}")
    check_file(path)  # ETL_MAX_FILE_MB, before anything is read
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
