"""A form being filled in or read: the rendered form, the need help panel, autosave, sign.

Autosave: every edit restarts a short timer; when it fires the draft goes to the database
thread (encrypted, local), so a crash or `kill -9` loses at most the last few seconds.
Signed documents open read-only with "Rätta", which starts a correction draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backa_desktop.domain import form_engine
from backa_desktop.domain.forms import (
    CompassDefinition,
    FormDefinition,
    FormResponse,
    with_guardians,
)
from backa_desktop.domain.forms.guardians import PLACEHOLDER
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
        self.show_intro()

    def show_intro(self) -> None:
        """What the panel says before a need is asked about."""
        self.icon.clear()
        self.title.setText(translate("Form", "Hjälp"))
        self.text.setAccessibleDescription("")
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


@dataclass(frozen=True)
class Naming:
    """Where a form's screen names the child's guardians."""

    items: frozenset[str]
    """Items whose texts name a guardian (a placeholder): a reused screen says these with
    another family's names."""
    per_family: bool
    """A guardian named elsewhere (a note, a section's text, the rows of a question put to
    each respondent, their widths made for the names): such a screen is reused for the
    same guardians only."""

    def guardians(self, people: ChildPeople) -> tuple[str, ...]:
        """The names the screen's texts depend on."""
        if not (self.items or self.per_family):
            return ()
        return tuple(name.strip() for name in people.guardian_names[:2])


_NAMINGS: dict[int, tuple[FormDefinition, Naming]] = {}


def naming(definition: FormDefinition) -> Naming:
    """The definition's `Naming` (worked out once per definition: it reads all its texts)."""
    known = _NAMINGS.get(id(definition))
    if known is not None and known[0] is definition:
        return known[1]
    items = {
        item.id
        for section in definition.sections
        for item in section.items
        if PLACEHOLDER.search(item.model_dump_json()) is not None
    }
    respondents = any(item.respondents is not None
                      for section in definition.sections for item in section.items)
    # the definition's own texts and its sections' (its other languages are not shown)
    rest = definition.model_dump_json(
        exclude={"translations": True, "sections": {"__all__": {"items"}}})
    found = Naming(frozenset(items),
                   respondents or PLACEHOLDER.search(rest) is not None)
    _NAMINGS[id(definition)] = (definition, found)  # a few dozen definitions at most
    return found


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
        self.opening = 0  # counts the openings this screen has shown (it is reused)
        self._retired = False
        self.built_from: tuple[Any, ...] | None = None  # set by the FormController
        self._dirty = False
        self._naming = naming(definition)
        need_labels = {n.id.value: n.label for n in compass.needs} if compass else {}
        # The form's widgets are made inside their final parents (the scroll area in the
        # splitter in this screen, which the workspace makes inside its stack): each move of
        # a finished widget tree to another parent re-applies the style sheet to every widget
        # in it, and that was most of the time a form took to open.
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.scroll_area = scroll = QScrollArea(split)
        scroll.setWidgetResizable(True)
        people = people or ChildPeople()
        self._guardians = self._naming.guardians(people)
        # the child's guardians by name where the form's text has a place for them
        self.view = FormView(with_guardians(definition, people.guardian_names),
                             staff=staff, units=units, people=people,
                             need_labels=need_labels, parent=scroll.viewport())
        self.help = HelpPanel(compass)

        title = W.label(definition.title, "title")
        self.subtitle = subtitle = W.label("", "muted")
        self.banner = W.label("", "banner")
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
        connect(self.correct_button.clicked, lambda: self._request(self.correct_requested))
        connect(self.close_button.clicked, self._close)
        connect(self.child_mode_button.clicked,
                lambda: self._request(self.child_mode_requested))
        self._open(response, child_name=child_name, draft_key=draft_key, people=people,
                   read_only=read_only, signed_note=signed_note, record_id=record_id,
                   child_mode=child_mode, old_version=old_version)

    def _request(self, signal: Any) -> None:
        if not self._retired:
            signal.emit(self)

    # -- reuse ------------------------------------------------------------------------------
    def reopen(self, response: FormResponse, *, child_name: str, draft_key: str,
               people: ChildPeople | None = None, read_only: bool = False,
               signed_note: str = "", record_id: str | None = None,
               child_mode: bool = False, old_version: bool = False) -> None:
        """Show another opening of the same form (made from the same definition, directory,
        compass and sign label: `FormController._built_from`), for this or another child:
        nothing of the last opening is left (answers, messages, the draft's key and its
        status, the signed state, the help shown, the guardians' names, the scroll)."""
        people = people or ChildPeople()
        guardians = self._naming.guardians(people)
        relabel = set(self._naming.items) if guardians != self._guardians else set()
        self._guardians = guardians
        self.view.reopen(with_guardians(self.definition, people.guardian_names), people,
                         relabel)
        self.help.show_intro()
        self.sign_button.setEnabled(True)
        self.sign_button.setToolTip("")
        self.scroll_area.verticalScrollBar().setValue(0)
        self.scroll_area.horizontalScrollBar().setValue(0)
        self._open(response, child_name=child_name, draft_key=draft_key, people=people,
                   read_only=read_only, signed_note=signed_note, record_id=record_id,
                   child_mode=child_mode, old_version=old_version)

    def _open(self, response: FormResponse, *, child_name: str, draft_key: str,
              people: ChildPeople, read_only: bool, signed_note: str, record_id: str | None,
              child_mode: bool, old_version: bool) -> None:
        self.opening += 1
        self._retired = False
        self._timer.stop()
        self._dirty = False
        self.draft_key = draft_key
        self.child_name = child_name
        self.record_id = record_id
        self.read_only = read_only
        self.people = people
        self.view.set_response(response)
        self.view.set_read_only(read_only)
        # The form's version means something to a nurse only when it is not today's form
        # (a document signed on an earlier version).
        self.subtitle.setText(
            translate("Form", "%1 · äldre version av formuläret (version %2)")
            .replace("%1", child_name)
            .replace("%2", str(self.definition.version))
            if old_version
            else child_name
        )
        self.banner.setText(signed_note)
        self.banner.setVisible(bool(signed_note))
        self.status.setText("")
        W.show_error(self.sign_error, "")
        self.sign_error.setAccessibleDescription("")
        self.child_mode_button.setVisible(child_mode and not read_only)
        self.sign_button.setVisible(not read_only)
        self.correct_button.setVisible(read_only and record_id is not None)

    def retire(self) -> None:
        """Closed, kept for the next opening: it may still be in front for a moment (until
        the next screen has its data), but it saves, signs and closes nothing any more."""
        self.flush()
        self._retired = True

    @property
    def retired(self) -> bool:
        return self._retired

    # -- autosave ---------------------------------------------------------------------------
    def _changed(self) -> None:
        if self.read_only or self._retired:
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
        if self._retired:  # a second click after the signing or the close
            return
        W.show_error(self.sign_error, "")
        errors = self.view.validate()
        if errors:
            W.show_error(
                self.sign_error,
                translate("Form", "Formuläret är inte färdigt. Se meddelandena vid frågorna."),
            )
            return
        # No draft is saved on the way: the signing takes these answers and drops the draft
        # (a database job and a commit less per signing). Where the form stays open instead
        # (a question before signing, a refusal) the controller saves it (`sign_stopped`).
        self._timer.stop()
        self.sign_requested.emit(self)

    def signed(self) -> None:
        """The signing went through: the answers are stored, there is no draft to save."""
        self._timer.stop()
        self._dirty = False

    def sign_stopped(self) -> None:
        """The signing waits for a question or did not go through: the form stays open, and
        its unsaved answers go to the draft now, as an autosave would have."""
        self.flush()

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
        if self._retired:
            return
        self.flush()
        self.closed.emit(self)
