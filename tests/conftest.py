"""Shared test set-up: offscreen Qt, an in-memory keyring, fictional data only, and one
PostgreSQL cluster for the whole run (started the first time a test asks for it)."""

from __future__ import annotations

import os
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("BACKA_PASSPHRASE", None)

import keyring
import pytest
from keyring.backend import KeyringBackend

from tests.keyring_memory import MemoryKeyring
from tests.postgres import PostgresCluster, postgres_cluster


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous: KeyringBackend = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    """One throwaway cluster serves every test that needs PostgreSQL; a session fixture only
    starts when first requested, so a run without such tests never pays for it."""
    with postgres_cluster() as cluster:
        yield cluster


@pytest.fixture
def pg_database(pg_cluster: PostgresCluster) -> str:
    """The URL of a fresh, empty database in the shared cluster, for this test alone."""
    return pg_cluster.new_database()
