"""The team window's dialogs: handing the Barnkontakt over, and adding a team member.

The handover dialog reminds the user that sharing with a new unit needs the family's consent:
the new Barnkontakt gets the assignment at once, but nothing is shared with their unit on
consent until the family has agreed (the window says so after the handover if it is missing).
"""

from __future__ import annotations

from datetime import date

from backa_desktop.domain.people import VERKSAMHET_LABELS, Verksamhet
from backa_desktop.domain.teams import TEAM_ROLE_LABELS, TeamMember, TeamRole
from backa_desktop.ui import labels
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


class HandoverDialog(QDialog):
    """Hand the child over to the next Barnkontakt (or name the first one)."""

    def __init__(
        self, staff: StaffSource, units: dict[str, str], staff_units: dict[str, str],
        *, first: bool, current_staff_id: str | None = None, parent: QWidget | None = None,
        first_unit: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.staff_units = staff_units
        self.setMinimumWidth(560)
        self.setWindowTitle(
            translate("Teams", "Utse Barnkontakt") if first
            else translate("Teams", "Lämna över till ny Barnkontakt")
        )
        self.to_staff = P.staff_combo(translate("Teams", "Ny Barnkontakt"), staff,
                                      first_unit=first_unit)
        self.to_unit = P.unit_combo(translate("Teams", "Enhet"), units, allow_none=False)
        self.on = P.date_edit(translate("Teams", "Från och med"), optional=False,
                              value=date.today())
        self.note = W.named(QPlainTextEdit(), translate("Teams", "Överlämning"))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(90)
        self.note.setPlaceholderText(
            translate("Teams", "Vad behöver nästa Barnkontakt veta? Skriv kort och sakligt.")
        )
        form = QFormLayout()
        form.addRow(W.label(translate("Teams", "&Till:"), wrap=False, buddy=self.to_staff),
                    self.to_staff)
        form.addRow(W.label(translate("Teams", "&Enhet:"), wrap=False, buddy=self.to_unit),
                    self.to_unit)
        form.addRow(W.label(translate("Teams", "&Från och med:"), wrap=False, buddy=self.on),
                    self.on)
        form.addRow(W.label(translate("Teams", "&Överlämning:"), wrap=False, buddy=self.note),
                    self.note)
        reminder = W.label(translate(
            "Teams", "Kom ihåg samtycket: uppgifter om barnet får delas med den nya enheten "
            "först när vårdnadshavarna har samtyckt till det."), "banner")
        self.error = W.error_label()
        self.buttons = ok_cancel_buttons(
            translate("Teams", "Utse") if first else translate("Teams", "Lämna över")
        )
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        if not first:
            lay.addWidget(reminder)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        connect(self.to_staff.currentIndexChanged, self._staff_changed)
        if current_staff_id and self.to_staff.currentData() == current_staff_id:
            others = [i for i in range(self.to_staff.count())
                      if self.to_staff.itemData(i) not in (None, current_staff_id)]
            if others:  # the current Barnkontakt is not who the child is handed over to
                self.to_staff.setCurrentIndex(others[0])
        connect(self.buttons.accepted, self._accept)
        connect(self.buttons.rejected, self.reject)
        self._staff_changed(self.to_staff.currentIndex())

    def _staff_changed(self, index: int) -> None:
        sid = self.to_staff.itemData(index) if index >= 0 else None
        unit = self.staff_units.get(str(sid)) if sid else None
        if unit:
            P.set_combo_data(self.to_unit, unit)

    def values(self) -> tuple[str, str, date, str]:
        return (
            str(self.to_staff.currentData() or ""),
            str(self.to_unit.currentData() or ""),
            P.get_date(self.on) or date.today(),
            self.note.toPlainText().strip(),
        )

    def _accept(self) -> None:
        staff_id, unit_id, _, _ = self.values()
        if not staff_id or not unit_id:
            W.show_error(self.error, translate("Teams", "Välj person och enhet."))
            return
        self.accept()


class MemberDialog(QDialog):
    """A new member of the Individuellt barnteam."""

    def __init__(self, staff: StaffSource, staff_units: dict[str, str],
                 parent: QWidget | None = None, *, first_unit: str | None = None) -> None:
        super().__init__(parent)
        self.staff_units = staff_units
        self.setMinimumWidth(520)
        self.setWindowTitle(translate("Teams", "Ny medlem i barnteamet"))
        self.staff = P.staff_combo(translate("Teams", "Person"), staff, first_unit=first_unit)
        self.role = W.named(QComboBox(), translate("Teams", "Roll i teamet"))
        for role in TEAM_ROLE_LABELS:
            self.role.addItem(L.team_role(role), role.value)
        P.set_combo_data(self.role, TeamRole.MEDLEM.value)
        self.agency = W.named(QComboBox(), translate("Teams", "Verksamhet"))
        for v in VERKSAMHET_LABELS:
            self.agency.addItem(labels.verksamhet(v), v.value)
        self.profession = W.named(QLineEdit(), translate("Teams", "Yrke"))
        self.joined = P.date_edit(translate("Teams", "Från och med"), optional=False,
                                  value=date.today())
        form = QFormLayout()
        for text, widget in (
            (translate("Teams", "&Person:"), self.staff),
            (translate("Teams", "&Roll:"), self.role),
            (translate("Teams", "&Verksamhet:"), self.agency),
            (translate("Teams", "&Yrke:"), self.profession),
            (translate("Teams", "&Från och med:"), self.joined),
        ):
            form.addRow(W.label(text, wrap=False, buddy=widget), widget)
        self.buttons = ok_cancel_buttons(translate("Teams", "Lägg till"))
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        connect(self.buttons.accepted, self.accept)
        connect(self.buttons.rejected, self.reject)

    def member(self, agency_of_unit: dict[str, str]) -> TeamMember:
        staff_id = str(self.staff.currentData() or "")
        return TeamMember(
            staff_id=staff_id,
            role=TeamRole(self.role.currentData()),
            profession=self.profession.text().strip(),
            agency=str(self.agency.currentData() or Verksamhet.ANNAN.value),
            unit_id=self.staff_units.get(staff_id) or None,
            joined_on=P.get_date(self.joined) or date.today(),
        )

