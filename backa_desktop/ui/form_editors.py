"""One small editor per item kind. Each editor has the same face: `value()`, `set_value()`,
`changed`, `set_read_only()` and an accessible name, so the form view never special-cases a
kind and a new form version needs no code."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from backa_desktop.domain.forms import (
    VET_EJ,
    DateItem,
    FormItem,
    MultiChoiceItem,
    RatingItem,
    Respondent,
    TextItem,
    other_unit_answer,
    other_unit_name,
)
from backa_desktop.domain.limits import NAME_MAX
from backa_desktop.domain.needs import NeedStatus
from backa_desktop.ui import icons, labels
from backa_desktop.ui.date_edit import date_edit
from backa_desktop.ui.flow_layout import FlowLayout
from backa_desktop.ui.qt import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSize,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
    connect,
    translate,
)
from backa_desktop.ui.staff_picker import StaffPicker, StaffSource


class Editor(QWidget):
    changed = Signal()

    def __init__(self, item: FormItem, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.name = name
        self.setAccessibleName(name)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        for child in self.findChildren(QWidget):
            child.setEnabled(not read_only)

    def focus_target(self) -> QWidget:
        return self


class _Buttons(Editor):
    """Exclusive choice among labelled values, drawn as radio buttons (keyboard: Tab into the
    group, arrows to move)."""

    def __init__(
        self, item: FormItem, name: str, choices: list[tuple[Any, str]], *, vertical: bool = False
    ) -> None:
        super().__init__(item, name)
        # a row that goes onto more lines where the page is narrow (200 % text)
        lay: FlowLayout | QVBoxLayout = QVBoxLayout(self) if vertical else FlowLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self._values: list[Any] = []
        for i, (value, text) in enumerate(choices):
            btn = QRadioButton(text)
            btn.setAccessibleName(f"{name}: {text}")
            self.group.addButton(btn, i)
            self._values.append(value)
            lay.addWidget(btn)
        connect(self.group.idClicked, lambda _i: self.changed.emit())

    def value(self) -> Any:
        i = self.group.checkedId()
        return self._values[i] if i >= 0 else None

    def set_value(self, value: Any) -> None:
        for i, v in enumerate(self._values):
            if v == value:
                self.group.button(i).setChecked(True)
                return
        checked = self.group.checkedButton()
        if checked is not None:
            self.group.setExclusive(False)
            checked.setChecked(False)
            self.group.setExclusive(True)

    def focus_target(self) -> QWidget:
        return self.group.button(0) or self


class SmileyEditor(Editor):
    """Five faces (and "vet ej"): big enough for a child's finger, named for a screen reader."""

    def __init__(self, item: RatingItem, name: str, size: int = 40) -> None:
        super().__init__(item, name)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self._values: list[Any] = []
        self._buttons: list[QToolButton] = []
        for value in range(1, 6):
            btn = QToolButton()
            btn.setCheckable(True)
            btn.setIcon(icons.smiley_icon(value))
            btn.setIconSize(QSize(size, size))
            anchor = item.anchor(value)
            btn.setToolTip(anchor)
            btn.setAccessibleName(f"{name}: {anchor}")
            btn.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            btn.setAutoRaise(True)
            btn.setStyleSheet(
                "QToolButton { border: 2px solid transparent; border-radius: 8px; padding: 2px; }"
                "QToolButton:checked { border: 3px solid #1b5e8c; background: #d2e3f3; }"
                "QToolButton:focus { border: 2px dashed #1b5e8c; }"
            )
            self.group.addButton(btn, len(self._values))
            self._buttons.append(btn)
            self._values.append(value)
            lay.addWidget(btn)
        if item.vet_ej:
            btn = QToolButton()
            btn.setCheckable(True)
            btn.setText(item.vet_ej_label)
            btn.setAccessibleName(f"{name}: {item.vet_ej_label}")
            btn.setMinimumHeight(size)
            btn.setMinimumWidth(size)
            font = btn.font()
            font.setPointSizeF(font.pointSizeF() * max(1.0, size / 64))
            btn.setFont(font)
            btn.setStyleSheet(
                "QToolButton { border: 2px solid #cbd2d9; border-radius: 8px; padding: 4px 10px;"
                " background: white; }"
                "QToolButton:checked { border: 3px solid #1b5e8c; background: #d2e3f3; }"
                "QToolButton:focus { border: 2px dashed #1b5e8c; }"
            )
            self.group.addButton(btn, len(self._values))
            self._buttons.append(btn)
            self._values.append(VET_EJ)
            lay.addWidget(btn)
        lay.addStretch(1)
        connect(self.group.idClicked, lambda _i: self.changed.emit())

    def buttons(self) -> list[QToolButton]:
        return list(self._buttons)

    def value(self) -> Any:
        i = self.group.checkedId()
        return self._values[i] if i >= 0 else None

    def set_value(self, value: Any) -> None:
        for i, v in enumerate(self._values):
            self.group.button(i).setChecked(v == value)

    def focus_target(self) -> QWidget:
        return self.group.button(0)


class MultiEditor(Editor):
    def __init__(self, item: MultiChoiceItem, name: str) -> None:
        super().__init__(item, name)
        lay = QGridLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[tuple[str, QCheckBox]] = []
        for i, option in enumerate(item.options):
            box = QCheckBox(option.label)
            box.setAccessibleName(option.accessible_name or option.label)
            lay.addWidget(box, i // 2, i % 2)
            self.boxes.append((option.id, box))
            connect(box.toggled, lambda _c: self.changed.emit())

    def value(self) -> Any:
        chosen = [oid for oid, box in self.boxes if box.isChecked()]
        return chosen or None

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for oid, box in self.boxes:
            box.setChecked(oid in chosen)

    def focus_target(self) -> QWidget:
        return self.boxes[0][1] if self.boxes else self


class TextEditor(Editor):
    def __init__(self, item: TextItem | DateItem, name: str, placeholder: str = "") -> None:
        super().__init__(item, name)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.long = isinstance(item, TextItem) and item.length == "long"
        self.edit: QLineEdit | QPlainTextEdit
        if self.long:
            self.edit = QPlainTextEdit()
            self.edit.setTabChangesFocus(True)
            self.edit.setMinimumHeight(self.edit.fontMetrics().height() * 4)
            self.edit.setMaximumHeight(self.edit.fontMetrics().height() * 8)
            connect(self.edit.textChanged, self.changed.emit)
        else:
            self.edit = QLineEdit()
            connect(self.edit.textChanged, lambda _t: self.changed.emit())
        if isinstance(item, TextItem) and item.max_length and isinstance(self.edit, QLineEdit):
            self.edit.setMaxLength(item.max_length)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(name)
        if item.help:
            self.edit.setAccessibleDescription(item.help)
        lay.addWidget(self.edit)

    def value(self) -> Any:
        text = (
            self.edit.toPlainText() if isinstance(self.edit, QPlainTextEdit) else self.edit.text()
        )
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if isinstance(self.edit, QPlainTextEdit):
            if self.edit.toPlainText() != text:
                self.edit.setPlainText(text)
        elif self.edit.text() != text:
            self.edit.setText(text)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    def focus_target(self) -> QWidget:
        return self.edit


class ComboEditor(Editor):
    def __init__(self, item: FormItem, name: str, choices: list[tuple[str, str]]) -> None:
        super().__init__(item, name)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox()
        self.combo.setAccessibleName(name)
        self.combo.addItem(translate("Form", "— Välj —"), None)
        for value, text in choices:
            self.combo.addItem(text, value)
        lay.addWidget(self.combo)
        lay.addStretch(1)
        connect(self.combo.currentIndexChanged, lambda _i: self.changed.emit())

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        i = self.combo.findData(value)
        self.combo.setCurrentIndex(max(i, 0))

    def focus_target(self) -> QWidget:
        return self.combo


class DateEditor(Editor):
    """A `date` question: the one date input (ui/date_edit.py), so a form takes 2026-12-02,
    20261202 or 2/12 and its calendar opens at today. Empty until answered or prefilled;
    the answer is the ISO date text the form engine checks."""

    def __init__(self, item: FormItem, name: str) -> None:
        super().__init__(item, name)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.edit = date_edit(name, optional=True)
        if item.help:
            self.edit.setAccessibleDescription(item.help)
        lay.addWidget(self.edit)
        lay.addStretch(1)
        connect(self.edit.dateChanged, lambda _d: self.changed.emit())
        connect(self.edit.editingFinished, self.changed.emit)  # a typed date, taken at the end

    def value(self) -> Any:
        chosen = self.edit.value()
        return chosen.isoformat() if chosen is not None else None

    def set_value(self, value: Any) -> None:
        chosen = None
        if isinstance(value, str) and value:
            try:
                chosen = date.fromisoformat(value)
            except ValueError:
                chosen = None  # not a date: shown empty, and the form says what is missing
        if chosen != self.edit.value():
            self.edit.set_value(chosen)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    def focus_target(self) -> QWidget:
        return self.edit


OTHER_UNIT = "__annan__"  # the combo's data for "Annan enhet"; never stored as an answer


class UnitEditor(ComboEditor):
    """A unit question: the directory's units, and "Annan enhet" with a line for the name of
    a unit that is not in the directory. The answer is then "annan:<name>" (domain.forms)."""

    def __init__(self, item: FormItem, name: str, units: dict[str, str]) -> None:
        super().__init__(item, name, sorted(units.items(), key=lambda kv: kv[1]))
        self.combo.addItem(translate("Form", "Annan enhet (skriv namnet)"), OTHER_UNIT)
        self.other = QLineEdit()
        self.other.setAccessibleName(translate("Form", "Namn på annan enhet"))
        self.other.setPlaceholderText(translate("Form", "Enhetens namn"))
        self.other.setMaxLength(NAME_MAX)
        self.other.setMinimumWidth(self.other.fontMetrics().horizontalAdvance("M" * 20))
        self.other.setVisible(False)
        lay = self.layout()
        assert isinstance(lay, QHBoxLayout)
        lay.insertWidget(1, self.other, 1)
        connect(self.combo.currentIndexChanged, lambda _i: self._show_other())
        connect(self.other.textChanged, lambda _t: self.changed.emit())

    def _show_other(self) -> None:
        other = self.combo.currentData() == OTHER_UNIT
        self.other.setVisible(other)
        if other and self.combo.hasFocus():
            self.other.setFocus()

    def value(self) -> Any:
        data = self.combo.currentData()
        if data == OTHER_UNIT:
            typed = self.other.text().strip()
            return other_unit_answer(typed) if typed else None
        return data

    def set_value(self, value: Any) -> None:
        name = other_unit_name(value)
        if name is None:
            super().set_value(value)
            return
        if self.other.text() != name:
            self.other.setText(name)
        self.combo.setCurrentIndex(self.combo.findData(OTHER_UNIT))

    def focus_target(self) -> QWidget:
        return self.combo


class PersonEditor(Editor):
    """A `person` item (a co-rater, who led the talk): the one staff picker, with the
    child's unit's staff first."""

    def __init__(self, item: FormItem, name: str, staff: StaffSource,
                 first_unit: str | None) -> None:
        super().__init__(item, name)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.combo = StaffPicker(name, staff, first_unit=first_unit, allow_none=True,
                                 none_text=translate("Form", "— Välj —"))
        lay.addWidget(self.combo)
        lay.addStretch(1)
        connect(self.combo.currentIndexChanged, lambda _i: self.changed.emit())

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        i = self.combo.findData(value) if value is not None else -1
        self.combo.setCurrentIndex(max(i, 0))

    def focus_target(self) -> QWidget:
        return self.combo


def make_editor(
    item: FormItem,
    respondent: Respondent | None,
    *,
    staff: StaffSource,
    units: dict[str, str],
    first_unit: str | None = None,
    guardian_names: Sequence[str] = (),
) -> Editor:
    name = item.accessible_name or item.label
    if respondent is not None:
        name = f"{name} ({labels.respondent(respondent, guardian_names)})"
    if item.kind == "need_status":
        return _Buttons(
            item,
            name,
            [(s.value, item.labels[s]) for s in NeedStatus],
        )
    if item.kind == "scale_1_5":
        choices: list[tuple[Any, str]] = [(v, item.anchor(v)) for v in range(1, 6)]
        if item.vet_ej:
            choices.append((VET_EJ, item.vet_ej_label))
        return _Buttons(item, name, choices)
    if item.kind == "smiley":
        return SmileyEditor(item, name)
    if item.kind == "single_choice":
        options = [(o.id, o.label) for o in item.options]
        if len(options) > 5:
            return ComboEditor(item, name, options)
        return _Buttons(item, name, options, vertical=len(options) > 3)
    if item.kind == "multi_choice":
        return MultiEditor(item, name)
    if item.kind == "yes_no":
        return _Buttons(item, name, [(True, item.yes_label), (False, item.no_label)])
    if item.kind == "text":
        return TextEditor(item, name)
    if item.kind == "date":
        return DateEditor(item, name)
    if item.kind == "person":
        return PersonEditor(item, name, staff, first_unit)
    if item.kind == "unit":
        return UnitEditor(item, name, units)
    if item.kind == "decision":
        return _Buttons(
            item,
            name,
            [
                (o.id.value, labels.beslut(o.id) if not o.label else o.label)
                for o in item.options
            ],
            vertical=True,
        )
    raise ValueError(f"okänd frågetyp {item.kind}")
