"""Filters in the URL: BPS and Kemendagri codes, year ranges, and a visible notice for what is dropped."""

from portal.urlfilters import Filters, parse, region_lookup

REGIONS = [
    {"code": "64", "kemendagri_code": "64", "level": "provinsi"},
    {"code": "6402", "kemendagri_code": "64.07", "level": "kabkota"},  # Kutai Barat
    {"code": "6403", "kemendagri_code": "64.02", "level": "kabkota"},  # Kutai Kartanegara
    {"code": "6471", "kemendagri_code": "64.71", "level": "kabkota"},
    {"code": "6472", "kemendagri_code": "64.72", "level": "kabkota"},
]
LOOKUP = region_lookup(REGIONS)
YEARS = (2015, 2025)


def test_url001_a_valid_query_round_trips():
    parsed = parse({"wilayah": "6472,6471", "dari": "2019", "sampai": "2024"}, LOOKUP, YEARS)
    assert parsed.filters == Filters(("6472", "6471"), 2019, 2024)
    assert parsed.dropped == [] and parsed.notice("id") is None
    assert parsed.filters.search() == "?wilayah=6472,6471&dari=2019&sampai=2024"
    again = parse({"wilayah": "6472,6471", "dari": "2019", "sampai": "2024"}, LOOKUP, YEARS)
    assert again.filters == parsed.filters


def test_url002_kemendagri_codes_map_to_bps_and_dotless_means_bps():
    parsed = parse({"wilayah": "64.02,6402,64.72"}, LOOKUP, YEARS)
    # 64.02 is Kutai Kartanegara (BPS 6403); 6402 is BPS Kutai Barat; 64.72 is Samarinda.
    assert parsed.filters.regions == ("6403", "6402", "6472")
    assert parsed.filters.search() == "?wilayah=6403,6402,6472&dari=2015&sampai=2025"


def test_url003_repeated_parameters_duplicates_and_the_province():
    parsed = parse({"wilayah": ["6472", "6471,6472"], "dari": "", "sampai": ""}, LOOKUP, YEARS)
    assert parsed.filters.regions == ("6472", "6471")
    assert parse({"wilayah": "64,6471"}, LOOKUP, YEARS).filters.regions == ("6471",)


def test_url004_invalid_values_are_dropped_and_named_in_the_notice():
    parsed = parse(
        {"wilayah": "6472,9999,<script>", "dari": "1800", "sampai": "dua ribu", "indikator": "rahasia", "x": "1"},
        LOOKUP,
        YEARS,
        indicators=["kemiskinan_p0"],
    )
    assert parsed.filters == Filters(("6472",), 2015, 2025, None)
    assert parsed.dropped == [
        ("wilayah", "9999"),
        ("wilayah", "<script>"),
        ("dari", "1800"),
        ("sampai", "dua ribu"),
        ("indikator", "rahasia"),
        ("x", "1"),
    ]
    assert parsed.notice("id").startswith(
        "Sebagian isian filter pada alamat tidak dikenali dan diabaikan: wilayah=9999"
    )
    assert parsed.notice("en").startswith("Some filter values in the address were not recognised")


def test_url005_start_after_end_is_dropped_and_the_path_variable_is_not_a_filter():
    parsed = parse({"dari": "2024", "sampai": "2019", "kode": "kemiskinan"}, LOOKUP, YEARS)
    assert (parsed.filters.start, parsed.filters.end) == (2015, 2019)
    assert parsed.dropped == [("dari", "2024")]


def test_url006_indicator_kept_when_allowed():
    parsed = parse({"indikator": "tpt"}, LOOKUP, YEARS, indicators=["kemiskinan_p0", "tpt"])
    assert parsed.filters.indicator == "tpt"
    assert parsed.filters.search() == "?indikator=tpt&dari=2015&sampai=2025"


def test_url007_list_filters_keep_known_choices_and_free_text():
    from portal.urlfilters import choices_search, parse_choices

    accepted, dropped = parse_choices(
        {"q": " kemiskinan ", "sektor": "kesehatan", "produsen": "Tidak Ada", "zzz": "1", "status": ""},
        {"sektor": ["kesehatan", "investasi"], "produsen": ["BPS Provinsi Kalimantan Timur"], "status": ["aktif"]},
    )
    assert accepted == {"q": "kemiskinan", "sektor": "kesehatan"}
    assert dropped == [("produsen", "Tidak Ada"), ("zzz", "1")]
    assert choices_search({"q": "angka kematian", "sektor": None, "produsen": "BPS Provinsi"}) == (
        "?q=angka+kematian&produsen=BPS+Provinsi"
    )
    assert choices_search({"q": ""}) == ""
