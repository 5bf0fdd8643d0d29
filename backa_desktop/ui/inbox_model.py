"""Item model for the inbox (a plain table, most urgent first).

The services return data; the wording of each row (in the user's language) happens here."""

from __future__ import annotations

from backa_desktop.services.inbox import InboxItem
from backa_desktop.ui import labels, protected, theme
from backa_desktop.ui.qt import (
    QBrush,
    QColor,
    translate,
)
from backa_desktop.ui.row_table_model import RowTableModel


def inbox_title(item: InboxItem) -> str:
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
    if kind == "conflict":
        from backa_desktop.ui.sync_notices import field_label, record_label

        return (
            translate("Inbox", "Två ändringar krockade: %1 – ”%2”. Välj vad som ska gälla.")
            .replace("%1", record_label(item.who))
            .replace("%2", field_label(item.who, item.text))
        )
    if kind == "also_registered":
        return translate(
            "Inbox", "%1 registrerade också barnet; korten finns i barnets akt"
        ).replace("%1", item.who or translate("Inbox", "Någon annan"))
    if kind == "barnkontakt_met":
        return translate("Inbox", "Barnet fick två Barnkontakter; den nyare gäller: %1").replace(
            "%1", item.who or "–"
        )
    if kind == "tell_family":
        return translate("Inbox", "Berätta beslutet för barnet och vårdnadshavarna: %1").replace(
            "%1", labels.beslut(item.beslut) if item.beslut else ""
        )
    return kind


class InboxModel(RowTableModel[InboxItem]):
    HEADERS = ("date", "child", "what")

    def _header(self, section: int) -> str:
        return (
            translate("Inbox", "Datum"),
            translate("Inbox", "Barn"),
            translate("Inbox", "Ärende"),
        )[section]

    def _text(self, row: InboxItem, column: int) -> str:
        if column == 0:
            return str(row.day)
        if column == 1:
            if row.child_protected:  # the name (none in a conflict's row) and the marker
                return " – ".join(p for p in (str(row.child_name), protected.marker()) if p)
            return str(row.child_name) or translate("Inbox", "(utan identitet)")
        return inbox_title(row)

    def _tooltip(self, row: InboxItem) -> str | None:
        return str(row.text) or None

    def _foreground(self, row: InboxItem, column: int) -> QBrush | None:
        if row.overdue:
            return QBrush(QColor(theme.ERROR))
        return None
