"""official_series: the series with real figures, whose sample values are never shown (refreshed by the ETL)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 08:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

REAL = "source IN (SELECT name FROM source WHERE NOT is_sample)"
SHOWN = f"({REAL} OR NOT EXISTS (SELECT 1 FROM official_series s WHERE s.indicator = o.indicator AND s.region = o.region))"


def upgrade() -> None:
    op.create_table(
        "official_series",
        sa.Column("indicator", sa.String(60), sa.ForeignKey("indicator.code"), primary_key=True),
        sa.Column("region", sa.String(13), sa.ForeignKey("region.code"), primary_key=True),
    )
    op.execute(f"INSERT INTO official_series (indicator, region) SELECT DISTINCT indicator, region FROM observation WHERE {REAL}")
    # The summary counts what readers are shown: recomputed once over the fact table.
    op.execute("DELETE FROM indicator_summary")
    op.execute(
        "INSERT INTO indicator_summary (indicator, latest_period, last_loaded_at, observations, regions, sample_values) "
        "SELECT indicator, max(period), max(loaded_at), count(*), count(DISTINCT region), "
        "sum(CASE WHEN source IN (SELECT name FROM source WHERE is_sample) THEN 1 ELSE 0 END) "
        f"FROM observation o WHERE {SHOWN} GROUP BY indicator"
    )


def downgrade() -> None:
    op.drop_table("official_series")
