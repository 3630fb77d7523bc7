"""/ — the executive summary: every sector's headline KPI cards and when the data were loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal import queries
from portal.access import Reader
from portal.state.board import attention_count
from portal.state.headline import Card, cards


@dataclass
class Section:
    sector: dict
    cards: list[Card]


@dataclass
class Home:
    sections: list[Section]
    loaded_at: datetime | None
    attention: tuple[int, int] = (0, 0)  # rows of the exception board needing attention, of all its rows


def home(reader: Reader) -> Home:
    """The five sectors in order, each with its headline cards."""
    all_cards = cards(queries.catalogue(reader.classes), reader)
    sections = [
        Section(sector, [c for c in all_cards if c.meta["sector"] == sector["code"]])
        for sector in queries.sectors().to_dict("records")
    ]
    return Home(sections, queries.last_load(), attention_count(reader))
