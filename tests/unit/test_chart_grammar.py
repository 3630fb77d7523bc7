"""Chart grammar a reader checks (issue 19): ranking axes that fit the data, Indonesian short forms and money,
times in WITA, and targets and legends that say what they are. Figures read back as the browser gets them."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from components.charts import as_dots, figure
from portal import fmt
from portal.state.series import Window, build
from tests.unit.test_series import NAMES, _meta, _obs


def _ranking(meta, values: dict[str, float], province: float | None, lang="id"):
    obs = _obs({"64": [province if province is not None else 0.0], **{r: [v] for r, v in values.items()}}, 2024)
    window = Window(meta["code"], (), 2024, 2024)
    view = build(meta, obs[obs["region"] == "64"], obs, pd.DataFrame(columns=["year", "value", "is_sample"]),
                 window, lang)  # fmt: skip
    return figure(next(c for c in view.charts if c.kind == "ranking"))


def _texts(fig) -> list[str]:
    """The figure's own words: its title and subtitle, and its notes."""
    return [fig.layout.title.text, *(a.text for a in fig.layout.annotations)]


# --- item 1: ranking axes fit the data -------------------------------------------------------------------------


def test_grammar001_life_expectancy_is_dots_on_a_fitted_axis_that_says_it_does_not_start_at_zero():
    meta = {**_meta("umur_harapan_hidup", "tahun", 1), "decimals": 2}
    fig = _ranking(meta, {"6401": 72.4, "6471": 74.9, "6472": 74.3}, 74.1)
    low, high = fig.layout.xaxis.range
    # Years of life: the axis spans about the values (not 0-150 or 0-600), with every value and the province on it.
    assert 68 <= low <= 72.4 and 74.9 <= high <= 78
    assert fig.data[0].type == "scatter" and fig.data[0].mode == "markers"
    # Said in the subtitle, where nothing else is drawn (under the axis it met the tilted tick labels on a phone).
    assert "Sumbu dimulai dari 72, bukan nol" in fig.layout.title.text
    # A label is the number; the unit is in the subtitle, not repeated on every point. The labels stand in a column
    # right of the plot (issue 18: the province's line ran through labels beside the points).
    assert list(fig.data[0].text) == ["74,90", "74,30", "72,40"]
    assert [a.text for a in fig.layout.annotations if a.name == "value-label"] == ["74,90", "74,30", "72,40"]


def test_grammar002_spread_values_are_bars_from_zero_to_the_first_round_tick_past_the_largest():
    # The poverty line: values near 0,96 juta end the axis at 1 juta (was "1,5M"), money labels read Rp 883.496.
    meta = {**_meta("kemiskinan_garis", "Rp/kapita/bulan", 0), "decimals": 0}
    fig = _ranking(meta, {"6401": 601000, "6471": 960123, "6472": 883496}, 800000)
    assert fig.data[0].type == "bar"
    assert tuple(fig.layout.xaxis.range) == (0, 1_000_000)
    assert list(fig.layout.xaxis.ticktext) == ["0", "Rp 0,5 jt", "Rp 1,0 jt"]
    assert "Rp 883.496" in fig.data[0].text and "Rp/kapita/bulan" not in "".join(fig.data[0].text)
    assert not any("bukan nol" in text for text in _texts(fig))


def test_grammar003_which_rankings_are_dots():
    assert as_dots([72.4, 74.9, 74.3])  # years of life
    assert as_dots([70.1, 82.0])  # IPM
    assert not as_dots([5.1, 12.3, 9.9])  # poverty rates: bars from zero tell the story
    assert not as_dots([-1.0, 0.5])  # a change around zero
    assert not as_dots([4.0])


# --- item 8: Indonesian short forms, money, even decimals ------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "unit", "lang", "expected"),
    [
        ([0, 50_000, 100_000, 150_000, 200_000], "jiwa", "id", ["0", "50 rb", "100 rb", "150 rb", "200 rb"]),
        ([0, 500_000, 1_000_000, 1_500_000], "", "id", ["0", "0,5 jt", "1,0 jt", "1,5 jt"]),
        ([0, 5e8, 1e9, 1.5e9], "", "id", ["0", "0,5 M", "1,0 M", "1,5 M"]),  # M is miliar
        ([2e12, 4e12], "", "id", ["2 T", "4 T"]),
        ([0, 500_000, 1_000_000], "", "en", ["0", "0.5 M", "1.0 M"]),
        ([0, 2.5, 5, 7.5, 10], "persen", "id", ["0", "2,5%", "5,0%", "7,5%", "10,0%"]),
        ([70, 72, 74], "tahun", "id", ["70", "72", "74"]),
    ],
)
def test_grammar004_axis_labels_in_indonesian_short_forms_with_even_decimals(values, unit, lang, expected):
    assert fmt.tick_labels(values, unit, lang) == expected


def test_grammar005_money_reads_rp_first():
    assert fmt.value(883496, "Rp/kapita/bulan", 0) == "Rp 883.496/kapita/bulan"
    assert fmt.label(883496, "Rp/kapita/bulan", 0) == "Rp 883.496"
    assert fmt.value(12.3, "juta Rp/orang/tahun", 2) == "Rp 12,30 juta/orang/tahun"
    assert fmt.label(9.59, "Rp triliun", 2) == "Rp 9,59 T"
    assert fmt.label(6.11, "persen", 2) == "6,11%" and fmt.label(72.5, "tahun", 2) == "72,50"


def test_grammar006_trend_axis_ticks_are_round_and_short():
    meta = _meta("kemiskinan_jumlah", "jiwa", -1)
    obs = _obs({"64": [230_270, 221_000, 219_500]})
    view = build(
        meta, obs, obs, pd.DataFrame(columns=["year", "value", "is_sample"]), Window("x", (), 2019, 2021), "id"
    )
    axis = figure(view.charts[0]).layout.yaxis
    assert all(text.endswith(" rb") for text in axis.ticktext)
    assert axis.range[0] <= 219_500 and axis.range[1] >= 230_270


# --- item 9: times in WITA, to the minute ----------------------------------------------------------------------


def test_grammar007_times_are_wita_without_seconds():
    stored = datetime(2026, 12, 2, 10, 58, 46)  # naive UTC, as the database keeps it
    assert fmt.moment(stored, "id") == "2 Des 2026 18.58 WITA"
    assert fmt.moment(stored, "en") == "2 Dec 2026, 18:58 WITA"
    # Past 16.00 UTC the province is already on the next day.
    assert fmt.moment(datetime(2026, 12, 2, 16, 30), "id").startswith("3 Des 2026 00.30")


def test_grammar008_a_png_footer_says_when_in_wita():
    meta = _meta("p0", "persen", -1)
    obs = _obs({"64": [6, 5.8], "6401": [9, 8]})
    view = build(
        meta, obs, obs, pd.DataFrame(columns=["year", "value", "is_sample"]), Window("p0", (), 2019, 2020), "id"
    )
    footer = view.charts[0].ctx.footer()
    assert "WITA" in footer and "Diunduh" in footer


# --- item 13: targets in the chosen period, named after whose they are; the legend in the subtitle's order ----


def test_grammar009_only_targets_of_the_chosen_years_are_drawn_and_named_after_the_province():
    meta = _meta("p0", "persen", -1)
    obs = _obs({"64": [6, 5.8, 5.5], "6472": [4, 4, 4], "6401": [9, 8, 8.5]})
    targets = pd.DataFrame({"year": [2020, 2021, 2026], "value": [5.9, 5.6, 4.0], "is_sample": [False] * 3})
    window = Window("p0", ("6472", "6401"), 2019, 2021)
    view = build(meta, obs, obs, targets, window, "id")
    fig = figure(view.charts[0])
    target = next(tr for tr in fig.data if tr.mode == "markers")
    assert [d.year for d in target.x] == [2020, 2021]  # 2026 lies outside 2019-2021: not drawn
    assert target.name == "Target Kalimantan Timur"
    # Lines in the order the subtitle names the regions: province, then Samarinda, then Paser.
    lines = [tr.name for tr in fig.data if tr.mode == "lines+markers" and tr.showlegend is not False]
    assert view.charts[0].ctx.regions == ["Kalimantan Timur", "Samarinda", "Paser"] == lines
    assert NAMES["6472"] == "Samarinda"


# --- item 12: the map names the regencies; the tapped one shows its value --------------------------------------


def test_grammar010_the_map_names_every_regency_and_the_selected_one_shows_its_value():
    import json

    from components.maps import _inside, label_points
    from tests.unit.test_maps import BUNDLED_BOUNDARY_FILE, _data, _map

    geojson = json.loads(BUNDLED_BOUNDARY_FILE.read_text())
    fig = figure(_map("choropleth", _data(), geojson=geojson, selected="6403"))
    names = next(tr for tr in fig.data if tr.name == "regency-names")
    texts = [text.replace("<br>", " ") for text in names.text]
    # Every regency is named on the map itself, so the PNG names them too.
    assert {"Paser", "Kutai Barat", "Berau", "Mahakam Ulu", "Balikpapan", "Samarinda", "Bontang"} <= set(texts)
    assert "Penajam Paser Utara" in texts
    # The selected (tapped) regency shows its value beside its name; a tap on a name selects that regency.
    assert "<b>Kutai Kartanegara</b> <b>24,1%</b>" in texts
    assert dict(zip([r[0] for r in names.customdata], texts, strict=True))["6403"].endswith("24,1%</b>")
    # Each name sits inside its own regency.
    for feature in geojson["features"]:
        code = feature["properties"]["code"]
        lon, lat = label_points(geojson)[code]
        rings = [polygon[0] for polygon in feature["geometry"]["coordinates"]]
        assert any(_inside(lon, lat, ring) for ring in rings), code


# --- item 14: who published a figure ---------------------------------------------------------------------------


def test_grammar011_a_rows_publisher():
    from portal.publishers import is_release, publisher

    brs = "https://bontangkota.bps.go.id/en/pressrelease/2023/12/20/687/persentase-penduduk-miskin.html"
    assert is_release(brs) and not is_release("https://kaltim.antaranews.com/berita/97837/x")
    assert not is_release("https://evil.example/bps.go.id/pressrelease/x")
    assert publisher(brs, "BPS Provinsi Kalimantan Timur", False, "x", "id") == (
        "BPS Kota Bontang, Berita Resmi Statistik"
    )
    news = publisher("https://www.kaltim.antaranews.com/b/1", "BPS Provinsi Kalimantan Timur", False, "x", "en")
    assert news == "kaltim.antaranews.com, quoting BPS Provinsi Kalimantan Timur"
    assert publisher(None, "BPS", False, "BPS WebAPI var 1", "id") == "BPS WebAPI var 1"
    assert publisher("https://x.y/z", "BPS", True, "t", "id").startswith("Data contoh (sintetis)")


def test_grammar012_the_bundled_figure_with_a_release_is_read_first():
    from pathlib import Path

    from etl.sources.published import read
    from portal.settings import DATA_DIR

    rows = read(Path(DATA_DIR) / "published").observations
    key = rows[(rows["indicator"] == "kemiskinan_p0") & (rows["region"] == "6474") & (rows["period"] == "2023-S1")]
    assert len(key) == 2 and "pressrelease" in key.iloc[0]["source_url"]
