"""Item models for a child's timeline (newest first) and its ratings over time.

The services return data; the wording of each row (in the user's language) happens here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from backa_desktop.services.timeline import TimelineEntry
from backa_desktop.ui import labels, theme
from backa_desktop.ui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QModelIndex,
    QObject,
    Qt,
    translate,
)
from backa_desktop.ui.row_table_model import Index, RowTableModel


def timeline_title(entry: TimelineEntry) -> str:
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


class TimelineModel(RowTableModel[TimelineEntry]):
    HEADERS = ("date", "event", "who")

    def _header(self, section: int) -> str:
        return (
            translate("Timeline", "Datum"),
            translate("Timeline", "Händelse"),
            translate("Timeline", "Av"),
        )[section]

    def _text(self, row: TimelineEntry, column: int) -> str:
        if column == 0:
            return str(row.day)
        if column == 1:
            title = timeline_title(row)
            return f"{title} – {row.summary}" if row.summary and row.kind != "form" else title
        return str(row.author)

    def _tooltip(self, row: TimelineEntry) -> str | None:
        return str(row.summary) or None

    def _foreground(self, row: TimelineEntry, column: int) -> QBrush | None:
        if row.kind == "orosanmalan":
            return QBrush(QColor(theme.ERROR))
        if row.corrected:
            return QBrush(QColor(theme.MUTED_TEXT))
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
