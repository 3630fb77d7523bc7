"""Validation, one bad-input class at a time: exact counts and the exact reason, in both languages."""

import pandas as pd
import pytest

from etl.numbers import parse_number
from etl.validate import AMBIGUOUS, Reference, normalise_name, validate

INDICATORS = pd.DataFrame(
    [
        ("kemiskinan_p0", "semesteran", 0.0, 100.0, "persen", "percent"),
        ("ipm", "tahunan", 0.0, 100.0, "indeks", "index"),
        ("jumlah_pengangguran", "semesteran", None, None, "orang", "people"),
        ("persen_tanpa_batas", "tahunan", None, None, "persen", "percent"),
        ("transaksi_layanan_digital", "bulanan", 0.0, None, "transaksi", "transactions"),
        ("investasi_pma_usd_triwulan", "triwulanan", 0.0, 20000.0, "juta USD", "USD million"),
    ],
    columns=["code", "frequency", "min_value", "max_value", "unit_id", "unit_en"],
).set_index("code")
REGIONS = {
    "64": "64",
    "kalimantan timur": "64",
    "6403": "6403",
    "64.02": "6403",
    "kutai kartanegara": "6403",
    "kukar": "6403",
    "kab. kutai kartanegara": "6403",
    "6472": "6472",
    "samarinda": "6472",
    "kota samarinda": "6472",
    "sungai kunjang": AMBIGUOUS,
}
REF = Reference(INDICATORS, {normalise_name(k): v for k, v in REGIONS.items()})
GOOD = {"indicator": "ipm", "region": "6472", "period": "2024", "value": "80,5", "unit": "", "status": ""}


def frame(*rows: dict) -> pd.DataFrame:
    records = [{**GOOD, **r} for r in rows]
    out = pd.DataFrame(records)
    out.insert(0, "row_number", range(2, len(out) + 2))
    out["raw"] = [str(r) for r in records]
    return out


def check(rows, rejected_reason_id: str | None, rejected_reason_en: str | None = None, n_bad: int = 1, ref=REF):
    valid, rejected, repeats, alternatives = validate(frame(*rows), ref)
    assert len(valid) + len(rejected) + repeats + len(alternatives) == len(rows)
    assert len(rejected) == n_bad
    if rejected_reason_id:
        assert (rejected["reason"] == rejected_reason_id).all(), rejected["reason"].tolist()
    if rejected_reason_en:
        assert (rejected["reason_en"] == rejected_reason_en).all(), rejected["reason_en"].tolist()
    return valid, rejected, repeats


def test_etl101_good_rows_pass_with_parsed_numbers_and_mapped_regions():
    rows = [
        {"region": "Kukar", "value": "1.234,5", "indicator": "jumlah_pengangguran", "period": "2024-S1"},
        {"region": "KAB. KUTAI  KARTANEGARA", "value": "71,25", "period": "2023"},
        {"region": "64.02", "value": 70.1, "period": "2022"},
        {"region": "Kalimantan Timur", "value": "78.3", "status": "Sementara"},
        {"region": " Kota Samarinda ", "value": "80", "status": "final", "period": "2021"},
    ]
    valid, rejected, repeats = check(rows, None, n_bad=0)
    assert repeats == 0
    assert valid["region"].tolist() == ["6403", "6403", "6403", "64", "6472"]
    assert valid["value"].tolist() == [1234.5, 71.25, 70.1, 78.3, 80.0]
    assert valid["status"].tolist() == ["tetap", "tetap", "tetap", "sementara", "tetap"]


def test_etl102_unknown_and_empty_indicator():
    check([GOOD, {"indicator": "ipm_baru"}], "kode indikator 'ipm_baru' tidak dikenal di katalog")
    check([{"indicator": " "}], "kode indikator kosong", "indicator code is empty")


def test_etl103_unknown_empty_and_ambiguous_region():
    check(
        [{"region": "Kutai Selatan"}],
        "wilayah 'Kutai Selatan' tidak dikenal (bukan kode BPS/Kemendagri atau nama yang terdaftar)",
        "region 'Kutai Selatan' is unknown (not a BPS/Kemendagri code or a registered name)",
    )
    check([{"region": ""}], "wilayah kosong", "region is empty")
    check(
        [{"region": "Sungai Kunjang"}],
        "nama wilayah 'Sungai Kunjang' dipakai lebih dari satu wilayah: tulis kode BPS-nya",
    )


def test_etl104_period_must_match_the_frequency():
    check(
        [{"period": "2024-S1"}],
        "periode '2024-S1' tidak sesuai frekuensi tahunan indikator ini (contoh: 2024)",
        "period '2024-S1' does not match the indicator's frequency tahunan (e.g. 2024)",
    )
    check(
        [{"indicator": "kemiskinan_p0", "period": "2024"}],
        "periode '2024' tidak sesuai frekuensi semesteran indikator ini (contoh: 2024-S1)",
    )
    check([{"indicator": "transaksi_layanan_digital", "period": "2024-13"}], None)
    check([{"period": ""}], "periode kosong")


@pytest.mark.parametrize("value", ["", "-", "–", None, float("nan"), "n/a"])
def test_etl105_no_data_is_rejected_with_its_own_reason(value):
    check([{"value": value}], "tidak ada data: nilai kosong atau '-'", "no data: the value is empty or '-'")


def test_etl106_text_and_ambiguous_numbers_are_refused():
    check([{"value": "delapan puluh"}], "nilai 'delapan puluh' bukan angka", "value 'delapan puluh' is not a number")
    check(
        [{"value": "1.234", "indicator": "jumlah_pengangguran", "period": "2024-S1"}],
        "angka '1.234' ambigu (ribuan atau desimal?): tulis 1234 atau 1,234",
    )
    check([{"value": "inf"}], "nilai 'inf' bukan angka")
    assert parse_number("1.234.567,8") == 1234567.8


def test_etl107_values_outside_the_plausible_range():
    check(
        [{"value": "100,1"}],
        "nilai 100.1 di luar rentang wajar indikator (0 – 100)",
        "value 100.1 is outside the indicator's plausible range (0 – 100)",
    )
    # No range in the catalogue: a percentage still lies in 0-100 and a count is never negative.
    check([{"indicator": "persen_tanpa_batas", "value": "120"}], "nilai 120 di luar rentang wajar indikator (0 – 100)")
    check(
        [{"indicator": "jumlah_pengangguran", "period": "2024-S1", "value": "-5"}],
        "nilai -5 di luar rentang wajar indikator (0 – ∞)",
    )


def test_etl108_status_and_unit():
    check(
        [{"status": "revisi"}],
        "status 'revisi' tidak dikenal (tetap atau sementara)",
        "status 'revisi' is unknown (tetap or sementara)",
    )
    check(
        [{"unit": "orang"}],
        "satuan 'orang' berbeda dengan satuan indikator (indeks)",
        "unit 'orang' differs from the indicator's unit (index)",
    )
    check([{"unit": "INDEX"}, {"period": "2023", "unit": "indeks"}], None, n_bad=0)
    check([{"indicator": "kemiskinan_p0", "period": "2024-S1", "unit": "%"}], None, n_bad=0)


def test_etl109_same_key_twice_rejects_both_when_values_differ_and_counts_identical_repeats_once():
    rows = [GOOD, {"value": "80,6"}, {"period": "2023"}, {"period": "2023", "value": "80.5"}, {"period": "2022"}]
    valid, rejected, repeats = check(
        rows,
        "kunci yang sama (indikator, wilayah, periode) muncul lagi dengan nilai berbeda di berkas ini",
        "the same key (indicator, region, period) appears again with a different value in this delivery",
        n_bad=2,
    )
    assert rejected["row_number"].tolist() == [2, 3]
    assert repeats == 1 and valid["period"].tolist() == ["2023", "2022"]


def test_etl110_first_failing_check_names_the_reason_and_raw_is_kept():
    valid, rejected, _, _ = validate(frame({"indicator": "x", "region": "y", "value": "-"}), REF)
    assert rejected["reason"].tolist() == ["kode indikator 'x' tidak dikenal di katalog"]
    assert "'indicator': 'x'" in rejected["raw"][0]


def test_etl111_without_raw_the_rejected_rows_are_written_under_template_names():
    rows = frame({"value": "-"}).drop(columns="raw")
    _, rejected, _, _ = validate(rows, REF)
    assert rejected["raw"][0].startswith('{"kode_indikator": "ipm", "wilayah": "6472", "periode": "2024", "nilai": "-"')


def test_etl112_periods_outside_the_plausible_span_are_refused_by_name():
    span_id, span_en = (
        "di luar rentang yang masuk akal (tahun 1900–2100)",
        "is outside the plausible span (years 1900–2100)",
    )
    for period in ("0000", "9999", "1899", "2101"):
        check([{"period": period}], f"periode '{period}' {span_id}", f"period '{period}' {span_en}")
    check(
        [{"indicator": "transaksi_layanan_digital", "period": "0000-01"}],
        f"periode '0000-01' {span_id}",
    )
    check([{"period": "1900"}, {"period": "2024"}], None, n_bad=0)


def test_etl113_an_observation_of_a_period_not_begun_is_refused_a_target_is_not(monkeypatch):
    from datetime import date

    import etl.validate

    monkeypatch.setattr(etl.validate, "today", lambda: date(2026, 12, 3))
    check(
        [{"period": "2027"}],
        "periode '2027' belum dimulai (hari ini 2026-12-03): nilai hanya untuk periode yang sudah berjalan",
        "period '2027' has not begun yet (today is 2026-12-03): values are for periods that have begun",
    )
    check([{"indicator": "transaksi_layanan_digital", "period": "2026-12"}], None, n_bad=0)
    check(
        [{"indicator": "transaksi_layanan_digital", "period": "2027-01"}],
        "periode '2027-01' belum dimulai (hari ini 2026-12-03): nilai hanya untuk periode yang sudah berjalan",
    )
    # Targets name years still to come (RPJPD 2045); the span still holds.
    valid, rejected, _, _ = validate(frame({"period": "2045"}, {"period": "2101"}), REF, future=True)
    assert valid["period"].tolist() == ["2045"]
    assert rejected["reason_en"].tolist() == ["period '2101' is outside the plausible span (years 1900–2100)"]


@pytest.mark.parametrize("period", ["２０３４", "٢٠٣٥", "２０２４", "۲۰۲۴", "2０24"])
def test_etl114_a_period_in_other_digits_than_0_9_is_refused(period):
    check(
        [{"period": period}],
        f"periode '{period}' memakai angka selain 0-9 (mis. angka lebar penuh atau Arab): "
        "tulis dengan angka 0-9 (contoh: 2024)",
        f"period '{period}' uses digits other than 0-9 (e.g. fullwidth or Arabic-Indic digits): "
        "write it with 0-9 (e.g. 2024)",
    )


@pytest.mark.parametrize(
    ("value", "full"),
    [("1E1", "10"), ("7e1", "70"), ("7.5E+1", "75"), ("1,5e1", "15"), ("8e-1", "0.8"), (" 8E1 ", "80")],
)
def test_etl115_exponent_notation_is_refused_with_the_number_in_full(value, full):
    check(
        [{"value": value}],
        f"nilai '{value.strip()}' ditulis dengan notasi eksponen, yang tidak dipakai templat: tulis angkanya penuh "
        f"(mis. {full.replace('.', ',')})",
        f"value '{value.strip()}' is in exponent notation, which the template does not use: write the number in full "
        f"(e.g. {full})",
    )


@pytest.mark.parametrize("value", ["７０", "٧٠", "٧٠,٥", "٧٠.٥", "1.٢٣٤,5", "७०", "7²"])
def test_etl116_values_in_other_digits_than_0_9_are_refused(value):
    check(
        [{"value": value}],
        f"nilai '{value}' memakai angka selain 0-9 (mis. angka lebar penuh atau Arab): tulis dengan angka 0-9",
        f"value '{value}' uses digits other than 0-9 (e.g. fullwidth or Arabic-Indic digits): write it with 0-9",
    )


A, B = "https://example.org/rilis-a", "https://example.org/berita-b"
BREAKS = pd.DataFrame(
    [("ipm", "2020", "uhh-lama", "uhh-sp2020lf")], columns=["indicator", "period", "method_before", "method_after"]
)
WITH_BREAKS = Reference(INDICATORS, REF.regions, BREAKS)


def test_etl117_the_same_figure_from_another_publication_is_an_alternative_source_not_a_new_point():
    rows = [{"source_url": A}, {"source_url": B}, {"source_url": A}, {"source_url": B, "period": "2023"}]
    valid, rejected, repeats, alternatives = validate(frame(*rows), REF)
    assert rejected.empty and repeats == 1  # the same publication twice counts once
    assert valid[["period", "source_url"]].values.tolist() == [["2024", A], ["2023", B]]
    assert alternatives[["row_number", "period", "value", "method", "source_url"]].values.tolist() == [
        [3, "2024", 80.5, "", B]
    ]
    # Targets keep one figure per key: there a second publication is a repeat.
    valid, rejected, repeats, alternatives = validate(frame(*rows), REF, keep_alternatives=False)
    assert (len(valid), repeats, len(alternatives)) == (2, 2, 0)


def test_etl118_a_figure_of_the_method_a_series_break_superseded_is_kept_beside_the_new_one():
    rows = [
        {"period": "2019", "value": "76,61", "method": "uhh-lama"},
        {"period": "2021", "value": "76,88", "method": "uhh-lama", "source_url": A},
        {"period": "2021", "value": "76,60", "method": "uhh-sp2020lf", "source_url": B},
        {"period": "2022", "value": "77,36"},  # no method named: its period's, the new one
    ]
    valid, rejected, repeats, alternatives = validate(frame(*rows), WITH_BREAKS)
    assert rejected.empty and repeats == 0
    assert valid[["period", "value"]].values.tolist() == [["2019", 76.61], ["2021", 76.6], ["2022", 77.36]]
    assert alternatives[["period", "value", "method", "source_url"]].values.tolist() == [["2021", 76.88, "uhh-lama", A]]


def test_etl119_a_method_the_series_does_not_have_or_not_yet_has_is_rejected_with_its_reason():
    check(
        [{"period": "2019", "method": "uhh-sp2020lf"}],
        "metode 'uhh-sp2020lf' baru berlaku sejak periode 2020, bukan untuk 2019",
        "method 'uhh-sp2020lf' applies from period 2020 on, not to 2019",
        ref=WITH_BREAKS,
    )
    check(
        [{"method": "proyeksi"}],
        "metode 'proyeksi' tidak dikenal untuk indikator ini (dikenal: uhh-lama, uhh-sp2020lf)",
        "method 'proyeksi' is not a method of this indicator's series (known: uhh-lama, uhh-sp2020lf)",
        ref=WITH_BREAKS,
    )
    check(
        [{"indicator": "kemiskinan_p0", "period": "2024-S1", "method": "uhh-lama"}],
        "metode 'uhh-lama' diberikan, tetapi seri indikator ini tidak punya pemisah metode",
        "method 'uhh-lama' is given, but this indicator's series has no method break",
        ref=WITH_BREAKS,
    )
    # Two old-method figures for one key that disagree: neither is kept.
    check(
        [{"period": "2021", "method": "uhh-lama", "value": "76,88"}, {"period": "2021", "method": "uhh-lama"}],
        "kunci yang sama (indikator, wilayah, periode) muncul lagi dengan nilai berbeda di berkas ini",
        n_bad=2,
        ref=WITH_BREAKS,
    )
