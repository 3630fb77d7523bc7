"""The reader of the current web request: role (Flask-Login), language (cookie, else the configured default).

Pages ask `current()` for a portal.access.Reader and hand it to the page state; Flask views guard
themselves with `require(permission)`.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, current_app, has_request_context, request
from flask_login import current_user

from portal import audit
from portal.access import ANONYMOUS, ROLES, Reader
from portal.i18n import LANGS
from portal.settings import Settings

COOKIE = "lang"


def role() -> str | None:
    """The signed-in reader's role, or None for an anonymous reader (or outside a request)."""
    if not has_request_context():
        return None
    user = current_user
    if user is None or not user.is_authenticated:
        return None
    found = getattr(user, "role", None)
    return found if found in ROLES else None


def lang() -> str:
    """The reader's language: the cookie, else the app's configured default."""
    if not has_request_context():
        return ANONYMOUS.lang
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGS:
        return chosen
    settings = current_app.config.get("PORTAL_SETTINGS")
    default = settings.portal_lang if settings is not None else ANONYMOUS.lang
    return default if default in LANGS else ANONYMOUS.lang


def current() -> Reader:
    """The reader of this request (anonymous outside one)."""
    found = role()
    agency = getattr(current_user, "agency", None) if found else None
    return Reader(found, lang(), agency)


def check(permission: str) -> None:
    """Stop a request (401 anonymous, 403 signed in) unless the reader holds the permission; audited."""
    reader = current()
    if not reader.can(permission):
        audit.event("access_denied", outcome="refused", permission=permission)
        abort(403 if reader.role else 401)


def require(permission: str):
    """Decorator for Flask views: 403 unless the reader holds the permission (401 when anonymous)."""

    def wrap(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            check(permission)
            return view(*args, **kwargs)

        return guarded

    return wrap


def actor() -> tuple[str | None, str | None]:
    """(user name, client address) of the current request for the audit trail; (None, None) outside one."""
    if not has_request_context():
        return None, None
    user = current_user.get_id() and getattr(current_user, "username", None)
    return user, request.remote_addr


def settings() -> Settings:
    """The settings of the app serving this request (the registry's, outside one)."""
    if has_request_context():
        found = current_app.config.get("PORTAL_SETTINGS")
        if found is not None:
            return found
    return Settings.from_env()
