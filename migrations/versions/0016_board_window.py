"""The exception board's window: each series' last periods (province and regencies), one row each, kept by the ETL

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 23:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "board_window",
        sa.Column("indicator", sa.String(60), sa.ForeignKey("indicator.code"), primary_key=True),
        sa.Column("region", sa.String(13), sa.ForeignKey("region.code"), primary_key=True),
        sa.Column("periods", sa.Text(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("samples", sa.Text(), nullable=False),
    )
    # Filled for every indicator already loaded, as each load refreshes the indicators it touches.
    from etl.load import refresh_board_window

    bind = op.get_bind()
    cursor = bind.connection.dbapi_connection.cursor()
    try:
        refresh_board_window(cursor, "indicator_summary", bind.dialect.name == "postgresql")
    finally:
        cursor.close()


def downgrade() -> None:
    op.drop_table("board_window")
