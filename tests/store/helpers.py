"""Helpers for tests that need a real, encrypted data folder."""

from __future__ import annotations

from pathlib import Path

from backa_desktop.services.vault import NewUser, Vault
from backa_desktop.store.crypto import KdfParams

PASSPHRASE = "rätt-lösenfras-1"
# Lighter than production so the suite stays quick; production parameters are exercised by
# the CLI tests, which run the real defaults.
TEST_KDF = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)


def make_vault(path: Path, *, trained: bool = True) -> tuple[Vault, str]:
    vault = Vault(path, kdf=TEST_KDF)
    recovery = vault.create(
        PASSPHRASE,
        NewUser(name="Testa Testsson", unit_name="BVC Provstad", trained_to_rate=trained,
                roles=["upptackare", "barnkontakt"]),
    )
    return vault, recovery
