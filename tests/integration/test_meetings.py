"""Coordination meetings on both engines: scheduling, assigning and updating follow-ups with their audit trail, the
roles that may (and may not), and the bad-input sentences, each refusal leaving nothing half-written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal import meetings, queries
from portal.access import Reader
from portal.db import get_engine
from portal.meetings import Followup, FollowupUpdate, Meeting, MeetingError
from portal.state import meeting as meeting_state
from portal.vocab import FollowupStatus, MeetingRefusal, Role

AGENCY = "dpmptsp"
OTHER = "bapenda"
LEADER = Reader(Role.PIMPINAN, "id")
AGENCY_HEAD = Reader(Role.PERANGKAT_DAERAH, "id", AGENCY)
OTHER_HEAD = Reader(Role.PERANGKAT_DAERAH, "en", OTHER)


@pytest.fixture
def db(meeting_db):
    return meeting_db


def count(url: str, model) -> int:
    with get_engine(url).connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def soon(days: int = 7) -> date:
    return meetings.today() + timedelta(days=days)


def a_meeting(**overrides) -> int:
    given = {
        "title": "Rapat koordinasi investasi",
        "held_on": soon(),
        "sectors": ["investasi"],
        "agencies": [AGENCY, OTHER],
        "indicators": ["investasi_pma"],
    } | overrides
    return meetings.schedule(LEADER, "uji_pimpinan", **given)


def an_item(reader: Reader = LEADER) -> tuple[str, str, str]:
    """An off-track item of the investment sector (indicator, region, status) as the meeting page offers it."""
    page = meeting_state.meeting_page(a_meeting(), reader)
    assert page.items, "the bundled data has off-track items in the investment sector"
    row = page.items[0].row
    return row["indicator"], row["region"], str(row["status"])


def test_mtg001_a_scheduled_meeting_reads_back_with_its_choices(db):
    meeting_id = a_meeting()
    found = queries.meeting(meeting_id)
    assert found["title"] == "Rapat koordinasi investasi" and found["held_on"] == soon()
    assert found["sectors"] == ["investasi"] and sorted(found["agencies"]) == sorted([AGENCY, OTHER])
    assert found["indicators"] == ["investasi_pma"]
    page = meeting_state.meetings_page(LEADER)
    assert [m["id"] for m in page.upcoming] == [meeting_id] and page.may_schedule


@pytest.mark.parametrize(
    ("overrides", "reason", "sentence"),
    [
        ({"held_on": date(2020, 1, 1)}, MeetingRefusal.DATE_PAST, "Tanggal rapat sudah lewat"),
        ({"held_on": "31-12-2026"}, MeetingRefusal.DATE, "tulis TTTT-BB-HH"),
        ({"sectors": []}, MeetingRefusal.SECTORS, "Pilih paling sedikit satu sektor"),
        ({"sectors": ["bukan_sektor"]}, MeetingRefusal.SECTOR_UNKNOWN, "Sektor tidak dikenal"),
        ({"indicators": ["ipm", "bukan_indikator"]}, MeetingRefusal.INDICATOR_UNKNOWN, "1 indikator tidak dikenal"),
        ({"title": "  "}, MeetingRefusal.TITLE, "Tulis judul rapat"),
        ({"agencies": ["bukan_instansi"]}, MeetingRefusal.AGENCY_UNKNOWN, "Perangkat daerah tidak dikenal"),
    ],
)
def test_mtg002_bad_meeting_input_is_one_sentence_and_nothing_is_written(db, overrides, reason, sentence):
    with pytest.raises(MeetingError) as refused:
        a_meeting(**overrides)
    assert refused.value.reason == reason
    assert sentence in refused.value.text("id") and "nothing" in refused.value.text("en").lower()
    assert count(db, Meeting) == 0


def test_mtg003_only_staff_and_leadership_schedule(db):
    for reader in (Reader(Role.VIEWER), AGENCY_HEAD, Reader(None)):
        with pytest.raises(MeetingError) as refused:
            meetings.schedule(reader, "x", title="t", held_on=soon(), sectors=["investasi"], agencies=[])
        assert refused.value.reason == MeetingRefusal.ROLE_SCHEDULE
        assert "tidak boleh menjadwalkan" in refused.value.text("id")
    assert count(db, Meeting) == 0


def test_mtg004_assign_update_and_close_keep_who_and_when(db):
    indicator, region, status = an_item()
    meeting_id = queries.meetings()["id"].iloc[0]
    fid = meetings.assign(
        LEADER,
        "uji_pimpinan",
        meeting_id=int(meeting_id),
        indicator=indicator,
        region=region,
        agency=AGENCY,
        note="Percepat perizinan",
        due_on=soon(30).isoformat(),
        board_status=status,
    )
    meetings.update_followup(AGENCY_HEAD, "uji_pd", fid, "dalam_proses", "Tim dibentuk")
    meetings.update_followup(AGENCY_HEAD, "uji_pd", fid, "selesai", "Izin terbit")
    (row,) = meeting_state.followups(queries.followups(agency=AGENCY, classes=LEADER.classes), LEADER)
    assert row.state == FollowupStatus.SELESAI and row.row["board_status"] == status
    trail = [(h["actor"], h["role"], h["state"], h["note"]) for h in row.history]
    assert trail == [
        ("uji_pimpinan", "pimpinan", "terbuka", "Percepat perizinan"),
        ("uji_pd", "perangkat_daerah", "dalam_proses", "Tim dibentuk"),
        ("uji_pd", "perangkat_daerah", "selesai", "Izin terbit"),
    ]
    assert all(h["at"] is not None for h in row.history)
    # The agency's page lists it for its head, who may update it; another agency's head may not.
    mine = meeting_state.followups_page({}, AGENCY_HEAD)
    assert [f.row["id"] for f in mine.followups] == [fid] and mine.followups[0].may_update
    theirs = meeting_state.followups_page({"instansi": AGENCY}, OTHER_HEAD)
    assert not theirs.followups[0].may_update
    with pytest.raises(MeetingError) as refused:
        meetings.update_followup(OTHER_HEAD, "uji_lain", fid, "terbuka", "")
    assert refused.value.reason == MeetingRefusal.OTHER_AGENCY and "another agency" in refused.value.text("en")
    assert count(db, FollowupUpdate) == 3


def test_mtg005_bad_assignments_are_refused_and_nothing_is_written(db):
    indicator, region, _ = an_item()
    meeting_id = int(queries.meetings()["id"].iloc[0])
    given = {
        "meeting_id": meeting_id,
        "indicator": indicator,
        "region": region,
        "agency": AGENCY,
        "note": "Catatan",
        "due_on": soon(10),
    }
    cases = [
        (AGENCY_HEAD, {}, MeetingRefusal.ROLE_ASSIGN, "tidak boleh menugaskan"),
        (Reader(Role.WALIDATA), {}, MeetingRefusal.ROLE_ASSIGN, "hanya pimpinan"),
        (LEADER, {"due_on": meetings.today() - timedelta(days=1)}, MeetingRefusal.DUE_PAST, "jatuh tempo sudah lewat"),
        (LEADER, {"due_on": "besok"}, MeetingRefusal.DUE, "tidak terbaca"),
        (LEADER, {"note": ""}, MeetingRefusal.NOTE, "Tulis catatan"),
        (LEADER, {"indicator": "bukan_indikator"}, MeetingRefusal.INDICATOR_UNKNOWN, "tidak dikenal"),
        (LEADER, {"region": "9999"}, MeetingRefusal.REGION_UNKNOWN, "Wilayah tidak dikenal"),
        (LEADER, {"meeting_id": 99999}, MeetingRefusal.MEETING_UNKNOWN, "Rapat ini tidak ada"),
        (LEADER, {"agency": "bukan_instansi"}, MeetingRefusal.AGENCY_UNKNOWN, "tidak dikenal"),
    ]
    for reader, overrides, reason, sentence in cases:
        with pytest.raises(MeetingError) as refused:
            meetings.assign(reader, "x", **(given | overrides))
        assert refused.value.reason == reason and sentence in refused.value.text("id"), overrides
    assert count(db, Followup) == 0 and count(db, FollowupUpdate) == 0
    fid = meetings.assign(LEADER, "x", **given)
    for reader, state, reason in [
        (Reader(Role.VIEWER), "selesai", MeetingRefusal.ROLE_UPDATE),
        (LEADER, "terlambat", MeetingRefusal.STATE),  # overdue is read from the date, never set
        (LEADER, "hilang", MeetingRefusal.STATE),
    ]:
        with pytest.raises(MeetingError) as refused:
            meetings.update_followup(reader, "x", fid, state, "")
        assert refused.value.reason == reason
    with pytest.raises(MeetingError) as refused:
        meetings.update_followup(LEADER, "x", 99999, "selesai", "")
    assert refused.value.reason == MeetingRefusal.FOLLOWUP_UNKNOWN
    assert count(db, FollowupUpdate) == 1


def test_mtg006_open_past_due_reads_overdue_and_the_next_meeting_opens_with_it(db):
    indicator, region, _ = an_item()
    first = int(queries.meetings()["id"].iloc[0])
    fid = meetings.assign(
        LEADER, "x", meeting_id=first, indicator=indicator, region=region, agency=AGENCY, note="n", due_on=soon(3)
    )
    assert meetings.effective_state("terbuka", soon(3)) == FollowupStatus.TERBUKA
    assert meetings.effective_state("dalam_proses", soon(3), on=soon(4)) == FollowupStatus.TERLAMBAT
    assert meetings.effective_state("selesai", soon(3), on=soon(40)) == FollowupStatus.SELESAI
    second = a_meeting(title="Rapat berikutnya", held_on=soon(14))
    page = meeting_state.meeting_page(second, LEADER)
    assert page.previous["id"] == first
    assert [f.row["id"] for f in page.commitments] == [fid]
    assert page.decisions == []
    # The first meeting has no meeting before it.
    assert meeting_state.meeting_page(first, LEADER).previous is None
    assert meeting_state.meeting_page("abc", LEADER) is None and meeting_state.meeting_page(424242, LEADER) is None
