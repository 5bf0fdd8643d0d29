"""Fixtures: the server tests run on PostgreSQL and on SQLite, each against a real
`backa-central serve` process. The PostgreSQL database is a fresh one in the run's shared
cluster (`pg_cluster`, tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backa_desktop.central.service import CentralService
from tests.central.people import People, make_people
from tests.central.support import (
    Api,
    PostgresCluster,
    ServerProcess,
    migrated,
    service_for,
)


@pytest.fixture(scope="session", params=["postgresql", "sqlite"])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "postgresql":
        cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
        return migrated(cluster.new_database())
    return migrated(f"sqlite:///{tmp_path_factory.mktemp('central') / 'central.db'}")


@pytest.fixture(scope="session")
def server(db_url: str) -> Iterator[ServerProcess]:
    process = ServerProcess(db_url).start()
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
def api(server: ServerProcess) -> Iterator[Api]:
    client = Api(server.base_url)
    try:
        yield client
    finally:
        client.close()


@pytest.fixture(scope="session")
def service(db_url: str) -> Iterator[CentralService]:
    svc = service_for(db_url)
    try:
        yield svc
    finally:
        svc.engine.dispose()


@pytest.fixture
def people(service: CentralService) -> People:
    return make_people(service)


@pytest.fixture(params=["postgresql", "sqlite"])
def own_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CentralService]:
    """A store of its own, for tests whose whole-municipality figures must not see other tests'
    data (the session's `service` is shared)."""
    if request.param == "postgresql":
        cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
        url = migrated(cluster.new_database())
    else:
        url = migrated(f"sqlite:///{tmp_path_factory.mktemp('own') / 'central.db'}")
    service = service_for(url)
    try:
        yield service
    finally:
        service.engine.dispose()
