"""Filters in the URL query string (?wilayah=6472,6471&dari=2019&sampai=2024&indikator=...). Pure functions.

A copied link reopens the same view; what cannot be understood is dropped and reported, never a crash.
Regencies are accepted by BPS code (6403) or Kemendagri code (64.02); the URL always says BPS codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from portal.i18n import t

PARAMS = ("indikator", "wilayah", "dari", "sampai")
SILENT = ("indikator",)


@dataclass(frozen=True)
class Filters:
    """What the reader chose: regencies (BPS codes, in their order), a year range and an indicator."""

    regions: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None
    indicator: str | None = None

    def search(self) -> str:
        """The query string that reopens this view, e.g. ?wilayah=6472,6471&dari=2019&sampai=2024."""
        values = {
            "indikator": self.indicator,
            "wilayah": ",".join(self.regions) or None,
            "dari": self.start,
            "sampai": self.end,
        }
        query = urlencode({k: v for k, v in values.items() if v is not None}, safe=",")
        return f"?{query}" if query else ""


@dataclass
class Parsed:
    filters: Filters
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (parameter, value) pairs that were ignored

    def notice(self, lang: str) -> str | None:
        """The sentence telling the reader what was ignored, or None when everything was understood."""
        return dropped_notice(self.dropped, lang)


def dropped_notice(dropped: list[tuple[str, str]], lang: str) -> str | None:
    """The sentence naming the (parameter, value) pairs that were ignored; None when there are none."""
    if not dropped:
        return None
    # An indicator code is not echoed: an unknown one and a restricted one must read the same.
    items = ", ".join(k if k in SILENT else f"{k}={v}" for k, v in dropped)
    return t("url_dropped", lang, items=items)


def region_lookup(regions: Iterable[Mapping]) -> dict[str, str]:
    """Every accepted spelling of a regency code (BPS 6403, Kemendagri 64.02) mapped to its BPS code."""
    lookup = {}
    for r in regions:
        if r["level"] != "kabkota":
            continue
        lookup[str(r["code"])] = str(r["code"])
        lookup[str(r["kemendagri_code"])] = str(r["code"])
    return lookup


def _values(raw: object) -> list[str]:
    """A parameter's values: comma-separated and/or repeated (?wilayah=6472&wilayah=6471)."""
    items = raw if isinstance(raw, list) else [raw]
    return [v.strip() for item in items for v in str(item).split(",") if v.strip()]


def _year(raw: object, years: tuple[int, int]) -> int | None:
    text = str(raw[-1] if isinstance(raw, list) else raw).strip()
    if len(text) == 4 and text.isdigit() and years[0] <= int(text) <= years[1]:
        return int(text)
    return None


def parse(
    query: Mapping[str, object],
    lookup: Mapping[str, str],
    years: tuple[int, int],
    indicators: Iterable[str] = (),
    ignore: Iterable[str] = ("kode",),
) -> Parsed:
    """Read the filters from a page's query parameters; values outside `lookup`, `years` or `indicators` are dropped.

    `years` is the (first, last) year with data; a missing year falls back to that bound.
    """
    dropped: list[tuple[str, str]] = []
    regions: list[str] = []
    for value in _values(query.get("wilayah", "")):
        code = lookup.get(value)
        if value == "64":
            continue  # the province is always shown
        if code is None:
            dropped.append(("wilayah", value))
        elif code not in regions:
            regions.append(code)
    bounds = {}
    for name in ("dari", "sampai"):
        raw = query.get(name)
        if raw in (None, ""):
            continue
        bounds[name] = _year(raw, years)
        if bounds[name] is None:
            dropped.append((name, str(raw)))
    start, end = bounds.get("dari") or years[0], bounds.get("sampai") or years[1]
    if start > end:
        dropped.append(("dari", str(start)))
        start = years[0]
    indicator = None
    allowed = set(indicators)
    raw_indicator = query.get("indikator")
    if raw_indicator not in (None, ""):
        if str(raw_indicator) in allowed:
            indicator = str(raw_indicator)
        else:
            dropped.append(("indikator", str(raw_indicator)))
    for name, raw in query.items():
        if name not in PARAMS and name not in ignore:
            dropped.append((name, str(raw)))
    return Parsed(Filters(tuple(regions), start, end, indicator), dropped)


def parse_choices(
    query: Mapping[str, object], allowed: Mapping[str, Iterable[str]], text: Iterable[str] = ("q",)
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Simple list filters (?q=...&sektor=...): each value must be one of `allowed[name]`; `text` params are free.

    Returns the accepted values and the (parameter, value) pairs that were dropped.
    """
    text = tuple(text)
    accepted: dict[str, str] = {}
    dropped: list[tuple[str, str]] = []
    for name, raw in query.items():
        value = str(raw[-1] if isinstance(raw, list) else raw).strip()
        if not value:
            continue
        if name in text:
            accepted[name] = value[:100]
        elif name in allowed and value in set(allowed[name]):
            accepted[name] = value
        else:
            dropped.append((name, value))
    return accepted, dropped


def choices_search(values: Mapping[str, object]) -> str:
    """The query string of simple list filters, empty values left out."""
    query = urlencode({k: v for k, v in values.items() if v not in (None, "")})
    return f"?{query}" if query else ""


def scalar(value: object) -> str:
    """A value sent by the browser as text, when it is a plain string or number; anything else is empty."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return str(value)[:200]


def scalars(value: object, limit: int = 50) -> list[str]:
    """A list sent by the browser as texts (plain strings and numbers only, at most `limit`)."""
    if not isinstance(value, list):
        return []
    return [s for s in (scalar(v) for v in value[:limit]) if s]
