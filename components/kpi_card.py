"""The KPI card: latest value, period, change coloured by polarity, target progress, sparkline."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.sparkline import sparkline
from components.theme import DIRECTION_COLOURS, PRIMARY
from portal import fmt
from portal.i18n import pick, t
from portal.kpi import Kpi
from portal.periods import label

ARROWS = {"better": "▲", "worse": "▼", "same": "■", "neutral": "●", "none": ""}


def _change(kpi: Kpi, meta: dict, lang: str) -> html.Div:
    if kpi.delta is None:
        return html.Div(t("no_data", lang), className="kpi-change text-muted")
    # The arrow shows the direction of the value; the colour and word say whether that is good.
    arrow = "▲" if kpi.delta > 0 else ("▼" if kpi.delta < 0 else "■")
    verdict = {"better": t("better", lang), "worse": t("worse", lang), "same": t("unchanged", lang)}.get(
        kpi.direction, ""
    )
    return html.Div(
        [
            html.Span(
                f"{arrow} {fmt.change(kpi.delta, meta['decimals'], pick(meta, 'unit', lang), lang)}",
                className=f"kpi-delta kpi-{kpi.direction}",
            ),
            html.Span(f" {verdict}" if verdict else "", className=f"kpi-verdict kpi-{kpi.direction}"),
            html.Span(" " + t("change_since", lang, period=label(kpi.prev_period, lang)), className="text-muted"),
        ],
        className="kpi-change",
    )


def _target(kpi: Kpi, meta: dict, lang: str) -> html.Div | None:
    if kpi.target_value is None:
        return None
    text = f"{t('target', lang, year=kpi.target_year)}: {fmt.value(kpi.target_value, pick(meta, 'unit', lang), meta['decimals'], lang)}"
    parts = [html.Span(text)]
    if kpi.target_met is not None:
        parts.append(
            html.Span(
                f" · {t('target_met' if kpi.target_met else 'target_not_met', lang)}",
                className="kpi-better" if kpi.target_met else "kpi-worse",
            )
        )
    if kpi.target_sample:
        parts.append(html.Span(f" ({t('sample_target', lang)})", className="text-muted"))
    return html.Div(parts, className="kpi-target small")


def _name(kpi: Kpi, name: str) -> html.H3:
    """The indicator's name, a link to its page that covers the whole card (a tap anywhere on it opens it)."""
    return html.H3(
        dcc.Link(name, href=f"/indikator/{kpi.code}", className="stretched-link kpi-link"), className="kpi-name"
    )


def _ends(kpi: Kpi, meta: dict, lang: str) -> list:
    """The sparkline's first and last period and value, written at its two ends."""
    unit, decimals = pick(meta, "unit", lang), meta["decimals"]

    def end(i: int, side: str) -> html.Small:
        text = [label(kpi.periods[i], lang), html.Br(), fmt.value(kpi.values[i], unit, decimals, lang)]
        return html.Small(text, className=f"kpi-spark-label kpi-spark-{side} text-muted", **{"aria-hidden": "true"})

    return [end(0, "start"), end(-1, "end")] if len(kpi.values) >= 2 else [None, None]


def kpi_card(kpi: Kpi, meta: dict, lang: str) -> html.Article:
    """One headline indicator as a card linked to its indicator page; `meta` is its catalogue row."""
    name = pick(meta, "name", lang)
    if kpi.value is None:
        body = [_name(kpi, name), html.P(t("no_data", lang), className="text-muted")]
        return html.Article(
            html.Div(body, className="card-body"), className="card kpi-card h-100", **{"data-indicator": kpi.code}
        )
    values = kpi.values
    alt = t(
        "trend_alt",
        lang,
        name=name,
        first=label(kpi.periods[0], lang),
        last=label(kpi.periods[-1], lang),
        start=fmt.value(values[0], pick(meta, "unit", lang), meta["decimals"], lang),
        end=fmt.value(values[-1], pick(meta, "unit", lang), meta["decimals"], lang),
    )
    badge = (
        dbc.Badge(t("sample_badge", lang), color="warning", text_color="dark", className="kpi-badge align-self-start")
        if kpi.is_sample
        else html.A(
            dbc.Badge(t("real_badge", lang), color="success", className="kpi-badge align-self-start"),
            href=kpi.source_url,
            target="_blank",
            rel="noopener",
            className="kpi-source-link",
            title=f"{t('source', lang)}: {kpi.source_url}",
        )
    )
    polarity = {1: t("higher_better", lang), -1: t("lower_better", lang)}.get(meta["polarity"], "")
    start, end = _ends(kpi, meta, lang)
    return html.Article(
        html.Div(
            [
                html.Div([_name(kpi, name), badge], className="d-flex justify-content-between gap-2"),
                html.Div(
                    [
                        html.Span(
                            fmt.value(kpi.value, pick(meta, "unit", lang), meta["decimals"], lang),
                            className="kpi-value",
                        ),
                        html.Span(label(kpi.period, lang), className="kpi-period text-muted ms-2"),
                    ]
                ),
                _change(kpi, meta, lang),
                _target(kpi, meta, lang),
                html.Div(
                    [
                        start,
                        sparkline(values, DIRECTION_COLOURS.get(kpi.direction, PRIMARY), alt),
                        end,
                    ],
                    className="d-flex align-items-center gap-2 mt-2 kpi-spark",
                ),
                html.Small(polarity, className="text-muted d-block"),
            ],
            className="card-body",
        ),
        className="card kpi-card h-100",
        **{"data-indicator": kpi.code},
    )
