"""Figures built as plain data (components/lightfig.py) are what plotly makes of the same properties: plotly
validates each one (an unknown property or a bad value raises) and serialises it to the same JSON."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.io.json import to_json_plotly

import components.lightfig as lightfig
from components.charts import figure
from portal.breaks import segments
from portal.state.series import Window, build
from tests.unit.test_maps import _data, _map
from tests.unit.test_series import IPM_BREAK, _meta, _obs, _view


def _as_browser_gets_it(fig) -> dict:
    return json.loads(to_json_plotly(fig))


def _charts(geojson: dict) -> dict:
    obs = _obs({"64": [6.0, 5.8, 5.6], "6471": [4.1, 3.9, 3.5], "6472": [4.4, 4.6, 4.1]})
    trend, ranking = _view(_meta("p0", "persen", -1), obs, ["6472"], 2019, 2021).charts
    ipm = _obs({"64": [75.83, 76.61, 75.94, 76.60, 77.36], "6472": [79.73, 80.20, 80.5, 81.2, 82.0]}, 2018)
    ipm["segment"] = segments(ipm.assign(indicator="ipm"), IPM_BREAK)
    broken = build(_meta("ipm", "indeks", 1), ipm, ipm, pd.DataFrame(columns=["year", "value", "is_sample"]),
                   Window("ipm", ("6472",), 2018, 2022), "en", IPM_BREAK).charts[0]  # fmt: skip
    targets = trend.targets if trend.targets is not None else pd.DataFrame()
    with_target = trend.__class__(**{**trend.__dict__, "targets": pd.concat([targets, pd.DataFrame(
        [{"year": 2021, "value": 5.0, "is_sample": True}])])})  # fmt: skip
    gappy = _data(latest={c: v for c, v in _data().frame.set_index("code")["value"].items() if c != "6411"})
    return {
        "trend": trend,
        "trend with a target": with_target,
        "trend across a series break": broken,
        "ranking": ranking,
        "ranking without a province": ranking.__class__(**{**ranking.__dict__, "province": None}),
        "choropleth": _map("choropleth", gappy, geojson=geojson, selected="6403"),
        "tile grid": _map("tilegrid", gappy, selected="6403"),
    }


@pytest.fixture(scope="module")
def charts(geojson):
    return _charts(geojson)


@pytest.fixture(scope="module")
def geojson():
    from portal.settings import BUNDLED_BOUNDARY_FILE

    return json.loads(BUNDLED_BOUNDARY_FILE.read_text())


KINDS = ["trend", "trend with a target", "trend across a series break", "ranking", "ranking without a province",
         "choropleth", "tile grid"]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_lfg001_every_chart_kind_is_the_figure_plotly_makes_of_it(charts, kind):
    fig = figure(charts[kind])
    assert isinstance(fig, lightfig.Figure)  # built without graph_objects
    shown = _as_browser_gets_it(fig)
    # plotly checks every property (go.Figure raises on an unknown one or a bad value) and adds nothing.
    assert _as_browser_gets_it(go.Figure(fig.to_dict())) == shown
    assert shown["layout"]["template"]["layout"]["font"]["family"].startswith("system-ui")


def test_lfg002_reads_back_like_a_plotly_figure():
    fig = lightfig.Figure(lightfig.Bar(x=[1, 2], y=["a", "b"], marker_color="red"))
    fig.update_layout(margin={"l": 10}, xaxis_title_text="x", template="portal")
    fig.update_layout(margin={"r": 5})
    fig.add_vline(x=1.5, line={"dash": "dash"}, annotation_text="P", annotation_position="top", annotation_yshift=2)
    assert fig.data[0].marker.color == "red" and fig.layout.margin.l == 10 and fig.layout.margin.r == 5
    assert fig.layout.margin.t is None and fig.layout.geo is None
    reference = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], marker_color="red"))
    reference.update_layout(margin={"l": 10, "r": 5}, xaxis_title_text="x", template="portal")
    reference.add_vline(x=1.5, line={"dash": "dash"}, annotation_text="P", annotation_position="top",
                        annotation_yshift=2)  # fmt: skip
    assert _as_browser_gets_it(fig) == _as_browser_gets_it(reference)
    with pytest.raises(ValueError):
        fig.add_vline(x=1, annotation_text="P", annotation_position="bottom right")
