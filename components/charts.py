"""Figure builders shared by every page: plain graph_objects, no Plotly Express in request paths.

Every figure carries its own context (title, regions, period, unit, source, sample flag, date: chart_frame.py)
so that a PNG saved from it stands alone in a report. `figure` draws any chart the page state describes; the
regency maps are drawn in maps.py.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from components.chart_frame import with_context
from components.maps import choropleth_figure, tile_grid_figure
from components.theme import BAD, GOOD, NEUTRAL, PRIMARY, REGION_COLOURS
from portal import fmt
from portal.i18n import pick, t
from portal.periods import label, start_date
from portal.state.charts import Chart, ChartContext
from portal.vocab import Frequency

# The saved PNG is EXPORT_WIDTH x EXPORT_HEIGHT pixels: the figure is laid out at 1000 x 562.5 and rendered at
# 1.6x, so its text stays legible when the image is shrunk to the width of a report page.
EXPORT_WIDTH, EXPORT_HEIGHT = 1600, 900
EXPORT_SCALE = 1.6
# A yearly target is drawn where the year's last period sits on the time axis.
LAST_PERIOD_MONTH = {Frequency.TAHUNAN: 1, Frequency.SEMESTERAN: 7, Frequency.TRIWULANAN: 10, Frequency.BULANAN: 12}


def target_date(year: int, frequency: str) -> date:
    """Where a year's target goes on a time axis of periods drawn at their first day."""
    return date(year, LAST_PERIOD_MONTH.get(frequency, 1), 1)


def time_ticks(periods: pd.Series, lang: str) -> dict:
    """Time-axis ticks named as the reader says periods (Tw1 2024, Sem II 2023, Mar 2024, or just the year).

    Plotly's own date ticks are in English ("Oct 2024"); a window of up to two years of sub-annual periods
    gets a tick per period, anything longer a tick per year (every other year past eight).
    """
    found = sorted(set(periods))
    if not found:
        return {}
    years = sorted({p[:4] for p in found})
    if len(found) > len(years) and len(years) <= 2 and len(found) <= 12:
        return {
            "tickmode": "array",
            "tickvals": [start_date(p) for p in found],
            "ticktext": [label(p, lang) for p in found],
        }
    step = 2 if len(years) > 8 else 1
    shown = years[::step]
    return {"tickmode": "array", "tickvals": [date(int(y), 1, 1) for y in shown], "ticktext": shown}


def _lines(series: pd.DataFrame, order: list[str]):
    """(region, its rows on one side of a series break, whether that is the region's first line), in `order`:
    one line per region, or one per region and `segment` when the rows carry it."""
    for region in order:
        rows = series[series["region"] == region].sort_values("period")
        if "segment" not in rows.columns:
            yield region, rows, True
            continue
        for n, (_segment, side) in enumerate(rows.groupby("segment", sort=True)):
            yield region, side, n == 0


def trend_figure(
    series: pd.DataFrame,
    meta: dict,
    ctx: ChartContext,
    targets: pd.DataFrame | None = None,
    breaks: tuple[tuple[str, str], ...] = (),
) -> go.Figure:
    """Lines over time, one per region (province first, emphasised); optional target markers.

    `series` has region, region_name, period, value, is_sample, and may have segment (the side of a series break,
    portal.breaks): each side is its own line, with a gap between, never one line across two methods. `breaks`
    (period, label) mark where a new method starts. Sample points are drawn hollow.
    """
    fig = go.Figure()
    lang, decimals = ctx.lang, int(meta["decimals"])
    unit = pick(meta, "unit", lang)
    order = sorted(series["region"].unique(), key=lambda r: (r != "64", r))
    regencies = [r for r in order if r != "64"]
    for region, rows, first_segment in _lines(series, order):
        i = regencies.index(region) if region != "64" else -1
        # Colours repeat after the palette's length: a dash style keeps the lines apart.
        colour = PRIMARY if i < 0 else REGION_COLOURS[i % len(REGION_COLOURS)]
        dash = "solid" if i < len(REGION_COLOURS) else "dot"
        fig.add_trace(
            go.Scatter(
                x=[start_date(p) for p in rows["period"]],
                y=rows["value"].tolist(),
                name=rows["region_name"].iloc[0],
                # A region's lines on both sides of a break are one legend entry.
                legendgroup=region,
                showlegend=first_segment,
                mode="lines+markers",
                line={"color": colour, "width": 3 if i < 0 else 2, "dash": dash},
                marker={
                    "size": 7,
                    "color": ["white" if s else colour for s in rows["is_sample"]],
                    "line": {"color": colour, "width": 2},
                },
                customdata=[
                    [label(p, lang), fmt.value(v, unit, decimals, lang), t("chart_sample_point", lang) if s else ""]
                    for p, v, s in zip(rows["period"], rows["value"], rows["is_sample"], strict=True)
                ],
                hovertemplate="%{fullData.name}<br>%{customdata[0]}: <b>%{customdata[1]}</b>"
                "<br>%{customdata[2]}<extra></extra>",
            )
        )
    if targets is not None and len(targets):
        fig.add_trace(
            go.Scatter(
                x=[target_date(int(y), meta.get("frequency", Frequency.TAHUNAN)) for y in targets["year"]],
                y=targets["value"].tolist(),
                name=t("chart_target", lang),
                mode="markers",
                marker={"symbol": "line-ew-open", "size": 18, "color": NEUTRAL, "line": {"width": 3, "color": NEUTRAL}},
                customdata=[
                    [int(y), fmt.value(v, unit, decimals, lang), t("sample_target", lang) if s else ""]
                    for y, v, s in zip(targets["year"], targets["value"], targets["is_sample"], strict=True)
                ],
                hovertemplate=f"{t('chart_target', lang)} %{{customdata[0]}}: <b>%{{customdata[1]}}</b>"
                "<br>%{customdata[2]}<extra></extra>",
            )
        )
    for period, text in breaks:
        # A dotted line where the new method starts, named at the top of the plot.
        x = start_date(period)
        fig.add_shape(
            type="line",
            xref="x",
            yref="paper",
            x0=x,
            x1=x,
            y0=0,
            y1=1,
            line={"color": NEUTRAL, "width": 1, "dash": "dot"},
        )
        fig.add_annotation(
            x=x,
            y=1,
            xref="x",
            yref="paper",
            text=text,
            showarrow=False,
            xanchor="left",
            yanchor="top",
            xshift=4,
            font={"size": 11, "color": NEUTRAL},
            name="series-break",
        )
    fig.update_layout(
        xaxis=time_ticks(series["period"], lang),
        yaxis={"title": unit, "automargin": True},
        hovermode="closest",
        margin={"l": 64, "r": 16},
    )
    return with_context(fig, ctx)


def ranking_figure(
    latest: pd.DataFrame,
    meta: dict,
    ctx: ChartContext,
    province_value: float | None,
    highlight: tuple[str, ...] = (),
) -> go.Figure:
    """Regencies ranked best first, bars coloured by whether they beat the province; `highlight` names in bold.

    `latest` has region_name, value, period, is_sample (one row per regency).
    """
    lang, decimals, polarity = ctx.lang, int(meta["decimals"]), int(meta["polarity"])
    unit = pick(meta, "unit", lang)
    ranked = latest.sort_values("value", ascending=polarity < 0).reset_index(drop=True)
    judged = province_value is not None and polarity != 0

    def colour(v: float) -> str:
        if not judged:
            return PRIMARY
        return GOOD if (v - province_value) * polarity >= 0 else BAD

    names = [f"<b>{n}</b>" if n in highlight else n for n in ranked["region_name"]]
    labels = [fmt.value(v, unit, decimals, lang) for v in ranked["value"]]
    longest = max(map(len, labels), default=0)
    fig = go.Figure(
        go.Bar(
            y=names,
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
            text=labels,
            # Beside the bar, never shrunk inside it: legible in a third-width card and in the PNG.
            textposition="outside",
            cliponaxis=False,
            customdata=[
                [i + 1, label(p, lang), t("chart_sample_point", lang) if s else ""]
                for i, (p, s) in enumerate(zip(ranked["period"], ranked["is_sample"], strict=True))
            ],
            hovertemplate="#%{customdata[0]} %{y} (%{customdata[1]}): <b>%{text}</b><br>%{customdata[2]}<extra></extra>",
            showlegend=False,
        )
    )
    if judged:
        # Legend entries that explain the two colours (the bars themselves stay out of the legend).
        for name, colour_ in (
            (t("chart_better_than_province", lang), GOOD),
            (t("chart_worse_than_province", lang), BAD),
        ):
            fig.add_trace(
                go.Bar(x=[None], y=[None], name=name, marker={"color": colour_}, orientation="h", hoverinfo="skip")
            )
    if province_value is not None:
        fig.add_vline(
            x=province_value,
            line={"color": "#212529", "dash": "dash", "width": 2},
            annotation_text=f"{t('chart_province', lang)}: {fmt.value(province_value, unit, decimals, lang)}",
            annotation_position="top",
            annotation_yshift=2,
        )
    fig.update_layout(
        # The unit is in the subtitle and on every bar; no axis title, so the source line has the margin.
        # No automargin: the margins below already fit the labels, and automargin redraws each chart (twice
        # the drawing time in the browser).
        yaxis={"autorange": "reversed", "type": "category"},
        bargap=0.25,
        showlegend=judged,
        barmode="overlay",
        # Room for the longest regency name (so that the source line can start at the figure's edge) and, on
        # the right, for the value labels beside the bars.
        margin={"l": 16 + 7.5 * max((len(n) for n in ranked["region_name"]), default=8), "r": 16 + 7 * longest},
    )
    return with_context(fig, ctx)


def figure(chart: Chart) -> go.Figure:
    """The Plotly figure of a chart the page state describes."""
    if chart.kind == "trend":
        return trend_figure(chart.rows, chart.meta, chart.ctx, chart.targets, chart.breaks)
    if chart.kind == "ranking":
        return ranking_figure(chart.rows, chart.meta, chart.ctx, chart.province, chart.highlight)
    if chart.kind == "choropleth":
        return choropleth_figure(chart)
    if chart.kind == "tilegrid":
        return tile_grid_figure(chart)
    raise ValueError(f"no figure builder for a {chart.kind!r} chart")
