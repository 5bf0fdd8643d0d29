"""Alembic environment for the central store. Run through `backa-central migrate` (or
`backa_desktop.central.migrate.upgrade`), which passes the database URL or a connection."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from backa_desktop.central.db import make_engine, metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    assert url, "no database URL given"
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run backa-central migrate")
run_migrations_online()
