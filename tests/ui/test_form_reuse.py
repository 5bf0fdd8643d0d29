"""A form screen is kept when it closes and refilled for the next opening of the same form
(building its ~200 widgets was most of a form's opening). A refilled screen must be exactly
what a new one would be: nothing of the child or the opening before it may show, be read
aloud or be undone back into it (answers, messages, the signed state, the draft's note, the
guardians' names, the help shown), and the Tab order is a new screen's."""

from __future__ import annotations

from datetime import date
from typing import Any

from backa_desktop.domain.people import ChildProfile, Guardian
from backa_desktop.services.children import save_child
from backa_desktop.ui.qt import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    Qt,
    QTextEdit,
    QWidget,
)
from backa_desktop.ui.screens.form_screen import FormScreen
from tests.services.workflow_helpers import PASSPHRASE, Folder
from tests.ui.conftest import Launch
from tests.ui.driving import (
    answer,
    current_form,
    filled_card,
    open_child_by_search,
    type_text,
    unlock,
)

CARD = "upptackarkort"


def _vera(folder: Folder) -> str:
    """A second child, with two named guardians (Sixten has one, Åsa)."""
    with folder.vault.unlock(PASSPHRASE) as s:
        return save_child(s, ChildProfile(
            given_names="Vera", family_name="Annansson", identity="201701022384",
            birth_date=date(2017, 1, 2), unit_id=folder.unit,
            guardians=[Guardian(name="Cecilia Annansson", relation="mamma"),
                       Guardian(name="David Annansson", relation="pappa")],
        )).id


def _open_card(app: Any, qtbot: Any, child: str, kind: str = CARD) -> FormScreen:
    ws = app.window.workspace
    ws.open_child(child)
    overview = ws.overview_screen
    qtbot.waitUntil(lambda: ws.stack.currentWidget() is overview, timeout=3000)
    assert overview.child_id == child
    qtbot.mouseClick(overview.form_buttons[kind], Qt.MouseButton.LeftButton)
    screen = current_form(app)
    _ = screen.view.editors  # every section built
    return screen


def _close(app: Any, qtbot: Any, screen: FormScreen) -> None:
    qtbot.mouseClick(screen.close_button, Qt.MouseButton.LeftButton)
    ws = app.window.workspace
    qtbot.waitUntil(lambda: ws.stack.currentWidget() is not screen, timeout=3000)


def _state(screen: FormScreen) -> dict[str, Any]:
    """Everything a user sees, hears (accessible names and descriptions) or can undo on the
    screen, as a comparable value; widgets in no particular order, the Tab order as it is."""
    def shown(w: QWidget) -> bool:
        return w.isVisibleTo(screen)

    texts = sorted(
        (type(w).__name__, w.text(), shown(w), w.accessibleName(), w.accessibleDescription())
        for w in screen.findChildren(QLabel)
    )
    buttons = sorted(
        (w.text(), w.accessibleName(), shown(w), w.isEnabled(), w.isChecked(), w.toolTip())
        for w in screen.findChildren(QAbstractButton)
    )
    boxes = sorted((w.title(), w.accessibleName(), shown(w))
                   for w in screen.findChildren(QGroupBox))
    lines = sorted((w.accessibleName(), w.text(), w.isReadOnly(), w.isEnabled(),
                    w.isUndoAvailable(), w.isRedoAvailable())
                   for w in screen.findChildren(QLineEdit))
    plains = sorted((w.accessibleName(), w.toPlainText(), w.isReadOnly(),
                     w.document().isUndoAvailable())
                    for w in screen.findChildren(QPlainTextEdit))
    rich = sorted((w.accessibleName(), w.toPlainText(), w.accessibleDescription())
                  for w in screen.findChildren(QTextEdit))
    chain, widget = [], screen.window().nextInFocusChain()
    while widget is not None and widget is not screen.window() and len(chain) < 10_000:
        if screen.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget.accessibleName())
        widget = widget.nextInFocusChain()
    response = screen.response()
    return {
        "answers": dict(response.answers), "comments": dict(response.comments),
        "child": response.child_id, "draft_key": screen.draft_key,
        "record_id": screen.record_id, "read_only": screen.read_only,
        "dirty": screen.dirty, "labels": texts, "buttons": buttons, "boxes": boxes,
        "lines": lines, "plains": plains, "rich": rich, "tab_order": chain,
        "scrolled": screen.scroll_area.verticalScrollBar().value(),
    }


def _all_text(state: dict[str, Any]) -> str:
    return repr({k: v for k, v in state.items() if k not in ("answers", "child")})


def test_a_reused_form_screen_carries_nothing_from_the_child_before(
        folder: Folder, launch: Launch, qtbot: Any) -> None:
    vera = _vera(folder)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace

    # Sixten's card: answers, free text typed (and some of it deleted: undo history), the
    # help shown for a need, signing refused with the messages at the questions, scrolled.
    first = _open_card(app, qtbot, folder.child)
    assert "Åsa Testsson" in _all_text(_state(first))  # his guardian by name
    answer(first.view, "mottagande_enhet", folder.unit)
    text_key = next(k for k, e in first.view.editors.items()
                    if isinstance(getattr(e, "edit", None), QLineEdit | QPlainTextEdit))
    type_text(first.view.editors[text_key].edit, "Sixtens hemlighet")
    qtbot.keyClick(first.view.editors[text_key].edit, Qt.Key.Key_Backspace)
    view = first.view
    for edit in (view.findChildren(QLineEdit)[0], view.findChildren(QPlainTextEdit)[-1]):
        qtbot.keyClicks(edit, "hemlig")  # typed and erased: only the undo history holds it
        for _ in "hemlig":
            qtbot.keyClick(edit, Qt.Key.Key_Backspace)
        assert edit.isUndoAvailable() if isinstance(edit, QLineEdit) else (
            edit.document().isUndoAvailable())
    first.help.show_need(next(iter(first.view.comments)).value)
    qtbot.mouseClick(first.sign_button, Qt.MouseButton.LeftButton)
    assert first.view.errors_shown() and first.sign_error.text()
    first.scroll_area.verticalScrollBar().setValue(200)
    _close(app, qtbot, first)
    # kept out of the stack's layout (a stack is as large as its largest screen), not freed
    assert ws.stack.indexOf(first) < 0 and first.parentWidget() is ws.stack

    # Vera's card is the same screen, refilled
    reused = _open_card(app, qtbot, vera)
    assert reused is first
    seen = _state(reused)
    text = _all_text(seen)
    for leftover in ("Sixten", "Åsa", "hemlighet", "Fiktiv"):
        assert leftover not in text, leftover
    assert "Cecilia Annansson" in text and "David Annansson" in text
    assert seen["child"] == vera and not reused.view.errors_shown()

    # ... and exactly what a screen built for her would be
    _close(app, qtbot, reused)
    ws.forms.forget_kept()
    new = _open_card(app, qtbot, vera)
    assert new is not first
    assert _state(new) == seen


def test_a_reused_screen_is_neither_signed_nor_read_only(
        folder: Folder, launch: Launch, qtbot: Any) -> None:
    """The signed card opened read-only, then a new card on the same (kept) screen: it can
    be filled and signed, as a new screen; and the signed one reopened is read-only again."""
    vera = _vera(folder)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    open_child_by_search(app, qtbot, "Sixten")
    card = filled_card(app, qtbot, folder)
    qtbot.mouseClick(card.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.stack.currentWidget() is ws.overview_screen, timeout=3000)
    assert card.retired  # kept, and a second click on it signs nothing

    model = ws.overview_screen.timeline_model
    record = next(e.record_id for e in map(model.row_at, range(model.rowCount()))
                  if e.form_id == CARD)
    ws.open_record(record)
    signed = current_form(app)
    assert signed is card and signed.read_only and signed.banner.isVisible()
    signed_state = _state(signed)
    _close(app, qtbot, signed)

    reused = _open_card(app, qtbot, vera)
    assert reused is card and not reused.read_only
    seen = _state(reused)
    assert "Signerad av" not in _all_text(seen)
    _close(app, qtbot, reused)
    ws.forms.forget_kept()
    assert _state(_open_card(app, qtbot, vera)) == seen

    # the signed card again, on the screen kept from Vera's: as read-only as the first time
    _close(app, qtbot, current_form(app))
    ws.open_record(record)
    again = current_form(app)
    assert again.read_only
    assert _state(again) == signed_state


def test_a_form_asking_each_guardian_is_reused_for_the_same_family_only(
        folder: Folder, launch: Launch, qtbot: Any) -> None:
    """A Samtal has a row per respondent, named and as wide as the guardians' names: its
    screen is refilled for the same guardians, and made anew for another family."""
    vera = _vera(folder)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    first = _open_card(app, qtbot, folder.child, "samtal")
    assert "Åsa Testsson" in _all_text(_state(first))
    _close(app, qtbot, first)
    again = _open_card(app, qtbot, folder.child, "samtal")
    assert again is first
    _close(app, qtbot, again)
    other = _open_card(app, qtbot, vera, "samtal")
    assert other is not first
    text = _all_text(_state(other))
    assert "Åsa" not in text and "Cecilia Annansson" in text and "David Annansson" in text


def test_the_first_card_of_a_session_is_a_screen_built_ahead(
        folder: Folder, launch: Launch, qtbot: Any) -> None:
    """After unlocking, a while after the first screen is shown, an Upptäckarkort's screen
    is built for no child; the first card opened refills it, exactly as a new screen."""
    vera = _vera(folder)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    qtbot.waitUntil(lambda: bool(ws.forms._kept), timeout=15000)
    [(_from, prepared)] = ws.forms._kept
    assert ws.stack.indexOf(prepared) < 0 and not prepared.isVisible()
    card = _open_card(app, qtbot, vera)
    assert card is prepared
    seen = _state(card)
    _close(app, qtbot, card)
    ws.forms.forget_kept()
    new = _open_card(app, qtbot, vera)
    assert new is not prepared
    assert _state(new) == seen


def test_kept_screens_are_dropped_when_a_childs_access_ends(
        folder: Folder, launch: Launch, qtbot: Any) -> None:
    """A kept screen still holds the last child's answers until it is refilled: when a
    child's access ends (purged after a sync), none is kept."""
    from backa_desktop.services.changes import Changes

    vera = _vera(folder)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    card = _open_card(app, qtbot, vera)
    _close(app, qtbot, card)
    assert any(kept is card for _from, kept in ws.forms._kept)
    app.runner.publish(Changes(purged=frozenset({vera})))
    assert ws.forms._kept == []
    assert _open_card(app, qtbot, folder.child) is not card
