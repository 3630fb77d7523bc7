"""What the list pages share (the indicator catalogue, the application directory): a search text and a few
single choices read from the address (leniently) or from the controls (strictly, `strict=True`), the rows that
match, their count, and the address that reopens the view.

    found = listing.read(frame, query, [Filter("sektor", "sector", label, options)], text_columns, to_rows, lang)
    found.rows, found.count, found.notice, found.address()
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from portal import fmt, params
from portal.i18n import t

SEARCH = "q"  # the search text's parameter on every list page
# A select's "all" choice ("" is taken by the hidden placeholder option dbc draws first). The controls send it;
# an address never needs it (the parameter is left out).
ALL = "semua"


@dataclass(frozen=True)
class Filter:
    """One single choice of a list page: its address parameter, the column it compares, its label and choices."""

    param: str
    column: str
    label: str
    options: tuple[tuple[str, str], ...]  # (value, text) in the order the select lists them
    value: str | None = None  # the reader's choice; None: all

    @property
    def values(self) -> list[str]:
        return [value for value, _ in self.options]


@dataclass
class Listing:
    """A list page's view: the search text and choices, the matching rows (grid rows), count and notice."""

    text: str
    filters: list[Filter]
    rows: list[dict]
    total: int
    count: str  # '12 dari 50 ditampilkan'
    notice: str | None

    def address(self) -> str:
        """The query string that reopens this view (?q=...&sektor=...), empty choices left out."""
        return params.address({SEARCH: self.text, **{f.param: f.value for f in self.filters}})


def count_text(shown: int, total: int, lang: str) -> str:
    """'12 dari 50 ditampilkan'."""
    return t("lst_count", lang, shown=fmt.number(shown, 0, lang), total=fmt.number(total, 0, lang))


def filter_rows(
    rows: pd.DataFrame, text: str | None, text_columns: Sequence[str], equals: Mapping[str, str | None]
) -> pd.DataFrame:
    """Rows whose text columns contain every word of `text` (any case) and whose columns equal the chosen values."""
    keep = pd.Series(True, index=rows.index)
    for column, value in equals.items():
        if value:
            keep &= rows[column] == value
    if text:
        haystack = rows[list(text_columns)].fillna("").astype(str).agg(" ".join, axis=1).str.lower()
        for word in text.lower().split():
            keep &= haystack.str.contains(word, regex=False)
    return rows[keep]


def read(
    frame: pd.DataFrame,
    given: Mapping[str, object],
    filters: Sequence[Filter],
    text_columns: Sequence[str],
    to_rows: Callable[[pd.DataFrame, str], list[dict]],
    lang: str,
    strict: bool = False,
) -> Listing:
    """The rows of `frame` that match the search text and choices `given` (an address's query, or the controls'
    values with `strict`: then "all" is a choice and anything else the controls cannot send an InvalidInput)."""
    reading = params.Reading(given, (SEARCH, *(f.param for f in filters)), strict=strict)
    text = reading.text(SEARCH)
    chosen = []
    for f in filters:
        value = reading.choice(f.param, [*f.values, ALL] if strict else f.values)
        chosen.append(replace(f, value=None if value == ALL else value))
    shown = filter_rows(frame, text, text_columns, {f.column: f.value for f in chosen})
    count = count_text(len(shown), len(frame), lang)
    return Listing(text, chosen, to_rows(shown, lang), len(frame), count, reading.notice(lang))
