"""search_entry and search_word: the index the search box answers from (rebuilt by the ETL after each load)

SQLite: FTS5 tables over both (search_fts: the entries' names, terms and body; search_word_tri: the words by
trigram, for typos). PostgreSQL: a full-text document per entry (GIN) and the words under a pg_trgm GIN index.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 12:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

DOCUMENT = (
    "setweight(to_tsvector('simple', names), 'A') || setweight(to_tsvector('simple', terms), 'A') "
    "|| setweight(to_tsvector('simple', body), 'D')"
)


def upgrade() -> None:
    op.create_table(
        "search_entry",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("classification", sa.String(10), nullable=False),
        sa.Column("level", sa.String(12)),
        sa.Column("regency", sa.String(13)),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("title_id", sa.String(250), nullable=False),
        sa.Column("title_en", sa.String(250), nullable=False),
        sa.Column("detail_id", sa.String(300), nullable=False),
        sa.Column("detail_en", sa.String(300), nullable=False),
        sa.Column("href", sa.String(400), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("names", sa.Text(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
    )
    op.create_index("ix_search_entry_kind_key", "search_entry", ["kind", "key"], unique=True)
    op.create_table(
        "search_word",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("word", sa.String(60), nullable=False, unique=True),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5(names, terms, body, content='search_entry', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')"
        )
        op.execute(
            "CREATE VIRTUAL TABLE search_word_tri USING fts5(word, content='search_word', content_rowid='id', "
            "tokenize='trigram')"
        )
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(f"ALTER TABLE search_entry ADD COLUMN document tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED")
        op.execute("CREATE INDEX ix_search_entry_document ON search_entry USING gin (document)")
        op.execute("CREATE INDEX ix_search_word_trgm ON search_word USING gin (word gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_word_tri")
        op.execute("DROP TABLE search_fts")
    op.drop_table("search_word")
    op.drop_table("search_entry")
