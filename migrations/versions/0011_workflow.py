"""The Satu Data workflow: deliveries wait as drafts until approved; published values keep their earlier versions

delivery, delivery_row (a draft's valid rows, never read by a public query), delivery_event (who did what, when,
from where); observation_version, filled by a trigger on observation whenever an update replaces a published
value; observation.revised (a corrected final figure, shown as "diperbaiki"); source.trusted (published without
review); indicator.agency (the agency whose produsen data deliver it, from data/reference/producers.csv);
indicator_summary.real_latest_period (the release schedule compares with it).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

Double = sa.Float(precision=53)
# What makes an update of a published observation a new version (as etl/load.py's COMPARED).
COMPARED = ("value", "status", "source", "source_url", "note")
VERSION_COLUMNS = (
    "indicator, region, period, value, status, revised, source, source_url, note, run_id, loaded_at, "
    "replaced_at, replaced_by_run, removed"
)
OLD_VALUES = (
    "OLD.indicator, OLD.region, OLD.period, OLD.value, OLD.status, OLD.revised, OLD.source, OLD.source_url, "
    "OLD.note, OLD.run_id, OLD.loaded_at, NEW.loaded_at, NEW.run_id, {false}"
)


def upgrade() -> None:
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agency", sa.String(30), nullable=True))
        batch_op.create_index("ix_indicator_agency", ["agency"])
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.add_column(sa.Column("trusted", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revised", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("indicator_summary", schema=None) as batch_op:
        batch_op.add_column(sa.Column("real_latest_period", sa.String(10), nullable=True))
    op.execute(
        "UPDATE indicator_summary SET real_latest_period = (SELECT max(o.period) FROM observation o "
        "WHERE o.indicator = indicator_summary.indicator AND o.source IN (SELECT name FROM source WHERE NOT is_sample))"
    )
    # The bundled published figures were loaded without review by a source the registry now marks trusted.
    op.execute("UPDATE source SET trusted = true WHERE kind IN ('published', 'synthetic', 'applications')")

    op.create_table(
        "observation_version",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("indicator", sa.String(60), nullable=False),
        sa.Column("region", sa.String(13), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("value", Double, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("revised", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(60), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.Column("replaced_at", sa.DateTime(), nullable=False),
        sa.Column("replaced_by_run", sa.Integer(), nullable=True),
        sa.Column("removed", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_observation_version_key", "observation_version", ["indicator", "region", "period"])
    op.create_table(
        "delivery",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(60), sa.ForeignKey("source.name"), nullable=False),
        sa.Column("agency", sa.String(30), sa.ForeignKey("agency.code"), nullable=True),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("file_name", sa.String(200), nullable=True),
        sa.Column("stage", sa.String(14), nullable=False),
        sa.Column("auto_published", sa.Boolean(), nullable=False),
        sa.Column("replaces", sa.Boolean(), nullable=False),
        sa.Column("submitted_by", sa.String(64), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_from", sa.String(64), nullable=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("etl_run.id"), nullable=True),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("rows_loaded", sa.Integer(), nullable=False),
        sa.Column("rows_unchanged", sa.Integer(), nullable=False),
        sa.Column("rows_rejected", sa.Integer(), nullable=False),
        sa.Column("rows_removed", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.String(64), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("publish_run_id", sa.Integer(), sa.ForeignKey("etl_run.id"), nullable=True),
        sa.Column("superseded_by", sa.Integer(), sa.ForeignKey("delivery.id"), nullable=True),
    )
    op.create_index("ix_delivery_source", "delivery", ["source"])
    op.create_index("ix_delivery_stage", "delivery", ["stage"])
    op.create_index("ix_delivery_agency_stage", "delivery", ["agency", "stage"])
    op.create_table(
        "delivery_row",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("delivery_id", sa.Integer(), sa.ForeignKey("delivery.id"), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(60), nullable=False),
        sa.Column("region", sa.String(13), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("value", Double, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.UniqueConstraint("delivery_id", "indicator", "region", "period", name="uq_delivery_row_key"),
    )
    op.create_table(
        "delivery_event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("delivery_id", sa.Integer(), sa.ForeignKey("delivery.id"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("address", sa.String(64), nullable=True),
        sa.Column("via", sa.String(8), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
    )
    op.create_index("ix_delivery_event_delivery_id", "delivery_event", ["delivery_id"])

    # The trigger that keeps every replaced version, whatever writes the update (a load, an approval, a hand).
    if op.get_bind().dialect.name == "postgresql":
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in COMPARED)
        op.execute(
            "CREATE FUNCTION observation_keep_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"INSERT INTO observation_version ({VERSION_COLUMNS}) VALUES ({OLD_VALUES.format(false='false')}); "
            "RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TRIGGER observation_keep_version AFTER UPDATE ON observation FOR EACH ROW "
            f"WHEN ({changed}) EXECUTE FUNCTION observation_keep_version()"
        )
    else:
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in COMPARED)
        op.execute(
            f"CREATE TRIGGER observation_keep_version AFTER UPDATE ON observation FOR EACH ROW WHEN {changed} "
            f"BEGIN INSERT INTO observation_version ({VERSION_COLUMNS}) VALUES ({OLD_VALUES.format(false='0')}); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER observation_keep_version ON observation")
        op.execute("DROP FUNCTION observation_keep_version()")
    else:
        op.execute("DROP TRIGGER observation_keep_version")
    op.drop_table("delivery_event")
    op.drop_table("delivery_row")
    op.drop_table("delivery")
    op.drop_table("observation_version")
    with op.batch_alter_table("indicator_summary", schema=None) as batch_op:
        batch_op.drop_column("real_latest_period")
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.drop_column("revised")
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_column("trusted")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_index("ix_indicator_agency")
        batch_op.drop_column("agency")
