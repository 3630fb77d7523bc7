"""Numbers in the reader's language, through Babel: 1.234,5 and Rp 1,2 T in Indonesian."""

from __future__ import annotations

import math

from babel.numbers import format_decimal

LOCALES = {"id": "id_ID", "en": "en_US"}
UNITLESS = ("indeks", "index", "rasio", "ratio")
# Plotly's layout.separators: decimal mark then thousands mark.
SEPARATORS = {"id": ",.", "en": ".,"}


def number(value: float | None, decimals: int = 0, lang: str = "id") -> str:
    """A plain number with exactly `decimals` decimals, e.g. 1.234,5."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def value(value: float | None, unit: str, decimals: int = 0, lang: str = "id") -> str:
    """A value with its unit, as a reader expects it: 6,11%, Rp 31,4 T, 230.270 jiwa."""
    text = number(value, decimals, lang)
    if text == "–":
        return text
    unit_key = unit.lower()
    if unit_key.startswith(UNITLESS):
        return text  # an index or ratio reads best bare; its scale is in the metadata
    if unit_key in ("persen", "percent", "%"):
        return f"{text}%"
    if unit_key in ("rp triliun", "idr trillion"):
        return f"Rp {text} T"
    if unit_key in ("juta usd", "usd million"):
        return f"US$ {text} {'juta' if lang == 'id' else 'million'}"
    return f"{text} {unit}"


def change(delta: float | None, decimals: int, unit: str, lang: str = "id") -> str:
    """A signed change: +0,25 poin for percentages (a change of a rate is in points)."""
    if delta is None or (isinstance(delta, float) and math.isnan(delta)):
        return "–"
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    text = number(abs(delta), decimals, lang)
    if unit.lower() in ("persen", "percent"):
        return f"{sign}{text} {'poin' if lang == 'id' else 'pts'}"
    return f"{sign}{value(abs(delta), unit, decimals, lang)}"


def moment(when, lang: str = "id") -> str:
    """A date and time as the reader writes it: 28 Nov 2026 04.40."""
    from babel.dates import format_datetime

    return format_datetime(when, format="medium", locale=LOCALES[lang])
