"""Project settings table; a stored word count per document (filled for existing documents).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("word_count", sa.Integer(), nullable=False, server_default="0")
        )
    # Data migration: count words of the documents already in the file.
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, text FROM document")).fetchall()
    for doc_id, body in rows:
        conn.execute(
            sa.text("UPDATE document SET word_count = :n WHERE id = :id"),
            {"n": len(body.split()), "id": doc_id},
        )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.alter_column("word_count", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_column("word_count")
    op.drop_table("setting")
