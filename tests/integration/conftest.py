"""Fixtures of the integration tests that write: the meeting tables emptied after each test."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from portal import meetings
from portal.db import get_engine


@pytest.fixture
def meeting_db(loaded_db):
    """The session's loaded database; the meeting tables (meetings, packs, follow-ups, alert bookkeeping) are
    emptied after each test, so the rest of the data stays as loaded."""
    yield loaded_db
    tables = meetings.Base.metadata.tables
    with get_engine(loaded_db).begin() as conn:
        for name in meetings.MEETING_TABLES:
            conn.execute(delete(tables[name]))
