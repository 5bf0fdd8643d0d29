"""The statistics projection: one narrow row per record that counts (a status, a decision,
the needs flagged on a card, a rating's mean per need, a plan's dates, a report of concern,
a Barnkontakt assignment), so steering statistics aggregate in SQL without parsing every
envelope.

Revision ID: v0006
Revises: v0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v0006"
down_revision = "v0005"
branch_labels = None
depends_on = None

# Behovskompassen's eight needs (ids never change): flagged (1) or mean score per record.
_NEEDS = (
    "omsorg",
    "trygghet",
    "halsa",
    "fritid",
    "tillhorighet",
    "ansvar",
    "respekteras",
    "utveckling",
)


def upgrade() -> None:
    op.create_table(
        "stat_facts",
        sa.Column(
            "record_id",
            sa.String(64),
            sa.ForeignKey("records.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("child_id", sa.String(64), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("code", sa.String(64), nullable=True),
        sa.Column("unit_id", sa.String(64), nullable=True),
        sa.Column("on_date", sa.String(10), nullable=True),
        sa.Column("date2", sa.String(10), nullable=True),
        sa.Column("date3", sa.String(10), nullable=True),
        sa.Column("ref", sa.String(64), nullable=True),
        sa.Column("sort_key", sa.String(160), nullable=True),
        sa.Column("corrected", sa.Boolean, nullable=False, server_default=sa.false()),
        *(sa.Column(f"need_{need}", sa.Float, nullable=True) for need in _NEEDS),
    )
    op.create_index("ix_stat_facts_ref", "stat_facts", ["ref"])
    op.create_index("ix_stat_facts_kind_child", "stat_facts", ["kind", "child_id"])


def downgrade() -> None:
    op.drop_index("ix_stat_facts_kind_child", table_name="stat_facts")
    op.drop_index("ix_stat_facts_ref", table_name="stat_facts")
    op.drop_table("stat_facts")
    op.execute("DELETE FROM settings WHERE key = 'stat_facts_seq'")
