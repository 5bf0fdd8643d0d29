"""The app stays usable while a sync waits on a slow network: the request waits on a worker
thread, and the database owner thread only does the short local steps, so a search typed
during the sync answers at once. Real parts throughout: the real threaded task runner, a real
encrypted folder, a real `backa-central` process on loopback, and a small TCP proxy in front
of it that holds every answer back for a few seconds (a bad mobile connection)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from backa_desktop.central.service import CentralService
from backa_desktop.services import sync_service
from backa_desktop.services.children import search_children
from backa_desktop.services.overview import load_directory
from backa_desktop.sync.client import HttpTransport
from backa_desktop.ui.sync_controller import SyncController
from backa_desktop.ui.tasks import DbOp, DbSteps, Locked, TaskRunner, VaultOp, close_session
from tests.central.builders import unique_identity
from tests.central.people import PASSWORD, People, make_people
from tests.central.support import ServerProcess, service_for
from tests.services.workflow_helpers import PASSPHRASE, Folder, make_folder
from tests.sync.slow_proxy import SlowProxy

DELAY_S = 2.5
"""How long the proxy holds back each answer of the server."""
SEARCHES = 5
"""Searches typed one after another while one answer of the server is held back."""


@pytest.fixture
def folder(tmp_path: Path) -> Folder:
    """Each test's folder registers its own child: the tests share one central store, which
    would merge two registrations of one identity number into the first."""
    return make_folder(tmp_path / "data", identity=unique_identity(date(2017, 1, 1)))


@pytest.fixture
def people(db_url: str) -> Iterator[People]:
    service: CentralService = service_for(db_url)
    try:
        yield make_people(service, ("anna",))
    finally:
        service.engine.dispose()


def test_a_search_answers_while_a_sync_waits_on_a_slow_server(
    folder: Folder, server: ServerProcess, people: People, qapp: Any, qtbot: Any
) -> None:
    with folder.vault.unlock(PASSPHRASE) as s:
        sync_service.enroll_device(s, server.base_url, people.name("anna"), PASSWORD, "laptop")
    proxy = SlowProxy(int(server.base_url.rsplit(":", 1)[1]), DELAY_S)
    runner = TaskRunner()  # the real one: a database owner thread and a worker pool
    controller = SyncController(
        runner,
        transport_factory=lambda _url: HttpTransport(proxy.url, timeout=30),
        backoff_s=(3600,),
        periodic_s=3600,
        watch_network=False,
    )
    try:
        opened: list[Any] = []
        VaultOp(runner, lambda: folder.vault.unlock(PASSPHRASE), keeps_session=True).on_success(
            opened.append
        ).run()
        qtbot.waitUntil(lambda: bool(opened), timeout=10000)
        directories: list[Any] = []
        DbOp(runner, load_directory).on_success(directories.append).run()
        qtbot.waitUntil(lambda: bool(directories), timeout=10000)

        synced: list[Any] = []
        failed: list[BaseException] = []
        controller.synced.connect(synced.append)
        controller.unlocked(directories[0])  # starts a sync at once, as unlocking does
        assert controller.view.syncing
        qtbot.waitUntil(lambda: proxy.held > 0, timeout=10000)  # the sync waits on the server

        # Several searches, one after another, all while the same answer is still held
        # back: none of them waits for the network (speed is the benchmark's to measure).
        waiting_since = proxy.answered
        answers: list[Any] = []
        for n in range(1, SEARCHES + 1):
            DbOp(runner, lambda s: search_children(s, "Sixt")).on_success(
                answers.append
            ).on_failure(failed.append).run()
            qtbot.waitUntil(
                lambda n=n: len(answers) == n or bool(failed), timeout=int(DELAY_S * 4000)
            )
            assert failed == []
            assert [c.display_name for c in answers[-1]] == ["Sixten Testsson"]
            assert proxy.held > 0 and proxy.answered == waiting_since, (
                "a search waited until the server answered"
            )
        assert controller.view.syncing  # answered while the sync was still in flight

        # The sync itself still completes, and what it pushed is acknowledged.
        qtbot.waitUntil(lambda: bool(synced), timeout=int(DELAY_S * 20000))
        assert not controller.view.syncing
        assert controller.view.pending == 0
        assert controller.view.last_error is None
        assert synced[0].report.pushed > 0
    finally:
        qtbot.waitUntil(lambda: not controller.view.syncing, timeout=int(DELAY_S * 20000))
        runner.shutdown()
        proxy.close()


def test_locking_mid_sync_drops_the_answer_and_unlocking_catches_up(
    folder: Folder, server: ServerProcess, people: People, qapp: Any, qtbot: Any
) -> None:
    with folder.vault.unlock(PASSPHRASE) as s:
        sync_service.enroll_device(s, server.base_url, people.name("anna"), PASSWORD, "laptop")
        waiting = sync_service.status(s).pending
    assert waiting > 0
    proxy = SlowProxy(int(server.base_url.rsplit(":", 1)[1]), DELAY_S)
    runner = TaskRunner()
    controller = SyncController(
        runner,
        transport_factory=lambda _url: HttpTransport(proxy.url, timeout=30),
        backoff_s=(3600,),
        periodic_s=3600,
        watch_network=False,
    )

    def unlock() -> Any:
        opened: list[Any] = []
        VaultOp(runner, lambda: folder.vault.unlock(PASSPHRASE), keeps_session=True).on_success(
            opened.append
        ).run()
        qtbot.waitUntil(lambda: bool(opened), timeout=10000)
        directories: list[Any] = []
        DbOp(runner, load_directory).on_success(directories.append).run()
        qtbot.waitUntil(lambda: bool(directories), timeout=10000)
        return directories[0]

    try:
        synced: list[Any] = []
        controller.synced.connect(synced.append)
        controller.unlocked(unlock())
        # The token came back; the push has reached the server and its answer is held.
        qtbot.waitUntil(lambda: proxy.answered == 1 and proxy.held == 1, timeout=10000)
        controller.locked()
        close_session(runner)  # what locking the app does
        qtbot.waitUntil(lambda: runner.idle and proxy.answered == 2, timeout=int(DELAY_S * 4000))
        assert synced == []
        with folder.vault.unlock(PASSPHRASE) as s:  # the answer was not applied
            assert sync_service.status(s).pending == waiting

        controller.unlocked(unlock())  # catches up; the server already has the changes
        qtbot.waitUntil(lambda: bool(synced), timeout=int(DELAY_S * 20000))
        report = synced[0].report
        assert report.duplicates == waiting and report.pushed == 0
        assert controller.view.pending == 0 and controller.view.last_error is None
    finally:
        qtbot.waitUntil(lambda: not controller.view.syncing, timeout=int(DELAY_S * 20000))
        runner.shutdown()
        proxy.close()


def test_database_steps_of_a_sync_refuse_a_session_opened_after_a_lock(
    folder: Folder, qapp: Any, qtbot: Any
) -> None:
    runner = TaskRunner()
    try:
        opened: list[Any] = []
        VaultOp(runner, lambda: folder.vault.unlock(PASSPHRASE), keeps_session=True).on_success(
            opened.append
        ).run()
        qtbot.waitUntil(lambda: len(opened) == 1, timeout=10000)
        steps = DbSteps(runner)  # called from this (non-database) thread, like a sync worker
        assert steps(lambda s: s is opened[0])
        closed: list[Any] = []
        close_session(runner, closed.append)
        qtbot.waitUntil(lambda: bool(closed), timeout=10000)
        with pytest.raises(Locked):
            steps(lambda s: True)
        VaultOp(runner, lambda: folder.vault.unlock(PASSPHRASE), keeps_session=True).on_success(
            opened.append
        ).run()
        qtbot.waitUntil(lambda: len(opened) == 2, timeout=10000)
        with pytest.raises(Locked):  # unlocked again, but not the session the sync began on
            steps(lambda s: True)
        assert DbSteps(runner)(lambda s: s is opened[1])
    finally:
        runner.shutdown()
