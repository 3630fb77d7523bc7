"""Building blocks of the regional views: the ranked table, the selection panel, the gap note, the scorecard, and
the cells the regency profile shares with them. Factories on the page state; no data access.
"""

from __future__ import annotations

import math

from dash import dcc, html

from portal import fmt
from portal.i18n import pick, t
from portal.periods import label
from portal.state.regional import Comparison, MapData


def _verdict(vs: str, lang: str) -> tuple[str, str]:
    word = {"better": t("reg_better_word", lang), "worse": t("reg_worse_word", lang)}.get(vs, "")
    return word, {"better": "kpi-better", "worse": "kpi-worse"}.get(vs, "kpi-same")


def versus(value: float, province: float | None, vs: str, lang: str) -> html.Span | str:
    """'↑ lebih tinggi · lebih buruk': the arrow is the value's side of the province, the word whether it is good;
    a total's share of the province's ('14,7% dari total provinsi')."""
    if province is None or value is None or math.isnan(value):
        return ""
    if vs == "share":
        # A total against the province's total: how much of it the regency holds, never better or worse.
        share = fmt.number(100 * value / province, 1, lang) if province else "–"
        return html.Span(t("reg_share_of_province", lang, share=share), className="kpi-same text-nowrap")
    side = (
        t("reg_higher", lang)
        if value > province
        else t("reg_lower", lang)
        if value < province
        else t("reg_equal", lang)
    )
    word, css = _verdict(vs, lang)
    if not word or vs == "same":
        return html.Span(side, className=css)
    # Each half on its own line when the cell is narrow, never broken inside.
    return html.Span(
        [html.Span(side, className="text-nowrap"), " · ", html.Span(word, className="text-nowrap")], className=css
    )


def sample_badge(is_sample: bool, lang: str) -> html.Span:
    """A small text label: 'Data contoh' for synthetic figures, 'Resmi' for published ones."""
    if is_sample:
        return html.Span(t("sample_badge", lang), className="badge text-bg-warning reg-badge")
    return html.Span(t("real_badge", lang), className="badge text-bg-success reg-badge")


def labelled(cells: list, labels: list[str]) -> list:
    """Give each cell its column's name, which a phone shows beside the value where the table stacks."""
    for cell, name in zip(cells, labels, strict=True):
        setattr(cell, "data-label", name)
    return cells


def ranking_table(data: MapData, meta: dict, lang: str) -> html.Table:
    """The map's text alternative: every regency, best first, gaps last and named as such."""
    unit, decimals = pick(meta, "unit", lang), int(meta["decimals"])
    polarity = {1: t("higher_better", lang), -1: t("lower_better", lang)}.get(data.polarity, "")
    frame = data.frame.sort_values(["rank", "code"], na_position="last")
    head = [
        t("reg_col_rank", lang),
        t("reg_col_region", lang),
        t("reg_col_value", lang),
        t("reg_col_change", lang),
        t("reg_col_vs_province", lang),
        t("reg_col_data", lang),
    ]
    body = []
    for row in frame.to_dict("records"):
        missing = math.isnan(row["value"])
        body.append(
            html.Tr(
                labelled(
                    [
                        html.Td("–" if missing else str(int(row["rank"])), className="text-end"),
                        html.Th(dcc.Link(row["name_full"], href=f"/wilayah/{row['code']}"), scope="row"),
                        html.Td(
                            t("no_data", lang) if missing else fmt.value(row["value"], unit, decimals, lang),
                            className="text-end reg-value" + (" text-muted fst-italic" if missing else ""),
                        ),
                        html.Td("" if missing else row["change_text"].split(": ", 1)[-1], className="small"),
                        html.Td(
                            "" if missing else versus(row["value"], data.province_value, row["vs_province"], lang),
                            className="small",
                        ),
                        html.Td("" if missing else sample_badge(bool(row["is_sample"]), lang)),
                    ],
                    head,
                ),
                **{"data-region": row["code"], "data-value": "" if missing else repr(float(row["value"]))},
            )
        )
    if data.province_value is not None:
        body.append(
            html.Tr(
                labelled(
                    [
                        html.Td(""),
                        html.Th(t("reg_province_row", lang), scope="row"),
                        html.Td(fmt.value(data.province_value, unit, decimals, lang), className="text-end reg-value"),
                        html.Td(""),
                        html.Td(""),
                        html.Td(""),
                    ],
                    head,
                ),
                className="table-light fw-semibold",
                **{"data-region": "64"},
            )
        )
    return html.Table(
        [
            html.Caption(
                t(
                    "reg_table_caption",
                    lang,
                    name=pick(meta, "name", lang),
                    period=label(data.period, lang),
                    polarity=polarity,
                )
            ),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
            html.Tbody(body),
        ],
        className="table table-sm align-middle reg-table stack-sm mb-0",
        id="wilayah-table",
    )


def selection_panel(data: MapData, meta: dict, code: str | None, lang: str) -> html.Div:
    """What the reader selected, with its value, rank and a link to its profile; a hint when nothing is."""
    rows = data.frame[data.frame["code"] == code] if code else data.frame.iloc[0:0]
    if rows.empty:
        return html.Div(t("reg_select_hint", lang), className="text-muted small", id="wilayah-selection-hint")
    row = rows.iloc[0].to_dict()
    unit, decimals = pick(meta, "unit", lang), int(meta["decimals"])
    if math.isnan(row["value"]):
        facts = [html.Strong(row["name_full"]), ": ", t("map_no_data_for", lang, period=label(data.period, lang))]
    else:
        value = fmt.value(row["value"], unit, decimals, lang)
        facts = [
            html.Strong(t("reg_selected", lang, name=row["name_full"], value=value, period=label(data.period, lang))),
            " · ",
            row["rank_text"],
            " · ",
            versus(row["value"], data.province_value, row["vs_province"], lang),
            f" ({t('chart_province', lang)} {fmt.value(data.province_value, unit, decimals, lang)})"
            if data.province_value is not None
            else "",
        ]
    return html.Div(
        [
            html.P(facts, className="mb-2"),
            dcc.Link(
                t("reg_open_profile", lang, name=row["name_full"]),
                href=f"/wilayah/{row['code']}",
                className="btn btn-primary btn-sm",
                id="wilayah-profile-link",
            ),
        ],
        id="wilayah-selection",
        **{"data-region": row["code"]},
    )


def gap_note(data: MapData, lang: str) -> html.P | None:
    """A visible sentence naming the regencies without data for the period."""
    if data.gaps.empty:
        return None
    names = ", ".join(data.gaps["name_full"])
    return html.P(
        t("reg_gap_note", lang, period=label(data.period, lang), names=names),
        className="small reg-gap-note",
        id="wilayah-gaps",
    )


def scorecard(comparison: Comparison, lang: str) -> html.Div:
    """Chosen regencies side by side across the headline indicators, each value judged against the province."""
    codes, names = comparison.codes, comparison.names
    head = [
        t("reg_col_indicator", lang),
        t("reg_col_period", lang),
        t("chart_province", lang),
        *[names[c] for c in codes],
    ]
    body, current = [], None
    for row in comparison.rows:
        meta = row.meta
        if meta["sector"] != current:
            current = meta["sector"]
            body.append(
                html.Tr(
                    html.Th(comparison.sectors.get(current, current), colSpan=len(head), scope="colgroup"),
                    className="table-light",
                )
            )
        unit, decimals = pick(meta, "unit", lang), int(meta["decimals"])
        polarity = {1: t("higher_better", lang), -1: t("lower_better", lang)}.get(int(meta["polarity"]), "")
        cells = [
            html.Th([pick(meta, "name", lang), html.Br(), html.Small(polarity, className="text-muted")], scope="row"),
            html.Td(label(row.period, lang)),
            html.Td(fmt.value(row.province, unit, decimals, lang), className="text-end"),
        ]
        for code in codes:
            cell = row.cells[code]
            if cell.value is None:
                cells.append(html.Td(t("no_data", lang), className="text-muted fst-italic text-end"))
                continue
            cells.append(
                html.Td(
                    [
                        html.Span(fmt.value(cell.value, unit, decimals, lang), className="reg-value"),
                        "*" if cell.is_sample else "",
                        html.Br(),
                        html.Small(versus(cell.value, row.province, cell.vs_province, lang)),
                    ],
                    className=f"text-end reg-cell reg-{cell.vs_province}",
                    **{"data-region": code, "data-vs": cell.vs_province},
                )
            )
        body.append(html.Tr(cells, **{"data-indicator": meta["code"]}))
    sample = any(c.is_sample for r in comparison.rows for c in r.cells.values())
    return html.Div(
        [
            html.Div(
                html.Table(
                    [
                        html.Caption(t("reg_compare_caption", lang)),
                        html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
                        html.Tbody(body),
                    ],
                    className="table table-sm align-middle reg-scorecard mb-1",
                    id="wilayah-scorecard",
                ),
                className="table-responsive",
            ),
            html.P(f"* {t('sample_badge', lang)}", className="small text-muted") if sample else None,
        ]
    )
