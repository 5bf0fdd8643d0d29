"""Small inputs the plan, consent, team and orosanmälan windows share: a date that may be
empty, a staff picker that also takes a free name, a unit picker, a text box, a table."""

from __future__ import annotations

from datetime import date
from typing import Any

from backa_desktop.ui import date_edit as DE
from backa_desktop.ui import widgets as W
from backa_desktop.ui.qt import (
    QComboBox,
    QDate,
    QDateEdit,
    QHeaderView,
    QPlainTextEdit,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
    translate,
)
from backa_desktop.ui.staff_picker import StaffPicker, StaffSource

NO_DATE = DE.NO_DATE
date_edit = DE.date_edit


def set_date(edit: QDateEdit, value: date | None) -> None:
    if isinstance(edit, DE.DateEdit):
        edit.set_value(value)
    elif value is None:
        edit.setDate(NO_DATE)
    else:
        edit.setDate(QDate(value.year, value.month, value.day))


def get_date(edit: QDateEdit) -> date | None:
    if isinstance(edit, DE.DateEdit):
        return edit.value()
    q = edit.date()
    if q == NO_DATE and edit.minimumDate() == NO_DATE:
        return None
    return date(q.year(), q.month(), q.day())


def staff_combo(
    name: str, staff: StaffSource, *, allow_free: bool = False, allow_none: bool = False,
    first_unit: str | None = None,
) -> StaffPicker:
    """The staff picker (ui/staff_picker.py); with `allow_free` the user may type any name
    (a guardian, a coach)."""
    return StaffPicker(name, staff, first_unit=first_unit, allow_free=allow_free,
                       allow_none=allow_none)


def set_staff(combo: QComboBox, staff_id: str | None, free_name: str = "") -> None:
    index = combo.findData(staff_id) if staff_id else -1
    if index < 0 and staff_id is None:
        index = combo.findData(None)
    if index >= 0:
        combo.setCurrentIndex(index)
    elif combo.isEditable():
        combo.setCurrentIndex(-1)
        combo.setEditText(free_name)


def get_staff(combo: QComboBox) -> tuple[str | None, str]:
    """(staff id, free name): a typed name that matches no staff member is a free name."""
    text = combo.currentText().strip()
    index = combo.currentIndex()
    if index >= 0 and combo.itemText(index) == text:
        data = combo.itemData(index)
        return (str(data) if data else None), ""
    if isinstance(combo, StaffPicker):
        found = combo.find_name(text)
    else:
        found = combo.findText(text, Qt.MatchFlag.MatchFixedString)
    if found >= 0 and combo.itemData(found):
        return str(combo.itemData(found)), ""
    return None, text


def unit_combo(name: str, units: dict[str, str], *, allow_none: bool = True) -> QComboBox:
    combo = W.named(QComboBox(), name)
    if allow_none:
        combo.addItem(translate("PlanWidgets", "Ingen enhet"), None)
    for uid, uname in sorted(units.items(), key=lambda kv: kv[1]):
        combo.addItem(uname, uid)
    return combo


def set_combo_data(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def table(name: str, headers: list[str]) -> QTableWidget:
    t = W.named(QTableWidget(0, len(headers)), name)
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.setTabKeyNavigation(False)
    t.setWordWrap(False)
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return t


def fill_table(t: QTableWidget, rows: list[list[str]], keys: list[Any] | None = None) -> None:
    t.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if keys is not None and c == 0:
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            t.setItem(r, c, item)


def selected_key(t: QTableWidget) -> Any:
    rows = t.selectionModel().selectedRows()
    if not rows:
        return None
    item = t.item(rows[0].row(), 0)
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def multiline(name: str, placeholder: str = "", height: int = 70) -> QPlainTextEdit:
    """A fixed-height text box where Tab moves on (so a keyboard user is never trapped)."""
    edit = W.named(QPlainTextEdit(), name)
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setFixedHeight(height)
    return edit


def iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def parent_widget(widget: QWidget | None) -> QWidget | None:
    return widget
