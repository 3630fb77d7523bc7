"""Search text and ranking, shared by the index the ETL builds and the query that reads it (no database here).

Both sides see text the same way: `normalise` lower-cases, drops diacritics (é -> e) and turns every other
character into a word break, so "Kab. Kutai Kartanegara" and "kab kutai kartanegara" are the same words on both
engines' tokenizers. The database finds the candidates (SQLite FTS5 or PostgreSQL full text; a word that
matches nothing is corrected through a trigram index of the index's words); `score` then ranks that handful
of candidates by where each query word was found (a name, a reviewed term such as an acronym, or a definition)
and whether it was the whole word or its beginning.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from portal.params import REGION_CODE

PHRASES = "|"  # separates the phrases of an entry's names and terms (a word break to both tokenizers)
MAX_WORDS = 6  # a query reads at most this many words
MAX_QUERY = 100  # characters
# Words that carry no meaning in a query ("stunting di berau"): never looked up.
STOPWORDS = frozenset(
    ["di", "ke", "dari", "dan", "atau", "yang", "untuk", "pada", "dengan", "per", "the", "of", "in", "and", "or"]
    + ["for", "at", "to", "by", "kab", "kabupaten", "kota", "prov", "provinsi"]
)
_NON_WORD = re.compile(r"[^0-9a-z]+")

# Points per query word, by where it was found and how: the whole word, or its beginning (scaled by how much of
# the word it covers); a phrase that equals the whole query (an acronym, a name as typed) earns EXACT on top.
FIELD_POINTS = {"names": (10.0, 6.0), "terms": (10.0, 6.0), "body": (2.0, 1.0)}
EXACT = 6.0
MIN_TYPO = 4  # shorter words are never corrected (one letter off is another word)


def normalise(text: object) -> str:
    """Lower case, no diacritics, words of letters and digits separated by single spaces ("|" kept)."""
    decomposed = unicodedata.normalize("NFKD", str(text or "")).lower()
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " | ".join(" ".join(_NON_WORD.sub(" ", part).split()) for part in plain.split(PHRASES)).strip(" |")


def phrases(*texts: object) -> str:
    """Several names or terms as one indexed field: each normalised, distinct, joined by PHRASES."""
    seen: list[str] = []
    for text in texts:
        for part in str(text or "").split(PHRASES):
            norm = normalise(part)
            if norm and norm not in seen:
                seen.append(norm)
    return f" {PHRASES} ".join(seen)


def words(text: str) -> list[str]:
    """The words of a normalised field."""
    return [w for w in text.replace(PHRASES, " ").split() if w]


@dataclass(frozen=True)
class Query:
    """What a reader typed, read: the region codes it names and the words to look up."""

    text: str
    codes: tuple[str, ...]
    words: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.codes and not self.words

    @property
    def phrase(self) -> str:
        """The looked-up words as one phrase (to compare with a whole name or term)."""
        return " ".join(self.words)


def read_query(text: object) -> Query:
    """A query's codes (6403, 64.02) and its meaningful words, in order, without repeats or stopwords."""
    raw = str(text or "")[:MAX_QUERY]
    codes: list[str] = []
    kept: list[str] = []
    for token in raw.split():
        token = token.strip(",;")
        if REGION_CODE.match(token):
            if token not in codes:
                codes.append(token)
            continue
        for word in normalise(token).replace(PHRASES, " ").split():
            if word not in STOPWORDS and word not in kept:
                kept.append(word)
    return Query(raw.strip(), tuple(codes), tuple(kept[:MAX_WORDS]))


def trigrams(word: str) -> list[str]:
    """The three-letter pieces of a word (what the typo index is searched by)."""
    return [word[i : i + 3] for i in range(len(word) - 2)]


def similarity(a: str, b: str) -> float:
    """1 - the Damerau-Levenshtein distance (a swap of neighbours is one edit) over the longer length."""
    if a == b:
        return 1.0
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            best = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, rows[-2][j - 2] + 1)
            row.append(best)
        rows.append(row)
    return 1 - rows[-1][-1] / max(len(a), len(b))


def corrections(word: str, candidates: Iterable[str], keep: int = 3, floor: float = 0.7) -> list[str]:
    """The index words a mistyped `word` most likely meant (at most one or two letters off)."""
    if len(word) < MIN_TYPO:
        return []
    scored = sorted(((similarity(word, c), c) for c in set(candidates) if c != word), key=lambda p: (-p[0], p[1]))
    return [c for s, c in scored[:keep] if s >= floor]


@dataclass
class Candidate:
    """One index entry the database found for a query, with the fields it is ranked on."""

    id: int
    kind: str
    key: str
    weight: float
    names: str
    terms: str
    body: str
    row: dict = field(default_factory=dict)  # everything else the answer shows (titles, link, ...)
    found: dict[str, float] = field(default_factory=dict)  # points per query word it answers
    points: float = 0.0

    @property
    def matched(self) -> frozenset[str]:
        """The query words (and codes) it answers."""
        return frozenset(self.found)


def _word_points(word: str, field_words: Sequence[str], whole: float, start: float) -> float:
    if word in field_words:
        return whole
    best = max((len(word) / len(w) for w in field_words if w.startswith(word)), default=0.0)
    return start * best if len(word) >= 2 else 0.0


def phrase_bonus(candidate: Candidate, answered: Sequence[str], meant: dict[str, tuple[str, ...]]) -> float:
    """EXACT when the words a candidate answers, in the query's order, are one of its names or terms exactly."""
    phrase = " ".join(meant.get(w, (w,))[0] for w in answered)
    fields = (candidate.names, candidate.terms)
    return EXACT if phrase and any(phrase == p.strip() for text in fields for p in text.split(PHRASES)) else 0.0


def score(candidate: Candidate, query_words: Sequence[str], meant: dict[str, tuple[str, ...]]) -> Candidate:
    """Rank one candidate: points per query word (or the words a typo meant), the exact-phrase bonus, its weight."""
    split = {name: words(getattr(candidate, name)) for name in FIELD_POINTS}
    found = {}
    for word in query_words:
        best = 0.0
        for option in meant.get(word, (word,)):
            for name, (whole, start) in FIELD_POINTS.items():
                best = max(best, _word_points(option, split[name], whole, start) * (1.0 if option == word else 0.8))
        if best > 0:
            found[word] = best
    candidate.found = found
    answered = [w for w in query_words if w in found]
    candidate.points = sum(found.values()) + phrase_bonus(candidate, answered, meant) + candidate.weight
    return candidate
