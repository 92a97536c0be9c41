"""Themes as first-class objects: excluded scope, a status to restore after discarding, positions
on the thematic map for themes and codes, and named versions of the map.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("theme", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scope_out", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("previous_status", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("map_x", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("map_y", sa.Float(), nullable=True))
    with op.batch_alter_table("theme", schema=None) as batch_op:
        batch_op.alter_column("scope_out", server_default=None)
    with op.batch_alter_table("code", schema=None) as batch_op:
        batch_op.add_column(sa.Column("map_x", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("map_y", sa.Float(), nullable=True))
    op.create_table(
        "map_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=True),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coder_id"],
            ["coder.id"],
            name=op.f("fk_map_version_coder_id_coder"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_map_version")),
        sa.UniqueConstraint("guid", name=op.f("uq_map_version_guid")),
    )


def downgrade() -> None:
    op.drop_table("map_version")
    with op.batch_alter_table("code", schema=None) as batch_op:
        batch_op.drop_column("map_y")
        batch_op.drop_column("map_x")
    with op.batch_alter_table("theme", schema=None) as batch_op:
        batch_op.drop_column("map_y")
        batch_op.drop_column("map_x")
        batch_op.drop_column("previous_status")
        batch_op.drop_column("scope_out")
