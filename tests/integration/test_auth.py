"""Sign-in, sign-out, sessions, the rate limit and the user CLI (on SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from flask_login import login_user
from sqlalchemy import select

from bench.dash_requests import page_body
from portal import accounts, audit
from portal.access import Reader
from portal.db import get_engine, using
from portal.settings import ROOT
from tests.accounts import PASSWORD, ROLE_USERS, audit_events, csrf, csrf_in, sign_in
from tests.conftest import web_app
from web import auth, reader

pytestmark = pytest.mark.security


def test_aut001_sign_in_and_out_with_audit(web):
    response = sign_in(web, "analyst")
    assert response.status_code == 303 and response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie  # plain HTTP in tests
    assert "Expires=" in cookie  # the session ends after a working day
    layout = web.get("/_dash-layout").get_data(as_text=True)
    assert "Uji analyst" in layout and "Keluar" in layout
    response = web.post("/auth/keluar", data={"csrf_token": csrf(web)})
    assert response.status_code == 303
    assert "Masuk" in web.get("/_dash-layout").get_data(as_text=True)
    events = [(e["event"], e["actor"]) for e in audit_events(web)]
    assert events == [("login", "uji_analyst"), ("logout", "uji_analyst")]
    assert all(e["via"] == "web" and e["ip"] == "127.0.0.1" and e["ts"] for e in audit_events(web))


def test_aut002_wrong_password_unknown_user_and_forged_form(web):
    assert sign_in(web, "viewer", "salah-kata-sandi").headers["Location"].startswith("/masuk?galat=1")
    response = web.post("/auth/masuk", data={"username": "tidak_ada", "password": PASSWORD, "csrf_token": csrf(web)})
    assert response.headers["Location"].startswith("/masuk?galat=1")
    # Without the session's anti-forgery token the form is refused before the password is checked.
    forged = web.post("/auth/masuk", data={"username": ROLE_USERS["admin"], "password": PASSWORD, "csrf_token": "x"})
    assert forged.status_code == 400
    assert "Keluar" not in web.get("/_dash-layout").get_data(as_text=True)
    events = audit_events(web)
    assert [e["event"] for e in events] == ["login_failed", "login_failed", "csrf_rejected"]
    assert events[0]["username"] == "uji_viewer" and events[0]["outcome"] == "refused"
    assert not any(PASSWORD in str(e) or "salah-kata-sandi" in str(e) for e in events)


def test_aut003_login_is_rate_limited(web):
    for _ in range(auth.LOGIN_LIMIT_PER_MINUTE):
        assert sign_in(web, "viewer", "salah-kata-sandi").headers["Location"].startswith("/masuk?galat=1")
    # The next attempt is refused even with the right password.
    response = sign_in(web, "viewer")
    assert response.status_code == 303 and response.headers["Location"] == "/masuk?galat=batas"
    assert "Keluar" not in web.get("/_dash-layout").get_data(as_text=True)
    page = web.post("/_dash-update-component", json=page_body("/masuk", "?galat=batas")).get_data(as_text=True)
    assert "Terlalu banyak percobaan masuk" in page
    assert audit_events(web)[-1]["event"] == "login_rate_limited"


def test_aut004_login_page_has_a_token_and_only_local_next(web):
    body = web.post("/_dash-update-component", json=page_body("/masuk", "?next=https://evil.example/x")).get_data(
        as_text=True
    )
    token = csrf_in(body)
    assert token and "evil.example" not in body
    response = web.post(
        "/auth/masuk",
        data={"username": ROLE_USERS["viewer"], "password": PASSWORD, "csrf_token": token, "next": "//evil.example"},
    )
    assert response.headers["Location"] == "/"


# Each of these reaches another host in a browser (a backslash reads as a slash; tabs and newlines are dropped).
def test_aut004d_language_switch_never_leaves_the_site(web):
    for referrer in ("http://localhost//evil.example/x", "http://localhost/\\evil.example", "https://evil.example/x"):
        response = web.get("/lang/en", headers={"Referer": referrer})
        assert response.status_code == 303 and response.headers["Location"] == "/", referrer
    response = web.get("/lang/en", headers={"Referer": "http://localhost/indikator/ipm?dari=2020"})
    assert response.headers["Location"] == "/indikator/ipm?dari=2020"


def test_aut005_disabled_account_loses_its_session(web, accounts_db):
    name = "uji_nonaktif"
    if name not in {u["username"] for u in accounts.list_users(url=accounts_db)}:
        accounts.create_user(name, PASSWORD, "viewer", url=accounts_db)
    accounts.set_active(name, True, url=accounts_db)
    web.post("/auth/masuk", data={"username": name, "password": PASSWORD, "csrf_token": csrf(web)})
    assert "Keluar" in web.get("/_dash-layout").get_data(as_text=True)
    accounts.set_active(name, False, url=accounts_db)
    assert "Keluar" not in web.get("/_dash-layout").get_data(as_text=True)
    again = web.post("/auth/masuk", data={"username": name, "password": PASSWORD, "csrf_token": csrf(web)})
    assert again.headers["Location"].startswith("/masuk?galat=1")


def test_aut006_passwords_are_hashed(accounts_db):
    with get_engine(accounts_db).connect() as conn:
        hashes = conn.execute(select(accounts.User.password_hash)).scalars().all()
    assert hashes and all(h.startswith("scrypt:") and PASSWORD not in h for h in hashes)


def _cli(args, url, stdin="", audit_file=None):
    env = {**os.environ, "DATABASE_URL": url, "AUDIT_LOG": str(audit_file or "")}
    return subprocess.run(
        [sys.executable, "-m", "portal.users", *args], input=stdin, capture_output=True, text=True, cwd=ROOT, env=env
    )


def test_aut007_cli_creates_lists_and_disables(empty_db, tmp_path):
    log = tmp_path / "audit.jsonl"
    secret = "sandi-cli-rahasia-99"
    done = _cli(["create", "siti", "--role", "admin", "--name", "Siti Rahma"], empty_db, secret + "\n", log)
    assert done.returncode == 0, done.stderr
    assert _cli(["create", "siti", "--role", "viewer"], empty_db, secret + "\n").returncode == 1
    assert _cli(["create", "joko", "--role", "raja"], empty_db, secret + "\n").returncode == 2
    short = _cli(["create", "joko", "--role", "viewer"], empty_db, "pendek\n")
    assert short.returncode == 1 and "minimal" in short.stderr
    assert _cli(["disable", "siti"], empty_db, audit_file=log).returncode == 0
    listing = _cli(["list"], empty_db)
    assert listing.returncode == 0 and "siti" in listing.stdout and "tidak" in listing.stdout
    assert accounts.authenticate("siti", secret) is None  # disabled
    assert _cli(["disable", "tidak_ada"], empty_db).returncode == 1
    text = log.read_text()
    assert '"event": "user_created"' in text and '"event": "user_disabled"' in text and secret not in text
    for out in (done.stdout + done.stderr, listing.stdout):
        assert secret not in out


def test_aut008_etl_runs_and_ingests_are_audited(empty_db, tmp_path, monkeypatch):
    from etl import runner

    log = tmp_path / "audit.jsonl"
    audit.configure(str(log))  # as `python -m etl` does with its AUDIT_LOG setting
    file = tmp_path / "kiriman.csv"
    file.write_text("kode_indikator,kode_wilayah,periode,nilai\nipm,6472,2024,80.1\nipm,9999,2024,1\n")
    runner.prepare(empty_db)
    result = runner.ingest(file, url=empty_db)
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert events[-1]["event"] == "etl_ingest" and events[-1]["run_id"] == result.run_id
    assert events[-1]["rows_read"] == 2 and events[-1]["rows_rejected"] == 1 and events[-1]["file"] == str(file)
    assert events[-1]["via"] == "cli" and events[-1]["actor"]


@pytest.mark.parametrize("end", ["sign_out", "new_password"])
def test_aut010_a_copied_session_ends_with_sign_out_and_a_new_password(web, accounts_db, end):
    """A cookie copied from a signed-in browser opens nothing once its owner signs out or gets a new password."""
    name = f"uji_salin_{end}"
    if name not in {u["username"] for u in accounts.list_users(url=accounts_db)}:
        accounts.create_user(name, PASSWORD, "analyst", url=accounts_db)
    accounts.set_password(name, PASSWORD, url=accounts_db)
    token = csrf(web)
    web.post("/auth/masuk", data={"username": name, "password": PASSWORD, "csrf_token": token})
    assert web.get("/unduh/mentah/ipm.csv").status_code == 200
    thief = web.application.test_client()
    thief.set_cookie("portal", web.get_cookie("portal").value)
    assert thief.get("/unduh/mentah/ipm.csv").status_code == 200  # the copy works while the session lives
    if end == "sign_out":
        web.post("/auth/keluar", data={"csrf_token": csrf(web)})
    else:
        accounts.set_password(name, "kata-sandi-baru-456", url=accounts_db)
    assert thief.get("/unduh/mentah/ipm.csv").status_code == 401


def test_aut011_an_agency_role_names_a_known_agency(accounts_db):
    with pytest.raises(accounts.AccountError, match="--agency"):
        accounts.create_user("uji_tanpa_instansi", PASSWORD, "produsen", url=accounts_db)
    with pytest.raises(accounts.AccountError, match="tidak dikenal"):
        accounts.create_user("uji_instansi_asing", PASSWORD, "produsen", agency="tidak-ada", url=accounts_db)
    with pytest.raises(accounts.AccountError, match="tidak terikat"):
        accounts.create_user("uji_viewer_instansi", PASSWORD, "viewer", agency="dpmptsp", url=accounts_db)
    server = web_app(accounts_db).server
    with server.test_request_context("/"):
        server.preprocess_request()
        login_user(accounts.authenticate("uji_produsen", PASSWORD))
        assert reader.current() == Reader("produsen", "id", "dpmptsp")


def test_aut012_the_sign_in_limit_is_shared_by_every_worker_and_keyed_on_the_forwarded_address(accounts_db, tmp_path):
    """Two apps (two workers, or two servers on one database) count the same attempts; behind a proxy the
    count follows the client's forwarded address, not the proxy's."""
    first = web_app(accounts_db, trusted_proxies=1).server
    second = web_app(accounts_db, trusted_proxies=1).server
    with using(accounts_db):
        first.extensions["portal_limiter"].reset()
    clients = [first.test_client(), second.test_client()]
    behind = {"X-Forwarded-For": "203.0.113.7"}
    for i in range(auth.LOGIN_LIMIT_PER_MINUTE):
        client = clients[i % 2]
        answer = client.post("/auth/masuk", data={"username": "uji_viewer", "csrf_token": csrf(client)}, headers=behind)
        assert answer.headers["Location"].startswith("/masuk?galat=1")  # a wrong password, counted
    for client in clients:  # the eleventh attempt is refused on either worker
        answer = client.post("/auth/masuk", data={"username": "uji_viewer", "csrf_token": csrf(client)}, headers=behind)
        assert answer.headers["Location"] == "/masuk?galat=batas"
    # Another client behind the same proxy still has its own window.
    other = clients[0].post(
        "/auth/masuk",
        data={"username": "uji_viewer", "csrf_token": csrf(clients[0])},
        headers={"X-Forwarded-For": "198.51.100.9"},
    )
    assert other.headers["Location"].startswith("/masuk?galat=1")
