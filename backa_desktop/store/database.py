"""The encrypted SQLite (SQLCipher 4) connection.

One `Database` is one open connection, keyed with the raw 256-bit key (no SQLCipher KDF:
ours already ran). sqlcipher3 connections refuse use from another thread; the GUI gives the
connection a single owner thread (style.md practice 4), the CLI uses it directly.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlcipher3 import dbapi2

from backa_desktop.domain.errors import UserError, render
from backa_desktop.store.journal import ChangeJournal

DB_FILE = "backa.db"
SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"
CACHE_KIB = 64 * 1024
SYNCHRONOUS = "FULL"
"""Every commit is flushed to disk before it returns: a signed form survives a power cut
(`Database.transaction(durable=False)` is the exception for what a sync can redo)."""


# The damage check on open (see `Database.check_damage`): SQLCipher's
# `cipher_integrity_check` HMAC-checks every page. It cannot be interrupted and ran at
# 33-90 MB/s on the 2-core test machine (a demo folder of 1,000 children is 7.7 MB and took
# 233 ms; 5,000 children, 36.7 MB, 711 ms), so it runs on open only up to this size, which
# keeps unlock within its 1 s budget. Beyond it (100,000 children would be ≈ 750 MB, 8-20 s)
# the first damaged page met in use switches the connection to read-only instead, and
# `backa doctor` checks the whole file. SQLite's `quick_check` is no cheaper here (its b-tree
# walk is one uninterruptible step; 451 ms at 36.7 MB).
FULL_CHECK_MAX_BYTES = 16 * 1024 * 1024

DAMAGED_MESSAGE = render("database.damaged")
_DAMAGE_SIGNS = ("file is not a database", "malformed", "disk image", "hmac")


class DatabaseUnreadable(UserError):
    """The file is not an SQLCipher database this key opens: damaged, truncated or foreign."""


class DatabaseReadOnly(UserError):
    """A write was asked of a database opened read-only because it is damaged."""

    def __init__(self, key: str = "database.damaged") -> None:
        super().__init__(key)


def is_damage(exc: BaseException) -> bool:
    """Whether an SQLite error means a page could not be read (damage, not a bug)."""
    return isinstance(exc, dbapi2.DatabaseError) and any(
        sign in str(exc).lower() for sign in _DAMAGE_SIGNS
    )


def key_pragma(raw_key: bytes) -> str:
    # PRAGMA key cannot be parameterised; bytes.hex() yields only [0-9a-f], so nothing to inject.
    return f"PRAGMA key = \"x'{raw_key.hex()}'\""


class Database:
    def __init__(self, path: Path, raw_key: bytes, *, create: bool = False) -> None:
        self.path = path
        if create:
            path.touch(mode=0o600, exist_ok=True)
        elif not path.exists():
            raise DatabaseUnreadable("database.missing", path=str(path))
        if not create:
            _check_not_plaintext(path)
        self.conn: dbapi2.Connection = sqlcipher3.connect(
            str(path), isolation_level=None, check_same_thread=True
        )
        try:
            self.conn.execute(key_pragma(raw_key))
            self.conn.execute("PRAGMA cipher_log_level = NONE")
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except dbapi2.DatabaseError as exc:
            self.conn.close()
            raise DatabaseUnreadable("database.unreadable") from exc
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA temp_store = MEMORY")  # no plaintext temp files on disk
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
        self.conn.execute("PRAGMA busy_timeout = 5000")
        # SQLCipher decrypts and HMAC-checks every page it reads; a 64 MB cache of decrypted
        # pages keeps hot pages decrypted (measured: 2.5x -> 1.05x of plain SQLite).
        self.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._depth = 0
        self.journal = ChangeJournal()
        """What committed writes touched, for the screens that show it (store/journal.py)."""
        self.damage: list[str] = []
        """Why the database is read-only (empty while it is healthy)."""

    @property
    def read_only(self) -> bool:
        return bool(self.damage)

    def mark_damaged(self, problems: Sequence[str]) -> None:
        """From now on refuse every write on this connection (SQLite's own `query_only`,
        so a write through `conn` directly is refused too)."""
        self.damage = list(problems) or ["okänt fel"]
        with contextlib.suppress(dbapi2.Error):
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        self.conn.execute("PRAGMA query_only = ON")

    def check_damage(self, *, full: bool | None = None) -> list[str]:
        """Look for pages that fail SQLCipher's check; return the problems (empty: none
        found, or not checked because the file is larger than FULL_CHECK_MAX_BYTES and
        `full` was not asked for) and switch to read-only when there are any. Run it once
        per open."""
        if full is None:
            size = sum(
                p.stat().st_size
                for p in (self.path, Path(f"{self.path}-wal"))
                if p.exists()
            )
            full = size <= FULL_CHECK_MAX_BYTES
        if not full:
            return []
        try:
            problems = [str(r[0]) for r in self.conn.execute("PRAGMA cipher_integrity_check")]
        except dbapi2.DatabaseError as exc:
            problems = [str(exc)]
        if problems:
            self.mark_damaged(problems)
        return problems

    @contextlib.contextmanager
    def transaction(self, *, durable: bool = True) -> Iterator[dbapi2.Connection]:
        """One atomic unit. Nested use joins the outer transaction (savepoints would let a
        caller commit half of a use case), and the outermost one decides `durable`.

        `durable=False` is for writes that can be redone from elsewhere (what a sync takes
        from the central store, or its acknowledgement of a push): the commit is atomic as
        always, and an app crash keeps it, but it is not flushed to disk by itself
        (SQLite's `synchronous = NORMAL` in WAL mode). A power cut may roll it back, never
        half of it, and never a later durable commit without it: the next durable commit
        flushes the log up to itself. That saves a flush per sync step, which on a small
        sync is the larger part of the local time."""
        if self.damage:
            raise DatabaseReadOnly()
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        if not durable:
            self.conn.execute("PRAGMA synchronous = NORMAL")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            self.journal.begin()
            try:
                yield self.conn
            except BaseException:
                self._depth = 0
                self.journal.rollback()
                self.conn.execute("ROLLBACK")
                if self.damage:
                    self.conn.execute("PRAGMA query_only = ON")
                raise
            self._depth = 0
            self.conn.execute("COMMIT")
            self.journal.commit()
        finally:
            if not durable:
                self.conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Any]:
        with self._noticing_damage():
            rows: list[Any] = self.conn.execute(sql, params).fetchall()
        return rows

    def one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        with self._noticing_damage():
            return self.conn.execute(sql, params).fetchone()

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        with self._noticing_damage():
            return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any:
        """One statement for many rows (a pulled page): SQLite prepares it once."""
        with self._noticing_damage():
            return self.conn.executemany(sql, rows)

    @contextlib.contextmanager
    def _noticing_damage(self) -> Iterator[None]:
        """A damaged page met in use (beyond what the check on open covered) makes the
        connection read-only at once; the error still reaches the caller."""
        try:
            yield
        except dbapi2.DatabaseError as exc:
            if is_damage(exc) and not self.damage and self._depth == 0:
                self.mark_damaged([str(exc)])
            elif is_damage(exc) and not self.damage:
                self.damage = [str(exc)]  # the transaction rolls back; refuse the next one
            raise

    def cipher_version(self) -> str:
        row = self.one("PRAGMA cipher_version")
        return str(row[0]) if row else ""

    def close(self) -> None:
        with contextlib.suppress(dbapi2.Error):
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()


def _check_not_plaintext(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(16)
    if len(head) < 16:
        raise DatabaseUnreadable("database.truncated")
    if head == SQLITE_PLAIN_HEADER:
        raise DatabaseUnreadable("database.plaintext")
