"""Background work for the UI: one database owner thread, one pool for everything else.

sqlcipher3 connections refuse to be used from a thread other than the one that opened them,
so ONE single-worker executor opens the vault, owns the `Session` and runs every query
(style.md practice 4). Printing, sync and export run on a separate pool so they never queue
behind the database; a sync there hands its short database steps to the database thread
(`DbSteps`) and waits for the network on its own thread. Results come back to the GUI thread
through a queued Qt signal; the GUI thread never waits on I/O.

After every database job the runner announces what it changed (`changed`, one signal with a
`services.changes.Changes`), on the GUI thread after the job's own callback; every screen
listens and refreshes itself when the change concerns it, so no callback lists screens.

`SyncTaskRunner` is the synchronous double for tests (practice 5): same interface, runs the
function inline and calls the callback at once, so widget tests are deterministic.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, Self, TypeVar

from backa_desktop.services.changes import Changes, take_changes
from backa_desktop.services.vault import Session
from backa_desktop.ui.qt import QObject, Signal, connect

log = logging.getLogger(__name__)

T = TypeVar("T")

SuccessCb = Callable[[Any], None]
FailureCb = Callable[[BaseException], None]


class Locked(RuntimeError):
    """An operation needed the open database but the vault is locked."""


class _Holder:
    """The session lives here and is only touched on the database thread."""

    def __init__(self) -> None:
        self.session: Session | None = None


class TaskRunner(QObject):
    """Owns the database thread and the background pool."""

    _finished = Signal(object, object, object)  # callback, result-or-exc, ok flag
    busy_changed = Signal(bool)
    changed = Signal(object)  # Changes: what a database job (or a whole sync) changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="backa-db")
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="backa-bg")
        self._holder = _Holder()
        self._pending = 0
        self._lock = threading.Lock()
        self.default_failure: FailureCb = _log_failure
        connect(self._finished, self._deliver)

    # -- session ------------------------------------------------------------------------
    def _session_or_raise(self) -> Session:
        if self._holder.session is None:
            raise Locked("Databasen är låst.")
        return self._holder.session

    def _set_session(self, session: Session) -> None:
        self._holder.session = session

    def _close_session(self) -> None:
        session, self._holder.session = self._holder.session, None
        if session is not None:
            session.close()

    # -- submitting -----------------------------------------------------------------------
    def submit_db(
        self, fn: Callable[[], Any], ok: SuccessCb | None, fail: FailureCb | None
    ) -> None:
        self._submit(self._db, fn, ok, fail)

    def submit_bg(
        self, fn: Callable[[], Any], ok: SuccessCb | None, fail: FailureCb | None
    ) -> None:
        self._submit(self._pool, fn, ok, fail)

    def _submit(
        self,
        executor: ThreadPoolExecutor,
        fn: Callable[[], Any],
        ok: SuccessCb | None,
        fail: FailureCb | None,
    ) -> None:
        self._bump(+1)

        def job() -> None:
            try:
                result = fn()
            except BaseException as exc:
                self._finished.emit(fail or self.default_failure, exc, False)
            else:
                self._finished.emit(ok, result, True)

        executor.submit(job)

    def _deliver(self, callback: Any, value: Any, _ok: Any) -> None:
        self._bump(-1)
        if callback is not None:
            callback(value)

    def _bump(self, delta: int) -> None:
        with self._lock:
            before = self._pending
            self._pending += delta
            after = self._pending
        if (before == 0) != (after == 0):
            self.busy_changed.emit(after > 0)

    def publish(self, changes: Changes) -> None:
        """Tell every screen what changed (GUI thread); nothing when nothing did."""
        if changes:
            self.changed.emit(changes)

    @property
    def idle(self) -> bool:
        return self._pending == 0

    def run_sync_db(self, fn: Callable[[], T]) -> T:
        """Run on the DB thread and wait. Only for shutdown and the CLI, never from a click."""
        future: Future[T] = self._db.submit(fn)
        return future.result()

    def run_db_from_worker(self, fn: Callable[[], T]) -> T:
        """Run a short step on the DB thread and wait for it, from a worker thread (a sync
        between its requests). Raises `Locked` once the runner is shutting down."""
        if threading.current_thread().name.startswith("backa-db"):
            raise RuntimeError("a database step cannot wait for the database thread itself")
        try:
            future: Future[T] = self._db.submit(fn)
        except RuntimeError as exc:  # the executor is shut down: the app is closing
            raise Locked("Databasen är stängd.") from exc
        return future.result()

    def shutdown(self) -> None:
        try:
            self._db.submit(self._close_session).result(timeout=10)
        finally:
            self._db.shutdown(wait=True)
            self._pool.shutdown(wait=True)


class SyncTaskRunner(TaskRunner):
    """The test double: everything runs inline on the calling (GUI) thread."""

    def _submit(
        self,
        executor: ThreadPoolExecutor,
        fn: Callable[[], Any],
        ok: SuccessCb | None,
        fail: FailureCb | None,
    ) -> None:
        try:
            result = fn()
        except BaseException as exc:
            (fail or self.default_failure)(exc)
        else:
            if ok is not None:
                ok(result)

    def run_sync_db(self, fn: Callable[[], T]) -> T:
        return fn()

    def run_db_from_worker(self, fn: Callable[[], T]) -> T:
        return fn()

    def shutdown(self) -> None:
        self._close_session()
        super().shutdown()


class _Callbacks(Generic[T]):
    """What to call on the GUI thread when an operation succeeds or fails (chainable)."""

    _ok: Callable[[T], None] | None = None
    _fail: FailureCb | None = None

    def on_success(self, cb: Callable[[T], None]) -> Self:
        self._ok = cb
        return self

    def on_failure(self, cb: FailureCb) -> Self:
        self._fail = cb
        return self


class DbOp(_Callbacks[T]):
    """A unit of database work: `DbOp(runner, fn).on_success(cb).on_failure(cb).run()`.

    `fn` receives the open Session and runs on the database thread; it must not touch
    widgets. `cb` runs on the GUI thread. The session is only handed on to service
    functions: the UI never reads the store through it (tests/test_layers.py checks).
    """

    def __init__(self, runner: TaskRunner, fn: Callable[[Session], T]) -> None:
        self._runner = runner
        self._fn = fn
        self._ok: Callable[[T], None] | None = None
        self._fail: FailureCb | None = None

    def run(self) -> None:
        runner, fn, ok, fail = self._runner, self._fn, self._ok, self._fail
        made: list[Changes] = []  # filled on the database thread before the callback runs

        def job() -> T:
            session = runner._session_or_raise()
            try:
                return fn(session)
            finally:  # a use case that failed half way may still have committed something
                made.append(take_changes(session))

        def succeeded(result: T) -> None:
            try:
                if ok is not None:
                    ok(result)
            finally:
                runner.publish(made[0] if made else Changes())

        def failed(exc: BaseException) -> None:
            try:
                (fail or runner.default_failure)(exc)
            finally:
                runner.publish(made[0] if made else Changes())

        runner.submit_db(job, succeeded, failed)


class VaultOp(_Callbacks[T]):
    """Opening and closing the vault: also on the database thread, because the connection
    the unlock opens must belong to that thread. `fn` returns a Session (unlock) or anything.
    """

    def __init__(self, runner: TaskRunner, fn: Callable[[], T], *, keeps_session: bool) -> None:
        self._runner = runner
        self._fn = fn
        self._keeps = keeps_session
        self._ok: Callable[[T], None] | None = None
        self._fail: FailureCb | None = None

    def run(self) -> None:
        runner, fn, keeps = self._runner, self._fn, self._keeps

        def job() -> T:
            result = fn()
            if keeps:
                if not isinstance(result, Session):
                    raise TypeError("keeps_session=True needs a function that opens a Session")
                runner._close_session()
                runner._set_session(result)
                take_changes(result)  # opening is no change anyone sees; start a clean journal
            return result

        runner.submit_db(job, self._ok, self._fail)


def close_session(runner: TaskRunner, done: Callable[[None], None] | None = None) -> None:
    """Lock: close the connection on its own thread and drop the key."""
    runner.submit_db(runner._close_session, done, None)


class DbSteps:
    """Database steps for work that runs on a worker thread (a sync waiting on the network):
    each step runs on the database thread, between whatever else is queued there, and the
    worker waits for its result. All steps run against the session open at the first one; if
    the app was locked in between (or locked and unlocked again), the step raises `Locked`
    instead, so nothing fetched before the lock is applied to a closed or another session.
    """

    def __init__(self, runner: TaskRunner) -> None:
        self._runner = runner
        self._session: Session | None = None
        self.changes = Changes()
        """What the steps so far changed; the sync announces it once, when it ends."""

    def __call__(self, step: Callable[[Session], T]) -> T:
        def job() -> T:
            session = self._runner._session_or_raise()
            if self._session is None:
                self._session = session
            elif session is not self._session:
                raise Locked("Databasen låstes under tiden.")
            try:
                return step(session)
            finally:
                self.changes = self.changes | take_changes(session)

        return self._runner.run_db_from_worker(job)


class BgOp(_Callbacks[T]):
    """Work that does not touch the database (PDF, export, sync transport)."""

    def __init__(self, runner: TaskRunner, fn: Callable[[], T]) -> None:
        self._runner = runner
        self._fn = fn
        self._ok: Callable[[T], None] | None = None
        self._fail: FailureCb | None = None

    def run(self) -> None:
        self._runner.submit_bg(self._fn, self._ok, self._fail)


def _log_failure(exc: BaseException) -> None:
    log.error("background task failed: %s", type(exc).__name__, exc_info=exc)
