"""A nurse's day without stumbling: a document opened from the timeline closes back to the child,
the "Mina barn" filter says it is on, the inbox has one row per follow-up and lists the sync's
conflicts. Real widgets on a real encrypted folder, offscreen."""

from __future__ import annotations

from typing import Any

from backa_desktop.ui.qt import Qt
from tests.services.workflow_helpers import Folder
from tests.ui.conftest import Launch
from tests.ui.driving import (
    current_form,
    fill_form,
    filled_card,
    open_child_by_search,
    sign_card,
    timeline_texts,
    type_text,
    unlock,
)


def _sign_card_without_consent(app: Any, qtbot: Any, folder: Folder) -> None:
    """A card the guardians did not consent to: it travels without the child's identity."""
    overview = app.window.workspace.overview_screen
    qtbot.mouseClick(overview.form_buttons["upptackarkort"], Qt.MouseButton.LeftButton)
    card = current_form(app)
    fill_form(
        card.view,
        {"need_status": "uppfyllt", "yes_no": True, "text": "Fiktiv text."},
        {"mottagande_enhet": folder.unit, "egna_atgarder.vidtagna": False,
         "vh1.samtycke": False, "vh2.samtycke": False},
    )
    qtbot.mouseClick(card.sign_button, Qt.MouseButton.LeftButton)


def test_closing_a_document_from_the_timeline_returns_to_the_child(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    _sign_card_without_consent(app, qtbot, folder)
    ws = app.window.workspace
    overview = ws.overview_screen
    assert ws.stack.currentWidget() is overview
    for title in ("Upptäckarkort",):
        row = next(r for r, t in enumerate(timeline_texts(app)) if t.startswith(title))
        overview.timeline.activated.emit(overview.timeline_model.index(row, 1))
        document = current_form(app)
        qtbot.mouseClick(document.close_button, Qt.MouseButton.LeftButton)
        assert ws.stack.currentWidget() is overview, title
        assert ws.nav == {"page": "child", "child_id": folder.child}


def test_the_mina_barn_filter_says_it_is_on(folder: Folder, launch: Launch, qtbot: Any) -> None:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    ws.show_list()
    screen = ws.list_screen
    assert not screen.filter_note.isVisible()
    screen.mine.setChecked(True)  # Ulla is nobody's Barnkontakt
    qtbot.waitUntil(lambda: screen.filter_note.isVisible(), timeout=10000)
    assert screen.filter_note.text() == "Filter på: Mina barn som barnkontakt"
    qtbot.keyClicks(screen.search, "Sixten")
    qtbot.waitUntil(lambda: "Inga barn hittades" in screen.filter_note.text(), timeout=10000)
    assert screen.model.rowCount() == 0
    assert screen.filter_note.text() == (
        "Inga barn hittades med filtret Mina barn som barnkontakt. Sök bland alla barn?"
    )
    assert screen.all_button.isVisible()
    qtbot.mouseClick(screen.all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=10000)
    assert not screen.mine.isChecked()
    assert not screen.filter_note.isVisible() and not screen.all_button.isVisible()
    assert screen.search.text() == "Sixten"


def test_after_a_signed_card_the_next_step_says_it_was_sent(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    overview = app.window.workspace.overview_screen
    assert "inget pågående stöd" in overview.next_step.text()
    sign_card(app, qtbot, folder)  # with the guardians' consent
    qtbot.waitUntil(lambda: "skickat till Barnkontakten" in overview.next_step.text(),
                    timeout=10000)
    assert "inget pågående stöd" not in overview.next_step.text()


def test_an_anonymous_card_also_moves_the_next_step(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    overview = app.window.workspace.overview_screen
    _sign_card_without_consent(app, qtbot, folder)
    qtbot.waitUntil(lambda: "skickat till Barnkontakten" in overview.next_step.text(),
                    timeout=10000)


def test_red_error_texts_clear_when_the_answer_is_fixed(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    overview = app.window.workspace.overview_screen
    qtbot.mouseClick(overview.form_buttons["upptackarkort"], Qt.MouseButton.LeftButton)
    card = current_form(app)
    assert card.subtitle.text() == "Sixten Testsson"  # no "· version 1" on today's form
    qtbot.mouseClick(card.sign_button, Qt.MouseButton.LeftButton)
    shown = {k for k, label in card.view.errors.items() if label.text()}
    assert "situation" in shown and len(shown) > 1
    assert card.sign_error.text()
    type_text(card.view.editors["situation"].edit, "Fiktiv text.")
    assert card.view.errors["situation"].text() == ""
    assert not card.view.errors["situation"].isVisible()
    others = {k for k, label in card.view.errors.items() if label.text()}
    assert others == shown - {"situation"}  # the rest still say what is missing
    assert card.sign_error.text()
    fill_form(
        card.view,
        {"need_status": "uppfyllt", "yes_no": True, "text": "Fiktiv text."},
        {"mottagande_enhet": folder.unit, "egna_atgarder.vidtagna": False},
    )
    assert not card.view.errors_shown()
    assert card.sign_error.text() == ""


def test_the_card_goes_to_the_childs_unit_unless_changed(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    overview = app.window.workspace.overview_screen
    qtbot.mouseClick(overview.form_buttons["upptackarkort"], Qt.MouseButton.LeftButton)
    card = current_form(app)
    receiving = card.view.editors["mottagande_enhet"]
    assert receiving.value() == folder.unit
    assert receiving.combo.currentText() == "Förskolan Ekorren"


def test_a_double_click_on_sign_signs_once(folder: Folder, launch: Launch, qtbot: Any) -> None:
    """Impatient clicks queue more than one signature of the same draft; only one becomes a
    signed record."""
    from backa_desktop.domain.records import RecordType
    from tests.services.workflow_helpers import PASSPHRASE

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    card = filled_card(app, qtbot, folder)
    # the second click comes before the first signature has an answer
    qtbot.mouseDClick(card.sign_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(card.sign_button, Qt.MouseButton.LeftButton)
    ws = app.window.workspace
    qtbot.waitUntil(lambda: ws.stack.currentWidget() is ws.overview_screen, timeout=10000)
    qtbot.wait(300)  # room for a second signature job to land, were one queued
    with folder.vault.unlock(PASSPHRASE) as s:
        signed = [r for r in s.repo.find(RecordType.FORM_RESPONSE, child_id=folder.child)
                  if r.body.get("form_id") == "upptackarkort"]
    assert len(signed) == 1
