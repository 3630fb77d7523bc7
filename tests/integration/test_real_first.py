"""Real figures first: a series (indicator x region) with official figures shows only them; sample values fill
only series that have none, and stay labelled. On SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from etl import runner
from portal import queries
from portal.db import get_engine
from portal.kpi import headline_kpis
from portal.models import IndicatorSummary
from portal.settings import ROOT

P0 = "kemiskinan_p0"
INTERNET = "internet_penduduk"


def test_rf001_the_home_kpis_show_the_latest_official_figure_never_a_later_sample(loaded_db):
    catalogue = queries.catalogue()
    codes = catalogue.loc[catalogue["headline"].notna(), "code"].tolist()
    obs = queries.headline_observations()
    kpis = headline_kpis(catalogue, obs, queries.targets(codes))
    p0 = obs[obs["indicator"] == P0]
    assert len(p0) and not p0["is_sample"].astype(bool).any()
    later_samples = []
    for code in codes:
        loaded = queries.observations(code, regions=["64"], as_loaded=True)
        official = loaded[~loaded["is_sample"].astype(bool)]
        if official.empty:
            continue
        # The latest official province figure the portal holds, never a later sample period.
        kpi = kpis[code]
        assert (kpi.period, kpi.is_sample) == (official["period"].max(), False), code
        assert kpi.value == official.sort_values("period")["value"].iloc[-1], code
        if loaded["period"].max() > official["period"].max():
            later_samples.append(code)
    assert P0 in kpis and later_samples  # some of them have a later sample value in the database (stunting: 2025)


def test_rf005_the_home_kpi_cards_showing_an_official_figure_as_the_readme_says(loaded_db):
    """README ("What is in the data"): on the executive summary 14 of the 15 KPI cards show an official figure."""
    catalogue = queries.catalogue()
    codes = catalogue.loc[catalogue["headline"].notna(), "code"].tolist()
    kpis = headline_kpis(catalogue, queries.headline_observations(), queries.targets(codes))
    official = sorted(code for code, kpi in kpis.items() if kpi.value is not None and not kpi.is_sample)
    assert (len(official), len(kpis)) == (14, 15)
    assert set(kpis) - set(official) == {"imunisasi_dasar_lengkap"}  # no published figure found yet
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "On the executive summary 14 of the 15 KPI cards show an official figure." in " ".join(readme.split())


def test_rf002_series_never_mix_and_sample_only_series_stay_drawn(loaded_db):
    for code in (P0, "ipm", "tpt", "umur_harapan_hidup", INTERNET):
        obs = queries.observations(code)
        mixed = obs.groupby("region")["is_sample"].agg(lambda s: s.astype(bool).nunique())
        assert (mixed == 1).all(), f"{code} mixes real and sample values in {list(mixed[mixed > 1].index)}"
    # Internet use has official figures for the province and Kutai Kartanegara only: the other regencies keep
    # their sample series, labelled.
    regional = queries.regional_values(INTERNET)
    sample_only = regional.groupby("region")["is_sample"].agg(lambda s: s.astype(bool).all())
    assert sample_only.any() and (~sample_only).any()
    for region in sample_only[sample_only].index:
        assert len(queries.observations(INTERNET, regions=[region])) == len(
            queries.observations(INTERNET, regions=[region], as_loaded=True)
        )


def test_rf003_the_summary_counts_what_readers_are_shown(loaded_db):
    with get_engine(loaded_db).connect() as conn:
        summary = {r.indicator: r for r in conn.execute(select(IndicatorSummary)).all()}
    shown = queries.observations(P0)
    everything = queries.observations(P0, as_loaded=True)
    # observations() reads the province and regencies: the bundled data hold nothing below them.
    assert summary[P0].observations == len(shown) < len(everything)
    assert summary[P0].sample_values == int(shown["is_sample"].astype(bool).sum())
    assert summary[P0].latest_period == shown["period"].max()


def test_rf004_a_first_official_figure_takes_over_its_series(loaded_copy, tmp_path):
    region = "6472"  # Samarinda: the bundled data hold no official share of internet users for it
    before = queries.observations("internet_penduduk", regions=[region])
    assert before["is_sample"].astype(bool).all() and len(before) > 1
    path = tmp_path / "internet_samarinda.csv"
    path.write_text("kode_indikator,kode_wilayah,periode,nilai\ninternet_penduduk,6472,2019,80.11\n", encoding="utf-8")
    result = runner.ingest(path, loaded_copy)
    assert (result.read, result.loaded, result.rejected) == (1, 1, 0)
    after = queries.observations("internet_penduduk", regions=[region])
    assert after[["period", "value"]].values.tolist() == [["2019", 80.11]]
    assert not after["is_sample"].astype(bool).any()
    # Nothing was dropped: the sample values are still in the database, only no longer shown.
    assert len(queries.observations("internet_penduduk", regions=[region], as_loaded=True)) == len(before)
