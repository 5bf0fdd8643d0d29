"""An index on `gallring_purges.seq` alone: the pull's horizon asks for the highest number
in use below it in every ordered table, and without this index that question scanned the
whole disposal feed on every page.

Revision ID: v0007
Revises: v0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "v0007"
down_revision = "v0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_gallring_purges_seq", "gallring_purges", ["seq"])


def downgrade() -> None:
    op.drop_index("ix_gallring_purges_seq", table_name="gallring_purges")
