"""What the sync engine needs of the laptop's replica, and how it gets to it.

The engine never holds the local database while it waits on the network. It alternates
between short local steps (read an outbox batch, acknowledge an answer, apply a page) and
network steps, and hands each local step to a `LocalSteps` runner. The command line runs
them inline on its own thread; the app runs them on the database owner thread while the
requests wait on a worker, so searches and saves go on during a sync on a slow network.

`Replica` is the engine's view of the local store (implemented by the store's `SyncState`),
so the engine depends on an interface it defines and not on how the store keeps things.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol, TypeVar

from backa_desktop.domain.records import Record

if TYPE_CHECKING:  # the data shapes the store hands over; only named here, never imported
    from backa_desktop.store.audit import AuditEvent
    from backa_desktop.store.sync_state import AppliedPage, Enrollment, OutboxEntry

T = TypeVar("T")


class Replica(Protocol):
    """The local side of a sync. Every method is called inside one local step, on the thread
    that owns the connection; each writing method commits before it returns."""

    def enrollment(self) -> Enrollment | None: ...

    def save_enrollment(self, enrollment: Enrollment) -> None: ...

    def cursor(self) -> str: ...

    def put(self, key: str, value: str) -> None: ...

    def pending(self, limit: int) -> list[OutboxEntry]: ...

    def note_attempt(self, seqs: Iterable[int], error: str | None) -> None: ...

    def acknowledge(
        self, entry: OutboxEntry, record: Record | None, server_seq: int | None
    ) -> None: ...

    def reject(self, entry: OutboxEntry, reason: str) -> None: ...

    def transaction(self) -> AbstractContextManager[object]: ...

    def children_with_pending(self, child_ids: Iterable[str]) -> set[str]: ...

    def audit_unsent(self, limit: int) -> list[AuditEvent]: ...

    def audit_acknowledge(self, last: AuditEvent, count: int) -> None: ...

    def apply_page(
        self,
        records: Iterable[tuple[Record, int]],
        purge_children: Iterable[str],
        next_cursor: str,
        *,
        purge_records: Iterable[str] = (),
    ) -> AppliedPage: ...

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
