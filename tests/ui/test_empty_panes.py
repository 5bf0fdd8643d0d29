"""A pane with nothing in it yet says so, instead of standing blank."""

from __future__ import annotations

from typing import Any

from backa_desktop.ui.qt import Qt
from backa_desktop.ui.screens.orosanmalan_window import OrosanmalanWindow
from tests.services.workflow_helpers import Folder
from tests.ui.conftest import Launch
from tests.ui.driving import show_child_window, type_text, unlock


def test_the_reports_of_concern_list_says_when_there_are_none(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    window = show_child_window(app, qtbot, OrosanmalanWindow, folder.child)
    assert window.list.count() == 0
    assert window.none_yet.isVisibleTo(window)
    assert window.none_yet.text() == "Inga ännu. En ny orosanmälan skrivs till höger."
    type_text(window.concern, "Sixten säger att han inte vill gå hem.")
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.list.count() == 1)
    assert not window.none_yet.isVisibleTo(window)
