"""A lazy chart's room (components/chart_card.py) says what its figure will say, without building the figure: the
title, the subtitle (with a ranking's note that its axis does not start at zero) and the source line."""

from __future__ import annotations

import json

import pytest

from components.chart_card import waiting
from components.charts import figure
from components.static_html import chart_lines, plain_lines
from portal.settings import BUNDLED_BOUNDARY_FILE
from tests.unit.test_lightfig import KINDS, _charts


@pytest.fixture(scope="module")
def charts():
    return _charts(json.loads(BUNDLED_BOUNDARY_FILE.read_text()))


@pytest.mark.parametrize("kind", KINDS)
def test_crm001_a_lazy_room_says_what_its_figure_says(charts, kind):
    chart = charts[kind]
    room = waiting(chart, 400)
    said = [(p.children, p.className) for p in room.children]
    drawn = [("\n".join(plain_lines(text)), classes) for text, classes in chart_lines(figure(chart))]
    assert said == drawn
    assert said[0][0].startswith(chart.ctx.title.split("<br>")[0][:20])
    assert room.style == {"height": "400px"}


def test_crm002_a_ranking_room_says_its_axis_does_not_start_at_zero(charts):
    chart = charts["ranking"]
    title = waiting(chart, 400).children[0].children
    assert chart.ctx.note == ""  # the note is the figure's own, worked out from its values
    assert "bukan nol" in title or "not zero" in title, title
