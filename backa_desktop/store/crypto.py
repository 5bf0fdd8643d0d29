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
from pydantic import BaseModel, ConfigDict

KEY_BYTES = 32
WRAP_AAD = b"backa-desktop/wrapped-db-key/v1"


class KdfParams(BaseModel):
    """Argon2id cost. Defaults take about 0.3 s on a 2-core laptop (see decisions.md)."""

    model_config = ConfigDict(frozen=True)

    name: Literal["argon2id"] = "argon2id"
    time_cost: int = 3
    memory_kib: int = 128 * 1024
    parallelism: int = 2


class WrappedKey(BaseModel):
    """What is kept in the OS keyring (or, lacking one, a file): never the raw key."""

    model_config = ConfigDict(frozen=True)

    version: Literal[1] = 1
    kdf: KdfParams
    salt: str  # base64
    nonce: str  # base64
    ciphertext: str  # base64, AES-256-GCM of the database key (tag included)


class WrongPassphrase(Exception):
    """The passphrase does not unwrap the key (AES-GCM authentication failed)."""


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
    salt = os.urandom(16)
    nonce = os.urandom(12)
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


class BadRecoveryKey(ValueError):
    pass


def parse_recovery_key(text: str) -> bytes:
    cleaned = re.sub(r"[\s\-]", "", text)
    if not re.fullmatch(r"[0-9a-fA-F]{64}", cleaned):
        raise BadRecoveryKey(
            "Återställningsnyckeln ska vara 64 tecken (0–9, A–F), gärna i grupper om fyra."
        )
    return bytes.fromhex(cleaned)
