"""The plan window's small dialogs: one insats, one follow-up meeting, the earlier versions."""

from __future__ import annotations

from datetime import date
from typing import Any

from backa_desktop.domain.plan import (
    ACTION_STATUS_LABELS,
    FollowUpMeeting,
    PlanAction,
    PlanActionStatus,
)
from backa_desktop.services import plans
from backa_desktop.ui import plan_labels as L
from backa_desktop.ui import plan_widgets as P
from backa_desktop.ui import widgets as W
from backa_desktop.ui.qt import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    connect,
    translate,
)
from backa_desktop.ui.staff_picker import StaffSource
from backa_desktop.ui.widgets import ok_cancel_buttons


class ActionDialog(QDialog):
    """Add or change one insats: what, who, which unit, by when, how it is going."""

    def __init__(
        self,
        staff: StaffSource,
        units: dict[str, str],
        staff_units: dict[str, str],
        action: PlanAction | None,
        parent: QWidget | None = None,
        *,
        first_unit: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            translate("Plan", "Ändra insats") if action else translate("Plan", "Ny insats")
        )
        self.staff_units = staff_units
        self.setMinimumWidth(560)
        self.result_values: dict[str, Any] | None = None
        self.what = W.named(QLineEdit(), translate("Plan", "Vad ska göras"))
        self.what.setPlaceholderText(
            translate("Plan", "Till exempel: Språkstöd två gånger i veckan")
        )
        self.who = P.staff_combo(translate("Plan", "Vem ansvarar"), staff, allow_free=True,
                                 first_unit=first_unit)
        self.who.setToolTip(
            translate("Plan", "Välj en personal eller skriv ett namn, till exempel en förälder.")
        )
        self.unit = P.unit_combo(translate("Plan", "Enhet"), units)
        self.due = P.date_edit(translate("Plan", "Klart senast"))
        self.status = W.named(QComboBox(), translate("Plan", "Status"))
        for status in ACTION_STATUS_LABELS:
            self.status.addItem(L.action_status(status), status.value)
        self.note = W.named(QLineEdit(), translate("Plan", "Anteckning"))
        form = QFormLayout()
        form.addRow(W.label(translate("Plan", "&Vad:"), buddy=self.what), self.what)
        form.addRow(W.label(translate("Plan", "V&em:"), buddy=self.who), self.who)
        form.addRow(W.label(translate("Plan", "E&nhet:"), buddy=self.unit), self.unit)
        form.addRow(W.label(translate("Plan", "Klart &senast:"), buddy=self.due), self.due)
        form.addRow(W.label(translate("Plan", "S&tatus:"), buddy=self.status), self.status)
        form.addRow(W.label(translate("Plan", "&Anteckning:"), buddy=self.note), self.note)
        self.error = W.error_label()
        self.buttons = ok_cancel_buttons(translate("Plan", "Spara insatsen"))
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        connect(self.buttons.accepted, self._accept)
        connect(self.buttons.rejected, self.reject)
        connect(self.who.currentIndexChanged, self._who_changed)
        if action is not None:
            self.what.setText(action.what)
            P.set_staff(self.who, action.responsible_staff_id, action.responsible_name)
            P.set_combo_data(self.unit, action.responsible_unit_id)
            P.set_date(self.due, action.due_on)
            P.set_combo_data(self.status, action.status.value)
            self.note.setText(action.note)
        else:
            self.who.setCurrentIndex(-1)
            self.who.setEditText("")

    def _who_changed(self, index: int) -> None:
        sid = self.who.itemData(index) if index >= 0 else None
        unit = self.staff_units.get(str(sid)) if sid else None
        if unit:
            P.set_combo_data(self.unit, unit)

    def _accept(self) -> None:
        what = self.what.text().strip()
        staff_id, name = P.get_staff(self.who)
        if not what:
            W.show_error(self.error, translate("Plan", "Skriv vad som ska göras."))
            self.what.setFocus()
            return
        if not staff_id and not name:
            W.show_error(self.error, translate("Plan", "Ange vem som ansvarar för insatsen."))
            self.who.setFocus()
            return
        unit = self.unit.currentData() or (self.staff_units.get(staff_id) if staff_id else None)
        self.result_values = {
            "what": what,
            "responsible_staff_id": staff_id,
            "responsible_name": name,
            "responsible_unit_id": unit or None,
            "due_on": P.get_date(self.due),
            "status": PlanActionStatus(self.status.currentData()),
            "note": self.note.text().strip(),
        }
        self.accept()


class MeetingDialog(QDialog):
    """A follow-up meeting: when, what was said, and when and where the next one is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(560)
        self.setWindowTitle(translate("Plan", "Uppföljningsmöte"))
        self.held_on = P.date_edit(translate("Plan", "Mötesdatum"), optional=False,
                                   value=date.today())
        self.notes = P.multiline(
            translate("Plan", "Anteckningar från mötet"),
            translate("Plan", "Vad har hänt sedan sist? Vad bestämde ni?"),
            120,
        )
        self.next_on = P.date_edit(translate("Plan", "Nästa uppföljning"))
        self.next_place = W.named(QLineEdit(), translate("Plan", "Plats för nästa uppföljning"))
        form = QFormLayout()
        form.addRow(W.label(translate("Plan", "&Datum:"), buddy=self.held_on), self.held_on)
        form.addRow(W.label(translate("Plan", "&Anteckningar:"), buddy=self.notes), self.notes)
        form.addRow(W.label(translate("Plan", "&Nästa uppföljning:"), buddy=self.next_on),
                    self.next_on)
        form.addRow(W.label(translate("Plan", "&Plats:"), buddy=self.next_place), self.next_place)
        self.error = W.error_label()
        self.buttons = ok_cancel_buttons(translate("Plan", "Spara mötet"))
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        connect(self.buttons.accepted, self._accept)
        connect(self.buttons.rejected, self.reject)

    def values(self) -> tuple[FollowUpMeeting, date | None, str]:
        held = P.get_date(self.held_on) or date.today()
        return (
            FollowUpMeeting(held_on=held, notes=self.notes.toPlainText().strip()),
            P.get_date(self.next_on),
            self.next_place.text().strip(),
        )

    def _accept(self) -> None:
        meeting, next_on, _ = self.values()
        if next_on is not None and next_on <= meeting.held_on:
            W.show_error(
                self.error, translate("Plan", "Nästa uppföljning måste ligga efter mötet.")
            )
            return
        self.accept()


class VersionsDialog(QDialog):
    """Earlier versions of the plan, read-only, newest first."""

    def __init__(self, versions: list[plans.PlanVersion], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Plan", "Tidigare versioner"))
        self.resize(760, 520)
        self.table = P.table(
            translate("Plan", "Versioner"),
            [translate("Plan", "Version"), translate("Plan", "Sparad"),
             translate("Plan", "Av"), translate("Plan", "Mål")],
        )
        rows = [
            [str(v.revision), v.saved_at[:16].replace("T", " "), v.author,
             "; ".join(v.plan.goals) if v.plan else ""]
            for v in versions
        ]
        P.fill_table(self.table, rows, [v.revision for v in versions])
        self.detail = W.named(QPlainTextEdit(), translate("Plan", "Versionens innehåll"))
        self.detail.setReadOnly(True)
        self.versions = {v.revision: v for v in versions}
        close = W.button(translate("Plan", "Stäng"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.detail, 1)
        lay.addWidget(W.row(close, stretch_first=True))
        connect(close.clicked, self.accept)
        connect(self.table.itemSelectionChanged, self._show)
        if versions:
            self.table.selectRow(0)

    def _show(self) -> None:
        version = self.versions.get(P.selected_key(self.table))
        plan = version.plan if version else None
        if plan is None:
            self.detail.setPlainText("")
            return
        lines = [
            translate("Plan", "Varför: %1").replace("%1", plan.reason),
            translate("Plan", "Mål: %1").replace("%1", "; ".join(plan.goals)),
            translate("Plan", "Barnets syn: %1").replace("%1", plan.child_view),
            translate("Plan", "Vårdnadshavarnas syn: %1").replace("%1", plan.guardians_view),
            translate("Plan", "Förväntat resultat: %1").replace("%1", plan.expected_outcome),
            translate("Plan", "Om det inte går som planerat: %1").replace("%1", plan.contingency),
            translate("Plan", "Nästa uppföljning: %1 %2")
            .replace("%1", P.iso(plan.next_follow_up_on))
            .replace("%2", plan.next_follow_up_place),
        ]
        self.detail.setPlainText("\n".join(lines))

