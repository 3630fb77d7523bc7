"""indicator.noise: the reviewed noise threshold of an indicator (a change smaller than it is no real change)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 11:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty for most indicators: the exception board then uses a robust spread of the indicator's own history.
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.add_column(sa.Column("noise", sa.Float(precision=53), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_column("noise")
