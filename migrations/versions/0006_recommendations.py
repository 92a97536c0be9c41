"""The recommendation register (issue 19): numbered recommendations under framework priorities,
with the themes and coded extracts that support them.

Three new tables and nothing rewritten, so an older file upgrades without touching its rows.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recommendation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("framework_item_id", sa.Integer(), nullable=True),
        sa.Column("owner", sa.String(length=300), nullable=False),
        sa.Column("timescale", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('proposed', 'agreed', 'in_progress', 'done', 'dropped')",
            name=op.f("ck_recommendation_status"),
        ),
        sa.ForeignKeyConstraint(
            ["framework_item_id"],
            ["framework_item.id"],
            name=op.f("fk_recommendation_framework_item_id_framework_item"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation")),
        sa.UniqueConstraint("guid", name=op.f("uq_recommendation_guid")),
    )
    op.create_index("ix_recommendation_item", "recommendation", ["framework_item_id", "position"])
    op.create_table(
        "recommendation_theme",
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_recommendation_theme_recommendation_id_recommendation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["theme.id"],
            name=op.f("fk_recommendation_theme_theme_id_theme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "recommendation_id", "theme_id", name=op.f("pk_recommendation_theme")
        ),
    )
    op.create_index("ix_recommendation_theme_theme", "recommendation_theme", ["theme_id"])
    op.create_table(
        "recommendation_extract",
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("coding_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_recommendation_extract_recommendation_id_recommendation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["coding_id"],
            ["coding.id"],
            name=op.f("fk_recommendation_extract_coding_id_coding"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "recommendation_id", "coding_id", name=op.f("pk_recommendation_extract")
        ),
    )
    op.create_index("ix_recommendation_extract_coding", "recommendation_extract", ["coding_id"])


def downgrade() -> None:
    op.drop_index("ix_recommendation_extract_coding", table_name="recommendation_extract")
    op.drop_table("recommendation_extract")
    op.drop_index("ix_recommendation_theme_theme", table_name="recommendation_theme")
    op.drop_table("recommendation_theme")
    op.drop_index("ix_recommendation_item", table_name="recommendation")
    op.drop_table("recommendation")
