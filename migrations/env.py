"""Alembic environment: the URL comes from the caller or DATABASE_URL."""

from alembic import context

import portal.auth  # noqa: F401 - the user table is defined beside the sign-in code
from portal.config import load_settings
from portal.db import get_engine
from portal.models import Base

config = context.config
url = config.attributes.get("url") or load_settings().DATABASE_URL

with get_engine(url).begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
