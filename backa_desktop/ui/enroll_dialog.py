"""Settings for sync: connect this computer to the municipality's Backa server (enrollment).

The password is sent once to get a device token and never kept. Each failure gets its own
plain answer, because "it didn't work" leaves a nurse stuck: a wrong password, a server that
cannot be reached, a certificate that cannot be trusted, an app that is too old."""

from __future__ import annotations

import platform
from typing import Any

from backa_desktop.services import sync_service
from backa_desktop.ui import widgets as W
from backa_desktop.ui.errors import error_text
from backa_desktop.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    Signal,
    connect,
    translate,
)
from backa_desktop.ui.tasks import DbOp, TaskRunner


def enroll_message(exc: BaseException) -> str:
    kind = getattr(exc, "kind", "")
    if kind == "wrong_password":
        return translate("Enroll", "Fel användarnamn eller lösenord. Kontrollera och försök igen.")
    if kind == "too_many":
        return translate(
            "Enroll", "För många misslyckade inloggningar. Vänta 15 minuter och försök igen."
        )
    if kind == "unreachable":
        return translate(
            "Enroll",
            "Servern går inte att nå. Kontrollera adressen och att datorn är ansluten till nätet.",
        )
    if kind == "certificate":
        return translate(
            "Enroll",
            "Serverns certifikat gick inte att lita på, så ingenting skickades. Kontakta "
            "IT-supporten.",
        )
    if kind == "outdated":
        return translate(
            "Enroll",
            "Den här versionen av Backa barnet är för gammal för servern. Uppdatera appen och "
            "försök igen. Inget av det du har sparat går förlorat.",
        )
    if kind == "address":
        return translate(
            "Enroll",
            "Serveradressen ska börja med https:// (okrypterad http tillåts bara till den "
            "här datorn).",
        )
    return error_text(exc)


class EnrollDialog(QDialog):
    enrolled = Signal(object)  # sync_service.Enrolled

    def __init__(
        self,
        runner: TaskRunner,
        current: tuple[str, str] | None = None,
        *,
        transport_factory: sync_service.TransportFactory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.transport_factory = transport_factory
        self.setWindowTitle(translate("Enroll", "Inställningar för synkning"))
        self.setAccessibleName(translate("Enroll", "Inställningar för synkning"))
        self.server = W.named(QLineEdit(), translate("Enroll", "Serveradress"))
        self.server.setPlaceholderText("https://backa.kommun.se")
        self.user = W.named(QLineEdit(), translate("Enroll", "Användarnamn"))
        self.password = W.named(QLineEdit(), translate("Enroll", "Lösenord"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.device = W.named(QLineEdit(), translate("Enroll", "Datorns namn"))
        self.device.setText(platform.node() or "backa-desktop")
        self.current = W.label("", "muted")
        if current:
            self.server.setText(current[0])
            self.user.setText(current[1])
            self.current.setText(
                translate("Enroll", "Datorn är ansluten till %1 som %2.")
                .replace("%1", current[0])
                .replace("%2", current[1])
            )
        else:
            self.current.setText(
                translate(
                    "Enroll",
                    "Anslut datorn till kommunens Backa-server så att dina ändringar når "
                    "barnets team och du får deras. Lösenordet används en gång och sparas "
                    "inte.",
                )
            )
        self.error = W.error_label()
        self.done_label = W.label("", "")
        form = QFormLayout()
        for text, buddy in (
            (translate("Enroll", "&Serveradress"), self.server),
            (translate("Enroll", "&Användarnamn"), self.user),
            (translate("Enroll", "&Lösenord"), self.password),
            (translate("Enroll", "&Datorns namn"), self.device),
        ):
            form.addRow(W.label(text, wrap=False, buddy=buddy), buddy)
        self.buttons = QDialogButtonBox()
        self.connect_button = W.button(translate("Enroll", "Anslut"), primary=True)
        self.close_button = W.button(translate("Enroll", "Stäng"))
        self.buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        lay = QVBoxLayout(self)
        lay.addWidget(W.label(translate("Enroll", "Synkning med servern"), "title"))
        lay.addWidget(self.current)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.done_label)
        lay.addWidget(self.buttons)
        connect(self.connect_button.clicked, self.submit)
        connect(self.close_button.clicked, self.reject)
        W.fit_dialog(self, 560, 360)

    def submit(self) -> None:
        server, user = self.server.text().strip(), self.user.text().strip()
        password, device = self.password.text(), self.device.text().strip()
        if not server or not user or not password:
            W.show_error(
                self.error,
                translate("Enroll", "Fyll i serveradress, användarnamn och lösenord."),
            )
            return
        W.show_error(self.error, "")
        self.connect_button.setEnabled(False)
        self.done_label.setText(translate("Enroll", "Ansluter …"))
        extra: dict[str, Any] = {}
        if self.transport_factory is not None:
            extra["transport_factory"] = self.transport_factory
        DbOp(
            self.runner,
            lambda s: sync_service.enroll_device(s, server, user, password, device, **extra),
        ).on_success(self._enrolled).on_failure(self._failed).run()

    def _enrolled(self, result: sync_service.Enrolled) -> None:
        self.password.clear()
        self.connect_button.setEnabled(True)
        self.done_label.setText(
            translate("Enroll", "Klart! Datorn är ansluten som %1. Synkningen börjar nu.").replace(
                "%1", str(result.display_name)
            )
        )
        self.enrolled.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if getattr(exc, "kind", "") == "wrong_password":
            self.password.clear()
        self.connect_button.setEnabled(True)
        self.done_label.setText("")
        W.show_error(self.error, enroll_message(exc))
        self.password.setFocus()
