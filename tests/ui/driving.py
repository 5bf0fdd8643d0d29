"""Driving the real widgets the way a user does (clicks, typing), shared by the UI tests.

Text with å/ä/ö is set directly on the field (qtbot.keyClicks with those characters aborts
the process on this machine); the field still emits its change signals as typing would.
"""

from __future__ import annotations

from typing import Any

from backa_desktop.domain import form_engine
from backa_desktop.ui.form_editors import (
    ComboEditor,
    DateEditor,
    MultiEditor,
    PersonEditor,
    SmileyEditor,
    TextEditor,
)
from backa_desktop.ui.form_view import FormView
from backa_desktop.ui.qt import QLineEdit, QPlainTextEdit, Qt
from backa_desktop.ui.screens.form_screen import FormScreen
from tests.services.workflow_helpers import PASSPHRASE, Folder


def type_text(widget: Any, text: str) -> None:
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)
    elif isinstance(widget, QLineEdit):
        widget.setText(text)
    else:
        raise TypeError(type(widget))


def answer(view: FormView, key: str, value: Any) -> None:
    editor = view.editors[key]
    if isinstance(editor, DateEditor):
        editor.set_value(value)
    elif isinstance(editor, TextEditor):
        type_text(editor.edit, "" if value is None else str(value))
    elif isinstance(editor, ComboEditor | PersonEditor):
        editor.combo.setCurrentIndex(editor.combo.findData(value))
    elif isinstance(editor, MultiEditor):
        for oid, box in editor.boxes:
            box.setChecked(oid in (value or []))
    else:  # radio buttons and smileys
        values = editor._values
        editor.group.button(values.index(value)).click()
    assert view.answers().get(key) == value, key


def fill_form(view: FormView, defaults: dict[str, Any], overrides: dict[str, Any]) -> None:
    """Answer every visible slot: overrides first, then a default by item kind."""
    for key, value in overrides.items():
        if value is not None:
            answer(view, key, value)
    for slot in form_engine.answer_slots(view.definition):
        if slot.key in overrides or slot.key in view.answers():
            continue
        if not form_engine.is_visible(view.definition, slot.item, view.answers()):
            continue
        value = defaults.get(slot.item.kind)
        if value is not None:
            answer(view, slot.key, value)


def smiley_buttons(editor: SmileyEditor) -> list[Any]:
    return editor.buttons()


def unlock(app: Any, qtbot: Any, passphrase: str = PASSPHRASE) -> None:
    screen = app.window.unlock_screen
    type_text(screen.passphrase, passphrase)
    qtbot.mouseClick(screen.button, Qt.MouseButton.LeftButton)


def open_child_by_search(app: Any, qtbot: Any, text: str) -> None:
    ws = app.window.workspace
    ws.show_list()
    qtbot.keyClicks(ws.list_screen.search, text)
    qtbot.waitUntil(lambda: ws.list_screen.model.rowCount() == 1, timeout=3000)
    qtbot.keyClick(ws.list_screen.search, Qt.Key.Key_Return)
    assert ws.stack.currentWidget() is ws.overview_screen


def current_form(app: Any) -> FormScreen:
    screen = app.window.workspace.stack.currentWidget()
    assert isinstance(screen, FormScreen), screen
    return screen


def timeline_texts(app: Any) -> list[str]:
    model = app.window.workspace.overview_screen.timeline_model
    return [model.index(r, 1).data() for r in range(model.rowCount())]


def filled_card(app: Any, qtbot: Any, folder: Folder) -> FormScreen:
    """An Upptäckarkort for the open child, every need met, sent to the folder's unit, ready
    to sign."""
    overview = app.window.workspace.overview_screen
    qtbot.mouseClick(overview.form_buttons["upptackarkort"], Qt.MouseButton.LeftButton)
    card = current_form(app)
    fill_form(
        card.view,
        {"need_status": "uppfyllt", "yes_no": True, "text": "Fiktiv text."},
        {"mottagande_enhet": folder.unit, "egna_atgarder.vidtagna": False},
    )
    return card


def sign_card(app: Any, qtbot: Any, folder: Folder) -> None:
    """Sign an Upptäckarkort for the open child, every need met, sent to the folder's unit."""
    card = filled_card(app, qtbot, folder)
    qtbot.mouseClick(card.sign_button, Qt.MouseButton.LeftButton)


def show_child_window(app: Any, qtbot: Any, window_class: Any, child_id: str) -> Any:
    """One of the child's own windows (plan, consents, teams, reports of concern), opened for
    the test folder's child as the overview opens it."""
    ws = app.window.workspace
    window = window_class(ws.context, child_id, "Sixten Testsson", ws)
    qtbot.addWidget(window)
    window.show()
    return window
