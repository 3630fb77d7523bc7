"""The bundled published figures (both research rounds) on SQLite and PostgreSQL: every row of every file is
loaded, a second source of a loaded figure, or rejected with its reason; spot values against the CSVs; the IPM
method break keeps both methods and never joins them."""

from __future__ import annotations

import csv
import json
from collections import Counter

import pandas as pd
import pytest
from sqlalchemy import select

from etl.sources import published
from portal import queries
from portal.db import get_engine
from portal.kpi import headline_kpis
from portal.models import EtlRun, Observation, ObservationAlternative, RejectedRow
from portal.settings import DATA_DIR

FOLDER = DATA_DIR / "published"
OLD = "uhh-lama"  # the IPM method before BPS's 2023 revision (data/reference/series_breaks.csv)
SEMESTER = "does not match the indicator's frequency semesteran (e.g. 2024-S1)"
YEARLY = "does not match the indicator's frequency tahunan (e.g. 2024)"
NOT_IN_CATALOGUE = "is not in the catalogue"
REJECTED_YEARS = [("2015", 2), ("2016", 2), ("2018", 1), ("2019", 1), ("2020", 1)]
# Per file: rows read, and the rejected rows by their English reason. Every other row is loaded (as
# the figure of its key, or as a second source or a superseded method's figure of it) or repeats a row of the same
# publication (counted once, as unchanged).
EXPECTED = {
    # The province's number of poor and P0 without their month (March or September).
    "poverty.csv": (108, Counter({f"period '{year}' {SEMESTER}": n for year, n in REJECTED_YEARS})),
    "labour.csv": (15, Counter()),
    "ipm.csv": (57, Counter()),
    "stunting.csv": (28, Counter()),
    "investment.csv": (27, Counter({f"period '2024-Q1..Q3' {YEARLY}": 3})),
    "digital.csv": (8, Counter()),
    "education.csv": (13, Counter()),
    "batch2/poverty.csv": (158, Counter()),
    "batch2/labour.csv": (35, Counter()),
    "batch2/ipm.csv": (50, Counter()),
    "batch2/stunting.csv": (10, Counter()),
    "batch2/investment.csv": (
        36,
        Counter(
            {f"period '2019-Q1' {YEARLY}": 1, f"period '2025-Q1' {YEARLY}": 1, f"period '2025-Q1..Q3' {YEARLY}": 4}
        ),
    ),
    "batch2/digital.csv": (
        19,
        Counter(
            {
                f"indicator code 'persentase_penduduk_menggunakan_hp' {NOT_IN_CATALOGUE}": 2,
                f"indicator code 'persentase_rumah_tangga_akses_internet_perdesaan' {NOT_IN_CATALOGUE}": 1,
                f"indicator code 'indeks_literasi_digital' {NOT_IN_CATALOGUE}": 1,
            }
        ),
    ),
    "batch2/education.csv": (
        24,
        Counter(
            {
                f"indicator code 'apk_smp_sma_pemuda' {NOT_IN_CATALOGUE}": 2,
                f"indicator code 'apk_perguruan_tinggi' {NOT_IN_CATALOGUE}": 2,
                f"indicator code 'apk_sd' {NOT_IN_CATALOGUE}": 1,
                f"indicator code 'apk_smp' {NOT_IN_CATALOGUE}": 1,
                f"indicator code 'angka_melanjutkan_sma' {NOT_IN_CATALOGUE}": 1,
                # A drop-out rate of 17.92 % is most likely BPS's out-of-school rate: never loaded as a drop-out rate.
                "value 17.92 is outside the indicator's plausible range (0 – 10)": 1,
            }
        ),
    ),
}


def _first_run(url: str):
    with get_engine(url).connect() as conn:
        run = conn.execute(
            select(EtlRun.id, EtlRun.rows_read, EtlRun.rows_loaded, EtlRun.rows_unchanged, EtlRun.rows_rejected)
            .where(EtlRun.source == "publikasi")
            .order_by(EtlRun.id)
        ).first()
        rejected = conn.execute(
            select(RejectedRow.row_number, RejectedRow.raw, RejectedRow.reason, RejectedRow.reason_en).where(
                RejectedRow.run_id == run.id
            )
        ).all()
        held = set()
        for model in (Observation, ObservationAlternative):
            held |= set(
                conn.execute(
                    select(model.indicator, model.region, model.period, model.value, model.source_url).where(
                        model.source == "publikasi"
                    )
                ).all()
            )
    return run, rejected, held


def test_pub001_every_row_of_every_file_is_loaded_or_rejected_with_its_reason(loaded_db):
    assert list(EXPECTED) == published.files()
    run, rejected, held = _first_run(loaded_db)
    assert (run.rows_read, run.rows_loaded, run.rows_unchanged, run.rows_rejected) == (600, 571, 1, 28)
    by_file: dict[str, Counter] = {}
    for row in rejected:
        assert row.reason and row.reason_en  # both languages, as `python -m etl rejects` and /status show them
        by_file.setdefault(json.loads(row.raw)["file"], Counter())[row.reason_en] += 1
    delivery = published.read(FOLDER).observations
    delivery["file"] = delivery["raw"].map(lambda raw: json.loads(raw)["file"])
    bad = {r.row_number for r in rejected}
    for name, (read, reasons) in EXPECTED.items():
        assert len(_csv(name)) == read, name
        rows = delivery[delivery["file"] == name]
        assert len(rows) == read and by_file.get(name, Counter()) == reasons, name
        # The rest is in the database: the figure of its key, or another source of it (nothing dropped silently).
        for row in rows[~rows["row_number"].isin(bad)].itertuples():
            key = (row.indicator, row.region, row.period, float(row.value), row.source_url)
            assert key in held, (name, row.row_number, key)
    # The run also read the first set's 12 targets (into the target table, none rejected).
    assert sum(read for read, _ in EXPECTED.values()) + len(_csv("targets.csv")) == run.rows_read
    assert set(by_file) <= set(EXPECTED)
    assert sum(sum(r.values()) for _, r in EXPECTED.values()) == run.rows_rejected
    # The rejected rows are what the walidata reads on /status and in `python -m etl rejects`.
    listed = queries.rejected_rows()
    assert len(listed[listed["source"] == "publikasi"]) == 28


def _csv(name: str) -> list[dict]:
    with open(FOLDER / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _csv_row(name: str, **match) -> dict:
    rows = [r for r in _csv(name) if all(r[k] == v for k, v in match.items())]
    assert len(rows) == 1, (name, match, rows)
    return rows[0]


@pytest.mark.parametrize(
    ("name", "match", "key", "factor"),
    [
        # Province P0 September 2024, the first set's open conflict, resolved by the second round.
        (
            "batch2/poverty.csv",
            {"indicator": "persentase_penduduk_miskin_P0", "year": "2024-09"},
            ("kemiskinan_p0", "64", "2024-S2"),
            1,
        ),
        # Regency P0 of 2021 (Susenas March: the first semester) and a number of poor given in thousands.
        (
            "batch2/poverty.csv",
            {"indicator": "persentase_penduduk_miskin_P0", "region_code_bps": "6411", "year": "2021"},
            ("kemiskinan_p0", "6411", "2021-S1"),
            1,
        ),
        (
            "batch2/poverty.csv",
            {"indicator": "jumlah_penduduk_miskin", "year": "2025-09"},
            ("kemiskinan_jumlah", "64", "2025-S2"),
            1000,
        ),
        (
            "batch2/poverty.csv",
            {"indicator": "indeks_kedalaman_kemiskinan_P1", "region_code_bps": "6405", "year": "2023"},
            ("kemiskinan_p1", "6405", "2023-S1"),
            1,
        ),
        (
            "batch2/poverty.csv",
            {"indicator": "gini_ratio_perdesaan", "year": "2025-09"},
            ("gini_ratio_perdesaan", "64", "2025-S2"),
            1,
        ),
        (
            "batch2/labour.csv",
            {"indicator": "tingkat_pengangguran_terbuka", "region_code_bps": "6472", "year": "2023-08"},
            ("tpt", "6472", "2023-S2"),
            1,
        ),
        (
            "batch2/labour.csv",
            {"indicator": "tingkat_partisipasi_angkatan_kerja", "year": "2024-08"},
            ("tpak", "64", "2024-S2"),
            1,
        ),
        (
            "batch2/investment.csv",
            {"indicator": "realisasi_investasi_total", "region_code_bps": "64", "year": "2025"},
            ("investasi_total", "64", "2025"),
            1,
        ),
        # A full year's foreign investment in US dollars has its own indicator.
        (
            "batch2/investment.csv",
            {"indicator": "realisasi_investasi_PMA", "year": "2024", "unit": "juta USD"},
            ("investasi_pma_usd", "64", "2024"),
            1,
        ),
        ("batch2/ipm.csv", {"indicator": "ipm", "region_code_bps": "6405", "year": "2024"}, ("ipm", "6405", "2024"), 1),
        ("batch2/stunting.csv", {"region_code_bps": "6403", "year": "2023"}, ("stunting", "6403", "2023"), 1),
        (
            "batch2/digital.csv",
            {"indicator": "persentase_penduduk_mengakses_internet", "region_code_bps": "64"},
            ("internet_penduduk", "64", "2023"),
            1,
        ),
        (
            "batch2/digital.csv",
            {"indicator": "indeks_keterbukaan_informasi_publik", "year": "2024"},
            ("ikip", "64", "2024"),
            1,
        ),
        (
            "batch2/education.csv",
            {"indicator": "rata_rata_lama_sekolah_pemuda", "region_code_bps": "6411"},
            ("rls_pemuda", "6411", "2021"),
            1,
        ),
    ],
)
def test_pub002_spot_values_match_the_csv_and_carry_its_url(loaded_db, name, match, key, factor):
    row = _csv_row(name, **match)
    indicator, region, period = key
    with get_engine(loaded_db).connect() as conn:
        value, url, source = conn.execute(
            select(Observation.value, Observation.source_url, Observation.source).where(
                Observation.indicator == indicator, Observation.region == region, Observation.period == period
            )
        ).one()
    assert (value, url, source) == (pytest.approx(float(row["value"]) * factor), row["source_url"], "publikasi")


def test_pub003_a_confirmation_is_a_second_source_of_the_figure_not_a_second_point(loaded_db):
    # Kutai Timur's SPBE index 2023: the first set's figure, confirmed by another publication in the second round.
    seed = _csv_row("digital.csv", indicator="indeks_spbe", region_code_bps="6404")
    again = _csv_row("batch2/digital.csv", indicator="indeks_spbe", region_code_bps="6404")
    assert seed["value"] == again["value"] and seed["source_url"] != again["source_url"]
    shown = queries.observations("indeks_spbe", regions=["6404"])
    official = shown[~shown["is_sample"].astype(bool)]
    assert official[["period", "source_url"]].values.tolist() == [["2023", seed["source_url"]]]
    others = queries.alternative_values("indeks_spbe", regions=["6404"])
    assert others[["period", "value", "method", "source_url"]].values.tolist() == [
        ["2023", float(again["value"]), "", again["source_url"]]
    ]


def test_pub004_the_ipm_break_keeps_both_methods_and_never_joins_them(loaded_db):
    breaks = queries.series_breaks()
    ipm = breaks[breaks["indicator"] == "ipm"].iloc[0]
    assert (ipm["period"], ipm["label_id"], ipm["label_en"]) == ("2020", "Metode baru", "New method")
    assert ipm["source_url"].startswith("https://")
    province = [("ipm.csv", OLD), ("batch2/ipm.csv", "uhh-sp2020lf")]
    old, new = (
        {
            r["year"]: float(r["value"])
            for r in _csv(name)
            if (r["indicator"], r["region_code_bps"], r["method"]) == ("ipm", "64", method)
        }
        for name, method in province
    )
    assert (old["2020"], old["2021"], new["2020"], new["2021"]) == (76.24, 76.88, 75.94, 76.60)

    trend = queries.trend_observations("ipm", regions=["64"])
    for (period, segment), rows in trend.groupby(["period", "segment"]):
        assert len(rows) == 1, (period, segment)  # one point per period on each line
    by_segment = {s: dict(zip(rows["period"], rows["value"], strict=True)) for s, rows in trend.groupby("segment")}
    assert set(by_segment) == {0, 1}
    assert {p: by_segment[0][p] for p in ("2020", "2021")} == {"2020": 76.24, "2021": 76.88}
    assert {p: by_segment[1][p] for p in ("2020", "2021")} == {"2020": 75.94, "2021": 76.60}
    assert max(by_segment[0]) == "2021" and min(by_segment[1]) == "2020"  # the two lines overlap, never join
    assert trend.loc[trend["superseded"], "method"].eq("uhh-lama").all()
    assert not trend["is_sample"].astype(bool).any()

    # Readers are shown one figure per period: the current method's from the break on.
    shown = queries.observations("ipm", regions=["64"])
    assert dict(zip(shown["period"], shown["value"], strict=True))["2020"] == 75.94
    assert (shown["segment"] == (shown["period"] >= "2020").astype(int)).all()
    # Berau 2021: the old figure of the first set and the recomputed one of the second round, on their own sides.
    berau = queries.trend_observations("ipm", regions=["6405"])
    assert berau.loc[berau["period"] == "2021", ["segment", "value"]].values.tolist() == [[0, 75.20], [1, 75.69]]


def test_pub005_a_kpi_never_compares_two_methods(loaded_db):
    catalogue = queries.catalogue()
    codes = catalogue.loc[catalogue["headline"].notna(), "code"].tolist()
    obs = queries.headline_observations()
    kpi = headline_kpis(catalogue, obs, queries.targets(codes))["ipm"]
    assert kpi.periods[0] >= "2020" and kpi.prev_period >= "2020"  # the sparkline starts at the break
    regional = queries.headline_regional()
    paser = regional[(regional["indicator"] == "ipm") & (regional["region"] == "6401")]
    # Paser: old-method 2017-2019, then the new method's 2024: the change is not computed across the break.
    assert set(paser["segment"]) == {0, 1}
    assert kpi_of(paser).prev_period is None


def kpi_of(rows: pd.DataFrame):
    from portal.kpi import build

    return build("ipm", 1, 2, rows, pd.DataFrame(columns=["indicator", "year", "value", "is_sample"]))
