"""/sektor/<kode> — a sector: its headline KPIs, where the regencies stand on each, and one indicator's series
under the reader's window (the indicator is a parameter of the address)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from portal import queries
from portal.access import Reader
from portal.i18n import pick
from portal.state import series
from portal.state.charts import Chart
from portal.state.headline import Card, cards, standing

PARAMS = ("indikator", "wilayah", "dari", "sampai")


@dataclass
class SectorPage:
    sector: dict
    indicators: list[tuple[str, str]]  # (code, name) of the sector's indicators the reader may see
    cards: list[Card]
    standing: list[Chart]
    series: series.Series | None  # None when the reader may see none of the sector's indicators


def find(code: str) -> dict | None:
    """The sector with this code, or None."""
    found = queries.sectors()
    found = found[found["code"] == code]
    return found.iloc[0].to_dict() if len(found) else None


def view(code: str, given: Mapping[str, object], reader: Reader, strict: bool = False) -> series.Series | None:
    """Only the chosen indicator's series (a filter changed): the sector's indicators are its choices."""
    catalogue = queries.catalogue(reader.classes)
    codes = catalogue.loc[catalogue["sector"] == code, "code"].tolist()
    if not codes:
        return None
    return series.read(codes[0], given, reader, indicators=codes, strict=strict)


def page(code: str, query: Mapping[str, object], reader: Reader) -> SectorPage | None:
    """The whole page; None for an unknown sector."""
    sector = find(code)
    if sector is None:
        return None
    catalogue = queries.catalogue(reader.classes)
    mine = catalogue[catalogue["sector"] == code]
    chosen = view(code, query, reader)
    indicators = [(r["code"], pick(r, "name", reader.lang)) for r in mine.to_dict("records")]
    return SectorPage(sector, indicators, cards(mine, reader), standing(mine, reader), chosen)


def repeats_standing(found: series.Series) -> bool:
    """Whether the chosen indicator's ranking is one the page already shows where the regencies stand: a headline
    indicator ranked at the regencies' latest period (a window that ends earlier ranks another period)."""
    regencies = found.coverage[found.coverage["region"] != series.PROVINCE]
    if pd.isna(found.meta.get("headline")) or regencies.empty or found.view.ranking_period is None:
        return False
    return found.view.ranking_period == regencies["last"].max()


def standing_of(code: str, reader: Reader, years: tuple[int, int] | None = None) -> list[Chart]:
    """Where the regencies stand on each headline indicator of sector `code` (the page's other charts), within
    `years` when given (the ZIP of a view holds them at the view's window)."""
    catalogue = queries.catalogue(reader.classes)
    return standing(catalogue[catalogue["sector"] == code], reader, years)
