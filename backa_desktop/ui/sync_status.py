"""The sync state, always in view in the status bar: online or offline, changes waiting,
the last successful sync, the last error in plain words, and a busy bar during long pulls.

It renders a `SyncView` and nothing else, so every state can be shown (and photographed)
without a server."""

from __future__ import annotations

from datetime import datetime

from backa_desktop.ui import widgets as W
from backa_desktop.ui.errors import message_text
from backa_desktop.ui.qt import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QWidget,
    Signal,
    connect,
    translate,
)
from backa_desktop.ui.sync_controller import SyncView


def local_time(iso: str | None) -> str:
    """ "2026-11-23T13:02:11Z" as the user's local "2026-11-23 14:02"."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso[:16].replace("T", " ")
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def describe(view: SyncView) -> tuple[str, str]:
    """(text, role) for a state; role picks the colour ("error", "muted" or "")."""
    parts: list[str] = []
    role = "muted"
    if not view.enrolled:
        return translate("Sync", "Inte ansluten till någon server"), "muted"
    if view.locked:
        parts.append(translate("Sync", "Låst – synkar när du låser upp"))
    elif view.syncing:
        if view.pulled:
            parts.append(
                translate("Sync", "Synkar … %1 ändringar hämtade").replace("%1", str(view.pulled))
            )
        else:
            parts.append(translate("Sync", "Synkar …"))
    elif not view.online:
        parts.append(translate("Sync", "Offline"))
    if view.pending:
        parts.append(
            translate("Sync", "1 ändring väntar")
            if view.pending == 1
            else translate("Sync", "%1 ändringar väntar").replace("%1", str(view.pending))
        )
    if view.failed:
        parts.append(
            translate("Sync", "1 ändring togs inte emot")
            if view.failed == 1
            else translate("Sync", "%1 ändringar togs inte emot").replace("%1", str(view.failed))
        )
        role = "error"
    if view.last_error and not view.syncing and not view.locked:
        parts.append(message_text(view.last_error))
        role = "error"
    elif view.last_sync_at and not view.pending and not view.syncing:
        parts.append(translate("Sync", "Synkad %1").replace("%1", local_time(view.last_sync_at)))
        if role != "error":
            role = ""
    if not parts:
        parts.append(translate("Sync", "Inte synkad ännu"))
    return " · ".join(parts), role


class SyncStatusWidget(QWidget):
    sync_requested = Signal()
    settings_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(translate("Sync", "Synkstatus"))
        self.text = QLabel("")
        self.text.setAccessibleName(translate("Sync", "Synkstatus"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # busy: a first pull does not know its length in advance
        self.busy.setMaximumWidth(120)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(translate("Sync", "Synkar"))
        self.busy.setVisible(False)
        self.sync_button = W.button(translate("Sync", "Synka nu"))
        self.settings_button = W.button(translate("Sync", "Inställningar för synkning …"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.busy)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.sync_button)
        lay.addWidget(self.settings_button)
        connect(self.sync_button.clicked, self.sync_requested.emit)
        connect(self.settings_button.clicked, self.settings_requested.emit)
        self.show_view(SyncView(locked=True))

    def show_view(self, view: SyncView) -> None:
        text, role = describe(view)
        self.text.setText(text)
        self.text.setObjectName(role or "status")
        self.text.setAccessibleDescription(text)
        self.text.style().unpolish(self.text)
        self.text.style().polish(self.text)
        self.busy.setVisible(view.syncing)
        self.sync_button.setVisible(view.enrolled)
        self.sync_button.setEnabled(view.enrolled and not view.locked and not view.syncing)
        self.settings_button.setEnabled(not view.locked)
        self.settings_button.setText(
            translate("Sync", "Inställningar för synkning …")
            if view.enrolled
            else translate("Sync", "Anslut till server …")
        )
