"""Alembic environment: the URL comes from the caller or the current database (portal.db)."""

from alembic import context

import portal.accounts  # noqa: F401 - the user table is defined beside the account functions
import portal.api_tokens  # noqa: F401 - and the API token table beside the token functions
import portal.meetings  # noqa: F401 - the meeting tables are defined beside what may be written to them
from portal.db import current_url, get_engine
from portal.models import Base

config = context.config
url = config.attributes.get("url") or current_url()

with get_engine(url).begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
