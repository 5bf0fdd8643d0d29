"""Log-in throttling as one atomic counter per (user name, client address) instead of one
row per failed log-in (counted, then inserted, which did not hold across server processes).

Revision ID: v0002
Revises: v0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v0002"
down_revision = "v0001"
branch_labels = None
depends_on = None

_BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("username", sa.String(200), primary_key=True),
        sa.Column("client", sa.String(64), primary_key=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("window_start", sa.String(32), nullable=False),
    )
    op.create_index("ix_login_throttle_window_start", "login_throttle", ["window_start"])
    # Failures older than a window mean nothing; the few recent ones are simply forgotten.
    op.drop_index("ix_login_failures_username_at", table_name="login_failures")
    op.drop_table("login_failures")


def downgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", _BigId, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(200), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
    )
    op.create_index("ix_login_failures_username_at", "login_failures", ["username", "at"])
    op.drop_index("ix_login_throttle_window_start", table_name="login_throttle")
    op.drop_table("login_throttle")
