"""The run's one PostgreSQL cluster hands each user a database of its own: what one test
writes, another cannot see."""

from __future__ import annotations

import psycopg

from tests.postgres import PostgresCluster


def _tables(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    return [str(r[0]) for r in rows]


def test_each_use_gets_a_fresh_database_in_the_one_cluster(
    pg_cluster: PostgresCluster, pg_database: str
) -> None:
    assert f":{pg_cluster.port}/" in pg_database
    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute("CREATE TABLE left_behind (x integer)")
    assert _tables(pg_database) == ["left_behind"]
    other = pg_cluster.new_database()
    assert other != pg_database
    assert _tables(other) == []
