"""The Barnkontakt's (and Upptäckare's) inbox: new cards, follow-ups, återkoppling, reminders."""

from __future__ import annotations

from typing import Any

from backa_desktop.ui import widgets as W
from backa_desktop.ui.inbox_model import InboxModel
from backa_desktop.ui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QModelIndex,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
    connect,
    translate,
)


class InboxScreen(QWidget):
    open_child = Signal(str)
    open_record = Signal(str)
    decide = Signal(object)  # InboxItem (new card)
    acknowledge = Signal(object)
    family_told = Signal(object)
    open_conflict = Signal(str)  # conflict id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.model = InboxModel(self)
        self.table = W.named(QTableView(), translate("Inbox", "Inkorg"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.empty = W.label(translate("Inbox", "Inget nytt just nu."), "muted")
        self.detail = W.label("", "muted")
        self.open_child_button = W.button(translate("Inbox", "Öppna barnet"))
        self.open_doc_button = W.button(translate("Inbox", "Öppna kortet"))
        self.decide_button = W.button(translate("Inbox", "Besluta …"), primary=True)
        self.told_button = W.button(translate("Inbox", "Familjen är informerad"))
        self.told_button.setToolTip(
            translate("Inbox", "Jag har berättat för barn och vårdnadshavare")
        )
        self.told_button.setAccessibleName(
            translate("Inbox", "Jag har berättat för barn och vårdnadshavare")
        )
        self.ack_button = W.button(translate("Inbox", "Klar"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (
            self.open_child_button,
            self.open_doc_button,
            self.ack_button,
            self.told_button,
            self.decide_button,
        ):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        self._layout = lay
        lay.addWidget(W.label(translate("Inbox", "Inkorg"), "title"))
        lay.addWidget(
            W.label(
                translate(
                    "Inbox",
                    "Nya upptäckarkort för barn där du är barnkontakt, uppföljningar som "
                    "förfaller, och återkoppling på kort du har skickat.",
                ),
                "muted",
            )
        )
        lay.addWidget(self.empty)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.detail)
        lay.addLayout(buttons)
        connect(self.table.selectionModel().selectionChanged, lambda *_: self._update_buttons())
        connect(self.table.activated, self._activated)
        connect(self.open_child_button.clicked, lambda: self._emit_child())
        connect(
            self.open_doc_button.clicked,
            lambda: self._with(self._open_document),
        )
        connect(self.decide_button.clicked, lambda: self._with(self.decide.emit))
        connect(self.ack_button.clicked, lambda: self._with(self.acknowledge.emit))
        connect(self.told_button.clicked, lambda: self._with(self.family_told.emit))
        self._update_buttons()

    def show_notices(self, notices: QWidget) -> None:
        """Sync's conflicts and purge notices, under the heading and above the list."""
        self._layout.insertWidget(2, notices)

    def show_items(self, items: list[Any]) -> None:
        self.model.set_rows(items)
        self.empty.setVisible(not items)
        if items:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _with(self, fn: Any) -> None:
        item = self.selected()
        if item is not None:
            fn(item)

    def _emit_child(self) -> None:
        item = self.selected()
        if item is not None and item.child_id:
            self.open_child.emit(item.child_id)

    def _open_document(self, item: Any) -> None:
        if item.kind == "conflict":
            self.open_conflict.emit(item.record_id)
        else:
            self.open_record.emit(item.record_id)

    def _activated(self, index: QModelIndex) -> None:
        item = self.model.row_at(index.row())
        if item.kind == "conflict":
            self.open_conflict.emit(item.record_id)
        elif item.kind in ("new_card", "anonymous_card"):
            self.open_record.emit(item.record_id)
        elif item.child_id:
            self.open_child.emit(item.child_id)

    def _update_buttons(self) -> None:
        item = self.selected()
        kind = item.kind if item is not None else ""
        self.open_child_button.setEnabled(bool(item is not None and item.child_id))
        self.open_doc_button.setEnabled(
            kind in ("new_card", "anonymous_card", "aterkoppling", "conflict")
        )
        self.decide_button.setEnabled(kind == "new_card")
        self.ack_button.setEnabled(
            kind in ("aterkoppling", "anonymous_card", "also_registered", "barnkontakt_met")
        )
        self.told_button.setEnabled(kind == "tell_family")
        self.detail.setText(str(getattr(item, "text", "") or ""))
