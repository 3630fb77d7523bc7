"""Accounts and sessions: the user table, password hashing, Flask-Login, sign-in and sign-out.

Roles are ordered viewer < analyst < walidata < admin (what each may do is in portal.access).
Passwords are hashed with werkzeug.security (scrypt) and never logged; sign-in attempts are
rate-limited per client address with Flask-Limiter (in-memory storage: one count per worker).
"""

from __future__ import annotations

import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, unquote, urlparse

from flask import Flask, abort, redirect, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from sqlalchemy import Boolean, DateTime, Integer, String, func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from portal import audit
from portal.db import get_engine
from portal.models import Base
from portal.vocab import Role

log = logging.getLogger(__name__)
ROLES = tuple(Role)  # in order: each role includes the ones before it
MIN_PASSWORD = 10
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")
LOGIN_LIMIT_PER_MINUTE = 10
LOGIN_LIMIT = f"{LOGIN_LIMIT_PER_MINUTE} per minute;50 per hour"
CSRF_KEY = "_csrf"
SESSION_HOURS = 10  # one working day
# Checked against when the user does not exist, so a wrong name costs as much time as a wrong password.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


class User(Base):
    """A portal account (`user` is a reserved word in PostgreSQL, hence app_user)."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(12))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)


@dataclass(frozen=True)
class Account(UserMixin):
    """The signed-in reader as Flask-Login sees it: a plain value, never an ORM object."""

    id: int
    username: str
    full_name: str
    role: str
    active: bool = True

    def get_id(self) -> str:
        return str(self.id)

    @property
    def is_active(self) -> bool:
        return self.active


class AccountError(ValueError):
    """A user-management request that cannot be done; the message is shown as is."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _account(row) -> Account:
    return Account(row.id, row.username, row.full_name, row.role, row.active)


def check_username(username: str) -> str:
    """A user name: 3–64 characters, lower-case letters, digits, dot, dash, underscore."""
    name = (username or "").strip().lower()
    if not 3 <= len(name) <= 64 or not set(name) <= USERNAME_CHARS:
        raise AccountError("Nama pengguna 3–64 karakter: huruf kecil, angka, titik, minus, garis bawah.")
    return name


def check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"Kata sandi minimal {MIN_PASSWORD} karakter.")
    return password


def create_user(username: str, password: str, role: str, full_name: str = "", *, url: str | None = None) -> Account:
    """Add an account; the password is stored only as a salted scrypt hash."""
    if role not in ROLES:
        raise AccountError(f"Peran tidak dikenal: {role!r} (pilih {', '.join(ROLES)}).")
    name = check_username(username)
    row = {
        "username": name,
        "full_name": full_name.strip()[:120],
        "password_hash": generate_password_hash(check_password(password)),
        "role": role,
        "active": True,
        "created_at": _now(),
    }
    try:
        with get_engine(url).begin() as conn:
            new_id = conn.execute(User.__table__.insert().values(**row)).inserted_primary_key[0]
    except IntegrityError as err:
        raise AccountError(f"Pengguna {name!r} sudah ada.") from err
    audit.event("user_created", target=name, role=role)
    return Account(new_id, name, row["full_name"], role)


def set_active(username: str, active: bool, *, url: str | None = None) -> None:
    """Disable (or re-enable) an account; a disabled account's sessions stop at their next request."""
    name = check_username(username)
    with get_engine(url).begin() as conn:
        changed = conn.execute(update(User).where(User.username == name).values(active=active)).rowcount
    if not changed:
        raise AccountError(f"Pengguna {name!r} tidak ada.")
    audit.event("user_enabled" if active else "user_disabled", target=name)


def set_password(username: str, password: str, *, url: str | None = None) -> None:
    name = check_username(username)
    digest = generate_password_hash(check_password(password))
    with get_engine(url).begin() as conn:
        changed = conn.execute(update(User).where(User.username == name).values(password_hash=digest)).rowcount
    if not changed:
        raise AccountError(f"Pengguna {name!r} tidak ada.")
    audit.event("user_password_changed", target=name)


def list_users(*, url: str | None = None) -> list[dict]:
    """Every account without its password hash, by user name."""
    cols = (User.username, User.full_name, User.role, User.active, User.created_at, User.last_login_at)
    with get_engine(url).connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(*cols).order_by(User.username))]


def authenticate(username: str, password: str) -> Account | None:
    """The active account whose password matches, else None (same work either way)."""
    name = (username or "").strip().lower()[:64]
    with get_engine().connect() as conn:
        row = conn.execute(select(User).where(func.lower(User.username) == name)).first()
    digest = row.password_hash if row is not None else _DUMMY_HASH
    ok = check_password_hash(digest, password or "")
    if row is None or not ok or not row.active:
        return None
    return _account(row)


def load_account(user_id: str) -> Account | None:
    """Flask-Login's user loader: the account behind a session, None if gone, disabled or unreachable."""
    if not str(user_id).isdigit():
        return None
    try:
        with get_engine().connect() as conn:
            row = conn.execute(select(User).where(User.id == int(user_id))).first()
    except SQLAlchemyError:
        # NOTE: while the database is down, readers are served as anonymous (the least they may see).
        log.warning("session user could not be loaded: database unreachable")
        return None
    return _account(row) if row is not None and row.active else None


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


def _check_csrf() -> None:
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
    _check_csrf()
    username = request.form.get("username", "")[:64]
    target = safe_next(request.form.get("next"))
    try:
        account = authenticate(username, request.form.get("password", ""))
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
    try:
        with get_engine().begin() as conn:
            conn.execute(update(User).where(User.id == account.id).values(last_login_at=_now()))
    except SQLAlchemyError:
        log.warning("sign-in: last_login_at not recorded (database read-only?)")
    audit.event("login", actor=account.username, role=account.role)
    return redirect(target, code=303)


def logout_view():
    """POST /auth/keluar: end the session."""
    _check_csrf()
    name = current_user.username if current_user.is_authenticated else None
    logout_user()
    session.clear()
    if name:
        audit.event("logout", actor=name)
    return redirect("/", code=303)


def rate_limited(limit):
    """The answer to too many sign-in attempts, in plain language."""
    audit.event("login_rate_limited", outcome="refused", limit=str(limit.limit))
    return redirect("/masuk?galat=batas", code=303)


def init_app(server: Flask) -> None:
    """Sessions, the user loader, the sign-in routes and their rate limit."""
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
    manager.user_loader(load_account)
    manager.session_protection = "basic"
    manager.init_app(server)
    limiter = Limiter(get_remote_address, app=server, storage_uri="memory://", strategy="fixed-window")
    server.extensions["portal_limiter"] = limiter
    limited = limiter.limit(LOGIN_LIMIT, methods=["POST"], on_breach=rate_limited)(login_view)
    server.add_url_rule("/auth/masuk", "login", limited, methods=["POST"])
    server.add_url_rule("/auth/keluar", "logout", logout_view, methods=["POST"])
