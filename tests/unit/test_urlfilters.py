"""List pages' filters in the URL: known choices and free text (catalogue, application directory, status)."""


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
