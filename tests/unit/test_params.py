"""Every address and callback input read by one module: BPS and Kemendagri codes, year ranges, a visible notice
for what an address holds that a page cannot use, and a 400 for what controls cannot send."""

import pytest

from portal.params import InvalidInput, Reading, address, region_lookup

REGIONS = [
    {"code": "64", "kemendagri_code": "64", "level": "provinsi"},
    {"code": "6402", "kemendagri_code": "64.07", "level": "kabkota"},  # Kutai Barat
    {"code": "6403", "kemendagri_code": "64.02", "level": "kabkota"},  # Kutai Kartanegara
    {"code": "6471", "kemendagri_code": "64.71", "level": "kabkota"},
    {"code": "6472", "kemendagri_code": "64.72", "level": "kabkota"},
]
LOOKUP = region_lookup(REGIONS)
YEARS = (2015, 2025)
SERIES = ("indikator", "wilayah", "dari", "sampai")


def _window(query, indicators=("kemiskinan_p0", "tpt"), strict=False):
    reading = Reading(query, SERIES, strict=strict)
    code = reading.indicator("indikator", indicators, default=indicators[0])
    regions = reading.regions("wilayah", LOOKUP)
    start, end = reading.years("dari", "sampai", YEARS)
    return reading, (code, regions, start, end)


def test_par001_a_valid_query_round_trips():
    reading, (code, regions, start, end) = _window({"wilayah": "6472,6471", "dari": "2019", "sampai": "2024"})
    assert (code, regions, start, end) == ("kemiskinan_p0", ["6472", "6471"], 2019, 2024)
    assert reading.dropped == [] and reading.notice("id") is None
    again = address({"indikator": code, "wilayah": regions, "dari": start, "sampai": end})
    assert again == "?indikator=kemiskinan_p0&wilayah=6472,6471&dari=2019&sampai=2024"


def test_par002_kemendagri_codes_map_to_bps_and_dotless_means_bps():
    _reading, (_code, regions, *_years) = _window({"wilayah": "64.02,6402,64.72"})
    # 64.02 is Kutai Kartanegara (BPS 6403); 6402 is BPS Kutai Barat; 64.72 is Samarinda.
    assert regions == ["6403", "6402", "6472"]


def test_par003_repeated_parameters_duplicates_and_the_province():
    _reading, (_code, regions, *_years) = _window({"wilayah": ["6472", "6471,6472"], "dari": "", "sampai": ""})
    assert regions == ["6472", "6471"]
    assert _window({"wilayah": "64,6471"})[1][1] == ["6471"]


def test_par004_invalid_values_are_dropped_and_named_but_indicator_codes_never_echoed():
    reading, window = _window(
        {"wilayah": "6472,9999,<script>", "dari": "1800", "sampai": "dua ribu", "indikator": "rahasia", "x": "1"}
    )
    assert window == ("kemiskinan_p0", ["6472"], 2015, 2025)
    assert sorted(reading.dropped) == sorted(
        [
            ("x", "1"),
            ("indikator", "rahasia"),
            ("wilayah", "9999"),
            ("wilayah", "<script>"),
            ("dari", "1800"),
            ("sampai", "dua ribu"),
        ]
    )
    notice = reading.notice("id")
    assert notice.startswith("Sebagian isian filter pada alamat tidak dikenali dan diabaikan:")
    assert "wilayah=9999" in notice and "x=1" in notice and "indikator" in notice and "rahasia" not in notice
    assert reading.notice("en").startswith("Some filter values in the address were not recognised")


def test_par005_start_after_end_is_dropped_from_an_address_and_swapped_from_the_controls():
    reading, window = _window({"dari": "2024", "sampai": "2019"})
    assert window[2:] == (2015, 2019) and reading.dropped == [("dari", "2024")]
    assert reading.swapped is None
    reading, window = _window({"dari": "2024", "sampai": "2019"}, strict=True)
    assert window[2:] == (2019, 2024) and reading.swapped == (2024, 2019) and reading.dropped == []


def test_par006_an_allowed_indicator_is_kept():
    assert _window({"indikator": "tpt"})[1][0] == "tpt"


@pytest.mark.parametrize(
    "given",
    [
        {"wilayah": ["6472", "9999"]},
        {"indikator": "rahasia"},
        {"dari": "1800"},
        {"dari": {"x": 1}},
        {"zzz": "1"},
        {"wilayah": [str(6400 + i) for i in range(60)]},
    ],
)
def test_par007_callbacks_read_strictly_with_the_same_vocabulary(given):
    with pytest.raises(InvalidInput):
        _window(given, strict=True)


def test_par008_addresses_leave_out_empty_values_and_keep_lists_as_lists():
    assert address({"q": "angka kematian", "sektor": None, "produsen": "BPS Provinsi", "wilayah": []}) == (
        "?q=angka+kematian&produsen=BPS+Provinsi"
    )
    assert address({"q": ""}) == ""
    assert address({"banding": ("6401", "6402")}) == "?banding=6401,6402"


def test_par009_list_filters_keep_known_choices_and_free_text():
    """A list page's address (catalogue, application directory, status): choices among the known values, free
    text cut to a search box's length; what is unknown or empty is dropped, the unknown named."""
    query = {"q": " kemiskinan ", "sektor": "kesehatan", "produsen": "Tidak Ada", "zzz": "1", "status": ""}
    reading = Reading(query, ("q", "sektor", "produsen", "status"))
    chosen = {
        "q": reading.text("q"),
        "sektor": reading.choice("sektor", ["kesehatan", "investasi"]),
        "produsen": reading.choice("produsen", ["BPS Provinsi Kalimantan Timur"]),
        "status": reading.choice("status", ["aktif"]),
    }
    assert chosen == {"q": "kemiskinan", "sektor": "kesehatan", "produsen": None, "status": None}
    assert reading.dropped == [("zzz", "1"), ("produsen", "Tidak Ada")]
    assert reading.notice("id").endswith("produsen=Tidak Ada, zzz=1.")  # in the address's order
    assert Reading({"q": "x" * 500}, ("q",)).text("q") == "x" * 100
    assert address(chosen) == "?q=kemiskinan&sektor=kesehatan"


@pytest.mark.parametrize(
    "read",
    [
        lambda r: r.choice("sektor", ["kesehatan"]),
        lambda r: r.indicator("sektor", ["kesehatan"]),
        lambda r: r.period("sektor", ["kesehatan"]),
        lambda r: r.text("sektor"),
    ],
)
def test_par010_a_control_that_sends_one_value_never_sends_a_list(read):
    assert read(Reading({"sektor": ["kesehatan"]}, ("sektor",))) == "kesehatan"  # an address may repeat it
    with pytest.raises(InvalidInput):
        read(Reading({"sektor": ["kesehatan"]}, ("sektor",), strict=True))
    assert read(Reading({"sektor": "kesehatan"}, ("sektor",), strict=True)) == "kesehatan"


def test_par011_a_search_box_sends_text():
    assert Reading({"q": 12}, ("q",)).text("q") == "12"
    assert Reading({"q": None}, ("q",), strict=True).text("q") == ""
    with pytest.raises(InvalidInput):
        Reading({"q": 12}, ("q",), strict=True).text("q")


def test_par012_a_lone_surrogate_is_no_text():
    """JSON can carry "\\ud800", which no page can write: refused from the controls, dropped from an address."""
    with pytest.raises(InvalidInput):
        Reading({"q": "abc\ud800"}, ("q",), strict=True).text("q")
    reading = Reading({"q": "abc\ud800"}, ("q",))
    assert reading.text("q") == "" and reading.notice("id")
