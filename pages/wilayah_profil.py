"""/wilayah/<kode> — a regency profile: every sector's headline indicators against the province, trends, targets."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, dcc, html, no_update

from components import subregions
from components.chart_card import chart_card
from components.charts import trend_figure
from components.layout import error_notice, url_notice
from components.profile import changes_list, period_span, profile_rows, sector_table, trend_series
from portal import fmt, queries
from portal.i18n import pick, t
from portal.state.charts import ChartContext
from portal.urlfilters import scalar
from web import reader


def _title(kode: str | None = None, **_vars) -> str:
    """The browser tab in the reader's language."""
    return f"{t('prf_page_title', reader.lang())} · Satu Data Kaltim"


def _description(kode: str | None = None, **_vars) -> str:
    return t("prf_page_description", reader.lang())


dash.register_page(__name__, path_template="/wilayah/<kode>", title=_title, description=_description)
log = logging.getLogger(__name__)


def not_found(code: str, lang: str) -> html.Div:
    """Friendly content for an unknown region code."""
    return html.Div(
        [
            html.H1(t("prf_unknown_title", lang), className="h3"),
            html.P(t("prf_unknown_text", lang, code=code)),
            dbc.Button(t("prf_back", lang), href="/wilayah", color="primary", className="me-2"),
            dbc.Button(t("back_home", lang), href="/", color="secondary", outline=True),
        ],
        className="py-4",
        id="not-found",
    )


def _chart(row, obs, region: dict, names: dict, targets, lang: str) -> html.Div:
    meta = row.meta
    series = trend_series(obs, meta["code"], region["code"], names)
    span = period_span(series, lang)
    name = pick(meta, "name", lang)
    ctx = ChartContext(
        title=name,
        regions=[region["name_full"], names["64"]],
        period=span,
        unit=pick(meta, "unit", lang),
        sources=[meta["producer_agency"]],
        is_sample=bool(series["is_sample"].any()),
        lang=lang,
        filename=f"{meta['code']}_{region['code']}-64_{span.replace('–', '-').replace(' ', '')}",
    )
    own_targets = targets[targets["indicator"] == meta["code"]]
    figure = trend_figure(series, meta, ctx, own_targets if len(own_targets) else None)
    summary = t("prf_trend_alt", lang, name=name, region=region["name_full"], span=span)
    return html.Div(
        chart_card(f"profil-{meta['code']}", figure, ctx, summary, height=360),
        className="col-md-6 col-xxl-4 profile-chart",
    )


SUB_IDS = {
    "url": "profil-url",
    "region": "profil-kode",
    "indicator": "profil-sub-indikator",
    "area": "profil-sub-wilayah",
    "notice": "profil-sub-notice",
    "view": "profil-sub-view",
    "graph": "profil-sub-peringkat",
    "grid": "profil-sub-tabel",
}


class Subregional:
    """The kecamatan/desa choice of a regency profile, checked against what the database holds."""

    def __init__(self, region: dict, indicator: str, area: str, lang: str):
        classes = reader.current().classes
        self.region, self.lang, self.dropped = region, lang, []
        self.kecamatan = queries.subregions(region["code"])
        areas = dict(zip(self.kecamatan["code"], self.kecamatan["name_full"], strict=True))
        if area not in (*areas, subregions.ALL, ""):
            self.dropped.append(f"kecamatan \u201c{area}\u201d")
        self.area = area if area in areas else subregions.ALL
        self.parent = (
            region if self.area == subregions.ALL else {"code": area, "name_full": areas[area], "level": "kecamatan"}
        )
        # The choices: indicators with values anywhere under the regency, whichever area is shown.
        self.codes = queries.subregional_indicators(region["code"], classes) if areas else []
        if indicator and indicator not in self.codes:
            # Not echoed: an unknown and a restricted indicator read the same, as on the other pages.
            self.dropped.append(t("sub_asked_indicator", lang))
        self.indicator = indicator if indicator in self.codes else next(iter(self.codes), "")
        self.meta = queries.indicator(self.indicator, classes) if self.indicator else None
        self.values = queries.subregional_values(self.indicator, self.parent["code"], classes) if self.meta else None

    def search(self) -> str:
        query = {"indikator": self.indicator, "kecamatan": "" if self.area == subregions.ALL else self.area}
        return "?" + urlencode({k: v for k, v in query.items() if v}) if self.indicator else ""

    def notice(self) -> str | None:
        if not self.dropped:
            return None
        return t("sub_dropped", self.lang, values=", ".join(self.dropped))

    def options(self) -> list[tuple[str, str]]:
        names = queries.catalogue(reader.current().classes).set_index("code")
        return [(c, pick(names.loc[c].to_dict(), "name", self.lang)) for c in self.codes if c in names.index]

    def view(self) -> list:
        if self.meta is None:
            return [html.P(t("sub_none_here", self.lang, area=self.parent["name_full"]), className="text-muted")]
        return subregions.view(SUB_IDS, self.meta, self.values, self.parent, self.lang)


def _subregional_section(state: Subregional) -> html.Section:
    lang, regency = state.lang, state.region["name_full"]
    if state.kecamatan.empty:
        body = [
            url_notice(SUB_IDS["notice"], state.notice()),
            html.P(t("sub_none", lang, regency=regency), className="text-muted mb-0"),
        ]
    else:
        kecamatan = list(zip(state.kecamatan["code"], state.kecamatan["name_full"], strict=True))
        body = [
            html.P(t("sub_lead", lang, regency=regency), className="text-muted small"),
            subregions.controls(SUB_IDS, state.options(), kecamatan, (state.indicator, state.area), regency, lang),
            url_notice(SUB_IDS["notice"], state.notice()),
            dcc.Loading(html.Div(state.view(), id=SUB_IDS["view"]), delay_show=400, type="circle"),
        ]
    return html.Section(
        [html.H2(t("sub_title", lang), className="sector-title h4"), *body],
        className="profile-subregions mb-3",
        id="profile-subregions",
    )


@callback(
    Output(SUB_IDS["view"], "children"),
    Output(SUB_IDS["url"], "search"),
    Output(SUB_IDS["notice"], "children"),
    Input(SUB_IDS["indicator"], "value"),
    Input(SUB_IDS["area"], "value"),
    State(SUB_IDS["region"], "data"),
    prevent_initial_call=True,
)
def update_subregional(indicator, area, region_code):
    """Another indicator or area: rank and list its kecamatan or desa, and keep the choice in the address."""
    lang = reader.lang()
    try:
        region = queries.find_region(scalar(region_code))
        if region is None:
            return no_update, no_update, no_update
        state = Subregional(region, scalar(indicator), scalar(area), lang)
    except queries.DatabaseError:
        log.exception("profile page: database error")
        return error_notice(lang), no_update, no_update
    return state.view(), state.search(), url_notice(SUB_IDS["notice"], state.notice()).children


def layout(kode: str = "", **_query) -> html.Div:
    lang = reader.lang()
    try:
        region = queries.find_region(kode)
        if region is None:
            return not_found(kode, lang)
        catalogue = queries.catalogue(reader.current().classes)
        obs = queries.headline_regional(reader.current().classes)
        codes = catalogue.loc[catalogue["headline"].notna(), "code"].tolist()
        targets = queries.targets(codes, region["code"])
        sectors = queries.sectors()
        names = dict(zip(*[queries.regions()[c] for c in ("code", "name_full")], strict=True))
        names["64"] = t("reg_province_row", lang)  # chart legends and context: the province in the reader's language
        loaded = queries.last_load()
        below = Subregional(region, scalar(_query.get("indikator")), scalar(_query.get("kecamatan")), lang)
    except queries.DatabaseError:
        log.exception("profile page: database error")
        return html.Div(error_notice(lang))
    rows = profile_rows(obs, catalogue, region["code"], targets)
    sample = any(r.kpi.is_sample for r in rows if r.kpi.value is not None)
    sections = []
    for sector in sectors.to_dict("records"):
        mine = [r for r in rows if r.meta["sector"] == sector["code"]]
        if not mine:
            continue
        sector_name = pick(sector, "name", lang)
        sections.append(
            html.Section(
                [
                    html.H2(sector_name, className="sector-title h4"),
                    html.Div(sector_table(mine, sector_name, region["name_full"], lang), className="table-responsive"),
                    html.Div(
                        [_chart(r, obs, region, names, targets, lang) for r in mine if r.kpi.value is not None],
                        className="row profile-charts",
                    ),
                ],
                className="profile-sector mb-3",
                **{"data-sector": sector["code"]},
            )
        )
    freshness = fmt.moment(loaded, lang) if loaded else t("never_loaded", lang)
    return html.Div(
        [
            html.Nav(
                dcc.Link(t("prf_back", lang), href=f"/wilayah?wilayah={region['code']}"),
                className="small mb-2 d-print-none",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            html.H1(t("prf_title", lang, name=region["name_full"]), className="h3 mb-1"),
                            html.P(
                                t("prf_codes", lang, bps=region["code"], kemendagri=region["kemendagri_code"]),
                                className="mb-1 small",
                                id="profile-codes",
                            ),
                            html.P([html.Strong(t("updated", lang) + ": "), freshness], className="small mb-1"),
                        ]
                    ),
                    html.Button(
                        t("prf_print", lang),
                        id="profile-print",
                        className="btn btn-outline-primary btn-sm d-print-none align-self-start",
                        n_clicks=0,
                    ),
                ],
                className="d-flex justify-content-between gap-2 flex-wrap",
            ),
            html.P(t("prf_lead", lang), className="text-muted small"),
            html.Div(t("prf_sample_notice", lang), className="alert alert-warning py-2 small", id="sample-notice")
            if sample
            else None,
            html.Section(
                [html.H2(t("prf_changes_title", lang), className="h5"), changes_list(rows, lang)],
                className="card card-body mb-3 profile-summary",
                id="profile-changes",
            ),
            *sections,
            _subregional_section(below),
            dcc.Location(id=SUB_IDS["url"], refresh=False),
            dcc.Store(id=SUB_IDS["region"], data=region["code"]),
        ],
        className="profile-page",
        id="profile",
        **{"data-region": region["code"]},
    )


clientside_callback(
    "function (n) { if (n) { window.print(); } return ''; }",
    Output("profile-print", "title"),
    Input("profile-print", "n_clicks"),
    prevent_initial_call=True,
)
