"""The generated 'what changed' sentences, in both languages, for each polarity and target situation."""

import pandas as pd
import pytest

from portal.narrative import (
    lagging_sentence,
    province_sentence,
    regency_change_sentences,
    target_sentence,
    what_changed,
)

POVERTY = {
    "code": "kemiskinan_p0",
    "name_id": "Persentase Penduduk Miskin (P0)",
    "name_en": "Poverty Rate (P0)",
    "unit_id": "persen",
    "unit_en": "percent",
    "decimals": 2,
    "polarity": -1,
}
INVESTMENT = {
    "code": "investasi_total",
    "name_id": "Realisasi Investasi",
    "name_en": "Realised Investment",
    "unit_id": "Rp triliun",
    "unit_en": "IDR trillion",
    "decimals": 2,
    "polarity": 1,
}


def _series(pairs, sample=False):
    return pd.DataFrame({"period": [p for p, _ in pairs], "value": [v for _, v in pairs], "is_sample": sample})


def _regencies(rows):
    return pd.DataFrame(rows, columns=["region_name", "period", "value"]).assign(is_sample=False)


def test_nar001_province_fall_in_poverty_is_an_improvement_in_both_languages():
    province = _series([("2023-S2", 5.78), ("2024-S1", 5.51)])
    assert province_sentence(POVERTY, province, "id") == (
        "Persentase Penduduk Miskin (P0) Kalimantan Timur Sem I 2024 sebesar 5,51%, "
        "turun 0,27 poin dibanding Sem II 2023 (membaik)."
    )
    assert province_sentence(POVERTY, province, "en") == (
        "Poverty Rate (P0) in Kalimantan Timur was 5.51% in H1 2024; it fell by 0.27 pts from H2 2023, an improvement."
    )


def test_nar002_rise_in_investment_is_an_improvement_and_uses_rupiah_format():
    province = _series([("2023", 61.2), ("2024", 65.24)])
    text = province_sentence(INVESTMENT, province, "id")
    assert "Rp 65,24 T" in text and "naik Rp 4,04 T" in text and "(membaik)" in text
    assert "Rp 65.24 T" in province_sentence(INVESTMENT, province, "en")


def test_nar003_unchanged_and_single_period():
    assert "tidak berubah" in province_sentence(POVERTY, _series([("2023", 5.0), ("2024", 5.001)]), "id")
    assert province_sentence(POVERTY, _series([("2024", 5.0)]), "en") == (
        "Poverty Rate (P0) in Kalimantan Timur was 5.00% in 2024."
    )
    assert province_sentence(POVERTY, _series([]), "id") is None


def test_nar004_most_improved_regency_respects_polarity():
    regencies = _regencies(
        [
            ("Samarinda", "2023", 4.0),
            ("Samarinda", "2024", 3.5),  # -0.5: best for poverty
            ("Balikpapan", "2023", 2.0),
            ("Balikpapan", "2024", 2.3),  # +0.3: worst for poverty
            ("Bontang", "2023", 3.0),
            ("Bontang", "2024", 2.9),
        ]
    )
    sentences = regency_change_sentences(POVERTY, regencies, "id")
    assert sentences == [
        "Perbaikan terbesar sejak 2023: Samarinda (−0,50 poin).",
        "Paling memburuk: Balikpapan (+0,30 poin).",
    ]
    # The same numbers for an indicator where higher is better swap the roles.
    flipped = regency_change_sentences({**POVERTY, "polarity": 1}, regencies, "en")
    assert flipped[0] == "Largest improvement since 2023: Balikpapan (+0.30 pts)."
    assert flipped[1] == "Largest deterioration: Samarinda (−0.50 pts)."


def test_nar005_no_regency_improved():
    regencies = _regencies([("Paser", "2023", 5.0), ("Paser", "2024", 6.0)])
    assert regency_change_sentences(POVERTY, regencies, "id") == [
        "Tidak ada kabupaten/kota yang membaik sejak 2023.",
        "Paling memburuk: Paser (+1,00 poin).",
    ]


def test_nar006_lagging_regencies_listed_worst_first():
    latest = _regencies([("Paser", "2024", 7.0), ("Mahakam Ulu", "2024", 10.0), ("Bontang", "2024", 3.0)])
    assert lagging_sentence(POVERTY, latest, 5.5, "id") == (
        "2 dari 3 kabupaten/kota masih lebih buruk dari angka provinsi pada 2024: Mahakam Ulu, Paser."
    )
    assert "No regency" in lagging_sentence(POVERTY, latest, 11.0, "en")
    assert lagging_sentence({**POVERTY, "polarity": 0}, latest, 5.5, "id") is None


@pytest.mark.parametrize(
    ("values", "target", "expected"),
    [
        # Target year reached: met or missed.
        ([("2024", 5.0)], (2024, 5.2), "Target 2024 (5,20%) sudah tercapai."),
        ([("2024", 5.4)], (2024, 5.2), "Target 2024 (5,20%) tidak tercapai; selisihnya 0,20 poin."),
        # A later target: projected with the pace of the last years (−0.3 a year → 4.4 in 2026).
        (
            [("2021", 5.9), ("2022", 5.6), ("2023", 5.3), ("2024", 5.0)],
            (2026, 4.5),
            "Dengan laju sejak 2021, provinsi diperkirakan mencapai target 2026 (4,50%).",
        ),
        (
            [("2021", 5.3), ("2022", 5.2), ("2023", 5.1), ("2024", 5.0)],
            (2026, 4.5),
            "Dengan laju sejak 2021, provinsi diperkirakan belum mencapai target 2026 (4,50%); proyeksinya 4,80%.",
        ),
    ],
)
def test_nar007_target_met_missed_on_and_off_track(values, target, expected):
    targets = pd.DataFrame({"year": [target[0]], "value": [target[1]], "is_sample": [False]})
    assert target_sentence(POVERTY, _series(values), targets, "id") == expected


def test_nar008_sample_target_is_said_to_be_a_sample():
    targets = pd.DataFrame({"year": [2024], "value": [5.2], "is_sample": [True]})
    text = target_sentence(POVERTY, _series([("2024", 5.0)]), targets, "en")
    assert text == "The 2024 target (5.20%, sample target) has been met."


def test_nar009_what_changed_puts_it_together_and_flags_samples():
    province = _series([("2023", 5.3), ("2024", 5.0)], sample=True)
    regencies = _regencies([("Paser", "2023", 6.0), ("Paser", "2024", 5.5)])
    latest = regencies[regencies["period"] == "2024"]
    targets = pd.DataFrame({"year": [2024], "value": [5.2], "is_sample": [False]})
    sentences = what_changed(POVERTY, province, regencies, latest, 5.0, targets, "id")
    assert sentences[0].startswith("Persentase Penduduk Miskin (P0) Kalimantan Timur 2024 sebesar 5,00%")
    assert sentences[1] == "Target 2024 (5,20%) sudah tercapai."
    assert sentences[2] == "Perbaikan terbesar sejak 2023: Paser (−0,50 poin)."
    assert sentences[-1] == "Sebagian angka ini data contoh (sintetis), bukan statistik resmi."
    empty = pd.DataFrame(columns=["period", "value", "is_sample"])
    assert what_changed(POVERTY, empty, empty, empty, None, empty, "en") == [
        "There are no data for this selection yet."
    ]
