"""The audit trail: one JSON line per security-relevant event (who, what, when, from where).

Events: logins, failed logins, logouts, refused requests, user changes, ETL runs and ingests. They go
to the `portal.audit` logger; `AUDIT_LOG` names a file to append them to (default: standard error,
where gunicorn and systemd collect them). Passwords and other secrets are never passed here.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import threading
from datetime import UTC, datetime

from portal.config import load_settings
from portal.vocab import RunStatus

log = logging.getLogger("portal.audit")
_lock = threading.Lock()
_configured: str | None = None
# Field names that must never reach the audit trail, whatever a caller passes.
_SECRET_FIELDS = {"password", "password_hash", "secret", "token", "csrf"}


class JsonLines(logging.Formatter):
    """Formats a record's `event` dict as one JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(getattr(record, "event", {"message": record.getMessage()}), ensure_ascii=False, default=str)


def _ensure_handler() -> None:
    """Attach the JSON-lines handler once per process (and again if AUDIT_LOG changes, as in tests)."""
    global _configured
    target = load_settings().AUDIT_LOG
    if _configured == target:
        return
    with _lock:
        if _configured == target:
            return
        for handler in list(log.handlers):
            log.removeHandler(handler)
            handler.close()
        handler = logging.FileHandler(target, encoding="utf-8") if target else logging.StreamHandler()
        handler.setFormatter(JsonLines())
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
        _configured = target


def _request_actor() -> tuple[str | None, str | None]:
    """(user name, client address) inside a web request; (None, None) elsewhere."""
    try:
        from flask import has_request_context, request
        from flask_login import current_user
    except ImportError:  # pragma: no cover - both ship with the app
        return None, None
    if not has_request_context():
        return None, None
    user = current_user.get_id() and getattr(current_user, "username", None)
    return user, request.remote_addr


def _process_actor() -> str:
    """Who runs a command-line process: the OS account (cron, a walidata's shell)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid:{os.getuid()}"


def event(action: str, *, actor: str | None = None, outcome: str = "ok", **fields: object) -> dict:
    """Record one audit event and return it; `actor` defaults to the signed-in user or the OS account."""
    _ensure_handler()
    web_user, address = _request_actor()
    record = {
        "ts": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "event": action,
        "outcome": outcome,
        "actor": actor or web_user or (None if address else _process_actor()),
        "via": "web" if address else "cli",
    }
    if address:
        record["ip"] = address
    record.update({k: v for k, v in fields.items() if k not in _SECRET_FIELDS})
    log.info(action, extra={"event": record})
    return record


def etl_run(result, *, command: str = "run", actor: str | None = None, **fields: object) -> dict:
    """Record one source's ETL run (an `etl.load.RunResult`): the nightly job, an ingest, a bootstrap."""
    return event(
        f"etl_{command}",
        actor=actor,
        outcome={RunStatus.BERHASIL: "ok", RunStatus.SEBAGIAN: "partial"}.get(result.status, "failed"),
        source=result.source,
        run_id=result.run_id,
        status=result.status,
        rows_read=result.read,
        rows_loaded=result.loaded,
        rows_unchanged=result.unchanged,
        rows_rejected=result.rejected,
        error=result.error,
        **fields,
    )
