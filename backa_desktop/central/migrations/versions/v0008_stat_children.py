"""Statistics per child, and where a laptop's stored audit chain starts after a disposal.

Statistics per child: one summary row per child (unit, status, has it any decision, the
lead-time milestones from its first Upptäckt, its first Skattning's means), the spans of its
status between decisions, and a queue of children whose facts were removed, so a report scans
100,000 narrow rows once instead of grouping 750,000 facts per child.

Existing facts are kept; every child that has facts is queued, so the first report after the
upgrade builds the summaries (without reading a record's JSON again).

`device_audit_checkpoints`: a disposal under the audit-log class cuts a laptop's oldest
events as a prefix of its chain and keeps the position and hash of the last one removed.

Revision ID: v0008
Revises: v0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v0008"
down_revision = "v0007"
branch_labels = None
depends_on = None

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
        "stat_children",
        sa.Column(
            "child_id",
            sa.String(64),
            sa.ForeignKey("records.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("unit_id", sa.String(64), nullable=True),
        sa.Column("status", sa.String(64), nullable=True),
        sa.Column("created", sa.String(10), nullable=True),
        sa.Column("has_decision", sa.Boolean, nullable=False),
        sa.Column("found", sa.String(10), nullable=True),
        sa.Column("days_decision", sa.Integer, nullable=True),
        sa.Column("days_plan", sa.Integer, nullable=True),
        sa.Column("days_follow_up", sa.Integer, nullable=True),
        sa.Column("first_rating", sa.String(64), nullable=True),
        *(sa.Column(f"first_{need}", sa.Float, nullable=True) for need in _NEEDS),
    )
    op.create_index("ix_stat_children_unit", "stat_children", ["unit_id"])
    op.create_table(
        "stat_spans",
        sa.Column(
            "child_id",
            sa.String(64),
            sa.ForeignKey("records.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("from_date", sa.String(10), primary_key=True),
        sa.Column("to_date", sa.String(10), nullable=True),
        sa.Column("status", sa.String(64), nullable=True),
    )
    op.create_table(
        "stat_stale",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
                  autoincrement=True),
        sa.Column("child_id", sa.String(64), nullable=False),
    )
    op.create_table(
        "device_audit_checkpoints",
        sa.Column("chain", sa.String(64), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("decision_id", sa.String(64), nullable=False),
        sa.Column("cut_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_stat_facts_child", "stat_facts", ["child_id"])
    op.create_index("ix_stat_facts_kind_date", "stat_facts", ["kind", "on_date"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION stat_facts_gone() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD.child_id IS NOT NULL THEN
                    INSERT INTO stat_stale (child_id) VALUES (OLD.child_id);
                END IF;
                RETURN NULL;
            END $$
            """
        )
        op.execute(
            "CREATE TRIGGER stat_facts_gone AFTER DELETE ON stat_facts "
            "FOR EACH ROW EXECUTE FUNCTION stat_facts_gone()"
        )
    else:
        op.execute(
            "CREATE TRIGGER stat_facts_gone AFTER DELETE ON stat_facts "
            "FOR EACH ROW WHEN OLD.child_id IS NOT NULL "
            "BEGIN INSERT INTO stat_stale (child_id) VALUES (OLD.child_id); END"
        )
    op.execute(
        "INSERT INTO stat_stale (child_id) SELECT DISTINCT child_id FROM stat_facts "
        "WHERE child_id IS NOT NULL"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER stat_facts_gone ON stat_facts")
        op.execute("DROP FUNCTION stat_facts_gone()")
    else:
        op.execute("DROP TRIGGER stat_facts_gone")
    op.drop_table("device_audit_checkpoints")
    op.drop_index("ix_stat_facts_kind_date", table_name="stat_facts")
    op.drop_index("ix_stat_facts_child", table_name="stat_facts")
    op.drop_table("stat_stale")
    op.drop_table("stat_spans")
    op.drop_index("ix_stat_children_unit", table_name="stat_children")
    op.drop_table("stat_children")
