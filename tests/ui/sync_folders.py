"""Laptop folders for the app's sync tests: made, enrolled and synced the way a user's would be,
shared by every UI test that talks to a central store."""

from __future__ import annotations

from pathlib import Path

from backa_desktop.services import sync_service
from backa_desktop.services.overview import load_directory
from backa_desktop.services.vault import NewUser, Vault
from tests.central.people import PASSWORD
from tests.services.workflow_helpers import PASSPHRASE, TEST_KDF


def fresh_vault(path: Path, name: str) -> Vault:
    vault = Vault(path, kdf=TEST_KDF)
    vault.create(PASSPHRASE, NewUser(name=name, unit_name="Provenheten"))
    return vault


def enroll_folder(vault: Vault, url: str, username: str) -> None:
    with vault.unlock(PASSPHRASE) as s:
        sync_service.enroll_device(s, url, username, PASSWORD, vault.data_dir.name)


def sync_folder(vault: Vault) -> sync_service.SyncOutcome:
    with vault.unlock(PASSPHRASE) as s:
        return sync_service.run_sync(s, load_directory(s))
