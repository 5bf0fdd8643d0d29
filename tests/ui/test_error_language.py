"""Errors in the user's language: the services raise keys, and the English app shows their
English text (a wrong passphrase, a mistyped identity number, a refused plan edit, the sync
status's last error), while the Swedish app and the command line stay Swedish."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from backa_desktop.domain import form_engine
from backa_desktop.domain.errors import Message
from backa_desktop.services.forms import FormRegistry, default_forms_dir
from backa_desktop.ui.child_dialogs import ChildDialog
from backa_desktop.ui.form_view import FormView
from backa_desktop.ui.qt import Qt
from backa_desktop.ui.screens.plan_window import PlanWindow
from backa_desktop.ui.sync_controller import SyncView
from backa_desktop.ui.sync_status import describe
from tests.services.workflow_helpers import Folder
from tests.ui.conftest import Launch
from tests.ui.driving import type_text, unlock


def test_wrong_passphrase_in_english(folder: Folder, launch: Launch, qtbot: Any) -> None:
    app = launch(folder.vault.data_dir, "--language", "en")
    unlock(app, qtbot, "fel lösenfras")
    assert app.window.locked
    assert app.window.unlock_screen.error.text() == (
        "Wrong passphrase. Try again. Nothing has been changed."
    )


def test_a_mistyped_identity_number_is_explained_in_the_language_in_force(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    launch(folder.vault.data_dir, "--language", "en")
    dialog = ChildDialog({"u": "Unit"}, print_languages=[])
    qtbot.addWidget(dialog)
    type_text(dialog.given, "Sixten")
    type_text(dialog.family, "Testsson")
    type_text(dialog.identity, "20170101-2394")  # the right number ends in 3
    dialog._accept()
    assert dialog.result_profile is None
    assert dialog.identity_error.text() == "The check digit is wrong."

    launch(folder.vault.data_dir)  # Swedish again
    swedish = ChildDialog({"u": "Enhet"}, print_languages=[])
    qtbot.addWidget(swedish)
    type_text(swedish.identity, "2017-01012393")
    type_text(swedish.given, "Sixten")
    type_text(swedish.family, "Testsson")
    swedish._accept()
    assert swedish.identity_error.text() == (
        "Bindestrecket eller plustecknet ska stå före de fyra sista siffrorna."
    )


def test_a_form_explains_each_missing_answer_in_the_language_in_force(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    card = FormRegistry.load(default_forms_dir()).get("upptackarkort")
    for language, expected in (("en", "Write an answer."), ("sv", "Skriv ett svar.")):
        launch(folder.vault.data_dir, *(["--language", language] if language == "en" else []))
        view = FormView(card, staff={}, units={})
        qtbot.addWidget(view)
        view.set_response(form_engine.new_response(card, folder.child))
        errors = view.validate()
        assert errors["situation"].key == form_engine.MSG_TEXT
        assert view.errors["situation"].text() == expected, language


def test_a_refused_plan_edit_in_english(folder: Folder, launch: Launch, qtbot: Any) -> None:
    app = launch(folder.vault.data_dir, "--language", "en")
    unlock(app, qtbot)
    ws = app.window.workspace
    first = PlanWindow(ws.context, folder.child, "Sixten Testsson", 9, ws)
    second = PlanWindow(ws.context, folder.child, "Sixten Testsson", 9, ws)  # both "new plan"
    for window, reason in ((first, "Sixten is alone at play."), (second, "Sixten is quiet.")):
        qtbot.addWidget(window)
        window.show()
        type_text(window.form.reason, reason)
    # A visible window follows the other's save (it reloads and keeps the typing); a hidden one
    # does not, so its save still starts a second plan and is refused.
    second.hide()
    qtbot.mouseClick(first.save_button, Qt.MouseButton.LeftButton)
    assert first.error.text() == ""
    second.show()
    qtbot.mouseClick(second.save_button, Qt.MouseButton.LeftButton)
    assert second.error.text() == (
        "The child already has a plan. Open it and make the change there."
    )


def test_the_sync_status_shows_its_last_error_in_the_language_in_force(
    folder: Folder, launch: Launch
) -> None:
    view = SyncView(enrolled=True, last_error=Message("sync.unreachable"))
    launch(folder.vault.data_dir, "--language", "en")
    text, role = describe(view)
    assert role == "error"
    assert "The server cannot be reached right now." in text
    launch(folder.vault.data_dir)
    assert "Servern går inte att nå just nu." in describe(view)[0]


def test_the_command_line_speaks_swedish(tmp_path: Path) -> None:
    """`backa` has no language switch: its errors are the Swedish texts of the same keys."""
    missing = tmp_path / "ingen-mapp"
    env = {**os.environ, "BACKA_PASSPHRASE": "vilken som helst", "LANG": "en_GB.UTF-8",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    done = subprocess.run(
        [sys.executable, "-m", "backa_desktop.cli", "--data-dir", str(missing), "search", "x"],
        capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert done.returncode != 0
    assert f"Fel: Mappen {missing} är inte en Backa-mapp. Skapa den med `backa init`." in (
        done.stderr
    )
