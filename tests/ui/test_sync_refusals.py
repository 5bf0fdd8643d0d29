"""A change the server refused, in the app: the inbox's sync notices list it with the reason in
the app's language (English here, from the server's refusal code), and the nurse sends it
again or discards it (asked first). Offscreen Qt, a real SQLCipher folder and a real
`backa-central` on loopback (SQLite behind it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backa_desktop.central.service import CentralService
from backa_desktop.domain.records import RecordType
from backa_desktop.ui.qt import Qt
from backa_desktop.ui.sync_controller import SyncController
from backa_desktop.ui.sync_ui import SyncUi
from tests.central.people import People, make_people
from tests.central.support import ServerProcess, service_for
from tests.sync.devices import Laptop, setup_shared_child
from tests.ui.conftest import Launch
from tests.ui.driving import unlock
from tests.ui.sync_folders import enroll_folder, fresh_vault

WAIT_MS = 20000


@pytest.fixture
def people(db_url: str) -> Iterator[People]:
    service: CentralService = service_for(db_url)
    try:
        yield make_people(service, ("anna", "bo"))
    finally:
        service.engine.dispose()


def test_a_refused_change_is_shown_with_its_reason_and_sent_again_or_discarded(
    tmp_path: Path, server: ServerProcess, people: People, launch: Launch, qtbot: Any
) -> None:
    anna = Laptop(tmp_path / "anna", server.base_url, people.name("anna"))
    vault = fresh_vault(tmp_path / "bo", "Bo Lärare")
    enroll_folder(vault, server.base_url, people.name("bo"))
    try:
        ids = setup_shared_child(anna, people.bo, people.bvc)
        note = anna.create(
            RecordType.NOTE,
            {"child_id": ids["child"], "happened_on": "2026-11-20", "text": "Signerad"},
            ids["child"],
        )
        anna.sync()
        app = launch(vault.data_dir, "--language", "en")
        ui = SyncUi(app.window, SyncController(app.runner, watch_network=False))
        app.sync = ui
        ui.controller.periodic_s = 3600
        unlock(app, qtbot)
        qtbot.waitUntil(lambda: ui.controller.view.last_sync_at is not None, timeout=WAIT_MS)

        def session() -> Any:
            return app.runner._session_or_raise()

        # Bo rewrites Anna's signed note: the server refuses it.
        app.runner.run_sync_db(
            lambda: session().repo.update(note.id, {**note.body, "text": "Ändrad i efterhand"})
        )
        ui.controller.sync_now()
        notices = ui.notices
        assert notices is not None
        qtbot.waitUntil(lambda: notices.refused != [], timeout=WAIT_MS)
        expected = (
            "Not received: Note for Test Testsson – Signed details cannot be changed. "
            "Create a correction as a new record."
        )
        assert notices.texts() == [expected]
        ws = app.window.workspace
        qtbot.mouseClick(ws.inbox_button, Qt.MouseButton.LeftButton)
        assert notices.isVisible()
        assert notices.retry_button.isEnabled() and notices.discard_button.isEnabled()
        assert not notices.read_button.isEnabled()

        # Sent again: the row goes, the change waits in line; the next sync refuses it again.
        qtbot.mouseClick(notices.retry_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: notices.texts() == [], timeout=WAIT_MS)
        assert app.runner.run_sync_db(lambda: session().repo.sync_state(note.id)) == "pending"
        ui.controller.sync_now()
        qtbot.waitUntil(lambda: notices.texts() == [expected], timeout=WAIT_MS)

        # Discard asks first; keeping changes nothing.
        notices.list.setCurrentRow(0)
        qtbot.mouseClick(notices.discard_button, Qt.MouseButton.LeftButton)
        box = notices.confirm_box
        assert box is not None and box.isVisible()
        assert box.windowTitle() == "Discard the change"
        box.reject()
        qtbot.wait(100)
        assert notices.texts() == [expected]
        qtbot.mouseClick(notices.discard_button, Qt.MouseButton.LeftButton)
        box, discard = notices.confirm_box, notices.confirm_discard
        assert box is not None and discard is not None
        qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: notices.texts() == [], timeout=WAIT_MS)
        assert not notices.isVisible()
        ui.controller.sync_now()
        qtbot.waitUntil(
            lambda: app.runner.run_sync_db(lambda: session().repo.require(note.id).body["text"])
            == "Signerad",
            timeout=WAIT_MS,
        )
    finally:
        anna.close()
