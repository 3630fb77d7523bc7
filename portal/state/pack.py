"""What a meeting's pack holds, before it is drawn (components/pack.py draws the PDF and the PPTX): the cover, the
previous meeting's commitments with their state now, the exception board's top items in the meeting's sectors, and
one page per chosen indicator with the report-ready chart, its sentence, its source line and the live view's
address (the QR code). Made from the same data and page state as the portal's own pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal import queries
from portal.access import Reader
from portal.i18n import pick
from portal.meetings import MeetingError, now
from portal.state import meeting as meeting_state
from portal.state import series
from portal.state.board import Item
from portal.state.charts import Chart
from portal.state.meeting import Followup
from portal.vocab import MeetingRefusal, Role

TOP_ITEMS = 10
MAX_PAGES = 10  # indicators a pack gives a page each when the meeting chose none: the top items' own
PACK_ROLE = Role.PIMPINAN  # a pack is read by the meeting (leadership and agency heads): every class of indicator


@dataclass
class IndicatorPage:
    code: str
    name: str
    chart: Chart  # the trend of the province and the regencies the top items name
    sentence: str
    sources: str
    url: str  # the live view with its filters


@dataclass
class Pack:
    meeting: dict
    lang: str
    sectors: list[str]
    agencies: list[str]
    previous: dict | None
    commitments: list[Followup]
    top: list[Item]
    pages: list[IndicatorPage]
    loaded_at: datetime | None
    made_at: datetime
    data_version: int

    @property
    def sample(self) -> bool:
        """Whether anything in the pack is sample data (then every page says so)."""
        return any(p.chart.ctx.is_sample for p in self.pages) or any(
            it.row["is_sample"] or bool(it.row.get("target_is_sample")) for it in self.top
        )


def build(meeting_id: int, public_url: str, indicators: list[str] | None = None, lang: str | None = None) -> Pack:
    """The pack of a meeting in its language (or `lang`); `indicators` overrides the meeting's choice.

    An unknown indicator is refused in one sentence (MeetingError), before anything is made."""
    found = queries.meeting(meeting_id)
    if found is None:
        raise MeetingError(MeetingRefusal.MEETING_UNKNOWN)
    lang = lang or found["lang"]
    reader = Reader(PACK_ROLE, lang)
    page = meeting_state.meeting_page(meeting_id, reader)
    top = page.items[:TOP_ITEMS]
    catalogue = queries.catalogue(reader.classes)
    known = set(catalogue["code"])
    chosen = list(indicators if indicators is not None else found["indicators"])
    unknown = [c for c in chosen if c not in known]
    if unknown:
        raise MeetingError(MeetingRefusal.INDICATOR_UNKNOWN, n=len(unknown))
    if not chosen:
        chosen = list(dict.fromkeys(it.row["indicator"] for it in top))[:MAX_PAGES]
    pages = [indicator_page(code, top, reader, public_url) for code in chosen]
    return Pack(
        found,
        lang,
        page.sector_names,
        page.agency_names,
        page.previous,
        page.commitments,
        top,
        [p for p in pages if p is not None],
        queries.last_load(),
        now(),
        queries.data_version(),
    )


def indicator_page(code: str, top: list[Item], reader: Reader, public_url: str) -> IndicatorPage | None:
    """One indicator's page: its trend for the province and the regencies the top items name (at most three)."""
    regions = list(
        dict.fromkeys(it.row["region"] for it in top if it.row["indicator"] == code and it.row["region"] != "64")
    )
    found = series.read(code, {"wilayah": regions[:3]}, reader)
    if found is None or not found.view.charts:
        return None
    view = found.view
    chart = view.charts[0]
    url = f"{public_url}/indikator/{code}{found.window.address(with_indicator=False)}"
    return IndicatorPage(
        code,
        pick(found.meta, "name", reader.lang),
        chart,
        view.sentences[0] if view.sentences else "",
        "; ".join(chart.ctx.sources),
        url,
    )
