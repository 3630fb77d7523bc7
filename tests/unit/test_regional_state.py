"""The /wilayah and regency-profile page state on the bundled data: the address read by portal/params.py, the
controls read strictly, and the profile's narrowed reads giving what reading every regency gives."""

from __future__ import annotations

import pytest

from portal import queries
from portal.access import Reader, Role
from portal.params import InvalidInput
from portal.settings import BUNDLED_BOUNDARY_FILE
from portal.state import profile, regional

ANONYMOUS, VIEWER, ENGLISH = Reader(), Reader(role=Role.VIEWER), Reader(lang="en")
BOUNDARIES = str(BUNDLED_BOUNDARY_FILE)


def test_rst001_an_address_is_read_and_what_cannot_be_used_is_named(loaded_db):
    query = {
        "indikator": "stunting",
        "periode": "1800",
        "wilayah": "64.02",
        "banding": "6401,64.07,9999,6401",
        "x": "1",
    }
    state = regional.page(query, ANONYMOUS, BOUNDARIES)
    choice = state.view.choice
    assert (choice.indicator, choice.period) == (
        "stunting",
        regional.default_period(queries.regional_values("stunting")),
    )
    assert choice.region == "6403" and choice.compare == ("6401", "6402")  # Kemendagri 64.02 and 64.07
    assert state.notice.startswith("Sebagian isian filter pada alamat tidak dikenali dan diabaikan:")
    for dropped in ("periode=1800", "banding=9999", "x=1"):
        assert dropped in state.notice
    assert choice.address() == f"?indikator=stunting&periode={choice.period}&wilayah=6403&banding=6401,6402"
    assert regional.page({}, ANONYMOUS, BOUNDARIES).notice is None


def test_rst002_an_unknown_and_a_restricted_indicator_read_the_same(loaded_db):
    unknown = regional.page({"indikator": "tidak_ada"}, ANONYMOUS, BOUNDARIES)
    restricted = regional.page({"indikator": "investasi_proyek"}, ANONYMOUS, BOUNDARIES)
    assert unknown.notice == restricted.notice and "indikator" in unknown.notice
    assert "tidak_ada" not in unknown.notice and "investasi_proyek" not in restricted.notice
    # The default: the first priority sector's headline indicator, on its map's period.
    assert unknown.view.choice.indicator == restricted.view.choice.indicator == unknown.indicators[0][0]
    assert "investasi_proyek" not in [code for code, _label in unknown.indicators]
    # A reader who may see it gets it.
    allowed = regional.page({"indikator": "investasi_proyek"}, VIEWER, BOUNDARIES)
    assert allowed.notice is None and allowed.view.choice.indicator == "investasi_proyek"


def test_rst003_the_map_of_a_period_and_the_one_before(loaded_db):
    found = regional.page({"indikator": "stunting", "periode": "2022"}, ANONYMOUS, BOUNDARIES).view
    everything = queries.regional_values("stunting")
    regency = everything[everything["region"] != "64"]
    assert [p for p, _label in found.periods] == sorted(regency["period"].unique())[::-1]
    at = everything[everything["period"] == "2022"].set_index("region")["value"]
    shown = found.map.data.frame.set_index("code")
    assert shown["value"].dropna().to_dict() == at.drop("64").to_dict()
    assert found.map.data.province_value == at.get("64") and found.map.data.prev_period == "2021"
    before = everything[everything["period"] == "2021"].set_index("region")["value"]
    assert shown["prev_value"].dropna().to_dict() == before.drop("64").to_dict()
    assert found.map.map.kind == "choropleth" and found.map.note is None
    assert found.map.ranking.kind == "ranking" and len(found.map.ranking.rows) == shown["value"].notna().sum()
    assert regional.page({"indikator": "stunting"}, ANONYMOUS, "").view.map.map.kind == "tilegrid"
    refused = regional.page({"indikator": "stunting"}, ENGLISH, "/nowhere.geojson").view.map
    assert refused.map.kind == "tilegrid" and "does not exist" in refused.note


def test_rst004_the_controls_are_read_strictly(loaded_db):
    given = {"indikator": "ipm", "periode": "2021", "wilayah": "6472", "banding": ["6401", "6472"]}
    assert regional.address(given, ANONYMOUS) == "?indikator=ipm&periode=2021&wilayah=6472&banding=6401,6472"
    # The period list may still hold the previous indicator's period: the new one's own default then.
    moved = regional.view({**given, "periode": "2019-S1"}, ANONYMOUS, BOUNDARIES)
    assert moved.choice.period == regional.default_period(queries.regional_values("ipm"))
    for tampered in (
        {**given, "indikator": "investasi_proyek"},
        {**given, "indikator": "tidak_ada"},
        {**given, "periode": "2024-Q5"},
        {**given, "wilayah": "9999"},
        {**given, "banding": ["6401", "<script>"]},
        {**given, "banding": ["6401"] * 21},
        {**given, "zzz": "1"},
    ):
        with pytest.raises(InvalidInput):
            regional.address(tampered, ANONYMOUS)
    assert regional.view({**given, "indikator": "investasi_proyek"}, VIEWER, BOUNDARIES).map is not None


def test_rst005_comparison_at_each_indicator_map_period(loaded_db):
    found = regional.compared({"banding": ["6403", "6471"]}, ANONYMOUS)
    assert found.codes == ["6403", "6471"] and found.too_many is None
    catalogue = queries.catalogue()
    assert [r.meta["code"] for r in found.rows] == sorted(
        catalogue.loc[catalogue["headline"].notna(), "code"],
        key=lambda c: (list(queries.sectors()["code"]).index(catalogue.set_index("code").loc[c, "sector"]),
                       catalogue.set_index("code").loc[c, "headline"]),
    )  # fmt: skip
    everything = queries.headline_regional()
    for row in found.rows:
        series = everything[everything["indicator"] == row.meta["code"]]
        counts = series[series["region"] != "64"].groupby("period")["region"].nunique()
        covered = [p for p in counts.index if counts[p] * 2 > series.loc[series["region"] != "64", "region"].nunique()]
        assert row.period == (covered or list(counts.index))[-1]
        now = series[series["period"] == row.period].set_index("region")["value"]
        assert row.province == now.get("64") and row.cells["6403"].value == now.get("6403")
    many = regional.compared({"banding": ["6401", "6402", "6403", "6404", "6405"]}, ANONYMOUS)
    assert many.codes == ["6401", "6402", "6403", "6404"] and "Paling banyak 4" in many.too_many
    assert regional.compared({"banding": ["6401"]}, ANONYMOUS).rows == []
    with pytest.raises(InvalidInput):
        regional.compared({"banding": ["6401", "64.99"]}, ANONYMOUS)


def test_rst006_a_click_names_a_regency_by_code_or_by_name(loaded_db):
    assert regional.regency("6404") == "6404" and regional.regency("Kutai Timur") == "6404"
    assert regional.regency(None) is None and regional.regency("Jakarta") is None


def test_rst007_profile_reads_the_regency_and_ranks_it_as_reading_everything_would(loaded_db):
    catalogue = queries.catalogue()
    everything = queries.headline_regional()
    for region in queries.regions(("kabkota",)).to_dict("records"):
        state = profile.page(region["kemendagri_code"], {}, ANONYMOUS)
        assert state.region["code"] == region["code"]
        targets = queries.targets(catalogue.loc[catalogue["headline"].notna(), "code"].tolist(), region["code"])
        expected = profile.profile_rows(everything, everything, catalogue, region["code"], targets)
        shown = [r for s in state.sections for r in s.rows]
        assert {r.meta["code"]: (r.kpi.value, r.province, r.rank, r.ranked) for r in shown} == {
            r.meta["code"]: (r.kpi.value, r.province, r.rank, r.ranked) for r in expected
        }
        assert sum(len(s.charts) for s in state.sections) == sum(r.kpi.value is not None for r in expected)
    assert profile.page("64", {}, ANONYMOUS) is None and profile.page("9999", {}, ANONYMOUS) is None


def test_rst008_profile_charts_and_the_section_without_kecamatan(loaded_db):
    state = profile.page("6403", {"kecamatan": "64.02.01", "x": "1"}, ENGLISH)
    chart = next(c for s in state.sections for c in s.charts if c.meta["code"] == "stunting")
    assert chart.kind == "trend" and chart.key == "profil-stunting"
    assert chart.ctx.regions == ["Kabupaten Kutai Kartanegara", "Kalimantan Timur Province"]
    assert set(chart.rows["region"]) == {"6403", "64"} and chart.ctx.filename.startswith("stunting_6403-64_")
    below = state.below
    assert below.kecamatan == [] and below.address() == ""  # no kecamatan in the bundled reference
    assert "kecamatan=64.02.01" in below.notice and "x=1" in below.notice
    with pytest.raises(InvalidInput):
        profile.section("9999", {}, ANONYMOUS)
