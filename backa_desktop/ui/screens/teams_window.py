"""Barnkontakt och team: who the family's contact is (and was), handing over to the next one
when the child moves on, and the child's Individuellt barnteam with its Stödsamordnare.

The handover dialog reminds the user that sharing with a new unit needs the family's consent:
the new Barnkontakt gets the assignment at once, but nothing is shared with their unit on
consent until the family has agreed (the window says so after the handover if it is missing).
"""

from __future__ import annotations

from datetime import date

from backa_desktop.services import teams as service
from backa_desktop.services.changes import Changes
from backa_desktop.ui import labels
from backa_desktop.ui import plan_labels as L
from backa_desktop.ui import plan_widgets as P
from backa_desktop.ui import widgets as W
from backa_desktop.ui.child_window import ChildWindow
from backa_desktop.ui.consent_notice import attach_to_team
from backa_desktop.ui.qt import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    connect,
    translate,
)
from backa_desktop.ui.team_dialogs import (
    HandoverDialog,
    MemberDialog,
    UnitBarnteamDialog,
    unit_team_summary,
)
from backa_desktop.ui.window_context import WindowContext


class TeamsWindow(ChildWindow):
    """The child's Barnkontakt (now and before) and Individuellt barnteam."""

    _dialog: QDialog  # the open dialog, kept referenced while it is shown

    def __init__(self, ctx: WindowContext, child_id: str, child_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, child_id, child_name, parent)
        self.view: service.TeamsView | None = None
        directory = ctx.directory
        self.staff = directory.staff_names()
        self.units = directory.unit_names()
        self.staff_units = directory.staff_units()
        self.unit_agency = {k: str(v.verksamhet) for k, v in directory.units.items()}
        self.setWindowTitle(
            translate("Teams", "Barnkontakt och team – %1").replace("%1", child_name)
        )
        self.resize(960, 720)
        self.current = W.label("", "subtitle", wrap=False)
        self.current.setAccessibleName(translate("Teams", "Nuvarande Barnkontakt"))
        self.handover_button = W.button(translate("Teams", "Lämna över…"), primary=True)
        self.history = P.table(
            translate("Teams", "Barnkontakter över tid"),
            [translate("Teams", "Barnkontakt"), translate("Teams", "Enhet"),
             translate("Teams", "Från"), translate("Teams", "Till"),
             translate("Teams", "Överlämning")],
        )
        self.members = P.table(
            translate("Teams", "Individuellt barnteam"),
            [translate("Teams", "Namn"), translate("Teams", "Roll"),
             translate("Teams", "Verksamhet"), translate("Teams", "Yrke"),
             translate("Teams", "Från"), translate("Teams", "Till")],
        )
        # the unit's standing Barnteam in one line; its table opens in a dialog, so the
        # window still fits a laptop screen at large text
        self.unit_team_title = W.label(translate("Teams", "Enhetens Barnteam"), "title")
        self.unit_team_note = W.label("", "muted")
        self.unit_team_note.setAccessibleName(translate("Teams", "Enhetens Barnteam"))
        self.unit_team_button = W.button(translate("Teams", "Visa Barnteamet…"))
        self.add_member_button = W.button(translate("Teams", "Lägg till medlem…"))
        self.remove_member_button = W.button(translate("Teams", "Avsluta medlemskap"))
        self.stodsamordnare = P.staff_combo(translate("Teams", "Stödsamordnare"), directory,
                                            allow_none=True)
        # a long "name – title, unit" does not widen the page past the window; the open list
        # still shows every entry whole (namesakes told apart)
        self.stodsamordnare.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.stodsamordnare.setMinimumContentsLength(18)
        popup = self.stodsamordnare.view()
        if popup is not None:
            popup.setMinimumWidth(popup.sizeHintForColumn(0) + 24)
        self.save_sam_button = W.button(translate("Teams", "Spara Stödsamordnare"))
        self.sam_hint = W.label("", "banner")
        self.sam_hint.setVisible(False)
        self.message = W.label("", "muted")
        self.error = W.error_label()
        close = W.button(translate("Teams", "Stäng"))
        # the page scrolls as a whole: at large text its notes and tables are taller than a
        # laptop screen, and a squeezed layout would cut them
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(W.label(translate("Teams", "Barnkontakt"), "title"))
        lay.addWidget(W.row(self.current, self.handover_button, stretch_end=True))
        # the current Barnkontakt's row stays in view however tall the rest grows
        self.history.setMinimumHeight(self.history.horizontalHeader().sizeHint().height()
                                      + self.history.verticalHeader().defaultSectionSize() * 2)
        lay.addWidget(self.history, 1)
        lay.addWidget(self.unit_team_title)
        unit_row = W.row(self.unit_team_note, self.unit_team_button)
        unit_row_layout = unit_row.layout()
        assert isinstance(unit_row_layout, QHBoxLayout)
        unit_row_layout.setStretch(0, 1)
        lay.addWidget(unit_row)
        lay.addWidget(W.label(translate("Teams", "Individuellt barnteam"), "title"))
        lay.addWidget(self.members, 1)
        lay.addWidget(W.row(self.add_member_button, self.remove_member_button, stretch_end=True))
        self.consent_notice = attach_to_team(ctx, child_id, lay, lay.count(), self)
        lay.addWidget(self.sam_hint)
        lay.addWidget(W.row(
            W.label(translate("Teams", "&Stödsamordnare:"), wrap=False, buddy=self.stodsamordnare),
            self.stodsamordnare, self.save_sam_button, stretch_end=True))
        lay.addWidget(self.message)
        lay.addWidget(self.error)
        scroll = W.named(QScrollArea(), translate("Teams", "Barnkontakt och team"))
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(W.row(close, stretch_first=True))
        connect(self.handover_button.clicked, self._handover)
        connect(self.add_member_button.clicked, self._add_member)
        connect(self.unit_team_button.clicked, self._open_unit_team)
        connect(self.remove_member_button.clicked, self._remove_member)
        connect(self.save_sam_button.clicked, self._save_sam)
        connect(close.clicked, self.accept)
        self.reload()

    # A unit's standing Barnteam is about no child: any team change may be the one shown here.
    child_changes_only = False

    def shows(self, changes: Changes) -> bool:
        return changes.teams

    def reload(self) -> None:
        child_id = self.child_id
        self._run(lambda s: service.load_teams(s, child_id), self._show)

    def _show(self, view: service.TeamsView) -> None:
        self.view = view
        if view.current is not None:
            a = view.current.assignment
            self.current.setText(
                translate("Teams", "Barnkontakt nu: %1, %2")
                .replace("%1", self.staff.get(a.staff_id, ""))
                .replace("%2", self.units.get(a.unit_id, ""))
            )
            self.handover_button.setText(translate("Teams", "Lämna över…"))
        else:
            self.current.setText(translate("Teams", "Barnet har ingen Barnkontakt."))
            self.handover_button.setText(translate("Teams", "Utse Barnkontakt…"))
        self.handover_button.setAccessibleName(self.handover_button.text().rstrip("…"))
        P.fill_table(self.history, [
            [self.staff.get(h.assignment.staff_id, ""), self.units.get(h.assignment.unit_id, ""),
             h.assignment.valid_from.isoformat(), P.iso(h.assignment.valid_to),
             h.assignment.handover_note]
            for h in reversed(view.history)
        ])
        members = view.team.members if view.team else []
        P.fill_table(self.members, [
            [self.staff.get(m.staff_id, ""), L.team_role(m.role),
             _agency_label(m.agency), m.profession, m.joined_on.isoformat(), P.iso(m.left_on)]
            for m in members
        ], [m.staff_id if m.left_on is None else None for m in members])
        self.stodsamordnare.set_first_unit(view.child_unit_id)
        P.set_staff(self.stodsamordnare, view.team.stodsamordnare_staff_id if view.team else None)
        self._show_unit_team(view.unit_team)
        self.sam_hint.setText(translate(
            "Teams", "Stödet kommer från flera verksamheter. Utse en Stödsamordnare som håller "
            "ihop det för familjen."))
        self.sam_hint.setVisible(view.needs_stodsamordnare)

    def _show_unit_team(self, unit_team: service.UnitBarnteam | None) -> None:
        """The standing Barnteam of the Barnkontakt's unit: who a decision "Barnteam" brings
        in (once the guardians have consented to it)."""
        directory = self.ctx.directory
        self.unit_team_button.setVisible(unit_team is not None)
        if unit_team is None:
            self.unit_team_title.setText(translate("Teams", "Enhetens Barnteam"))
            self.unit_team_note.setText(translate(
                "Teams", "Barnet har ingen enhet ännu, så det finns inget Barnteam att visa."))
            return
        self.unit_team_title.setText(translate("Teams", "Barnteamet på %1").replace(
            "%1", directory.unit_name(unit_team.unit_id) or translate("Teams", "enheten")))
        self.unit_team_note.setText(unit_team_summary(directory, unit_team))
        self.unit_team_button.setText(
            translate("Teams", "Visa och ändra Barnteamet…") if unit_team.may_edit
            else translate("Teams", "Visa Barnteamet…"))
        self.unit_team_button.setAccessibleName(self.unit_team_button.text().rstrip("…"))

    def _open_unit_team(self) -> None:
        unit_team = self.view.unit_team if self.view else None
        if unit_team is None:
            return
        dialog = UnitBarnteamDialog(self.ctx, unit_team, self.staff_units, self.unit_agency,
                                    self)
        self._dialog = dialog
        dialog.open()

    def _handover(self) -> None:
        if self.view is None:
            return
        first = self.view.current is None
        dialog = HandoverDialog(
            self.ctx.directory, self.units, self.staff_units, first=first,
            first_unit=self.view.child_unit_id,
            current_staff_id=None if first or self.view.current is None
            else self.view.current.assignment.staff_id,
            parent=self,
        )
        self._dialog = dialog
        child_id = self.child_id

        def accepted() -> None:
            staff_id, unit_id, on, note = dialog.values()
            if first:
                self._run(lambda s: service.assign_barnkontakt(s, child_id, staff_id, unit_id,
                                                               on, note),
                          lambda _r: self._done(translate("Teams", "Barnkontakten är utsedd.")))
                return
            self._run(
                lambda s: service.handover_barnkontakt(s, child_id, to_staff_id=staff_id,
                                                       to_unit_id=unit_id, on=on, note=note),
                self._handed_over,
            )

        connect(dialog.accepted, accepted)
        dialog.open()

    def _handed_over(self, result: service.HandoverResult) -> None:
        text = translate("Teams", "Överlämningen är gjord. Den tidigare Barnkontakten finns kvar "
                         "i historiken.")
        if not result.consent_for_unit:
            text += " " + translate("Teams", "Samtycke för den nya enheten saknas ännu: be "
                                    "vårdnadshavarna om samtycke under Samtycken.")
        self._done(text)

    def _add_member(self) -> None:
        dialog = MemberDialog(self.ctx.directory, self.staff_units, self,
                              first_unit=self.view.child_unit_id if self.view else None)
        self._dialog = dialog
        child_id = self.child_id

        def accepted() -> None:
            member = dialog.member(self.unit_agency)
            if not member.staff_id:
                return
            self._run(lambda s: service.add_team_member(s, child_id, member),
                      lambda _r: self._done(""))

        connect(dialog.accepted, accepted)
        dialog.open()

    def _remove_member(self) -> None:
        staff_id = P.selected_key(self.members)
        if not staff_id:
            return
        child_id = self.child_id
        self._run(lambda s: service.remove_team_member(s, child_id, staff_id, date.today()),
                  lambda _r: self._done(""))

    def _save_sam(self) -> None:
        staff_id = self.stodsamordnare.currentData()
        child_id = self.child_id
        self._run(lambda s: service.set_stodsamordnare(s, child_id, staff_id),
                  lambda _r: self._done(translate("Teams", "Stödsamordnaren är sparad.")))

    def _done(self, text: str) -> None:
        W.show_error(self.error, "")
        self.message.setText(text)  # the change itself refreshes the window (`_changes_made`)


def _agency_label(agency: str) -> str:
    try:
        return labels.verksamhet(agency)
    except ValueError:
        return agency
