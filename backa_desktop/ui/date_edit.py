"""The one date input every window uses.

A nurse types dates the way they are written on paper in Sweden (2026-12-02, 20261202, or just
2/12 for this year) and expects an empty date to open its calendar at today, not at the
"no date" placeholder's year 2000. Qt's QDateEdit only accepts keystrokes section by section
in its display format, so this widget reads the whole typed text itself.
"""

from __future__ import annotations

import re
from datetime import date

from backa_desktop.ui.qt import (
    QDate,
    QDateEdit,
    QDateTime,
    QEvent,
    QFocusEvent,
    QObject,
    QValidator,
    QWidget,
    connect,
    translate,
)

NO_DATE = QDate(2000, 1, 1)

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_COMPACT = re.compile(r"(\d{2}|\d{4})(\d{2})(\d{2})")
_DAY_MONTH = re.compile(r"(\d{1,2})[/.](\d{1,2})(?:[/. ](\d{2}|\d{4}))?")
# Characters a date in one of the forms above can be made of while it is being typed.
_TYPING = re.compile(r"[\d/. \-]*")


def parse_date(text: str, today: date | None = None) -> date | None:
    """A date written as 2026-12-02, 20261202, 261202, 2/12 or 2.12 (day/month, this year),
    or 2/12 2026; None when the text is no such date (including 31/2)."""
    t = text.strip()
    today = today or date.today()
    try:
        if m := _ISO.fullmatch(t):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _COMPACT.fullmatch(t):
            year = int(m[1]) if len(m[1]) == 4 else 2000 + int(m[1])
            return date(year, int(m[2]), int(m[3]))
        if m := _DAY_MONTH.fullmatch(t):
            year = today.year
            if m[3]:
                year = int(m[3]) if len(m[3]) == 4 else 2000 + int(m[3])
            return date(year, int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class DateEdit(QDateEdit):
    """A QDateEdit that takes typed dates in the usual Swedish forms; when `optional`, its
    lowest value is shown as "Inget datum" and an emptied field means no date."""

    def __init__(self, optional: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.optional = optional
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        if optional:
            self.setMinimumDate(NO_DATE)
            self.setSpecialValueText(translate("PlanWidgets", "Inget datum"))
        self.setToolTip(translate("PlanWidgets", "Skriv t.ex. 2026-12-02, 20261202 eller 2/12"))
        # The date is taken when the typing is done (Enter, Tab, leaving the field), not at
        # each keystroke: an empty date that became 2/1 on the way to 2/12 was redrawn as
        # 2026-01-02 under the cursor, and the rest of the typing went astray.
        self.setKeyboardTracking(False)
        # The calendar opens on the chosen date's month; for "no date" that is today's month.
        calendar = self.calendarWidget()
        calendar.installEventFilter(self)
        connect(self.editingFinished, self._tidy)

    def _tidy(self) -> None:
        """Show a typed date the way it is stored (2/12 becomes 2026-12-02) even when it
        equals the date already there, where Qt would leave the typed text standing."""
        shown = self.specialValueText() if self.is_empty() else self.textFromDateTime(
            self.dateTime())
        if self.lineEdit().text() != shown:
            self.lineEdit().setText(shown)

    def is_empty(self) -> bool:
        return self.optional and self.date() == NO_DATE

    def value(self) -> date | None:
        """The date shown, reading text still being typed, so a dialog accepted with Enter
        before the field lost focus gets what the user sees."""
        text = self.lineEdit().text()
        if text != self.specialValueText() or not self.optional:
            typed = parse_date(text)
            if typed is not None:
                return typed
        if self.is_empty():
            return None
        q = self.date()
        return date(q.year(), q.month(), q.day())

    def set_value(self, value: date | None) -> None:
        if value is None:
            self.setDate(NO_DATE if self.optional else _qdate(date.today()))
        else:
            self.setDate(_qdate(value))

    # --- Qt overrides ---------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        showing = event.type() == QEvent.Type.Show and watched is self.calendarWidget()
        if showing and self.is_empty():
            today = date.today()
            self.calendarWidget().setCurrentPage(today.year, today.month)
        return super().eventFilter(watched, event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # Typing then replaces the whole date instead of one section of it.
        self.lineEdit().selectAll()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._tidy()

    def stepBy(self, steps: int) -> None:
        if self.is_empty():
            self.setDate(_qdate(date.today()))
            return
        super().stepBy(steps)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if parse_date(text) is not None:
            return QValidator.State.Acceptable, text, pos
        if self.optional and text.strip() in ("", self.specialValueText()):
            return QValidator.State.Acceptable, text, pos
        if _TYPING.fullmatch(text):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos

    def dateTimeFromText(self, text: str) -> QDateTime:
        typed = parse_date(text)
        if typed is None:
            if self.optional and text.strip() in ("", self.specialValueText()):
                return QDateTime(NO_DATE.startOfDay())
            return self.dateTime()
        return QDateTime(_qdate(typed).startOfDay())

    def fixup(self, text: str) -> str:
        return text


def date_edit(name: str, *, optional: bool = True, value: date | None = None) -> DateEdit:
    """A named date input; an optional one starts empty, a required one at today."""
    edit = DateEdit(optional)
    edit.setAccessibleName(name.replace("&", "").rstrip(":"))
    edit.set_value(value)
    return edit
