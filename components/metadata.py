"""An indicator's metadata as the data standard lists it: concept, definition, unit, classification, frequency,
producer, source, last period, last load and coverage."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from portal import fmt
from portal.i18n import pick, t, t_of
from portal.periods import label


def frequency_label(freq: str, lang: str) -> str:
    """tahunan -> Tahunan / Annual (an unknown value is shown as it is)."""
    return t_of("freq", freq, lang)


def classification_label(cls: str, lang: str) -> str:
    """publik -> Publik (terbuka) / Public (open)."""
    return t_of("class", cls, lang)


def producer(meta: dict):
    """The producer's name, a link to its agency's page when an agency of the province produces it."""
    agency = meta.get("agency")
    if isinstance(agency, str) and agency:
        return dcc.Link(meta["producer_agency"], href=f"/instansi/{agency}")
    return meta["producer_agency"]


def _row(term: str, value) -> list:
    return [html.Dt(term, className="col-sm-3"), html.Dd(value, className="col-sm-9")]


def metadata_panel(meta: dict, cov: pd.DataFrame, lang: str) -> html.Div:
    """The metadata tab of an indicator; `cov` is its coverage per region (queries.coverage)."""
    polarity = {1: t("higher_better", lang), -1: t("lower_better", lang)}.get(
        int(meta["polarity"]), t("meta_neutral", lang)
    )
    latest = cov["last"].max() if len(cov) else None
    loaded = cov["loaded_at"].max() if len(cov) else None
    coverage_text = (
        t(
            "meta_coverage_text",
            lang,
            regions=len(cov),
            first=label(cov["first"].min(), lang),
            last=label(cov["last"].max(), lang),
            values=fmt.number(int(cov["values"].sum()), 0, lang),
            samples=fmt.number(int(cov["samples"].sum()), 0, lang),
        )
        if len(cov)
        else t("fresh_empty", lang)
    )
    rows = [
        *_row(t("meta_concept", lang), pick(meta, "name", lang)),
        *_row(t("meta_code", lang), html.Code(meta["code"])),
        *_row(t("meta_sector", lang), pick(meta, "sector_name", lang)),
        *_row(t("meta_definition", lang), pick(meta, "definition", lang)),
        *_row(t("meta_unit", lang), pick(meta, "unit", lang)),
        *_row(t("meta_polarity", lang), polarity),
        *_row(t("meta_classification", lang), classification_label(meta["classification"], lang)),
        *_row(t("meta_frequency", lang), frequency_label(meta["frequency"], lang)),
        *_row(t("meta_producer", lang), producer(meta)),
        *_row(t("meta_source", lang), meta["source_note"]),
        *_row(t("meta_last_period", lang), label(latest, lang) if latest else "–"),
        *_row(t("meta_last_load", lang), fmt.moment(loaded, lang) if loaded is not None else t("never_loaded", lang)),
        *_row(t("meta_coverage", lang), coverage_text),
    ]
    table = dbc.Table(
        [
            html.Caption(t("meta_cov_caption", lang)),
            html.Thead(
                html.Tr(
                    [
                        html.Th(text, scope="col")
                        for text in (
                            t("meta_cov_region", lang),
                            t("meta_cov_first", lang),
                            t("meta_cov_last", lang),
                            t("meta_cov_values", lang),
                            t("meta_cov_samples", lang),
                        )
                    ]
                )
            ),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Th(r["region_name"], scope="row"),
                            html.Td(label(r["first"], lang)),
                            html.Td(label(r["last"], lang)),
                            html.Td(fmt.number(r["values"], 0, lang), className="text-end"),
                            html.Td(fmt.number(r["samples"], 0, lang), className="text-end"),
                        ]
                    )
                    for r in cov.to_dict("records")
                ]
            ),
        ],
        size="sm",
        striped=True,
        responsive=True,
        className="coverage-table caption-top",
    )
    return html.Div([html.Dl(rows, className="row metadata-list"), table], className="metadata-panel")
