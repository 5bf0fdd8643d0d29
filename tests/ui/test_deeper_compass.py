"""The Fördjupad behovskompass: started from the overview once the child has an Individuellt
barnteam, its result shown under the compass, and its needs ticked in a new Barnets plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backa_desktop.domain.form_ids import FormUse
from backa_desktop.services import workflow
from backa_desktop.ui.qt import Qt
from tests.services.workflow_helpers import PASSPHRASE, Folder, make_folder
from tests.ui.conftest import Launch
from tests.ui.driving import current_form, fill_form, open_child_by_search, unlock


def test_deeper_compass_only_for_an_individual_team(
    tmp_path: Path, launch: Launch, qtbot: Any
) -> None:
    folder = make_folder(tmp_path / "f")
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    overview = app.window.workspace.overview_screen
    assert not overview.form_buttons[FormUse.FORDJUPAD].isVisibleTo(overview)
    assert not overview.deeper_box.isVisibleTo(overview)


def test_deeper_compass_is_started_shown_and_feeds_the_plan(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    with folder.vault.unlock(PASSPHRASE) as s:
        workflow.decide(s, folder.child, "individuellt_barnteam", "Vi behöver ett team.")
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    ws = app.window.workspace
    overview = ws.overview_screen
    button = overview.form_buttons[FormUse.FORDJUPAD]
    assert button.isVisibleTo(overview)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.form_screen is not None)
    form = current_form(app)
    assert form.definition.id == "fordjupad_behovskompass"
    fill_form(form.view, {"text": "Fiktiv text.", "person": folder.upptackare},
              {"behov_till_plan": ["trygghet", "fritid"]})
    qtbot.mouseClick(form.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.stack.currentWidget() is overview
                    and overview.deeper_box.isVisibleTo(overview))
    note = overview.deeper_note.text()
    assert "Ulla Upptäckare" in note
    assert overview.compass.label_of("trygghet") in note
    assert overview.compass.label_of("fritid") in note
    assert overview.compass.label_of("omsorg") not in note

    qtbot.mouseClick(overview.deeper_open, Qt.MouseButton.LeftButton)  # opens read-only
    qtbot.waitUntil(lambda: ws.form_screen is not None and ws.form_screen.read_only)
    assert ws.form_screen.definition.id == "fordjupad_behovskompass"

    with folder.vault.unlock(PASSPHRASE) as s:
        from backa_desktop.services import plans
        from backa_desktop.services.overview import load_directory

        view = plans.load_plan(s, folder.child, load_directory(s))
        assert [n.value for n in view.plan.need_ids] == ["trygghet", "fritid"]
