"""A stored character count per document; covering indexes for the document list and codebook.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("char_count", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute("UPDATE document SET char_count = length(text)")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.alter_column("char_count", server_default=None)
    with op.batch_alter_table("coding", schema=None) as batch_op:
        batch_op.drop_index("ix_coding_document_start")
        batch_op.drop_index("ix_coding_code")
        batch_op.create_index("ix_coding_document_span", ["document_id", "start", "end"])
        batch_op.create_index("ix_coding_code_document", ["code_id", "document_id"])


def downgrade() -> None:
    with op.batch_alter_table("coding", schema=None) as batch_op:
        batch_op.drop_index("ix_coding_code_document")
        batch_op.drop_index("ix_coding_document_span")
        batch_op.create_index("ix_coding_code", ["code_id"])
        batch_op.create_index("ix_coding_document_start", ["document_id", "start"])
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_column("char_count")
