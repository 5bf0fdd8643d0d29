"""Merges of two children made by hand: `child_merges` records who merged which child into
which, when, and what moved, so the merge can be undone within a day (central/manual_merge.py).

Revision ID: v0010
Revises: v0009
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v0010"
down_revision = "v0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "child_merges",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("merged_id", sa.String(64), nullable=False),
        sa.Column("survivor_id", sa.String(64), nullable=False),
        sa.Column("merged_by", sa.String(64), nullable=False),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("moved", sa.Text, nullable=False),
        sa.Column("conflicts", sa.Text, nullable=False),
        sa.Column("identity_keys", sa.Text, nullable=False),
        sa.Column("adopted", sa.Text, nullable=False),
        sa.Column("redirects", sa.Text, nullable=False),
        sa.Column("undone_at", sa.String(32), nullable=True),
        sa.Column("undone_by", sa.String(64), nullable=True),
    )
    op.create_index("ix_child_merges_merged_id", "child_merges", ["merged_id"])
    op.create_index("ix_child_merges_survivor_id", "child_merges", ["survivor_id"])


def downgrade() -> None:
    op.drop_index("ix_child_merges_survivor_id", table_name="child_merges")
    op.drop_index("ix_child_merges_merged_id", table_name="child_merges")
    op.drop_table("child_merges")
