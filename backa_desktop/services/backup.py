"""Backups a nurse or IT can restore on another laptop.

A backup is one tar file: the database copied with `VACUUM INTO` (a consistent snapshot, still
encrypted with the same key), the key wrapped with the passphrase in force when the backup was
made, and a manifest. Nothing in it is readable without that passphrase or the recovery key.
"""

from __future__ import annotations

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
from backa_desktop.store.folder import FolderConfig
from backa_desktop.store.migrations import schema_version

MANIFEST = "manifest.json"
WRAPPED = "wrapped-key.json"


def make_backup(session: Session, passphrase: str, out: Path) -> Path:
    """Write an encrypted backup of the unlocked folder to `out` (atomically)."""
    wrapped = session.vault._load_wrapped(session.config)
    try:
        crypto.unwrap_key(wrapped, passphrase)
    except crypto.WrongPassphrase as exc:
        raise WrongPassphrase("Fel lösenfras. Ingen säkerhetskopia skapades.") from exc
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


def restore_backup(backup: Path, data_dir: Path, passphrase: str) -> Vault:
    """Unpack a backup into a new, empty data folder. The backup's passphrase opens it."""
    vault = Vault(data_dir)
    if vault.exists or vault.db_path.exists():
        raise AlreadyInitialised(
            f"Mappen {data_dir} innehåller redan en Backa-databas. Välj en tom mapp."
        )
    try:
        with tarfile.open(backup, mode="r") as tar:
            members = {m.name: m for m in tar.getmembers()}
            if not {MANIFEST, WRAPPED, DB_FILE} <= set(members):
                raise VaultError("Filen är inte en säkerhetskopia från Backa Desktop.")
            wrapped = crypto.WrappedKey.model_validate_json(_read(tar, members[WRAPPED]))
            db_bytes = _read(tar, members[DB_FILE])
            manifest = json.loads(_read(tar, members[MANIFEST]))
    except (tarfile.TarError, OSError, ValueError) as exc:
        raise VaultError(
            "Säkerhetskopian går inte att läsa (skadad eller fel sorts fil)."
        ) from exc
    try:
        db_key = crypto.unwrap_key(wrapped, passphrase)
    except crypto.WrongPassphrase as exc:
        raise WrongPassphrase(
            "Fel lösenfras för säkerhetskopian (den som gällde när kopian gjordes)."
        ) from exc
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    staging = data_dir / f".restore-{uuid7()}.db"
    write_private_file(staging, db_bytes)
    try:
        Database(staging, db_key).close()
    except DatabaseUnreadable as exc:
        staging.unlink(missing_ok=True)
        raise VaultError("Databasen i säkerhetskopian är skadad. Ingenting återställdes.") from exc
    for suffix in ("-wal", "-shm"):
        Path(f"{staging}{suffix}").unlink(missing_ok=True)
    os.replace(staging, vault.db_path)
    config = FolderConfig.new(key_location="file", demo=bool(manifest.get("demo", False)))
    location = vault.keystore(config).save(wrapped)
    config = config.model_copy(update={"key_location": location})
    config.save(data_dir)
    session = vault.unlock(passphrase)
    try:
        session.audit.append("restore", detail="återställd från säkerhetskopia")
    finally:
        session.close()
    return vault


def _read(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    handle = tar.extractfile(member)
    if handle is None:
        raise ValueError(member.name)
    with handle:
        return handle.read()


def copy_folder(src: Path, dst: Path) -> None:
    """Plain copy of a closed folder (used by tests and the benchmark cache)."""
    shutil.copytree(src, dst)
