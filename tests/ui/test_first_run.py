"""First run: who I am, a passphrase with a strength hint, the recovery key shown once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backa_desktop.ui.qt import Qt
from tests.ui.conftest import Launch
from tests.ui.driving import type_text


def test_first_run_creates_the_folder_and_shows_the_recovery_key_once(
    tmp_path: Path, launch: Launch, qtbot: Any
) -> None:
    app = launch(tmp_path / "new")
    wizard = app.window.first_run
    assert wizard is not None and app.window.stack.currentWidget() is wizard
    qtbot.mouseClick(wizard.next1, Qt.MouseButton.LeftButton)
    assert wizard.who_error.text() == "Skriv ditt namn."
    type_text(wizard.name, "Åsa Sköterska")
    type_text(wizard.title_edit, "BVC-sjuksköterska")
    type_text(wizard.unit, "BVC Solrosen")
    wizard.trained.setChecked(True)
    wizard.role_boxes["barnkontakt"].setChecked(True)
    qtbot.mouseClick(wizard.next1, Qt.MouseButton.LeftButton)
    assert wizard.pages.currentIndex() == 1

    type_text(wizard.pass1, "kort")
    assert wizard.meter.value() == 0 and "För kort" in wizard.hint.text()
    qtbot.mouseClick(wizard.create_button, Qt.MouseButton.LeftButton)
    assert wizard.pass_error.isVisible() and wizard.pages.currentIndex() == 1
    type_text(wizard.pass1, "sol hav skog fjäll")
    type_text(wizard.pass2, "sol hav skog fjall")
    qtbot.mouseClick(wizard.create_button, Qt.MouseButton.LeftButton)
    assert wizard.pass_error.text() == "Lösenfraserna är inte lika."
    type_text(wizard.pass2, "sol hav skog fjäll")
    qtbot.mouseClick(wizard.create_button, Qt.MouseButton.LeftButton)

    assert wizard.pages.currentIndex() == 2
    key = wizard.recovery.toPlainText()
    assert len(key.replace("-", "")) == 64
    assert not wizard.done.isEnabled()  # not before the user confirms storing it
    wizard.stored.setChecked(True)
    qtbot.mouseClick(wizard.done, Qt.MouseButton.LeftButton)

    ws = app.window.workspace
    assert ws is not None  # unlocked straight away with the new passphrase
    assert ws.me["name"] == "Åsa Sköterska" and ws.me["trained_to_rate"] is True
    assert set(ws.me["roles"]) == {"upptackare", "barnkontakt"}
    assert "BVC Solrosen" in ws.who.text()
    for path in (tmp_path / "new").rglob("*"):  # shown once, stored nowhere in the folder
        if path.is_file():
            data = path.read_bytes()
            assert key.encode() not in data and key.replace("-", "").lower().encode() not in data
