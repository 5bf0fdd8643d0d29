"""Where the wrapped key lives: the OS keyring when one really exists, else a file.

Practice from Vorta #385/#1361 and Signal: a missing keyring is its own, plainly reported
condition (never "wrong passphrase"), the file fallback holds only the *wrapped* key (still
protected by the passphrase), and the folder remembers which backend holds the key so a
change of backend is noticed instead of looking like data loss.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import keyring
import keyring.errors
from keyring.backends import fail

from backa_desktop.domain.errors import UserError
from backa_desktop.store.crypto import WrappedKey, WrappedKeyDamaged, load_wrapped_key
from backa_desktop.store.files import write_private_file

SERVICE = "backa-desktop"
WRAPPED_KEY_FILE = "wrapped-key.json"


class KeyMissing(UserError):
    """No wrapped key was found where the folder says it is kept."""


class KeyDamagedError(KeyMissing):
    """A wrapped key was found but is malformed (or its KDF parameters are out of bounds)."""


def keyring_available() -> bool:
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return False
    try:
        from keyring.backends import null

        if isinstance(backend, null.Keyring):
            return False
    except ImportError:  # pragma: no cover - null backend ships with keyring
        pass
    return True


def backend_name() -> str:
    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


class KeyStore:
    """Stores one folder's wrapped key under the folder id (no personal data in the name)."""

    def __init__(self, data_dir: Path, folder_id: str) -> None:
        self.data_dir = data_dir
        self.folder_id = folder_id

    @property
    def _file(self) -> Path:
        return self.data_dir / WRAPPED_KEY_FILE

    def save(self, wrapped: WrappedKey, *, location: str | None = None) -> str:
        """Save and return where it went: "keyring" or "file"."""
        payload = wrapped.model_dump_json()
        if location in (None, "keyring") and keyring_available():
            try:
                keyring.set_password(SERVICE, self.folder_id, payload)
                if self._file.exists():
                    self._file.unlink()
                return "keyring"
            except keyring.errors.KeyringError:
                if location == "keyring":
                    raise
        write_private_file(self._file, payload.encode("utf-8"))
        return "file"

    def load(self, location: str) -> WrappedKey:
        payload: str | None
        if location == "keyring":
            if not keyring_available():
                raise KeyMissing("key.keyring_unreachable")
            try:
                payload = keyring.get_password(SERVICE, self.folder_id)
            except keyring.errors.KeyringError as exc:
                raise KeyMissing("key.keyring_error", error=type(exc).__name__) from exc
        else:
            try:
                payload = self._file.read_text("utf-8") if self._file.exists() else None
            except UnicodeDecodeError:
                payload = "\x00"  # not text at all: reported as damaged below
            except OSError:
                raise KeyMissing("key.file_unreadable", file=WRAPPED_KEY_FILE) from None
        if not payload:
            if location == "keyring":
                raise KeyMissing("key.missing_keyring")
            raise KeyMissing("key.missing_file", file=WRAPPED_KEY_FILE)
        where = "keyring" if location == "keyring" else "file"
        try:
            return load_wrapped_key(payload, where, WRAPPED_KEY_FILE)
        except WrappedKeyDamaged as exc:
            raise KeyDamagedError.carrying(exc) from None

    def delete(self) -> None:
        if keyring_available():
            with contextlib.suppress(keyring.errors.KeyringError):
                keyring.delete_password(SERVICE, self.folder_id)
        if self._file.exists():
            os.unlink(self._file)
