"""Checks for what callbacks receive from the browser: types, allowed codes, list lengths, periods.

A callback calls these on its inputs before using them; a value that fails raises `InvalidInput`,
which the app answers with a 400 (see portal.security), never a 500 and never a query.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import Any

from portal.periods import frequency_of

MAX_ITEMS = 1000  # no list in any callback payload is longer (checked for every request)
MAX_TEXT = 2000
CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,60}$")


class InvalidInput(ValueError):
    """A callback input that is not what the interface can send."""


def text(value: Any, *, max_len: int = MAX_TEXT, allow_none: bool = True) -> str | None:
    """A string (or None) of bounded length."""
    if value is None and allow_none:
        return None
    if not isinstance(value, str) or len(value) > max_len:
        raise InvalidInput("expected a short text")
    return value


def integer(value: Any, *, low: int | None = None, high: int | None = None, allow_none: bool = True) -> int | None:
    """An integer (not a bool) within bounds; clicks counters, years, page numbers."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("expected a whole number")
    if (low is not None and value < low) or (high is not None and value > high):
        raise InvalidInput("number out of range")
    return value


def choice(value: Any, allowed: Collection[Any], *, allow_none: bool = True) -> Any:
    """One of a fixed set of values (a language, a chart kind, a sort order)."""
    if value is None and allow_none:
        return None
    if isinstance(value, dict | list) or value not in allowed:
        raise InvalidInput("value not among the allowed choices")
    return value


def code(value: Any, allowed: Collection[str] | None = None, *, allow_none: bool = True) -> str | None:
    """An indicator, region or sector code: code characters only, and one of `allowed` when given.

    An empty selection ("" from a cleared dropdown) counts as None.
    """
    if value in (None, "") and allow_none:
        return None
    if not isinstance(value, str) or not CODE.match(value):
        raise InvalidInput("not a code")
    if allowed is not None and value not in allowed:
        raise InvalidInput("unknown code")
    return value


def codes(
    value: Any, allowed: Collection[str] | None = None, *, max_items: int = 50, allow_none: bool = True
) -> list[str]:
    """A list of codes (a multi-select): at most `max_items`, each valid; a single string is one item."""
    if value is None and allow_none:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or len(value) > max_items:
        raise InvalidInput(f"expected a list of at most {max_items} codes")
    return [code(v, allowed, allow_none=False) for v in value]


def period(value: Any, *, allow_none: bool = True) -> str | None:
    """A period as the data standard writes it: YYYY, YYYY-S1, YYYY-Q1 or YYYY-MM ("" counts as None)."""
    if value in (None, "") and allow_none:
        return None
    if not isinstance(value, str) or len(value) > 7 or frequency_of(value) is None:
        raise InvalidInput("not a period")
    return value


def year_range(value: Any, *, low: int = 1900, high: int = 2100, allow_none: bool = True) -> tuple[int, int] | None:
    """A [from, to] pair of years from a range slider."""
    if value is None and allow_none:
        return None
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise InvalidInput("expected a pair of years")
    start, end = (integer(v, low=low, high=high, allow_none=False) for v in value)
    if start > end:
        raise InvalidInput("range starts after it ends")
    return start, end


def each(values: Iterable[Any], check, **kwargs) -> list[Any]:
    """Apply one check to every item of a pattern-matching (ALL) input."""
    if not isinstance(values, list) or len(values) > MAX_ITEMS:
        raise InvalidInput("expected a list")
    return [check(v, **kwargs) for v in values]


def click_data(value: Any, *, max_points: int = 100) -> dict | None:
    """A Plotly clickData object: {"points": [{...}, …]} with flat points."""
    if value is None:
        return None
    points = value.get("points") if isinstance(value, dict) else None
    if not isinstance(points, list) or len(points) > max_points or not all(isinstance(p, dict) for p in points):
        raise InvalidInput("not click data")
    return value
