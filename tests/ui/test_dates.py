"""Dates are typed the way Swedes write them and an empty date opens its calendar at today:
the plan's own dialogs, driven with real keystrokes offscreen."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.process import Decision
from backa_desktop.domain.records import RecordType
from backa_desktop.ui import plan_widgets as P
from backa_desktop.ui.date_edit import DateEdit, parse_date
from backa_desktop.ui.plan_dialogs import ActionDialog
from backa_desktop.ui.qt import QDialogButtonBox, QPoint, Qt
from backa_desktop.ui.screens.plan_window import PlanWindow
from tests.services.workflow_helpers import PASSPHRASE, Folder
from tests.ui.conftest import Launch
from tests.ui.driving import type_text, unlock

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-02", date(2026, 12, 2)),
        ("2026-1-7", date(2026, 1, 7)),
        ("20261202", date(2026, 12, 2)),
        ("261202", date(2026, 12, 2)),
        ("2/12", date(2026, 12, 2)),
        ("2.12", date(2026, 12, 2)),
        (" 24/6 2027 ", date(2027, 6, 24)),
        ("31/2", None),
        ("2026-13-01", None),
        ("12/", None),
        ("imorgon", None),
        ("", None),
    ],
)
def test_swedish_ways_of_writing_a_date(text: str, expected: date | None) -> None:
    assert parse_date(text, TODAY) == expected


def _type(edit: DateEdit, qtbot: Any, text: str, then: Any) -> None:
    """Type into the date, then click the next field (leaving the date, as a user does)."""
    edit.setFocus()
    edit.lineEdit().selectAll()
    if text:
        qtbot.keyClicks(edit, text)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.mouseClick(then, Qt.MouseButton.LeftButton)
    assert not edit.hasFocus()


def _open_calendar(edit: DateEdit, qtbot: Any) -> None:
    """Click the field's calendar arrow, at its right end."""
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 5,
                                                                 edit.height() // 2))


def _plan_with_action_dialog(folder: Folder, launch: Launch, qtbot: Any) -> ActionDialog:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    window = PlanWindow(ws.context, folder.child, "Sixten Testsson", 9, ws)
    qtbot.addWidget(window)
    window.show()
    type_text(window.form.reason, "Sixten har svårt att hitta kompisar.")
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.add_action_button, Qt.MouseButton.LeftButton)
    dialog = window._dialog
    assert isinstance(dialog, ActionDialog)
    dialog.activateWindow()  # focus moves (and a typed date is read) only in the active window
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_typed_dates_in_the_plan_are_taken(folder: Folder, launch: Launch, qtbot: Any) -> None:
    dialog = _plan_with_action_dialog(folder, launch, qtbot)
    due = dialog.due
    assert isinstance(due, DateEdit)
    assert P.get_date(due) is None
    year = date.today().year
    for typed, expected in (("20261202", date(2026, 12, 2)), ("2027-01-15", date(2027, 1, 15)),
                            ("2/12", date(year, 12, 2)), ("24.6", date(year, 6, 24))):
        _type(due, qtbot, typed, dialog.what)
        assert P.get_date(due) == expected, typed
        assert due.text() == expected.isoformat()
    # a date that does not exist is not taken: the last good one stays
    _type(due, qtbot, "31/2", dialog.what)
    assert P.get_date(due) == date(year, 6, 24)
    # emptying an optional date means "no date" again
    _type(due, qtbot, "", dialog.what)
    assert P.get_date(due) is None
    # typed and accepted with Enter before the field lost focus: still taken
    type_text(dialog.what, "Lekgrupp")
    dialog.who.setEditText("Kalle Kollega")
    due.setFocus()
    due.lineEdit().selectAll()
    qtbot.keyClicks(due, "1/3")
    assert P.get_date(due) == date(year, 3, 1)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert dialog.result_values is not None
    assert dialog.result_values["due_on"] == date(year, 3, 1)


def test_an_empty_date_opens_at_today(folder: Folder, launch: Launch, qtbot: Any) -> None:
    dialog = _plan_with_action_dialog(folder, launch, qtbot)
    due = dialog.due
    assert isinstance(due, DateEdit)
    assert due.text() == "Inget datum"
    calendar = due.calendarWidget()
    _open_calendar(due, qtbot)
    assert calendar.isVisible()
    today = date.today()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    calendar.window().hide()
    # one arrow key from "no date" lands on today, not on 2 January 2000
    due.setFocus()
    qtbot.keyClick(due, Qt.Key.Key_Up)
    assert P.get_date(due) == today
    # a date that is set opens its own month
    P.set_date(due, date(2027, 5, 20))
    _open_calendar(due, qtbot)
    assert (calendar.yearShown(), calendar.monthShown()) == (2027, 5)


def test_the_decisions_follow_up_is_the_shared_date_input(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    """The decision's "Uppföljning" takes a typed date like the plan's, says so when the typed
    text is no date (keeping the dialog and what was written), and the date reaches the
    stored decision."""
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    ws.child_actions.decide_for_child(folder.child, "Sixten Testsson")
    dialog = ws.child_actions.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    follow_up = dialog.follow_up
    assert isinstance(follow_up, DateEdit)
    assert follow_up.text() == "Inget datum"
    assert dialog.values()[2] is None
    dialog.beslut.setCurrentIndex(dialog.beslut.findData("barnkontakt"))
    type_text(dialog.motivation, "Samtal med familjen visar behov av stöd.")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)

    # no such date: refused with a message, the dialog and the motivation stay
    follow_up.setFocus()
    follow_up.lineEdit().selectAll()
    qtbot.keyClicks(follow_up, "31/2")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.isVisibleTo(dialog)
    assert "2026-12-02" in dialog.error.text()
    assert follow_up.lineEdit().text() == "31/2"  # shown again, to be corrected
    assert dialog.motivation.toPlainText() == "Samtal med familjen visar behov av stöd."

    year = date.today().year
    follow_up.setFocus()
    follow_up.lineEdit().selectAll()
    qtbot.keyClicks(follow_up, "2/12")
    assert dialog.values()[2] == date(year, 12, 2)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    def stored() -> list[Decision]:
        with folder.vault.unlock(PASSPHRASE) as s:
            return [body_as(r, Decision)
                    for r in s.repo.find(RecordType.DECISION, child_id=folder.child)]

    qtbot.waitUntil(lambda: len(stored()) == 1)
    assert stored()[0].follow_up == date(year, 12, 2)
