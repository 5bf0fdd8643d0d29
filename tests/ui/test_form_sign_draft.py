"""Signing saves no draft on the way (the signing stores the answers and drops the draft),
but a form that stays open (a question before signing) has its answers in the draft at once,
as an autosave would, and a signed form leaves no draft behind."""

from __future__ import annotations

from typing import Any

from backa_desktop.domain.records import RecordType
from backa_desktop.services import workflow
from backa_desktop.ui.qt import Qt
from tests.services.workflow_helpers import PASSPHRASE, Folder
from tests.ui.conftest import Launch
from tests.ui.driving import current_form, fill_form, filled_card, open_child_by_search, unlock


def test_a_signed_card_leaves_no_draft(folder: Folder, launch: Launch, qtbot: Any) -> None:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    open_child_by_search(app, qtbot, "Sixten")
    card = filled_card(app, qtbot, folder)
    assert card.dirty  # answered, not saved yet
    key = card.draft_key
    qtbot.mouseClick(card.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.stack.currentWidget() is ws.overview_screen, timeout=5000)
    qtbot.mouseClick(card.sign_button, Qt.MouseButton.LeftButton)  # on the kept screen
    qtbot.wait(100)
    with folder.vault.unlock(PASSPHRASE) as s:
        assert workflow.load_draft(s, key) is None
        assert len(s.repo.find(RecordType.FORM_RESPONSE, child_id=folder.child)) == 1


def test_a_question_before_signing_saves_the_draft(
        folder: Folder, launch: Launch, qtbot: Any) -> None:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    open_child_by_search(app, qtbot, "Sixten")
    qtbot.mouseClick(ws.overview_screen.form_buttons["upptackarkort"], Qt.MouseButton.LeftButton)
    card = current_form(app)
    fill_form(card.view, {"need_status": "uppfyllt", "yes_no": True, "text": "Fiktiv text."}, {
        "situation": "Sixten grät vid lämningen.",  # a name in an anonymous card: a question
        "mottagande_enhet": folder.unit,
        "egna_atgarder.vidtagna": False,
        "vh1.samtycke": False,
    })
    qtbot.mouseClick(card.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(ws.forms, "leak_warning", None) is not None
                    and ws.forms.leak_warning.isVisible(), timeout=5000)
    assert not card.dirty
    with folder.vault.unlock(PASSPHRASE) as s:
        saved = workflow.load_draft(s, card.draft_key)
        assert saved is not None
        assert saved[0].answers["situation"] == "Sixten grät vid lämningen."
        assert s.repo.find(RecordType.FORM_RESPONSE) == []
