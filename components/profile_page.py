"""The regency profile's page: its header, what changed most, a section per sector, and the kecamatan/desa below."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import share, subregions
from components.chart_card import chart_card
from components.profile import changes_list, off_track_list, sector_table
from portal.i18n import t
from portal.state import share as shared
from portal.state.charts import Chart
from portal.state.profile import ProfilePage, Section

# A trend with its two-line legend, its unit's axis and a source line of several lines on a phone still keeps a plot
# tall enough to read.
PROFILE_CHART_HEIGHT = 520


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


def address(state: ProfilePage) -> str:
    """The profile's own address (what its lazy charts are drawn from; the kecamatan choice below changes in place)."""
    return f"/wilayah/{state.region['code']}"


def charts(state: ProfilePage, ids) -> dict[str, tuple[Chart, int]]:
    """Every chart of the profile by its id, with its height (what a lazy chart is drawn from); `ids` are the
    page's component ids (the kecamatan/desa ranking's among them)."""
    found = {c.key: (c, PROFILE_CHART_HEIGHT) for s in state.sections for c in s.charts}
    if state.below.chart is not None:
        found[ids.GRAPH] = (state.below.chart, subregions.height(state.below.chart))
    return found


def _sector(section: Section, region_name: str, lang: str, source: str) -> html.Details:
    """A sector folded under its heading: open on a wide screen and in print, folded on a phone (assets/layout.js),
    so a phone reader opens the sectors they came for instead of scrolling through all of them. Its charts are
    drawn when they come near the screen (`source`: the profile's address)."""
    charts = [
        html.Div(
            chart_card(c.key, c, height=PROFILE_CHART_HEIGHT, source=source),
            className="col-md-6 col-xxl-4 profile-chart",
        )
        for c in section.charts
    ]
    code = section.sector["code"]
    return html.Details(
        [
            html.Summary(
                [
                    html.H2(section.name, className="sector-title h4 d-inline"),
                    html.Span(t("prf_sector_count", lang, n=len(section.rows)), className="text-muted small ms-2"),
                ],
                className="profile-sector-summary",
            ),
            html.Div(sector_table(section.rows, section.name, region_name, lang), className="table-responsive"),
            html.Div(charts, className="row profile-charts"),
        ],
        open=True,
        className="profile-sector mb-3",
        id=f"sektor-{code}",
        **{"data-sector": code},
    )


def _jump(sections: list[Section], lang: str) -> html.Nav:
    """Links to each sector's heading (a folded sector opens when its link is followed: assets/layout.js)."""
    links = [
        html.Li(html.A(s.name, href=f"#sektor-{s.sector['code']}", className="btn btn-outline-secondary btn-sm"))
        for s in sections
    ]
    return html.Nav(
        [html.Span(t("prf_jump", lang), className="small fw-semibold me-2"), html.Ul(links, className="profile-jump")],
        className="d-print-none mb-3",
        **{"aria-label": t("prf_jump", lang)},
    )


def layout(state: ProfilePage, ids, lang: str) -> html.Div:
    """The whole profile; `ids` are the page's component ids."""
    region, here = state.region, address(state)
    header = html.Div(
        [
            html.Div(
                [
                    html.H1(t("prf_title", lang, name=region["name_full"]), className="h3 mb-1"),
                    html.P(
                        t("prf_codes", lang, bps=region["code"], kemendagri=region["kemendagri_code"]),
                        className="mb-1 small",
                        id="profile-codes",
                    ),
                    html.P([html.Strong(t("updated", lang) + ": "), state.updated], className="small mb-1"),
                    html.P(
                        html.A(
                            t("pack_link_regency", lang, name=region["name_full"]),
                            href=f"/unduh/wilayah/{region['code']}.xlsx",
                            download="",
                            id="pack-regency",
                        ),
                        className="small mb-1 d-print-none",
                    ),
                ]
            ),
            html.Button(
                t("prf_print", lang),
                id=ids.PRINT,
                className="btn btn-outline-primary btn-sm d-print-none align-self-start",
                n_clicks=0,
            ),
        ],
        className="d-flex justify-content-between gap-2 flex-wrap",
    )
    sample = html.Div(t("prf_sample_notice", lang), className="alert alert-warning py-2 small", id="sample-notice")
    return html.Div(
        [
            html.Nav(
                dcc.Link(t("prf_back", lang), href=f"/wilayah?wilayah={region['code']}"),
                className="small mb-2 d-print-none",
            ),
            header,
            html.P(t("prf_lead", lang), className="text-muted small"),
            share.panel(shared.of_profile(state, share.absolute(here), lang), region["name_full"], lang),
            sample if state.sample else None,
            # What matters first: what changed most and what misses its target; the sectors follow, foldable.
            html.Div(
                [
                    html.Section(
                        [html.H2(t("prf_changes_title", lang), className="h5"), changes_list(state.changes, lang)],
                        className="card card-body profile-summary col",
                        id="profile-changes",
                    ),
                    html.Section(
                        [
                            html.H2(t("prf_off_track_title", lang), className="h5"),
                            off_track_list(state.off_track, lang),
                        ],
                        className="card card-body profile-summary col",
                        id="profile-off-track",
                    ),
                ],
                className="profile-lead mb-3",
            ),
            _jump(state.sections, lang),
            *(_sector(s, region["name_full"], lang, here) for s in state.sections),
            # Far down the page: its ranking is drawn when the reader gets there, like the sectors' charts.
            subregions.section(ids, state.below, lang, source=here + state.below.address()),
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.REGION, data=region["code"]),
        ],
        className="profile-page",
        id="profile",
        **{"data-region": region["code"]},
    )
