"""Helpers for tests that need a real, encrypted data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import keyring
from keyring.backends import fail

from backa_desktop.services.vault import NewUser, Vault
from backa_desktop.store.crypto import KdfParams

PASSPHRASE = "rätt-lösenfras-1"
# Lighter than production so the suite stays quick (and within Argon2's own minimums: one
# pass, at least 8 KiB per lane); production parameters are exercised by the `backa init`
# test in tests/test_cli.py, which runs the real defaults.
TEST_KDF = KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1)


def make_vault(path: Path, *, trained: bool = True) -> tuple[Vault, str]:
    vault = Vault(path, kdf=TEST_KDF)
    recovery = vault.create(
        PASSPHRASE,
        NewUser(name="Testa Testsson", unit_name="BVC Provstad", trained_to_rate=trained,
                roles=["upptackare", "barnkontakt"]),
    )
    return vault, recovery


def make_cli_folder(
    path: Path, passphrase: str, *, name: str = "Ny användare", demo: bool = False
) -> str:
    """A folder as `backa init` makes it (same user, roles and defaults), but wrapped with the
    tests' cheap KDF; return the recovery key.

    The KDF parameters travel with the wrapped key, so every `backa` process the test starts
    on the folder unlocks it cheaply; the production cost is paid only where `init` itself is
    tested. The key goes to wrapped-key.json (as when no keyring exists), not to the tests'
    in-memory keyring, so another process can find it.
    """
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        return Vault(path, kdf=TEST_KDF).create(
            passphrase,
            NewUser(
                name=name,
                unit_name="Min enhet",
                verksamhet="bvc",
                roles=["upptackare", "barnkontakt"],
            ),
            demo=demo,
        )
    finally:
        keyring.set_keyring(previous)


def backa_process(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`backa --data-dir FOLDER ARGS` as a process, with the demo passphrase and no keyring."""
    env = {
        **os.environ,
        "BACKA_PASSPHRASE": "demo-backa-fras",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    return subprocess.run(
        [sys.executable, "-m", "backa_desktop.cli", "--data-dir", str(folder), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def damage_page(db: Path) -> None:
    """Overwrite bytes in the middle of the encrypted file: that page's HMAC now fails."""
    size = db.stat().st_size
    with db.open("r+b") as handle:
        handle.seek(size // 2 + 100)
        handle.write(b"\x00" * 64)
