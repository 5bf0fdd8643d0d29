"""Conflicts, refused changes and purge notices, for the inbox: a side-by-side view of the
two values of a field that two people changed at the same time (who, when), where the user
keeps one or writes a merge; each change the server refused, with its reason in the user's
language, to send again or discard; and the notice that explains why a child disappeared
from this computer.

Nothing is decided silently: the server kept one value and stored the other in the conflict,
and the user's choice goes back up as a normal edit."""

from __future__ import annotations

import json
from typing import Any

from backa_desktop.services import sync_service
from backa_desktop.services.changes import Changes
from backa_desktop.services.overview import Directory
from backa_desktop.services.sync_service import ConflictItem, PurgeNotice, RefusedChange
from backa_desktop.services.vault import Session
from backa_desktop.ui import widgets as W
from backa_desktop.ui.errors import error_text, message_text
from backa_desktop.ui.qt import (
    QAbstractButton,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    connect,
    translate,
)
from backa_desktop.ui.sync_status import local_time
from backa_desktop.ui.tasks import DbOp, TaskRunner


def field_label(record_type: str, name: str) -> str:
    labels = {
        "reason": translate("Conflict", "Anledning till planen"),
        "child_view": translate("Conflict", "Barnets syn"),
        "guardians_view": translate("Conflict", "Vårdnadshavarnas syn"),
        "contingency": translate("Conflict", "Om det inte går som planerat"),
        "goals": translate("Conflict", "Mål"),
        "what": translate("Conflict", "Insats"),
        "status": translate("Conflict", "Status"),
        "due_on": translate("Conflict", "Klart senast"),
        "note": translate("Conflict", "Anteckning"),
        "responsible_name": translate("Conflict", "Ansvarig"),
    }
    return labels.get(name, name)


def record_label(record_type: str) -> str:
    return {
        "plan": translate("Conflict", "Barnets plan"),
        "plan_action": translate("Conflict", "Insats i planen"),
        "child": translate("Conflict", "Barnets uppgifter"),
        "team": translate("Conflict", "Team"),
        "barnkontakt": translate("Conflict", "Barnkontakt"),
        "consent": translate("Conflict", "Samtycke"),
        "note": translate("Conflict", "Anteckning"),
        "form_response": translate("Conflict", "Formulär"),
        "decision": translate("Conflict", "Beslut"),
        "orosanmalan": translate("Conflict", "Orosanmälan"),
    }.get(record_type, record_type)


def value_text(value: Any, present: bool = True) -> str:
    if not present or value is None:
        return translate("Conflict", "(tomt)")
    if isinstance(value, list):
        return "\n".join(value_text(v) for v in value)
    if isinstance(value, bool):
        return translate("Conflict", "Ja") if value else translate("Conflict", "Nej")
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def mergeable(item: ConflictItem) -> bool:
    values = [v for v in (item.kept_value, item.incoming_value) if v is not None]
    return all(isinstance(v, str) for v in values) or all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in values
    )


def merged_start(item: ConflictItem) -> str:
    """A starting point for a merge: both texts, or the union of both lists."""
    a, b = item.kept_value, item.incoming_value
    if isinstance(a, list) or isinstance(b, list):
        out = [*(a or [])]
        out += [x for x in (b or []) if x not in out]
        return "\n".join(out)
    return "\n\n".join(x for x in (a, b) if x)


class ConflictDialog(QDialog):
    """Both values side by side; keep one, or write a merge."""

    resolved = Signal(str, object)  # conflict id, chosen value

    def __init__(self, item: ConflictItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        title = translate("Conflict", "Två ändringar av samma uppgift")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        heading = W.label(title, "title")
        what = (
            translate("Conflict", "%1 för %2: fältet ”%3” ändrades på två ställen samtidigt.")
            .replace("%1", record_label(item.record_type))
            .replace("%2", item.child_name or translate("Conflict", "barnet"))
            .replace("%3", field_label(item.record_type, item.field))
        )
        grid = QGridLayout()
        self.left = self._value_box(item.kept_value, item.kept_present)
        self.right = self._value_box(item.incoming_value, item.incoming_present)
        grid.addWidget(W.label(translate("Conflict", "Det som gäller nu"), "subtitle"), 0, 0)
        grid.addWidget(W.label(translate("Conflict", "Den andra ändringen"), "subtitle"), 0, 1)
        grid.addWidget(self.left, 1, 0)
        grid.addWidget(self.right, 1, 1)
        grid.addWidget(W.label(self._who(item.kept_who, item.kept_at), "muted"), 2, 0)
        grid.addWidget(W.label(self._who(item.incoming_who, item.incoming_at), "muted"), 2, 1)
        self.keep_left = QRadioButton(translate("Conflict", "Behåll det som gäller nu"))
        self.keep_right = QRadioButton(translate("Conflict", "Välj den andra ändringen"))
        self.merge = QRadioButton(translate("Conflict", "Slå ihop (skriv nedan)"))
        self.group = QButtonGroup(self)
        for b in (self.keep_left, self.keep_right, self.merge):
            b.setAccessibleName(b.text())
            self.group.addButton(b)
        grid.addWidget(self.keep_left, 3, 0)
        grid.addWidget(self.keep_right, 3, 1)
        self.merged = W.named(QPlainTextEdit(), translate("Conflict", "Sammanslagen text"))
        self.merged.setPlainText(merged_start(item))
        can_merge = mergeable(item)
        self.merge.setEnabled(can_merge)
        self.merged.setEnabled(False)
        self.merged.setMaximumHeight(110)
        self.error = W.error_label()
        buttons = QDialogButtonBox()
        self.save_button = W.button(translate("Conflict", "Spara valet"), primary=True)
        self.later_button = W.button(translate("Conflict", "Senare"))
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(W.label(what))
        lay.addLayout(grid)
        if can_merge:
            lay.addWidget(self.merge)
            lay.addWidget(self.merged)
        lay.addWidget(
            W.label(
                translate(
                    "Conflict",
                    "Ditt val sparas som en vanlig ändring och skickas till de andra vid nästa "
                    "synkning.",
                ),
                "muted",
            )
        )
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        connect(self.merge.toggled, self.merged.setEnabled)
        connect(self.save_button.clicked, self._save)
        connect(self.later_button.clicked, self.reject)
        W.fit_dialog(self, 760, 480)

    @staticmethod
    def _value_box(value: Any, present: bool) -> QPlainTextEdit:
        box = QPlainTextEdit(value_text(value, present))
        box.setReadOnly(True)
        box.setAccessibleName(value_text(value, present)[:80])
        box.setMinimumHeight(90)
        box.setMaximumHeight(160)
        return box

    @staticmethod
    def _who(who: str, at: str) -> str:
        return (
            translate("Conflict", "Ändrat av %1, %2")
            .replace("%1", who or translate("Conflict", "okänd"))
            .replace("%2", local_time(at))
        )

    def choice(self) -> tuple[bool, Any]:
        item = self.item
        if self.keep_left.isChecked():
            return True, item.kept_value
        if self.keep_right.isChecked():
            return True, item.incoming_value
        if self.merge.isChecked():
            text = self.merged.toPlainText().strip()
            if isinstance(item.kept_value, list) or isinstance(item.incoming_value, list):
                return True, [line.strip() for line in text.splitlines() if line.strip()]
            return True, text
        return False, None

    def _save(self) -> None:
        chosen, value = self.choice()
        if not chosen:
            W.show_error(self.error, translate("Conflict", "Välj ett av värdena eller slå ihop."))
            return
        self.resolved.emit(self.item.conflict_id, value)
        self.accept()


class SyncNotices(QWidget):
    """The inbox's part about sync: open conflicts and children removed from this computer.
    Hidden when there is nothing; refreshes itself when a conflict or a notice changes."""

    changed = Signal()
    message = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.directory: Directory | None = None
        self.conflicts: list[ConflictItem] = []
        self.refused: list[RefusedChange] = []
        self.notices: list[PurgeNotice] = []
        self.list = W.named(QListWidget(), translate("Conflict", "Konflikter och meddelanden"))
        self.list.setMaximumHeight(140)
        self.resolve_button = W.button(translate("Conflict", "Lös konflikten …"), primary=True)
        self.read_button = W.button(translate("Conflict", "Jag har läst"))
        self.retry_button = W.button(translate("Conflict", "Skicka igen"))
        self.retry_button.setToolTip(
            translate("Conflict", "Skicka ändringen igen vid nästa synkning")
        )
        self.discard_button = W.button(translate("Conflict", "Släng ändringen …"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.read_button)
        buttons.addWidget(self.resolve_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(W.label(translate("Conflict", "Från synkningen"), "subtitle"))
        lay.addWidget(self.list)
        lay.addLayout(buttons)
        connect(self.list.currentRowChanged, lambda _r: self._update())
        connect(self.list.itemActivated, lambda _i: self._activate())
        connect(self.resolve_button.clicked, self.open_selected)
        connect(self.read_button.clicked, self.dismiss_selected)
        connect(self.retry_button.clicked, self.retry_selected)
        connect(self.discard_button.clicked, self.discard_selected)
        self.dialog: ConflictDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.confirm_discard: QAbstractButton | None = None
        self.setVisible(False)
        connect(runner.changed, self._changes_made)

    def _changes_made(self, changes: Changes) -> None:
        # The outbox: a sync refused a change, or the user sent one again or discarded it.
        if changes.sync_notices or changes.outbox:
            self.refresh()

    def refresh(self, directory: Directory | None = None) -> None:
        if directory is not None:
            self.directory = directory
        known = self.directory
        if known is None:  # shown with the workspace, which passes its directory first
            return

        def job(
            s: Session,
        ) -> tuple[list[ConflictItem], list[RefusedChange], list[PurgeNotice]]:
            return (
                sync_service.open_conflicts(s, known),
                sync_service.refused_changes(s),
                sync_service.purge_notices(s),
            )

        DbOp(self.runner, job).on_success(self._show).on_failure(lambda _e: None).run()

    def _show(
        self, result: tuple[list[ConflictItem], list[RefusedChange], list[PurgeNotice]]
    ) -> None:
        self.conflicts, self.refused, self.notices = result
        self.list.clear()
        for c in self.conflicts:
            text = (
                translate("Conflict", "Konflikt: %1 för %2 – ”%3” ändrades på två ställen")
                .replace("%1", record_label(c.record_type))
                .replace("%2", c.child_name or translate("Conflict", "barnet"))
                .replace("%3", field_label(c.record_type, c.field))
            )
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, ("conflict", c.conflict_id))
            self.list.addItem(entry)
        for r in self.refused:
            text = (
                translate("Conflict", "Togs inte emot: %1 för %2 – %3")
                .replace("%1", record_label(r.record_type))
                .replace("%2", r.child_name or translate("Conflict", "barnet"))
                .replace("%3", message_text(r.reason))
            )
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, ("refused", r.record_id))
            entry.setToolTip(message_text(r.reason))
            self.list.addItem(entry)
        for n in self.notices:
            text = translate(
                "Conflict",
                "%1 är borttaget från datorn: din behörighet till barnet har upphört "
                "(du har lämnat barnets team, eller samtycket har återkallats). "
                "Uppgifterna finns kvar hos barnets barnkontakt.",
            ).replace("%1", n.child_name or translate("Conflict", "Ett barn"))
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, ("purge", n.child_id))
            entry.setToolTip(text)
            self.list.addItem(entry)
        self.setVisible(bool(self.conflicts or self.refused or self.notices))
        if self.list.count():
            self.list.setCurrentRow(0)
        self._update()

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _selected(self) -> tuple[str, str] | None:
        entry = self.list.currentItem()
        if entry is None:
            return None
        kind, key = entry.data(Qt.ItemDataRole.UserRole)
        return str(kind), str(key)

    def _update(self) -> None:
        selected = self._selected()
        kind = selected[0] if selected else ""
        self.resolve_button.setEnabled(kind == "conflict")
        self.read_button.setEnabled(kind == "purge")
        self.retry_button.setEnabled(kind == "refused")
        self.discard_button.setEnabled(kind == "refused")

    def _activate(self) -> None:
        selected = self._selected()
        if selected and selected[0] == "conflict":
            self.open_selected()
        elif selected and selected[0] == "purge":
            self.dismiss_selected()

    def open_selected(self) -> None:
        selected = self._selected()
        if selected and selected[0] == "conflict":
            self.open_conflict(selected[1])

    def open_conflict(self, conflict_id: str) -> None:
        """Open one conflict's dialog (from this list, or from its row in the inbox)."""
        item = next((c for c in self.conflicts if c.conflict_id == conflict_id), None)
        if item is None:
            return
        dialog = ConflictDialog(item, self)
        self.dialog = dialog
        connect(dialog.resolved, self._resolve)
        dialog.open()

    def _resolve(self, conflict_id: str, value: Any) -> None:
        DbOp(
            self.runner, lambda s: sync_service.resolve_conflict(s, conflict_id, value)
        ).on_success(lambda _r: self._resolved()).on_failure(
            lambda exc: self.message.emit(error_text(exc))
        ).run()

    def _resolved(self) -> None:
        self.message.emit(
            translate("Conflict", "Konflikten är löst. Valet skickas vid nästa synkning.")
        )
        self.changed.emit()

    def dismiss_selected(self) -> None:
        selected = self._selected()
        if not selected or selected[0] != "purge":
            return
        child_id = selected[1]
        DbOp(self.runner, lambda s: sync_service.dismiss_purge_notice(s, child_id)).on_failure(
            lambda _e: None
        ).run()

    def retry_selected(self) -> None:
        selected = self._selected()
        if not selected or selected[0] != "refused":
            return
        record_id = selected[1]
        DbOp(self.runner, lambda s: sync_service.retry_refused(s, record_id)).on_success(
            lambda _n: self.message.emit(
                translate("Conflict", "Ändringen skickas igen vid nästa synkning.")
            )
        ).on_failure(lambda exc: self.message.emit(error_text(exc))).run()

    def discard_selected(self) -> None:
        """Discarding loses the user's work on the record: asked first (`confirm_box`)."""
        selected = self._selected()
        if not selected or selected[0] != "refused":
            return
        record_id = selected[1]
        title = translate("Conflict", "Släng ändringen")
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            title,
            translate(
                "Conflict",
                "Ändringen tas bort från den här datorn och skickas inte. Serverns version "
                "kommer tillbaka vid nästa synkning. Det går inte att ångra.",
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setAccessibleName(title)
        keep = box.addButton(translate("Conflict", "Behåll"), QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton(title, QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        self.confirm_box = box
        self.confirm_discard = discard

        def answered() -> None:
            if box.clickedButton() is discard:
                DbOp(
                    self.runner, lambda s: sync_service.discard_refused(s, record_id)
                ).on_success(
                    lambda _n: self.message.emit(translate("Conflict", "Ändringen är slängd."))
                ).on_failure(lambda exc: self.message.emit(error_text(exc))).run()

        connect(box.finished, lambda _r: answered())
        box.open()
