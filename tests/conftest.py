"""Shared test set-up: offscreen Qt, an in-memory keyring, fictional data only."""

from __future__ import annotations

import os
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("BACKA_PASSPHRASE", None)

import keyring
import pytest
from keyring.backend import KeyringBackend

from tests.keyring_memory import MemoryKeyring


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous: KeyringBackend = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
