"""Kecamatan and desa: values delivered through the ETL, read back by the hierarchy's query functions."""

from __future__ import annotations

import math

import pytest

from portal.queries import regional
from tests.conftest import add_subregions


@pytest.fixture
def hierarchy_db(loaded_copy, tmp_path) -> str:
    add_subregions(loaded_copy, tmp_path)
    return loaded_copy


def test_sub001_a_regency_lists_its_kecamatan_and_a_kecamatan_its_desa(hierarchy_db):
    assert regional.subregions("6403")["code"].tolist() == ["64.02.91", "64.02.92", "64.02.93"]
    assert regional.subregions("64.02.91")["name"].tolist() == ["Uji A Satu", "Uji A Dua"]
    assert regional.subregions("6472").empty  # Samarinda: no kecamatan in the reference


def test_sub002_values_at_the_latest_period_and_no_data_kept_as_empty(hierarchy_db):
    values = regional.subregional_values("kemiskinan_p0", "6403", ("publik",)).set_index("region")
    assert list(values.index) == ["64.02.91", "64.02.92", "64.02.93"]
    assert values.loc["64.02.91", "value"] == 6.5 and values.loc["64.02.92", "value"] == 9.25
    assert values.loc["64.02.91", "period"] == "2024-S2" and not values.loc["64.02.91", "is_sample"]
    # Uji C delivered only 2023-S2: beside 2024-S2 it is "no data", never its older value and never zero.
    assert math.isnan(values.loc["64.02.93", "value"])
    desa = regional.subregional_values("kemiskinan_p0", "64.02.91", ("publik",)).set_index("region_name")
    assert desa.loc["Uji A Satu", "value"] == 5.5 and math.isnan(desa.loc["Uji A Dua", "value"])


def test_sub003_indicators_offered_are_those_with_values_below_the_regency(hierarchy_db):
    assert regional.subregional_indicators("6403", ("publik",)) == ["kemiskinan_p0"]
    assert regional.subregional_indicators("64.02.91", ("publik",)) == ["kemiskinan_p0"]  # its desa
    assert regional.subregional_indicators("6472", ("publik",)) == []


def test_sub004_a_restricted_indicator_stays_restricted_below_the_regency(hierarchy_db):
    from sqlalchemy import update

    from portal.db import get_engine
    from portal.models import Indicator

    with get_engine(hierarchy_db).begin() as conn:
        conn.execute(update(Indicator).where(Indicator.code == "kemiskinan_p0").values(classification="terbatas"))
    assert regional.subregional_indicators("6403", ("publik",)) == []
    assert regional.subregional_values("kemiskinan_p0", "6403", ("publik",)).empty
    allowed = ("publik", "terbatas")
    assert regional.subregional_values("kemiskinan_p0", "6403", allowed)["value"].notna().sum() == 2


def test_sub005_the_section_reads_its_address_and_its_controls(hierarchy_db):
    from portal.access import Reader
    from portal.params import InvalidInput
    from portal.state import profile

    kukar = profile.find("6403")
    desa = profile.subregional(kukar, {"indikator": "kemiskinan_p0", "kecamatan": "64.02.91"}, Reader())
    assert desa.notice is None and desa.address() == "?indikator=kemiskinan_p0&kecamatan=64.02.91"
    assert desa.kecamatan[0] == ("64.02.91", "Kecamatan Uji A") and desa.indicators[0][0] == "kemiskinan_p0"
    assert desa.chart.ctx.title.startswith("Peringkat Desa/kelurahan") and list(desa.chart.rows["region_name"]) == [
        "Uji A Satu"
    ]
    assert [row["value_text"] for row in desa.table] == ["5,50%", "Tidak ada data"]
    assert desa.missing == "Tanpa nilai pada Sem II 2024: Uji A Dua."
    # An unknown kecamatan and an unknown indicator: the defaults, both named, the indicator code never echoed.
    tampered = profile.subregional(kukar, {"indikator": "tidak_ada", "kecamatan": "99.99"}, Reader())
    assert (tampered.indicator, tampered.area, tampered.address()) == ("kemiskinan_p0", "", "?indikator=kemiskinan_p0")
    assert "kecamatan=99.99" in tampered.notice and "indikator" in tampered.notice
    assert "tidak_ada" not in tampered.notice
    assert tampered.chart.ctx.title.startswith("Peringkat Kecamatan") and len(tampered.table) == 3
    # The controls cannot send either: refused.
    for given in ({"kecamatan": "99.99"}, {"indikator": "tidak_ada"}, {"kecamatan": ["64.02.91", "x"]}):
        with pytest.raises(InvalidInput):
            profile.section("6403", given, Reader())
    assert profile.section("64.02", {"indikator": "kemiskinan_p0", "kecamatan": ""}, Reader()).area == ""
    samarinda = profile.subregional(profile.find("6472"), {"kecamatan": "64.72.01"}, Reader())
    assert samarinda.kecamatan == [] and "kecamatan=64.72.01" in samarinda.notice
