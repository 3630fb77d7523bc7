"""The view of one indicator under a window: what the charts, sentences and downloads hold. Pure, no database."""

import pandas as pd

from components.charts import figure
from portal.state.series import Window, build, file_stem, is_total, years

NAMES = {"64": "Kalimantan Timur", "6401": "Paser", "6471": "Balikpapan", "6472": "Samarinda"}


def _meta(code: str, unit: str, polarity: int) -> dict:
    return {
        "code": code,
        "name_id": code.upper(),
        "name_en": code.upper(),
        "unit_id": unit,
        "unit_en": unit,
        "decimals": 1,
        "polarity": polarity,
        "frequency": "tahunan",
        "producer_agency": "BPS Provinsi Kalimantan Timur",
        "source_note": "Susenas",
    }


def _obs(values: dict[str, list[float]], first_year: int = 2019) -> pd.DataFrame:
    rows = [
        {
            "region": region,
            "region_name": NAMES[region],
            "period": str(first_year + i),
            "value": v,
            "status": "tetap",
            "source": "contoh",
            "source_title": "Data contoh",
            "source_url": None,
            "is_sample": region != "64",
            "loaded_at": pd.Timestamp("2026-11-28"),
        }
        for region, series in values.items()
        for i, v in enumerate(series)
    ]
    return pd.DataFrame(rows)


NO_TARGETS = pd.DataFrame(columns=["year", "value", "is_sample"])


def _view(meta, obs, regions, start, end, lang="id"):
    """build() given what the queries return for the window: the trend's rows (province and chosen regions in
    the years) and the province and regencies at the regencies' last two periods up to the end year."""
    window = Window(meta["code"], tuple(regions), start, end)
    in_years = obs[obs["period"].str[:4].astype(int).between(start, end)]
    trend = in_years[in_years["region"].isin(["64", *regions])]
    regency_periods = sorted(
        obs.loc[(obs["region"] != "64") & (obs["period"].str[:4].astype(int) <= end), "period"].unique()
    )
    recent = obs[obs["period"].isin(regency_periods[-2:])]
    return build(meta, trend, recent, NO_TARGETS, window, lang)


def _coverage(obs):
    return obs.groupby("region").agg(first=("period", "min"), last=("period", "max")).reset_index()


def test_view001_window_regions_and_rows_shown():
    obs = _obs({"64": [6, 5.8, 5.5, 5.2], "6401": [9, 8, 8.5, 7], "6471": [3, 2.5, 2.4, 2.0], "6472": [4, 4, 4, 4]})
    assert years(_coverage(obs)) == [2019, 2020, 2021, 2022]
    view = _view(_meta("p0", "persen", -1), obs, ["6472"], 2020, 2021)
    # The trend: province and Samarinda in 2020-2021; the ranking: every regency in 2021.
    assert [c.key for c in view.charts] == ["tren", "peringkat"]
    assert view.ranking_period == "2021"
    shown = set(zip(view.rows["region"], view.rows["period"], strict=True))
    assert shown == {
        ("64", "2020"),
        ("64", "2021"),
        ("6472", "2020"),
        ("6472", "2021"),
        ("6401", "2021"),
        ("6471", "2021"),
    }
    assert view.charts[0].ctx.regions == ["Kalimantan Timur", "Samarinda"]
    assert view.charts[0].ctx.is_sample and view.charts[0].ctx.filename == "p0_6472_2020-2021"
    assert "1. Balikpapan 2,4%" in view.charts[1].summary and "Provinsi 5,5%" in view.charts[1].summary
    assert any("lebih buruk dari angka provinsi" in s for s in view.sentences)
    assert file_stem(view.meta, Window("p0", (), 2019, 2022)) == "p0_64_2019-2022"


def test_view002_a_total_is_not_compared_with_the_province():
    meta = _meta("investasi_total", "Rp triliun", 1)
    assert is_total(meta) and not is_total(_meta("p0", "persen", -1))
    obs = _obs({"64": [60, 65], "6401": [5, 6], "6471": [12, 11], "6472": [9, 10]})
    view = _view(meta, obs, [], 2019, 2020)
    ranking = view.charts[1]
    assert ranking.ctx.regions == ["3 kabupaten/kota"]
    assert "Provinsi" not in ranking.summary
    assert ranking.province is None and not figure(ranking).layout.shapes  # no province line
    assert not any("angka provinsi" in s for s in view.sentences)


def test_view003_no_data_in_the_window():
    obs = _obs({"64": [6, 5.8]}, first_year=2015)
    view = _view(_meta("p0", "persen", -1), obs, [], 2020, 2021, "en")
    assert view.charts == [] and view.sentences == ["There are no data for this selection yet."]


def test_view004_time_ticks_say_periods_as_readers_do():
    from components.charts import time_ticks

    quarters = pd.Series([f"{y}-Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)])
    assert time_ticks(quarters, "id")["ticktext"][:2] == ["Tw1 2024", "Tw2 2024"]
    assert time_ticks(quarters, "en")["ticktext"][-1] == "Q4 2025"
    years = pd.Series([str(y) for y in range(2015, 2026)])
    assert time_ticks(years, "id")["ticktext"] == ["2015", "2017", "2019", "2021", "2023", "2025"]
    months = pd.Series([f"2020-{m:02d}" for m in range(1, 13)] + ["2021-01", "2022-01", "2023-01"])
    assert time_ticks(months, "id")["ticktext"] == ["2020", "2021", "2022", "2023"]
    # Half-years of 2017 and 2020-2025: by the span (nine years), not the seven years with values, the latest shown.
    gappy = pd.Series(["2017-S1", "2017-S2", *(f"{y}-S{h}" for y in range(2020, 2026) for h in (1, 2))])
    assert time_ticks(gappy, "id")["ticktext"] == ["2017", "2019", "2021", "2023", "2025"]
    assert time_ticks(pd.Series([str(y) for y in range(1990, 2026)]), "id")["ticktext"][-2:] == ["2019", "2025"]


IPM_BREAK = pd.DataFrame(
    [("ipm", "2020", "uhh-lama", "uhh-sp2020lf", "Metode baru", "New method")],
    columns=["indicator", "period", "method_before", "method_after", "label_id", "label_en"],
)


def test_view005_a_series_break_is_a_gap_and_a_labelled_marker_never_one_line_across():
    from datetime import date

    from portal.breaks import segments

    # IPM: 2018-2019 of the old method, 2020-2022 of the new one (BPS recomputed 2020 on).
    obs = _obs({"64": [75.83, 76.61, 75.94, 76.60, 77.36], "6472": [79.73, 80.20, 80.5, 81.2, 82.0]}, 2018)
    obs["segment"] = segments(obs.assign(indicator="ipm"), IPM_BREAK)
    meta = _meta("ipm", "indeks", 1)
    window = Window("ipm", ("6472",), 2018, 2022)
    for lang, text in (("id", "Metode baru"), ("en", "New method")):
        view = build(meta, obs, obs, NO_TARGETS, window, lang, IPM_BREAK)
        trend = view.charts[0]
        assert trend.breaks == (("2020", text),)
        fig = figure(trend)
        lines = [t for t in fig.data if t.mode == "lines+markers"]
        assert len(lines) == 4  # two regions, each on both sides of the break
        for line in lines:
            sides = {x >= date(2020, 1, 1) for x in line.x}
            assert len(sides) == 1, line.name  # no line crosses the break
        assert sorted(t.name for t in lines if t.showlegend) == ["Kalimantan Timur", "Samarinda"]
        assert [a.text for a in fig.layout.annotations if a.name == "series-break"] == [text]
        assert [s.x0 for s in fig.layout.shapes] == [date(2020, 1, 1)]
    # A window after the break has one line per region and no marker.
    after = build(
        meta, obs[obs["period"] >= "2020"], obs, NO_TARGETS, Window("ipm", ("6472",), 2020, 2022), "id", IPM_BREAK
    )
    assert after.charts[0].breaks == ()
    assert len([t for t in figure(after.charts[0]).data if t.mode == "lines+markers"]) == 2


def test_view006_the_ranking_reads_on_a_phone():
    """The province's line is named in the legend (its label met the legend), and the values stand in a column right
    of the plot, where neither the line nor a bar crosses them."""
    obs = _obs({"64": [6, 5.5], "6401": [9, 8.5], "6471": [3, 2.4], "6472": [4, 5.4]})
    fig = figure(_view(_meta("p0", "persen", -1), obs, [], 2019, 2020).charts[1])
    assert [s.x0 for s in fig.layout.shapes] == [5.5]
    assert [t.name for t in fig.data if t.type == "scatter"] == ["Provinsi: 5,5%"] and fig.layout.showlegend
    assert not any("Provinsi" in (a.text or "") for a in fig.layout.annotations)
    labels = [a for a in fig.layout.annotations if a.name == "value-label"]
    assert [a.text for a in labels] == ["2,4%", "5,4%", "8,5%"]  # best first: lower is better
    assert all(a.xref == "paper" and a.x == 1 and a.xanchor == "left" for a in labels)
    assert fig.data[0].textposition == "none"


def test_view007_the_legend_keeps_its_distance_from_the_top_whatever_the_height():
    from components.chart_frame import SCREEN_HEIGHT, for_height

    obs = _obs({"64": [6, 5.5], "6401": [9, 8.5], "6471": [3, 2.4], "6472": [4, 5.4]})

    def drawn():
        return figure(_view(_meta("p0", "persen", -1), obs, ["6472"], 2019, 2020).charts[0])

    fig = drawn()
    below_top = (1 - fig.layout.legend.y) * SCREEN_HEIGHT
    assert fig.layout.legend.yref == "container" and fig.layout.margin.t - 12 < below_top
    for height in (360, 480, 560, SCREEN_HEIGHT):
        moved = for_height(drawn(), height)
        assert abs((1 - moved.layout.legend.y) * height - below_top) < 1e-6
