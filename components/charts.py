"""Figure builders shared by every page: plain data (components/lightfig.py), no Plotly Express in request paths.

Every figure carries its own context (title, regions, period, unit, source, sample flag, date: chart_frame.py)
so that a PNG saved from it stands alone in a report. `figure` draws any chart the page state describes; the
regency maps are drawn in maps.py.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pandas as pd

from components import lightfig as go
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
    gets a tick per period, anything longer a tick per year or, past six years of span, one every few years (at most
    six, the latest year always among them), so that the labels fit side by side on a phone.
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
    first, last = int(years[0]), int(years[-1])
    step = math.ceil((last - first + 1) / 6)
    shown = [str(y) for y in range(last, first - 1, -step)][::-1]
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
    target_of: str = "",
) -> go.Figure:
    """Lines over time, one per region (the province emphasised), in the order the subtitle names them, so the
    legend reads as the subtitle does; optional target markers named after whose target they are (`target_of`).

    `series` has region, region_name, period, value, is_sample, and may have segment (the side of a series break,
    portal.breaks): each side is its own line, with a gap between, never one line across two methods. `breaks`
    (period, label) mark where a new method starts. Sample points are drawn hollow.
    """
    fig = go.Figure()
    lang, decimals = ctx.lang, int(meta["decimals"])
    unit = pick(meta, "unit", lang)
    named = dict(zip(series["region"], series["region_name"], strict=False))
    said = {name: i for i, name in enumerate(ctx.regions)}
    order = sorted(named, key=lambda r: (said.get(named[r], len(said)), r != "64", r))
    regencies = sorted((r for r in order if r != "64"), key=lambda r: r)
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
    target_name = t("chart_target_of", lang, who=target_of) if target_of else t("chart_target", lang)
    if targets is not None and len(targets):
        fig.add_trace(
            go.Scatter(
                x=[target_date(int(y), meta.get("frequency", Frequency.TAHUNAN)) for y in targets["year"]],
                y=targets["value"].tolist(),
                name=target_name,
                mode="markers",
                marker={"symbol": "line-ew-open", "size": 18, "color": NEUTRAL, "line": {"width": 3, "color": NEUTRAL}},
                customdata=[
                    [int(y), fmt.value(v, unit, decimals, lang), t("sample_target", lang) if s else ""]
                    for y, v, s in zip(targets["year"], targets["value"], targets["is_sample"], strict=True)
                ],
                hovertemplate=f"{target_name} %{{customdata[0]}}: <b>%{{customdata[1]}}</b>"
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
    shown = [*series["value"].astype(float), *([] if targets is None else targets["value"].astype(float))]
    fig.update_layout(
        xaxis=time_ticks(series["period"], lang),
        yaxis={"title": unit, "automargin": True, **value_axis(shown, unit, lang, from_zero=False)},
        hovermode="closest",
        margin={"l": 64, "r": 16},
    )
    return with_context(fig, ctx)


# Values whose spread is under this share of the largest are drawn as dots on a fitted axis, not as bars from
# zero (bars of 72 to 75 years all look alike).
DOT_SPREAD = 0.25


def as_dots(values: list[float]) -> bool:
    """Whether values close together (all positive, spread under DOT_SPREAD of the largest) are drawn as dots."""
    values = [v for v in values if v is not None and not math.isnan(v)]
    if len(values) < 2 or min(values) <= 0:
        return False
    return max(values) - min(values) < DOT_SPREAD * max(values)


def value_axis(values: list[float], unit: str, lang: str, from_zero: bool, count: int = 5) -> dict:
    """A value axis fitted to `values`: about `count` round ticks in Indonesian short forms (portal.fmt), the range
    from the first tick to the last; `from_zero` keeps zero in it (bars), else the range hugs the values with a
    margin."""
    values = [v for v in values if v is not None and not math.isnan(v)]
    if not values:
        return {}
    low, high = min(values), max(values)
    if from_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    else:
        pad = (high - low) * 0.08 or abs(high) * 0.05 or 1.0
        low, high = low - pad, high + pad
        if min(values) >= 0:
            low = max(low, 0.0)
    ticks = fmt.ticks(low, high, count)
    return {
        "range": [ticks[0], ticks[-1]],
        "autorange": False,
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": fmt.tick_labels(ticks, unit, lang),
    }


def _ranking_axis(
    values: list[float], province_value: float | None, unit: str, ctx: ChartContext
) -> tuple[dict, bool, ChartContext]:
    """A ranking's value axis, whether it draws dots, and its context (which says when the axis does not start at 0)."""
    dots = as_dots(values)
    # A ranking's axis is a scale (every value is written beside its bar): few ticks, so that they stand upright
    # in the narrow plot a phone leaves beside the regencies' names, and never tilt down into the source line.
    axis = value_axis([*values, province_value], unit, ctx.lang, from_zero=not dots, count=3)
    if axis and axis["range"][0] != 0:
        # Said in the subtitle, so that a PNG of it cannot be read as bars from zero. (Under the axis it met the
        # tick labels on a phone, where plotly tilts them and their height is known only in the browser.)
        ctx = replace(ctx, note=t("chart_axis_not_zero", ctx.lang, start=axis["ticktext"][0]))
    return axis, dots, ctx


def ranking_figure(
    latest: pd.DataFrame,
    meta: dict,
    ctx: ChartContext,
    province_value: float | None,
    highlight: tuple[str, ...] = (),
) -> go.Figure:
    """Regencies ranked best first, coloured by whether they beat the province; `highlight` names in bold.

    Bars from zero, or dots on an axis fitted to the values when they lie close together (as_dots), with a
    note on the chart that the axis does not start at zero. `latest` has region_name, value, period, is_sample
    (one row per regency).
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
    # The unit is in the subtitle: a bar says 72,50 or Rp 883.496, never the whole unit again.
    labels = [fmt.label(v, unit, decimals, lang) for v in ranked["value"]]
    longest = max(map(len, labels), default=0)
    values = ranked["value"].astype(float).tolist()
    axis, dots, ctx = _ranking_axis(values, province_value, unit, ctx)
    colours = [colour(v) for v in values]
    common = {
        "y": names,
        "x": values,
        "text": labels,  # for the hover; on the chart the values stand in a column right of the plot (below)
        "customdata": [
            [i + 1, label(p, lang), t("chart_sample_point", lang) if s else ""]
            for i, (p, s) in enumerate(zip(ranked["period"], ranked["is_sample"], strict=True))
        ],
        "hovertemplate": "#%{customdata[0]} %{y} (%{customdata[1]}): <b>%{text}</b><br>%{customdata[2]}<extra></extra>",
        "showlegend": False,
    }
    if dots:
        trace = go.Scatter(
            mode="markers",
            marker={
                "size": 14,
                # A sample value is a hollow dot, as on the trend chart.
                "color": ["white" if s else c for c, s in zip(colours, ranked["is_sample"], strict=True)],
                "line": {"color": colours, "width": 2.5},
            },
            **common,
        )
    else:
        trace = go.Bar(
            orientation="h",
            textposition="none",
            marker={
                "color": colours,
                "pattern": {
                    "shape": ["/" if s else "" for s in ranked["is_sample"]],
                    "fillmode": "overlay",
                    "fgopacity": 0.35,
                },
            },
            **common,
        )
    fig = go.Figure(trace)
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
        # The province's line is named in the legend, not over the bars, where a label met the legend on a phone.
        yardstick = {"color": "#212529", "dash": "dash", "width": 2}
        fig.add_vline(x=province_value, line=yardstick)
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                line=yardstick,
                name=f"{t('chart_province', lang)}: {fmt.label(province_value, unit, decimals, lang)}",
                hoverinfo="skip",
            )
        )
    # The values stand in a column right of the plot, where neither the province's line nor a bar can cross them.
    for name, text in zip(names, labels, strict=True):
        fig.add_annotation(
            x=1,
            xref="paper",
            y=name,
            yref="y",
            text=text,
            showarrow=False,
            xanchor="left",
            xshift=6,
            font={"size": 10},
            name="value-label",
        )
    fig.update_layout(
        # The unit is in the subtitle; no axis title, so the source line has the margin.
        # No automargin: the margins below already fit the labels, and automargin redraws each chart (twice
        # the drawing time in the browser).
        xaxis={
            **axis,
            "autotickangles": [0, 30, 45],
            "zeroline": not dots,
            "zerolinecolor": "#adb5bd",
            "showgrid": dots,
            "gridcolor": "#e9ecef",
        },
        yaxis={"autorange": "reversed", "type": "category", "showgrid": dots, "gridcolor": "#f1f3f5"},
        bargap=0.25,
        showlegend=judged or province_value is not None,
        barmode="overlay",
        # Room for the longest regency name (so that the source line can start at the figure's edge) and, on
        # the right, for the value labels beside the bars.
        margin={"l": 16 + 7.5 * max((len(n) for n in ranked["region_name"]), default=8), "r": 16 + 7 * longest},
    )
    return with_context(fig, ctx)


def context(chart: Chart) -> ChartContext:
    """The context `figure(chart)` carries (a ranking's says when its axis does not start at 0), without the figure."""
    if chart.kind == "ranking":
        values = chart.rows["value"].astype(float).tolist()
        return _ranking_axis(values, chart.province, pick(chart.meta, "unit", chart.ctx.lang), chart.ctx)[2]
    return chart.ctx


def figure(chart: Chart) -> go.Figure:
    """The Plotly figure of a chart the page state describes."""
    if chart.kind == "trend":
        return trend_figure(chart.rows, chart.meta, chart.ctx, chart.targets, chart.breaks, chart.target_of)
    if chart.kind == "ranking":
        return ranking_figure(chart.rows, chart.meta, chart.ctx, chart.province, chart.highlight)
    if chart.kind == "choropleth":
        return choropleth_figure(chart)
    if chart.kind == "tilegrid":
        return tile_grid_figure(chart)
    raise ValueError(f"no figure builder for a {chart.kind!r} chart")
