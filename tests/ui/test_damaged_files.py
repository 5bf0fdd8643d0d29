"""The app on damaged local files: a damaged database opens read-only with a warning that
says how to recover, and a damaged key file is named as such (not "no keyring")."""

from __future__ import annotations

import json
from typing import Any

from backa_desktop.domain.limits import NAME_MAX
from backa_desktop.store.database import DB_FILE
from backa_desktop.ui.child_dialogs import ChildDialog
from backa_desktop.ui.qt import QMessageBox
from tests.services.workflow_helpers import Folder
from tests.store.helpers import damage_page
from tests.ui.conftest import Launch
from tests.ui.driving import unlock


def test_a_damaged_database_opens_read_only_with_a_warning(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    damage_page(folder.vault.data_dir / DB_FILE)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)

    def warning() -> QMessageBox | None:
        box = app.window.findChild(QMessageBox, "damagedDatabaseWarning")
        return box if isinstance(box, QMessageBox) and box.isVisible() else None

    qtbot.waitUntil(lambda: warning() is not None, timeout=5000)
    box = warning()
    assert box is not None
    assert "skrivskyddad" in box.text() and "säkerhetskopia" in box.text()
    box.close()


def test_a_damaged_key_file_is_named_in_the_unlock_screen(
    folder: Folder, launch: Launch, qtbot: Any, memory_keyring: Any
) -> None:
    config = folder.vault.config()
    stored = memory_keyring.get_password("backa-desktop", config.folder_id)
    data = json.loads(stored)
    data["kdf"]["time_cost"] = 2**31 - 1
    memory_keyring.set_password("backa-desktop", config.folder_id, json.dumps(data))
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    screen = app.window.unlock_screen
    qtbot.waitUntil(lambda: "skadad" in screen.error.text(), timeout=5000)
    assert app.window.locked


def test_child_names_stop_at_the_domain_limit(qtbot: Any) -> None:
    dialog = ChildDialog({"u": "Enhet"})
    qtbot.addWidget(dialog)
    dialog.given.setText("Å" * (NAME_MAX + 50))
    assert len(dialog.given.text()) == NAME_MAX
