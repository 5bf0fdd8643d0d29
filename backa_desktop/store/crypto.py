"""Key handling: a random database key, wrapped by a key derived from the passphrase.

Why wrap instead of keying SQLCipher with the passphrase directly: changing the passphrase
then only rewraps 32 bytes (no database rewrite), IT can hold a recovery key (the raw key)
that survives a forgotten passphrase, and we choose the KDF (Argon2id, parameters stored next
to the blob so they can be raised later without a format change) instead of SQLCipher's PBKDF2.
"""

from __future__ import annotations

import base64
import os
import re
from typing import Literal

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from backa_desktop.domain.errors import UserError

KEY_BYTES = 32
WRAP_AAD = b"backa-desktop/wrapped-db-key/v1"

# The KDF parameters come from a file (wrapped-key.json, a backup) that an attacker or a
# damaged disk may have changed; unbounded, time_cost = 2^31-1 hangs the app for ever and a
# huge memory cost kills it. The ceilings are far above anything we would ever choose (the
# defaults below are 3 / 128 MiB / 2) so the parameters can be raised for years without a
# format change; the floors are Argon2's own minimums, which cheap test folders use.
KDF_MAX_TIME_COST = 64
KDF_MAX_MEMORY_KIB = 4 * 1024 * 1024  # 4 GiB
KDF_MAX_PARALLELISM = 16
KDF_MIN_MEMORY_KIB_PER_LANE = 8  # Argon2: memory >= 8 KiB x parallelism
SALT_BYTES = 16
NONCE_BYTES = 12


class KdfParams(BaseModel):
    """Argon2id cost. Defaults take about 0.3 s on a 2-core laptop (see decisions.md)."""

    model_config = ConfigDict(frozen=True)

    name: Literal["argon2id"] = "argon2id"
    time_cost: int = Field(default=3, ge=1, le=KDF_MAX_TIME_COST, strict=True)
    memory_kib: int = Field(default=128 * 1024, ge=8, le=KDF_MAX_MEMORY_KIB, strict=True)
    parallelism: int = Field(default=2, ge=1, le=KDF_MAX_PARALLELISM, strict=True)

    @model_validator(mode="after")
    def _enough_memory_per_lane(self) -> KdfParams:
        if self.memory_kib < KDF_MIN_MEMORY_KIB_PER_LANE * self.parallelism:
            raise ValueError("memory_kib must be at least 8 x parallelism")
        return self


class WrappedKey(BaseModel):
    """What is kept in the OS keyring (or, lacking one, a file): never the raw key."""

    model_config = ConfigDict(frozen=True)

    version: Literal[1] = 1
    kdf: KdfParams
    salt: str  # base64
    nonce: str  # base64
    ciphertext: str  # base64, AES-256-GCM of the database key (tag included)

    @field_validator("salt", "nonce", "ciphertext")
    @classmethod
    def _base64(cls, value: str) -> str:
        # Checked here so a garbled file fails on load with one clear message, not deep in
        # the KDF or AES-GCM with a traceback.
        try:
            raw = base64.b64decode(value, validate=True)
        except ValueError as exc:
            raise ValueError("not base64") from exc
        if not raw or len(value) > 1024:
            raise ValueError("empty or too long")
        return value

    @model_validator(mode="after")
    def _sizes(self) -> WrappedKey:
        if len(base64.b64decode(self.salt)) < 8 or len(base64.b64decode(self.nonce)) != NONCE_BYTES:
            raise ValueError("salt or nonce has the wrong size")
        return self


class WrongPassphrase(Exception):
    """The passphrase does not unwrap the key (AES-GCM authentication failed)."""


class WrappedKeyDamaged(UserError, ValueError):
    """The stored wrapped key is not well-formed, or asks for KDF parameters out of bounds."""


KEYS_KEY_DAMAGED = {
    ("keyring", False): "key.damaged_keyring",
    ("keyring", True): "key.damaged_keyring_kdf",
    ("file", False): "key.damaged_file",
    ("file", True): "key.damaged_file_kdf",
    ("backup", False): "backup.key_damaged",
    ("backup", True): "backup.key_damaged_kdf",
}


def load_wrapped_key(payload: str | bytes, where: str, file: str = "") -> WrappedKey:
    """Parse a stored wrapped key; anything malformed becomes one message. `where` is
    "keyring", "file" (named by `file`) or "backup"."""
    try:
        return WrappedKey.model_validate_json(payload)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        kdf_bad = "kdf" in str(exc)
        raise WrappedKeyDamaged(KEYS_KEY_DAMAGED[(where, kdf_bad)], file=file) from None


def new_database_key() -> bytes:
    return os.urandom(KEY_BYTES)


def derive_wrapping_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        secret=passphrase.encode("utf-8"),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def wrap_key(db_key: bytes, passphrase: str, params: KdfParams | None = None) -> WrappedKey:
    params = params or KdfParams()
    salt = os.urandom(SALT_BYTES)
    nonce = os.urandom(NONCE_BYTES)
    kek = derive_wrapping_key(passphrase, salt, params)
    ciphertext = AESGCM(kek).encrypt(nonce, db_key, WRAP_AAD)
    return WrappedKey(
        kdf=params,
        salt=base64.b64encode(salt).decode(),
        nonce=base64.b64encode(nonce).decode(),
        ciphertext=base64.b64encode(ciphertext).decode(),
    )


def unwrap_key(wrapped: WrappedKey, passphrase: str) -> bytes:
    kek = derive_wrapping_key(passphrase, base64.b64decode(wrapped.salt), wrapped.kdf)
    try:
        key = AESGCM(kek).decrypt(
            base64.b64decode(wrapped.nonce), base64.b64decode(wrapped.ciphertext), WRAP_AAD
        )
    except InvalidTag as exc:
        raise WrongPassphrase from exc
    if len(key) != KEY_BYTES:
        raise WrongPassphrase
    return key


def format_recovery_key(db_key: bytes) -> str:
    """The raw key as 16 groups of 4 hex digits: readable aloud, typeable, and directly usable
    as SQLCipher's `PRAGMA key = "x'…'"` once the dashes are removed."""
    hexkey = db_key.hex().upper()
    return "-".join(hexkey[i : i + 4] for i in range(0, len(hexkey), 4))


class BadRecoveryKey(UserError, ValueError):
    pass


def parse_recovery_key(text: str) -> bytes:
    cleaned = re.sub(r"[\s\-]", "", text)
    if not re.fullmatch(r"[0-9a-fA-F]{64}", cleaned):
        raise BadRecoveryKey("key.bad_recovery_key")
    return bytes.fromhex(cleaned)
