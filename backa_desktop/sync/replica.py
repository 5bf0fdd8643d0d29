"""What the sync engine needs of the laptop's replica, and how it gets to it.

The engine never holds the local database while it waits on the network. It alternates
between short local steps (read an outbox batch, acknowledge an answer, apply a page) and
network steps, and hands each local step to a `LocalSteps` runner. The command line runs
them inline on its own thread; the app runs them on the database owner thread while the
requests wait on a worker, so searches and saves go on during a sync on a slow network.

`Replica` is the engine's view of the local store (implemented by the store's `SyncState`),
with the plain data it exchanges (`OutboxEntry`, `Enrollment`, `AppliedPage`,
`AuditEventOut`) and the two status keys the engine writes. They are defined here, so the
store depends on the sync engine's interface and never the reverse: the engine can be read,
tested and changed without knowing how the store keeps things (tests/test_layers.py holds
the line).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol, TypeVar

from backa_desktop.domain.records import Record

T = TypeVar("T")

LAST_SYNC_KEY = "last_sync_at"
"""`Replica.put` key: when a sync last went through (UTC, ISO 8601)."""
LAST_ERROR_KEY = "last_error"
"""`Replica.put` key: why the last sync failed; empty after one that went through."""


@dataclass(frozen=True)
class OutboxEntry:
    """One local change waiting to be pushed, as the replica hands it to the engine.

    The change's record stays the JSON text the outbox holds (validated when the change was
    written): a push puts that text into the request as it is, and only the few envelope
    values the engine decides by are read out of it beforehand. `record` builds the model
    the first time something needs the whole record."""

    seq: int
    change_id: str
    record_json: str
    changed_fields_json: str
    """The top-level fields the change touched, as a JSON list without spaces."""
    attempts: int
    last_error: str | None
    record_id: str
    base_revision: int
    child_id: str | None
    """The child the record is about (`Record.subject_child`)."""

    @cached_property
    def record(self) -> Record:
        return Record.model_validate_json(self.record_json)

    @cached_property
    def changed_fields(self) -> list[str]:
        return list(json.loads(self.changed_fields_json))


@dataclass(frozen=True)
class Enrollment:
    """This device's account on the central store, kept by the replica between syncs."""

    server_url: str
    device_id: str
    device_token: str
    user_id: str
    username: str


@dataclass
class AppliedPage:
    """What applying one pulled page did locally."""

    written: int = 0
    kept_local: int = 0
    purged: list[str] = field(default_factory=list)
    disposed: int = 0
    redirected: list[str] = field(default_factory=list)
    """Children merged into another on the central store, whose records moved here."""
    restart: bool = False
    """A pulled record is about a child this laptop dropped: the cursor went back to the
    start, so pull again (the server sends the whole child again)."""


class AuditEventOut(Protocol):
    """An audit event the central store does not hold yet, as the engine sends it (the
    store's own events have these fields); `audit_acknowledge` gets back one it handed out."""

    @property
    def seq(self) -> int: ...
    @property
    def id(self) -> str: ...
    @property
    def at(self) -> str: ...
    @property
    def actor(self) -> str: ...
    @property
    def device(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def record_id(self) -> str | None: ...
    @property
    def child_id(self) -> str | None: ...
    @property
    def detail(self) -> str: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def hash(self) -> str: ...


class Replica(Protocol):
    """The local side of a sync. Every method is called inside one local step, on the thread
    that owns the connection; each writing method commits before it returns."""

    def enrollment(self) -> Enrollment | None: ...

    def save_enrollment(self, enrollment: Enrollment) -> None: ...

    def cursor(self) -> str: ...

    def put(self, key: str, value: str) -> None: ...

    def pending(self, limit: int, after: int = 0) -> list[OutboxEntry]: ...

    def note_attempt(self, seqs: Iterable[int], error: str | None) -> None: ...

    def acknowledge_many(
        self, acknowledged: Sequence[tuple[OutboxEntry, Record | None, int | None]]
    ) -> None:
        """The changes the server has, in its answer's order, each with what the server now
        holds of the record and that version's sequence (or None), in one local commit."""
        ...

    def reject(self, entry: OutboxEntry, reason: str) -> None: ...

    def transaction(self) -> AbstractContextManager[object]: ...

    def children_with_pending(self, child_ids: Iterable[str]) -> set[str]: ...

    def audit_unsent(self, limit: int) -> Sequence[AuditEventOut]: ...

    def audit_acknowledge(self, last: AuditEventOut, count: int) -> None: ...

    def apply_page(
        self,
        records: Iterable[tuple[Record, int]],
        purge_children: Iterable[str],
        next_cursor: str | None,
        *,
        purge_records: Iterable[str] = (),
        redirects: Mapping[str, str] | None = None,
    ) -> AppliedPage:
        """A pulled page, or one chunk of it, in one local commit; `next_cursor` None leaves
        the cursor where it was (a later chunk of the same page moves it)."""
        ...

    def drop_finished_children(self, before: str) -> list[str]: ...


class LocalSteps(Protocol):
    """Runs one local step against the replica and returns its result, on whichever thread
    owns the replica's connection. It may raise instead (the app was locked meanwhile): then
    the sync stops there and the network answer in hand is dropped, never applied elsewhere."""

    def __call__(self, step: Callable[[Replica], T]) -> T: ...


class Inline:
    """Every local step on the calling thread (the command line, the tests of the engine)."""

    def __init__(self, replica: Replica) -> None:
        self.replica = replica

    def __call__(self, step: Callable[[Replica], T]) -> T:
        return step(self.replica)
