"""series_break and observation_alternative: method breaks in a series, and second sources and superseded figures

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 09:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "series_break",
        sa.Column("indicator", sa.String(60), sa.ForeignKey("indicator.code"), primary_key=True),
        sa.Column("period", sa.String(10), primary_key=True),
        sa.Column("method_before", sa.String(40), nullable=False),
        sa.Column("method_after", sa.String(40), nullable=False),
        sa.Column("label_id", sa.String(60), nullable=False),
        sa.Column("label_en", sa.String(60), nullable=False),
        sa.Column("note_id", sa.Text(), nullable=False),
        sa.Column("note_en", sa.Text(), nullable=False),
        sa.Column("source_url", sa.Text()),
    )
    op.create_table(
        "observation_alternative",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(60), sa.ForeignKey("source.name"), nullable=False),
        sa.Column("indicator", sa.String(60), sa.ForeignKey("indicator.code"), nullable=False),
        sa.Column("region", sa.String(13), sa.ForeignKey("region.code"), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("method", sa.String(40), nullable=False, server_default=""),
        sa.Column("source_url", sa.Text(), nullable=False, server_default=""),
        sa.Column("value", sa.Float(precision=53), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("etl_run.id")),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint(
            "source", "indicator", "region", "period", "method", "source_url", name="uq_observation_alternative"
        ),
    )
    op.create_index("ix_observation_alternative_key", "observation_alternative", ["indicator", "region", "period"])


def downgrade() -> None:
    op.drop_index("ix_observation_alternative_key", table_name="observation_alternative")
    op.drop_table("observation_alternative")
    op.drop_table("series_break")
