"""The plan's own fields, as the plan window's first tab: every field with a hint in plain
Swedish of what to write, and the conversions between the widgets and the plan (`fill`, a
JSON-safe `state()` that a draft keeps, `apply_state`, `to_plan`). The window around it
loads, saves and keeps drafts; this part only holds what the user types."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from backa_desktop.domain.needs import CARD_ORDER, Need
from backa_desktop.domain.plan import BarnetsPlan, Participant
from backa_desktop.services.overview import Directory
from backa_desktop.ui import plan_widgets as P
from backa_desktop.ui import widgets as W
from backa_desktop.ui.qt import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    Qt,
    QWidget,
    Signal,
    connect,
    translate,
)


class PlanForm(QScrollArea):
    """The fields of Barnets plan; `edited` fires on every change the user makes."""

    edited = Signal()

    def __init__(
        self,
        staff: dict[str, str],
        units: dict[str, str],
        staff_units: dict[str, str],
        need_labels: dict[str, str],
        parent: QWidget | None = None,
        *,
        directory: Directory | None = None,
        place: Callable[[PlanForm], object] | None = None,
    ) -> None:
        """`place` puts the form where it goes (its tab) before its fields are made, so each
        field gets the application style sheet once, where it stays (see `PlanWindow`)."""
        super().__init__(parent)
        self.staff = staff
        self.staff_units = staff_units
        W.named(self, translate("Plan", "Planen"))
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = QWidget()
        self.setWidget(page)
        if place is not None:
            place(self)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.reason = P.multiline(
            translate("Plan", "Varför finns planen"),
            translate("Plan", "Vad har ni sett, och vad vill ni att planen ska hjälpa till med?"),
        )
        self.need_boxes: dict[str, QCheckBox] = {}
        needs_box = QGroupBox(translate("Plan", "Behov som planen gäller"))
        needs_box.setAccessibleName(translate("Plan", "Behov som planen gäller"))
        grid = QGridLayout(needs_box)
        for i, need in enumerate(CARD_ORDER):
            label = need_labels.get(need.value, need.value)
            cb = W.named(QCheckBox(label), label)
            self.need_boxes[need.value] = cb
            grid.addWidget(cb, i // 4, i % 4)
        self.needs_hint = W.label("", "muted")
        grid.addWidget(self.needs_hint, 2, 0, 1, 4)
        self.goals = P.multiline(translate("Plan", "Barnets mål med egna ord"),
                                 translate("Plan", "Ett mål per rad, med barnets egna ord. "
                                           "Till exempel: Jag vill ha en kompis att leka med."), 90)
        self.child_view = P.multiline(translate("Plan", "Barnets syn"),
                                      translate("Plan", "Vad säger barnet själv?"))
        self.guardians_view = P.multiline(translate("Plan", "Vårdnadshavarnas syn"),
                                          translate("Plan", "Vad säger föräldrarna?"))
        self.expected = P.multiline(translate("Plan", "Förväntat resultat"),
                                    translate("Plan", "Hur märker vi att det har blivit bättre?"))
        self.contingency = P.multiline(translate("Plan", "Om det inte går som planerat"),
                                       translate("Plan", "Vad gör vi då, och vem hör av sig?"))
        self.participants = P.multiline(translate("Plan", "Deltagare"),
                                        translate("Plan", "En per rad: namn – roll. "
                                                  "Till exempel: Åsa Testsson – mamma"))
        self.huvudman = W.named(QLineEdit(), translate("Plan", "Huvudman med övergripande ansvar"))
        self.huvudman.setPlaceholderText(translate("Plan", "Till exempel: Kommunen, förskolan"))
        self.responsible_unit = P.unit_combo(translate("Plan", "Ansvarig enhet"), units)
        self.next_on = P.date_edit(translate("Plan", "Nästa uppföljning"))
        self.next_place = W.named(QLineEdit(), translate("Plan", "Plats för nästa uppföljning"))
        pick_from = directory if directory is not None else staff
        self.barnkontakt = P.staff_combo(translate("Plan", "Barnkontakt"), pick_from,
                                         allow_none=True)
        self.stodsamordnare = P.staff_combo(translate("Plan", "Stödsamordnare"), pick_from,
                                            allow_none=True)

        def add(text: str, widget: QWidget) -> None:
            form.addRow(W.label(text, wrap=False, buddy=widget), widget)

        add(translate("Plan", "&Varför finns planen?"), self.reason)
        form.addRow(needs_box)
        add(translate("Plan", "Barnets &mål:"), self.goals)
        add(translate("Plan", "Barnets s&yn:"), self.child_view)
        add(translate("Plan", "Vårdnads&havarnas syn:"), self.guardians_view)
        add(translate("Plan", "&Förväntat resultat:"), self.expected)
        add(translate("Plan", "Om det &inte går som planerat:"), self.contingency)
        add(translate("Plan", "&Deltagare:"), self.participants)
        add(translate("Plan", "&Huvudman med ansvar:"), self.huvudman)
        add(translate("Plan", "Ansvarig &enhet:"), self.responsible_unit)
        next_row = QWidget()
        nl = QHBoxLayout(next_row)
        nl.setContentsMargins(0, 0, 0, 0)
        nl.addWidget(self.next_on)
        nl.addWidget(W.label(translate("Plan", "P&lats:"), wrap=False, buddy=self.next_place))
        nl.addWidget(self.next_place, 1)
        add(translate("Plan", "&Nästa uppföljning:"), next_row)
        add(translate("Plan", "&Barnkontakt:"), self.barnkontakt)
        add(translate("Plan", "&Stödsamordnare:"), self.stodsamordnare)
        self._connect()

    def _connect(self) -> None:
        emit = self.edited.emit
        for edit in (self.reason, self.goals, self.child_view, self.guardians_view,
                     self.expected, self.contingency, self.participants):
            connect(edit.textChanged, lambda *_: emit())
        for line in (self.huvudman, self.next_place):
            connect(line.textChanged, lambda *_: emit())
        for combo in (self.responsible_unit, self.barnkontakt, self.stodsamordnare):
            connect(combo.currentIndexChanged, lambda *_: emit())
        connect(self.next_on.dateChanged, lambda *_: emit())
        for cb in self.need_boxes.values():
            connect(cb.toggled, lambda *_: emit())

    def fill(self, plan: BarnetsPlan) -> None:
        self.reason.setPlainText(plan.reason)
        for need, cb in self.need_boxes.items():
            cb.setChecked(Need(need) in plan.need_ids)
        self.goals.setPlainText("\n".join(plan.goals))
        self.child_view.setPlainText(plan.child_view)
        self.guardians_view.setPlainText(plan.guardians_view)
        self.expected.setPlainText(plan.expected_outcome)
        self.contingency.setPlainText(plan.contingency)
        self.participants.setPlainText("\n".join(
            f"{p.name or self.staff.get(p.staff_id or '', '')}" + (f" – {p.role}" if p.role else "")
            for p in plan.participants
        ))
        self.huvudman.setText(plan.responsible_huvudman)
        P.set_combo_data(self.responsible_unit, plan.responsible_unit_id)
        P.set_date(self.next_on, plan.next_follow_up_on)
        self.next_place.setText(plan.next_follow_up_place)
        P.set_staff(self.barnkontakt, plan.barnkontakt_staff_id)
        P.set_staff(self.stodsamordnare, plan.stodsamordnare_staff_id)

    def state(self) -> dict[str, Any]:
        """The typed values, JSON-safe: what a draft keeps."""
        return {
            "reason": self.reason.toPlainText(),
            "need_ids": [n for n, cb in self.need_boxes.items() if cb.isChecked()],
            "goals": self.goals.toPlainText(),
            "child_view": self.child_view.toPlainText(),
            "guardians_view": self.guardians_view.toPlainText(),
            "expected_outcome": self.expected.toPlainText(),
            "contingency": self.contingency.toPlainText(),
            "participants": self.participants.toPlainText(),
            "responsible_huvudman": self.huvudman.text(),
            "responsible_unit_id": self.responsible_unit.currentData(),
            "next_follow_up_on": P.iso(P.get_date(self.next_on)),
            "next_follow_up_place": self.next_place.text(),
            "barnkontakt_staff_id": self.barnkontakt.currentData(),
            "stodsamordnare_staff_id": self.stodsamordnare.currentData(),
        }

    def apply_state(self, state: dict[str, Any]) -> None:
        self.reason.setPlainText(str(state.get("reason", "")))
        chosen = set(state.get("need_ids") or [])
        for need, cb in self.need_boxes.items():
            cb.setChecked(need in chosen)
        self.goals.setPlainText(str(state.get("goals", "")))
        self.child_view.setPlainText(str(state.get("child_view", "")))
        self.guardians_view.setPlainText(str(state.get("guardians_view", "")))
        self.expected.setPlainText(str(state.get("expected_outcome", "")))
        self.contingency.setPlainText(str(state.get("contingency", "")))
        self.participants.setPlainText(str(state.get("participants", "")))
        self.huvudman.setText(str(state.get("responsible_huvudman", "")))
        P.set_combo_data(self.responsible_unit, state.get("responsible_unit_id"))
        raw = state.get("next_follow_up_on")
        P.set_date(self.next_on, date.fromisoformat(raw) if raw else None)
        self.next_place.setText(str(state.get("next_follow_up_place", "")))
        P.set_staff(self.barnkontakt, state.get("barnkontakt_staff_id"))
        P.set_staff(self.stodsamordnare, state.get("stodsamordnare_staff_id"))

    def to_plan(self, base: BarnetsPlan) -> BarnetsPlan:
        """`base` (the plan as loaded) with what is typed here."""
        s = self.state()
        participants = []
        by_name = {name: sid for sid, name in self.staff.items()}
        for line in s["participants"].splitlines():
            name, _, role = line.partition("–")
            if name.strip():  # a staff member's name keeps their id (and so their unit)
                sid = by_name.get(name.strip())
                participants.append(Participant(
                    name=name.strip(), role=role.strip(), staff_id=sid,
                    unit_id=self.staff_units.get(sid or "") or None,
                ))
        return base.model_copy(
            update={
                "reason": s["reason"].strip(),
                "need_ids": [Need(n) for n in s["need_ids"]],
                "goals": [g.strip() for g in s["goals"].splitlines() if g.strip()],
                "child_view": s["child_view"].strip(),
                "guardians_view": s["guardians_view"].strip(),
                "expected_outcome": s["expected_outcome"].strip(),
                "contingency": s["contingency"].strip(),
                "participants": participants,
                "responsible_huvudman": s["responsible_huvudman"].strip(),
                "responsible_unit_id": s["responsible_unit_id"],
                "next_follow_up_on": P.get_date(self.next_on),
                "next_follow_up_place": s["next_follow_up_place"].strip(),
                "barnkontakt_staff_id": s["barnkontakt_staff_id"],
                "stodsamordnare_staff_id": s["stodsamordnare_staff_id"],
            }
        )
