"""The one staff picker: every place a person of staff is chosen (Barnkontakt, team member,
Stödsamordnare, plan responsible, who obtained a consent, a form's co-rater) uses it.

A municipality has several people with the same name, so an entry shows name, title and
unit ("Anna Andersson – BVC-sjuksköterska, BVC Solrosen"): two people who read alike in a
name-only list are told apart by what they do and where. The staff of the unit the work is
about (the child's unit) come first, then a separator, then everyone else, each part by name:
the person a nurse means is nearly always at the child's own unit, and the long list below
is still there for the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from backa_desktop.services.overview import Directory
from backa_desktop.ui.qt import (
    QComboBox,
    QPaintEvent,
    QSize,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    Qt,
    QWidget,
    connect,
    translate,
)

StaffSource = Directory | Mapping[str, str]
"""The directory (names, titles, units), or bare names by id where nothing more is known."""

NAME_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the bare name, for matching a typed name
MINIMUM_CHARACTERS = 14  # a picker never shrinks below this many (wide) letters


@dataclass(frozen=True)
class StaffChoice:
    staff_id: str
    name: str
    title: str
    unit_id: str
    unit_name: str

    @property
    def label(self) -> str:
        place = ", ".join(p for p in (self.title, self.unit_name) if p)
        return f"{self.name} – {place}" if place else self.name


def staff_choices(source: StaffSource) -> list[StaffChoice]:
    if isinstance(source, Directory):
        return [
            StaffChoice(sid, m.name, m.title or "", m.unit_id or "",
                        source.unit_name(m.unit_id))
            for sid, m in source.staff.items()
        ]
    return [StaffChoice(sid, name, "", "", "") for sid, name in source.items()]


def ordered(choices: list[StaffChoice], first_unit: str | None) -> tuple[
    list[StaffChoice], list[StaffChoice]
]:
    """(the first unit's staff, everyone else), each by name, then title and unit."""
    def key(c: StaffChoice) -> tuple[str, str, str, str]:
        return (c.name.casefold(), c.title.casefold(), c.unit_name.casefold(), c.staff_id)

    first = sorted((c for c in choices if first_unit and c.unit_id == first_unit), key=key)
    rest = sorted((c for c in choices if not (first_unit and c.unit_id == first_unit)), key=key)
    return first, rest


class StaffPicker(QComboBox):
    """A combo box of staff; the item data is the staff id (None for "Ingen")."""

    def __init__(
        self,
        name: str,
        source: StaffSource,
        *,
        first_unit: str | None = None,
        allow_free: bool = False,
        allow_none: bool = False,
        none_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name.replace("&", "").rstrip(":"))
        self._choices = staff_choices(source)
        self._allow_none = allow_none
        self._none_text = none_text or translate("PlanWidgets", "Ingen")
        self.setEditable(allow_free)
        if allow_free:
            self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            line = self.lineEdit()
            if line is not None:
                line.setAccessibleName(self.accessibleName())
        # as wide as "name – title, unit" where there is room: a cut entry is the namesake
        # problem again. Where there is not (200 % text) it shrinks and elides the end, and
        # the popup and the tooltip still show every entry whole.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._first_unit: str | None = None
        self._fill(first_unit)
        connect(self.currentTextChanged, self.setToolTip)
        self.setToolTip(self.currentText())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        least = self.fontMetrics().horizontalAdvance("M" * MINIMUM_CHARACTERS)
        return QSize(min(hint.width(), least), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.isEditable():  # the line edit scrolls its own text
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        text = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                           QStyle.SubControl.SC_ComboBoxEditField, self)
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, text.width() - 2)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def _fill(self, first_unit: str | None) -> None:
        self._first_unit = first_unit
        first, rest = ordered(self._choices, first_unit)
        self.clear()
        if self._allow_none:
            self.addItem(self._none_text, None)
        for part in (first, rest):
            if part is rest and first and rest:
                self.insertSeparator(self.count())
            for c in part:
                self.addItem(c.label, c.staff_id)
                self.setItemData(self.count() - 1, c.name, NAME_ROLE)
                self.setItemData(self.count() - 1, c.label, Qt.ItemDataRole.ToolTipRole)
        view = self.view()
        if view is not None:  # the popup shows every entry whole, however narrow the box
            metrics = view.fontMetrics()
            widest = max((metrics.horizontalAdvance(self.itemText(i))
                          for i in range(self.count())), default=0)
            view.setMinimumWidth(widest + metrics.horizontalAdvance("M") + 2 * view.frameWidth())

    def set_first_unit(self, unit_id: str | None) -> None:
        """Put this unit's staff first (the child's unit, once it is known); the choice
        (or a typed free name) stays."""
        if (unit_id or None) == self._first_unit:
            return
        data = self.currentData()
        text = self.currentText()
        blocked = self.blockSignals(True)
        try:
            self._fill(unit_id or None)
            index = self.findData(data) if data is not None else -1
            if index >= 0:
                self.setCurrentIndex(index)
            elif self.isEditable():
                self.setCurrentIndex(-1)
                self.setEditText(text)
            elif data is None and self._allow_none:
                self.setCurrentIndex(0)
        finally:
            self.blockSignals(blocked)
        self.setToolTip(self.currentText())

    def staff_ids_in_order(self) -> list[str]:
        return [str(self.itemData(i)) for i in range(self.count()) if self.itemData(i)]

    def find_name(self, text: str) -> int:
        """The index of the only person called `text` (any case), else -1: a typed name that
        fits two people picks neither."""
        wanted = text.strip().casefold()
        hits = [
            i for i in range(self.count())
            if self.itemData(i) and (
                str(self.itemData(i, NAME_ROLE) or "").casefold() == wanted
                or self.itemText(i).casefold() == wanted
            )
        ]
        return hits[0] if len(hits) == 1 else -1
