"""/indikator/<kode> — one indicator: chart, table and metadata tabs, under the reader's window; downloads."""

from __future__ import annotations

import logging

import dash
from dash import Output, dcc, html

from components import indicator_page, series
from components.layout import error_notice, not_found_notice
from pages._charts import lazy_charts
from pages._series import Wiring, series_ids, wire
from portal import queries
from portal.i18n import pick, t
from portal.state import indicator
from portal.state import series as series_state
from web import reader

log = logging.getLogger(__name__)


def _title(kode: str | None = None, **_vars) -> str:
    """The indicator's name in the browser tab; the code of an unknown or hidden one is never echoed."""
    now = reader.current()
    try:
        meta = queries.indicator(str(kode), now.classes)
    except queries.DatabaseError:
        meta = None
    return f"{pick(meta, 'name', now.lang) if meta else t('not_found_title', now.lang)} · Satu Data Kaltim"


def _found(kode: str) -> bool:
    """Whether the reader may open this indicator (an unknown and a restricted one read the same: not found)."""
    return queries.indicator(str(kode), reader.current().classes) is not None


dash.register_page(__name__, path_template="/indikator/<kode>", title=_title, found=_found)


Ids = series_ids("indikator", CHARTS="grafik", TABLE="tabel", TABLE_CAPTION="tabel-keterangan", TABS="tabs")


def layout(kode: str | None = None, **query) -> html.Div:
    now = reader.current()
    try:
        state = indicator.page(str(kode), query, now)
    except queries.DatabaseError:
        log.exception("indicator page: database error")
        return html.Div(error_notice(now.lang))
    if state is None:
        link = dcc.Link(t("ind_to_catalogue", now.lang), href="/katalog")
        return html.Div([not_found_notice(now.lang, t("ind_unknown", now.lang)), link])
    return indicator_page.layout(state, Ids, now)


wire(
    Wiring(
        ids=Ids,
        load=lambda key, given, now: indicator.page(key, given, now, strict=True),
        series=lambda state: state.series,
        outputs=[Output(Ids.CHARTS, "children"), Output(Ids.TABLE, "rowData"), Output(Ids.TABLE_CAPTION, "children")],
        redraw=lambda state: (series.render(state.series.view, "indikator"), state.table, state.caption),
        path="/indikator/{key}",
    )
)


def _charts(kode: str, query: dict, now) -> dict:
    found = series_state.read(kode, query, now)  # the page's charts, read from its address as the page reads it
    return indicator_page.charts(found.view) if found else {}


lazy_charts("indikator", _charts)
