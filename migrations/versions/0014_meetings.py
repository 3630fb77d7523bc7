"""Coordination meetings: meeting (+ its sectors, agencies and pack indicators), the packs kept for download,
follow-ups with their audit trail, the board statuses the nightly digest compares with, the digest's recipients

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 12:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

Double = sa.Float(precision=53)


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_meeting_held_on", "meeting", ["held_on"])
    op.create_table(
        "meeting_sector",
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meeting.id"), primary_key=True),
        sa.Column("sector", sa.String(20), sa.ForeignKey("sector.code"), primary_key=True),
    )
    op.create_table(
        "meeting_agency",
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meeting.id"), primary_key=True),
        sa.Column("agency", sa.String(30), sa.ForeignKey("agency.code"), primary_key=True),
    )
    op.create_table(
        "meeting_indicator",
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meeting.id"), primary_key=True),
        sa.Column("indicator", sa.String(60), sa.ForeignKey("indicator.code"), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "meeting_pack",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meeting.id"), nullable=False),
        sa.Column("format", sa.String(4), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("data_version", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("made_by", sa.String(64), nullable=True),
        sa.UniqueConstraint("meeting_id", "format", "lang", name="uq_meeting_pack"),
    )
    op.create_index("ix_meeting_pack_meeting_id", "meeting_pack", ["meeting_id"])
    op.create_table(
        "followup",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meeting.id"), nullable=False),
        sa.Column("indicator", sa.String(60), sa.ForeignKey("indicator.code"), nullable=False),
        sa.Column("region", sa.String(13), sa.ForeignKey("region.code"), nullable=False),
        sa.Column("agency", sa.String(30), sa.ForeignKey("agency.code"), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("board_status", sa.String(20), nullable=True),
        sa.Column("created_by", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_followup_meeting_id", "followup", ["meeting_id"])
    op.create_index("ix_followup_agency", "followup", ["agency"])
    op.create_table(
        "followup_update",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("followup_id", sa.Integer(), sa.ForeignKey("followup.id"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=True),
        sa.Column("role", sa.String(24), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_index("ix_followup_update_followup_id", "followup_update", ["followup_id"])
    op.create_table(
        "board_mark",
        sa.Column("indicator", sa.String(60), sa.ForeignKey("indicator.code"), primary_key=True),
        sa.Column("region", sa.String(13), sa.ForeignKey("region.code"), primary_key=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("score", Double, nullable=True),
        sa.Column("data_version", sa.Integer(), nullable=False),
    )
    op.create_table(
        "alert_recipient",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("username", sa.String(64), sa.ForeignKey("app_user.username"), nullable=True),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "alert_recipient",
        "board_mark",
        "followup_update",
        "followup",
        "meeting_pack",
        "meeting_indicator",
        "meeting_agency",
        "meeting_sector",
        "meeting",
    ):
        op.drop_table(table)
