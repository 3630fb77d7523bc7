"""Interface text in Bahasa Indonesia (default) and English; the reader's choice lives in a cookie.

The text lives in reviewed data files, data/text/*.toml (one per area), read once at import: one table per
key with `id` and `en`. A key defined twice, a missing or empty language, or placeholders that differ between
the two languages stop the import with the file and key named.
"""

from __future__ import annotations

import json
import string
import tomllib
from pathlib import Path

from portal import vocab
from portal.settings import DATA_DIR

LANGS = ("id", "en")
TEXT_DIR = DATA_DIR / "text"

# Keys built at run time from a vocabulary: family "sched" and value "harian" make the key sched_harian.
# Every member of each vocabulary has its key (tests/unit/test_text.py checks it); build them with `t_of`.
TEXT_FAMILIES: dict[str, type] = {
    "sched": vocab.Schedule,
    "run": vocab.RunStatus,
    "ind_status": vocab.ObservationStatus,
    "class": vocab.Classification,
    "role": vocab.Role,
    "freq": vocab.Frequency,
    "apps_status": vocab.AppStatus,
    "fresh": vocab.Freshness,
    "stage": vocab.Stage,
    "err": vocab.ErrorStatus,
    "board": vocab.BoardStatus,
    "param": vocab.ParamProblem,
    "level": vocab.RegionLevel,
    "search_kind": vocab.SearchKind,
    "wf_stage": vocab.DeliveryStage,
    "wf_action": vocab.DeliveryAction,
    "wf_outcome": vocab.ChangeOutcome,
    "wf_err": vocab.Refusal,
    "rel": vocab.ReleaseState,
    "due_err": vocab.DueRefusal,
    "fu": vocab.FollowupStatus,
    "refusal": vocab.MeetingRefusal,
}


class TextError(ValueError):
    """A text file breaks a rule; the message names the file and the key."""


def placeholders(text: str) -> set[str]:
    """The {names} a text fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def load_text(folder: Path = TEXT_DIR) -> dict[str, tuple[str, str]]:
    """Every key of every *.toml file in `folder` as (id, en); refuses duplicates, gaps and mismatched {names}."""
    text: dict[str, tuple[str, str]] = {}
    where: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            with path.open("rb") as f:
                tables = tomllib.load(f)
        except tomllib.TOMLDecodeError as err:
            raise TextError(f"{path.name}: not valid TOML: {err}") from err
        for key, entry in tables.items():
            if key in where:
                raise TextError(f"{path.name}: [{key}] is already defined in {where[key]}")
            if not isinstance(entry, dict) or set(entry) - set(LANGS):
                raise TextError(f"{path.name}: [{key}] must hold only the strings {' and '.join(LANGS)}")
            pair = tuple(entry.get(lang) for lang in LANGS)
            for lang, value in zip(LANGS, pair, strict=True):
                if not isinstance(value, str) or not value.strip():
                    raise TextError(f"{path.name}: [{key}] has no {lang} text")
            try:
                names = [placeholders(value) for value in pair]
            except ValueError as err:
                raise TextError(f"{path.name}: [{key}] has a broken {{placeholder}}: {err}") from err
            if names[0] != names[1]:
                raise TextError(
                    f"{path.name}: [{key}] placeholders differ: id {sorted(names[0])}, en {sorted(names[1])}"
                )
            where[key] = path.name
            text[key] = pair
    return text


TEXT = load_text()


def load_plotly_locales(folder: Path = TEXT_DIR) -> dict[str, dict]:
    """plotly.js's own words (mode bar, download toasts) per language from plotly-<lang>.json; English is built in."""
    locales = {}
    for lang in LANGS:
        path = folder / f"plotly-{lang}.json"
        if path.is_file():
            locale = json.loads(path.read_text(encoding="utf-8"))
            locales[lang] = {"dictionary": locale["dictionary"], "format": locale.get("format", {})}
    return locales


PLOTLY_LOCALES = load_plotly_locales()


def t(key: str, lang: str = "id", **values: object) -> str:
    """The text for a key in a language, with {placeholders} filled in."""
    text = TEXT[key][LANGS.index(lang) if lang in LANGS else 0]
    return text.format(**values) if values else text


def t_of(family: str, value, lang: str = "id", **values: object):
    """The text of a vocabulary value (family "sched", value "harian": key sched_harian); an unknown value as it is."""
    if family not in TEXT_FAMILIES:
        raise KeyError(f"no text family {family!r}: declare it in TEXT_FAMILIES")
    try:
        member = TEXT_FAMILIES[family](value)
    except (ValueError, TypeError):
        return value
    return t(f"{family}_{member.value}", lang, **values)


def pick(row: dict, field: str, lang: str) -> str:
    """A bilingual catalogue field (name_id / name_en) in the reader's language."""
    return row[f"{field}_{lang}"] or row[f"{field}_id"]
