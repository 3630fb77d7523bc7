"""Filters in the URL query string (?wilayah=6472,6471&dari=2019&sampai=2024&indikator=...). Pure functions.

A copied link reopens the same view; what cannot be understood is dropped and reported, never a crash.
Regencies are accepted by BPS code (6403) or Kemendagri code (64.02); the URL always says BPS codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

from portal.i18n import t

PARAMS = ("indikator", "wilayah", "dari", "sampai")
SILENT = ("indikator",)


def dropped_notice(dropped: list[tuple[str, str]], lang: str) -> str | None:
    """The sentence naming the (parameter, value) pairs that were ignored; None when there are none."""
    if not dropped:
        return None
    # An indicator code is not echoed: an unknown one and a restricted one must read the same.
    items = ", ".join(k if k in SILENT else f"{k}={v}" for k, v in dropped)
    return t("url_dropped", lang, items=items)


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
