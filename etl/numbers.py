"""Numbers as agencies type them: 1.234,5 (Indonesian), 1234.5, or a real number from Excel.

Which way a text number is read depends on the source's number format:

- None, the standard template's rule: Indonesian first ("12,5" is 12.5), a plain "1234.5" or an English
  "1,234.5" also read; "1.234" refused as ambiguous.
- EITHER, for portals that publish in either convention: every number that reads only one way is read
  ("1.234,5", "1,234.5", "8002269316.91", "12,5"); "1.234" and "1,234" read two ways and are refused.
- "," or ".", the decimal mark a source declares in the registry (options.decimal): then "1.234" and
  "1,234" are not ambiguous, and a number written the other way is refused.
"""

from __future__ import annotations

import math
import re

EITHER = "either"
DECIMAL_MARKS = (",", ".")
NO_DATA = {"", "-", "–", "—", "..", "...", "na", "n/a", "nan", "tidak ada data"}
_INTEGER = re.compile(r"^-?\d+$")
_ID_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234.567,8
_ID_DECIMAL = re.compile(r"^-?\d+,\d+$")  # 12,5
_PLAIN = re.compile(r"^-?\d+(\.\d+)?$")  # 12.5 or 1234
_EN_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+\.\d+$")  # 1,234.5
_EN_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234,567 or 1,234.5
_AMBIGUOUS_DOT = re.compile(r"^-?\d{1,3}\.\d{3}$")  # 1.234: thousands (id) or decimals (en)?
_AMBIGUOUS_COMMA = re.compile(r"^-?\d{1,3},\d{3}$")  # 1,234: decimals (id) or thousands (en)?


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
