"""Numbers and times in the reader's language, through Babel: 1.234,5, Rp 1,2 T and 2 Des 2026 18.58 WITA in
Indonesian; chart axes in the short forms an Indonesian reader uses (rb, jt, M = miliar, T)."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime
from babel.numbers import NumberPattern, parse_pattern

LOCALES = {"id": "id_ID", "en": "en_US"}
UNITLESS = ("indeks", "index", "rasio", "ratio")
# Plotly's layout.separators: decimal mark then thousands mark.
SEPARATORS = {"id": ",.", "en": ".,"}
# The province's clock: Kalimantan Timur keeps Waktu Indonesia Tengah (UTC+8). Stored times are naive UTC.
ZONE, ZONE_NAME = ZoneInfo("Asia/Makassar"), "WITA"
MOMENT_FORMAT = {"id": "d MMM y HH.mm", "en": "d MMM y, HH:mm"}
# Short forms of large numbers on an axis: to an Indonesian reader M is miliar (10^9), never juta.
SHORT_FORMS = {
    "id": ((1e12, "T"), (1e9, "M"), (1e6, "jt"), (1e3, "rb")),
    "en": ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")),
}
# Units whose numbers are rupiah amounts ("Rp/kapita/bulan": Rp 883.496) or amounts in a named multiple of them.
RUPIAH_PREFIX = ("rp/", "idr/")
RUPIAH_SCALED = {"juta rp": "juta", "idr million": "million"}


@cache
def _decimal_format(decimals: int, lang: str) -> tuple[NumberPattern, Locale]:
    # format_decimal parses its pattern and looks up its locale on every call: two thirds of its time, and a page
    # formats a thousand numbers.
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals > 0 else "")), Locale.parse(LOCALES[lang])


def number(value: float | None, decimals: int = 0, lang: str = "id") -> str:
    """A plain number with exactly `decimals` decimals, e.g. 1.234,5."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern, locale = _decimal_format(max(decimals, 0), lang)
    return pattern.apply(value, locale)


def _money(text: str, unit: str, lang: str) -> tuple[str, str] | None:
    """(the amount as money, what the unit adds after it) for a money unit, else None:
    Rp/kapita/bulan -> ("Rp 883.496", "/kapita/bulan"), juta Rp/orang/tahun -> ("Rp 12,3 juta", "/orang/tahun")."""
    key = unit.lower()
    if key in ("rp triliun", "idr trillion"):
        return f"Rp {text} T", ""
    if key in ("juta usd", "usd million"):
        return f"US$ {text} {'juta' if lang == 'id' else 'million'}", ""
    if key.startswith(RUPIAH_PREFIX):
        return f"Rp {text}", unit[unit.index("/") :]
    for scaled, word in RUPIAH_SCALED.items():
        if key == scaled or key.startswith(scaled + "/"):
            return f"Rp {text} {word}", unit[len(scaled) :]
    return None


def value(value: float | None, unit: str, decimals: int = 0, lang: str = "id") -> str:
    """A value with its unit, as a reader expects it: 6,11%, Rp 31,4 T, Rp 883.496/kapita/bulan, 230.270 jiwa."""
    text = number(value, decimals, lang)
    if text == "–":
        return text
    unit_key = unit.lower()
    if unit_key.startswith(UNITLESS):
        return text  # an index or ratio reads best bare; its scale is in the metadata
    if unit_key in ("persen", "percent", "%"):
        return f"{text}%"
    money = _money(text, unit, lang)
    if money is not None:
        return "".join(money)
    return f"{text} {unit}"


def label(value: float | None, unit: str, decimals: int = 0, lang: str = "id") -> str:
    """A value on a chart whose subtitle names the unit: 6,11%, Rp 883.496, Rp 9,59 T, 72,50 (never the whole
    unit repeated on every bar)."""
    text = number(value, decimals, lang)
    if text == "–":
        return text
    if unit.lower() in ("persen", "percent", "%"):
        return f"{text}%"
    money = _money(text, unit, lang)
    return money[0] if money is not None else text


def nice_step(span: float, count: int = 5) -> float:
    """A round tick step (1, 2, 2,5 or 5 times a power of ten) giving about `count` ticks over `span`."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]: multiples of nice_step from the one at or under `low` to the one
    at or over `high`."""
    step = nice_step(high - low, count)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(i * step, 12) for i in range(first, last + 1)]


def _decimals(step: float) -> int:
    """The decimals that write every multiple of `step` exactly (2,5 needs one; 0,25 two)."""
    for decimals in range(7):
        if abs(round(step, decimals) - step) < 1e-9 * max(1.0, abs(step)):
            return decimals
    return 6


def tick_labels(values: list[float], unit: str = "", lang: str = "id") -> list[str]:
    """Axis labels of `values` in one short form and with the same decimals on every tick: 0 / 500 rb / 1 jt
    reads 0 / 0,5 jt / 1,0 jt; percentages get %, rupiah amounts Rp."""
    if not values:
        return []
    biggest = max(abs(v) for v in values)
    divisor, suffix = next(((d, s) for d, s in SHORT_FORMS[lang] if biggest >= d), (1.0, ""))
    step = min((b - a for a, b in zip(values, values[1:], strict=False)), default=0) / divisor
    decimals = _decimals(step) if step > 0 else _decimals(values[0] / divisor)
    key = unit.lower()
    money = key.startswith(RUPIAH_PREFIX)
    out = []
    for v in values:
        if v == 0:
            out.append("0")  # zero needs neither a short form nor decimals
            continue
        text = number(v / divisor, decimals, lang) + (f" {suffix}" if suffix else "")
        if key in ("persen", "percent", "%"):
            text += "%"
        elif money:
            text = f"Rp {text}"
        out.append(text)
    return out


def change(delta: float | None, decimals: int, unit: str, lang: str = "id") -> str:
    """A signed change: +0,25 poin for percentages (a change of a rate is in points)."""
    if delta is None or (isinstance(delta, float) and math.isnan(delta)):
        return "–"
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    text = number(abs(delta), decimals, lang)
    if unit.lower() in ("persen", "percent"):
        return f"{sign}{text} {'poin' if lang == 'id' else 'pts'}"
    return f"{sign}{value(abs(delta), unit, decimals, lang)}"


def local(when) -> datetime | None:
    """A stored time (naive UTC, or aware; a datetime, pandas Timestamp or ISO text as a database driver returns
    it) on the province's clock; None for a missing one (None, NaT, NaN, '')."""
    if when is None or when == "" or (isinstance(when, float) and math.isnan(when)):
        return None
    if isinstance(when, str):
        when = datetime.fromisoformat(when)
    if hasattr(when, "to_pydatetime"):  # a pandas Timestamp (NaT is its own missing value)
        if when != when:
            return None
        when = when.to_pydatetime()
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(ZONE)


def moment(when, lang: str = "id", missing: str = "–") -> str:
    """A stored time on the province's clock, to the minute and named: 2 Des 2026 18.58 WITA (`missing` when
    there is none). Every load, send or export time a reader sees is written by this."""
    at = local(when)
    if at is None:
        return missing
    return f"{format_datetime(at, format=MOMENT_FORMAT[lang], locale=LOCALES[lang])} {ZONE_NAME}"


def stamp(when) -> str:
    """A stored time on the province's clock for a spreadsheet column named as WITA: 2026-12-02 18:58, sortable
    as text, to the minute ('' when there is none)."""
    at = local(when)
    return "" if at is None else at.strftime("%Y-%m-%d %H:%M")


def now(lang: str = "id") -> str:
    """This moment as `moment` writes it (the time of an export)."""
    return moment(datetime.now(UTC), lang)


def day(when, lang: str = "id") -> str:
    """A date as the reader writes it: 3 Des 2026."""
    from babel.dates import format_date

    return format_date(when, format="medium", locale=LOCALES[lang])
