"""The full-text search index's bookkeeping tables (passages, indexed documents, word forms).

The FTS5 table itself is created by ``storage/fulltext.py`` when a project is first indexed: it
is SQLite-specific derived data, kept out of the portable schema.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("part_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_search_unit_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["part_id"], ["part.id"], name=op.f("fk_search_unit_part_id_part"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_unit")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_search_unit_document", "search_unit", ["document_id", "start"])
    op.create_table(
        "search_document",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("pipeline", sa.String(length=100), nullable=False),
        sa.Column("indexed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_search_document_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_search_document")),
    )
    op.create_table(
        "search_form",
        sa.Column("lemma", sa.String(length=200), nullable=False),
        sa.Column("form", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("lemma", "form", name=op.f("pk_search_form")),
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("search_form")
    op.drop_table("search_document")
    op.drop_index("ix_search_unit_document", table_name="search_unit")
    op.drop_table("search_unit")
