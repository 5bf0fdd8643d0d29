"""The sync tests use the central store's real-parts fixtures (their own instances: a fresh
database in the run's PostgreSQL cluster and a server per backend for this folder)."""

from tests.central.conftest import api, db_url, people, server, service

__all__ = ["api", "db_url", "people", "server", "service"]
