"""The lock screen: one passphrase field. A wrong passphrase says so and changes nothing."""

from __future__ import annotations

from backa_desktop.ui import widgets as W
from backa_desktop.ui.qt import (
    QLineEdit,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    connect,
    translate,
)


class UnlockScreen(QWidget):
    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        outer = QVBoxLayout(self)
        outer.addStretch(1)

        title = W.label(translate("Unlock", "Backa barnet"), "title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.info = W.label(
            translate(
                "Unlock",
                "Uppgifterna på den här datorn är krypterade. Skriv din lösenfras för att "
                "låsa upp.",
            ),
            "muted",
        )
        self.passphrase = W.named(
            QLineEdit(), translate("Unlock", "Lösenfras"), translate("Unlock", "Din lösenfras")
        )
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(translate("Unlock", "Lösenfras"))
        self.passphrase.setMinimumWidth(320)
        pass_label = W.label(translate("Unlock", "&Lösenfras"), buddy=self.passphrase)
        self.error = W.error_label()
        self.button = W.button(translate("Unlock", "Lås upp"), primary=True)
        self.button.setDefault(True)
        self.busy = W.label("", "muted")

        box = W.card(title, self.info, pass_label, self.passphrase, self.error, self.busy,
                     W.row(self.button, stretch_first=True))
        box.setMaximumWidth(520)
        outer.addWidget(W.row(box, stretch_first=True, stretch_end=True))
        outer.addStretch(2)

        connect(self.button.clicked, self._submit)
        connect(self.passphrase.returnPressed, self._submit)
        self.setTabOrder(self.passphrase, self.button)

    def _submit(self) -> None:
        text = self.passphrase.text()
        if not text:
            W.show_error(self.error, translate("Unlock", "Skriv din lösenfras."))
            return
        self.set_busy(True)
        self.unlock_requested.emit(text)

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)
        self.busy.setText(translate("Unlock", "Låser upp …") if busy else "")

    def show_failure(self, message: str) -> None:
        self.set_busy(False)
        W.show_error(self.error, message)
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def reset(self, locked_message: str = "") -> None:
        self.set_busy(False)
        self.passphrase.clear()
        W.show_error(self.error, "")
        if locked_message:
            self.info.setText(locked_message)
        self.passphrase.setFocus()
