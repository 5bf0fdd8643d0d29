"""The child list's item model: a window onto the rows one search returned.

The search itself runs on the database thread (`services.children.search_children`, FTS5 with
a LIMIT), so the model only ever holds a few hundred rows, whatever the folder's size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from backa_desktop.ui import labels, protected, theme
from backa_desktop.ui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QFont,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    translate,
)

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("name", "identity", "age", "unit", "barnkontakt", "status", "follow_up")


def _headers() -> dict[str, str]:
    return {
        "name": translate("ChildList", "Namn"),
        "identity": translate("ChildList", "Personnummer"),
        "age": translate("ChildList", "Ålder"),
        "unit": translate("ChildList", "Enhet"),
        "barnkontakt": translate("ChildList", "Barnkontakt"),
        "status": translate("ChildList", "Status"),
        "follow_up": translate("ChildList", "Uppföljning"),
    }


class ChildTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._staff: Mapping[str, str] = {}
        self._units: Mapping[str, str] = {}
        self._today = date.today()
        # a header shown on two lines (the list breaks a header much wider than its column's
        # values): column -> the header with a line break
        self.header_lines: dict[int, str] = {}

    def set_directory(self, staff: Mapping[str, str], units: Mapping[str, str]) -> None:
        self._staff, self._units = staff, units
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            )

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._today = date.today()
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.header_lines.get(section) or _headers()[COLUMNS[section]]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _headers()[COLUMNS[section]]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        child = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(child, column)
        hidden = column == "name" and getattr(child, "protected_identity", False)
        if role == Qt.ItemDataRole.ToolTipRole and hidden:
            return protected.marker_help()
        if role == Qt.ItemDataRole.ToolTipRole and column in ("unit", "barnkontakt"):
            # the columns that give way at large text show their whole value on hover
            return self._text(child, column) or None
        if role == Qt.ItemDataRole.BackgroundRole and hidden:  # the overview badge's colour
            return QBrush(QColor(theme.BADGE_BG))
        if role == Qt.ItemDataRole.FontRole and hidden:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return child.record_id
        if role == Qt.ItemDataRole.BackgroundRole and column == "status":
            return QBrush(QColor(theme.child_status_colour(child.status)))
        if role == Qt.ItemDataRole.ForegroundRole and column == "follow_up":
            due = child.follow_up_due
            if due is not None and due <= self._today:
                return QBrush(QColor(theme.ERROR))
        return None

    def _text(self, child: Any, column: str) -> str:
        if column == "name":
            name = f"{child.family_name}, {child.given_names}"
            if getattr(child, "protected_identity", False):
                return f"{name} – {protected.marker()}"
            return name
        if column == "identity":
            return str(child.masked_identity)
        if column == "age":
            age = child.age(self._today)
            return "" if age is None else translate("ChildList", "%n år", "", age)
        if column == "unit":
            return self._units.get(child.unit_id or "", "")
        if column == "barnkontakt":
            return self._staff.get(child.barnkontakt_staff_id or "", "")
        if column == "status":
            return labels.child_status(child.status)
        if column == "follow_up":
            return child.follow_up_due.isoformat() if child.follow_up_due else ""
        return ""
