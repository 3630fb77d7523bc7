"""Regional queries on both engines, and the boundary file as the app reads it."""

from __future__ import annotations

import pytest

from portal import queries
from portal.settings import BUNDLED_BOUNDARY_FILE, Settings
from portal.state import profile


def test_reg001_find_a_regency_by_bps_or_kemendagri_code(loaded_db):
    assert profile.find("6403")["name"] == "Kutai Kartanegara"
    assert profile.find("64.02")["code"] == "6403"  # Kemendagri 64.02 is BPS 6403
    assert profile.find("64.07")["code"] == "6402"
    assert profile.find("64") is None  # the province has no regency profile
    assert profile.find("9999") is None and profile.find("") is None and profile.find(None) is None


def test_reg002_regional_values_cover_province_and_ten_regencies(loaded_db):
    values = queries.regional_values("stunting")
    everyone = sorted(["64", *queries.regions(("kabkota",))["code"]])
    assert sorted(values["region"].unique()) == everyone
    # Every region has official figures (SSGI 2021), so only official figures are shown, never a later sample.
    assert sorted(values.loc[values["period"] == "2021", "region"]) == everyone
    assert not values["is_sample"].astype(bool).any()
    assert set(values.columns) >= {"region", "period", "value", "is_sample", "source_url"}
    # Restricted indicators stay out of the public views.
    assert queries.regional_values("investasi_proyek").empty
    assert queries.regional_values("investasi_proyek", classes=("publik", "terbatas")).shape[0] > 0


def test_reg003_headline_regional_only_public_headlines(loaded_db):
    frame = queries.headline_regional()
    catalogue = queries.catalogue()
    headline = set(catalogue.loc[catalogue["headline"].notna(), "code"])
    assert set(frame["indicator"]) == headline
    assert frame["region"].nunique() == 11
    # A profile reads its regency and the province only: the same rows.
    narrowed = queries.headline_regional(regions=("64", "6403"))
    assert narrowed.equals(frame[frame["region"].isin(["64", "6403"])].reset_index(drop=True))


def test_reg004_boundaries_from_configuration(loaded_db, tmp_path):
    # Unset: the bundled file, so a fresh clone draws the map.
    path = Settings.from_env({}).boundary_file
    accepted = queries.boundaries(path)
    assert path == str(BUNDLED_BOUNDARY_FILE)
    assert accepted.problem is None and len(accepted.geojson["features"]) == 10
    assert queries.boundaries(path) is accepted  # read and validated once per process
    # Explicitly empty: the tile grid.
    empty = Settings.from_env({"BOUNDARY_FILE": ""}).boundary_file
    assert queries.boundaries(empty).geojson is None and not queries.boundaries(empty).configured
    # Any other path overrides the bundled file.
    other = tmp_path / "other.geojson"
    other.write_bytes(BUNDLED_BOUNDARY_FILE.read_bytes())
    assert queries.boundaries(str(other)).path == str(other) and queries.boundaries(str(other)).problem is None
    assert "does not exist" in queries.boundaries(str(tmp_path / "absent.geojson")).problem
    broken = tmp_path / "broken.geojson"
    broken.write_text("{")
    refused = queries.boundaries(str(broken))
    assert refused.geojson is None and "not valid JSON" in refused.problem


def test_reg005_values_at_indicator_period_pairs(loaded_db):
    everything = queries.headline_regional()
    pairs = (("ipm", "2021"), ("stunting", "2022"))
    at = queries.regional_at(pairs)
    expected = everything[
        ((everything["indicator"] == "ipm") & (everything["period"] == "2021"))
        | ((everything["indicator"] == "stunting") & (everything["period"] == "2022"))
    ]
    assert at.equals(expected.reset_index(drop=True)) and sorted(at["region"].unique())[0] == "64"
    assert queries.regional_at(()).empty
    # Restricted indicators stay out.
    assert queries.regional_at((("investasi_proyek", "2024"),)).empty
    assert not queries.regional_at((("investasi_proyek", "2024"),), ("publik", "terbatas")).empty


@pytest.fixture(autouse=True)
def _fresh_boundary_cache():
    from portal.queries import regional

    regional._load_boundaries.cache_clear()
    yield
    regional._load_boundaries.cache_clear()


def _names_publisher(ctx, meta) -> bool:
    return any(meta["producer_agency"] in s for s in ctx.sources)


def _names_sample(ctx) -> bool:
    return any("contoh" in s for s in ctx.sources)


def test_reg006_map_source_line_names_the_source_of_the_values_drawn(loaded_db):
    from portal.access import Reader
    from portal.settings import BUNDLED_BOUNDARY_FILE
    from portal.state import regional

    # Gini ratio: every regency value is a sample value, so the map and the ranking never name BPS.
    only_sample = regional.page({"indikator": "gini_ratio"}, Reader(), str(BUNDLED_BOUNDARY_FILE)).view.map
    assert only_sample.data.frame["is_sample"].dropna().astype(bool).all()
    for chart in (only_sample.map, only_sample.ranking):
        assert chart.ctx.sources == ["data contoh sintetis Portal Satu Data Kaltim"]
        assert not any("BPS" in s for s in chart.ctx.sources) and chart.ctx.is_sample
        assert "BPS" not in chart.ctx.footer()
    # SPBE 2024: official results of some regencies beside sample values of the others: both are named.
    mixed = regional.page({"indikator": "indeks_spbe", "periode": "2024"}, Reader(), str(BUNDLED_BOUNDARY_FILE))
    drawn = mixed.view.map
    flags = drawn.data.frame["is_sample"].dropna().astype(bool)
    assert flags.any() and not flags.all()
    for chart in (drawn.map, drawn.ranking):
        assert _names_publisher(chart.ctx, drawn.meta) and _names_sample(chart.ctx)
    # Official figures only (P0 2024 of every regency): the publisher and no sample note.
    real = regional.page({"indikator": "kemiskinan_p0", "periode": "2024"}, Reader(), str(BUNDLED_BOUNDARY_FILE))
    assert not real.view.map.data.frame["is_sample"].dropna().astype(bool).any()
    ctx = real.view.map.map.ctx
    assert ctx.sources[0].startswith("BPS Provinsi Kalimantan Timur") and not _names_sample(ctx)


def test_reg007_profile_chart_source_lines_follow_their_values(loaded_db):
    from portal.access import Reader

    found = profile.page("6472", {}, Reader())
    seen = {"sample": 0, "mixed": 0, "real": 0}
    for section in found.sections:
        for chart in section.charts:
            flags = chart.rows["is_sample"].astype(bool)
            if flags.all():
                seen["sample"] += 1
                assert not _names_publisher(chart.ctx, chart.meta) and _names_sample(chart.ctx), chart.key
            elif flags.any():
                seen["mixed"] += 1
                assert _names_publisher(chart.ctx, chart.meta) and _names_sample(chart.ctx), chart.key
            else:
                seen["real"] += 1
                assert _names_publisher(chart.ctx, chart.meta) and not _names_sample(chart.ctx), chart.key
    assert seen["mixed"] and seen["real"], seen
