"""Accounts: the user table, password hashing and the account operations the CLI and the sign-in use.

Roles are ordered viewer < analyst < walidata < admin (what each may do is in portal.access).
Passwords are hashed with werkzeug.security (scrypt) and never logged. No web framework here: the sign-in
views and sessions are in web/auth.py.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from portal import audit
from portal.db import get_engine
from portal.models import Agency, Base
from portal.vocab import AGENCY_ROLES, Role

log = logging.getLogger(__name__)
ROLES = tuple(Role)  # in order: each role includes the ones before it
MIN_PASSWORD = 10
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")
# Checked against when the user does not exist, so a wrong name costs as much time as a wrong password.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


class User(Base):
    """A portal account (`user` is a reserved word in PostgreSQL, hence app_user)."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(24))
    agency: Mapped[str | None] = mapped_column(ForeignKey("agency.code"))  # the agency an agency role acts for
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Raised by sign-out and a new password: a session made before no longer opens the account.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


@dataclass(frozen=True)
class Account:
    """A signed-in reader: a plain value, never an ORM object (it has what Flask-Login asks of a user)."""

    id: int
    username: str
    full_name: str
    role: str
    active: bool = True
    agency: str | None = None
    session_version: int = 0
    is_authenticated = True
    is_anonymous = False

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
    return Account(row.id, row.username, row.full_name, row.role, row.active, row.agency, row.session_version)


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


def create_user(
    username: str, password: str, role: str, full_name: str = "", *, agency: str | None = None, url: str | None = None
) -> Account:
    """Add an account; the password is stored only as a salted scrypt hash. An agency role names its agency."""
    if role not in ROLES:
        raise AccountError(f"Peran tidak dikenal: {role!r} (pilih {', '.join(ROLES)}).")
    name = check_username(username)
    agency = _check_agency(role, agency, url)
    row = {
        "username": name,
        "full_name": full_name.strip()[:120],
        "password_hash": generate_password_hash(check_password(password)),
        "role": role,
        "agency": agency,
        "active": True,
        "created_at": _now(),
    }
    try:
        with get_engine(url).begin() as conn:
            new_id = conn.execute(User.__table__.insert().values(**row)).inserted_primary_key[0]
    except IntegrityError as err:
        raise AccountError(f"Pengguna {name!r} sudah ada.") from err
    audit.event("user_created", target=name, role=role, agency=agency)
    return Account(new_id, name, row["full_name"], role, agency=agency)


def _check_agency(role: str, agency: str | None, url: str | None) -> str | None:
    """The agency of an agency role (which must name a known one); no agency for the other roles."""
    if role not in AGENCY_ROLES:
        if agency:
            raise AccountError(f"Peran {role!r} tidak terikat pada perangkat daerah; hapus --agency.")
        return None
    if not agency:
        raise AccountError(f"Peran {role!r} bertugas untuk satu perangkat daerah: sebutkan --agency KODE.")
    with get_engine(url).connect() as conn:
        known = conn.execute(select(Agency.code).where(Agency.code == agency)).scalar_one_or_none()
    if known is None:
        raise AccountError(f"Perangkat daerah {agency!r} tidak dikenal (lihat /aplikasi atau data/applications.csv).")
    return agency


def set_active(username: str, active: bool, *, url: str | None = None) -> None:
    """Disable (or re-enable) an account; a disabled account's sessions stop at their next request."""
    name = check_username(username)
    with get_engine(url).begin() as conn:
        changed = conn.execute(update(User).where(User.username == name).values(active=active)).rowcount
    if not changed:
        raise AccountError(f"Pengguna {name!r} tidak ada.")
    audit.event("user_enabled" if active else "user_disabled", target=name)


def set_password(username: str, password: str, *, url: str | None = None) -> None:
    """A new password; every session made with the old one ends."""
    name = check_username(username)
    digest = generate_password_hash(check_password(password))
    with get_engine(url).begin() as conn:
        changed = conn.execute(
            update(User)
            .where(User.username == name)
            .values(password_hash=digest, session_version=User.session_version + 1)
        ).rowcount
    if not changed:
        raise AccountError(f"Pengguna {name!r} tidak ada.")
    audit.event("user_password_changed", target=name)


def list_users(*, url: str | None = None) -> list[dict]:
    """Every account without its password hash, by user name."""
    cols = (User.username, User.full_name, User.role, User.agency, User.active, User.created_at, User.last_login_at)
    with get_engine(url).connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(*cols).order_by(User.username))]


def authenticate(username: str, password: str, *, url: str | None = None) -> Account | None:
    """The active account whose password matches, else None (same work either way)."""
    name = (username or "").strip().lower()[:64]
    with get_engine(url).connect() as conn:
        row = conn.execute(select(User).where(func.lower(User.username) == name)).first()
    digest = row.password_hash if row is not None else _DUMMY_HASH
    ok = check_password_hash(digest, password or "")
    if row is None or not ok or not row.active:
        return None
    return _account(row)


def load_account(user_id: str, *, url: str | None = None) -> Account | None:
    """The account behind a session, None if gone, disabled or unreachable."""
    if not str(user_id).isdigit():
        return None
    try:
        with get_engine(url).connect() as conn:
            row = conn.execute(select(User).where(User.id == int(user_id))).first()
    except SQLAlchemyError:
        # NOTE: while the database is down, readers are served as anonymous (the least they may see).
        log.warning("session user could not be loaded: database unreachable")
        return None
    return _account(row) if row is not None and row.active else None


def record_login(account: Account, *, url: str | None = None) -> None:
    """Note when an account last signed in (not fatal on a read-only database)."""
    try:
        with get_engine(url).begin() as conn:
            conn.execute(update(User).where(User.id == account.id).values(last_login_at=_now()))
    except SQLAlchemyError:
        log.warning("sign-in: last_login_at not recorded (database read-only?)")


def end_sessions(account_id: int, *, url: str | None = None) -> None:
    """Sign-out: every session of the account ends (a copied cookie no longer opens it)."""
    with get_engine(url).begin() as conn:
        conn.execute(update(User).where(User.id == account_id).values(session_version=User.session_version + 1))
