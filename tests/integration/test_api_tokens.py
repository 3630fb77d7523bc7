"""API tokens from the command line: an admin creates one (printed once, only its digest stored), lists and revokes
it; the token reads the API with its role, with the secret key the web app signs with, until it is revoked."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from portal.api_tokens import ApiToken
from portal.db import get_engine
from portal.settings import ROOT
from tests.conftest import web_app

pytestmark = pytest.mark.security

SECRET = "kunci-rahasia-portal-uji-" + "k" * 20


def _cli(args, url, audit_file=None, secret=SECRET):
    env = {**os.environ, "DATABASE_URL": url, "AUDIT_LOG": str(audit_file or ""), "SECRET_KEY": secret}
    return subprocess.run(
        [sys.executable, "-m", "portal.tokens", *args], capture_output=True, text=True, cwd=ROOT, env=env
    )


def test_tok001_created_listed_used_and_revoked(loaded_copy, tmp_path):

    log = tmp_path / "audit.jsonl"
    made = _cli(["create", "Dasbor Bappeda", "--role", "analyst", "--days", "30", "--rate", "50"], loaded_copy, log)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    assert token.startswith("kt1.")
    with get_engine(loaded_copy).connect() as conn:
        stored = conn.execute(select(ApiToken.digest, ApiToken.role, ApiToken.rate_per_minute)).one()
    assert token not in stored.digest and (stored.role, stored.rate_per_minute) == ("analyst", 50)
    listing = _cli(["list"], loaded_copy)
    assert listing.returncode == 0 and "Dasbor Bappeda" in listing.stdout and "aktif" in listing.stdout
    assert token not in listing.stdout

    client = web_app(loaded_copy, secret_key=SECRET).server.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/indicators/investasi_proyek", headers=auth).status_code == 200
    assert client.get("/api/v1/indicators/investasi_proyek").status_code == 404  # anonymous
    other_key = web_app(loaded_copy, secret_key="another-" + "x" * 40).server.test_client()
    assert other_key.get("/api/v1/indicators", headers=auth).status_code == 401  # a new SECRET_KEY ends tokens

    token_id = listing.stdout.splitlines()[1].split()[0]
    assert _cli(["revoke", token_id], loaded_copy, log).returncode == 0
    assert client.get("/api/v1/indicators", headers=auth).status_code == 401
    text = log.read_text()
    assert '"event": "api_token_created"' in text and '"event": "api_token_revoked"' in text
    assert token not in text


def test_tok002_bad_requests_change_nothing(loaded_copy):

    assert _cli(["create", "x", "--role", "raja"], loaded_copy).returncode == 2
    assert _cli(["create", "x", "--role", "produsen"], loaded_copy).returncode == 1  # an agency role names its agency
    assert _cli(["create", "x", "--role", "produsen", "--agency", "tidak-ada"], loaded_copy).returncode == 1
    assert _cli(["create", "x", "--role", "viewer", "--rate", "0"], loaded_copy).returncode == 1
    assert _cli(["revoke", "999"], loaded_copy).returncode == 1
    with get_engine(loaded_copy).connect() as conn:
        assert conn.execute(select(ApiToken.id)).all() == []
    assert _cli(["create", "Produsen Dinkes", "--role", "produsen", "--agency", "dinkes"], loaded_copy).returncode == 0
