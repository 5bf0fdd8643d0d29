"""Background work for the UI: one database owner thread, one pool for everything else.

sqlcipher3 connections refuse to be used from a thread other than the one that opened them,
so ONE single-worker executor opens the vault, owns the `Session` and runs every query
(style.md practice 4). Printing, sync and export run on a separate pool so they never queue
behind the database. Results come back to the GUI thread through a queued Qt signal; the GUI
thread never waits on I/O.

`SyncTaskRunner` is the synchronous double for tests (practice 5): same interface, runs the
function inline and calls the callback at once, so widget tests are deterministic.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, Self, TypeVar

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

    @property
    def idle(self) -> bool:
        return self._pending == 0

    def run_sync_db(self, fn: Callable[[], T]) -> T:
        """Run on the DB thread and wait. Only for shutdown and the CLI, never from a click."""
        future: Future[T] = self._db.submit(fn)
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
        runner, fn = self._runner, self._fn
        self._runner.submit_db(lambda: fn(runner._session_or_raise()), self._ok, self._fail)


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
            return result

        runner.submit_db(job, self._ok, self._fail)


def close_session(runner: TaskRunner, done: Callable[[None], None] | None = None) -> None:
    """Lock: close the connection on its own thread and drop the key."""
    runner.submit_db(runner._close_session, done, None)


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
