"""The team window's dialogs: handing the Barnkontakt over, and adding a team member.

The handover dialog reminds the user that sharing with a new unit needs the family's consent:
the new Barnkontakt gets the assignment at once, but nothing is shared with their unit on
consent until the family has agreed (the window says so after the handover if it is missing).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from backa_desktop.domain.people import VERKSAMHET_LABELS, Verksamhet
from backa_desktop.domain.teams import TEAM_ROLE_LABELS, TeamMember, TeamRole
from backa_desktop.services import teams as teams_service
from backa_desktop.services.changes import Changes
from backa_desktop.services.overview import Directory
from backa_desktop.services.teams import UnitBarnteam
from backa_desktop.ui import labels
from backa_desktop.ui import plan_labels as L
from backa_desktop.ui import plan_widgets as P
from backa_desktop.ui import widgets as W
from backa_desktop.ui.errors import error_text
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
from backa_desktop.ui.tasks import DbOp
from backa_desktop.ui.widgets import ok_cancel_buttons
from backa_desktop.ui.window_context import WindowContext


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



def unit_team_summary(directory: Directory, unit_team: UnitBarnteam) -> str:
    """The unit's Barnteam in one line: its members by name and title, and who keeps it."""
    members = unit_team.members(date.today())
    people = [
        f"{directory.staff_name(m.staff_id)} ({directory.staff_title(m.staff_id)})"
        if directory.staff_title(m.staff_id) else directory.staff_name(m.staff_id)
        for m in members
    ]
    if people:
        text = ", ".join(people) + ". " + translate(
            "Teams", "De ser barnet när beslutet är Barnteam och vårdnadshavarna har "
            "samtyckt till det.")
    else:
        text = translate("Teams", "Enheten har inget Barnteam i Backa ännu.")
    if not unit_team.may_edit:
        text += " " + translate("Teams", "Enhetschefen håller Barnteamet.")
    return text


class UnitBarnteamDialog(QDialog):
    """A unit's standing Barnteam: everyone reads it; the unit's lead adds people and ends
    memberships (the central store takes the team from no one else)."""

    _dialog: QDialog  # the open member dialog, kept referenced while it is shown

    def __init__(
        self, ctx: WindowContext, unit_team: UnitBarnteam, staff_units: dict[str, str],
        unit_agency: dict[str, str], parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.unit_team = unit_team
        self.staff_units = staff_units
        self.unit_agency = unit_agency
        unit = ctx.directory.unit_name(unit_team.unit_id) or translate("Teams", "enheten")
        self.setWindowTitle(translate("Teams", "Barnteamet på %1").replace("%1", unit))
        # wide enough for its five columns at large text (80 characters), never below 820 px
        self.resize(max(820, 80 * self.fontMetrics().averageCharWidth()), 480)
        self.note = W.label("", "muted")
        self.table = P.table(
            translate("Teams", "Enhetens Barnteam"),
            [translate("Teams", "Namn"), translate("Teams", "Titel"), translate("Teams", "Roll"),
             translate("Teams", "Yrke"), translate("Teams", "Från")],
        )
        self.add_button = W.button(translate("Teams", "Lägg till i Barnteamet…"))
        self.remove_button = W.button(translate("Teams", "Ta bort ur Barnteamet"))
        self.error = W.error_label()
        close = W.button(translate("Teams", "Stäng"))
        lay = QVBoxLayout(self)
        lay.addWidget(W.label(self.windowTitle(), "title"))
        lay.addWidget(self.note)
        lay.addWidget(self.table, 1)
        lay.addWidget(W.row(self.add_button, self.remove_button, stretch_end=True))
        lay.addWidget(self.error)
        lay.addWidget(W.row(close, stretch_first=True))
        self.add_button.setVisible(unit_team.may_edit)
        self.remove_button.setVisible(unit_team.may_edit)
        connect(self.add_button.clicked, self._add)
        connect(self.remove_button.clicked, self._remove)
        connect(close.clicked, self.accept)
        connect(ctx.runner.changed, self._changes_made)
        self._show(unit_team)

    def _show(self, unit_team: UnitBarnteam) -> None:
        self.unit_team = unit_team
        directory = self.ctx.directory
        members = unit_team.members(date.today())
        self.note.setText(unit_team_summary(directory, unit_team) if not members else
                          translate("Teams", "De här personerna ser barnet när beslutet är "
                                    "Barnteam och vårdnadshavarna har samtyckt till det."))
        P.fill_table(self.table, [
            [directory.staff_name(m.staff_id), directory.staff_title(m.staff_id),
             L.team_role(m.role), m.profession, m.joined_on.isoformat()]
            for m in members
        ], [m.staff_id for m in members])

    def _changes_made(self, changes: Changes) -> None:
        if self.isVisible() and changes.teams:
            unit_id = self.unit_team.unit_id
            DbOp(self.ctx.runner, lambda s: teams_service.load_unit_barnteam(s, unit_id)
                 ).on_success(self._show).run()

    def _run(self, fn: Any) -> None:
        DbOp(self.ctx.runner, fn).on_success(lambda _r: W.show_error(self.error, "")
                                             ).on_failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        W.show_error(self.error, error_text(exc))

    def _add(self) -> None:
        unit_id = self.unit_team.unit_id
        dialog = MemberDialog(self.ctx.directory, self.staff_units, self, first_unit=unit_id)
        dialog.setWindowTitle(translate("Teams", "Ny person i enhetens Barnteam"))
        self._dialog = dialog

        def accepted() -> None:
            member = dialog.member(self.unit_agency)
            if member.staff_id:
                self._run(lambda s: teams_service.add_unit_barnteam_member(s, unit_id, member))

        connect(dialog.accepted, accepted)
        dialog.open()

    def _remove(self) -> None:
        staff_id = P.selected_key(self.table)
        if not staff_id:
            return
        unit_id = self.unit_team.unit_id
        self._run(lambda s: teams_service.remove_unit_barnteam_member(s, unit_id, staff_id,
                                                                      date.today()))
