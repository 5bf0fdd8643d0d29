"""The form renderer: draws any `FormDefinition` (forms/*.yaml) and reads it back as a
`FormResponse`. Rules (visibility, validation, prefill, signing) live in `domain.form_engine`;
this widget only shows them, with each message next to its field."""

from __future__ import annotations

from typing import Any

from backa_desktop.domain import form_engine
from backa_desktop.domain.forms import (
    FormDefinition,
    FormItem,
    FormResponse,
    Respondent,
    Section,
    answer_key,
    comment_key,
)
from backa_desktop.domain.needs import Need
from backa_desktop.services.overview import ChildPeople
from backa_desktop.ui import icons, labels
from backa_desktop.ui import widgets as W
from backa_desktop.ui.errors import message_text
from backa_desktop.ui.form_editors import Editor, PersonEditor, make_editor
from backa_desktop.ui.idle import unwatched
from backa_desktop.ui.qt import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    Qt,
    QTimer,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
    connect,
    translate,
)
from backa_desktop.ui.staff_picker import StaffSource

EAGER_SECTIONS = 2  # what a 1280×800 window shows of the Upptäckarkort before scrolling


def _keys(sections: list[Section]) -> set[str]:
    """The answer keys of these sections' items (one per respondent)."""
    return {
        answer_key(item.id, who)
        for section in sections
        for item in section.items
        for who in (list(item.respondents) if item.respondents is not None else [None])
    }


class _Field(QWidget):
    """One item: its label, help, one editor per respondent, and the error line under it."""

    def __init__(self, item: FormItem, staff: StaffSource, units: dict[str, str],
                 people: ChildPeople, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 4)
        text = item.label + (" *" if item.required else "")
        self.title = W.label(text)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        lay.addWidget(self.title)
        if item.help:
            lay.addWidget(W.label(item.help, "muted"))
        self.editors: dict[str, Editor] = {}
        self.errors: dict[str, QLabel] = {}
        respondents: list[Respondent | None] = (
            list(item.respondents) if item.respondents is not None else [None]
        )
        for who in respondents:
            editor = make_editor(item, who, staff=staff, units=units,
                                 first_unit=people.unit_id,
                                 guardian_names=people.guardian_names)
            key = answer_key(item.id, who)
            if who is not None:
                row = QHBoxLayout()
                who_label = W.label(labels.respondent(who, people.guardian_names), wrap=False)
                who_label.setMinimumWidth(max(
                    who_label.fontMetrics().horizontalAdvance(f"{text} ")
                    for text in ("Vårdnadshavare 2", *people.guardian_names)
                ))
                who_label.setBuddy(editor.focus_target())
                row.addWidget(who_label)
                row.addWidget(editor, 1)
                lay.addLayout(row)
            else:
                self.title.setBuddy(editor.focus_target())
                lay.addWidget(editor)
            error = W.error_label()
            lay.addWidget(error)
            self.editors[key] = editor
            self.errors[key] = error


def _strings(old: Any, new: Any) -> list[tuple[str, str]]:
    """The texts that differ between two dumps of the same item, as (old, new) pairs."""
    if isinstance(old, str) and isinstance(new, str):
        return [(old, new)] if old != new else []
    if isinstance(old, dict) and isinstance(new, dict):
        return [p for k in old.keys() & new.keys() for p in _strings(old[k], new[k])]
    if isinstance(old, list | tuple) and isinstance(new, list | tuple):
        return [p for o, n in zip(old, new, strict=False) for p in _strings(o, n)]
    return []


def _relabel(field: _Field, item: FormItem) -> None:
    """The field's texts (its label, help, options, and the accessible names made from
    them) as the same item with other guardians' names says them, in place: every text of a
    field without respondent rows is made from the item's texts."""
    pairs = sorted(_strings(field.item.model_dump(), item.model_dump()),
                   key=lambda p: -len(p[0]))

    def fixed(text: str) -> str:
        for old, new in pairs:
            if old and old in text:
                text = text.replace(old, new)
        return text

    for widget in (field, *field.findChildren(QWidget)):
        for get, put in ((widget.accessibleName, widget.setAccessibleName),
                         (widget.accessibleDescription, widget.setAccessibleDescription),
                         (widget.toolTip, widget.setToolTip)):
            text = get()
            if text and fixed(text) != text:
                put(fixed(text))
        if isinstance(widget, QLabel | QAbstractButton) and (
                fixed(widget.text()) != widget.text()):
            widget.setText(fixed(widget.text()))
        if isinstance(widget, QComboBox):
            for i in range(widget.count()):
                if fixed(widget.itemText(i)) != widget.itemText(i):
                    widget.setItemText(i, fixed(widget.itemText(i)))
        if isinstance(widget, Editor):
            widget.item = item
            widget.name = fixed(widget.name)
    field.item = item


class FormView(QWidget):
    """Signals: `changed` on any edit (autosave), `help_requested(need_id)`."""

    changed = Signal()
    help_requested = Signal(str)

    def __init__(
        self,
        definition: FormDefinition,
        *,
        staff: StaffSource | None = None,
        units: dict[str, str] | None = None,
        people: ChildPeople | None = None,
        need_labels: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.definition = definition
        self._base: FormResponse | None = None
        self._loading = False
        self._read_only = False
        self._fields: dict[str, _Field] = {}
        self._editors: dict[str, Editor] = {}
        self._errors: dict[str, QLabel] = {}
        self._comments: dict[Need, QPlainTextEdit] = {}
        self._comment_errors: dict[str, QLabel] = {}
        self.rule_errors: dict[str, QLabel] = {}
        self._section_boxes: list[QGroupBox] = []
        self._mean_labels: dict[Need, QLabel] = {}
        staff = staff if staff is not None else {}
        units = units or {}
        people = people or ChildPeople()

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        for note in definition.notes:
            banner = W.label(note, "banner")
            lay.addWidget(banner)
        if definition.description:
            lay.addWidget(W.label(definition.description, "muted"))
        # What a laptop's screen shows first is built now; the sections below it after the
        # first paint (`_build_rest`), which is most of a long form's widgets. Anything that
        # reads the fields builds the rest first, so no caller sees a half-built form.
        for section in definition.sections[:EAGER_SECTIONS]:
            lay.addWidget(self._add_section(section, staff, units, people, need_labels))
        self._pending = list(definition.sections[EAGER_SECTIONS:])
        self._build_args = (staff, units, people, need_labels)
        self._rest_scheduled = False
        for rule in definition.rules:
            err = W.error_label()
            self.rule_errors[rule.id] = err
            lay.insertWidget(0, err)
        lay.addStretch(1)
        self._apply_visibility()

    def _add_section(self, section: Section, staff: StaffSource, units: dict[str, str],
                     people: ChildPeople, need_labels: dict[str, str] | None) -> QGroupBox:
        # made inside their parents: moving a built section re-styles all of it
        box = QGroupBox(section.title, self)
        box.setAccessibleName(section.accessible_name or section.title)
        self._section_boxes.append(box)
        blay = QVBoxLayout(box)
        if section.need is not None or section.description:
            head = QHBoxLayout()
            if section.need is not None:
                icon = QLabel()
                icon.setPixmap(icons.pixmap(icons.need_icon_path(section.need.value), 40))
                icon.setAccessibleName((need_labels or {}).get(section.need.value, ""))
                head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
            head.addWidget(W.label(section.description, "muted"), 1)
            if section.need is not None:
                help_btn = QToolButton()
                help_btn.setText(translate("Form", "Indikatorer"))
                help_btn.setAccessibleName(
                    translate("Form", "Visa indikatorer för %1").replace("%1", section.title)
                )
                need_id = section.need.value
                connect(
                    help_btn.clicked, lambda _c=False, n=need_id: self.help_requested.emit(n)
                )
                head.addWidget(help_btn, 0, Qt.AlignmentFlag.AlignTop)
            blay.addLayout(head)
        for item in section.items:
            field = _Field(item, staff, units, people, box)
            self._fields[item.id] = field
            for key, editor in field.editors.items():
                self._editors[key] = editor
                self._errors[key] = field.errors[key]
                connect(editor.changed, self._on_change)
            blay.addWidget(field)
        rated = [
            i
            for i in section.items
            if i.kind in ("scale_1_5", "smiley")
            and i.respondents is None
            and i.need is not None
        ]
        if rated and section.need is not None:
            mean = W.label("", "muted")
            mean.setAccessibleName(translate("Form", "Medelvärde"))
            self._mean_labels[section.need] = mean
            blay.addWidget(mean)
        if section.comment is not None and section.need is not None:
            spec = section.comment
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setAccessibleName(f"{spec.accessible_name or spec.label} – {section.title}")
            edit.setMaximumHeight(edit.fontMetrics().height() * 5)
            lab = W.label(spec.label, buddy=edit)
            blay.addWidget(lab)
            blay.addWidget(edit)
            err = W.error_label()
            blay.addWidget(err)
            self._comments[section.need] = edit
            self._comment_errors[comment_key(section.need)] = err
            connect(edit.textChanged, self._on_change)
        return box

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if self._pending and not self._rest_scheduled:
            self._rest_scheduled = True
            QTimer.singleShot(0, self, self._build_rest)

    def _build_rest(self) -> None:
        with unwatched():  # thousands of events while the sections are built (ui/idle.py)
            self._build_rest_now()

    def _build_rest_now(self) -> None:
        """The sections below the first screen, with the answers, the read-only state and
        the visibility the built ones have, spliced into the Tab order after them (a widget
        made later goes to the end of its window's focus chain)."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        before = self._focus_chain()
        anchor = next((w for w in reversed(before) if self.isAncestorOf(w)), None)
        lay = self.layout()
        assert isinstance(lay, QVBoxLayout)
        for section in pending:
            box = self._add_section(section, *self._build_args)
            lay.insertWidget(lay.count() - 1, box)  # before the closing stretch
            if self.isVisible():  # else the layout shows it only in the next turn
                box.show()
        known = set(before)
        late = [w for w in self._focus_chain() if w not in known and self.isAncestorOf(w)]
        if anchor is not None:
            for widget in late:
                QWidget.setTabOrder(anchor, widget)
                anchor = widget
        if self._base is not None:
            self._loading = True
            try:
                for key, editor in self._editors.items():
                    editor.set_value(self._base.answers.get(key))
                for need, edit in self._comments.items():
                    edit.setPlainText(self._base.comments.get(need, ""))
            finally:
                self._loading = False
        if self._read_only:
            self.set_read_only(True)
        self._apply_visibility()

    def _focus_chain(self) -> list[QWidget]:
        return W.tab_chain(self.window())

    # the form's parts: reading any of them builds the sections not built yet
    @property
    def fields(self) -> dict[str, _Field]:
        self._build_rest()
        return self._fields

    @property
    def editors(self) -> dict[str, Editor]:
        self._build_rest()
        return self._editors

    @property
    def errors(self) -> dict[str, QLabel]:
        self._build_rest()
        return self._errors

    @property
    def comments(self) -> dict[Need, QPlainTextEdit]:
        self._build_rest()
        return self._comments

    @property
    def comment_errors(self) -> dict[str, QLabel]:
        self._build_rest()
        return self._comment_errors

    @property
    def section_boxes(self) -> list[QGroupBox]:
        self._build_rest()
        return self._section_boxes

    @property
    def mean_labels(self) -> dict[Need, QLabel]:
        self._build_rest()
        return self._mean_labels

    # -- reuse ------------------------------------------------------------------------------
    def reopen(self, definition: FormDefinition, people: ChildPeople,
               relabel: set[str]) -> None:
        """Make this view as a new one for `definition` (the same form and version, its
        guardians possibly named for another child) would be before `set_response`: the
        items in `relabel` (whose texts name the guardians) say the new texts, the people
        pickers put the child's unit first, and no message, no read-only state and no undo
        history of the last opening is left. The caller then sets the response and the
        read-only state as for a new view."""
        staff, units, _people, need_labels = self._build_args
        self._build_args = (staff, units, people, need_labels)
        self.definition = definition
        if self._pending:  # not built yet: they will be built from the new texts
            self._pending = list(definition.sections[-len(self._pending):])
        if relabel:
            items = {item.id: item for section in definition.sections for item in section.items}
            for item_id in relabel:
                field = self._fields.get(item_id)
                if field is not None:
                    _relabel(field, items[item_id])
        for editor in self._editors.values():
            if isinstance(editor, PersonEditor):
                editor.combo.set_first_unit(people.unit_id)
        for label in (*self._errors.values(), *self._comment_errors.values(),
                      *self.rule_errors.values()):
            W.show_error(label, "")
            label.setAccessibleDescription("")
        # no undo history of the last child's texts (`set_response` sets every answer)
        self._loading = True
        try:
            for line in self.findChildren(QLineEdit):
                line.setText(line.text())  # setText clears the undo history
            for text in self.findChildren(QPlainTextEdit):
                text.document().clearUndoRedoStacks()
        finally:
            self._loading = False

    # -- state ------------------------------------------------------------------------------
    def set_response(self, response: FormResponse) -> None:
        self._base = response
        self._loading = True
        try:
            for key, editor in self._editors.items():
                editor.set_value(response.answers.get(key))
            for need, edit in self._comments.items():
                text = response.comments.get(need, "")
                if edit.toPlainText() != text:
                    edit.setPlainText(text)
        finally:
            self._loading = False
        self._apply_visibility()

    def answers(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self._pending and self._base is not None:  # not built yet: as they were set
            pending = _keys(self._pending)
            out.update((k, v) for k, v in self._base.answers.items()
                       if k in pending and v is not None)
        for key, editor in self._editors.items():
            value = editor.value()
            if value is not None:
                out[key] = value
        return out

    def response(self) -> FormResponse:
        assert self._base is not None, "set_response first"
        comments = {n: e.toPlainText() for n, e in self._comments.items()
                    if e.toPlainText().strip()}
        if self._pending:  # sections not built yet: their comments as they were set
            needs = {section.need for section in self._pending}
            comments.update((n, c) for n, c in self._base.comments.items()
                            if n in needs and c.strip())
        return self._base.model_copy(update={"answers": self.answers(), "comments": comments})

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for editor in self._editors.values():
            editor.set_read_only(read_only)
        for edit in self._comments.values():
            edit.setReadOnly(read_only)

    # -- validation -------------------------------------------------------------------------
    def show_errors(self, errors: form_engine.Errors) -> None:
        for key, label in {**self.errors, **self.comment_errors, **self.rule_errors}.items():
            problem = errors.get(key)
            W.show_error(label, message_text(problem) if problem is not None else "")
        first = next((k for k in self.editors if k in errors), None)
        if first is not None:
            self.editors[first].focus_target().setFocus()

    def validate(self, *, check_required: bool = True) -> form_engine.Errors:
        errors = form_engine.validate_response(
            self.definition, self.response(), check_required=check_required
        )
        self.show_errors(errors)
        return errors

    # -- internals --------------------------------------------------------------------------
    def errors_shown(self) -> bool:
        return any(
            label.text()
            for label in (*self._errors.values(), *self._comment_errors.values(),
                          *self.rule_errors.values())
        )

    def _recheck_errors(self) -> None:
        """Clear (or update) the red texts whose answer was just fixed; show no new ones, so
        a user answering from the top is not told about questions further down."""
        still = form_engine.validate_response(self.definition, self.response())
        for key, label in {**self._errors, **self._comment_errors, **self.rule_errors}.items():
            if label.text():
                problem = still.get(key)
                W.show_error(label, message_text(problem) if problem is not None else "")

    def _on_change(self) -> None:
        if self._loading:
            return
        self._apply_visibility()
        if self.errors_shown():
            self._recheck_errors()
        self.changed.emit()

    def _update_means(self) -> None:
        if not self._mean_labels or self._base is None:
            return
        means = form_engine.need_means(self.definition, self.response())
        for need, label in self._mean_labels.items():
            value = means.get(need)
            text = "–" if value is None else f"{value:.1f}".replace(".", ",")
            label.setText(translate("Form", "Medelvärde (utan Vet ej): %1").replace("%1", text))

    def _apply_visibility(self) -> None:
        self._update_means()
        answers = self.answers()
        for field in self._fields.values():
            field.setVisible(form_engine.is_visible(self.definition, field.item, answers))

    def editor(self, item_id: str, respondent: Respondent | None = None) -> Editor:
        return self.editors[answer_key(item_id, respondent)]
