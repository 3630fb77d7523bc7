"""Alembic environment: the URL comes from the caller or the current database (portal.db)."""

from alembic import context

import portal.accounts  # noqa: F401 - the user table is defined beside the account functions
import portal.api_tokens  # noqa: F401 - and the API token table beside the token functions
import portal.meetings  # noqa: F401 - the meeting tables are defined beside what may be written to them
from portal.db import current_url, get_engine
from portal.models import Base

config = context.config
url = config.attributes.get("url") or current_url()


def run(connection) -> None:
    with connection.begin():
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()
        if connection.dialect.name == "sqlite":
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            if broken:  # the whole upgrade is rolled back
                raise RuntimeError(f"the migrated database breaks {len(broken)} foreign key(s): {broken[:3]}")


with get_engine(url).connect() as connection:
    if connection.dialect.name != "sqlite":
        run(connection)
    else:
        # SQLite alters a table by copying it into a new one and dropping the old (batch mode): with foreign keys
        # enforced, dropping a table that loaded rows refer to (source, under observation) fails. The pragma only
        # takes effect outside a transaction; the check above stands in for it, before the upgrade commits.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
        try:
            run(connection)
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
