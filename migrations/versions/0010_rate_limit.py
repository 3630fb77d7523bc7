"""rate_limit: the sign-in limit's counters, shared by every worker and server (when Redis is not configured)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 15:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_limit",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rate_limit")
