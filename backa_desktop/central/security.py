"""Passwords and tokens.

Passwords are hashed with Argon2id (argon2-cffi's defaults follow RFC 9106's second
recommendation). Device and access tokens are random 256-bit secrets; only their SHA-256
digests are stored, so a copy of the database does not let anyone sync as a device. A fast hash
is right for these (unlike passwords): they carry full entropy and are checked on every call.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()

# Verified against when the user does not exist, so a wrong user name costs the same time as
# a wrong password and the timing does not tell which accounts exist.
_DUMMY_HASH = _hasher.hash("backa-no-such-user")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    if stored_hash is None:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password)
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def new_token(prefix: str) -> str:
    """A token that says what it is (`bkd_` device, `bka_` access): a leaked one found in a
    log is then recognisable and can be revoked."""
    return prefix + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
