"""First run: who I am, a passphrase with a strength hint, and the recovery key shown once.

The wizard only collects answers and shows results; creating the vault is an op the main
window runs on the database thread (the KDF takes about a second).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from backa_desktop.domain.people import Role, Verksamhet
from backa_desktop.ui import labels
from backa_desktop.ui import widgets as W
from backa_desktop.ui.qt import (
    QCheckBox,
    QComboBox,
    QFont,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
    Signal,
    connect,
    translate,
)

MIN_LENGTH = 8


@dataclass
class FirstRunAnswers:
    name: str
    unit_name: str
    verksamhet: str
    title: str
    roles: list[str] = field(default_factory=list)
    trained_to_rate: bool = False
    passphrase: str = ""


def passphrase_strength(text: str) -> tuple[int, str]:
    """0–4 and a Swedish hint. Length matters most; several words beat symbols."""
    if len(text) < MIN_LENGTH:
        return 0, translate("FirstRun", "För kort: minst 8 tecken.")
    classes = sum(
        (
            any(c.islower() for c in text),
            any(c.isupper() for c in text),
            any(c.isdigit() for c in text),
            any(not c.isalnum() for c in text),
        )
    )
    words = len([w for w in text.replace("-", " ").split() if len(w) >= 3])
    score = 1
    if len(text) >= 12:
        score += 1
    if len(text) >= 18 or words >= 3:
        score += 1
    if classes >= 3 or words >= 4:
        score += 1
    score = min(score, 4)
    hints = {
        1: translate("FirstRun", "Svag. Gör den längre, till exempel med tre eller fyra ord."),
        2: translate("FirstRun", "Godtagbar. Ännu ett ord gör den starkare."),
        3: translate("FirstRun", "Bra."),
        4: translate("FirstRun", "Stark."),
    }
    return score, hints[score]


class FirstRunWizard(QWidget):
    """Emits `create_requested(answers)`; the owner calls `show_recovery_key` afterwards."""

    create_requested = Signal(object)
    finished = Signal(str)  # the passphrase, to unlock right away

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.pages = QStackedWidget()
        self.pages.addWidget(self._who_page())
        self.pages.addWidget(self._passphrase_page())
        self.pages.addWidget(self._recovery_page())
        outer = QVBoxLayout(self)
        frame = W.card(self.pages)
        frame.setMaximumWidth(max(640, self.fontMetrics().horizontalAdvance("x") * 64))
        outer.addStretch(1)
        outer.addWidget(W.row(frame, stretch_first=True, stretch_end=True))
        outer.addStretch(2)

    # -- page 1: who I am -----------------------------------------------------------------
    def _who_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(W.label(translate("FirstRun", "Välkommen till Backa barnet"), "title"))
        lay.addWidget(
            W.label(
                translate(
                    "FirstRun",
                    "Först några uppgifter om dig. De står på det du skriver och skickar, "
                    "så att kollegor vet vem de ska kontakta.",
                ),
                "muted",
            )
        )
        form = QFormLayout()
        self.name = W.named(QLineEdit(), translate("FirstRun", "Ditt namn"))
        self.title_edit = W.named(QLineEdit(), translate("FirstRun", "Titel"))
        self.title_edit.setPlaceholderText(translate("FirstRun", "t.ex. BVC-sjuksköterska"))
        self.unit = W.named(QLineEdit(), translate("FirstRun", "Enhet"))
        self.unit.setPlaceholderText(translate("FirstRun", "t.ex. BVC Centrum"))
        self.verksamhet = W.named(QComboBox(), translate("FirstRun", "Verksamhet"))
        for v in Verksamhet:
            self.verksamhet.addItem(labels.verksamhet(v), v.value)
        # one-word labels never wrap: a wrapped one is squeezed to "Verksa" at 200 % text
        for text, buddy in (
            (translate("FirstRun", "&Namn"), self.name),
            (translate("FirstRun", "&Titel"), self.title_edit),
            (translate("FirstRun", "&Enhet"), self.unit),
            (translate("FirstRun", "&Verksamhet"), self.verksamhet),
        ):
            form.addRow(W.label(text, wrap=False, buddy=buddy), buddy)
        lay.addLayout(form)
        lay.addWidget(W.label(translate("FirstRun", "Mina roller i Backa barnet"), "subtitle"))
        self.role_boxes: dict[str, QCheckBox] = {}
        for role in (Role.UPPTACKARE, Role.BARNKONTAKT, Role.BARNTEAM, Role.STODSAMORDNARE):
            box = W.named(QCheckBox(labels.role(role)), labels.role(role))
            box.setChecked(role is Role.UPPTACKARE)
            self.role_boxes[role.value] = box
            lay.addWidget(box)
        self.trained = W.named(
            QCheckBox(translate("FirstRun", "Jag är utbildad att skatta (Skattningsformulär)")),
            translate("FirstRun", "Utbildad att skatta"),
        )
        lay.addWidget(self.trained)
        self.who_error = W.error_label()
        lay.addWidget(self.who_error)
        self.next1 = W.button(translate("FirstRun", "Nästa"), primary=True)
        lay.addWidget(W.row(self.next1, stretch_first=True))
        connect(self.next1.clicked, self._after_who)
        return page

    def _after_who(self) -> None:
        if not self.name.text().strip():
            W.show_error(self.who_error, translate("FirstRun", "Skriv ditt namn."))
            self.name.setFocus()
            return
        if not self.unit.text().strip():
            W.show_error(self.who_error, translate("FirstRun", "Skriv vilken enhet du arbetar på."))
            self.unit.setFocus()
            return
        W.show_error(self.who_error, "")
        self.pages.setCurrentIndex(1)
        self.pass1.setFocus()

    # -- page 2: passphrase ---------------------------------------------------------------
    def _passphrase_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(W.label(translate("FirstRun", "Välj en lösenfras"), "title"))
        lay.addWidget(
            W.label(
                translate(
                    "FirstRun",
                    "Lösenfrasen skyddar allt om barnen på den här datorn. Välj flera ord "
                    "som bara du känner till, till exempel fyra ord med mellanslag.",
                ),
                "muted",
            )
        )
        self.pass1 = W.named(QLineEdit(), translate("FirstRun", "Lösenfras"))
        self.pass1.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass2 = W.named(QLineEdit(), translate("FirstRun", "Lösenfras igen"))
        self.pass2.setEchoMode(QLineEdit.EchoMode.Password)
        self.meter = W.named(QProgressBar(), translate("FirstRun", "Lösenfrasens styrka"))
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(10)
        self.hint = W.label(passphrase_strength("")[1], "muted")
        form = QFormLayout()
        for text, buddy in (
            (translate("FirstRun", "&Lösenfras"), self.pass1),
            (translate("FirstRun", "&Upprepa"), self.pass2),
        ):
            form.addRow(W.label(text, wrap=False, buddy=buddy), buddy)
        lay.addLayout(form)
        lay.addWidget(self.meter)
        lay.addWidget(self.hint)
        self.pass_error = W.error_label()
        lay.addWidget(self.pass_error)
        self.back2 = W.button(translate("FirstRun", "Tillbaka"))
        self.create_button = W.button(translate("FirstRun", "Skapa"), primary=True)
        lay.addWidget(W.row(self.back2, self.create_button, stretch_first=True))
        connect(self.pass1.textChanged, self._update_strength)
        connect(self.back2.clicked, lambda: self.pages.setCurrentIndex(0))
        connect(self.create_button.clicked, self._create)
        connect(self.pass2.returnPressed, self._create)
        return page

    def _update_strength(self, text: str) -> None:
        score, hint = passphrase_strength(text)
        self.meter.setValue(score)
        self.hint.setText(hint)
        self.meter.setAccessibleDescription(hint)

    def answers(self) -> FirstRunAnswers:
        return FirstRunAnswers(
            name=self.name.text().strip(),
            unit_name=self.unit.text().strip(),
            verksamhet=str(self.verksamhet.currentData()),
            title=self.title_edit.text().strip(),
            roles=[r for r, box in self.role_boxes.items() if box.isChecked()],
            trained_to_rate=self.trained.isChecked(),
            passphrase=self.pass1.text(),
        )

    def _create(self) -> None:
        if len(self.pass1.text()) < MIN_LENGTH:
            W.show_error(self.pass_error, passphrase_strength(self.pass1.text())[1])
            return
        if self.pass1.text() != self.pass2.text():
            W.show_error(self.pass_error, translate("FirstRun", "Lösenfraserna är inte lika."))
            self.pass2.setFocus()
            return
        W.show_error(self.pass_error, "")
        self.create_button.setEnabled(False)
        self.create_button.setText(translate("FirstRun", "Skapar …"))
        self.create_requested.emit(self.answers())

    def show_failure(self, message: str) -> None:
        self.create_button.setEnabled(True)
        self.create_button.setText(translate("FirstRun", "Skapa"))
        W.show_error(self.pass_error, message)

    # -- page 3: recovery key --------------------------------------------------------------
    def _recovery_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(W.label(translate("FirstRun", "Återställningsnyckel"), "title"))
        lay.addWidget(
            W.label(
                translate(
                    "FirstRun",
                    "Om lösenfrasen glöms bort är det bara den här nyckeln som kan öppna "
                    "uppgifterna. Den visas bara nu. Skriv ut den eller lämna den till IT "
                    "enligt er rutin, och spara den inte på den här datorn.",
                ),
            )
        )
        self.recovery = W.named(QPlainTextEdit(), translate("FirstRun", "Återställningsnyckel"))
        self.recovery.setReadOnly(True)
        mono = QFont("DejaVu Sans Mono")
        mono.setPointSizeF(self.font().pointSizeF() * 1.3)
        self.recovery.setFont(mono)
        self.recovery.setMaximumHeight(self.recovery.fontMetrics().height() * 4)
        lay.addWidget(self.recovery)
        self.stored = W.named(
            QCheckBox(translate("FirstRun", "Jag har sparat återställningsnyckeln")),
            translate("FirstRun", "Jag har sparat återställningsnyckeln"),
        )
        lay.addWidget(self.stored)
        self.done = W.button(translate("FirstRun", "Börja använda Backa barnet"), primary=True)
        self.done.setEnabled(False)
        lay.addWidget(W.row(self.done, stretch_first=True))
        connect(self.stored.toggled, self.done.setEnabled)
        connect(self.done.clicked, self._finish)
        return page

    def show_recovery_key(self, key: str) -> None:
        self.recovery.setPlainText(key)
        self.pages.setCurrentIndex(2)
        self.stored.setFocus()

    def _finish(self) -> None:
        passphrase = self.pass1.text()
        self.recovery.clear()  # shown once
        self.pass1.clear()
        self.pass2.clear()
        self.finished.emit(passphrase)
