"""The BPS connector against `list/model/data` answers shaped as the WebAPI publishes them, served over HTTP
by the local test server: keys that are plain concatenations (growing with a three-digit tahun), sparse and
empty (`[]`) answers, string or number `val`, tahun.val = year - 1900, monthly series with the annual total
(turtahun 13), local vervar codes, repeated entries and HTML entities in labels."""

from __future__ import annotations

import json

import pytest

from etl.http import FetchError
from etl.sources import bps
from etl.sources.fields import MappingError
from tests.etl_fakes import fake_http_fixture  # noqa: F401 - fixture

KEY = "kunci-uji"
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]  # fmt: skip


def answer(var, vervar, tahun, turtahun, content, turvar=None) -> dict:
    return {
        "status": "OK",
        "data-availability": "available",
        "last_update": "2025-01-15 09:00:00",
        "subject": [{"val": 23, "label": "Kemiskinan &amp; Ketimpangan"}],
        "var": [{"val": var, "label": "Uji &amp; coba", "unit": "Persen", "subj": "x", "def": "", "decimal": "2"}],
        "turvar": turvar if turvar is not None else [{"val": "0", "label": "Tidak ada"}],
        "labelvervar": "Kabupaten/Kota",
        "vervar": vervar,
        "tahun": tahun,
        "turtahun": turtahun,
        "datacontent": content,
        "related": [],
    }


def serve(server, var: int, payload: dict) -> str:
    """The answer at the WebAPI's path for `var`; returns the registry's location template."""
    server.route(f"/v1/api/list/model/data/lang/ind/domain/6400/var/{var}/key/{KEY}/", (200, payload))
    return server.url + "/v1/api/list/model/data/lang/ind/domain/6400/var/{var}/key/{key}/"


@pytest.fixture(autouse=True)
def api_key(monkeypatch):
    monkeypatch.setenv("BPS_API_KEY", KEY)


def rows(obs) -> list[tuple]:
    return list(zip(obs["indicator"], obs["region"], obs["period"], obs["value"], strict=True))


def test_bps001_keys_are_looked_up_never_split_even_when_tahun_grows_a_digit(fake_http):
    # vervar 64 and 6401 (two lengths), tahun 99 (1999) and 100 (2000): the keys differ in length, and a
    # positional split would read "64" + "1..." wrongly. Each key is the plain concatenation.
    var = 517
    vervar = [{"val": 64, "label": "Kalimantan Timur"}, {"val": 6401, "label": "Paser"}]
    tahun = [{"val": 99, "label": "1999"}, {"val": 100, "label": "2000"}]
    content = {"645170990": 7.5, "6451701000": 7.25, "64015170990": 10.5, "640151701000": 9.75}
    location = serve(fake_http, var, answer(var, vervar, tahun, [{"val": 0, "label": "Tahun"}], content))
    delivery = bps.read(location, {"variables": [{"var": var, "indicator": "ipm"}], "retries": 0})
    assert rows(delivery.observations) == [
        ("ipm", "64", "1999", 7.5),
        ("ipm", "64", "2000", 7.25),
        ("ipm", "6401", "1999", 10.5),
        ("ipm", "6401", "2000", 9.75),
    ]
    assert delivery.notes == [] and delivery.decimal == "."


def test_bps002_sparse_answers_string_vals_and_repeated_entries(fake_http):
    var = 1234
    # val as strings and numbers; Paser listed twice; no value for Paser 2017 (sparse: not a row at all).
    vervar = [{"val": "6401", "label": "Paser"}, {"val": 6402, "label": "Kutai Barat"}, {"val": 6401, "label": "Paser"}]
    tahun = [{"val": "117", "label": "2017"}, {"val": 118, "label": "2018"}]
    content = {"6401123401180": 9.1, "6402123401170": "8.5", "6402123401180": 8.25}
    location = serve(fake_http, var, answer(var, vervar, tahun, [{"val": "0", "label": "Tahun"}], content))
    options = {"variables": [{"var": var, "indicator": "ipm", "turvar": 0}], "retries": 0}
    obs = bps.read(location, options).observations
    assert rows(obs) == [("ipm", "6401", "2018", 9.1), ("ipm", "6402", "2017", "8.5"), ("ipm", "6402", "2018", 8.25)]
    assert obs["row_number"].tolist() == [1, 2, 3]


def test_bps003_an_empty_answer_is_no_rows_and_a_note(fake_http):
    var = 88
    location = serve(fake_http, var, answer(var, [{"val": 6401, "label": "Paser"}], [], [], []))
    delivery = bps.read(location, {"variables": [{"var": var, "indicator": "ipm"}], "retries": 0})
    assert delivery.observations.empty
    assert delivery.notes == [
        "BPS var 88: jawaban tidak memuat nilai (datacontent kosong) / BPS var 88: the answer holds no values "
        "(datacontent is empty)"
    ]


def test_bps004_tahun_val_is_the_year_minus_1900_and_must_agree_with_its_label(fake_http):
    var = 5
    payload = answer(var, [{"val": 64, "label": "Kaltim"}], [{"val": 124, "label": "2023"}], [], {"6450124": 1})
    location = serve(fake_http, var, payload)
    with pytest.raises(FetchError, match="tahun val 124 means 2024 but its label says 2023"):
        bps.read(location, {"variables": [{"var": var, "indicator": "ipm"}], "retries": 0})


def monthly(var: int) -> dict:
    turtahun = [{"val": i, "label": m} for i, m in enumerate(MONTHS, 1)] + [{"val": 13, "label": "Tahunan"}]
    content = {f"6400{var}0124{i}": 1000 * i for i in range(1, 13)}
    content[f"6400{var}012413"] = 4321
    del content[f"6400{var}01245"]  # May not published yet
    return answer(var, [{"val": 6400, "label": "Kalimantan Timur"}], [{"val": 124, "label": "2024"}], turtahun, content)


def test_bps005_a_monthly_series_with_its_annual_total(fake_http):
    var = 321
    location = serve(fake_http, var, monthly(var))
    spec = {"var": var, "indicator": "transaksi_layanan_digital", "annual_total": "layanan_publik_digital"}
    obs = bps.read(location, {"variables": [spec], "retries": 0}).observations
    assert rows(obs)[:5] == [
        ("transaksi_layanan_digital", "64", "2024-01", 1000),
        ("transaksi_layanan_digital", "64", "2024-02", 2000),
        ("transaksi_layanan_digital", "64", "2024-03", 3000),
        ("transaksi_layanan_digital", "64", "2024-04", 4000),
        ("transaksi_layanan_digital", "64", "2024-06", 6000),
    ]
    assert len(obs) == 12 and rows(obs)[-1] == ("layanan_publik_digital", "64", "2024", 4321)
    # Without annual_total the total is skipped, and the run says so; with only annual_total, the months are.
    delivery = bps.read(location, {"variables": [{"var": var, "indicator": "transaksi_layanan_digital"}]})
    assert len(delivery.observations) == 11
    assert delivery.notes == [
        "BPS var 321: 1 total tahunan (turtahun 13) dilewati: registri tidak menyebut annual_total / BPS var 321: "
        "1 annual totals (turtahun 13) skipped: the registry names no annual_total"
    ]
    delivery = bps.read(location, {"variables": [{"var": var, "annual_total": "layanan_publik_digital"}]})
    assert rows(delivery.observations) == [("layanan_publik_digital", "64", "2024", 4321)]
    assert "11 values of turtahun 0-12 skipped: the registry names only annual_total" in delivery.notes[0]


def test_bps006_local_vervar_codes_only_through_the_mapping(fake_http):
    var = 77
    vervar = [
        {"val": 1, "label": "Ambon"},
        {"val": 2, "label": "Tual"},
        {"val": 3, "label": "Bontang &amp; sekitarnya"},
    ]
    content = {f"{v}{var}01240": 70 + v for v in (1, 2, 3)}
    location = serve(fake_http, var, answer(var, vervar, [{"val": 124, "label": "2024"}], [], content))
    options = {"variables": [{"var": var, "indicator": "ipm"}], "vervar_codes": "local", "vervar_map": {"3": "6474"}}
    obs = bps.read(location, options).observations
    assert rows(obs) == [("ipm", None, "2024", 71), ("ipm", None, "2024", 72), ("ipm", "6474", "2024", 73)]
    assert obs["reject"].iloc[0] == (
        "vervar 1 ('Ambon') BPS var 77 adalah kode lokal yang tidak ada di vervar_map (data/sources.toml)",
        "vervar 1 ('Ambon') of BPS var 77 is a local code that vervar_map (data/sources.toml) does not place",
    )
    assert obs["reject"].iloc[2] is None
    raw = json.loads(obs["raw"].iloc[2])
    assert raw["wilayah"] == "Bontang & sekitarnya" and raw["kode_indikator"] == "ipm"  # entities unescaped
    # As BPS codes (the default), 1, 2 and 3 pass through and validation names them as unknown regions.
    assert bps.read(location, {"variables": [{"var": var, "indicator": "ipm"}]}).observations["region"].tolist() == [
        "1",
        "2",
        "3",
    ]


def test_bps007_options_refused_before_any_request(fake_http):
    location = fake_http.url + "/bps/{var}/key/{key}/"
    with pytest.raises(MappingError, match="needs var and indicator or annual_total"):
        bps.read(location, {"variables": [{"var": 1}]})
    with pytest.raises(MappingError, match="options.vervar_codes must be bps or local"):
        bps.read(location, {"variables": [{"var": 1, "indicator": "ipm"}], "vervar_codes": "kemendagri"})
    with pytest.raises(MappingError, match="options.variables is empty"):
        bps.read(location, {})
    assert fake_http.requests == []
