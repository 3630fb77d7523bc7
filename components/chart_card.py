"""A chart with its export control: the PNG it saves is 1600 px wide and carries its own context."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, clientside_callback, dcc, html
from dash.dependencies import MATCH

from components.chart_frame import SCREEN_HEIGHT, for_height
from components.charts import EXPORT_HEIGHT, EXPORT_SCALE, EXPORT_WIDTH
from portal.i18n import PLOTLY_LOCALES, t
from portal.state.charts import ChartContext


def graph_config(filename: str, lang: str) -> dict:
    """Modebar settings for every chart: the camera button saves the report-ready PNG under a telling name, the
    tooltips and download toasts speak the reader's language, and nothing offers to upload the chart elsewhere."""
    return {
        "displaylogo": False,
        "responsive": True,
        # plotly.js offers "Share chart..." (an upload to Plotly Cloud) unless told not to: never from this portal.
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "showLink": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d", "sendChartToCloud", "sendDataToCloud"],
        "locale": lang,
        **({"locales": {lang: PLOTLY_LOCALES[lang]}} if lang in PLOTLY_LOCALES else {}),
        # Laid out at 1000 x 562.5 and rendered at 1.6x: a 1600 x 900 PNG whose text stays legible in a report.
        "toImageButtonOptions": {
            "format": "png",
            "filename": filename,
            "width": EXPORT_WIDTH / EXPORT_SCALE,
            "height": EXPORT_HEIGHT / EXPORT_SCALE,
            "scale": EXPORT_SCALE,
        },
    }


def chart_card(graph_id: str, figure, ctx: ChartContext, summary: str, height: int = SCREEN_HEIGHT) -> html.Div:
    """A card holding the graph, a visible PNG button and a text alternative for screen readers.

    `graph_id` must be unique on the page; the button and graph use pattern-matching ids so one
    clientside callback serves every chart.
    """
    return html.Div(
        [
            # The graph's room is kept while plotly.js loads, so nothing below it jumps when it draws.
            html.Div(
                dcc.Graph(
                    id={"type": "chart", "id": graph_id},
                    figure=for_height(figure, height),
                    config=graph_config(ctx.filename, ctx.lang),
                    style={"height": f"{height}px"},
                    className="chart-graph",
                ),
                style={"minHeight": f"{height}px"},
            ),
            html.P(f"{t('chart_alt', ctx.lang)}: {summary}", className="visually-hidden chart-summary"),
            html.Div(
                html.Button(
                    t("export_png", ctx.lang),
                    id={"type": "chart-png", "id": graph_id},
                    className="btn btn-outline-primary btn-sm",
                    n_clicks=0,
                    **{"data-filename": ctx.filename},
                ),
                className="text-end mt-1",
            ),
        ],
        className="card card-body chart-card mb-3",
        **{"data-chart": graph_id},
    )


clientside_callback(
    ClientsideFunction(namespace="portal", function_name="downloadPng"),
    Output({"type": "chart-png", "id": MATCH}, "title"),
    Input({"type": "chart-png", "id": MATCH}, "n_clicks"),
    State({"type": "chart", "id": MATCH}, "id"),
    prevent_initial_call=True,
)
