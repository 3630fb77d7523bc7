"""Accounts for the tests that sign in: one per role, a signed-in test client, gunicorn for the request-level ones."""

from __future__ import annotations

import json
import re

from portal import accounts
from web import auth

PASSWORD = "kata-sandi-uji-123"
ROLE_USERS = {role: f"uji_{role}" for role in accounts.ROLES}
AGENCY = "dpmptsp"  # an agency of the bundled application directory, for the agency roles


def csrf(client) -> str:
    """The anti-forgery token of the client's session (set as the login page would)."""
    with client.session_transaction() as session:
        session.setdefault(auth.CSRF_KEY, "token-for-tests-0123456789")
        return session[auth.CSRF_KEY]


def sign_in(client, role: str | None, password: str = PASSWORD):
    """Sign a test client in as the account of a role (None: stay anonymous); returns the response."""
    if role is None:
        return None
    return client.post(
        "/auth/masuk", data={"username": ROLE_USERS[role], "password": password, "csrf_token": csrf(client)}
    )


def audit_events(client) -> list[dict]:
    path = client.audit_file
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def ensure_user(url: str, username: str, password: str, role: str, full_name: str, agency: str | None = None) -> str:
    """An account on a database that tests share (a session's live server): made once, found by later modules."""
    if username not in {u["username"] for u in accounts.list_users(url=url)}:
        accounts.create_user(username, password, role, full_name, agency=agency, url=url)
    return username


def csrf_in(body: str) -> str | None:
    found = re.search(r'"value":"([^"]+)","type":"hidden","name":"csrf_token"', body)
    return found.group(1) if found else None


def stop_server(proc) -> None:
    """Stop a gunicorn started by the tests: its quick shutdown (SIGINT; SIGTERM would wait for idle keep-alive
    connections up to the graceful timeout), then SIGKILL if it has not exited in 20 s (a loaded machine)."""
    import signal
    import subprocess

    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=20)


def serve(database_url: str, extra_env: dict | None = None, *, healthy: bool = True):
    """gunicorn (2 workers, the app built once before they fork as deploy/gunicorn.conf.py does) on a free port;
    returns (process, base URL) once /healthz answers 200 or, with healthy=False, once it answers at all (a 503
    counts: the database may be down)."""
    import os
    import subprocess
    import sys
    import tempfile
    import time
    import urllib.error
    import urllib.request
    from pathlib import Path

    from portal.settings import ROOT
    from tests.conftest import free_port

    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, **(extra_env or {})}
    command = [sys.executable, "-m", "gunicorn", "--no-control-socket", "--preload", "-w", "2"]
    command += ["-b", f"127.0.0.1:{port}"]
    log_path = tempfile.mkstemp(prefix="gunicorn-", suffix=".log")[1]
    # A file, not a pipe: a pipe nobody reads fills up with log lines and blocks the workers.
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [*command, "--timeout", "60", "app:create_app()"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log
        )
    proc.log_path = log_path
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return proc, base
        except urllib.error.HTTPError:
            if not healthy:
                return proc, base
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(Path(log_path).read_text()) from None
        time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError(f"gunicorn did not start: {Path(log_path).read_text()[-2000:]}")


def restricted_markers() -> list[str]:
    """Codes and names (both languages) of every `terbatas` indicator in the catalogue."""
    import csv

    from portal.settings import DATA_DIR

    with open(DATA_DIR / "reference" / "indicators.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["classification"] == "terbatas"]
    assert rows, "the catalogue has no restricted indicator to test with"
    return [value for r in rows for value in (r["code"], r["name_id"], r["name_en"])]
