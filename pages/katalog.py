"""/katalog — every public indicator: searchable, filterable by sector and producer, with freshness."""

from __future__ import annotations

import logging
from enum import StrEnum

import dash
import pandas as pd
from babel.dates import format_date
from dash import Input, Output, callback, dcc, html, no_update

from components.layout import error_notice, url_notice
from components.listing import choice, controls, filter_rows, respond, results, search_box, select
from components.metadata import frequency_label, freshness
from portal import fmt, queries
from portal.i18n import pick, t, t_of
from portal.periods import label
from portal.urlfilters import dropped_notice, parse_choices, scalar
from web import reader

dash.register_page(
    __name__, path="/katalog", nav="nav_catalogue", order=3, title="Katalog Indikator · Satu Data Kaltim"
)
log = logging.getLogger(__name__)


class Ids(StrEnum):
    URL = "katalog-url"
    NOTICE = "katalog-notice"
    SEARCH = "katalog-cari"
    SECTOR = "katalog-sektor"
    PRODUCER = "katalog-produsen"
    COUNT = "katalog-jumlah"
    GRID = "katalog-grid"


def _data_kind(values: int, samples: int, lang: str) -> str:
    if values and samples == values:
        return t("cat_data_sample", lang)
    if not samples:
        return t("cat_data_real", lang)
    return t("cat_data_mixed", lang, real=fmt.number(values - samples, 0, lang), sample=fmt.number(samples, 0, lang))


def catalogue_rows(lang: str) -> pd.DataFrame:
    """The public catalogue with sector names, freshness and the share of sample data."""
    classes = reader.current().classes
    catalogue = queries.catalogue(classes)
    sectors = queries.sectors().set_index("code")
    fresh = queries.indicator_freshness()[["code", "latest_period", "last_loaded_at"]]
    counts = queries.sample_counts(classes).rename(columns={"indicator": "code"})
    rows = catalogue.merge(fresh, on="code", how="left").merge(counts, on="code", how="left")
    # Sectors in their display order (kemiskinan first), headline indicators first within a sector.
    rows["position"] = rows["sector"].map(sectors["position"])
    rows = rows.sort_values(["position", "headline", "code"], na_position="last").reset_index(drop=True)
    rows["values"] = rows["values"].fillna(0).astype(int)
    rows["sample_values"] = rows["sample_values"].fillna(0).astype(int)
    rows["sector_name"] = [pick(sectors.loc[s].to_dict() | {"code": s}, "name", lang) for s in rows["sector"]]
    rows["name"] = [pick(r, "name", lang) for r in rows.to_dict("records")]
    rows["definition"] = [pick(r, "definition", lang) for r in rows.to_dict("records")]
    return rows


def grid_rows(rows: pd.DataFrame, lang: str) -> list[dict]:
    out = []
    for r in rows.to_dict("records"):
        latest = r["latest_period"] if isinstance(r["latest_period"], str) else None
        state = freshness(latest, r["frequency"])
        loaded = r["last_loaded_at"]
        out.append(
            {
                "code": r["code"],
                "name": f"[{r['name']}](/indikator/{r['code']})",
                "sector": r["sector_name"],
                "unit": pick(r, "unit", lang),
                "frequency": frequency_label(r["frequency"], lang),
                "producer": r["producer_agency"],
                "latest": latest or "",
                "latest_label": label(latest, lang) if latest else "–",
                "loaded": format_date(loaded, format="medium", locale=fmt.LOCALES[lang]) if pd.notna(loaded) else "–",
                "fresh": t_of("fresh", state, lang),
                "fresh_state": state,
                "data": _data_kind(r["values"], r["sample_values"], lang),
            }
        )
    return out


def _columns(lang: str) -> list[dict]:
    return [
        {
            "field": "name",
            "headerName": t("cat_col_name", lang),
            "cellRenderer": "markdown",
            "linkTarget": "_self",
            "minWidth": 240,
            "flex": 2,
            "pinned": "left",
        },
        {"field": "sector", "headerName": t("cat_col_sector", lang), "width": 130},
        {"field": "unit", "headerName": t("cat_col_unit", lang), "width": 130},
        {"field": "frequency", "headerName": t("cat_col_frequency", lang), "width": 130},
        {"field": "producer", "headerName": t("cat_col_producer", lang), "minWidth": 200, "flex": 1},
        {
            "field": "latest",
            "headerName": t("cat_col_latest", lang),
            "valueFormatter": {"function": "params.data.latest_label"},
            "width": 130,
        },
        {
            "field": "fresh",
            "headerName": t("cat_col_fresh", lang),
            "cellClassRules": {
                "fresh-current": "params.data.fresh_state === 'current'",
                "fresh-behind": "params.data.fresh_state !== 'current'",
            },
            "width": 140,
        },
        {"field": "loaded", "headerName": t("cat_col_loaded", lang), "width": 140},
        {"field": "data", "headerName": t("cat_col_data", lang), "width": 170},
        {"field": "code", "headerName": t("cat_col_code", lang), "width": 190},
    ]


def _filtered(rows: pd.DataFrame, chosen: dict) -> pd.DataFrame:
    return filter_rows(
        rows,
        chosen.get("q"),
        ["name_id", "name_en", "code", "definition_id", "definition_en", "producer_agency"],
        {"sector": chosen.get("sektor"), "producer_agency": chosen.get("produsen")},
    )


def _allowed(rows: pd.DataFrame) -> dict:
    return {"sektor": rows["sector"].unique().tolist(), "produsen": rows["producer_agency"].unique().tolist()}


def layout(**query) -> html.Div:
    lang = reader.lang()
    try:
        rows = catalogue_rows(lang)
    except queries.DatabaseError:
        log.exception("catalogue: database error")
        return html.Div(error_notice(lang))
    chosen, dropped = parse_choices(query, _allowed(rows))
    shown = _filtered(rows, chosen)
    sectors = rows.drop_duplicates("sector")[["sector", "sector_name"]].itertuples(index=False)
    producers = sorted(rows["producer_agency"].unique())
    return html.Div(
        [
            dcc.Location(id=Ids.URL, refresh=False),
            html.H1(t("cat_title", lang), className="h3 mb-1"),
            html.P(t("cat_lead", lang), className="text-muted"),
            url_notice(Ids.NOTICE, dropped_notice(dropped, lang)),
            controls(
                lang,
                search_box(Ids.SEARCH, chosen.get("q", ""), t("cat_search_placeholder", lang), lang, xs=12, lg=4),
                select(Ids.SECTOR, t("cat_sector", lang), list(sectors), chosen.get("sektor"), lang, xs=12, md=6, lg=3),
                select(
                    Ids.PRODUCER,
                    t("cat_producer", lang),
                    [(p, p) for p in producers],
                    chosen.get("produsen"),
                    lang,
                    xs=12,
                    md=6,
                    lg=5,
                ),
            ),
            *results(Ids.COUNT, Ids.GRID, grid_rows(shown, lang), _columns(lang), len(rows), lang),
        ],
        className="catalogue-page",
    )


@callback(
    Output(Ids.GRID, "rowData"),
    Output(Ids.COUNT, "children"),
    Output(Ids.URL, "search"),
    Output(Ids.NOTICE, "children"),
    Input(Ids.SEARCH, "value"),
    Input(Ids.SECTOR, "value"),
    Input(Ids.PRODUCER, "value"),
    prevent_initial_call=True,
)
def update(text, sector, producer):
    """Search or a filter changed: the matching indicators, their count, and the address that reopens them."""
    lang = reader.lang()
    try:
        rows = catalogue_rows(lang)
    except queries.DatabaseError:
        log.exception("catalogue: database error")
        return no_update, no_update, no_update, error_notice(lang)
    query = {"q": scalar(text), "sektor": choice(sector), "produsen": choice(producer)}
    return respond(rows, query, _allowed(rows), _filtered, grid_rows, Ids.NOTICE, lang)
