"""The sign-in limit's counters, shared by every worker and server: in Redis when REDIS_URL is set, else in the
portal's own database (a `limits` storage backend, so Flask-Limiter keeps doing the limiting)."""

from __future__ import annotations

import time

from limits.storage import Storage
from sqlalchemy import delete, select, text
from sqlalchemy.exc import SQLAlchemyError

from portal.db import get_engine
from portal.models import RateLimit

# One statement whatever the previous state: a new key starts a window; an expired window starts again.
_INCR = text(
    "INSERT INTO rate_limit (key, count, expires_at) VALUES (:key, :amount, :expires) "
    "ON CONFLICT (key) DO UPDATE SET "
    "count = CASE WHEN rate_limit.expires_at <= :now THEN excluded.count ELSE rate_limit.count + excluded.count END, "
    "expires_at = CASE WHEN rate_limit.expires_at <= :now THEN excluded.expires_at ELSE rate_limit.expires_at END "
    "RETURNING count"
)


class DatabaseStorage(Storage):
    """Fixed-window counters in the `rate_limit` table of the database the request is bound to."""

    STORAGE_SCHEME = ["portaldb"]

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        values = {"key": key, "amount": amount, "expires": now + expiry, "now": now}
        with get_engine().begin() as conn:
            return int(conn.execute(_INCR, values).scalar_one())

    def _row(self, key: str):
        with get_engine().connect() as conn:
            return conn.execute(select(RateLimit.count, RateLimit.expires_at).where(RateLimit.key == key)).first()

    def get(self, key: str) -> int:
        row = self._row(key)
        return int(row.count) if row is not None and row.expires_at > time.time() else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return float(row.expires_at) if row is not None else time.time()

    def check(self) -> bool:
        try:
            with get_engine().connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with get_engine().begin() as conn:
            return conn.execute(delete(RateLimit)).rowcount

    def clear(self, key: str) -> None:
        with get_engine().begin() as conn:
            conn.execute(delete(RateLimit).where(RateLimit.key == key))
