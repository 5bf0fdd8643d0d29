"""The child list: search as you type, filters, open and add.

Every keystroke restarts a short timer; when it fires, one search op goes to the database
thread. Results carry the generation they were asked for, so a slow answer to an old query
never overwrites a newer one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from backa_desktop.domain.process import ChildStatus
from backa_desktop.services.changes import Changes
from backa_desktop.ui import labels
from backa_desktop.ui import widgets as W
from backa_desktop.ui.child_model import ChildTableModel
from backa_desktop.ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QEvent,
    QFont,
    QFontMetrics,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QModelIndex,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    connect,
    translate,
)

SEARCH_DELAY_MS = 60
FOLLOW_UP_HORIZON_DAYS = 7
# Name, personnummer, age, status, follow-up: the columns that never scroll out of view.
KEEP_IN_VIEW = (0, 1, 2, 5, 6)


class ChildListScreen(QWidget):
    """`search_requested(text, filters_dict, generation)`; the window answers `show_results`."""

    search_requested = Signal(str, object, int)
    open_child = Signal(str)
    add_child = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self._generation = 0
        self.limit = 300
        self._me: dict[str, Any] = {}
        self.model = ChildTableModel(self)

        self.search = W.named(
            QLineEdit(),
            translate("ChildList", "Sök barn"),
            translate("ChildList", "Del av namn eller personnummer"),
        )
        self.search.setPlaceholderText(translate("ChildList", "Sök på namn eller personnummer …"))
        self.search.setClearButtonEnabled(True)
        self.mine = W.named(
            QCheckBox(translate("ChildList", "Mina barn som barnkontakt")),
            translate("ChildList", "Mina barn som barnkontakt"),
        )
        self.my_unit = W.named(
            QCheckBox(translate("ChildList", "Min enhet")), translate("ChildList", "Min enhet")
        )
        self.due = W.named(
            QCheckBox(translate("ChildList", "Uppföljning förfaller")),
            translate("ChildList", "Uppföljning förfaller"),
        )
        self.status = W.named(QComboBox(), translate("ChildList", "Status"))
        self.status.addItem(translate("ChildList", "Alla statusar"), None)
        for st in ChildStatus:
            self.status.addItem(labels.child_status(st), st.value)
        self.add_button = W.button(translate("ChildList", "Nytt barn"))
        self.open_button = W.button(translate("ChildList", "Öppna"), primary=True)
        self.count = W.label("", "muted")
        # A filter left on from earlier must never hide a child silently: say which filters are
        # on and offer to search all children.
        self.filter_note = W.label("", "banner")
        self.filter_note.setVisible(False)
        self.all_button = W.button(translate("ChildList", "Sök bland alla barn"))
        self.all_button.setVisible(False)

        self.table = W.named(QTableView(), translate("ChildList", "Barn"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self._size_columns()

        top = QHBoxLayout()
        top.addWidget(W.label(translate("ChildList", "Barn"), "title", wrap=False))
        top.addStretch(1)
        top.addWidget(self.add_button)
        filters = QHBoxLayout()
        filters.addWidget(self.mine)
        filters.addWidget(self.my_unit)
        filters.addWidget(self.due)
        filters.addWidget(self.status)
        filters.addStretch(1)
        note = QHBoxLayout()
        note.addWidget(self.filter_note, 1)
        note.addWidget(self.all_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.open_button)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.search)
        lay.addLayout(filters)
        lay.addLayout(note)
        lay.addWidget(self.table, 1)
        lay.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        connect(self._timer.timeout, self.refresh)
        connect(self.search.textChanged, lambda _t: self._timer.start())
        for box in (self.mine, self.my_unit, self.due):
            connect(box.toggled, lambda _c: self.refresh())
        connect(self.status.currentIndexChanged, lambda _i: self.refresh())
        connect(self.table.activated, self._activated)
        connect(self.open_button.clicked, self._open_selected)
        connect(self.add_button.clicked, self.add_child.emit)
        connect(self.all_button.clicked, self.clear_filters)
        connect(self.search.returnPressed, self._open_first)

        for a, b in (
            (self.search, self.mine),
            (self.mine, self.my_unit),
            (self.my_unit, self.due),
            (self.due, self.status),
            (self.status, self.all_button),
            (self.all_button, self.table),
            (self.table, self.open_button),
            (self.open_button, self.add_button),
        ):
            self.setTabOrder(a, b)

    def _size_columns(self) -> None:
        """Widths from the font and the texts a column can hold, never from the rows:
        measuring 300 rows on every keystroke would cost far more than a frame. The name
        (wide enough for a long name) and the short columns keep their width; unit and
        Barnkontakt share what is left. When that is too little (200 % text on a small screen)
        those two come last and scroll sideways, so the name and the status stay in view."""
        header = self.table.horizontalHeader()
        metrics = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        head = QFontMetrics(bold)
        # room for the cell's text margins and the header's, no more: at 200 % text on a
        # 1366-pixel screen with the scroll bar of a full list the kept columns fit by a few
        # pixels only (the English headers are the widest)
        pad = metrics.horizontalAdvance("x") // 2 + 8

        self.model.header_lines = {}

        def fit(column: int, *samples: str) -> int:
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            values = max(metrics.horizontalAdvance(t) for t in samples)
            lines = _two_lines(title, head)
            if head.horizontalAdvance(title) > values and lines != title:
                # A header much wider than its values ("Personal identity number" over
                # "20170127-****") goes on two lines, so the columns that stay in view fit
                # with room to spare at 200 % text in English too.
                self.model.header_lines[column] = lines
                title = lines
            return max(max(head.horizontalAdvance(line) for line in title.split("\n")),
                       values) + pad

        widths = {
            0: fit(0, "Johansson, Melvin Alexander"),
            1: fit(1, "20170127-****"),
            2: fit(2, translate("ChildList", "%n år", "", 18)),
            5: fit(5, *(labels.child_status(st) for st in [None, *ChildStatus])),
            6: fit(6, "2026-12-31"),
        }
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            width = widths.get(column) or fit(column, "Norrportsskolan 7–9, Östra")
            header.resizeSection(column, width)
        for visual, column in enumerate(KEEP_IN_VIEW):
            header.moveSection(header.visualIndex(column), visual)
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                          self.model.columnCount() - 1)
        header.setStretchLastSection(True)
        self.table.setProperty("keep_in_view", list(KEEP_IN_VIEW))
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 12)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the text size was changed in Settings
            self._size_columns()

    def set_me(self, me: dict[str, Any]) -> None:
        self._me = me

    def set_directory(self, staff: dict[str, str], units: dict[str, str]) -> None:
        self.model.set_directory(staff, units)

    def filters(self) -> dict[str, Any]:
        return {
            "barnkontakt_staff_id": self._me.get("id") if self.mine.isChecked() else None,
            "unit_id": self._me.get("unit_id") if self.my_unit.isChecked() else None,
            "status": self.status.currentData(),
            "follow_up_due_by": (
                date.today() + timedelta(days=FOLLOW_UP_HORIZON_DAYS)
                if self.due.isChecked()
                else None
            ),
        }

    def active_filters(self) -> list[str]:
        """The names of the filters that are on, as their boxes say them."""
        names = [box.text() for box in (self.mine, self.my_unit, self.due) if box.isChecked()]
        if self.status.currentData() is not None:
            names.append(self.status.currentText())
        return names

    def clear_filters(self) -> None:
        for box in (self.mine, self.my_unit, self.due):
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)
        self.status.blockSignals(True)
        self.status.setCurrentIndex(0)
        self.status.blockSignals(False)
        self.refresh()

    def changes_made(self, changes: Changes) -> None:
        """A child added, edited or removed: search again if the list is in view (showing
        the list searches anyway)."""
        if changes.children and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self._generation += 1
        self.search_requested.emit(self.search.text(), self.filters(), self._generation)

    def show_results(self, rows: list[Any], generation: int) -> None:
        if generation != self._generation:
            return  # an answer to a query the user has already typed past
        self.model.set_rows(rows)
        n = len(rows)
        if n >= self.limit:
            self.count.setText(
                translate(
                    "ChildList", "Visar de första %1 – skriv mer för att hitta rätt barn"
                ).replace("%1", str(n))
            )
        else:
            self.count.setText(translate("ChildList", "%n barn", "", n))
        active = self.active_filters()
        if active and not n and self.search.text().strip():
            note = translate(
                "ChildList", "Inga barn hittades med filtret %1. Sök bland alla barn?"
            ).replace("%1", ", ".join(active))
        elif active:
            note = translate("ChildList", "Filter på: %1").replace("%1", ", ".join(active))
        else:
            note = ""
        self.filter_note.setText(note)
        self.filter_note.setAccessibleName(note)
        self.filter_note.setVisible(bool(note))
        self.all_button.setVisible(bool(note))
        if n:
            self.table.selectRow(0)

    def _activated(self, index: QModelIndex) -> None:
        self.open_child.emit(self.model.row_at(index.row()).record_id)

    def _open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._activated(rows[0])

    def _open_first(self) -> None:
        if self.model.rowCount() == 1:
            self._activated(self.model.index(0, 0))
        elif self.model.rowCount() > 1:
            self.table.setFocus()

    def on_search(self, fn: Callable[[str, dict[str, Any], int], None]) -> None:
        connect(self.search_requested, fn)


def _two_lines(title: str, metrics: QFontMetrics) -> str:
    """The title broken at the space that makes its wider line narrowest (itself when it has
    no space)."""
    best, best_width = title, metrics.horizontalAdvance(title)
    for at, char in enumerate(title):
        if char == " ":
            first, second = title[:at], title[at + 1:]
            width = max(metrics.horizontalAdvance(first), metrics.horizontalAdvance(second))
            if width < best_width:
                best, best_width = f"{first}\n{second}", width
    return best
