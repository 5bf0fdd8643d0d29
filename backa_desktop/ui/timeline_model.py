"""Item models for the timeline and the inbox (both plain tables, newest or most urgent first).

The services return data; the wording of each row (in the user's language) happens here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from backa_desktop.ui import labels, theme
from backa_desktop.ui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    translate,
)

Index = QModelIndex | QPersistentModelIndex


def timeline_title(entry: Any) -> str:
    kind = entry.kind
    if kind == "form":
        title = entry.form_title or entry.form_id
        if entry.corrects:
            return translate("Timeline", "%1 (rättelse)").replace("%1", title)
        if entry.corrected:
            return translate("Timeline", "%1 (ersatt av rättelse)").replace("%1", title)
        return title
    if kind == "decision":
        return translate("Timeline", "Beslut: %1").replace("%1", labels.beslut(entry.beslut))
    if kind == "note":
        if entry.beslut == "family_told":
            return translate("Timeline", "Barn och vårdnadshavare informerade om beslutet")
        return labels.note_kind(entry.beslut)
    fixed = {
        "orosanmalan": translate("Timeline", "Orosanmälan (visas inte för familjen)"),
        "plan": translate("Timeline", "Barnets plan"),
        "plan_action": translate("Timeline", "Insats i barnets plan"),
        "consent": translate("Timeline", "Samtycke"),
        "note": translate("Timeline", "Anteckning"),
        "barnkontakt": translate("Timeline", "Ny barnkontakt"),
        "team": translate("Timeline", "Team"),
        "child": translate("Timeline", "Barnet registrerades"),
        "anonymous_card": translate("Timeline", "Upptäckarkort skickat utan barnets identitet"),
    }
    return fixed.get(kind, kind)


class _Table(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self._header(section)
        return None

    def _header(self, section: int) -> str:
        return self.HEADERS[section]

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, index.column())
        return None

    def _text(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def _tooltip(self, row: Any) -> str | None:
        return None

    def _foreground(self, row: Any, column: int) -> Any:
        return None


class TimelineModel(_Table):
    HEADERS = ("date", "event", "who")

    def _header(self, section: int) -> str:
        return (
            translate("Timeline", "Datum"),
            translate("Timeline", "Händelse"),
            translate("Timeline", "Av"),
        )[section]

    def _text(self, row: Any, column: int) -> str:
        if column == 0:
            return str(row.day)
        if column == 1:
            title = timeline_title(row)
            return f"{title} – {row.summary}" if row.summary and row.kind != "form" else title
        return str(row.author)

    def _tooltip(self, row: Any) -> str | None:
        return str(row.summary) or None

    def _foreground(self, row: Any, column: int) -> Any:
        if row.kind == "orosanmalan":
            return QBrush(QColor(theme.ERROR))
        if getattr(row, "corrected", False):
            return QBrush(QColor(theme.MUTED_TEXT))
        return None


def inbox_title(item: Any) -> str:
    kind = item.kind
    if kind == "new_card":
        return translate("Inbox", "Nytt upptäckarkort från %1").replace("%1", item.who or "–")
    if kind == "anonymous_card":
        return translate("Inbox", "Upptäckarkort utan identitet från %1").replace(
            "%1", item.who or "–"
        )
    if kind == "follow_up":
        if item.overdue:
            return translate("Inbox", "Uppföljningen är försenad")
        return translate("Inbox", "Uppföljning förfaller")
    if kind == "aterkoppling":
        return (
            translate("Inbox", "Återkoppling från %1: %2")
            .replace("%1", item.who or "–")
            .replace("%2", labels.beslut(item.beslut) if item.beslut else "")
        )
    if kind == "plan_action":
        text = (
            translate("Inbox", "Insats i Barnets plan: %1")
            if not item.who
            else translate("Inbox", "Insats för din enhet: %1")
        ).replace("%1", item.text)
        return text + (" – " + translate("Inbox", "försenad") if item.overdue else "")
    if kind == "plan_follow_up":
        if item.overdue:
            return translate("Inbox", "Uppföljning av Barnets plan är försenad")
        return translate("Inbox", "Uppföljning av Barnets plan")
    if kind == "tell_family":
        return translate("Inbox", "Berätta beslutet för barnet och vårdnadshavarna: %1").replace(
            "%1", labels.beslut(item.beslut) if item.beslut else ""
        )
    return kind


class InboxModel(_Table):
    HEADERS = ("date", "child", "what")

    def _header(self, section: int) -> str:
        return (
            translate("Inbox", "Datum"),
            translate("Inbox", "Barn"),
            translate("Inbox", "Ärende"),
        )[section]

    def _text(self, row: Any, column: int) -> str:
        if column == 0:
            return str(row.day)
        if column == 1:
            return str(row.child_name) or translate("Inbox", "(utan identitet)")
        return inbox_title(row)

    def _tooltip(self, row: Any) -> str | None:
        return str(row.text) or None

    def _foreground(self, row: Any, column: int) -> Any:
        if getattr(row, "overdue", False):
            return QBrush(QColor(theme.ERROR))
        return None


class RatingsOverTimeModel(QAbstractTableModel):
    """Per need (rows) and rating (columns, oldest first): the mean, so a need's course over
    time reads along one row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needs: list[tuple[str, str]] = []
        self._columns: list[tuple[str, Any]] = []

    def set_data(self, needs: list[tuple[str, str]], occasions: Sequence[Any], label: Any) -> None:
        self.beginResetModel()
        self._needs = list(needs)
        self._columns = [
            (f"{occ.date}\n{label(r)}", r) for occ in reversed(list(occasions)) for r in occ.raters
        ]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._needs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section][0]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._needs):
            return self._needs[section][1]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self._needs):
            return None
        if index.column() >= len(self._columns):
            return None
        value = self._columns[index.column()][1].means.get(self._needs[index.row()][0])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return "–" if value is None else f"{value:.1f}".replace(".", ",")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and value is not None:
            status = "inte_uppfyllt" if value < 2.5 else "vet_inte" if value < 3.5 else "uppfyllt"
            return QBrush(QColor(theme.status_colour(status)))
        return None
