"""Plain Flask routes beside the pages: `/healthz`, the language switch, and the request's database.

The database binding comes first among the request hooks: everything after it (the response cache's data
version, the sign-in, the pages) reads the database of the app's settings.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from urllib.parse import urlparse

from flask import Flask, g, jsonify, make_response, redirect, request, send_from_directory
from sqlalchemy.exc import SQLAlchemyError

from portal import db, queries
from portal.i18n import LANGS
from portal.settings import ROOT, Settings
from web import light
from web.auth import safe_next
from web.reader import COOKIE

log = logging.getLogger(__name__)


def healthz():
    """Database reachable, last successful load and data age, as JSON; 503 when the database is down."""
    try:
        queries.ping()
        loaded = queries.last_load()
    except SQLAlchemyError as err:
        log.error("healthz: database unreachable: %s", err)
        return jsonify(status="error", database=False, error="database unreachable"), 503
    age = (datetime.now(UTC).replace(tzinfo=None) - loaded).total_seconds() if loaded else None
    return jsonify(
        status="ok",
        database=True,
        last_load=loaded.isoformat() if loaded else None,
        data_age_seconds=round(age) if age is not None else None,
    )


def _remembered(name: str, value: str | None):
    """Remember `value` in cookie `name` for a year (none: nothing) and go back to the page the reader came from
    (on this site only)."""
    back = urlparse(request.referrer or "/")
    same_site = not back.netloc or back.netloc == request.host
    target = safe_next(back.path + (f"?{back.query}" if back.query else "")) if same_site else "/"
    response = make_response(redirect(target, code=303))
    if value is not None:
        response.set_cookie(
            name, value, max_age=365 * 24 * 3600, samesite="Lax", httponly=True, secure=request.is_secure
        )
    return response


def set_language(code: str):
    """The reader's language, remembered."""
    return _remembered(COOKIE, code if code in LANGS else None)


def set_light(state: str):
    """Light mode switched on (/ringan/on) or off (/ringan/off) by the reader, remembered over a slow link's own
    choice."""
    return _remembered(light.COOKIE, {"on": "1", "off": "0"}.get(state))


def favicon():
    """The portal's icon where browsers look for it without a page (a JSON answer, a bookmark): /favicon.ico."""
    return send_from_directory(ROOT / "assets", "favicon.ico", mimetype="image/x-icon", max_age=86400)


def bind_database(server: Flask, settings: Settings) -> None:
    """Every request of this app reads the database its settings name (register before the other hooks)."""

    @server.before_request
    def _bind():
        g.portal_db_token = db.bind(settings.database_url)

    @server.teardown_request
    def _unbind(_exc):
        token = g.pop("portal_db_token", None)
        if token is not None:
            db.unbind(token)


def init_app(server: Flask) -> None:
    server.add_url_rule("/healthz", "healthz", healthz)
    server.add_url_rule("/lang/<code>", "set_language", set_language)
    server.add_url_rule("/ringan/<state>", "set_light", set_light)
    server.add_url_rule("/favicon.ico", "favicon", favicon)
