"""The nightly alert digest delivered for real: through a local SMTP server (aiosmtpd) and to a local webhook, each
recipient given only the indicators its role may read; the first night only records the board's statuses."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import delete, update

from jobs import nightly
from portal import accounts, audit, meetings, queries
from portal.access import Reader
from portal.db import get_engine
from portal.meetings import BoardMark, Followup, MeetingError
from portal.settings import Settings
from portal.state.board import full_board
from portal.vocab import BoardStatus, MeetingRefusal, Role
from tests.conftest import free_port

pytestmark = pytest.mark.parametrize("loaded_db_session", ["sqlite"], indirect=True)
LEADER = Reader(Role.PIMPINAN, "id")


class Inbox:
    """An aiosmtpd handler keeping every message it is handed."""

    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"


class Hook(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 - http.server's hook name
        length = int(self.headers["Content-Length"])
        Hook.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def servers():
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    hook = HTTPServer(("127.0.0.1", free_port()), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    Hook.received = []
    yield inbox, smtp.port, f"http://127.0.0.1:{hook.server_port}/hook"
    smtp.stop()
    hook.shutdown()


@pytest.fixture
def db(meeting_db):
    return meeting_db


def test_alr001_digest_by_mail_and_webhook_holds_only_what_each_recipient_may_read(db, servers):
    inbox, port, hook_url = servers
    settings = Settings.from_env(
        database_url=db, smtp_host="127.0.0.1", smtp_port=port, alert_webhook_url=hook_url, base_url="https://p.example"
    )
    if "uji_alert_pimpinan" not in {u["username"] for u in accounts.list_users(url=db)}:
        accounts.create_user("uji_alert_pimpinan", "kata-sandi-alert-1", "pimpinan", "Sekda", url=db)
    meetings.subscribe("Publik@Example.org", None, "id")
    meetings.subscribe("sekda@example.org", "uji_alert_pimpinan", "en")
    with pytest.raises(MeetingError) as refused:
        meetings.subscribe("bukan alamat", None)
    assert refused.value.reason == MeetingRefusal.EMAIL

    # The first night records the statuses and sends nothing (no change is known yet, nothing overdue).
    assert nightly.alerts(settings) == {"emails": 0, "webhook": None, "changes": 0}
    assert inbox.messages == [] and Hook.received == []
    board, catalogue = full_board(LEADER)
    assert len(queries.board_marks()) == len(board)

    # A night later: one public and one restricted series had another status the night before, and a follow-up
    # fell past its due date.
    classes = dict(zip(catalogue["code"], catalogue["classification"], strict=True))
    public = board[board["indicator"].map(classes) == "publik"].iloc[0]
    restricted = board[board["indicator"].map(classes) == "terbatas"].iloc[0]
    with get_engine(db).begin() as conn:
        for row in (public, restricted):
            before = BoardStatus.TERCAPAI if row["status"] != BoardStatus.TERCAPAI else BoardStatus.MEMBURUK
            conn.execute(
                update(BoardMark)
                .where(BoardMark.indicator == row["indicator"], BoardMark.region == row["region"])
                .values(status=before)
            )
    meeting_id = meetings.schedule(
        LEADER, "x", title="Rapat", held_on=meetings.today(), sectors=["investasi"], agencies=[]
    )
    fid = meetings.assign(
        LEADER,
        "x",
        meeting_id=meeting_id,
        indicator=restricted["indicator"],
        region=restricted["region"],
        agency="dpmptsp",
        note="n",
        due_on=meetings.today(),
    )
    with get_engine(db).begin() as conn:
        conn.execute(update(Followup).where(Followup.id == fid).values(due_on=meetings.today() - timedelta(days=2)))

    sent = nightly.alerts(settings)
    assert sent == {"emails": 2, "webhook": 204, "changes": 2}
    mails = {to[0]: message for to, message in inbox.messages}
    assert set(mails) == {"publik@example.org", "sekda@example.org"}
    names = dict(zip(catalogue["code"], catalogue["name_id"], strict=True))
    names_en = dict(zip(catalogue["code"], catalogue["name_en"], strict=True))
    public_mail = mails["publik@example.org"]
    assert public_mail["Subject"].strip() == "Portal Satu Data Kaltim: 1 perubahan status, 0 tindak lanjut terlambat"
    body = public_mail.get_content()
    assert names[public["indicator"]] in body and names[restricted["indicator"]] not in body
    assert "https://p.example/perhatian" in body
    leader_mail = mails["sekda@example.org"]
    assert leader_mail["Subject"].strip() == "Portal Satu Data Kaltim: 2 status changes, 1 overdue follow-ups"
    body = leader_mail.get_content()
    assert names_en[public["indicator"]] in body and names_en[restricted["indicator"]] in body
    assert "Overdue follow-ups:" in body
    (payload,) = Hook.received
    assert [c["indicator"] for c in payload["changes"]] == [public["indicator"]] and payload["overdue"] == []

    # The statuses are recorded again: the same night twice sends nothing new.
    inbox.messages.clear()
    Hook.received.clear()
    again = nightly.alerts(settings)
    assert again["changes"] == 0
    assert [to[0] for to, _ in inbox.messages] == ["sekda@example.org"]  # still one overdue follow-up
    assert Hook.received == []  # nothing public to say


def test_alr002_without_smtp_or_webhook_nothing_is_sent(db, servers):
    inbox, _, _ = servers
    meetings.subscribe("publik@example.org")
    settings = Settings.from_env(database_url=db, smtp_host="", alert_webhook_url="")
    with get_engine(db).begin() as conn:
        conn.execute(delete(BoardMark))
    nightly.alerts(settings)
    board, _ = full_board(LEADER)
    with get_engine(db).begin() as conn:
        conn.execute(update(BoardMark).values(status=BoardStatus.TERCAPAI))
    assert nightly.alerts(settings)["emails"] == 0 and inbox.messages == []
    assert len(queries.board_marks()) == len(board)


def test_alr003_walidata_and_admin_choose_the_recipients_every_refusal_one_sentence_and_nothing_written(db, tmp_path):
    log = tmp_path / "audit.jsonl"
    audit.configure(str(log))
    existing = {u["username"] for u in accounts.list_users(url=db)}
    if "uji_alert_kadis" not in existing:
        accounts.create_user("uji_alert_kadis", "kata-sandi-alert-1", "perangkat_daerah", agency="dpmptsp", url=db)
    if "uji_alert_lama" not in existing:
        accounts.create_user("uji_alert_lama", "kata-sandi-alert-1", "viewer", url=db)
    accounts.set_active("uji_alert_lama", False, url=db)
    walidata = Reader(Role.WALIDATA, "id")
    good = {"email": " Kadis@Example.org ", "username": "uji_alert_kadis", "lang": "en"}
    for reader, changed, reason in [
        (LEADER, {}, MeetingRefusal.ROLE_ALERTS),  # leadership schedules meetings, the secretariat sends the digest
        (walidata, {"username": "tidak_ada"}, MeetingRefusal.ACCOUNT_UNKNOWN),
        (walidata, {"username": "uji_alert_lama"}, MeetingRefusal.ACCOUNT_UNKNOWN),  # not active
        (walidata, {"email": "bukan alamat"}, MeetingRefusal.EMAIL),
        (walidata, {"lang": "fr"}, MeetingRefusal.LANG),
    ]:
        with pytest.raises(MeetingError) as refused:
            meetings.set_recipient(reader, "uji_walidata", **{**good, **changed})
        assert refused.value.reason == reason
    assert queries.alert_recipients().empty

    assert meetings.set_recipient(Reader(Role.ADMIN), "uji_admin", **good) == "kadis@example.org"
    (row,) = queries.alert_recipients().to_dict("records")
    assert (row["email"], row["username"], row["role"], row["agency"], row["lang"]) == (
        "kadis@example.org",
        "uji_alert_kadis",
        "perangkat_daerah",
        "dpmptsp",
        "en",
    )
    with pytest.raises(MeetingError) as refused:
        meetings.stop_recipient(LEADER, "uji_pimpinan", "kadis@example.org")
    assert refused.value.reason == MeetingRefusal.ROLE_ALERTS and len(queries.alert_recipients()) == 1
    with pytest.raises(MeetingError) as refused:
        meetings.stop_recipient(walidata, "uji_walidata", "lain@example.org")
    assert refused.value.reason == MeetingRefusal.RECIPIENT_UNKNOWN
    meetings.stop_recipient(walidata, "uji_walidata", "kadis@example.org")
    assert queries.alert_recipients().empty

    events = [json.loads(line) for line in log.read_text().splitlines()]
    kept = [(e["event"], e["actor"], e.get("target")) for e in events if e["event"].startswith("alert_")]
    assert kept == [
        ("alert_subscribed", "uji_admin", "kadis@example.org"),
        ("alert_unsubscribed", "uji_walidata", "kadis@example.org"),
    ]
    denied = [e for e in events if e["event"] == "access_denied"]
    assert [e["permission"] for e in denied] == ["manage_alerts", "manage_alerts"]
