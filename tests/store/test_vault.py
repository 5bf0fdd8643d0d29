"""The encrypted folder: key wrapping, keyring vs file, wrong passphrase, damage, recovery."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import keyring
import pytest
import sqlcipher3
from keyring.backends import fail

from backa_desktop.domain.records import RecordType
from backa_desktop.services.vault import (
    DatabaseDamaged,
    KeyUnavailable,
    VaultError,
    WeakPassphrase,
    WrongPassphrase,
)
from backa_desktop.store.crypto import parse_recovery_key
from backa_desktop.store.keystore import SERVICE
from tests.keyring_memory import MemoryKeyring
from tests.store.helpers import PASSPHRASE, make_vault


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_wrapped_key_goes_to_keyring_when_one_exists(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    vault, _ = make_vault(tmp_path / "f")
    config = vault.config()
    assert config.key_location == "keyring"
    assert (SERVICE, config.folder_id) in memory_keyring.store
    assert not (tmp_path / "f" / "wrapped-key.json").exists()
    stored = memory_keyring.store[(SERVICE, config.folder_id)]
    assert "ciphertext" in stored and "argon2id" in stored




def test_without_keyring_the_wrapped_key_is_a_file(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    vault, recovery = make_vault(tmp_path / "f")
    assert vault.config().key_location == "file"
    blob = (tmp_path / "f" / "wrapped-key.json").read_text()
    assert parse_recovery_key(recovery).hex() not in blob.lower()
    with vault.unlock(PASSPHRASE) as session:
        assert session.me()["name"] == "Testa Testsson"


def test_recovery_key_opens_database_as_sqlcipher4(tmp_path: Path) -> None:
    vault, recovery = make_vault(tmp_path / "f")
    key_hex = parse_recovery_key(recovery).hex()
    conn = sqlcipher3.connect(str(vault.db_path))
    conn.execute(f"PRAGMA key = \"x'{key_hex}'\"")
    assert conn.execute("SELECT count(*) FROM records").fetchone()[0] >= 2
    assert conn.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
    conn.close()
    with pytest.raises(sqlite3.DatabaseError):
        plain = sqlite3.connect(str(vault.db_path))
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()


def test_wrong_passphrase_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    vault, _ = make_vault(tmp_path / "f")
    before = _files(tmp_path / "f")
    with pytest.raises(WrongPassphrase, match="Fel lösenfras"):
        vault.unlock("fel-lösenfras")
    assert _files(tmp_path / "f") == before


def test_weak_passphrase_rejected(tmp_path: Path) -> None:
    from backa_desktop.services.vault import NewUser, Vault

    with pytest.raises(WeakPassphrase, match="minst 8 tecken"):
        Vault(tmp_path / "f").create("kort", NewUser(name="A", unit_name="B"))
    assert not (tmp_path / "f" / "backa.db").exists()


@pytest.mark.parametrize("damage", ["truncate", "garble", "empty"])
def test_damaged_database_gives_clear_error_and_is_left_alone(
    tmp_path: Path, damage: str
) -> None:
    vault, _ = make_vault(tmp_path / "f")
    data = vault.db_path.read_bytes()
    if damage == "truncate":
        data = data[: len(data) // 3]
    elif damage == "garble":
        data = data[:4096] + bytes(b ^ 0x5A for b in data[4096:8192]) + data[8192:]
        data = bytes(b ^ 0xFF for b in data[:64]) + data[64:]
    else:
        data = b""
    vault.db_path.write_bytes(data)
    with pytest.raises(DatabaseDamaged) as info:
        vault.unlock(PASSPHRASE)
    assert "Ingenting har ändrats" in str(info.value) or "avkortad" in str(info.value)
    assert vault.db_path.read_bytes() == data


def test_missing_key_is_its_own_error_not_wrong_passphrase(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    vault, _ = make_vault(tmp_path / "f")
    memory_keyring.store.clear()
    with pytest.raises(KeyUnavailable, match="backa recover"):
        vault.unlock(PASSPHRASE)


def test_keyring_gone_is_reported_as_keyring_problem(tmp_path: Path) -> None:
    vault, _ = make_vault(tmp_path / "f")
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(KeyUnavailable, match="Nyckelringen"):
        vault.unlock(PASSPHRASE)


def test_change_passphrase_keeps_database_key(tmp_path: Path) -> None:
    vault, recovery = make_vault(tmp_path / "f")
    vault.change_passphrase(PASSPHRASE, "helt-ny-fras-2")
    with pytest.raises(WrongPassphrase):
        vault.unlock(PASSPHRASE)
    with vault.unlock("helt-ny-fras-2") as session:
        assert session.repo.find(RecordType.STAFF)
    # the raw key (recovery key) is unchanged: the database was not re-encrypted
    conn = sqlcipher3.connect(str(vault.db_path))
    conn.execute(f"PRAGMA key = \"x'{parse_recovery_key(recovery).hex()}'\"")
    assert conn.execute("SELECT count(*) FROM records").fetchone()[0] >= 2
    conn.close()


def test_change_passphrase_with_wrong_old_changes_nothing(tmp_path: Path) -> None:
    vault, _ = make_vault(tmp_path / "f")
    with pytest.raises(WrongPassphrase):
        vault.change_passphrase("inte-rätt-alls", "helt-ny-fras-2")
    vault.unlock(PASSPHRASE).close()


def test_recover_replaces_forgotten_passphrase(tmp_path: Path) -> None:
    vault, recovery = make_vault(tmp_path / "f")
    vault.recover(recovery.lower().replace("-", " "), "återställd-fras")
    vault.unlock("återställd-fras").close()
    with pytest.raises(WrongPassphrase):
        vault.unlock(PASSPHRASE)


def test_recover_with_wrong_key_changes_nothing(tmp_path: Path) -> None:
    vault, _ = make_vault(tmp_path / "f")
    with pytest.raises(VaultError):
        vault.recover("0" * 64, "återställd-fras")
    with pytest.raises(VaultError, match="64 tecken"):
        vault.recover("inte en nyckel", "återställd-fras")
    vault.unlock(PASSPHRASE).close()


def test_lock_closes_connection(tmp_path: Path) -> None:
    vault, _ = make_vault(tmp_path / "f")
    session = vault.unlock(PASSPHRASE)
    session.close()
    with pytest.raises(sqlcipher3.ProgrammingError):
        session.db.query("SELECT 1")
