"""The baseline for bench/browser.py: a blank Dash page with one graph (same Dash, plotly.js and gunicorn)."""

from dash import Dash, dcc, html

app = Dash(__name__, title="blank")
app.layout = html.Div(
    dcc.Graph(id="one", figure={"data": [{"type": "scatter", "x": [2020, 2021, 2022], "y": [1, 3, 2]}]}),
)
server = app.server
