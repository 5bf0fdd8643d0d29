"""The real task runner: the vault opens on the database thread, every query runs there, and
results come back to the GUI thread; the SQLCipher connection is never touched elsewhere."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from backa_desktop.services.children import search_children
from backa_desktop.ui.tasks import BgOp, DbOp, Locked, TaskRunner, VaultOp, close_session
from tests.services.workflow_helpers import PASSPHRASE, Folder


@pytest.fixture
def runner(qapp: Any) -> Any:
    r = TaskRunner()
    yield r
    r.shutdown()


def test_queries_run_on_one_database_thread_and_answer_on_the_gui_thread(
    folder: Folder, runner: TaskRunner, qtbot: Any
) -> None:
    gui = threading.get_ident()
    seen: dict[str, Any] = {}

    def unlock() -> Any:
        seen["unlock_thread"] = threading.get_ident()
        return folder.vault.unlock(PASSPHRASE)

    VaultOp(runner, unlock, keeps_session=True).on_success(
        lambda s: seen.setdefault("unlocked_on", threading.get_ident())
    ).run()
    qtbot.waitUntil(lambda: "unlocked_on" in seen, timeout=5000)

    def query(session: Any) -> Any:
        seen["query_thread"] = threading.get_ident()
        return search_children(session, "Sixt")

    def done(rows: Any) -> None:
        seen["rows"] = rows
        seen["answered_on"] = threading.get_ident()

    with qtbot.waitSignal(runner.busy_changed, timeout=5000, check_params_cb=lambda b: not b):
        DbOp(runner, query).on_success(done).run()
    assert [r.display_name for r in seen["rows"]] == ["Sixten Testsson"]
    assert seen["query_thread"] == seen["unlock_thread"] != gui
    assert seen["answered_on"] == gui == seen["unlocked_on"]

    failures: list[BaseException] = []
    DbOp(runner, lambda s: 1 / 0).on_failure(failures.append).run()
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert isinstance(failures[0], ZeroDivisionError)

    background: list[int] = []
    BgOp(runner, threading.get_ident).on_success(background.append).run()
    qtbot.waitUntil(lambda: bool(background), timeout=5000)
    assert background[0] not in (gui, seen["query_thread"])

    closed: list[Any] = []
    close_session(runner, closed.append)
    qtbot.waitUntil(lambda: bool(closed), timeout=5000)
    locked: list[BaseException] = []
    DbOp(runner, lambda s: s).on_failure(locked.append).run()
    qtbot.waitUntil(lambda: bool(locked), timeout=5000)
    assert isinstance(locked[0], Locked)
