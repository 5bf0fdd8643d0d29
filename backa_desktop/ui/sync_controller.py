"""Background sync: when the network is there, after each signed document, on demand, and on
a timer; retries with backoff when the server cannot be reached. A nurse never has to think
about sync: this object decides when, and the status bar says how it went.

The sync runs on a worker thread, never on the GUI thread: its requests wait there, and only
its short local steps (read the outbox, acknowledge, apply a page) go to the database owner
thread, so searches and saves go on while a request waits on a slow network. A locked app has
no session: nothing syncs, timers stop, a sync in flight is dropped at its next local step
(its answer is never applied), and unlocking starts a sync at once so the device catches up.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from backa_desktop.domain.errors import RAW_TEXT, Message, describe, message_of
from backa_desktop.services import sync_service
from backa_desktop.services.changes import Changes
from backa_desktop.services.overview import Directory
from backa_desktop.services.sync_service import SyncReport, SyncStatus
from backa_desktop.ui.qt import QNetworkInformation, QObject, QTimer, Signal, connect
from backa_desktop.ui.tasks import BgOp, DbOp, DbSteps, Locked, TaskRunner

BACKOFF_S: tuple[float, ...] = (5, 15, 30, 60, 120, 300)
"""Seconds before the next try after a failed sync (the last value repeats)."""
PERIODIC_S = 300.0
"""A quiet sync every five minutes brings others' changes even when nothing happens here."""
SIGNED_DELAY_S = 1.0
"""Wait this long after a signature so several quick ones go up in one sync."""


@dataclass(frozen=True)
class SyncView:
    """Everything the status bar needs, in one value (so a screenshot can fake any state)."""

    enrolled: bool = False
    locked: bool = False
    online: bool = True
    syncing: bool = False
    pending: int = 0
    failed: int = 0
    last_sync_at: str | None = None
    last_error: Message | None = None
    """Shown in the language in force (ui/errors.message_text), so it is kept as a key."""
    pulled: int = 0
    pages: int = 0
    server_url: str | None = None


def _message(exc: BaseException) -> Message:
    return message_of(exc) or Message(RAW_TEXT, {"text": describe(exc)})  # keyless: as it is


class SyncController(QObject):
    view_changed = Signal(object)  # SyncView
    new_inbox = Signal(object)  # list[InboxItem]
    purged = Signal(object)  # list[PurgeNotice]
    conflicts_found = Signal(int)
    synced = Signal(object)  # SyncOutcome
    _progress = Signal(str, int, int)  # from the syncing thread: phase, pulled, pages

    def __init__(
        self,
        runner: TaskRunner,
        *,
        transport_factory: sync_service.TransportFactory | None = None,
        backoff_s: tuple[float, ...] = BACKOFF_S,
        periodic_s: float = PERIODIC_S,
        watch_network: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.transport_factory = transport_factory
        self.backoff_s = backoff_s
        self.periodic_s = periodic_s
        self.view = SyncView(locked=True)
        self.directory: Directory | None = None
        self.failures = 0
        self._again = False
        self._generation = 0  # callbacks of a sync started before a lock are ignored
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        connect(self._retry.timeout, self.sync_now)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        connect(self._soon.timeout, self.sync_now)
        connect(runner.changed, self._changes_made)
        connect(self._progress, self._on_progress)
        self.network: QNetworkInformation | None = None
        if watch_network:
            self._watch_network()

    # -- network --------------------------------------------------------------------------
    def _watch_network(self) -> None:
        """Qt's network information, when this platform has a backend; without one the
        retries with backoff find out the same thing, only later."""
        try:
            if not QNetworkInformation.loadDefaultBackend():
                return
        except (AttributeError, RuntimeError):
            return
        info = QNetworkInformation.instance()
        if info is None:
            return
        self.network = info
        connect(info.reachabilityChanged, self._reachability)
        self._set(online=self._is_online(info.reachability()))

    @staticmethod
    def _is_online(reachability: QNetworkInformation.Reachability) -> bool:
        R = QNetworkInformation.Reachability
        return reachability not in (R.Disconnected, R.Local)

    def _reachability(self, reachability: QNetworkInformation.Reachability) -> None:
        online = self._is_online(reachability)
        was = self.view.online
        self._set(online=online)
        if online and not was:
            self.failures = 0
            self.sync_now()

    # -- life cycle -----------------------------------------------------------------------
    def unlocked(self, directory: Directory) -> None:
        """The vault is open: catch up on everything that happened while it was locked."""
        self.directory = directory
        self._set(locked=False)
        self.sync_now()

    def locked(self) -> None:
        self._retry.stop()
        self._soon.stop()
        self._again = False
        self._generation += 1
        self._set(locked=True, syncing=False)

    def document_signed(self) -> None:
        """A signed card or form should reach its reader soon: sync after a short pause."""
        self.refresh()
        self._soon.start(int(SIGNED_DELAY_S * 1000))

    def enrolled(self) -> None:
        self.failures = 0
        self.refresh()
        self.sync_now()

    # -- status ---------------------------------------------------------------------------
    def _set(self, **changes: Any) -> None:
        self.view = replace(self.view, **changes)
        self.view_changed.emit(self.view)

    def _take_status(self, status: SyncStatus) -> None:
        self._set(
            enrolled=bool(status.enrolled),
            pending=int(status.pending),
            failed=int(status.failed),
            last_sync_at=status.last_sync_at,
            last_error=Message.decode(status.last_error) if status.last_error else None,
            server_url=status.server_url,
        )

    def _changes_made(self, changes: Changes) -> None:
        """An edit queued a change for the server (or the sync bookkeeping moved): recount."""
        if changes.sync_status and not self.view.syncing:
            self.refresh()

    def refresh(self) -> None:
        if self.view.locked:
            return
        DbOp(self.runner, sync_service.status).on_success(self._take_status).on_failure(
            self._ignore_locked
        ).run()

    def _ignore_locked(self, exc: BaseException) -> None:
        if not isinstance(exc, Locked):
            self._set(last_error=_message(exc))

    # -- syncing --------------------------------------------------------------------------
    def sync_now(self) -> None:
        """Start a sync unless one is running (then one more follows) or the app is locked."""
        directory = self.directory
        if self.view.locked or directory is None:  # unlocking gives the directory
            return
        if self.view.syncing:
            self._again = True
            return
        self._retry.stop()
        self._soon.stop()
        self._set(syncing=True, pulled=0, pages=0)
        factory = self.transport_factory
        emit = self._progress.emit

        def progress(phase: str, report: SyncReport) -> None:
            emit(phase, int(report.pulled), int(report.pages))  # queued to the GUI thread

        steps = DbSteps(self.runner)
        self._generation += 1
        generation = self._generation

        def job() -> sync_service.SyncOutcome | None:  # on a worker; only `steps` touch the db
            return sync_service.sync_in_steps(
                steps, directory, transport_factory=factory, progress=progress
            )

        def done(outcome: sync_service.SyncOutcome | None) -> None:
            if generation == self._generation:
                self._done(outcome)
            self.runner.publish(steps.changes)  # what the pulled pages changed, once

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._failed(exc)
            self.runner.publish(steps.changes)  # pages applied before the failure count

        BgOp(self.runner, job).on_success(done).on_failure(failed).run()

    def _on_progress(self, _phase: str, pulled: int, pages: int) -> None:
        if self.view.syncing:
            self._set(pulled=pulled, pages=pages)

    def _done(self, outcome: sync_service.SyncOutcome | None) -> None:
        self._set(syncing=False)
        self.failures = 0
        if outcome is None:  # not enrolled: nothing to do until the user connects
            self._set(enrolled=False)
            return
        self._take_status(outcome.status)
        self._set(online=True)
        self.synced.emit(outcome)
        if outcome.new_inbox:
            self.new_inbox.emit(outcome.new_inbox)
        if outcome.purged:
            self.purged.emit(outcome.purged)
        if outcome.conflicts:
            self.conflicts_found.emit(outcome.conflicts)
        self._next(self.periodic_s)

    def _failed(self, exc: BaseException) -> None:
        self._set(syncing=False)
        if isinstance(exc, Locked):
            return
        self._set(last_error=_message(exc))
        self.refresh()
        delay = self.backoff_s[min(self.failures, len(self.backoff_s) - 1)]
        self.failures += 1
        self._next(delay)

    def _next(self, seconds: float) -> None:
        if self.view.locked:
            return
        if self._again:
            self._again = False
            seconds = 0
        self._retry.start(int(seconds * 1000))

    @property
    def retry_pending_ms(self) -> int:
        return int(self._retry.remainingTime()) if self._retry.isActive() else -1
