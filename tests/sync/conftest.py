"""The sync tests share the central store's real-parts fixtures."""

from tests.central.conftest import api, db_url, pg_cluster, server

__all__ = ["api", "db_url", "pg_cluster", "server"]
