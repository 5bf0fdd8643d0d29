"""Child mode: the talk shown to the child, full screen, one big card at a time.

Each card is one need: its picture, the question in large text, five faces the child can point
at, and a field where the adult writes the child's own words. Leaving needs the adult's
passphrase or a deliberate key chord, so a child cannot wander into the rest of the record.
"""

from __future__ import annotations

from typing import Any

from backa_desktop.domain import form_engine
from backa_desktop.domain.forms import (
    CompassDefinition,
    FormDefinition,
    FormItem,
    Respondent,
    answer_key,
)
from backa_desktop.ui import icons
from backa_desktop.ui import widgets as W
from backa_desktop.ui.form_editors import Editor, SmileyEditor, TextEditor, make_editor
from backa_desktop.ui.qt import (
    QCloseEvent,
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFont,
    QFrame,
    QHBoxLayout,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QLineEdit,
    QObject,
    QScrollArea,
    QShortcut,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    connect,
    translate,
)

LEAVE_CHORD = "Ctrl+Alt+Shift+L"


class _Card(QWidget):
    def __init__(
        self, title: str, icon_name: str | None, text: str, items: list[FormItem], scale: float
    ) -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        lay.setSpacing(int(18 * scale))
        top = QHBoxLayout()
        if icon_name:
            pic = QLabel()
            pic.setPixmap(icons.pixmap(icons.need_icon_path(icon_name), int(140 * scale)))
            pic.setAccessibleName(title)
            top.addWidget(pic, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        head = W.label(title, "")
        f = QFont(head.font())
        f.setPointSizeF(f.pointSizeF() * 2.4)
        f.setBold(True)
        head.setFont(f)
        words.addWidget(head)
        if text:
            body = W.label(text)
            fb = QFont(body.font())
            fb.setPointSizeF(fb.pointSizeF() * 1.9)
            body.setFont(fb)
            words.addWidget(body)
        top.addLayout(words, 1)
        lay.addLayout(top)
        self.editors: dict[str, Editor] = {}
        for item in items:
            key = answer_key(item.id, Respondent.CHILD) if item.respondents else item.id
            question = W.label(item.label)
            fq = QFont(question.font())
            fq.setPointSizeF(fq.pointSizeF() * 1.6)
            question.setFont(fq)
            lay.addWidget(question)
            if item.kind in ("smiley", "scale_1_5"):
                editor: Editor = SmileyEditor(
                    item, item.accessible_name or item.label, size=int(96 * scale)
                )
            else:
                editor = make_editor(item, None, staff={}, units={})
                if isinstance(editor, TextEditor):
                    editor.edit.setPlaceholderText(
                        translate("ChildMode", "Skriv vad barnet säger, med barnets egna ord")
                    )
                    fe = QFont(editor.edit.font())
                    fe.setPointSizeF(fe.pointSizeF() * 1.5)
                    editor.edit.setFont(fe)
            question.setBuddy(editor.focus_target())
            lay.addWidget(editor)
            self.editors[key] = editor
        lay.addStretch(1)


class LeaveDialog(QDialog):
    """Asks for the adult's passphrase; the window checks it off the GUI thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("ChildMode", "Avsluta barnläget"))
        lay = QVBoxLayout(self)
        lay.addWidget(
            W.label(translate("ChildMode", "Skriv din lösenfras för att lämna barnläget."))
        )
        self.passphrase = W.named(QLineEdit(), translate("ChildMode", "Lösenfras"))
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        lay.addWidget(self.passphrase)
        self.error = W.error_label()
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            translate("ChildMode", "Avsluta")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName(
            translate("ChildMode", "Avsluta")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            translate("ChildMode", "Fortsätt samtalet")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            translate("ChildMode", "Fortsätt samtalet")
        )
        lay.addWidget(self.buttons)
        connect(self.buttons.rejected, self.reject)


class ChildModeWindow(QWidget):
    """Emits `verify_passphrase(str)` (answer with `passphrase_result`) and `finished(dict)`."""

    verify_passphrase = Signal(str)
    finished = Signal(object)

    def __init__(
        self,
        definition: FormDefinition,
        compass: CompassDefinition | None,
        answers: dict[str, Any],
        *,
        child_name: str,
        scale: float = 1.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("childmode")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(translate("ChildMode", "Samtal med %1").replace("%1", child_name))
        self._may_close = False
        self._dialog: LeaveDialog | None = None
        self.stack = QStackedWidget()
        self.cards: list[_Card] = []
        child_items = form_engine.items_for(definition, Respondent.CHILD)
        by_section: dict[str, list[FormItem]] = {}
        for item in child_items:
            by_section.setdefault(definition.section_of(item.id).id, []).append(item)
        for section in definition.sections:
            items = by_section.get(section.id)
            if not items:
                continue
            icon_name = None
            text = section.description
            title = section.title
            if section.need is not None and compass is not None:
                need = compass.need(section.need)
                icon_name, text, title = need.icon, need.child_voice, need.label.capitalize()
            elif section.need is not None:
                icon_name = section.need.value
            # pictures grow less than the text does, so a card still fits at 200 % text
            card = _Card(title, icon_name, text, items, min(scale, 1.3))
            for key, editor in card.editors.items():
                editor.set_value(answers.get(key))
            self.cards.append(card)
            page = QScrollArea()
            page.setWidgetResizable(True)
            page.setFrameShape(QFrame.Shape.NoFrame)
            page.setWidget(card)
            page.setAccessibleName(title)
            page.setStyleSheet(
                "QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }"
            )
            self.stack.addWidget(page)

        self.prev_button = W.button(translate("ChildMode", "◀ Förra"))
        self.next_button = W.button(translate("ChildMode", "Nästa ▶"), primary=True)
        for b in (self.prev_button, self.next_button):
            fb = QFont(b.font())
            fb.setPointSizeF(fb.pointSizeF() * 1.6)
            b.setFont(fb)
            b.setMinimumHeight(int(56 * min(scale, 1.3)))
        self.progress = W.label("", "muted", wrap=False)
        fp = QFont(self.progress.font())
        fp.setPointSizeF(fp.pointSizeF() * 1.4)
        self.progress.setFont(fp)
        self.leave_button = W.button(translate("ChildMode", "Avsluta barnläge"))
        self.leave_button.setToolTip(
            translate("ChildMode", "Kräver lösenfras, eller tangenterna %1").replace(
                "%1", LEAVE_CHORD
            )
        )
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addStretch(1)
        nav.addWidget(self.progress)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(40, 24, 40, 24)
        lay.addWidget(W.row(self.leave_button, stretch_first=True))
        lay.addWidget(self.stack, 1)
        lay.addLayout(nav)

        connect(self.prev_button.clicked, lambda: self.go(self.stack.currentIndex() - 1))
        connect(self.next_button.clicked, self._next)
        connect(self.leave_button.clicked, self.ask_leave)
        chord = QShortcut(QKeySequence(LEAVE_CHORD), self)
        connect(chord.activated, self.leave)
        # the chord also works while a smiley or the text field has focus and the platform
        # does not deliver window shortcuts (offscreen, some kiosk set-ups)
        self._chord = QKeySequence(LEAVE_CHORD)
        for widget in [self, *self.findChildren(QWidget)]:
            widget.installEventFilter(self)
        self.go(0)

    def go(self, index: int) -> None:
        if not self.cards:
            return
        index = max(0, min(index, len(self.cards) - 1))
        self.stack.setCurrentIndex(index)
        self.prev_button.setEnabled(index > 0)
        last = index == len(self.cards) - 1
        self.next_button.setText(
            translate("ChildMode", "Klart") if last else translate("ChildMode", "Nästa ▶")
        )
        self.progress.setText(
            translate("ChildMode", "Kort %1 av %2")
            .replace("%1", str(index + 1))
            .replace("%2", str(len(self.cards)))
        )
        first = next(iter(self.cards[index].editors.values()), None)
        if first is not None:
            first.focus_target().setFocus()

    def _next(self) -> None:
        if self.stack.currentIndex() >= len(self.cards) - 1:
            self.ask_leave()
        else:
            self.go(self.stack.currentIndex() + 1)

    def answers(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for card in self.cards:
            for key, editor in card.editors.items():
                value = editor.value()
                if value is not None:
                    out[key] = value
        return out

    # -- leaving ----------------------------------------------------------------------------
    def ask_leave(self) -> None:
        dialog = LeaveDialog(self)
        self._dialog = dialog
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        connect(ok.clicked, lambda: self._check(dialog))
        connect(dialog.passphrase.returnPressed, lambda: self._check(dialog))
        dialog.open()

    def _check(self, dialog: LeaveDialog) -> None:
        W.show_error(dialog.error, "")
        dialog.buttons.setEnabled(False)
        self.verify_passphrase.emit(dialog.passphrase.text())

    def passphrase_result(self, ok: bool) -> None:
        dialog = self._dialog
        if dialog is None:
            return
        dialog.buttons.setEnabled(True)
        if ok:
            dialog.passphrase.clear()
            dialog.accept()
            self._dialog = None
            self.leave()
        else:
            W.show_error(dialog.error, translate("ChildMode", "Fel lösenfras."))
            dialog.passphrase.selectAll()

    def leave(self) -> None:
        self._may_close = True
        self.finished.emit(self.answers())
        self.close()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and not self._may_close
            and self._chord == QKeySequence(event.keyCombination())
        ):
            self.leave()
            return True
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            event.accept()
        else:
            event.ignore()
            self.ask_leave()
