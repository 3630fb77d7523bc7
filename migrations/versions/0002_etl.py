"""etl: sources can be switched off in the registry

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 05:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A source named in the registry but switched off (enabled = false) is shown as such on /status
    # instead of as stale.
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.add_column(sa.Column("enabled", sa.Boolean(), nullable=False, server_default=sa.true()))
    # The rejected rows of one source are listed together on /status.
    with op.batch_alter_table("rejected_row", schema=None) as batch_op:
        batch_op.create_index("ix_rejected_row_source", ["source"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rejected_row", schema=None) as batch_op:
        batch_op.drop_index("ix_rejected_row_source")
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_column("enabled")
