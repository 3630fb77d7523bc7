"""API tokens: signed, revocable, rate-limited keys that give a program a role's access to /api/v1/.

A token reads `kt1.<id>.<nonce>.<signature>`: the signature is an HMAC-SHA256 of the rest under the portal's
signing key (SECRET_KEY), so a forged or mistyped token is refused before the database is asked; the database
keeps only the token's SHA-256 (a copy of the table opens nothing), its role, its agency (agency roles), when it
expires, whether it is revoked, and its rate limit. The token is shown once, when an admin creates it
(`python -m portal.tokens create`). A new SECRET_KEY ends every token. No web framework here: the API's use
of a token is in web/api.py.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from portal import audit
from portal.accounts import AccountError, _check_agency
from portal.db import get_engine
from portal.models import Base
from portal.vocab import Role

log = logging.getLogger(__name__)
PREFIX = "kt1"
DEFAULT_RATE = 600  # requests a minute
MAX_RATE = 100_000
DEFAULT_DAYS = 365
USE_EVERY = timedelta(minutes=5)  # last_used_at is written at most this often per token


class ApiToken(Base):
    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(120))  # who or what holds it ("BPS harvester")
    role: Mapped[str] = mapped_column(String(24))
    agency: Mapped[str | None] = mapped_column(ForeignKey("agency.code"))
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of the whole token, hex
    rate_per_minute: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)


@dataclass(frozen=True)
class TokenHolder:
    """Who a valid token speaks for."""

    id: int
    name: str
    role: str
    agency: str | None
    rate_per_minute: int


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _signature(key: str, body: str) -> str:
    digest = hmac.new(key.encode(), body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")[:32]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(
    name: str,
    role: str,
    key: str,
    *,
    agency: str | None = None,
    days: int = DEFAULT_DAYS,
    rate: int = DEFAULT_RATE,
    url: str | None = None,
) -> tuple[str, int]:
    """A new token (text, id), signed with `key`; only its digest is stored. The text is never shown again."""
    label = (name or "").strip()
    if not 1 <= len(label) <= 120:
        raise AccountError("Nama token 1–120 karakter (siapa atau apa yang memakainya).")
    if role not in tuple(Role):
        raise AccountError(f"Peran tidak dikenal: {role!r} (pilih {', '.join(Role)}).")
    if not 1 <= days <= 3660:
        raise AccountError("Masa berlaku token 1–3660 hari.")
    if not 1 <= rate <= MAX_RATE:
        raise AccountError(f"Batas permintaan 1–{MAX_RATE} per menit.")
    agency = _check_agency(role, agency, url)
    now = _now()
    row = {
        "name": label,
        "role": role,
        "agency": agency,
        "digest": "",
        "rate_per_minute": rate,
        "created_at": now,
        "expires_at": now + timedelta(days=days),
        "revoked": False,
    }
    with get_engine(url).begin() as conn:
        token_id = conn.execute(ApiToken.__table__.insert().values(**row)).inserted_primary_key[0]
        body = f"{PREFIX}.{token_id}.{secrets.token_urlsafe(24)}"
        token = f"{body}.{_signature(key, body)}"
        conn.execute(update(ApiToken).where(ApiToken.id == token_id).values(digest=_digest(token)))
    audit.event("api_token_created", target=label, token_id=token_id, role=role, agency=agency, days=days, rate=rate)
    return token, token_id


def revoke(token_id: int, *, url: str | None = None) -> None:
    """End a token now (a program that holds it gets a 401 from its next request)."""
    with get_engine(url).begin() as conn:
        changed = conn.execute(update(ApiToken).where(ApiToken.id == token_id).values(revoked=True)).rowcount
    if not changed:
        raise AccountError(f"Token {token_id} tidak ada.")
    audit.event("api_token_revoked", token_id=token_id)


def list_tokens(*, url: str | None = None) -> list[dict]:
    """Every token without its digest, newest first."""
    cols = [c for c in ApiToken.__table__.columns if c.name != "digest"]
    with get_engine(url).connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(*cols).order_by(ApiToken.id.desc()))]


def verify(token: str, key: str, *, url: str | None = None) -> TokenHolder | None:
    """The holder of a valid token (signed with `key`, known, not revoked, not expired), else None."""
    parts = (token or "").strip().split(".")
    if len(parts) != 4 or parts[0] != PREFIX or not parts[1].isdigit() or len(token) > 200:
        return None
    body = ".".join(parts[:3])
    if not hmac.compare_digest(parts[3], _signature(key, body)):
        return None  # forged or mistyped: refused without asking the database
    with get_engine(url).connect() as conn:
        found = conn.execute(select(*ApiToken.__table__.columns).where(ApiToken.id == int(parts[1]))).first()
    if found is None:
        return None
    if not hmac.compare_digest(found.digest, _digest(token.strip())) or found.revoked or found.expires_at <= _now():
        return None
    _note_use(found.id, found.last_used_at, url)
    return TokenHolder(found.id, found.name, found.role, found.agency, found.rate_per_minute)


def _note_use(token_id: int, last: datetime | None, url: str | None) -> None:
    now = _now()
    if last is not None and now - last < USE_EVERY:
        return
    try:
        with get_engine(url).begin() as conn:
            conn.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
    except SQLAlchemyError:
        log.warning("API token %s: last_used_at not recorded (database read-only?)", token_id)
