"""Numbers as agencies type them: 1.234,5 (Indonesian), 1234.5, or a real number from Excel."""

from __future__ import annotations

import math
import re

NO_DATA = {"", "-", "–", "—", "..", "...", "na", "n/a", "nan", "tidak ada data"}
_ID_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234.567,8
_ID_DECIMAL = re.compile(r"^-?\d+,\d+$")  # 12,5
_PLAIN = re.compile(r"^-?\d+(\.\d+)?$")  # 12.5 or 1234
_EN_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+\.\d+$")  # 1,234.5


class NumberError(ValueError):
    """A value that is not a number, or one that could be read two ways."""

    def __init__(self, reason_id: str, reason_en: str):
        super().__init__(reason_en)
        self.reason_id, self.reason_en = reason_id, reason_en


def parse_number(raw: object) -> float | None:
    """The number in a cell, None for "no data"; raises NumberError rather than guess."""
    if raw is None:
        return None
    if isinstance(raw, (int, float)):
        return None if isinstance(raw, float) and math.isnan(raw) else float(raw)
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if text.lower() in NO_DATA:
        return None
    if re.fullmatch(r"-?\d{1,3}\.\d{3}", text):
        # "1.234" is 1234 in Indonesian and 1.234 in English: refuse rather than guess.
        raise NumberError(
            f"angka '{text}' ambigu (ribuan atau desimal?): tulis 1234 atau 1,234",
            f"number '{text}' is ambiguous (thousands or decimals?): write 1234 or 1,234",
        )
    if _ID_THOUSANDS.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _ID_DECIMAL.match(text):
        return float(text.replace(",", "."))
    if _PLAIN.match(text):
        return float(text)
    if _EN_THOUSANDS.match(text):
        return float(text.replace(",", ""))
    raise NumberError(f"nilai '{raw}' bukan angka", f"value '{raw}' is not a number")
