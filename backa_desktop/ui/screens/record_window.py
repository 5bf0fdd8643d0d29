"""A read-only window for a record that has no window of its own: a decision, a consent, a
Barnkontakt or team change, a note, the child's registration.

It shows the service's reading of the record (the same wording the register extract prints),
so a timeline row opens to what it is about instead of a message. Nothing here can be edited:
a signed record is changed by a new record (a decision by a new decision, a consent in
Samtycken), never in place.
"""

from __future__ import annotations

from backa_desktop.services.documents.reading import RecordReading
from backa_desktop.ui import widgets as W
from backa_desktop.ui.qt import (
    QDialog,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    connect,
    translate,
)


class RecordWindow(QDialog):
    def __init__(
        self, reading: RecordReading, child_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.reading = reading
        title = f"{reading.title} – {child_name}" if child_name else reading.title
        self.setWindowTitle(title)
        self.resize(640, 560)
        self.heading = W.label(reading.title, "title")
        self.state = W.label(
            translate("Record", "Signerat och låst. Det kan inte ändras här.")
            if reading.signed
            else translate("Record", "Visas bara för läsning."),
            "muted",
        )
        body = QWidget()
        body_lay = QVBoxLayout(body)
        self.values: list[QLabel] = []
        for part in reading.sections:
            if part.heading:
                body_lay.addWidget(W.label(part.heading, "subtitle"))
            form = QFormLayout()
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for row in part.rows:
                value = W.label(row.value)
                value.setAccessibleName(row.label)
                self.values.append(value)
                form.addRow(W.label(row.label, "muted", buddy=value), value)
            body_lay.addLayout(form)
        if not reading.sections:
            body_lay.addWidget(W.label(translate("Record", "Inga uppgifter ifyllda."), "muted"))
        body_lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setAccessibleName(reading.title)
        close = W.button(translate("Record", "Stäng"), primary=True)
        connect(close.clicked, self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(self.state)
        lay.addWidget(scroll, 1)
        lay.addWidget(W.row(close, stretch_first=True))
        close.setFocus()

    def text(self) -> str:
        """Everything the window shows, for a test or a screen reader check."""
        return "\n".join(
            [self.heading.text(), self.state.text()]
            + [f"{v.accessibleName()}: {v.text()}" for v in self.values]
        )
