"""Opening and closing a data folder: create, unlock, lock, change passphrase, recover.

Every failure a user can cause becomes a `VaultError` whose message (a key, domain/errors.py)
says what happened and that nothing was changed; callers (CLI, GUI) show the message in their
language, never a traceback.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backa_desktop.domain.errors import UserError
from backa_desktop.domain.records import RecordType
from backa_desktop.store import crypto
from backa_desktop.store.audit import AuditLog
from backa_desktop.store.children import ChildIndex
from backa_desktop.store.database import (
    DAMAGED_MESSAGE,
    DB_FILE,
    Database,
    DatabaseUnreadable,
    is_damage,
)
from backa_desktop.store.database import (
    DatabaseReadOnly as DatabaseReadOnly,  # the front ends catch it through services
)
from backa_desktop.store.drafts import DraftStore
from backa_desktop.store.folder import FOLDER_FILE, FolderConfig, FolderDamaged
from backa_desktop.store.keystore import KeyDamagedError, KeyMissing, KeyStore, backend_name
from backa_desktop.store.migrations import LATEST, SchemaTooNew, migrate, schema_version
from backa_desktop.store.records import RecordRepository
from backa_desktop.store.settings import get_setting, set_setting

log = logging.getLogger(__name__)

MIN_PASSPHRASE = 8
ME_KEY = "me_staff_id"
SYSTEM_ACTOR = "system"


class VaultError(UserError):
    """A user-facing failure; the key names the message (str() is the Swedish text)."""


class NotInitialised(VaultError):
    pass


class AlreadyInitialised(VaultError):
    pass


class WrongPassphrase(VaultError):
    pass


class WeakPassphrase(VaultError):
    pass


class KeyUnavailable(VaultError):
    pass


class KeyDamaged(KeyUnavailable):
    """The stored wrapped key is malformed or asks for KDF parameters out of bounds."""


class DatabaseDamaged(VaultError):
    pass


@dataclass
class NewUser:
    """Who I am, asked at first run."""

    name: str
    unit_name: str
    verksamhet: str = "bvc"
    title: str = ""
    roles: list[str] = field(default_factory=lambda: ["upptackare"])
    trained_to_rate: bool = False


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise WeakPassphrase("vault.weak_passphrase", min=MIN_PASSPHRASE)


class Session:
    """An unlocked folder. Owns the one connection; use it from one thread only."""

    def __init__(self, vault: Vault, db: Database, config: FolderConfig) -> None:
        self.vault = vault
        self.db = db
        self.config = config
        self.device_id = config.device_id
        self.me_id = get_setting(db, ME_KEY) or SYSTEM_ACTOR
        self.audit = AuditLog(db, actor=self.me_id, device=self.device_id)
        self.repo = RecordRepository(db, self.audit, actor=self.me_id, device=self.device_id)
        self.drafts = DraftStore(db)
        self.child_index = ChildIndex(db)
        self.closed = False

    @property
    def damaged(self) -> str | None:
        """The message to show when the database was opened read-only because it is damaged."""
        return DAMAGED_MESSAGE if self.db.read_only else None

    @property
    def data_dir(self) -> Path:
        return self.vault.data_dir

    def me(self) -> dict[str, Any]:
        record = self.repo.get(self.me_id)
        return dict(record.body) if record else {}

    def close(self) -> None:
        """Lock: close the connection; the key goes with it."""
        if not self.closed:
            self.db.close()
            self.closed = True

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Vault:
    def __init__(self, data_dir: Path, *, kdf: crypto.KdfParams | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.kdf = kdf or crypto.KdfParams()

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILE

    @property
    def exists(self) -> bool:
        return (self.data_dir / FOLDER_FILE).exists()

    def config(self) -> FolderConfig:
        if not self.exists:
            raise NotInitialised("vault.not_a_folder", folder=str(self.data_dir))
        try:
            return FolderConfig.load(self.data_dir)
        except FolderDamaged as exc:
            raise VaultError.carrying(exc) from None

    def keystore(self, config: FolderConfig) -> KeyStore:
        return KeyStore(self.data_dir, config.folder_id)

    # -- create --------------------------------------------------------------------------
    def create(self, passphrase: str, user: NewUser, *, demo: bool = False) -> str:
        """Make a new folder; return the recovery key (shown once, for IT to store)."""
        if self.exists or self.db_path.exists():
            raise AlreadyInitialised("vault.exists", folder=str(self.data_dir))
        check_passphrase(passphrase)
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        db_key = crypto.new_database_key()
        wrapped = crypto.wrap_key(db_key, passphrase, self.kdf)
        config = FolderConfig.new(key_location="file", demo=demo)
        location = self.keystore(config).save(wrapped)
        config = config.model_copy(
            update={
                "key_location": location,
                "keyring_backend": backend_name() if location == "keyring" else None,
            }
        )
        db = Database(self.db_path, db_key, create=True)
        try:
            migrate(db)
            session = Session(self, db, config)
            repo = RecordRepository(db, session.audit, actor=SYSTEM_ACTOR, device=config.device_id)
            unit = repo.create(
                RecordType.UNIT, {"name": user.unit_name, "verksamhet": user.verksamhet}
            )
            me = repo.create(
                RecordType.STAFF,
                {
                    "name": user.name,
                    "title": user.title,
                    "unit_id": unit.id,
                    "roles": user.roles,
                    "trained_to_rate": user.trained_to_rate,
                },
            )
            with db.transaction():
                set_setting(db, ME_KEY, me.id)
        finally:
            db.close()
        config.save(self.data_dir)
        log.info("created data folder %s (key in %s)", config.folder_id, location)
        return crypto.format_recovery_key(db_key)

    # -- open ----------------------------------------------------------------------------
    def _load_wrapped(self, config: FolderConfig) -> crypto.WrappedKey:
        try:
            return self.keystore(config).load(config.key_location)
        except KeyDamagedError as exc:
            raise KeyDamaged.carrying(exc) from None
        except KeyMissing as exc:
            raise KeyUnavailable.carrying(exc) from exc

    def unwrap(self, passphrase: str) -> bytes:
        config = self.config()
        wrapped = self._load_wrapped(config)
        try:
            return crypto.unwrap_key(wrapped, passphrase)
        except crypto.WrongPassphrase as exc:
            raise WrongPassphrase("vault.wrong_passphrase") from exc

    def open_with_key(self, db_key: bytes, *, check: bool = True) -> Session:
        """Open the database. Unless `check` is off, look for damaged pages first (once per
        open): a damaged database is opened read-only (`Session.damaged` says why) and
        nothing, not even the unlock event, is written to it."""
        config = self.config()
        try:
            db = Database(self.db_path, db_key)
        except DatabaseUnreadable as exc:
            raise DatabaseDamaged.carrying(exc) from exc
        try:
            if check and db.check_damage():
                log.warning("database damaged; opened read-only")
                if schema_version(db) != LATEST:
                    raise DatabaseDamaged("database.damaged_old_schema")
                return Session(self, db, config)
            migrate(db)
        except SchemaTooNew as exc:
            db.close()
            raise VaultError.carrying(exc) from exc
        except (VaultError, DatabaseReadOnly) as exc:
            db.close()
            raise DatabaseDamaged.carrying(exc) from exc
        except Exception as exc:
            db.close()
            if is_damage(exc):
                raise DatabaseDamaged("database.damaged") from exc
            raise
        if config.key_location == "keyring" and config.keyring_backend not in (
            None,
            backend_name(),
        ):
            log.warning("keyring backend changed since the folder was created")
        session = Session(self, db, config)
        session.audit.append("unlock")
        return session

    def unlock(self, passphrase: str) -> Session:
        return self.open_with_key(self.unwrap(passphrase))

    # -- key management ------------------------------------------------------------------
    def change_passphrase(self, old: str, new: str) -> None:
        """Rewrap the same database key; the database file is not touched."""
        check_passphrase(new)
        db_key = self.unwrap(old)
        self._store_new_wrapping(db_key, new)

    def recover(self, recovery_key: str, new_passphrase: str) -> None:
        """Replace a forgotten passphrase using the recovery key IT stored at init."""
        check_passphrase(new_passphrase)
        try:
            db_key = crypto.parse_recovery_key(recovery_key)
        except crypto.BadRecoveryKey as exc:
            raise VaultError.carrying(exc) from exc
        config = self.config()
        try:
            Database(self.db_path, db_key).close()
        except DatabaseUnreadable as exc:
            raise WrongPassphrase("vault.recovery_key_wrong") from exc
        self._store_new_wrapping(db_key, new_passphrase, config)

    def _store_new_wrapping(
        self, db_key: bytes, passphrase: str, config: FolderConfig | None = None
    ) -> None:
        config = config or self.config()
        wrapped = crypto.wrap_key(db_key, passphrase, self.kdf)
        location = self.keystore(config).save(wrapped)
        if location != config.key_location:
            config = config.model_copy(
                update={
                    "key_location": location,
                    "keyring_backend": backend_name() if location == "keyring" else None,
                }
            )
            config.save(self.data_dir)
        with contextlib.suppress(Exception):
            session = self.open_with_key(db_key)
            try:
                session.audit.append("change_passphrase")
            finally:
                session.close()
