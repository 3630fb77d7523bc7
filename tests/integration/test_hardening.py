"""Headers, production mode, request limits and plain-language errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from bench.dash_requests import PAGES_OUTPUT, lazy_chart_body, lazy_charts, page_body
from portal import accounts
from portal.params import MAX_ITEMS
from portal.settings import ROOT, Settings
from tests.accounts import PASSWORD, csrf, sign_in
from tests.conftest import web_app
from web import security

pytestmark = pytest.mark.security

CALLBACK = "/_dash-update-component"


def test_hrd001_security_headers_on_pages_and_callbacks(web):
    for response in (web.get("/"), web.get("/_dash-layout"), web.post(CALLBACK, json=page_body("/"))):
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "object-src 'none'" in csp
        assert "'unsafe-eval'" not in csp and "script-src 'self' 'sha256-" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["X-Frame-Options"] == "DENY"
        # An anonymous reader's pages may stay in the browser (the offline worker keeps them), never in a shared cache.
        assert headers["Cache-Control"] == "private, no-cache"
    assert web.get("/masuk").headers["Cache-Control"] == "no-store"  # a form with its anti-forgery token
    assert web.get("/healthz").headers["Cache-Control"] == "no-store"
    sign_in(web, "analyst")
    for response in (web.get("/"), web.get("/_dash-layout"), web.post(CALLBACK, json=page_body("/"))):
        assert response.headers["Cache-Control"] == "no-store"  # a signed-in reader's: never kept
    response = web.post("/auth/keluar", data={"csrf_token": csrf(web)})
    assert response.headers["Clear-Site-Data"] == '"storage"'  # not "cache": Chromium stalls on it for seconds


def test_hrd002_secure_cookie_over_https(web):
    from tests.accounts import PASSWORD
    from web.auth import CSRF_KEY

    https = "https://portal.example"
    with web.session_transaction(base_url=https) as session:
        session[CSRF_KEY] = "token-over-https-0123456789"
    response = web.post(
        "/auth/masuk",
        data={"username": "uji_viewer", "password": PASSWORD, "csrf_token": "token-over-https-0123456789"},
        base_url=https,
    )
    assert response.status_code == 303 and response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert web.get("/", base_url=https).headers["Strict-Transport-Security"]


def _start(env_extra: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "PORTAL_ENV")}
    return subprocess.run(
        [sys.executable, "-c", "import app; app.create_app()"],
        cwd=ROOT,
        env={**env, **env_extra},
        capture_output=True,
        text=True,
    )


def test_hrd003_production_refuses_to_start_without_secret_key():
    refused = _start({"PORTAL_ENV": "production"})  # the app's process itself stops with the sentence
    assert refused.returncode != 0 and "PORTAL_ENV=production needs SECRET_KEY" in refused.stderr
    # The same check create_app runs, for the other settings (a process each would only repeat the import).
    with pytest.raises(security.ConfigurationError, match="needs SECRET_KEY"):
        security.check_settings(Settings.from_env(portal_env="production", secret_key="short"))
    with pytest.raises(security.ConfigurationError, match="not 'prod'"):
        security.check_settings(Settings.from_env(portal_env="prod"))
    security.check_settings(Settings.from_env(portal_env="production", secret_key="x" * 40))


def test_hrd004_never_serve_with_a_known_key(accounts_db, tmp_path):
    """No built-in key: without SECRET_KEY an installation makes its own random one; production needs SECRET_KEY."""
    with pytest.raises(security.ConfigurationError):
        security.check_settings(Settings.from_env(portal_env="production", secret_key="dev-only-not-secret"))
    key_file = tmp_path / "config" / "secret-key"
    first = web_app(accounts_db, secret_key="", secret_key_file=str(key_file)).server
    second = web_app(accounts_db, secret_key="", secret_key_file=str(key_file)).server
    assert first.secret_key == second.secret_key == key_file.read_text().strip()  # every worker agrees
    assert len(first.secret_key) == 64 and key_file.stat().st_mode & 0o777 == 0o600
    other = web_app(accounts_db, secret_key="", secret_key_file=str(tmp_path / "other" / "secret-key")).server
    assert other.secret_key != first.secret_key  # another installation, another key
    # A session cookie forged with the key older versions served with opens nothing.
    with first.test_request_context("/"):
        forged_app = Flask("forger")
        forged_app.secret_key = "dev-only-not-secret"
        walidata = next(u for u in accounts.list_users(url=accounts_db) if u["username"] == "uji_walidata")
        ident = accounts.authenticate("uji_walidata", PASSWORD, url=accounts_db).id
        forged = (
            SecureCookieSessionInterface()
            .get_signing_serializer(forged_app)
            .dumps({"_user_id": str(ident), "_fresh": True, "_v": 0})
        )
    assert walidata["role"] == "walidata"
    client = first.test_client()
    client.set_cookie("portal", forged)
    assert client.get("/unduh/mentah/ipm.csv").status_code == 401


def _tampered() -> dict[str, object]:
    good = page_body("/")
    nested: list = [1]
    for _ in range(40):
        nested = [nested]
    return {
        "not json": "{{{",
        "a list": [1, 2, 3],
        "unknown output": {**good, "output": "nothing.children"},
        "output of wrong type": {**good, "output": ["x"]},
        "missing inputs": {k: v for k, v in good.items() if k != "inputs"},
        "inputs not a list": {**good, "inputs": "x"},
        "unknown input id": {**good, "inputs": [{"id": "x", "property": "pathname", "value": "/"}, good["inputs"][1]]},
        "10,000 items": {**good, "inputs": [{**good["inputs"][0], "value": ["a"] * 10_000}, good["inputs"][1]]},
        "deep nesting": {**good, "inputs": [{**good["inputs"][0], "value": nested}, good["inputs"][1]]},
        "changedPropIds of wrong type": {**good, "changedPropIds": {"a": 1}},
        "outputs of wrong length": {**good, "outputs": [good["outputs"][0]]},
    }


@pytest.mark.parametrize("name", list(_tampered()))
def test_hrd005_tampered_callback_requests_get_a_handled_400(web, name):
    body = _tampered()[name]
    if isinstance(body, str):
        response = web.post(CALLBACK, data=body, content_type="application/json")
    else:
        response = web.post(CALLBACK, json=body)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    payload = response.get_json()
    assert payload["error"] == "Permintaan tidak valid." and "Traceback" not in response.get_data(as_text=True)


def test_hrd006_oversized_body_gets_413(web):
    body = b'{"output": "' + b"x" * (security.MAX_BODY_BYTES + 10) + b'"}'
    response = web.post(CALLBACK, data=body, content_type="application/json")
    assert response.status_code == 413 and response.get_json()["error"] == "Permintaan terlalu besar."
    assert MAX_ITEMS < 10_000


def test_hrd007_errors_are_plain_and_logged(web, caplog):
    page = web.post("/healthz", headers={"Accept": "text/html"})
    assert page.status_code == 405 and "Metode permintaan tidak diizinkan" in page.get_data(as_text=True)
    missing = web.get("/_dash-component-suites/dash/tidak-ada.js")
    assert missing.status_code == 404 and "Traceback" not in missing.get_data(as_text=True)
    response = web.post(CALLBACK, json={**page_body("/"), "output": PAGES_OUTPUT + "x"})
    assert response.status_code == 400


def test_hrd008_unexpected_error_is_a_plain_500_with_a_reference(web, caplog, monkeypatch):
    from portal import queries

    def broken():
        raise ZeroDivisionError("secret internal detail")

    monkeypatch.setattr(queries, "ping", broken)
    response = web.get("/healthz", headers={"Accept": "text/html"})
    text = response.get_data(as_text=True)
    assert response.status_code == 500 and "secret internal detail" not in text and "Traceback" not in text
    assert "Terjadi kesalahan di server" in text and "Kode rujukan" in text
    assert "secret internal detail" in caplog.text


def test_hrd020_a_body_nested_past_the_parser_is_a_400(web):
    """1,000 levels of nesting make Python's JSON parser give up: a clear 400, never a 500."""
    deep = "[" * 1000 + "]" * 1000
    body = json.dumps(page_body("/")).replace('"state": []', f'"state": {deep}')
    answer = web.post("/_dash-update-component", data=body, content_type="application/json")
    assert answer.status_code == 400


def test_hrd021_a_lazy_chart_is_drawn_only_as_its_page_draws_it_for_the_reader(web):
    page = json.loads(web.post(CALLBACK, json=page_body("/sektor/kemiskinan")).data)
    wanted = lazy_charts(page)
    # 3 headline rankings and the trend (the default view's ranking would repeat one of them: left out)
    assert len(wanted) == 4 and all(w["address"].startswith("/sektor/kemiskinan?") for w in wanted)
    drawn = web.post(CALLBACK, json=lazy_chart_body(wanted[0]))
    assert drawn.status_code == 200 and '"figure"' in drawn.get_data(as_text=True)
    for bad in ({"chart": "tidak-ada"}, {"address": "/masuk/x"}, {"address": "/sektor/a/b"}, {"address": 7}):
        answer = web.post(CALLBACK, json=lazy_chart_body({**wanted[0], **bad}))
        assert answer.status_code == 400 and "error" in answer.get_json()
    # A restricted indicator named in the address is not drawn for an anonymous reader (the page's own reading).
    other = {**wanted[-1], "address": "/sektor/investasi?indikator=investasi_proyek"}
    answer = web.post(CALLBACK, json=lazy_chart_body(other)).get_data(as_text=True)
    assert "investasi_proyek" not in answer and "Proyek Investasi" not in answer
