"""The laptops' audit logs on the central store (chained events and each laptop's chain
head) and the recorded log reviews (loggkontroller).

Revision ID: v0004
Revises: v0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v0004"
down_revision = "v0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_audit",
        sa.Column("chain", sa.String(64), primary_key=True),
        sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(64), nullable=True),
        sa.Column("child_id", sa.String(64), nullable=True),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("received_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_device_audit_chain_id", "device_audit", ["chain", "id"], unique=True)
    op.create_index("ix_device_audit_child_at", "device_audit", ["child_id", "at"])
    op.create_index("ix_device_audit_user_at", "device_audit", ["user_id", "at"])
    op.create_table(
        "device_audit_heads",
        sa.Column("chain", sa.String(64), primary_key=True),
        sa.Column("head", sa.String(64), nullable=False),
        sa.Column("count", sa.BigInteger, nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "log_checks",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("date_from", sa.String(10), nullable=False),
        sa.Column("date_to", sa.String(10), nullable=False),
        sa.Column("reviewer_id", sa.String(64), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("findings", sa.Text, nullable=False),
    )
    op.create_index("ix_log_checks_unit_id", "log_checks", ["unit_id"])


def downgrade() -> None:
    op.drop_index("ix_log_checks_unit_id", table_name="log_checks")
    op.drop_table("log_checks")
    op.drop_table("device_audit_heads")
    op.drop_index("ix_device_audit_user_at", table_name="device_audit")
    op.drop_index("ix_device_audit_child_at", table_name="device_audit")
    op.drop_index("ix_device_audit_chain_id", table_name="device_audit")
    op.drop_table("device_audit")
