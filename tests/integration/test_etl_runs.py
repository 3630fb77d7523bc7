"""The ETL against real databases (SQLite and PostgreSQL): counts, idempotency, atomicity under an
injected failure and under SIGKILL, the run lock, a failing source beside a healthy one, the run log."""

from __future__ import annotations

import shutil
import signal
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from etl import load, runner
from etl.__main__ import main
from portal import queries
from portal.db import get_engine
from portal.models import EtlRun, Observation, RejectedRow
from portal.runlock import LockBusy, RunLock, is_held
from portal.settings import DATA_DIR
from tests.children import paused_child
from tests.etl_fakes import ckan_records, fake_http_fixture, serve_ckan  # noqa: F401 - fixture

EXAMPLES = DATA_DIR / "examples"
EXCEL = EXAMPLES / "dinkes_imunisasi_2024.xlsx"
CSV = EXAMPLES / "disdikbud_apm_2024.csv"


def registry(tmp_path: Path, *sources: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text("\n".join(textwrap.dedent(s) for s in sources))
    return path


def template_source(name: str, location: Path | str, schedule: str = "harian", extra: str = "") -> str:
    return f"""
    [[source]]
    name = "{name}"
    kind = "template"
    title = "{name}"
    producer_agency = "Dinas uji"
    trusted = true
    location = "{location}"
    schedule = "{schedule}"
    {extra}
    """


def snapshot(url: str) -> list[tuple]:
    with get_engine(url).connect() as conn:
        return conn.execute(
            select(
                Observation.indicator, Observation.region, Observation.period, Observation.value, Observation.run_id
            ).order_by(Observation.indicator, Observation.region, Observation.period)
        ).all()


def count(url: str, model, *where) -> int:
    with get_engine(url).connect() as conn:
        return conn.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def test_etl301_messy_excel_exact_counts_and_reasons_then_idempotent(empty_db):
    first = runner.ingest(EXCEL, empty_db)
    assert (first.status, first.read, first.loaded, first.unchanged, first.rejected) == ("sebagian", 17, 10, 0, 7)
    reasons = dict(
        get_engine(empty_db)
        .connect()
        .execute(select(RejectedRow.row_number, RejectedRow.reason_en).where(RejectedRow.run_id == first.run_id))
        .all()
    )
    assert reasons == {
        9: "no data: the value is empty or '-'",
        12: "value 143.5 is outside the indicator's plausible range (0 – 120)",
        16: "region 'Kutai Selatan' is unknown (not a BPS/Kemendagri code or a registered name)",
        18: "period '2024-06' does not match the indicator's frequency tahunan (e.g. 2024)",
        20: "indicator code 'cakupan_imunisasi_campak' is not in the catalogue",
        21: "status 'revisi' is unknown (tetap or sementara)",
        23: "indicator code 'Sumber: Seksi Surveilans dan Imunisasi, Dinas Kesehatan Provinsi Kalimantan Timur' "
        "is not in the catalogue",
    }
    with get_engine(empty_db).connect() as conn:
        kukar = conn.execute(
            select(Observation.value, Observation.status).where(
                Observation.indicator == "persalinan_faskes", Observation.region == "6403"
            )
        ).one()
    assert tuple(kukar) == (94.2, "tetap")  # "64.02" is Kukar's Kemendagri code; "final" is tetap
    before = snapshot(empty_db)
    again = runner.ingest(EXCEL, empty_db)
    assert (again.read, again.loaded, again.unchanged, again.rejected) == (17, 0, 10, 7)
    assert snapshot(empty_db) == before


def test_etl302_fix_the_file_and_only_the_fixed_rows_change(empty_db, tmp_path):
    path = tmp_path / "disdikbud_apm_2024.csv"
    shutil.copy(CSV, path)
    first = runner.ingest(path, empty_db)
    assert (first.read, first.loaded, first.unchanged, first.rejected) == (13, 8, 0, 5)
    text = path.read_bytes().decode("cp1252")
    text = text.replace("Penajam Paser Utara;2024;;", "Penajam Paser Utara;2024;95,7;").replace("1.234", "84,2")
    path.write_bytes(text.encode("cp1252"))
    second = runner.ingest(path, empty_db)
    assert (second.read, second.loaded, second.unchanged, second.rejected) == (13, 2, 8, 3)
    with get_engine(empty_db).connect() as conn:
        changed = conn.execute(select(Observation.region, Observation.value).where(Observation.run_id == second.run_id))
        assert sorted(changed) == [("6409", 95.7), ("6474", 84.2)]


def test_etl303_cli_exit_codes(empty_db, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text("kode_indikator,kode_wilayah,periode,nilai\nipm,6472,2024,80.1\n")
    reg = registry(tmp_path, template_source("baik", good))
    assert main(["--registry", str(reg), "run"]) == 0
    assert main(["--registry", str(reg), "ingest", str(CSV)]) == 3
    assert "5 baris ditolak" in capsys.readouterr().out
    assert main(["--registry", str(reg), "run", "--source", "tidak-ada"]) == 2
    assert "no source named 'tidak-ada'" in capsys.readouterr().out
    assert main(["--registry", str(reg), "ingest", str(tmp_path / "absent.csv")]) == 2
    assert main(["--registry", str(reg), "frobnicate"]) == 2
    assert main(["--registry", str(reg), "rejects", "--run", "999"]) == 2
    assert main(["--registry", str(reg), "rejects"]) == 0
    out = capsys.readouterr().out
    assert "baris/row 11" in out and "number '1.234' is ambiguous" in out
    good.unlink()
    assert main(["--registry", str(reg), "run"]) == 1
    assert "file not found" in capsys.readouterr().out


def test_etl304_injected_failure_leaves_the_database_as_it_was(empty_db, tmp_path, monkeypatch):
    runner.ingest(EXCEL, empty_db)
    before, rejects_before = snapshot(empty_db), count(empty_db, RejectedRow)
    path = tmp_path / "dinkes_imunisasi_2024.xlsx"
    shutil.copy(CSV, tmp_path / "x.csv")
    fixed = tmp_path / "x.csv"
    original = load._finish_run

    def explode(conn, result):
        original(conn, result)  # everything written, the run row too: then the failure
        raise RuntimeError("disk penuh (simulasi)")

    monkeypatch.setattr(load, "_finish_run", explode)
    result = runner.ingest(fixed, empty_db, source_name="berkas-dinkes-imunisasi-2024")
    assert result.status == "gagal" and "disk penuh" in result.error
    assert snapshot(empty_db) == before and count(empty_db, RejectedRow) == rejects_before
    with get_engine(empty_db).connect() as conn:
        status = conn.execute(select(EtlRun.status, EtlRun.error).where(EtlRun.id == result.run_id)).one()
    assert status.status == "gagal" and "RuntimeError: disk penuh" in status.error
    monkeypatch.setattr(load, "_finish_run", original)
    assert not path.exists()
    ok = runner.ingest(fixed, empty_db, source_name="berkas-dinkes-imunisasi-2024")
    assert ok.status == "sebagian" and ok.loaded == 8


CHILD = """
import sys, time
from pathlib import Path
from etl import load
from etl.__main__ import main

flag = Path(sys.argv[1])
original = load._finish_run

def pause(conn, result):
    original(conn, result)
    flag.write_text("inside")
    time.sleep(120)

load._finish_run = pause
sys.exit(main(["ingest", sys.argv[2], "--source", "berkas-dinkes-imunisasi-2024"]))
"""


def test_etl305_sigkill_mid_transaction_changes_nothing_and_the_next_run_succeeds(empty_db, tmp_path):
    first = runner.ingest(EXCEL, empty_db)
    before = snapshot(empty_db)
    with paused_child(CHILD, tmp_path / "inside", empty_db, str(CSV)) as child:
        # Inside the child's open transaction: readers see the old data, and the lock is held.
        assert snapshot(empty_db) == before
        assert is_held(get_engine(empty_db))
        assert queries.runs()["status"].iloc[0] == "berjalan"
        with pytest.raises(LockBusy):
            runner.ingest(CSV, empty_db)
    assert child.returncode == -signal.SIGKILL
    assert snapshot(empty_db) == before
    # PostgreSQL frees a killed client's lock when its server process sees the connection gone and ends: a moment
    # after the kill, longer on a busy machine (SQLite's lock file is free at once).
    engine, given_up = get_engine(empty_db), time.monotonic() + 15
    while is_held(engine) and time.monotonic() < given_up:
        time.sleep(0.1)
    assert not is_held(engine)
    shown = queries.runs()
    assert shown["status"].iloc[0] == "terputus"  # shown as interrupted, not running forever
    assert count(empty_db, RejectedRow, RejectedRow.run_id > first.run_id) == 0
    after = runner.ingest(CSV, empty_db)
    assert after.status == "sebagian" and after.loaded == 8
    with get_engine(empty_db).connect() as conn:
        statuses = conn.execute(select(EtlRun.status).order_by(EtlRun.id)).scalars().all()
    assert statuses == ["sebagian", "terputus", "sebagian"]


def test_etl306_two_runs_never_overlap(empty_db, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text("kode_indikator,kode_wilayah,periode,nilai\nipm,6472,2024,80.1\n")
    reg = registry(tmp_path, template_source("baik", good))
    engine = runner.prepare(empty_db, reg)
    with RunLock(engine):
        assert is_held(engine)
        assert main(["--registry", str(reg), "run"]) == 1
        assert "Another ETL run is in progress" in capsys.readouterr().out
        assert count(empty_db, EtlRun) == 0
    assert not is_held(engine)
    assert main(["--registry", str(reg), "run"]) == 0


def test_etl307_a_failing_source_beside_healthy_ones(empty_db, tmp_path, fake_http):
    records = ckan_records(2)
    serve_ckan(fake_http, records, rows_max=7)
    fake_http.route("/broken.json", (200, b'{"data": [1, 2'))
    fake_http.route("/down", (500, {"error": "internal"}))
    good = tmp_path / "good.csv"
    good.write_text("kode_indikator,kode_wilayah,periode,nilai\nipm,6472,2024,80.1\nipm,6471,2024,82\n")
    ckan_src = f"""
    [[source]]
    name = "ckan-miskin"
    kind = "ckan"
    title = "CKAN"
    producer_agency = "Bappeda"
    trusted = true
    location = "{fake_http.url}"
    [source.options]
    dataset = "kemiskinan-kabkota"
    page_size = 10
    retries = 0
    fields = {{ kode_wilayah = "kode_kabupaten_kota", periode = "tahun", nilai = "jumlah_penduduk_miskin" }}
    constants = {{ kode_indikator = "kemiskinan_jumlah" }}
    """
    rest_src = """
    [[source]]
    name = "{name}"
    kind = "rest"
    title = "{name}"
    producer_agency = "Dinas"
    trusted = true
    location = "{url}"
    [source.options]
    retries = 0
    """
    reg = registry(
        tmp_path,
        template_source("baik", good),
        ckan_src,
        template_source("hilang", tmp_path / "absent.xlsx"),
        rest_src.format(name="json-rusak", url=f"{fake_http.url}/broken.json"),
        rest_src.format(name="http-500", url=f"{fake_http.url}/down"),
        rest_src.format(name="tak-terjangkau", url="http://127.0.0.1:9/none"),
    )
    results = {r.source: r for r in runner.run(empty_db, registry_path=reg)}
    assert {k: r.status for k, r in results.items()} == {
        "baik": "berhasil",
        "ckan-miskin": "sebagian",
        "hilang": "gagal",
        "json-rusak": "gagal",
        "http-500": "gagal",
        "tak-terjangkau": "gagal",
    }
    for r in results.values():
        assert r.read == r.loaded + r.unchanged + r.rejected
    # CKAN: 20 rows; the kemiskinan_jumlah indicator is semesteran, so a bare year is rejected, with its reason.
    assert (results["ckan-miskin"].read, results["ckan-miskin"].rejected) == (20, 20)
    assert "file not found" in results["hilang"].error
    assert "not valid JSON" in results["json-rusak"].error
    assert "HTTP 500" in results["http-500"].error
    assert "unreachable" in results["tak-terjangkau"].error
    assert count(empty_db, Observation) == 2
    status = queries.source_status().set_index("name")
    assert status.loc["http-500", "last_status"] == "gagal" and "HTTP 500" in status.loc["http-500", "last_error"]
    # The next night the healthy source is unchanged and the failed ones changed nothing.
    again = {r.source: r for r in runner.run(empty_db, registry_path=reg)}
    assert (again["baik"].loaded, again["baik"].unchanged) == (0, 2)
    assert count(empty_db, Observation) == 2


def test_etl308_run_log_and_freshness_queries(empty_db, tmp_path, monkeypatch, capsys):
    good = tmp_path / "good.csv"
    good.write_text("kode_indikator,kode_wilayah,periode,nilai\nipm,6472,2024,80.1\nipm,6472,2023,79\nipm,64,x,1\n")
    weekly = tmp_path / "weekly.csv"
    weekly.write_text("kode_indikator,kode_wilayah,periode,nilai\nstunting,6472,2024,20.1\n")
    off = template_source("mati", tmp_path / "none.csv", extra="enabled = false")
    reg = registry(tmp_path, template_source("baik", good), template_source("mingguan", weekly, "mingguan"), off)
    runner.run(empty_db, registry_path=reg)
    runs = queries.runs()
    assert list(runs.columns) == [
        "id",
        "source",
        "source_title",
        "started_at",
        "finished_at",
        "duration_seconds",
        "status",
        "rows_read",
        "rows_loaded",
        "rows_unchanged",
        "rows_rejected",
        "error",
        "notes",
    ]
    assert runs["source"].tolist() == ["mingguan", "baik"]  # the switched-off source did not run
    status = queries.source_status().set_index("name")
    assert not status["stale"].any() and not status.loc["mati", "enabled"]
    # Age the loads: four days is stale for a daily source (STALE_AFTER_DAYS=2), not for a weekly one.
    with get_engine(empty_db).begin() as conn:
        conn.execute(update(EtlRun).values(finished_at=load.now() - timedelta(days=4)))
    status = queries.source_status().set_index("name")
    assert status["stale"].to_dict() == {"baik": True, "mati": False, "mingguan": False}
    assert status.loc["baik", "data_age_days"] >= 4
    capsys.readouterr()
    assert main(["--registry", str(reg), "status"]) == 0
    assert "Sumber basi / stale sources: baik" in capsys.readouterr().out
    assert not queries.source_status(stale_after_days=5)["stale"].any()
    fresh = queries.indicator_freshness().set_index("code")
    assert fresh.loc["ipm", "latest_period"] == "2024" and fresh.loc["ipm", "observations"] == 2
    assert fresh.loc["ipm", "regions"] == 1 and fresh.loc["tpt", "observations"] == 0
    rejected = queries.rejected_rows()
    assert rejected[["source", "row_number"]].values.tolist() == [["baik", 4]]
    assert rejected.loc[0, "reason_en"].startswith("period 'x' does not match")
    assert len(queries.rejected_rows(run_id=int(runs["id"].iloc[0]))) == 0
    # Named explicitly, a switched-off source runs (and here fails: its file does not exist).
    (off_run,) = runner.run(empty_db, only="mati", registry_path=reg)
    assert off_run.status == "gagal" and "file not found" in off_run.error


def test_etl309_application_directory(empty_db, tmp_path):
    reg = registry(
        tmp_path,
        f"""
        [[source]]
        name = "aplikasi"
        kind = "applications"
        title = "Direktori"
        producer_agency = "Diskominfo"
        location = "{DATA_DIR / "applications.csv"}"
        sample = true
        """,
    )
    first = runner.run(empty_db, registry_path=reg)[0]
    assert (first.read, first.loaded, first.unchanged, first.rejected) == (25, 25, 0, 0)
    again = runner.run(empty_db, registry_path=reg)[0]
    assert (again.read, again.loaded, again.unchanged, again.rejected) == (25, 0, 25, 0)
    bad = tmp_path / "apps.csv"
    bad.write_text(
        "nama,kode_perangkat_daerah,perangkat_daerah,sektor,deskripsi,url,status,contoh\n"
        "A,dinkes,Dinas Kesehatan,kesehatan,x,https://a.example,aktif,true\n"
        "B,dinkes,Dinas Kesehatan,pariwisata,x,,aktif,true\n"
        "C,dinkes,Dinas Kesehatan,,x,ftp://c,aktif,true\n"
        "D,dinkes,Dinas Kesehatan,,x,,dihapus,true\n"
        ",dinkes,Dinas Kesehatan,,x,,aktif,true\n"
        "A,dinkes,Dinas Kesehatan,kesehatan,x,https://a.example,aktif,true\n"
    )
    reg2 = registry(tmp_path, (reg.read_text().replace(str(DATA_DIR / "applications.csv"), str(bad))))
    result = runner.run(empty_db, registry_path=reg2)[0]
    assert (result.read, result.loaded, result.unchanged, result.rejected) == (6, 1, 1, 4)
    reasons = queries.rejected_rows(run_id=result.run_id)["reason_en"].tolist()
    assert reasons == [
        "sector 'pariwisata' is unknown (digitalisasi, investasi, kemiskinan, kesehatan, pendidikan)",
        "url 'ftp://c' is not an http(s) address",
        "status 'dihapus' is unknown (aktif, pengembangan, nonaktif)",
        "application name is empty",
    ]
