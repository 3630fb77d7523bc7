"""app_user: the agency an agency role acts for, longer role names, and a session version (sign-out and a new
password end every session of the account)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 14:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.alter_column("role", existing_type=sa.String(12), type_=sa.String(24))
        batch_op.add_column(sa.Column("agency", sa.String(30), nullable=True))
        batch_op.create_foreign_key("fk_app_user_agency", "agency", ["agency"], ["code"])
        batch_op.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("session_version")
        batch_op.drop_constraint("fk_app_user_agency", type_="foreignkey")
        batch_op.drop_column("agency")
        batch_op.alter_column("role", existing_type=sa.String(24), type_=sa.String(12))
