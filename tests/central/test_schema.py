"""The Alembic migrations build exactly the schema `db.metadata` describes, on both databases,
and `migrate` is idempotent."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from backa_desktop.central.db import make_engine, metadata
from backa_desktop.central.migrate import upgrade


def test_migrations_match_metadata(db_url: str) -> None:
    upgrade(db_url)  # a second run changes nothing and does not fail
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()
    assert diff == []
