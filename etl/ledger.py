"""The deliveries' ledger: a delivery's row and what happened to it (who, when, from where), written in the
transaction of the change they record, so the ledger and the data never disagree."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, insert

from portal.models import Delivery, DeliveryEvent


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def process_user() -> str:
    """Who runs a command-line process or the nightly job: the OS account."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid:{os.getuid()}"


@dataclass(frozen=True)
class Actor:
    """Who acts: an account on the web (with the client's address), or the OS account of a command or the
    nightly job."""

    name: str
    via: str = "cli"  # web, cli, etl
    address: str | None = None

    @classmethod
    def process(cls, via: str = "cli") -> Actor:
        return cls(process_user(), via)

    @property
    def where(self) -> str:
        """From where, as a delivery records it: the client address, or the channel."""
        return self.address or self.via


def record(conn: Connection, **fields) -> int:
    """A new delivery row; returns its id."""
    return conn.execute(insert(Delivery).values(**fields).returning(Delivery.id)).scalar_one()


def event(conn: Connection, delivery_id: int, action: str, actor: Actor, note: str | None = None) -> None:
    """One line of a delivery's history."""
    conn.execute(
        insert(DeliveryEvent).values(
            delivery_id=delivery_id,
            at=now(),
            action=str(action),
            actor=actor.name,
            address=actor.address,
            via=actor.via,
            note=note,
        )
    )
