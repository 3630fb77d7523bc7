"""Migrate, load the bundled data and run every query function, on SQLite and on PostgreSQL."""

from sqlalchemy import func, inspect, select

from etl import runner
from etl.sources.synthetic import periods
from portal import queries
from portal.db import get_engine
from portal.models import Observation, ObservationAlternative, RejectedRow, Source, Target
from tests.conftest import first_load

TABLES = {
    "region",
    "sector",
    "indicator",
    "observation",
    "target",
    "source",
    "etl_run",
    "rejected_row",
    "agency",
    "application",
    "region_alias",
    "series_break",
    "observation_alternative",
}


def _count(url, model, *where):
    with get_engine(url).connect() as conn:
        return conn.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def test_db001_migrations_create_the_schema(empty_db):
    runner.prepare(empty_db)
    assert set(inspect(get_engine(empty_db)).get_table_names()) >= TABLES
    runner.prepare(empty_db)  # a second migration is a no-op


def test_db002_bundled_load_accounts_for_every_row_and_is_idempotent(loaded_copy):
    # The bundled data loaded into an empty database once per engine (the template loaded_copy is a copy of).
    first = {r.source: r for r in first_load(loaded_copy)}
    for r in first.values():
        assert r.status in ("berhasil", "sebagian"), r.error
        assert r.read == r.loaded + r.unchanged + r.rejected
    published = first["publikasi"]
    # The two research rounds hold 600 rows; 28 cannot be placed (period not stated, cumulative Jan-Sep or a
    # quarter of a yearly indicator, an indicator the catalogue lacks, a value outside its range) and 1 repeats a
    # row of the same publication (tests/integration/test_published.py has them file by file).
    assert (published.read, published.rejected, published.unchanged) == (600, 28, 1)
    assert _count(loaded_copy, RejectedRow) == 28
    with get_engine(loaded_copy).connect() as conn:
        reasons = conn.execute(select(RejectedRow.reason, RejectedRow.reason_en, RejectedRow.raw)).all()
    assert all(r.reason and r.reason_en and r.raw for r in reasons)
    assert any("2024-Q1..Q3" in r.raw and "tidak sesuai frekuensi" in r.reason for r in reasons)
    obs_before = _count(loaded_copy, Observation)
    alternatives_before = _count(loaded_copy, ObservationAlternative)
    second = runner.run(loaded_copy)
    for r in second:
        assert r.loaded == 0 and r.unchanged + r.rejected == r.read, r
    assert _count(loaded_copy, Observation) == obs_before
    assert _count(loaded_copy, ObservationAlternative) == alternatives_before > 0


def test_db003_real_figures_win_and_carry_their_source(loaded_db):
    with get_engine(loaded_db).connect() as conn:
        row = conn.execute(
            select(Observation.value, Observation.source, Observation.source_url).where(
                Observation.indicator == "kemiskinan_p0", Observation.region == "64", Observation.period == "2025-S1"
            )
        ).one()
        assert row.source == "publikasi" and row.value == 5.17 and row.source_url.startswith("https://")
        # Regency poverty (annual, from the March Susenas) is placed in the first semester.
        mahulu = conn.execute(
            select(Observation.value).where(
                Observation.indicator == "kemiskinan_p0", Observation.region == "6411", Observation.period == "2020-S1"
            )
        ).scalar_one()
        assert mahulu == 11.44
        # Quarterly USD investment went to its own indicator, not into the rupiah series.
        usd = conn.execute(
            select(Observation.value).where(
                Observation.indicator == "investasi_pma_usd_triwulan",
                Observation.region == "64",
                Observation.period == "2022-Q2",
            )
        ).scalar_one()
        assert usd == 227.5
        assert conn.execute(select(Source.is_sample).where(Source.name == "contoh")).scalar_one() is True
        real_targets = conn.execute(
            select(Target.value).where(
                Target.indicator == "investasi_total", Target.year == 2023, Target.is_sample.is_(False)
            )
        ).scalar_one()
        assert real_targets == 64.5


def test_db004_synthetic_fills_every_indicator_region_period(loaded_db):
    catalogue = queries.catalogue(("publik", "terbatas"))
    with get_engine(loaded_db).connect() as conn:
        counts = dict(
            conn.execute(
                select(Observation.indicator, func.count())
                .where(Observation.period >= "2015", Observation.period < "2026")
                .group_by(Observation.indicator)
            ).all()
        )
    for ind in catalogue.to_dict("records"):
        assert counts[ind["code"]] >= 11 * len(periods(ind["frequency"])), ind["code"]


def test_db005_query_functions(loaded_db):
    assert queries.ping()
    assert queries.sectors()["code"].tolist() == ["kemiskinan", "investasi", "digitalisasi", "kesehatan", "pendidikan"]
    regions = queries.regions()
    assert len(regions) == 11 and regions.iloc[0]["code"] == "64"
    assert regions.set_index("code").loc["6403", "kemendagri_code"] == "64.02"
    public = queries.catalogue()
    everything = queries.catalogue(("publik", "terbatas"))
    assert set(public["classification"]) == {"publik"} and len(everything) > len(public)
    headline = queries.headline_observations()
    assert set(headline["indicator"]) == set(public.loc[public["headline"].notna(), "code"])
    assert headline["is_sample"].any() and not headline["is_sample"].all()
    targets = queries.targets(["investasi_total"])
    assert {2023: 64.5}.items() <= dict(zip(targets["year"], targets["value"], strict=True)).items()
    fresh = queries.freshness()
    assert set(fresh["name"]) == {"publikasi", "contoh", "aplikasi"}
    assert fresh["last_success"].notna().all()
    assert queries.last_load() is not None


def test_db010_a_loaded_sqlite_database_upgrades_to_the_newest_schema(tmp_path):
    """SQLite alters a table by copying it (batch mode): a table that loaded rows refer to (source, under
    observation) must be replaceable, and the rows must survive with their references intact."""
    from alembic import command
    from alembic.script import ScriptDirectory

    from portal.db import alembic_config, migrate

    url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "0010")  # a database a version of early December loaded
    with get_engine(url).begin() as conn:
        conn.exec_driver_sql("INSERT INTO sector VALUES ('kesehatan', 'Kesehatan', 'Health', 1)")
        conn.exec_driver_sql(
            "INSERT INTO indicator (code, sector, name_id, name_en, definition_id, definition_en, unit_id, unit_en, "
            "decimals, polarity, frequency, producer_agency, source_note, classification) VALUES ('stunting', "
            "'kesehatan', 'Stunting', 'Stunting', '-', '-', 'persen', 'percent', 1, -1, 'tahunan', 'Dinkes', '-', "
            "'publik')"
        )
        conn.exec_driver_sql("INSERT INTO region VALUES ('64', '64', 'Kaltim', 'Provinsi Kaltim', 'provinsi', NULL)")
        conn.exec_driver_sql("INSERT INTO source VALUES ('bps', 'published', 'BPS', 'BPS', '-', 'manual', 0, 1)")
        conn.exec_driver_sql(
            "INSERT INTO observation (indicator, region, period, value, status, source, loaded_at) "
            "VALUES ('stunting', '64', '2024', 22.9, 'tetap', 'bps', '2026-12-01 00:00:00')"
        )
    migrate(url)
    with get_engine(url).connect() as conn:
        assert (
            conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
            == ScriptDirectory.from_config(alembic_config(url)).get_current_head()
        )
        row = conn.exec_driver_sql("SELECT o.value, s.trusted FROM observation o JOIN source s ON s.name = o.source")
        assert row.one() == (22.9, 1)
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1  # enforced again afterwards
