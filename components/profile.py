"""The regency profile's tables: each sector's headline indicators against the province, and what changed most.
Factories on the page state (portal/state/profile.py); no data access.
"""

from __future__ import annotations

from dash import html

# The KPI card's change and target lines read the same in a profile row.
from components.kpi_card import _change as change_line
from components.kpi_card import _target as target_line
from components.regional import labelled, sample_badge, versus
from portal import fmt
from portal.i18n import pick, t
from portal.periods import label
from portal.state.profile import ProfileRow


def _indicator_list(rows: list[ProfileRow], empty: str, what, class_name: str, lang: str) -> html.Div:
    """One line per indicator: its name, then `what(row, unit, decimals)`; the text `empty` when there is none."""
    if not rows:
        return html.P(empty, className="text-muted mb-0")
    items = [
        html.Li(
            [
                html.Strong(pick(row.meta, "name", lang)),
                *what(row, pick(row.meta, "unit", lang), int(row.meta["decimals"])),
            ],
            **{"data-indicator": row.meta["code"]},
        )
        for row in rows
    ]
    return html.Ul(items, className=f"mb-0 profile-changes {class_name}")


def changes_list(top: list[ProfileRow], lang: str) -> html.Div:
    """'What changed most': one line per indicator with the old and new value and whether that is better."""

    def what(row: ProfileRow, unit: str, decimals: int) -> list:
        kpi = row.kpi
        return [
            f": {fmt.value(kpi.prev_value, unit, decimals, lang)} ({label(kpi.prev_period, lang)}) → "
            f"{fmt.value(kpi.value, unit, decimals, lang)} ({label(kpi.period, lang)}), ",
            change_line(kpi, row.meta, lang),
        ]

    return _indicator_list(top, t("prf_no_changes", lang), what, "", lang)


def off_track_list(rows: list[ProfileRow], lang: str) -> html.Div:
    """The indicators that miss their target: the latest value, and the target it misses."""

    def what(row: ProfileRow, unit: str, decimals: int) -> list:
        kpi = row.kpi
        return [
            f": {fmt.value(kpi.value, unit, decimals, lang)} ({label(kpi.period, lang)}) ",
            sample_badge(kpi.is_sample, lang),
            target_line(kpi, row.meta, lang),
        ]

    return _indicator_list(rows, t("prf_no_off_track", lang), what, "profile-off-track", lang)


def sector_table(rows: list[ProfileRow], sector_name: str, region_name: str, lang: str) -> html.Table:
    """A sector's headline indicators: the regency, the province, its rank, the change, the target."""
    head = [
        t("prf_col_indicator", lang),
        t("prf_col_value", lang),
        t("prf_col_province", lang),
        t("prf_col_rank", lang),
        t("prf_col_change", lang),
        t("prf_col_target", lang),
    ]
    body = []
    for row in rows:
        kpi, meta = row.kpi, row.meta
        unit, decimals = pick(meta, "unit", lang), int(meta["decimals"])
        polarity = {1: t("higher_better", lang), -1: t("lower_better", lang)}.get(int(meta["polarity"]), "")
        name_cell = html.Th(
            [pick(meta, "name", lang), html.Br(), html.Small(polarity, className="text-muted")], scope="row"
        )
        if kpi.value is None:
            body.append(
                html.Tr(
                    [name_cell, html.Td(t("no_data", lang), colSpan=5, className="text-muted fst-italic")],
                    **{"data-indicator": meta["code"]},
                )
            )
            continue
        body.append(
            html.Tr(
                labelled(
                    [
                        name_cell,
                        html.Td(
                            [
                                html.Span(fmt.value(kpi.value, unit, decimals, lang), className="profile-value"),
                                html.Span(f" {label(kpi.period, lang)}", className="text-muted small"),
                                html.Br(),
                                sample_badge(kpi.is_sample, lang),
                            ]
                        ),
                        html.Td(
                            [
                                fmt.value(row.province, unit, decimals, lang),
                                html.Br(),
                                html.Small(versus(kpi.value, row.province, row.vs_province, lang)),
                            ]
                        ),
                        html.Td(t("prf_rank", lang, rank=row.rank, total=row.ranked), className="profile-rank"),
                        html.Td(change_line(kpi, meta, lang), className="small"),
                        html.Td(target_line(kpi, meta, lang), className="small"),
                    ],
                    head,
                ),
                **{"data-indicator": meta["code"], "data-rank": str(row.rank)},
            )
        )
    total = max((r.ranked for r in rows), default=10)
    return html.Table(
        [
            html.Caption(
                t("prf_table_caption", lang, sector=sector_name, region=region_name, total=total),
                className="visually-hidden",
            ),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
            html.Tbody(body),
        ],
        className="table table-sm align-middle profile-table stack-sm mb-2",
    )
