"""Sign-in and sessions: Flask-Login, the sign-in and sign-out views, the anti-forgery token, the rate limit.

Sign-in attempts are rate-limited per client address with Flask-Limiter, counted where every worker and server
sees the same count (web/ratelimit.py); behind TRUSTED_PROXIES proxies the client address is the forwarded one. The accounts themselves (table, hashing, operations) are in portal/accounts.py.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from datetime import timedelta
from urllib.parse import quote, unquote, urlparse

from flask import Flask, abort, redirect, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user, login_user, logout_user
from sqlalchemy.exc import SQLAlchemyError

from portal import accounts, audit
from portal.settings import Settings
from web import offline, ratelimit

log = logging.getLogger(__name__)
LOGIN_LIMIT_PER_MINUTE = 10
LOGIN_LIMIT = f"{LOGIN_LIMIT_PER_MINUTE} per minute;50 per hour"
CSRF_KEY = "_csrf"
VERSION_KEY = "_v"  # the account's session_version when this session signed in
SESSION_HOURS = 10  # one working day


# --- sessions ------------------------------------------------------------------------------------


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, with the Secure flag whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def csrf_token() -> str:
    """The session's anti-forgery token for the sign-in and sign-out forms."""
    if CSRF_KEY not in session:
        session[CSRF_KEY] = secrets.token_urlsafe(32)
    return session[CSRF_KEY]


def check_csrf() -> None:
    """Stop a form post (400, audited) whose anti-forgery token is not the session's."""
    sent = request.form.get("csrf_token", "")
    if not sent or not hmac.compare_digest(sent, session.get(CSRF_KEY, "")):
        audit.event("csrf_rejected", outcome="refused", path=request.path)
        abort(400, description="csrf")


def safe_next(target: str | None) -> str:
    r"""Only a path on this site may follow sign-in or a language switch; anything else becomes "/".

    Browsers read a backslash as a slash and drop tabs and newlines, so "/\\evil", "/\t/evil" and their
    percent-encoded forms reach another host as "//evil". The target is judged after decoding (repeatedly:
    "%255C" is "%5C" is a backslash); it must start with exactly one slash and hold no backslash or control
    character.
    """
    text = target or "/"
    decoded, previous = text, None
    while decoded != previous:
        previous, decoded = decoded, unquote(decoded)
    for form in (text, decoded):
        if not form.startswith("/") or form.startswith("//") or "\\" in form:
            return "/"
        if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in form):
            return "/"
    parsed = urlparse(text)
    if parsed.scheme or parsed.netloc:
        return "/"
    return (parsed.path or "/") + (f"?{parsed.query}" if parsed.query else "")


def login_view():
    """POST /auth/masuk: check the form, start a fresh session, go where the reader was heading."""
    check_csrf()
    username = request.form.get("username", "")[:64]
    target = safe_next(request.form.get("next"))
    try:
        account = accounts.authenticate(username, request.form.get("password", ""))
    except SQLAlchemyError:
        log.exception("sign-in: database error")
        return redirect(f"/masuk?galat=db&next={quote(target)}", code=303)
    if account is None:
        audit.event("login_failed", outcome="refused", actor=None, username=username.strip().lower())
        return redirect(f"/masuk?galat=1&next={quote(target)}", code=303)
    session.clear()  # a new session on sign-in: no fixation of a pre-login session
    session.permanent = True  # ends after SESSION_HOURS, even if the browser stays open
    # A fresh anti-forgery token now, not on the next page: concurrent requests of that page would each make
    # their own and the form could carry one the cookie no longer holds.
    session[CSRF_KEY] = secrets.token_urlsafe(32)
    login_user(account)
    session[VERSION_KEY] = account.session_version
    accounts.record_login(account)
    audit.event("login", actor=account.username, role=account.role)
    return redirect(target, code=303)


def logout_view():
    """POST /auth/keluar: end the session."""
    check_csrf()
    name = current_user.username if current_user.is_authenticated else None
    if current_user.is_authenticated:
        accounts.end_sessions(current_user.id)  # a copy of this cookie no longer opens the account
    logout_user()
    session.clear()
    if name:
        audit.event("logout", actor=name)
    response = redirect("/", code=303)
    # Nothing the reader saw stays in this browser: the offline worker and its copies, local storage (web/offline.py).
    response.headers["Clear-Site-Data"] = offline.CLEAR_ON_SIGN_OUT
    return response


def rate_limited(limit):
    """The answer to too many sign-in attempts, in plain language."""
    audit.event("login_rate_limited", outcome="refused", limit=str(limit.limit))
    return redirect("/masuk?galat=batas", code=303)


def load_session_account(user_id: str) -> accounts.Account | None:
    """Flask-Login's user loader: the account, if this session was made after its last sign-out or new password."""
    account = accounts.load_account(user_id)
    if account is None or session.get(VERSION_KEY) != account.session_version:
        return None
    return account


def init_app(server: Flask, settings: Settings) -> None:
    """Sessions, the user loader, the sign-in routes and their rate limit (counted in Redis when REDIS_URL is set,
    else in the database: every worker and server shares the count)."""
    server.session_interface = SessionInterface()
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="portal",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
        # Written only when it changes: a response never overwrites what a concurrent one just stored, and
        # the session ends SESSION_HOURS after sign-in however active the reader is.
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    manager = LoginManager()
    manager.user_loader(load_session_account)
    manager.session_protection = "basic"
    manager.init_app(server)
    storage = settings.redis_url or f"{ratelimit.DatabaseStorage.STORAGE_SCHEME[0]}://"
    limiter = Limiter(get_remote_address, app=server, storage_uri=storage, strategy="fixed-window")
    server.extensions["portal_limiter"] = limiter
    limited = limiter.limit(LOGIN_LIMIT, methods=["POST"], on_breach=rate_limited)(login_view)
    server.add_url_rule("/auth/masuk", "login", limited, methods=["POST"])
    server.add_url_rule("/auth/keluar", "logout", logout_view, methods=["POST"])
