"""etl_run.notes: what a run met and worked around, one sentence each (shown on /status and in the summary)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A run that loads can still have met something a walidata should know (total rows skipped, a portal
    # that repeats records, a datastore that is off): not an error, so not in `error`.
    with op.batch_alter_table("etl_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("etl_run", schema=None) as batch_op:
        batch_op.drop_column("notes")
