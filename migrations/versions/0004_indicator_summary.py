"""indicator_summary: per indicator, what the fact table holds (refreshed by the ETL in the load transaction)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 05:50:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicator_summary",
        sa.Column("indicator", sa.String(60), sa.ForeignKey("indicator.code"), primary_key=True),
        sa.Column("latest_period", sa.String(10), nullable=False),
        sa.Column("last_loaded_at", sa.DateTime(), nullable=False),
        sa.Column("observations", sa.Integer(), nullable=False),
        sa.Column("regions", sa.Integer(), nullable=False),
        sa.Column("sample_values", sa.Integer(), nullable=False),
    )
    # Databases loaded before this revision get their summary now (one pass over the fact table).
    op.execute(
        "INSERT INTO indicator_summary (indicator, latest_period, last_loaded_at, observations, regions, sample_values) "
        "SELECT indicator, max(period), max(loaded_at), count(*), count(DISTINCT region), "
        "sum(CASE WHEN source IN (SELECT name FROM source WHERE is_sample) THEN 1 ELSE 0 END) "
        "FROM observation GROUP BY indicator"
    )


def downgrade() -> None:
    op.drop_table("indicator_summary")
