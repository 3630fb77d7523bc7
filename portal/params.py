"""Every page's address parameters, and every callback's inputs, read by one module with one vocabulary.

A page reads its query string leniently: what it cannot use (an unknown code, a year without data, `dari`
after `sampai`, a restricted indicator, a parameter it does not know) is dropped and named in one notice,
never a crash. A callback reads what the page's controls sent strictly, with the same vocabulary: a value
the controls cannot send is an `InvalidInput`, which the app answers with a 400. Indicator codes are never
echoed (an unknown and a restricted one must read the same). Regencies are accepted by BPS code (6403) or
Kemendagri code (64.02) and always said by BPS code. Lists stay lists until `address()` writes them.

    reading = Reading(query, ("indikator", "wilayah", "dari", "sampai"))
    code = reading.indicator("indikator", codes, default=codes[0])
    regions = reading.regions("wilayah", lookup)
    start, end = reading.years("dari", "sampai", (first, last))
    reading.notice(lang), address({"indikator": code, "wilayah": regions, ...})
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from portal.i18n import t
from portal.periods import frequency_of
from portal.vocab import ParamProblem

MAX_ITEMS = 1000  # no list in any callback payload is longer (checked for every request)
MAX_TEXT = 2000
MAX_QUERY_TEXT = 100  # a search box's text in an address
CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,60}$")
PROVINCE = "64"


class InvalidInput(ValueError):
    """A callback input that is not what the interface can send (answered with a 400)."""


def region_lookup(regions: Iterable[Mapping]) -> dict[str, str]:
    """Every accepted spelling of a regency code (BPS 6403, Kemendagri 64.02) mapped to its BPS code."""
    regencies = [r for r in regions if r["level"] == "kabkota"]
    lookup = {str(r["kemendagri_code"]): str(r["code"]) for r in regencies}
    # A BPS code wins over a Kemendagri code that happens to be spelt the same.
    return lookup | {str(r["code"]): str(r["code"]) for r in regencies}


def _encodable(value: object) -> bool:
    """Whether a value is text UTF-8 can write (JSON can carry lone surrogates; nothing downstream can)."""
    try:
        str(value).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _items(raw: object) -> list[str]:
    """A parameter's values: comma-separated and/or repeated (?wilayah=6472&wilayah=6471)."""
    items = raw if isinstance(raw, list | tuple) else [raw]
    return [v.strip() for item in items for v in str(item).split(",") if v.strip()]


def _one(raw: object) -> str:
    """A single value: the last one when a parameter is repeated."""
    return str(raw[-1] if isinstance(raw, list | tuple) and raw else raw).strip()


@dataclass
class Reading:
    """The parameters a page (or a callback, `strict=True`) was given, read one by one against their vocabulary."""

    query: Mapping[str, object]
    known: Collection[str]
    strict: bool = False
    dropped: list[tuple[str, str]] = field(default_factory=list)
    silent: set[str] = field(default_factory=set)  # parameters whose dropped values are never echoed
    swapped: tuple[int, int] | None = None  # a year range the controls gave end first, as (from, to) they gave it

    def __post_init__(self):
        for name, raw in self.query.items():
            if name not in self.known:
                self._drop(name, _one(raw), f"unknown parameter {name}")

    def _drop(self, name: str, value: str, why: str) -> None:
        if self.strict:
            raise InvalidInput(why)
        self.dropped.append((name, value))

    def _raw(self, name: str) -> object:
        raw = self.query.get(name)
        if self.strict and raw is not None and not isinstance(raw, str | int | list):
            raise InvalidInput(f"{name}: unexpected value")
        if any(not _encodable(v) for v in (raw if isinstance(raw, list) else [raw])):
            self._drop(name, "?", f"{name}: not text")  # a lone surrogate ("\ud800") is no character
            return None
        return raw

    def _single(self, name: str) -> object:
        """A parameter that holds one value: a list is a tampered control when reading strictly."""
        raw = self._raw(name)
        if self.strict and isinstance(raw, list):
            raise InvalidInput(f"{name}: one value expected")
        return raw

    def _member(self, name: str, allowed: Collection[str] | Mapping[str, str], default, why: str):
        """The parameter's value when it is in `allowed` (mapped through it when `allowed` is a mapping)."""
        raw = self._single(name)
        if raw in (None, ""):
            return default
        value = _one(raw)
        if value in allowed:
            return allowed[value] if isinstance(allowed, Mapping) else value
        self._drop(name, value, f"{name}: {why}")
        return default

    def indicator(self, name: str, allowed: Collection[str], default: str | None = None) -> str | None:
        """An indicator code the reader may see; else `default` (the code is never echoed in the notice)."""
        self.silent.add(name)
        return self._member(name, allowed, default, "unknown indicator")

    def choice(self, name: str, allowed: Collection[str] | Mapping[str, str], default: str | None = None) -> str | None:
        """One of a fixed set of values (a sector, a status, a run, a kecamatan), or what a mapping `allowed` says
        for it; else `default`."""
        return self._member(name, allowed, default, "not among the choices")

    def region(self, name: str, lookup: Mapping[str, str]) -> str | None:
        """One regency, by BPS or Kemendagri code, said by its BPS code; None when absent or unknown."""
        return self._member(name, lookup, None, "unknown regency")

    def regions(self, name: str, lookup: Mapping[str, str], limit: int = 50) -> list[str]:
        """Regencies in the reader's order, without repeats; the province (64) is always shown and skipped."""
        raw = self._raw(name)
        if raw in (None, ""):
            return []
        values = _items(raw)
        if self.strict and len(values) > limit:
            raise InvalidInput(f"{name}: at most {limit} regions")
        chosen: list[str] = []
        for value in values:
            if value == PROVINCE:
                continue
            code = lookup.get(value)
            if code is None:
                self._drop(name, value, f"{name}: unknown regency")
            elif code not in chosen:
                chosen.append(code)
        return chosen

    def year(self, name: str, bounds: tuple[int, int]) -> int | None:
        """A year within (first, last); None when absent or outside."""
        raw = self._single(name)
        if raw in (None, ""):
            return None
        text = _one(raw)
        if len(text) == 4 and text.isascii() and text.isdigit() and bounds[0] <= int(text) <= bounds[1]:
            return int(text)
        self._drop(name, text, f"{name}: not a year with data")
        return None

    def years(self, start: str, end: str, bounds: tuple[int, int]) -> tuple[int, int]:
        """A year range within `bounds`; a missing end is the bound. A start after the end is dropped from an
        address; from the controls (strict) it is a reader's choice in the other order, so the two swap."""
        first, last = self.year(start, bounds), self.year(end, bounds)
        first, last = first or bounds[0], last or bounds[1]
        if first > last and self.strict:
            self.swapped = (first, last)
            return last, first
        if first > last:
            self._drop(start, str(first), f"{start} after {end}")
            first = bounds[0]
        return first, last

    def period(self, name: str, allowed: Collection[str], default: str | None = None) -> str | None:
        """A period the data hold (YYYY, YYYY-S1, YYYY-Q1, YYYY-MM); else `default`."""
        return self._member(name, allowed, default, "not a period with data")

    def text(self, name: str, limit: int = MAX_QUERY_TEXT) -> str:
        """Free text (a search box), cut to `limit` characters; from the controls (strict) only a text."""
        raw = self._single(name)
        if self.strict and raw is not None and not isinstance(raw, str):
            raise InvalidInput(f"{name}: expected a text")
        return "" if raw in (None, "") else _one(raw)[:limit]

    def notice(self, lang: str) -> str | None:
        """The sentence naming what was ignored, or None when everything was understood."""
        if not self.dropped:
            return None
        order = {name: i for i, name in enumerate(self.query)}  # as the address says them
        dropped = sorted(self.dropped, key=lambda pair: order.get(pair[0], len(order)))
        items = ", ".join(name if name in self.silent else f"{name}={value}" for name, value in dropped)
        return t("url_dropped", lang, items=items)


def address(values: Mapping[str, object]) -> str:
    """The query string that reopens a view, in the order given; lists comma-joined, empty values left out."""
    pairs = []
    for name, value in values.items():
        if value is None or value == "" or (isinstance(value, list | tuple) and not value):
            continue
        pairs.append((name, ",".join(map(str, value)) if isinstance(value, list | tuple) else str(value)))
    query = urlencode(pairs, safe=",")
    return f"?{query}" if query else ""


# --- strict checks of single callback values -------------------------------------------------------------


def text(value: Any, *, max_len: int = MAX_TEXT, allow_none: bool = True) -> str | None:
    """A string (or None) of bounded length."""
    if value is None and allow_none:
        return None
    if not isinstance(value, str) or len(value) > max_len or not _encodable(value):
        raise InvalidInput("expected a short text")
    return value


def integer(value: Any, *, low: int | None = None, high: int | None = None, allow_none: bool = True) -> int | None:
    """An integer (not a bool) within bounds: click counters, years, page numbers."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("expected a whole number")
    if (low is not None and value < low) or (high is not None and value > high):
        raise InvalidInput("number out of range")
    return value


def code(value: Any, allowed: Collection[str] | None = None, *, allow_none: bool = True) -> str | None:
    """An indicator, region or sector code: code characters only, and one of `allowed` when given ("" is None)."""
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


def each(values: Any, check, **kwargs) -> list[Any]:
    """Apply one check to every item of a pattern-matching (ALL) input."""
    if not isinstance(values, list) or len(values) > MAX_ITEMS:
        raise InvalidInput("expected a list")
    return [check(v, **kwargs) for v in values]


def click_data(value: Any, *, max_points: int = 100) -> dict | None:
    """A Plotly clickData object: {"points": [{...}, ...]} with flat points."""
    if value is None:
        return None
    points = value.get("points") if isinstance(value, dict) else None
    if not isinstance(points, list) or len(points) > max_points or not all(isinstance(p, dict) for p in points):
        raise InvalidInput("not click data")
    return value


# --- API requests: every parameter read strictly, every problem named ------------------------------------


class InvalidParameter(InvalidInput):
    """A parameter of an API request that cannot be used: which one, what is wrong (vocab.ParamProblem), and the
    bounds that apply; the API answers a 400 with a sentence naming the parameter (never echoing its value)."""

    def __init__(self, parameter: str, problem: ParamProblem, **bounds: object):
        super().__init__(f"{parameter}: {problem}")
        self.parameter, self.problem, self.bounds = parameter, problem, bounds


API_MAX_VALUE = 1200  # characters of one parameter's value
ONE_REGION = r"\d{2}(\d{2})?|\d{2}(\.\d{2}){1,2}(\.\d{4})?"  # BPS 64, 6403; Kemendagri 64.02, 64.02.01.2001
REGION_CODE = re.compile(f"^({ONE_REGION})$")
INDICATOR_CODE = re.compile(r"^[a-z0-9_]{1,60}$")
PERIOD_TEXT = re.compile(r"^\d{4}(-(S[12]|Q[1-4]|(0[1-9]|1[0-2])))?$")


class ApiQuery:
    """An API request's query string (name -> the values given), read strictly: a parameter the endpoint does not
    take, one given twice, or a value it cannot use raises InvalidParameter; a parameter left out takes its
    default. Lists are comma-separated (`region=6403,64.02`)."""

    def __init__(self, args: Mapping[str, list[str]], known: Collection[str]):
        for name, values in args.items():
            if name not in known:
                raise InvalidParameter(name[:40], ParamProblem.UNKNOWN)
            if len(values) > 1:
                raise InvalidParameter(name, ParamProblem.REPEATED)
            if len(values[0]) > API_MAX_VALUE:
                raise InvalidParameter(name, ParamProblem.TOO_LONG, limit=API_MAX_VALUE)
        self.args = {name: values[0].strip() for name, values in args.items()}

    def given(self, name: str) -> bool:
        """Whether the request gives the parameter; given without a value, it is a 400 (except free text)."""
        if name not in self.args:
            return False
        if not self.args[name]:
            raise InvalidParameter(name, ParamProblem.EMPTY)
        return True

    def _list(self, name: str, limit: int) -> list[str]:
        if not self.given(name):
            return []
        items = [v.strip() for v in self.args[name].split(",")]
        if not all(items):
            raise InvalidParameter(name, ParamProblem.EMPTY)
        if len(items) > limit:
            raise InvalidParameter(name, ParamProblem.TOO_MANY, limit=limit)
        return list(dict.fromkeys(items))

    def codes(self, name: str, pattern: re.Pattern = REGION_CODE, limit: int = 100) -> list[str]:
        """Codes written as their kind writes them (region codes by default), without repeats."""
        items = self._list(name, limit)
        if any(not pattern.match(v) for v in items):
            raise InvalidParameter(name, ParamProblem.NOT_A_CODE)
        return items

    def choices(self, name: str, allowed: Collection[str], limit: int = 20) -> list[str]:
        """Values from a fixed set (levels, ...), without repeats."""
        items = self._list(name, limit)
        if any(v not in allowed for v in items):
            raise InvalidParameter(name, ParamProblem.NOT_A_CHOICE, allowed=", ".join(allowed))
        return items

    def choice(self, name: str, allowed: Collection[str], default: str | None = None) -> str | None:
        if not self.given(name):
            return default
        if self.args[name] not in allowed:
            raise InvalidParameter(name, ParamProblem.NOT_A_CHOICE, allowed=", ".join(allowed))
        return self.args[name]

    def code(self, name: str, pattern: re.Pattern) -> str | None:
        if not self.given(name):
            return None
        if not pattern.match(self.args[name]):
            raise InvalidParameter(name, ParamProblem.NOT_A_CODE)
        return self.args[name]

    def year(self, name: str, bounds: tuple[int, int]) -> int | None:
        if not self.given(name):
            return None
        value = self.args[name]
        if not (len(value) == 4 and value.isascii() and value.isdigit() and bounds[0] <= int(value) <= bounds[1]):
            raise InvalidParameter(name, ParamProblem.NOT_A_YEAR, low=bounds[0], high=bounds[1])
        return int(value)

    def years(self, start: str, end: str, bounds: tuple[int, int]) -> tuple[int | None, int | None]:
        first, last = self.year(start, bounds), self.year(end, bounds)
        if first is not None and last is not None and first > last:
            raise InvalidParameter(start, ParamProblem.ORDER, other=end)
        return first, last

    def periods(self, name: str, limit: int = 100) -> list[str]:
        items = self._list(name, limit)
        if any(not PERIOD_TEXT.match(v) or frequency_of(v) is None for v in items):
            raise InvalidParameter(name, ParamProblem.NOT_A_PERIOD)
        return items

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        if not self.given(name):
            return default
        value = self.args[name]
        if not (value.isascii() and value.isdigit() and len(value) <= 9 and low <= int(value) <= high):
            raise InvalidParameter(name, ParamProblem.NOT_A_NUMBER, low=low, high=high)
        return int(value)

    def text(self, name: str, limit: int = MAX_QUERY_TEXT) -> str:
        value = self.args.get(name, "")
        if len(value) > limit:
            raise InvalidParameter(name, ParamProblem.TOO_LONG, limit=limit)
        return value
