"""A form being filled in or read: the rendered form, the need help panel, autosave, sign.

Autosave: every edit restarts a short timer; when it fires the draft goes to the database
thread (encrypted, local), so a crash or `kill -9` loses at most the last few seconds.
Signed documents open read-only with "Rätta", which starts a correction draft.
"""

from __future__ import annotations

from typing import Any

from backa_desktop.domain import form_engine
from backa_desktop.domain.forms import (
    CompassDefinition,
    FormDefinition,
    FormResponse,
    with_guardians,
)
from backa_desktop.domain.needs import Need
from backa_desktop.services.overview import ChildPeople
from backa_desktop.ui import icons
from backa_desktop.ui import widgets as W
from backa_desktop.ui.form_view import FormView
from backa_desktop.ui.qt import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    Qt,
    QTextEdit,
    QTextOption,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    connect,
    translate,
)
from backa_desktop.ui.staff_picker import StaffSource

AUTOSAVE_MS = 2000


class HelpPanel(QFrame):
    """The need's description and its indicators, beside the form (Upptäckarkort help)."""

    def __init__(self, compass: CompassDefinition | None) -> None:
        super().__init__()
        self.setObjectName("card")
        self.compass = compass
        lay = QVBoxLayout(self)
        self.icon = QLabel()
        self.title = W.label(translate("Form", "Hjälp"), "subtitle")
        self.text = QTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(translate("Form", "Hjälp om behovet"))
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        # Break lines between words only, and keep the pane wide enough for the longest words
        # of the help ("Indikatorer", "utveckling.") also at 200 % text.
        self.text.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 26)
        head = QHBoxLayout()
        head.addWidget(self.icon)
        head.addWidget(self.title, 1)
        lay.addLayout(head)
        lay.addWidget(self.text, 1)
        self.text.setHtml(
            "<p>"
            + translate(
                "Form",
                "Tryck på <b>Indikatorer</b> vid ett behov för att se vad som tyder på att "
                "behovet är uppfyllt, och vilka tecken som väcker oro.",
            )
            + "</p>"
        )

    def show_need(self, need_id: str) -> None:
        if self.compass is None:
            return
        need = self.compass.need(Need(need_id))
        self.icon.setPixmap(icons.pixmap(icons.need_icon_path(need.icon), 48))
        self.title.setText(need.label)
        parts = [f"<p>{need.description}</p>", f"<p><i>”{need.child_voice}”</i></p>"]
        met = translate("Form", "Tecken på att behovet är uppfyllt")
        parts.append(f"<p><b>{met}</b></p><ul>")
        parts.extend(f"<li>{i.text}</li>" for i in need.positive_indicators)
        parts.append("</ul>")
        if need.concern_indicators:
            worry = translate("Form", "Tecken som väcker oro")
            parts.append(f"<p><b>{worry}</b></p><ul>")
            parts.extend(f"<li>{i.text}</li>" for i in need.concern_indicators)
            parts.append("</ul>")
        self.text.setHtml("".join(parts))
        self.text.setAccessibleDescription(need.label)


class FormScreen(QWidget):
    """Signals carry the screen itself so the workspace can read the response from it."""

    autosave = Signal(object)
    sign_requested = Signal(object)
    correct_requested = Signal(object)
    child_mode_requested = Signal(object)
    closed = Signal(object)

    def __init__(
        self,
        definition: FormDefinition,
        response: FormResponse,
        *,
        child_name: str,
        draft_key: str,
        compass: CompassDefinition | None,
        staff: StaffSource,
        units: dict[str, str],
        people: ChildPeople | None = None,
        read_only: bool = False,
        signed_note: str = "",
        record_id: str | None = None,
        sign_label: str = "",
        child_mode: bool = False,
        old_version: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.definition = definition
        self.draft_key = draft_key
        self.child_name = child_name
        self.record_id = record_id
        self.read_only = read_only
        self.people = people or ChildPeople()
        self._dirty = False
        need_labels = {n.id.value: n.label for n in compass.needs} if compass else {}
        # The form's widgets are made inside their final parents (the scroll area in the
        # splitter in this screen, which the workspace makes inside its stack): each move of
        # a finished widget tree to another parent re-applies the style sheet to every widget
        # in it, and that was most of the time a form took to open.
        split = QSplitter(Qt.Orientation.Horizontal, self)
        scroll = QScrollArea(split)
        scroll.setWidgetResizable(True)
        # the child's guardians by name where the form's text has a place for them
        self.view = FormView(with_guardians(definition, self.people.guardian_names),
                             staff=staff, units=units, people=people,
                             need_labels=need_labels, parent=scroll.viewport())
        self.view.set_response(response)
        self.view.set_read_only(read_only)
        self.help = HelpPanel(compass)

        title = W.label(definition.title, "title")
        # The form's version means something to a nurse only when it is not today's form
        # (a document signed on an earlier version).
        self.subtitle = subtitle = W.label(
            translate("Form", "%1 · äldre version av formuläret (version %2)")
            .replace("%1", child_name)
            .replace("%2", str(definition.version))
            if old_version
            else child_name,
            "muted",
        )
        self.banner = W.label(signed_note, "banner")
        self.banner.setVisible(bool(signed_note))
        self.status = W.label("", "muted", wrap=False)
        self.sign_error = W.error_label()

        scroll.setWidget(self.view)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName(definition.accessible_name or definition.title)
        split.addWidget(scroll)
        split.addWidget(self.help)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)

        self.close_button = W.button(translate("Form", "Stäng"))
        self.sign_button: QPushButton = W.button(
            sign_label or translate("Form", "Signera och lås"), primary=True
        )
        self.correct_button = W.button(translate("Form", "Rätta"))
        self.child_mode_button = W.button(translate("Form", "Barnläge"))
        self.child_mode_button.setToolTip(
            translate("Form", "Visa frågorna för barnet i helskärm, ett kort i taget")
        )
        self.child_mode_button.setVisible(child_mode and not read_only)
        self.sign_button.setVisible(not read_only)
        self.correct_button.setVisible(read_only and record_id is not None)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.child_mode_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.sign_button)

        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(subtitle)
        lay.addWidget(self.banner)
        lay.addWidget(split, 1)
        lay.addWidget(self.sign_error)
        lay.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        connect(self._timer.timeout, self.flush)
        connect(self.view.changed, self._changed)
        connect(self.view.help_requested, self.help.show_need)
        connect(self.sign_button.clicked, self._sign)
        connect(self.correct_button.clicked, lambda: self.correct_requested.emit(self))
        connect(self.close_button.clicked, self._close)
        connect(self.child_mode_button.clicked, lambda: self.child_mode_requested.emit(self))

    # -- autosave ---------------------------------------------------------------------------
    def _changed(self) -> None:
        if self.read_only:
            return
        if self.sign_error.text() and not self.view.errors_shown():
            W.show_error(self.sign_error, "")  # every answer the message pointed at is fixed
        self._dirty = True
        self.status.setText(translate("Form", "Ändrat – sparas strax …"))
        # a throttle, not a debounce: steady typing is still saved every few seconds, so a
        # crash or kill -9 loses at most AUTOSAVE_MS of it
        if not self._timer.isActive():
            self._timer.start()

    @property
    def dirty(self) -> bool:
        return self._dirty

    def flush(self) -> None:
        """Hand the draft to the database thread now (autosave, lock, close)."""
        self._timer.stop()
        if self._dirty and not self.read_only:
            self._dirty = False
            self.autosave.emit(self)

    def mark_saved(self, when: str) -> None:
        if not self._dirty:
            self.status.setText(translate("Form", "Utkastet sparat %1").replace("%1", when))

    def response(self) -> FormResponse:
        return self.view.response()

    def set_answers(self, answers: dict[str, Any]) -> None:
        """Take answers from child mode back into the form."""
        merged = {**self.view.answers(), **answers}
        self.view.set_response(self.view.response().model_copy(update={"answers": merged}))
        self._changed()

    # -- sign / close -----------------------------------------------------------------------
    def _sign(self) -> None:
        W.show_error(self.sign_error, "")
        errors = self.view.validate()
        if errors:
            W.show_error(
                self.sign_error,
                translate("Form", "Formuläret är inte färdigt. Se meddelandena vid frågorna."),
            )
            return
        self.flush()
        self.sign_requested.emit(self)

    def block_signing(self, message: str) -> None:
        """The user may fill in a draft but not sign it (Skattning by someone not trained)."""
        self.sign_button.setEnabled(False)
        self.sign_button.setToolTip(message)
        self.banner.setText(message)
        self.banner.setVisible(True)

    def show_sign_failure(self, message: str, errors: form_engine.Errors | None = None) -> None:
        if errors:
            self.view.show_errors(errors)
        W.show_error(self.sign_error, message)

    def _close(self) -> None:
        self.flush()
        self.closed.emit(self)
