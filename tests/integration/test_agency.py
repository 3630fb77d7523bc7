"""The agency page (/instansi/<kode>) and the due dates the walidata set (portal/duedates.py), on both engines: the
page's state counts the agency's indicators as the schedule judges them from the published data; a due date set
through the web replaces the computed one on the agency page and on /status, says so, is audited, and can be taken
away; bad input (no date, a period of another frequency, another agency's indicator, a date before the period
ends, a role that may not set it) gets its sentence and writes nothing; an unknown agency is a 404."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, func, select, text

from portal.access import Reader
from portal.db import get_engine
from portal.models import ReleaseDue
from portal.schedule import release
from portal.state import agency
from portal.state.schedule import schedule
from portal.vocab import ReleaseState
from tests.accounts import AGENCY, audit_events, csrf, sign_in

TODAY = date(2026, 12, 3)
WALIDATA = Reader("walidata")
LATE = "investasi_pma_usd"  # DPMPTSP's yearly indicator whose latest real period is 2024: 2025 fell due on 30 June


@pytest.fixture
def dues(web, accounts_db):
    """The web client; the due dates written in the test are taken away after it (the database is the session's)."""
    yield web
    with get_engine(accounts_db).begin() as conn:
        conn.execute(delete(ReleaseDue))


def _latest(url: str, code: str) -> dict[str, tuple[str, str | None]]:
    """Each indicator of the agency: its frequency and its latest real (non-sample) period, counted here."""
    with get_engine(url).connect() as conn:
        rows = conn.execute(
            text(
                "SELECT i.code, i.frequency, (SELECT max(o.period) FROM observation o JOIN source s ON "
                "s.name = o.source WHERE o.indicator = i.code AND NOT s.is_sample) FROM indicator i "
                "WHERE i.agency = :a"
            ),
            {"a": code},
        ).all()
    return {c: (f, latest) for c, f, latest in rows}


def _row(code: str, reader: Reader = WALIDATA) -> dict:
    state = agency.page(AGENCY, {}, reader, TODAY)
    return next(r for r in state.rows if r["code"] == code)


def _due_rows(url: str) -> int:
    with get_engine(url).connect() as conn:
        return conn.execute(select(func.count()).select_from(ReleaseDue)).scalar_one()


def test_agc001_the_page_counts_the_agency_indicators_as_the_schedule_judges_them(accounts_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", accounts_db)
    state = agency.page(AGENCY, {}, WALIDATA, TODAY)
    expected = _latest(accounts_db, AGENCY)
    assert state.name.startswith("Dinas Penanaman Modal") and {r["code"] for r in state.rows} == set(expected)
    states = {}
    for r in state.rows:
        frequency, latest = expected[r["code"]]
        found = release(frequency, latest, TODAY)
        assert (r["state"], r["days_late"], r["deadline_set"]) == (found.state, found.days_late, False), r
        assert r["basis"].startswith("Aturan: akhir periode +")
        states[r["state"]] = states.get(r["state"], 0) + 1
    on_time, late, never = (states.get(s, 0) for s in ReleaseState)
    assert late > 0 and on_time > 0
    assert state.summary.startswith(f"{len(expected)} data wajib: {on_time} tepat waktu, {late} terlambat, {never} ")
    assert f"{on_time + late} dari {len(expected)} data wajib pernah terbit" in state.coverage
    # The same lines as /status's for this agency.
    line = next(line for line in schedule(WALIDATA, TODAY).agencies if line.code == AGENCY)
    assert (line.total, line.on_time, line.late, line.never) == (len(expected), on_time, late, never)
    # Deliveries: the walidata and the agency's own produsen see them; another agency's and the public do not.
    assert state.deliveries is not None and state.can_set
    assert agency.page(AGENCY, {}, Reader("produsen", agency=AGENCY), TODAY).deliveries is not None
    other = agency.page(AGENCY, {}, Reader("produsen", agency="dinkes"), TODAY)
    assert other.deliveries is None and not other.can_set
    public = agency.page(AGENCY, {}, Reader(), TODAY)
    assert public.deliveries is None and not public.can_set and public.choices
    assert agency.page("tidak-ada", {}, WALIDATA, TODAY) is None


def test_agc002_the_address_an_unknown_agency_is_a_404_and_status_links_each_agency(web):
    found = web.get(f"/instansi/{AGENCY}")
    body = found.get_data(as_text=True)
    assert found.status_code == 200 and "Dinas Penanaman Modal" in body
    assert "data wajib: " in body and "Cakupan Daftar Data: " in body  # the first screen, in the HTML
    missing = web.get("/instansi/tidak-ada")
    assert missing.status_code == 404
    assert "Perangkat daerah dengan kode ini tidak ada di direktori." in missing.get_data(as_text=True)
    sign_in(web, "walidata")
    assert f"/instansi/{AGENCY}" in web.get("/status").get_data(as_text=True)


def _post(client, **fields):
    return client.post(f"/instansi/{AGENCY}/tenggat", data={"csrf_token": csrf(client), **fields})


def test_agc003_a_due_date_set_replaces_the_rule_on_the_page_and_on_status(dues, accounts_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", accounts_db)
    before = _row(LATE)
    assert before["state"] == ReleaseState.TERLAMBAT and before["latest"] == "2024" and before["days_late"] == 156
    sign_in(dues, "walidata")
    answer = _post(dues, indikator=LATE, periode="2025", tanggal="2027-01-15")
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"/instansi/{AGENCY}?tenggat=ok")
    after = _row(LATE)
    assert after["state"] == ReleaseState.TEPAT and after["days_late"] is None and after["deadline_set"]
    assert after["deadline_text"] == "15 Jan 2027 (2025)" and after["basis"] == "Ditetapkan walidata"
    status_row = next(r for r in schedule(WALIDATA, TODAY).rows if r["code"] == LATE)
    assert (status_row["state"], status_row["basis"]) == (ReleaseState.TEPAT, "Ditetapkan walidata")
    page = agency.page(AGENCY, {"tenggat": "ok"}, WALIDATA, TODAY)
    assert page.message == "Tenggat disimpan; jadwal di bawah sudah memakainya." and not page.refused
    assert "Tenggat disimpan" in dues.get(answer.headers["Location"]).get_data(as_text=True)
    assert [(d["code"], d["period"], d["due_on"]) for d in page.dues] == [(LATE, "2025", "15 Jan 2027")]
    assert "uji_walidata" in page.dues[0]["set"]
    # An earlier date than the rule's makes it late from then on; an empty date gives the rule back.
    _post(dues, indikator=LATE, periode="2025", tanggal="2026-01-31")
    assert _row(LATE)["days_late"] == (TODAY - date(2026, 1, 31)).days
    _post(dues, indikator=LATE, periode="2025", tanggal="")
    assert _row(LATE) == before and _due_rows(accounts_db) == 0
    events = [e for e in audit_events(dues) if e["event"].startswith("release_due")]
    assert [(e["event"], e["due_on"], e["previous"]) for e in events] == [
        ("release_due_set", "2027-01-15", None),
        ("release_due_set", "2026-01-31", "2027-01-15"),
        ("release_due_cleared", None, "2026-01-31"),
    ]
    assert {e["actor"] for e in events} == {"uji_walidata"} and {e["indicator"] for e in events} == {LATE}


@pytest.mark.parametrize(
    ("fields", "code", "sentence"),
    [
        ({"periode": "2025", "tanggal": "31/12/2026"}, "date", "bukan tanggal"),
        ({"periode": "2025", "tanggal": "2026-02-30"}, "date", "bukan tanggal"),
        ({"periode": "2025-Q1", "tanggal": "2026-09-30"}, "period", "bukan periode indikator ini"),
        ({"periode": "2025-13", "tanggal": "2026-09-30"}, "period", "bukan periode indikator ini"),
        ({"periode": "2025", "tanggal": "2025-06-30"}, "date_range", "setelah periode berakhir"),
        ({"periode": "2025", "tanggal": "2028-06-30"}, "date_range", "paling lambat dua tahun"),
        ({"indikator": "stunting", "periode": "2025", "tanggal": "2026-09-30"}, "indicator", "indikator perangkat"),
    ],
)
def test_agc004_bad_input_gets_its_sentence_and_writes_nothing(dues, accounts_db, monkeypatch, fields, code, sentence):
    monkeypatch.setenv("DATABASE_URL", accounts_db)
    sign_in(dues, "walidata")
    answer = _post(dues, **{"indikator": LATE, **fields})
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"?galat={code}")
    assert _due_rows(accounts_db) == 0
    page = agency.page(AGENCY, {"galat": code}, WALIDATA, TODAY)
    assert page.refused and sentence in page.message and "Tidak ada yang disimpan." in page.message
    assert sentence in dues.get(answer.headers["Location"]).get_data(as_text=True)  # the first screen says it
    assert [e["code"] for e in audit_events(dues) if e["event"] == "release_due_refused"] == [code]


def test_agc005_a_role_that_may_not_set_it_is_told_so_and_nothing_is_written(dues, accounts_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", accounts_db)
    for role in ("produsen", "analyst"):
        client = dues.application.test_client()
        sign_in(client, role)
        answer = _post(client, indikator=LATE, periode="2025", tanggal="2027-01-15")
        assert answer.status_code == 303 and answer.headers["Location"].endswith("?galat=not_allowed")
    assert _due_rows(accounts_db) == 0
    assert "Hanya walidata" in agency.page(AGENCY, {"galat": "not_allowed"}, Reader("produsen"), TODAY).message
    anonymous = dues.application.test_client().post(f"/instansi/{AGENCY}/tenggat", data={"indikator": LATE})
    assert anonymous.status_code == 400 and _due_rows(accounts_db) == 0
    sign_in(dues, "walidata")
    assert _post(dues, indikator=LATE, periode="2025", tanggal="2027-01-15").status_code == 303
    unknown = dues.post("/instansi/tidak-ada/tenggat", data={"csrf_token": csrf(dues), "indikator": LATE})
    assert unknown.status_code == 404 and _due_rows(accounts_db) == 1
