"""One child per identity number: the identity index and the redirects of merged children.

`child_identities` maps a key of every identity number a child has or had (a SHA-256 of the
canonical number) to the child; `child_redirects` keeps each child merged into another. The
index is filled from the child records already stored, oldest first: a number held by
several children stays with the oldest (children stored before this version are not merged
after the fact; see docs/central.md, "One child per identity").

Revision ID: v0009
Revises: v0008
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from backa_desktop.central.identity_merge import identity_keys

revision = "v0009"
down_revision = "v0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "child_identities",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("child_id", sa.String(64), nullable=False),
    )
    op.create_index("ix_child_identities_child_id", "child_identities", ["child_id"])
    op.create_table(
        "child_redirects",
        sa.Column("merged_id", sa.String(64), primary_key=True),
        sa.Column("survivor_id", sa.String(64), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_unit", sa.String(64), nullable=True),
        sa.Column("envelope", sa.Text, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
    )
    op.create_index("ix_child_redirects_survivor_id", "child_redirects", ["survivor_id"])
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT id, envelope FROM records WHERE type = 'child' AND deleted = :no ORDER BY seq"
        ),
        {"no": False},
    )
    taken: dict[str, str] = {}
    for child_id, envelope in rows:
        for key in identity_keys(envelope):
            taken.setdefault(key, child_id)
    table = sa.table(
        "child_identities", sa.column("key", sa.String), sa.column("child_id", sa.String)
    )
    items = [{"key": k, "child_id": c} for k, c in taken.items()]
    for start in range(0, len(items), 1000):
        op.bulk_insert(table, items[start : start + 1000])


def downgrade() -> None:
    op.drop_index("ix_child_redirects_survivor_id", table_name="child_redirects")
    op.drop_table("child_redirects")
    op.drop_index("ix_child_identities_child_id", table_name="child_identities")
    op.drop_table("child_identities")
