"""Due dates the walidata set per indicator and period, replacing the release schedule's computed ones

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 15:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "release_due",
        sa.Column("indicator", sa.String(60), sa.ForeignKey("indicator.code"), primary_key=True),
        sa.Column("period", sa.String(10), primary_key=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("set_by", sa.String(64), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("release_due")
