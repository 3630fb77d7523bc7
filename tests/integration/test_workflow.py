"""The Satu Data workflow on both engines (etl/workflow.py): an agency's file and form wait as drafts, nothing of a
draft is public, a reviewer approves (publishing in one transaction) or returns it; a corrected value keeps its
earlier versions; a registered source that is not trusted delivers drafts; two reviewers at once, a crash
mid-approval, a producer approving, another agency's indicators."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text

from etl import runner, workflow
from etl.__main__ import main
from etl.ledger import Actor, process_user
from portal import queries
from portal.access import Reader
from portal.db import get_engine, using
from portal.models import Delivery, DeliveryEvent, EtlRun, Observation, ObservationVersion, RejectedRow
from portal.settings import DATA_DIR
from tests.children import paused_child
from tests.conftest import new_database

EXCEL = DATA_DIR / "examples" / "dinkes_imunisasi_2024.xlsx"
CSV = DATA_DIR / "examples" / "disdikbud_apm_2024.csv"
IDL = "imunisasi_dasar_lengkap"  # produced by Dinas Kesehatan (data/reference/producers.csv)
WALIDATA = Reader("walidata")
PENDUKUNG_DINKES = Reader("walidata_pendukung", agency="dinkes")
PRODUSEN_DINKES = Reader("produsen", agency="dinkes")
DEWI = Actor("dewi", "web", "10.1.2.3")  # a produsen data of Dinas Kesehatan
BUDI = Actor("budi", "web", "10.9.9.9")  # a walidata
SARI = Actor("sari", "web", "10.9.9.8")  # another walidata
BASELINE = """kode_indikator,kode_wilayah,periode,nilai,status
imunisasi_dasar_lengkap,6471,2023,90.5,tetap
imunisasi_dasar_lengkap,6472,2023,88.0,tetap
imunisasi_dasar_lengkap,6474,2023,91.0,sementara
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def wf_db(request, tmp_path_factory, tmp_path, monkeypatch) -> str:
    """A new database with the reference data, the agencies, and three real 2023 figures published by ingest."""
    url = new_database(request.param, request, tmp_path_factory)
    monkeypatch.setenv("DATABASE_URL", url)
    runner.run(url, only="aplikasi")
    baseline = tmp_path / "baseline.csv"
    baseline.write_text(BASELINE, encoding="utf-8")
    assert runner.ingest(baseline, url).loaded == 3
    return url


def published(url: str, indicator: str = IDL) -> dict[tuple[str, str], tuple[float, str]]:
    with get_engine(url).connect() as conn:
        rows = conn.execute(
            select(Observation.region, Observation.period, Observation.value, Observation.status).where(
                Observation.indicator == indicator
            )
        )
        return {(r.region, r.period): (r.value, r.status) for r in rows}


def stage_of(url: str, delivery_id: int) -> str:
    with get_engine(url).connect() as conn:
        return conn.execute(select(Delivery.stage).where(Delivery.id == delivery_id)).scalar_one()


def values_form(*rows: tuple) -> list[dict]:
    keys = ("kode_indikator", "kode_wilayah", "periode", "nilai", "status")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def test_wf001_a_file_waits_as_a_draft_and_approval_publishes_it(wf_db):
    engine = get_engine(wf_db)
    before = published(wf_db)
    sent = workflow.submit_file(engine, EXCEL, "dinkes", DEWI)
    # The same counts and reasons as `python -m etl ingest` of this file (README: 17 read, 10 loaded, 7 rejected).
    assert (sent.stage, sent.read, sent.loaded, sent.unchanged, sent.rejected) == ("draf", 17, 10, 0, 7)
    with get_engine(wf_db).connect() as conn:
        reasons = set(conn.execute(select(RejectedRow.reason).where(RejectedRow.run_id == sent.run_id)).scalars())
        assert conn.execute(select(EtlRun.status).where(EtlRun.id == sent.run_id)).scalar_one() == "draf"
    assert any("tidak dikenal di katalog" in r for r in reasons) and any("kosong" in r or "'-'" in r for r in reasons)
    # Nothing of it is public: the fact table and every reader query are as before.
    assert published(wf_db) == before
    assert set(queries.observations(IDL)["period"]) == {"2023"}
    drafts = queries.pending_values(IDL, "dinkes")
    assert len(drafts) == 8 and set(drafts["stage"]) == {"draf"}
    assert queries.pending_values(IDL, None).empty and queries.pending_values(IDL, "disdikbud").empty

    workflow.take_up(engine, sent.delivery_id, WALIDATA, BUDI)
    assert stage_of(wf_db, sent.delivery_id) == "diperiksa"
    done = workflow.approve(engine, sent.delivery_id, WALIDATA, BUDI, note="sesuai")
    assert (done.read, done.loaded, done.unchanged, done.removed) == (10, 10, 0, 0)
    now = published(wf_db)
    assert now[("6472", "2024")] == (96.8, "tetap") and now[("6402", "2024")] == (88.7, "sementara")
    assert now[("6472", "2023")] == before[("6472", "2023")]  # another period: untouched
    with get_engine(wf_db).connect() as conn:
        record = conn.execute(select(Delivery).where(Delivery.id == sent.delivery_id)).one()
        run = conn.execute(select(EtlRun).where(EtlRun.id == done.run_id)).one()
        events = conn.execute(
            select(DeliveryEvent.action, DeliveryEvent.actor, DeliveryEvent.address)
            .where(DeliveryEvent.delivery_id == sent.delivery_id)
            .order_by(DeliveryEvent.id)
        ).all()
        run_ids = set(conn.execute(select(Observation.run_id).where(Observation.period == "2024")).scalars())
    assert (record.stage, record.reviewer, record.review_note, record.publish_run_id) == (
        "terbit",
        "budi",
        "sesuai",
        done.run_id,
    )
    assert (run.status, run.rows_read, run.rows_loaded, run.rows_unchanged, run.rows_rejected) == (
        "berhasil",
        10,
        10,
        0,
        0,
    )
    assert [(e.action, e.actor) for e in events] == [
        ("dikirim", "dewi"),
        ("diperiksa", "budi"),
        ("disetujui", "budi"),
        ("diterbitkan", "budi"),
    ]
    assert events[0].address == "10.1.2.3"
    assert run_ids == {done.run_id}
    # Approving again: refused with who decided and when.
    with pytest.raises(workflow.Refused) as again:
        workflow.approve(engine, sent.delivery_id, WALIDATA, SARI)
    assert again.value.code == "decided" and again.value.values["who"] == "budi"


def test_wf002_another_agencys_indicators_are_rejected_by_name(wf_db):
    engine = get_engine(wf_db)
    sent = workflow.submit_file(engine, CSV, "dinkes", DEWI)  # APM: produced by BPS in the catalogue
    assert (sent.read, sent.loaded, sent.rejected) == (13, 0, 13)
    with get_engine(wf_db).connect() as conn:
        reasons = conn.execute(select(RejectedRow.reason_en).where(RejectedRow.run_id == sent.run_id)).scalars()
        staged = conn.execute(text("SELECT count(*) FROM delivery_row WHERE delivery_id = :d"), {"d": sent.delivery_id})
        assert staged.scalar_one() == 0
    assert all("produced by BPS Provinsi Kalimantan Timur, not by your agency (dinkes)" in r for r in reasons)
    # The agency's own file through another agency's account: every row refused the same way.
    other = workflow.submit_file(engine, EXCEL, "disdikbud", Actor("rina", "web"))
    assert (other.loaded, other.rejected) == (0, 17)


def test_wf003_fix_and_send_again_supersedes_the_draft(wf_db, tmp_path):
    engine = get_engine(wf_db)
    first = workflow.submit_values(engine, values_form((IDL, "6472", "2024", "9O,5", "tetap")), "dinkes", DEWI)
    assert (first.loaded, first.rejected) == (0, 1)
    fixed = workflow.submit_values(
        engine, values_form((IDL, "6472", "2024", "90,5", "tetap"), (IDL, "6471", "2024", "", "")), "dinkes", DEWI
    )
    # Sent again: the earlier draft (which held nothing to publish) is superseded.
    assert (fixed.read, fixed.loaded, fixed.rejected) == (2, 1, 1)
    assert fixed.superseded == [first.delivery_id]
    wrong = tmp_path / "idl.csv"
    wrong.write_text("kode_indikator,kode_wilayah,periode,nilai\nimunisasi_dasar_lengkap,6472,2024,90.5\n")
    again = workflow.submit_file(engine, wrong, "dinkes", DEWI)
    assert again.superseded == [fixed.delivery_id] and stage_of(wf_db, fixed.delivery_id) == "digantikan"
    with pytest.raises(workflow.Refused) as refused:
        workflow.approve(engine, fixed.delivery_id, WALIDATA, BUDI)
    assert refused.value.code == "decided"
    assert ("6472", "2024") not in published(wf_db)


def test_wf003b_a_form_supersedes_only_a_form_holding_the_same_value(wf_db, tmp_path):
    engine = get_engine(wf_db)
    samarinda = workflow.submit_values(engine, values_form((IDL, "6472", "2022", "90,5", "tetap")), "dinkes", DEWI)
    balikpapan = workflow.submit_values(engine, values_form((IDL, "6471", "2022", "91,5", "tetap")), "dinkes", DEWI)
    # A value typed for another regency of the same year is another value: both wait.
    assert balikpapan.superseded == [] and stage_of(wf_db, samarinda.delivery_id) == "draf"
    again = workflow.submit_values(engine, values_form((IDL, "6472", "2022", "90,6", "tetap")), "dinkes", DEWI)
    assert again.superseded == [samarinda.delivery_id] and stage_of(wf_db, balikpapan.delivery_id) == "draf"
    # A form never supersedes a file waiting for review; a file supersedes the forms of its (indicator, period).
    whole = tmp_path / "idl.csv"
    whole.write_text("kode_indikator,kode_wilayah,periode,nilai\nimunisasi_dasar_lengkap,6474,2022,92\n")
    sent = workflow.submit_file(engine, whole, "dinkes", DEWI)
    assert sorted(sent.superseded) == sorted([balikpapan.delivery_id, again.delivery_id])
    typed = workflow.submit_values(engine, values_form((IDL, "6474", "2022", "93", "tetap")), "dinkes", DEWI)
    assert typed.superseded == [] and stage_of(wf_db, sent.delivery_id) == "draf"


def test_wf004_a_returned_delivery_says_why_and_is_never_published(wf_db):
    engine = get_engine(wf_db)
    sent = workflow.submit_values(engine, values_form((IDL, "6472", "2024", "95", "tetap")), "dinkes", DEWI)
    with pytest.raises(workflow.Refused) as no_note:
        workflow.return_delivery(engine, sent.delivery_id, WALIDATA, BUDI, "   ")
    assert no_note.value.code == "note_needed"
    workflow.return_delivery(engine, sent.delivery_id, WALIDATA, BUDI, "Angka Samarinda belum diverifikasi.")
    with get_engine(wf_db).connect() as conn:
        note = conn.execute(select(Delivery.review_note).where(Delivery.id == sent.delivery_id)).scalar_one()
    assert note == "Angka Samarinda belum diverifikasi."
    with pytest.raises(workflow.Refused) as late:
        workflow.approve(engine, sent.delivery_id, WALIDATA, SARI)
    assert late.value.code == "decided" and late.value.values["stage"] == "dikembalikan"
    assert ("6472", "2024") not in published(wf_db)


def test_wf005_who_may_decide(wf_db):
    engine = get_engine(wf_db)
    sent = workflow.submit_values(engine, values_form((IDL, "6472", "2024", "95", "tetap")), "dinkes", DEWI)
    cases = [
        (PRODUSEN_DINKES, DEWI, "not_reviewer"),  # a producer approving their own delivery
        (Reader("produsen", agency="dinkes"), Actor("eko", "web"), "not_reviewer"),
        (Reader("walidata_pendukung", agency="disdikbud"), Actor("tono", "web"), "unknown"),  # not theirs to see
        (Reader("analyst"), Actor("ana", "web"), "unknown"),
        (WALIDATA, DEWI, "own_delivery"),  # nobody decides on what they sent, whatever their role
    ]
    for reader, actor, code in cases:
        with pytest.raises(workflow.Refused) as refused:
            workflow.approve(engine, sent.delivery_id, reader, actor)
        assert refused.value.code == code, (reader, code)
    assert stage_of(wf_db, sent.delivery_id) == "draf"
    workflow.approve(engine, sent.delivery_id, PENDUKUNG_DINKES, Actor("sri", "web"))
    assert published(wf_db)[("6472", "2024")] == (95.0, "tetap")


def test_wf006_a_corrected_value_is_diperbaiki_and_keeps_its_versions(wf_db):
    engine = get_engine(wf_db)
    fix = values_form((IDL, "6472", "2023", "88,4", "tetap"), (IDL, "6474", "2023", "91,7", "tetap"))
    sent = workflow.submit_values(engine, fix, "dinkes", DEWI)
    assert (sent.loaded, sent.unchanged) == (2, 0)
    changes = queries.delivery_changes(sent.delivery_id, "kiriman-dinkes").set_index("region")
    assert changes.loc["6472", "outcome"] == "berubah" and changes.loc["6472", "change"] == pytest.approx(0.4)
    assert changes.loc["6472", "published_value"] == 88.0
    workflow.approve(engine, sent.delivery_id, WALIDATA, BUDI)
    shown = queries.observations(IDL, ["6472", "6474"]).set_index("region")
    # 6472: a final figure corrected; 6474: a preliminary figure made final (no correction).
    assert shown.loc["6472", "status"] == "diperbaiki" and shown.loc["6474", "status"] == "tetap"
    history = queries.value_history(IDL)
    earlier = history[history["region"] == "6472"].iloc[0]
    assert (earlier["value"], earlier["status"], bool(earlier["removed"])) == (88.0, "tetap", False)
    assert earlier["source"] == "berkas-baseline" and earlier["published_by"] == process_user()
    assert int(earlier["replaced_by_run"]) == _publish_run(wf_db, sent.delivery_id)
    # Sent again unchanged: nothing changes, no new version, the mark stays.
    again = workflow.submit_values(engine, fix, "dinkes", DEWI)
    assert (again.loaded, again.unchanged) == (0, 2)
    workflow.approve(engine, again.delivery_id, WALIDATA, BUDI)
    with get_engine(wf_db).connect() as conn:
        assert conn.execute(select(func.count()).select_from(ObservationVersion)).scalar_one() == 2
    assert queries.observations(IDL, ["6472"]).set_index("region").loc["6472", "status"] == "diperbaiki"


def _publish_run(url: str, delivery_id: int) -> int:
    with get_engine(url).connect() as conn:
        return conn.execute(select(Delivery.publish_run_id).where(Delivery.id == delivery_id)).scalar_one()


def test_wf007_a_file_is_its_agencys_whole_statement_for_what_it_covers(wf_db, tmp_path):
    engine = get_engine(wf_db)
    both = tmp_path / "both.csv"
    both.write_text(f"kode_indikator,kode_wilayah,periode,nilai\n{IDL},6401,2024,80\n{IDL},6402,2024,81\n")
    workflow.approve(engine, workflow.submit_file(engine, both, "dinkes", DEWI).delivery_id, WALIDATA, BUDI)
    one = tmp_path / "one.csv"
    one.write_text(f"kode_indikator,kode_wilayah,periode,nilai\n{IDL},6401,2024,80\n")
    sent = workflow.submit_file(engine, one, "dinkes", DEWI)
    assert (sent.loaded, sent.unchanged, sent.removed) == (0, 1, 1)
    removals = queries.delivery_removals(sent.delivery_id, "kiriman-dinkes")
    assert list(removals["region"]) == ["6402"]
    done = workflow.approve(engine, sent.delivery_id, WALIDATA, BUDI)
    assert done.removed == 1
    assert ("6402", "2024") not in published(wf_db) and ("6401", "2024") in published(wf_db)
    assert ("6472", "2023") in published(wf_db)  # another source's figure is never removed by a delivery
    history = queries.value_history(IDL, ["6402"])
    assert list(history["removed"]) == [True] and list(history["value"]) == [81.0]
    # A form adds single values: it removes nothing.
    form = workflow.submit_values(engine, values_form((IDL, "6403", "2024", "82", "")), "dinkes", DEWI)
    assert form.removed == 0


def test_wf008_a_source_that_is_not_trusted_delivers_drafts(wf_db, tmp_path):
    good = tmp_path / "portal.csv"
    good.write_text(f"kode_indikator,kode_wilayah,periode,nilai\n{IDL},6401,2024,80\n{IDL},6402,2024,81\n")
    entry = (
        '[[source]]\nname = "{name}"\nkind = "template"\ntitle = "t"\nproducer_agency = "p"\n'
        f'location = "{good}"\nschedule = "tahunan"\n'
    )
    registry = tmp_path / "sources.toml"
    registry.write_text(entry.format(name="portal-dinkes") + entry.format(name="tepercaya") + "trusted = true\n")
    first = {r.source: r for r in runner.run(wf_db, registry_path=registry)}
    assert (first["portal-dinkes"].status, first["portal-dinkes"].loaded) == ("draf", 2)
    assert "menunggu pemeriksaan" in first["portal-dinkes"].notes[-1]
    assert (first["tepercaya"].status, first["tepercaya"].loaded) == ("berhasil", 2)
    with get_engine(wf_db).connect() as conn:
        kept = conn.execute(
            select(Delivery.source, Delivery.stage, Delivery.auto_published).order_by(Delivery.id)
        ).all()
    assert ("portal-dinkes", "draf", False) in kept and ("tepercaya", "terbit", True) in kept
    assert {s for s, *_ in kept} >= {"portal-dinkes", "tepercaya"}
    # The trusted source published the values first; the draft now changes nothing, and the next run keeps none.
    again = {r.source: r for r in runner.run(wf_db, registry_path=registry)}
    assert again["portal-dinkes"].loaded == 0 and "tidak ada kiriman baru" in again["portal-dinkes"].notes[-1]
    # A draft of a registered source is the walidata's to decide, never an agency's.
    (draft_id,) = queries.deliveries("*", stages=("draf",))["id"]
    with pytest.raises(workflow.Refused) as refused:
        workflow.approve(get_engine(wf_db), int(draft_id), PENDUKUNG_DINKES, Actor("sri", "web"))
    assert refused.value.code == "unknown"


def test_wf009_two_walidata_approve_at_once_one_publishes(wf_db):
    engine = get_engine(wf_db)
    sent = workflow.submit_file(engine, EXCEL, "dinkes", DEWI)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def decide(actor: Actor):
        with using(wf_db):
            barrier.wait()
            try:
                outcomes[actor.name] = workflow.approve(engine, sent.delivery_id, WALIDATA, actor)
            except workflow.Refused as err:
                outcomes[actor.name] = err

    threads = [threading.Thread(target=decide, args=(a,)) for a in (BUDI, SARI)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    won = [n for n, o in outcomes.items() if isinstance(o, workflow.Publication)]
    lost = [o for o in outcomes.values() if isinstance(o, workflow.Refused)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert lost[0].code == "decided" and lost[0].values["who"] == won[0]
    assert f"sudah terbit (oleh {won[0]}" in str(lost[0])
    with get_engine(wf_db).connect() as conn:
        publications = conn.execute(
            select(func.count()).select_from(EtlRun).where(EtlRun.notes.like(f"%#{sent.delivery_id} disetujui%"))
        ).scalar_one()
        events = conn.execute(
            select(func.count()).where(
                DeliveryEvent.delivery_id == sent.delivery_id, DeliveryEvent.action == "disetujui"
            )
        ).scalar_one()
    assert publications == 1 and events == 1
    assert published(wf_db)[("6472", "2024")] == (96.8, "tetap")


CHILD = """
import sys, time
from pathlib import Path
from etl import workflow
from etl.ledger import Actor, process_user
from portal.access import Reader
from portal.db import get_engine

def pause(stage):
    if stage == "menyimpan":  # every row written, nothing committed
        Path(sys.argv[1]).touch()
        time.sleep(120)

workflow.approve(get_engine(), int(sys.argv[2]), Reader("walidata"), Actor("budi", "web"), on_stage=pause)
"""


def test_wf010_a_crash_mid_approval_publishes_nothing(wf_db, tmp_path):
    engine = get_engine(wf_db)
    sent = workflow.submit_file(engine, EXCEL, "dinkes", DEWI)
    before = published(wf_db)
    with paused_child(CHILD, tmp_path / "inside", wf_db, str(sent.delivery_id)) as child:
        pass
    assert child.returncode is not None
    assert published(wf_db) == before
    assert stage_of(wf_db, sent.delivery_id) == "draf"
    with get_engine(wf_db).connect() as conn:
        assert conn.execute(select(func.count()).select_from(ObservationVersion)).scalar_one() == 0
        actions = conn.execute(select(DeliveryEvent.action).where(DeliveryEvent.delivery_id == sent.delivery_id))
        assert list(actions.scalars()) == ["dikirim"]
    # The lock died with the process: another walidata approves, and it publishes whole.
    done = workflow.approve(engine, sent.delivery_id, WALIDATA, SARI)
    assert done.loaded == 10 and published(wf_db)[("6472", "2024")] == (96.8, "tetap")


def test_wf011_an_unreadable_file_is_a_failed_delivery_that_says_why(wf_db, tmp_path):
    engine = get_engine(wf_db)
    bad = tmp_path / "laporan.csv"
    bad.write_text("Laporan imunisasi\nbukan tabel\n", encoding="utf-8")
    sent = workflow.submit_file(engine, bad, "dinkes", DEWI, name="../../laporan.csv")
    assert sent.stage == "gagal" and "baris judul kolom tidak ditemukan" in sent.error
    row = queries.delivery(sent.delivery_id, "dinkes")
    assert row["file_name"] == "laporan.csv" and row["stage"] == "gagal"
    with pytest.raises(workflow.Refused) as empty:
        workflow.submit_values(engine, values_form(("", "", "", "", "")), "dinkes", DEWI)
    assert empty.value.code == "empty_form"


def test_wf012_rows_read_add_up_for_every_delivery(wf_db):
    engine = get_engine(wf_db)
    workflow.submit_file(engine, EXCEL, "dinkes", DEWI)
    workflow.submit_file(engine, CSV, "dinkes", DEWI)
    for d in queries.deliveries("*").itertuples():
        assert d.rows_read == d.rows_loaded + d.rows_unchanged + d.rows_rejected, d


def test_wf013_the_version_trigger_keeps_a_hand_made_change_too(wf_db):
    with get_engine(wf_db).begin() as conn:
        conn.execute(text("UPDATE observation SET value = 1.5 WHERE region = '6471' AND period = '2023'"))
        conn.execute(text("UPDATE observation SET loaded_at = loaded_at WHERE region = '6472'"))  # no change
    with get_engine(wf_db).connect() as conn:
        kept = conn.execute(select(ObservationVersion.region, ObservationVersion.value)).all()
    assert kept == [("6471", 90.5)]


def test_wf014_the_walidata_decides_at_the_server_too(wf_db, capsys):
    engine = get_engine(wf_db)
    first = workflow.submit_values(engine, values_form((IDL, "6472", "2024", "95", "tetap")), "dinkes", DEWI)
    second = workflow.submit_values(engine, values_form((IDL, "6401", "2025", "85", "tetap")), "dinkes", DEWI)
    assert main(["deliveries"]) == 0
    listing = capsys.readouterr().out
    assert "kiriman-dinkes" in listing and "draf" in listing
    assert main(["return", str(first.delivery_id), "--note", "Periksa lagi angka Samarinda."]) == 0
    assert main(["approve", str(second.delivery_id)]) == 0
    assert main(["approve", str(first.delivery_id)]) == 1  # already returned
    assert "sudah dikembalikan" in capsys.readouterr().out
    assert main(["approve", "999"]) == 2
    assert published(wf_db)[("6401", "2025")] == (85.0, "tetap") and ("6472", "2024") not in published(wf_db)
