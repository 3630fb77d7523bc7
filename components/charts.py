"""Figure builders shared by every page: plain graph_objects, no Plotly Express in request paths.

Every figure carries its own context (title, regions, period, unit, source, sample flag, date) so that a
PNG saved from it stands alone in a report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date

from components.theme import BAD, GOOD, NEUTRAL, PRIMARY, SERIES, apply
from portal import fmt
from portal.i18n import register, t
from portal.periods import label, start_date

register(
    {
        "chart_source": ("Sumber", "Source"),
        "chart_sample": (
            "Titik kosong atau batang berarsir = data contoh (sintetis), bukan statistik resmi",
            "Hollow points or hatched bars = sample (synthetic) data, not official statistics",
        ),
        "chart_exported": ("Diunduh", "Exported"),
        "chart_province": ("Provinsi", "Province"),
        "chart_target": ("Target", "Target"),
        "chart_unit": ("Satuan", "Unit"),
        "chart_portal": ("Portal Satu Data Kaltim", "Kaltim One Data Portal"),
    }
)

EXPORT_WIDTH, EXPORT_HEIGHT = 1600, 900


@dataclass
class ChartContext:
    """What a chart image must say to be understood without a caption."""

    title: str
    regions: list[str]
    period: str
    unit: str
    sources: list[str]
    is_sample: bool
    lang: str
    filename: str  # without extension, e.g. kemiskinan-p0_6472-6471_2019-2024

    def subtitle(self) -> str:
        regions = ", ".join(self.regions) if len(self.regions) <= 6 else f"{len(self.regions)} wilayah"
        return f"{regions} · {self.period} · {t('chart_unit', self.lang)}: {self.unit}"

    def footer(self) -> str:
        today = format_date(date.today(), format="medium", locale=fmt.LOCALES[self.lang])
        parts = [f"{t('chart_source', self.lang)}: {'; '.join(self.sources)}"]
        if self.is_sample:
            parts.append(t("chart_sample", self.lang))
        parts.append(f"{t('chart_exported', self.lang)} {today} · {t('chart_portal', self.lang)}")
        return "<br>".join(parts)


def with_context(fig: go.Figure, ctx: ChartContext) -> go.Figure:
    """Put title, subtitle and the source line inside the figure itself."""
    apply(fig, ctx.lang)
    fig.update_layout(
        title={
            "text": f"<b>{ctx.title}</b><br><span style='font-size:13px;color:#495057'>{ctx.subtitle()}</span>",
            "x": 0.01,
            "xanchor": "left",
            "y": 0.97,
            "yanchor": "top",
        },
        margin={"t": 104, "b": 128 + 16 * ctx.is_sample},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.01, "yanchor": "bottom"},
    )
    # Below the axis labels, in the bottom margin: the source line travels with every PNG.
    fig.add_annotation(
        text=f"<span style='font-size:11px;color:#495057'>{ctx.footer()}</span>",
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-64,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
    )
    return fig


def trend_figure(series: pd.DataFrame, meta: dict, ctx: ChartContext, targets: pd.DataFrame | None = None) -> go.Figure:
    """Lines over time, one per region (province first, emphasised); optional target markers.

    `series` has region, region_name, period, value, is_sample. Sample points are drawn hollow.
    """
    fig = go.Figure()
    unit, decimals, lang = meta["unit_id"] if ctx.lang == "id" else meta["unit_en"], int(meta["decimals"]), ctx.lang
    order = sorted(series["region"].unique(), key=lambda r: (r != "64", r))
    for i, region in enumerate(order):
        rows = series[series["region"] == region].sort_values("period")
        colour = PRIMARY if region == "64" else SERIES[(i - 1) % len(SERIES) + 1 if "64" in order else i % len(SERIES)]
        fig.add_trace(
            go.Scatter(
                x=[start_date(p) for p in rows["period"]],
                y=rows["value"].tolist(),
                name=rows["region_name"].iloc[0],
                mode="lines+markers",
                line={"color": colour, "width": 3 if region == "64" else 2},
                marker={
                    "size": 7,
                    "color": ["white" if s else colour for s in rows["is_sample"]],
                    "line": {"color": colour, "width": 2},
                },
                customdata=[
                    [label(p, lang), fmt.value(v, meta["unit_id"], decimals, lang)]
                    for p, v in zip(rows["period"], rows["value"], strict=True)
                ],
                hovertemplate="%{fullData.name}<br>%{customdata[0]}: <b>%{customdata[1]}</b><extra></extra>",
            )
        )
    if targets is not None and len(targets):
        fig.add_trace(
            go.Scatter(
                x=[date(int(y), 12, 31) for y in targets["year"]],
                y=targets["value"].tolist(),
                name=t("chart_target", lang),
                mode="markers",
                marker={"symbol": "line-ew-open", "size": 18, "color": NEUTRAL, "line": {"width": 3, "color": NEUTRAL}},
                hovertemplate=f"{t('chart_target', lang)} %{{x|%Y}}: <b>%{{y}}</b><extra></extra>",
            )
        )
    fig.update_layout(yaxis_title=unit, hovermode="closest")
    return with_context(fig, ctx)


def ranking_figure(latest: pd.DataFrame, meta: dict, ctx: ChartContext, province_value: float | None) -> go.Figure:
    """Regencies ranked best first, bars coloured by whether they beat the province.

    `latest` has region_name, value, period, is_sample (one row per regency).
    """
    lang, decimals, polarity = ctx.lang, int(meta["decimals"]), int(meta["polarity"])
    ranked = latest.sort_values("value", ascending=polarity < 0).reset_index(drop=True)

    def colour(v: float) -> str:
        if province_value is None or polarity == 0:
            return PRIMARY
        return GOOD if (v - province_value) * polarity >= 0 else BAD

    fig = go.Figure(
        go.Bar(
            y=ranked["region_name"],
            x=ranked["value"],
            orientation="h",
            marker={
                "color": [colour(v) for v in ranked["value"]],
                "pattern": {
                    "shape": ["/" if s else "" for s in ranked["is_sample"]],
                    "fillmode": "overlay",
                    "fgopacity": 0.35,
                },
            },
            text=[fmt.value(v, meta["unit_id"], decimals, lang) for v in ranked["value"]],
            textposition="auto",
            customdata=[[i + 1, label(p, lang)] for i, p in enumerate(ranked["period"])],
            hovertemplate="#%{customdata[0]} %{y} (%{customdata[1]}): <b>%{text}</b><extra></extra>",
        )
    )
    if province_value is not None:
        fig.add_vline(
            x=province_value,
            line={"color": "#212529", "dash": "dash", "width": 2},
            annotation_text=f"{t('chart_province', lang)}: {fmt.value(province_value, meta['unit_id'], decimals, lang)}",
            annotation_position="top",
        )
    fig.update_layout(
        yaxis={"autorange": "reversed", "automargin": True}, xaxis_title=ctx.unit, bargap=0.25, showlegend=False
    )
    return with_context(fig, ctx)
