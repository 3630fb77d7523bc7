"""Numbers as agencies type them: 1.234,5 (Indonesian), 1234.5, or a real number from Excel.

Which way a text number is read depends on the source's number format:

- None, the standard template's rule: Indonesian first ("12,5" is 12.5), a plain "1234.5" or an English
  "1,234.5" also read; "1.234" refused as ambiguous.
- EITHER, for portals that publish in either convention: every number that reads only one way is read
  ("1.234,5", "1,234.5", "8002269316.91", "12,5"); "1.234" and "1,234" read two ways and are refused.
- "," or ".", the decimal mark a source declares in the registry (options.decimal): then "1.234" and
  "1,234" are not ambiguous, and a number written the other way is refused.

In every format a number is written with the ASCII digits 0-9 only: a fullwidth "７０" or an Arabic-Indic "٧٠"
is refused with its own reason, as is exponent notation ("1E1", "7e1", "1,23E+11" from a CSV export), which
the template does not use.
"""

from __future__ import annotations

import math
import re

EITHER = "either"
DECIMAL_MARKS = (",", ".")
NO_DATA = {"", "-", "–", "—", "..", "...", "na", "n/a", "nan", "tidak ada data"}
# re.ASCII: \d is 0-9 only (else it also matches "２" and "٢", which float() reads).
_INTEGER = re.compile(r"^-?\d+$", re.ASCII)
_ID_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$", re.ASCII)  # 1.234.567,8
_ID_DECIMAL = re.compile(r"^-?\d+,\d+$", re.ASCII)  # 12,5
_PLAIN = re.compile(r"^-?\d+(\.\d+)?$", re.ASCII)  # 12.5 or 1234
_EN_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+\.\d+$", re.ASCII)  # 1,234.5
_EN_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$", re.ASCII)  # 1,234,567 or 1,234.5
_AMBIGUOUS_DOT = re.compile(r"^-?\d{1,3}\.\d{3}$", re.ASCII)  # 1.234: thousands (id) or decimals (en)?
_AMBIGUOUS_COMMA = re.compile(r"^-?\d{1,3},\d{3}$", re.ASCII)  # 1,234: decimals (id) or thousands (en)?
# A number in exponent notation: 1E1, 7e1, 1.5e-3, 1,23E+11 (Excel's CSV export of a wide number).
_EXPONENT = re.compile(r"^[-+]?(\d+([.,]\d*)?|[.,]\d+)[eE][-+]?\d+$", re.ASCII)


class NumberError(ValueError):
    """A value that is not a number, or one that could be read two ways."""

    def __init__(self, reason_id: str, reason_en: str):
        super().__init__(reason_en)
        self.reason_id, self.reason_en = reason_id, reason_en


def _indonesian(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def _english(text: str) -> float:
    return float(text.replace(",", ""))


def parse_number(raw: object, decimal: str | None = None) -> float | None:
    """The number in a cell, None for "no data"; raises NumberError rather than guess.

    `decimal` is the source's number format (see the module's docstring).
    """
    if raw is None:
        return None
    if isinstance(raw, (int, float)):
        return None if isinstance(raw, float) and math.isnan(raw) else float(raw)
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if text.lower() in NO_DATA:
        return None
    check_written_form(raw, text)
    if decimal == ",":
        if _INTEGER.match(text) or _ID_DECIMAL.match(text) or _ID_THOUSANDS.match(text):
            return _indonesian(text)
        raise _wrong_format(raw, "koma desimal, mis. 1.234,5", "decimal comma, e.g. 1.234,5")
    if decimal == ".":
        if _PLAIN.match(text) or _EN_GROUPED.match(text):
            return _english(text)
        raise _wrong_format(raw, "titik desimal, mis. 1,234.5", "decimal point, e.g. 1,234.5")
    if _AMBIGUOUS_DOT.match(text) or (decimal == EITHER and _AMBIGUOUS_COMMA.match(text)):
        if decimal == EITHER:  # a portal's number: the walidata declares its format, the portal is not edited
            raise NumberError(
                f"angka '{text}' ambigu (ribuan atau desimal?): nyatakan options.decimal sumber ini "
                '("," atau ".") di data/sources.toml',
                f"number '{text}' is ambiguous (thousands or decimals?): declare this source's options.decimal "
                '("," or ".") in data/sources.toml',
            )
        # "1.234" is 1234 in Indonesian and 1.234 in English: refuse rather than guess.
        raise NumberError(
            f"angka '{text}' ambigu (ribuan atau desimal?): tulis 1234 atau 1,234",
            f"number '{text}' is ambiguous (thousands or decimals?): write 1234 or 1,234",
        )
    if _ID_THOUSANDS.match(text):
        return _indonesian(text)
    if _ID_DECIMAL.match(text):
        return _indonesian(text)
    if _PLAIN.match(text):
        return float(text)
    if _EN_THOUSANDS.match(text) or (decimal == EITHER and _EN_GROUPED.match(text)):
        return _english(text)
    raise NumberError(f"nilai '{raw}' bukan angka", f"value '{raw}' is not a number")


def _wrong_format(raw: object, format_id: str, format_en: str) -> NumberError:
    return NumberError(
        f"nilai '{raw}' tidak ditulis dalam format angka sumber ini ({format_id}; options.decimal)",
        f"value '{raw}' is not written in this source's number format ({format_en}; options.decimal)",
    )


def non_ascii_digits(text: str) -> bool:
    """True when the text holds a digit other than 0-9 (fullwidth, Arabic-Indic, Devanagari, superscript...)."""
    return any(ch.isdigit() and not ch.isascii() for ch in text)


def check_written_form(raw: object, text: str | None = None) -> None:
    """Raise NumberError when a cell is written with other digits than 0-9 or in exponent notation."""
    shown = str(raw).strip()
    text = shown if text is None else text
    if non_ascii_digits(text):
        raise NumberError(
            f"nilai '{shown}' memakai angka selain 0-9 (mis. angka lebar penuh atau Arab): tulis dengan angka 0-9",
            f"value '{shown}' uses digits other than 0-9 (e.g. fullwidth or Arabic-Indic digits): write it with 0-9",
        )
    if _EXPONENT.match(text):
        full = _in_full(text)
        example_id = f" (mis. {full.replace('.', ',')})" if full else ""
        example_en = f" (e.g. {full})" if full else ""
        raise NumberError(
            f"nilai '{shown}' ditulis dengan notasi eksponen, yang tidak dipakai templat: tulis angkanya penuh"
            f"{example_id}",
            f"value '{shown}' is in exponent notation, which the template does not use: write the number in full"
            f"{example_en}",
        )


def _in_full(text: str) -> str | None:
    """'1E1' -> '10', '1,5e-2' -> '0.015': the number written out, when it is a sensible length."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    full = f"{value:.15f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
    return full if len(full) <= 24 else None
