"""/cari — the search results for what a reader typed: every answer the index offers, best first, in the
reader's language (the navbar's combobox shows the first few of the same answers)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from portal import queries
from portal.access import Reader
from portal.i18n import t_of
from portal.params import Reading

PARAMS = ("q",)
MAX_RESULTS = 30


@dataclass
class Answer:
    title: str
    kind: str  # in words: Indikator, Kecamatan, ...
    detail: str
    href: str
    is_sample: bool
    key: str  # kind:key, what tests and the page's ids name it by


@dataclass
class SearchPage:
    query: str
    answers: list[Answer] = field(default_factory=list)
    notice: str | None = None


def _kind(answer: dict, lang: str) -> str:
    if answer["kind"] == "region" and answer.get("level"):
        return t_of("level", answer["level"], lang)
    return t_of("search_kind", answer["kind"], lang)


def search_page(query: Mapping[str, object], reader: Reader) -> SearchPage:
    """The answers for the address's `q` (an empty query: none, and the page says what may be searched)."""
    reading = Reading(query, PARAMS)
    text = reading.text("q")
    lang = reader.lang
    found = queries.search(text, reader.classes, MAX_RESULTS) if text.strip() else []
    answers = [
        Answer(
            title=a[f"title_{lang}"] or a["title_id"],
            kind=_kind(a, lang),
            detail=a[f"detail_{lang}"] or a["detail_id"],
            href=a["href"],
            is_sample=bool(a["is_sample"]),
            key=f"{a['kind']}:{a['key']}",
        )
        for a in found
    ]
    return SearchPage(text, answers, reading.notice(lang))
