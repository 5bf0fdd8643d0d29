"""Signed documents: opened from the timeline read-only, corrected with "Rätta"; an untrained
rater may draft a Skattning but not sign it; orosanmälan is open from any screen with a child."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backa_desktop.domain.records import RecordType
from backa_desktop.ui.qt import QDialogButtonBox, Qt
from tests.services.workflow_helpers import PASSPHRASE, Folder, make_folder
from tests.ui.conftest import Launch
from tests.ui.driving import (
    current_form,
    open_child_by_search,
    sign_card,
    timeline_texts,
    type_text,
    unlock,
)


def test_signed_card_opens_read_only_and_rätta_makes_a_new_version(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    sign_card(app, qtbot, folder)
    overview = app.window.workspace.overview_screen
    row = next(r for r, t in enumerate(timeline_texts(app)) if t.startswith("Upptäckarkort"))
    overview.timeline.activated.emit(overview.timeline_model.index(row, 1))
    signed = current_form(app)
    assert signed.read_only and not signed.sign_button.isVisible()
    assert "Signerad av Ulla Upptäckare" in signed.banner.text()
    assert not signed.view.editors["omsorg.uppfyllt"].group.button(0).isEnabled()
    assert signed.view.editors["situation"].edit.isReadOnly()

    qtbot.mouseClick(signed.correct_button, Qt.MouseButton.LeftButton)
    fix = current_form(app)
    assert not fix.read_only and fix.response().corrects == signed.record_id
    fix.view.editors["halsa.uppfyllt"].group.button(2).click()  # Vet ej
    qtbot.mouseClick(fix.sign_button, Qt.MouseButton.LeftButton)
    texts = timeline_texts(app)
    assert "Upptäckarkort (rättelse)" in texts
    assert "Upptäckarkort (ersatt av rättelse)" in texts
    assert overview.compass.status()["halsa"] == "vet_inte"


def test_untrained_rater_can_draft_but_not_sign(tmp_path: Path, launch: Launch, qtbot: Any) -> None:
    folder = make_folder(tmp_path / "u", trained=False)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    overview = app.window.workspace.overview_screen
    qtbot.mouseClick(overview.form_buttons["skattning"], Qt.MouseButton.LeftButton)
    rating = current_form(app)
    assert not rating.sign_button.isEnabled()
    assert "inte markerad som utbildad" in rating.banner.text()


def test_orosanmalan_from_a_form_needs_no_consent(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    assert not ws.oros_button.isVisible()  # no child in view
    open_child_by_search(app, qtbot, "Sixten")
    qtbot.mouseClick(ws.overview_screen.form_buttons["fem_fragor"], Qt.MouseButton.LeftButton)
    assert ws.oros_button.isVisible()
    qtbot.mouseClick(ws.oros_button, Qt.MouseButton.LeftButton)
    dialog = ws._dialog
    assert "Sixten Testsson" in dialog.windowTitle()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.error.text() == "Beskriv din oro."  # nothing saved without a description
    type_text(dialog.concern, "Barnet har berättat om slag hemma.")
    dialog.indicators[0][1].setChecked(True)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    with folder.vault.unlock(PASSPHRASE) as s:
        [report] = s.repo.find(RecordType.OROSANMALAN, child_id=folder.child)
    assert report.body["concern_indicator_ids"] == [dialog.indicators[0][0]]
    assert report.body["reporter_staff_id"] == folder.upptackare


def test_the_childs_other_windows_open_from_the_overview(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.ui.child_windows import CHILD_WINDOWS

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    ws = app.window.workspace
    offered = {k for k, b in ws.overview_screen.window_buttons.items() if b.isVisibleTo(ws)}
    assert offered == set(CHILD_WINDOWS)
    for kind in sorted(offered):
        ws._window = None
        qtbot.mouseClick(ws.overview_screen.window_buttons[kind], Qt.MouseButton.LeftButton)
        window = ws._window
        assert window is not None and window.isVisible(), kind
        assert "Sixten Testsson" in window.windowTitle(), kind
        window.close()


def test_steady_typing_is_saved_every_few_seconds(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.services import workflow
    from backa_desktop.ui.screens import form_screen

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    overview = app.window.workspace.overview_screen
    qtbot.mouseClick(overview.form_buttons["upptackarkort"], Qt.MouseButton.LeftButton)
    card = current_form(app)
    card._timer.setInterval(300)  # the same throttle, faster for the test
    assert form_screen.AUTOSAVE_MS <= 3000
    editor = card.view.editors["situation"].edit
    key = workflow.draft_key("upptackarkort", folder.child)

    def saved() -> str:
        with folder.vault.unlock(PASSPHRASE) as s:
            draft = workflow.load_draft(s, key)
        return str(draft[0].answers.get("situation", "")) if draft else ""

    for i in range(20):  # 1.2 s of typing, never pausing as long as the interval
        type_text(editor, "x" * (i + 1))
        qtbot.wait(60)
    during = saved()  # checked before any pause: a debounce would not have saved yet
    assert 4 <= len(during) < 20


def test_barnkontakt_decides_from_the_overview(folder: Folder, launch: Launch, qtbot: Any) -> None:
    from backa_desktop.services.vault import ME_KEY
    from backa_desktop.store.settings import set_setting

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    assert not app.window.workspace.overview_screen.decide_button.isVisibleTo(app.window)
    sign_card(app, qtbot, folder)  # the Upptäckare's card
    app.window.close()
    with folder.vault.unlock(PASSPHRASE) as s, s.db.transaction():
        set_setting(s.db, ME_KEY, folder.barnkontakt)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    ws = app.window.workspace
    overview = ws.overview_screen
    assert overview.decide_button.isVisibleTo(app.window)  # I am the child's Barnkontakt
    qtbot.mouseClick(overview.decide_button, Qt.MouseButton.LeftButton)
    dialog = ws._dialog
    dialog.beslut.setCurrentIndex(dialog.beslut.findData("barnteam"))
    type_text(dialog.motivation, "Flera behov behöver stöd från fler verksamheter.")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert overview.status_chip.text() == "I barnteam"
    assert any(t.startswith("Beslut: Barnteam") for t in timeline_texts(app))
    with folder.vault.unlock(PASSPHRASE) as s:
        [decision] = s.repo.find(RecordType.DECISION, child_id=folder.child)
    assert decision.body["notify_upptackare"] == folder.upptackare  # återkoppling
