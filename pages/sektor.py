"""/sektor/<kode> — one priority sector: headline KPIs, where the regencies stand, one indicator's series."""

from __future__ import annotations

import logging

import dash
from dash import Output, html

from components import sector_page
from components.layout import error_notice, not_found_notice
from pages._charts import lazy_charts
from pages._series import Wiring, series_ids, wire
from portal import queries
from portal.i18n import pick, t
from portal.state import sector
from portal.vocab import sectors
from web import reader

SECTORS = {s["code"]: s for s in sectors()}  # the reference data's priority sectors, in their order
log = logging.getLogger(__name__)


def _title(kode: str | None = None, **_vars) -> str:
    lang = reader.lang()
    title = t("sec_title", lang, name=pick(SECTORS[kode], "name", lang)) if kode in SECTORS else None
    return f"{title or t('not_found_title', lang)} · Satu Data Kaltim"


dash.register_page(
    __name__,
    path_template="/sektor/<kode>",
    title=_title,
    found=lambda kode: kode in SECTORS,
    nav="nav_sectors",
    nav_items=[(f"/sektor/{code}", names) for code, names in SECTORS.items()],
    order=1,
    app_waits=True,
)


Ids = series_ids("sektor", INDICATOR="indikator", VIEW="view", NARRATIVE="narasi")


def layout(kode: str | None = None, **query) -> html.Div:
    now = reader.current()
    try:
        state = sector.page(str(kode), query, now)
    except queries.DatabaseError:
        log.exception("sector page: database error")
        return html.Div(error_notice(now.lang))
    if state is None:
        return not_found_notice(now.lang, t("sec_unknown", now.lang, code=kode))
    return sector_page.layout(state, Ids, now.lang)


wire(
    Wiring(
        ids=Ids,
        load=lambda key, given, now: sector.view(key, given, now, strict=True),
        series=lambda found: found,
        outputs=[Output(Ids.VIEW, "children"), Output(Ids.NARRATIVE, "children")],
        redraw=lambda found: (sector_page.view_children(found, found.view.lang), sector_page.narrative(found)),
        path="/sektor/{key}",
        more_charts=lambda found, now: sector.standing_of(
            found.meta["sector"], now, (found.window.start, found.window.end)
        ),
    )
)


def _charts(kode: str, query: dict, now) -> dict:
    state = sector.page(kode, query, now)
    return sector_page.charts(state) if state else {}


lazy_charts("sektor", _charts)
