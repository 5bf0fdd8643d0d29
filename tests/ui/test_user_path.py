"""Walking the whole path as users do: unlock, find a child, Upptäckarkort, Fem frågor ->
Barnkontakt, the Barnkontakt's inbox, a talk in child mode, a rating with a co-rater, the
compass, the timeline; and the automatic lock that keeps unsaved typing."""

from __future__ import annotations

from datetime import date
from typing import Any

from backa_desktop.domain.forms import Respondent, answer_key
from backa_desktop.services.vault import ME_KEY
from backa_desktop.store.settings import set_setting
from backa_desktop.ui.compass import CompassWidget
from backa_desktop.ui.qt import QDialogButtonBox, Qt
from backa_desktop.ui.screens.child_mode import LEAVE_CHORD, ChildModeWindow
from tests.services.workflow_helpers import PASSPHRASE, Folder
from tests.ui.conftest import Launch
from tests.ui.driving import (
    answer,
    current_form,
    fill_form,
    open_child_by_search,
    timeline_texts,
    type_text,
    unlock,
)

TODAY = date.today().isoformat()


def test_wrong_passphrase_says_so_and_changes_nothing(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    app = launch(folder.vault.data_dir)
    assert app.window.locked
    unlock(app, qtbot, "fel lösenfras")
    assert app.window.locked
    assert "Fel lösenfras" in app.window.unlock_screen.error.text()
    assert app.window.unlock_screen.error.isVisible()
    unlock(app, qtbot)
    assert not app.window.locked


def test_the_whole_path(folder: Folder, launch: Launch, qtbot: Any) -> None:
    # --- the Upptäckare (a preschool teacher) ----------------------------------------------
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    open_child_by_search(app, qtbot, "Sixt")
    overview = ws.overview_screen
    assert overview.name.text() == "Sixten Testsson"
    assert overview.identity.text() == "20170101-****"
    qtbot.mouseClick(overview.reveal, Qt.MouseButton.LeftButton)
    assert overview.identity.text() == "20170101-2393"

    qtbot.mouseClick(overview.form_buttons["upptackarkort"], Qt.MouseButton.LeftButton)
    card = current_form(app)
    qtbot.mouseClick(card.sign_button, Qt.MouseButton.LeftButton)  # empty: messages appear
    assert card.view.errors["situation"].text() == "Skriv ett svar."
    assert card.view.rule_errors["minst_ett_behov"].isVisible()
    card.view.help_requested.emit("trygghet")
    assert "TRYGGHET" in card.help.title.text()
    fill_form(
        card.view,
        {"need_status": "uppfyllt", "yes_no": True, "text": "Fiktiv text."},
        {
            "situation": "Barnet var ledset vid lämningen flera dagar i rad.",
            "trygghet.uppfyllt": "inte_uppfyllt",
            "mottagande_enhet": folder.unit,
            "egna_atgarder.vidtagna": False,
        },
    )
    qtbot.mouseClick(card.sign_button, Qt.MouseButton.LeftButton)
    assert ws.stack.currentWidget() is overview
    assert any("Upptäckarkort" in t for t in timeline_texts(app))
    assert overview.compass.status()["trygghet"] == "inte_uppfyllt"

    qtbot.mouseClick(overview.form_buttons["fem_fragor"], Qt.MouseButton.LeftButton)
    fem = current_form(app)
    assert fem.view.answers()["fraga_1"].startswith("TRYGGHET")  # prefilled from the card
    fill_form(fem.view, {"text": "Fiktivt svar."}, {"beslut": "barnkontakt"})
    qtbot.mouseClick(fem.sign_button, Qt.MouseButton.LeftButton)
    assert ws.stack.currentWidget() is overview
    assert overview.status_chip.text() == "Upptäckt"
    assert any(t.startswith("Beslut: Kontakta barnkontakten") for t in timeline_texts(app))
    app.window.close()

    # --- the Barnkontakt's laptop after a sync ------------------------------------------------
    with folder.vault.unlock(PASSPHRASE) as s, s.db.transaction():
        set_setting(s.db, ME_KEY, folder.barnkontakt)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    # the count comes after the list (a timer queues it behind the first search)
    qtbot.waitUntil(lambda: ws.inbox_button.text() == "Inkorg (1)", timeout=5000)
    qtbot.mouseClick(ws.inbox_button, Qt.MouseButton.LeftButton)
    inbox = ws.inbox_screen
    assert inbox.model.rowCount() == 1
    assert inbox.model.index(0, 1).data() == "Sixten Testsson"
    assert inbox.model.index(0, 2).data() == "Nytt upptäckarkort från Ulla Upptäckare"

    # the talk with the child, in child mode
    qtbot.mouseClick(inbox.open_child_button, Qt.MouseButton.LeftButton)
    overview = ws.overview_screen
    qtbot.mouseClick(overview.form_buttons["samtal"], Qt.MouseButton.LeftButton)
    talk = current_form(app)
    assert talk.definition.id == "samtal_7_12"  # Sixten is 9 or older
    qtbot.mouseClick(talk.child_mode_button, Qt.MouseButton.LeftButton)
    child_mode = ws.forms.child_mode
    assert isinstance(child_mode, ChildModeWindow) and child_mode.isFullScreen()
    child_mode.close()  # a child cannot just close it
    assert child_mode.isVisible()
    dialog = child_mode._dialog
    type_text(dialog.passphrase, "inte rätt")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.error.text() == "Fel lösenfras."
    dialog.reject()
    omsorg_smiley = answer_key("omsorg.barnet", Respondent.CHILD)
    first = child_mode.cards[0]
    first.editors[omsorg_smiley].buttons()[4].click()  # the happiest face
    type_text(
        first.editors[answer_key("omsorg.egna_ord", Respondent.CHILD)].edit,
        "Mamma lagar mat och läser för mig.",
    )
    for _ in range(len(child_mode.cards) - 1):
        qtbot.mouseClick(child_mode.next_button, Qt.MouseButton.LeftButton)
    assert child_mode.progress.text().startswith(f"Kort {len(child_mode.cards)} av")
    child_mode.activateWindow()
    qtbot.waitActive(child_mode)
    qtbot.keyClick(
        child_mode.focusWidget() or child_mode,
        Qt.Key.Key_L,
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.ShiftModifier,
    )
    assert LEAVE_CHORD == "Ctrl+Alt+Shift+L"
    assert not child_mode.isVisible()
    assert talk.view.answers()[omsorg_smiley] == 5
    fill_form(
        talk.view,
        {"smiley": 3, "scale_1_5": 4, "text": "Fiktiva ord."},
        {"deltagare": ["barnet", "vardnadshavare_1"]},
    )
    qtbot.mouseClick(talk.sign_button, Qt.MouseButton.LeftButton)
    errors = {k: e.text() for k, e in talk.view.errors.items() if e.text()}
    assert ws.stack.currentWidget() is overview, (talk.sign_error.text(), errors)

    # the Barnkontakt decides on the card: Barnteam
    qtbot.mouseClick(ws.inbox_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(inbox.decide_button, Qt.MouseButton.LeftButton)
    decision = ws._dialog
    decision.beslut.setCurrentIndex(decision.beslut.findData("barnteam"))
    type_text(decision.motivation, "Flera behov är inte uppfyllda.")
    decision.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    kinds = [inbox.model.row_at(r).kind for r in range(inbox.model.rowCount())]
    assert "new_card" not in kinds and "tell_family" in kinds

    # a rating with a co-rater
    open_child_by_search(app, qtbot, "Testsson")
    assert overview.status_chip.text() == "I barnteam"
    qtbot.mouseClick(overview.form_buttons["skattning"], Qt.MouseButton.LeftButton)
    rating = current_form(app)
    assert rating.view.answers()["skattare"] == folder.barnkontakt
    fill_form(
        rating.view, {"scale_1_5": 3}, {"arbetskollega": folder.colleague, "omsorg.hemmiljo": 5}
    )
    qtbot.mouseClick(rating.sign_button, Qt.MouseButton.LeftButton)
    assert ws.stack.currentWidget() is overview

    # the compass shows the scores, the timeline each step
    compass: CompassWidget = overview.compass
    labels = [s.label for s in compass.series()]
    assert "Berit Barnkontakt och Kalle Kollega" in labels
    assert "Barnet" in labels
    staff = next(s for s in compass.series() if s.label.startswith("Berit"))
    assert staff.means["trygghet"] == 3
    assert 3 < staff.means["omsorg"] < 4
    assert "Berit Barnkontakt och Kalle Kollega" in compass.accessibleDescription()
    over_time = overview.over_time_model
    heads = [
        over_time.headerData(c, Qt.Orientation.Horizontal, 0)
        for c in range(over_time.columnCount())
    ]
    assert len(heads) == 4  # the child and two guardians in the talk, and the staff rating
    assert heads[0].endswith("Barnet")
    assert heads[3].endswith("Berit Barnkontakt och Kalle Kollega")
    trygghet_row = [
        over_time.headerData(r, Qt.Orientation.Vertical, 0) for r in range(over_time.rowCount())
    ].index("TRYGGHET")
    assert over_time.index(trygghet_row, 3).data() == "3,0"
    texts = timeline_texts(app)
    for expected in (
        "Skattningsformulär för personal",
        "Beslut: Barnteam",
        "Upptäckarkort",
        "Fem frågor",
        "Beslut: Kontakta barnkontakten",
    ):
        assert any(t.startswith(expected) for t in texts), (expected, texts)
    assert texts[0].startswith("Skattningsformulär")  # newest first


def test_auto_lock_closes_the_database_and_restores_the_draft(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    app = launch(folder.vault.data_dir, "--lock-minutes", "5")
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    ws = app.window.workspace
    qtbot.mouseClick(ws.overview_screen.form_buttons["upptackarkort"], Qt.MouseButton.LeftButton)
    card = current_form(app)
    answer(card.view, "situation", "Ännu inte sparad text om lämningen.")
    answer(card.view, "omsorg.uppfyllt", "inte_uppfyllt")
    assert card.dirty  # typed, not yet autosaved
    session = app.runner._holder.session
    assert app.window.idle.active

    app.window.idle.idle.emit()  # the idle timer ran out

    assert app.window.locked
    assert session.closed and app.runner._holder.session is None
    assert app.window.stack.currentWidget() is app.window.unlock_screen
    unlock(app, qtbot)
    restored = current_form(app)
    assert restored is not card
    assert restored.view.answers()["situation"] == "Ännu inte sparad text om lämningen."
    assert restored.view.answers()["omsorg.uppfyllt"] == "inte_uppfyllt"
    assert "utkast" in restored.banner.text()
