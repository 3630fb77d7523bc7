"""The boundary validator: accepts the bundled Kaltim file, refuses bad ones with a sentence that says why."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pandas as pd
import pytest
from shapely.geometry import shape

from etl import boundaries
from etl.boundaries import main
from portal.geo import BoundaryError, load, validate
from portal.settings import BUNDLED_BOUNDARY_FILE, DATA_DIR


@pytest.fixture(scope="module")
def regions() -> list[dict]:
    frame = pd.read_csv(DATA_DIR / "reference" / "regions.csv", dtype=str, keep_default_na=False)
    return frame[frame["level"] == "kabkota"].to_dict("records")


@pytest.fixture(scope="module")
def good() -> dict:
    return json.loads(BUNDLED_BOUNDARY_FILE.read_text())


def _write(tmp_path: Path, data: dict, name: str = "batas.geojson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def test_bnd001_accepts_the_bundled_file(regions, good):
    result = load(BUNDLED_BOUNDARY_FILE, regions)
    codes = [f["properties"]["code"] for f in result.geojson["features"]]
    assert codes == sorted(r["code"] for r in regions)
    assert all(f["id"] == f["properties"]["code"] for f in result.geojson["features"])
    # Already wound for Plotly: nothing to rewind, and every exterior ring stays clockwise.
    assert not any("rewound" in n for n in result.notes)
    for feature in result.geojson["features"]:
        for polygon in shape(feature["geometry"]).geoms:
            assert not polygon.exterior.is_ccw


def test_bnd002_refuses_a_missing_regency(tmp_path, regions, good):
    data = copy.deepcopy(good)
    data["features"] = [f for f in data["features"] if f["properties"]["code"] != "6411"]
    with pytest.raises(BoundaryError, match=r"lacks 1 region\(s\) of the region table: Mahakam Ulu \(6411\)"):
        load(_write(tmp_path, data), regions)


def test_bnd003_refuses_a_duplicated_regency(tmp_path, regions, good):
    data = copy.deepcopy(good)
    berau = next(f for f in data["features"] if f["properties"]["code"] == "6405")
    data["features"].append(copy.deepcopy(berau))
    with pytest.raises(BoundaryError, match=r"exactly once.*Berau \(6405\) appears 2 times \(features #5, #11\)"):
        load(_write(tmp_path, data), regions)


def _swap(coords):
    if isinstance(coords[0], (int, float)):
        return [coords[1], coords[0]]
    return [_swap(c) for c in coords]


def test_bnd004_refuses_swapped_lat_lon(tmp_path, regions, good):
    data = copy.deepcopy(good)
    for feature in data["features"]:
        feature["geometry"]["coordinates"] = _swap(feature["geometry"]["coordinates"])
    with pytest.raises(BoundaryError, match=r"\[latitude, longitude\] order; GeoJSON needs \[longitude, latitude\]"):
        load(_write(tmp_path, data), regions)


def test_bnd005_refuses_invalid_json(tmp_path, regions):
    path = tmp_path / "rusak.geojson"
    path.write_text(BUNDLED_BOUNDARY_FILE.read_text()[:5000])
    with pytest.raises(BoundaryError, match=r"is not valid JSON \(.*line 1 column"):
        load(path, regions)


def test_bnd006_recognises_kemendagri_codes_and_names_and_rewinds(tmp_path, regions, good):
    """A file keyed by Kemendagri code or name, wound the RFC 7946 way, comes back keyed by BPS code, clockwise."""
    data = copy.deepcopy(good)
    for i, feature in enumerate(data["features"]):
        props = feature.pop("properties")
        feature.pop("id", None)
        # Half by Kemendagri code (64.02 is Kutai Kartanegara, BPS 6403), half by a name as agencies write it.
        feature["properties"] = {"kode": props["kemendagri"]} if i % 2 else {"nama": props["name_full"].upper()}
        feature["geometry"]["coordinates"] = [
            [ring[::-1] for ring in poly] for poly in feature["geometry"]["coordinates"]
        ]
    result = validate(data, regions)
    by_code = {f["properties"]["code"]: f for f in result.geojson["features"]}
    assert set(by_code) == {r["code"] for r in regions}
    assert by_code["6403"]["properties"]["kemendagri"] == "64.02"
    assert any("rewound clockwise" in n for n in result.notes)
    for feature in result.geojson["features"]:
        assert all(not p.exterior.is_ccw for p in shape(feature["geometry"]).geoms)


def test_bnd007_refuses_invalid_polygons_and_other_places(tmp_path, regions, good):
    bowtie = copy.deepcopy(good)
    paser = next(f for f in bowtie["features"] if f["properties"]["code"] == "6401")
    paser["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[116.0, -2.0], [116.5, -1.5], [116.5, -2.0], [116.0, -1.5], [116.0, -2.0]]],
    }
    with pytest.raises(BoundaryError, match=r"geometry of Paser \(6401\) is not a valid polygon: Self-intersection"):
        validate(bowtie, regions)
    java = copy.deepcopy(good)
    bontang = next(f for f in java["features"] if f["properties"]["code"] == "6474")
    bontang["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[110.0, -7.0], [110.1, -7.0], [110.1, -7.1], [110.0, -7.0]]],
    }
    with pytest.raises(BoundaryError, match=r"Bontang \(6474\) lies outside Kalimantan Timur"):
        validate(java, regions)
    metres = copy.deepcopy(good)
    metres["features"][0]["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[500000, 9800000], [510000, 9800000], [510000, 9790000], [500000, 9800000]]],
    }
    with pytest.raises(BoundaryError, match=r"not WGS84 degrees"):
        validate(metres, regions)
    stranger = copy.deepcopy(good)
    stranger["features"][0]["properties"] = {"code": "6501", "name": "Bulungan"}
    stranger["features"][0].pop("id")
    with pytest.raises(BoundaryError, match=r"match no kabupaten/kota.*Bulungan"):
        validate(stranger, regions)
    with pytest.raises(BoundaryError, match=r"not a GeoJSON FeatureCollection"):
        validate([1, 2], regions)


def test_bnd008_cli_exit_codes(tmp_path, good, capsys, monkeypatch):
    # No database configured: the CLI checks against the reviewed reference files.
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    assert main([str(BUNDLED_BOUNDARY_FILE)]) == boundaries.EXIT_OK
    out = capsys.readouterr().out
    assert "valid" in out and "data/reference/regions.csv" in out and "10 regions" in out
    assert not (tmp_path / "none.db").exists()  # checking a file never creates a database

    data = copy.deepcopy(good)
    data["features"] = data["features"][1:]
    assert main([str(_write(tmp_path, data))]) == boundaries.EXIT_REFUSED
    assert "refused" in capsys.readouterr().err

    assert main([str(tmp_path / "absent.geojson")]) == boundaries.EXIT_REFUSED
    assert "does not exist" in capsys.readouterr().err
    assert main([]) == boundaries.EXIT_USAGE
    assert main(["a", "b"]) == boundaries.EXIT_USAGE


def test_bnd009_cli_is_a_subcommand_of_python_m_etl(tmp_path, monkeypatch, capsys):
    from etl.__main__ import main as etl_main

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    assert etl_main(["boundaries", str(BUNDLED_BOUNDARY_FILE)]) == 0
    assert etl_main(["boundaries", str(tmp_path / "absent.geojson")]) == 1
    assert etl_main(["boundaries"]) == 2


def test_bnd010_the_bundled_file_travels_with_its_mit_notice_and_attribution():
    folder = BUNDLED_BOUNDARY_FILE.parent
    licence = (folder / "LICENSE-MIT.txt").read_text()
    assert "Copyright (c) 2024-2025 Cahya DSN" in licence
    assert "The above copyright notice and this permission notice shall be included" in licence
    source = " ".join((folder / "SOURCE.md").read_text().split())
    assert (
        "Kabupaten/kota boundaries derived from cahyadsn/wilayah_boundaries "
        "(https://github.com/cahyadsn/wilayah_boundaries), Copyright (c) 2024-2025 Cahya DSN, MIT License. "
        "Extracted, re-coded and re-wound by Portal Satu Data Kaltim."
    ) in source
    assert "Lineage unknown" in source
