"""The audit trail: one JSON line per security-relevant event (who, what, when, from where).

Events: logins, failed logins, logouts, refused requests, user changes, ETL runs and ingests, and every step of a
delivery (sent, taken up, approved, published, returned; etl/workflow.py). They go
to the `portal.audit` logger; `AUDIT_LOG` names a file to append them to (default: standard error,
where gunicorn and systemd collect them). Passwords and other secrets are never passed here.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from portal.settings import Settings
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


def configure(target: str) -> None:
    """Append the audit trail to the file `target` (empty: standard error); the app and the CLIs call this once
    with their settings' AUDIT_LOG (again when it changes, as tests do)."""
    global _configured
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


def _no_request() -> tuple[str | None, str | None]:
    return None, None


# (user name, client address) of the current request; the web app installs its own (web/app wiring).
_request_actor: Callable[[], tuple[str | None, str | None]] = _no_request


def set_request_actor(source: Callable[[], tuple[str | None, str | None]]) -> None:
    """Where events find the signed-in user and the client address (the web layer's request)."""
    global _request_actor
    _request_actor = source


def _process_actor() -> str:
    """Who runs a command-line process: the OS account (cron, a walidata's shell)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid:{os.getuid()}"


def event(action: str, *, actor: str | None = None, outcome: str = "ok", **fields: object) -> dict:
    """Record one audit event and return it; `actor` defaults to the signed-in user or the OS account."""
    if _configured is None:
        configure(Settings.from_env().audit_log)
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
        outcome={RunStatus.BERHASIL: "ok", RunStatus.SEBAGIAN: "partial", RunStatus.DRAF: "draft"}.get(
            result.status, "failed"
        ),
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
