"""The regency map, its table, the scorecard and the profile: the page state's pure functions on small frames,
and what the components draw from them."""

from __future__ import annotations

import json
import math

import pandas as pd
import plotly.io as pio
import pytest
from plotly.utils import PlotlyJSONEncoder

from components.charts import figure
from components.maps import NO_DATA, SCALE, TILES, code_from_click, hover_rows
from components.profile import changes_list, sector_table
from components.regional import ranking_table, scorecard, selection_panel
from portal.i18n import pick
from portal.settings import BUNDLED_BOUNDARY_FILE, DATA_DIR
from portal.state.charts import Chart, ChartContext
from portal.state.profile import biggest_changes, latest_periods, profile_rows
from portal.state.regional import Comparison, default_period, indicator_options, map_data, scorecard_rows

REGENCIES = pd.read_csv(DATA_DIR / "reference" / "regions.csv", dtype=str, keep_default_na=False)
REGENCIES = REGENCIES[REGENCIES["level"] == "kabkota"].reset_index(drop=True)
CODES = REGENCIES["code"].tolist()
STUNTING = {"code": "stunting", "name_id": "Prevalensi Stunting", "name_en": "Stunting prevalence", "unit_id": "persen",
            "unit_en": "percent", "decimals": 1, "polarity": -1, "producer_agency": "Dinkes", "sector": "kesehatan",
            "headline": 1}  # fmt: skip
IPM = {**STUNTING, "code": "ipm", "name_id": "IPM", "name_en": "HDI", "unit_id": "indeks", "unit_en": "index",
       "decimals": 2, "polarity": 1, "sector": "pendidikan"}  # fmt: skip
# Units that read differently in the two languages, also once formatted (a percentage is "%" in both).
LIFE = {**STUNTING, "code": "umur_harapan_hidup", "name_id": "Umur Harapan Hidup", "name_en": "Life expectancy",
        "unit_id": "tahun", "unit_en": "years", "decimals": 2, "polarity": 1, "headline": 2}  # fmt: skip


def _values(latest: dict[str, float], previous: dict[str, float], periods=("2024", "2025"), province=(22.0, 20.7)):
    rows = []
    for period, values, prov in ((periods[0], previous, province[0]), (periods[1], latest, province[1])):
        rows.append({"region": "64", "period": period, "value": prov, "is_sample": False, "source_url": None})
        rows += [
            {"region": c, "period": period, "value": v, "is_sample": c != "6402", "source_url": None}
            for c, v in values.items()
        ]
    return pd.DataFrame(rows)


LATEST = dict(zip(CODES, [21.3, 18.1, 24.1, 23.0, 20.3, 20.1, 17.5, 17.5, 19.6, 21.1], strict=True))
PREVIOUS = {c: v + 0.5 for c, v in LATEST.items()}


def _ctx(lang="id", unit="persen"):
    return ChartContext(
        "Stunting, 2025", ["10 kabupaten/kota"], "2025", unit, ["Dinkes"], True, lang, "stunting_peta_2025"
    )


def _data(meta=STUNTING, latest=LATEST, previous=PREVIOUS, lang="id"):
    """The map's data as the page state makes it, from the values of the period and the one before."""
    return map_data(_values(latest, previous), REGENCIES, "2025", "2024", meta, lang)


def _map(kind, data, meta=STUNTING, ctx=None, geojson=None, selected=None) -> Chart:
    """A choropleth or tile grid as the page state describes it."""
    return Chart("peta", kind, ctx or _ctx(), "", meta, data.frame, geojson=geojson, selected=selected)


@pytest.fixture(scope="module")
def geojson():
    return json.loads(BUNDLED_BOUNDARY_FILE.read_text())


def test_map001_all_ten_kept_ranked_by_polarity_gaps_as_nan():
    data = _data(latest={c: v for c, v in LATEST.items() if c != "6411"})
    frame = data.frame.set_index("code")
    assert len(frame) == 10 and math.isnan(frame.loc["6411", "value"])  # never zero, never dropped
    assert data.ranked == 9 and list(data.gaps["code"]) == ["6411"]
    # Lower is better: the lowest value ranks 1; equal shown values share a rank.
    assert frame.loc["6471", "rank"] == 1 and frame.loc["6403", "rank"] == 9
    assert frame.loc["6403", "rank_text"] == "Peringkat 9 dari 9 (1 = terbaik)" and frame.loc["6411", "rank_text"] == ""
    assert data.prev_period == "2024" and data.province_value == 20.7
    assert frame.loc["6403", "change"] == pytest.approx(-0.5) and frame.loc["6403", "direction"] == "better"
    assert frame.loc["6403", "change_text"] == "Dibanding 2024: −0,5 poin (membaik)"
    assert frame.loc["6403", "vs_province"] == "worse" and frame.loc["6402", "vs_province"] == "better"
    higher_better = _data({**STUNTING, "polarity": 1}).frame.set_index("code")
    assert higher_better.loc["6403", "rank"] == 1 and higher_better.loc["6403", "direction"] == "worse"
    first = map_data(_values(LATEST, PREVIOUS), REGENCIES, "2025", None, STUNTING, "en").frame.set_index("code")
    assert math.isnan(first.loc["6403", "change"]) and first.loc["6403", "change_text"] == "No previous period"


def _colour_at(trace, value) -> str:
    """The scale colour Plotly gives a value (the stops of SCALE are evenly spaced)."""
    position = (value - trace.zmin) / (trace.zmax - trace.zmin)
    if trace.reversescale:
        position = 1 - position
    return trace.colorscale[round(position * (len(trace.colorscale) - 1))][1]


@pytest.mark.parametrize("meta", [STUNTING, IPM], ids=["lower-better", "higher-better"])
def test_map002_darker_is_always_worse(meta, geojson):
    data = _data(meta)
    fig = figure(_map("choropleth", data, meta, geojson=geojson))
    trace = fig.data[0]
    worst = data.frame.sort_values("rank").iloc[-1]
    best = data.frame.sort_values("rank").iloc[0]
    assert _colour_at(trace, worst["value"]) == SCALE[-1]  # the darkest
    assert _colour_at(trace, best["value"]) == SCALE[0]
    assert trace.featureidkey == "properties.code" and sorted(trace.locations) == sorted(CODES)
    assert "persen" in trace.colorbar.title.text and "gelap = lebih buruk" in trace.colorbar.title.text
    assert fig.layout.geo.visible is False and fig.layout.geo.fitbounds == "locations"
    tiles = figure(_map("tilegrid", data, meta)).data[0]
    assert _colour_at(tiles, worst["value"]) == SCALE[-1]


def test_map003_gap_is_grey_with_a_legend_entry(geojson):
    data = _data(latest={c: v for c, v in LATEST.items() if c != "6411"})
    fig = figure(_map("choropleth", data, geojson=geojson, selected="6403"))
    coloured, grey, legend, _names = fig.data
    assert "6411" not in coloured.locations and list(grey.locations) == ["6411"]
    assert {c for _, c in grey.colorscale} == {NO_DATA} and grey.showscale is False
    assert legend.name == "Tidak ada data" and legend.showlegend and legend.marker.color == NO_DATA
    assert "Tidak ada data untuk 2025" in grey.customdata[0][2]
    # The selected regency is outlined.
    widths = dict(zip(coloured.locations, coloured.marker.line.width, strict=True))
    assert widths["6403"] > widths["6401"]
    tiles = figure(_map("tilegrid", data))
    col, row = TILES["6411"]
    assert tiles.data[0].z[row][col] is None and tiles.data[1].z[row][col] == 0
    assert "Tidak ada data" in tiles.data[1].text[row][col]
    assert any(t.name == "Tidak ada data" and t.showlegend is not False for t in tiles.data[2:])
    json.loads(pio.to_json(tiles))  # serialisable as the browser gets it
    everyone = figure(_map("tilegrid", _data()))
    assert len(everyone.data) == 1 and not everyone.layout.shapes  # no gap, no selection: nothing else drawn


def test_map004_tile_grid_is_placed_like_the_map():
    assert len(TILES) == 10 and len(set(TILES.values())) == 10
    x = {c: p[0] for c, p in TILES.items()}
    y = {c: p[1] for c, p in TILES.items()}  # row 0 is the top
    assert x["6411"] < x["6405"] and y["6411"] == y["6405"] == 0  # Mahakam Ulu NW, Berau N
    assert x["6404"] > x["6403"] > x["6402"]  # Kutai Barat W, Kukar centre, Kutai Timur E
    assert y["6401"] == y["6409"] == y["6471"] == max(y.values())  # Paser, PPU and Balikpapan in the south
    assert x["6474"] > x["6403"] and x["6472"] >= x["6403"]  # Bontang and Samarinda east of the centre


def test_map005_hover_in_the_readers_language():
    rows = {r[0]: r for r in hover_rows(_map("tilegrid", _data()))}
    assert rows["6403"][1] == "Kabupaten Kutai Kartanegara"
    text = rows["6403"][2]
    assert "<b>24,1%</b>" in text and "Peringkat 10 dari 10 (1 = terbaik)" in text
    assert "Dibanding 2024: −0,5 poin (membaik)" in text and "Data contoh" in text
    assert "Data contoh" not in rows["6402"][2]
    english = {r[0]: r for r in hover_rows(_map("tilegrid", _data(lang="en"), ctx=_ctx("en", "percent")))}["6403"][2]
    assert "<b>24.1%</b>" in english and "Rank 10 of 10" in english and "−0.5 pts (better)" in english


def test_map006_click_gives_the_bps_code():
    assert code_from_click({"points": [{"location": "6404", "customdata": ["6404", "x", "y"]}]}) == "6404"
    assert code_from_click({"points": [{"location": "6405"}]}) == "6405"
    assert code_from_click({"points": [{"x": 1, "y": 1}]}) == "6403"  # a heatmap tile without customdata
    assert code_from_click(None) is None and code_from_click({"points": []}) is None


def _headline_obs(metas=((STUNTING, 0.0), (IPM, 60.0))):
    frames = []
    for meta, shift in metas:
        frame = _values({c: v + shift for c, v in LATEST.items()}, {c: v + shift for c, v in PREVIOUS.items()})
        frames.append(frame.assign(indicator=meta["code"]))
    return pd.concat(frames, ignore_index=True)


CATALOGUE = pd.DataFrame([STUNTING, IPM])


def _comparison(obs, catalogue, codes) -> Comparison:
    """The scorecard's rows at 2025 (the map period of both indicators), as the page state makes them."""
    periods = dict.fromkeys(catalogue["code"], "2025")
    rows = scorecard_rows(obs[obs["period"] == "2025"], periods, catalogue, codes)
    names = dict(zip(REGENCIES["code"], REGENCIES["name"], strict=True))
    return Comparison(list(codes), names, rows, {"kesehatan": "Kesehatan", "pendidikan": "Pendidikan"}, None)


def test_map008_scorecard_judges_each_value_against_the_province():
    rows = _comparison(_headline_obs(), CATALOGUE, ["6403", "6402"]).rows
    stunting = next(r for r in rows if r.meta["code"] == "stunting")
    assert stunting.period == "2025" and stunting.province == 20.7
    assert stunting.cells["6403"].vs_province == "worse"  # 24.1% > 20.7%, lower is better
    assert stunting.cells["6402"].vs_province == "better" and not stunting.cells["6402"].is_sample
    ipm = next(r for r in rows if r.meta["code"] == "ipm")
    assert ipm.cells["6403"].vs_province == "better"  # 84.1 > 80.7, higher is better
    missing = _comparison(_headline_obs().query("not (region == '6402' and indicator == 'ipm')"), CATALOGUE, ["6402"])
    assert next(r for r in missing.rows if r.meta["code"] == "ipm").cells["6402"].value is None
    # An indicator without regency values (no map period) has no row.
    assert [r.meta["code"] for r in scorecard_rows(_headline_obs(), {"ipm": "2025"}, CATALOGUE, ["6402"])] == ["ipm"]


def test_map009_profile_rank_province_and_biggest_changes():
    targets = pd.DataFrame(
        [
            {
                "indicator": "stunting",
                "year": 2025,
                "value": 22.4,
                "is_sample": True,
                "document": "RPJMD",
                "source_url": None,
            }
        ]
    )
    obs = _headline_obs()
    assert latest_periods(obs, "6403") == {"ipm": "2025", "stunting": "2025"}
    # The regency's history and the others at its latest periods are all the profile reads.
    history, at = obs[obs["region"].isin(["6403", "64"])], obs[obs["period"] == "2025"]
    rows = {r.meta["code"]: r for r in profile_rows(history, at, CATALOGUE, "6403", targets)}
    stunting = rows["stunting"]
    assert stunting.kpi.value == 24.1 and stunting.province == 20.7
    assert (stunting.rank, stunting.ranked, stunting.vs_province) == (10, 10, "worse")
    assert stunting.kpi.target_value == 22.4 and stunting.kpi.target_met is False
    assert rows["ipm"].rank == 1 and rows["ipm"].vs_province == "better"
    # Stunting moved 0.5 on 24.6 (2.0%), IPM 0.5 on 84.6 (0.6%): stunting changed most.
    assert [r.meta["code"] for r in biggest_changes(list(rows.values()))] == ["stunting", "ipm"]


def test_map010_indicators_listed_sector_by_sector_headline_first():
    sectors = pd.DataFrame(
        [{"code": "kesehatan", "name_id": "Kesehatan", "name_en": "Health"},
         {"code": "pendidikan", "name_id": "Pendidikan", "name_en": "Education"}]
    )  # fmt: skip
    extra = {**IPM, "code": "aps_7_12", "name_id": "APS 7-12", "headline": None}
    options = indicator_options(pd.DataFrame([extra, IPM, STUNTING]), sectors, "id")
    assert [code for code, _label in options] == ["stunting", "ipm", "aps_7_12"]
    assert options[0][1] == "Kesehatan · Prevalensi Stunting"


def _shown(*parts) -> str:
    """Everything figures and components hold, as the browser gets it."""
    return " ".join(json.dumps(p, cls=PlotlyJSONEncoder, ensure_ascii=False) for p in parts)


@pytest.mark.parametrize(
    ("lang", "unit", "other", "value", "change"),
    [("en", "years", "tahun", "74.10 years", "−0.50 years (worse)"),
     ("id", "tahun", "years", "74,10 tahun", "−0,50 tahun (memburuk)")],
)  # fmt: skip
def test_map011_regional_views_say_the_unit_in_the_readers_language(lang, unit, other, value, change, geojson):
    older = {c: v + 50 for c, v in PREVIOUS.items()}
    data = _data(LIFE, {c: v + 50 for c, v in LATEST.items()}, older, lang)  # 6403: 74.10
    ctx = ChartContext("UHH, 2025", ["10"], "2025", pick(LIFE, "unit", lang), ["BPS"], True, lang, "uhh_peta_2025")
    hover = {r[0]: r[2] for r in hover_rows(_map("tilegrid", data, LIFE, ctx))}["6403"]
    assert f"<b>{value}</b>" in hover and change in hover
    choropleth = figure(_map("choropleth", data, LIFE, ctx, geojson))
    assert choropleth.data[0].colorbar.title.text.startswith(f"{unit} (")
    tiles = figure(_map("tilegrid", data, LIFE, ctx))
    col, row = TILES["6403"]
    assert tiles.data[0].text[row][col].endswith(f"<b>{value}</b>")
    table = ranking_table(data, LIFE, lang)
    assert value in _shown(table) and change.split(" (")[0] in _shown(table)
    selected = selection_panel(data, LIFE, "6403", lang)
    assert value in _shown(selected)
    obs = _headline_obs(((STUNTING, 0.0), (LIFE, 50.0)))
    card = scorecard(_comparison(obs, pd.DataFrame([STUNTING, LIFE]), ["6403", "6471"]), lang)
    assert value in _shown(card)
    everything = _shown(choropleth, tiles, table, selected, card)
    assert unit in everything and other not in everything


@pytest.mark.parametrize(("lang", "unit", "other"), [("en", "years", "tahun"), ("id", "tahun", "years")])
def test_map012_profile_says_the_unit_in_the_readers_language(lang, unit, other):
    obs = _headline_obs(((STUNTING, 0.0), (LIFE, 50.0)))
    targets = pd.DataFrame(
        [{"indicator": "umur_harapan_hidup", "year": 2025, "value": 75.0, "is_sample": True, "document": "RPJMD",
          "source_url": None}]
    )  # fmt: skip
    rows = profile_rows(obs, obs, pd.DataFrame([STUNTING, LIFE]), "6403", targets)
    changes, table = changes_list(biggest_changes(rows), lang), sector_table(rows, "Health", "Kutai Kartanegara", lang)
    value = {"en": "74.10 years", "id": "74,10 tahun"}[lang]
    assert value in _shown(changes) and value in _shown(table)
    everything = _shown(changes, table)
    assert unit in everything and other not in everything


def test_map013_the_map_opens_on_the_latest_period_most_regencies_have():
    regencies = [f"64{n:02d}" for n in range(1, 11)]

    def rows(period, codes):
        return [{"region": c, "period": period, "value": 1.0} for c in ["64", *codes]]

    values = pd.DataFrame(rows("2021", regencies) + rows("2022", regencies[:8]) + rows("2024", regencies[:3]))
    assert default_period(values) == "2022"  # 2024 holds three regencies' releases only
    assert default_period(values[values["period"] == "2024"]) == "2024"  # nothing better: the latest
    # Of the regencies that report the indicator at all: four do, so three are most of them and two are not.
    few = pd.DataFrame(rows("2023-S2", regencies[:3]) + rows("2024-S1", regencies[2:4]))
    assert default_period(few) == "2023-S2"
    assert default_period(values.iloc[0:0]) is None
