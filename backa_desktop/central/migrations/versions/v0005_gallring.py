"""Disposal by decision: each record's retention class, the disposal decisions, what each
decision removed, and the purge list the laptops receive.

Revision ID: v0005
Revises: v0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v0005"
down_revision = "v0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL until classified: the push classifies what it stores, and `gallring plan`/`run`
    # classify whatever is left (records stored before this migration) first.
    op.add_column("records", sa.Column("record_class", sa.String(32), nullable=True))
    op.create_index("ix_records_class_child", "records", ["record_class", "child_id"])
    op.create_table(
        "gallring_decisions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("decided_on", sa.String(10), nullable=False),
        sa.Column("classes", sa.Text, nullable=False),
        sa.Column("units", sa.Text, nullable=False),
        sa.Column("rules_version", sa.Integer, nullable=False),
        sa.Column("rules_hash", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.Column("executed_at", sa.String(32), nullable=True),
    )
    op.create_table(
        "gallring_disposals",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column(
            "decision_id",
            sa.String(64),
            sa.ForeignKey("gallring_decisions.id"),
            nullable=False,
            unique=True,
        ),
        sa.Column("executed_at", sa.String(32), nullable=False),
        sa.Column("counts", sa.Text, nullable=False),
        sa.Column("record_hashes", sa.Text, nullable=False),
    )
    op.create_table(
        "gallring_purges",
        sa.Column("user_id", sa.String(64), primary_key=True),
        sa.Column("record_id", sa.String(64), primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_gallring_purges_user_seq", "gallring_purges", ["user_id", "seq"])


def downgrade() -> None:
    op.drop_index("ix_gallring_purges_user_seq", table_name="gallring_purges")
    op.drop_table("gallring_purges")
    op.drop_table("gallring_disposals")
    op.drop_table("gallring_decisions")
    op.drop_index("ix_records_class_child", table_name="records")
    with op.batch_alter_table("records") as batch:
        batch.drop_column("record_class")
