"""Backups a nurse or IT can restore on another laptop.

A backup is one tar file: the database copied with `VACUUM INTO` (a consistent snapshot, still
encrypted with the same key), the key wrapped with the passphrase in force when the backup was
made, and a manifest. Nothing in it is readable without that passphrase or the recovery key.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from backa_desktop import __version__
from backa_desktop.domain.records import utc_now, uuid7
from backa_desktop.services.vault import (
    AlreadyInitialised,
    Session,
    Vault,
    VaultError,
    WrongPassphrase,
)
from backa_desktop.store import crypto
from backa_desktop.store.database import DB_FILE, Database, DatabaseUnreadable
from backa_desktop.store.files import write_private_file
from backa_desktop.store.folder import FOLDER_FILE, FolderConfig
from backa_desktop.store.migrations import schema_version

MANIFEST = "manifest.json"
WRAPPED = "wrapped-key.json"


def make_backup(session: Session, passphrase: str, out: Path) -> Path:
    """Write an encrypted backup of the unlocked folder to `out` (atomically)."""
    wrapped = session.vault._load_wrapped(session.config)
    try:
        crypto.unwrap_key(wrapped, passphrase)
    except crypto.WrongPassphrase as exc:
        raise WrongPassphrase("backup.wrong_passphrase") from exc
    with tempfile.TemporaryDirectory(dir=out.parent if out.parent.exists() else None) as tmp:
        snapshot = Path(tmp) / DB_FILE
        session.db.execute("VACUUM INTO ?", (str(snapshot),))
        manifest = {
            "format": 1,
            "app_version": __version__,
            "schema_version": schema_version(session.db),
            "created_at": utc_now(),
            "demo": session.config.demo,
        }
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            for name, data in (
                (MANIFEST, json.dumps(manifest, indent=2).encode()),
                (WRAPPED, wrapped.model_dump_json().encode()),
            ):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mode = 0o600
                tar.addfile(info, io.BytesIO(data))
            tar.add(snapshot, arcname=DB_FILE)
        write_private_file(out, buffer.getvalue())
    session.audit.append("export", detail="säkerhetskopia")
    return out


MAX_MEMBER_BYTES = {MANIFEST: 64 * 1024, WRAPPED: 64 * 1024}


def restore_backup(backup: Path, data_dir: Path, passphrase: str) -> Vault:
    """Unpack a backup into a new, empty data folder. The backup's passphrase opens it.

    The backup is a file from outside: every part is checked (regular files only, sane sizes,
    a manifest that is an object, KDF parameters within bounds, a database that passes the
    full damage check) before anything is written, and a failure at any later step removes
    what was written, so the same restore can simply be run again.
    """
    vault = Vault(data_dir)
    if vault.exists or vault.db_path.exists():
        raise AlreadyInitialised("backup.folder_not_empty", folder=str(data_dir))
    wrapped, db_bytes, manifest = _read_backup(backup)
    try:
        db_key = crypto.unwrap_key(wrapped, passphrase)
    except crypto.WrongPassphrase as exc:
        raise WrongPassphrase("backup.wrong_backup_passphrase") from exc
    created_dir = not data_dir.exists()
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    staging = data_dir / f".restore-{uuid7()}.db"
    config: FolderConfig | None = None
    try:
        write_private_file(staging, db_bytes)
        _check_restored_database(staging, db_key)
        os.replace(staging, vault.db_path)
        config = FolderConfig.new(key_location="file", demo=manifest.get("demo") is True)
        location = vault.keystore(config).save(wrapped)
        config = config.model_copy(update={"key_location": location})
        config.save(data_dir)
        session = vault.unlock(passphrase)
        try:
            session.audit.append("restore", detail="återställd från säkerhetskopia")
        finally:
            session.close()
    except BaseException:
        _remove_restored(vault, staging, config, remove_dir=created_dir)
        raise
    return vault


def _read_backup(backup: Path) -> tuple[crypto.WrappedKey, bytes, dict[str, object]]:
    not_a_backup = VaultError("backup.not_a_backup")
    try:
        with tarfile.open(backup, mode="r") as tar:
            members = {m.name: m for m in tar.getmembers()}
            if not {MANIFEST, WRAPPED, DB_FILE} <= set(members):
                raise not_a_backup
            for name in (MANIFEST, WRAPPED, DB_FILE):
                member = members[name]
                # A link or device here would read another file (or another member).
                if not member.isfile() or member.size > MAX_MEMBER_BYTES.get(name, 1 << 40):
                    raise VaultError("backup.member_not_a_file", member=name)
            wrapped_json = _read(tar, members[WRAPPED])
            manifest = json.loads(_read(tar, members[MANIFEST]))
            db_bytes = _read(tar, members[DB_FILE])
    except VaultError:
        raise
    except (tarfile.TarError, OSError, ValueError, RecursionError) as exc:
        raise VaultError("backup.unreadable") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != 1:
        raise VaultError("backup.manifest_damaged")
    try:
        wrapped = crypto.load_wrapped_key(wrapped_json, "backup")
    except crypto.WrappedKeyDamaged as exc:
        raise VaultError.carrying(exc) from None
    return wrapped, db_bytes, manifest


def _check_restored_database(path: Path, db_key: bytes) -> None:
    try:
        db = Database(path, db_key)
    except DatabaseUnreadable as exc:
        raise VaultError("backup.database_unreadable") from exc
    try:
        problems = db.check_damage(full=True)
    finally:
        db.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if problems:
        raise VaultError("backup.database_damaged")


def _remove_restored(
    vault: Vault, staging: Path, config: FolderConfig | None, *, remove_dir: bool
) -> None:
    """Undo a failed restore: nothing half-restored may block the next attempt."""
    paths = [staging, vault.db_path, vault.data_dir / FOLDER_FILE, vault.data_dir / WRAPPED]
    for path in paths:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    if config is not None:
        with contextlib.suppress(Exception):
            vault.keystore(config).delete()
    if remove_dir:
        with contextlib.suppress(OSError):
            shutil.rmtree(vault.data_dir / "logs", ignore_errors=True)
            vault.data_dir.rmdir()


def _read(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    handle = tar.extractfile(member)
    if handle is None:
        raise ValueError(member.name)
    with handle:
        return handle.read()


def copy_folder(src: Path, dst: Path) -> None:
    """Plain copy of a closed folder (used by tests and the benchmark cache)."""
    shutil.copytree(src, dst)
