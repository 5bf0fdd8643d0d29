"""The Alembic migrations build exactly the schema `db.metadata` describes, on both databases,
and `migrate` is idempotent."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from backa_desktop.central.db import make_engine, metadata
from backa_desktop.central.migrate import alembic_config, upgrade


def test_migrations_match_metadata(db_url: str) -> None:
    upgrade(db_url)  # a second run changes nothing and does not fail
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_v0010_child_merges_downgrades_and_upgrades_again(pg_database: str) -> None:
    """The manual merge's table comes and goes with its migration, on a store already at
    v0009 (as every installed store is)."""
    upgrade(pg_database)
    engine = make_engine(pg_database)
    try:
        for target, present in (("v0009", False), ("head", True)):
            with engine.begin() as conn:
                config = alembic_config(pg_database)
                config.attributes["connection"] = conn
                if target == "head":
                    command.upgrade(config, target)
                else:
                    command.downgrade(config, target)
            with engine.connect() as conn:
                assert ("child_merges" in inspect(conn).get_table_names()) is present
    finally:
        engine.dispose()
