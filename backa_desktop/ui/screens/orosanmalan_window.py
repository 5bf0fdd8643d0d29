"""Orosanmälan: the child's reports of concern that I may see, and a new one, at any time.

No consent is asked for and nothing here is ever shown to guardians. Ticking a sign of
concern that the compass marks as reportable (crime, honour-related violence …) shows the
reminder of the duty to report — a reminder, never a block. While a report is only upprättad
its text can change; after that only its status moves forward (skickad → mottagen →
återkoppling), each step dated.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from backa_desktop.domain.orosanmalan import Observation, OrosanmalanStatus
from backa_desktop.services import orosanmalan as service
from backa_desktop.services import workflow
from backa_desktop.services.changes import Changes
from backa_desktop.services.documents import DocumentKind
from backa_desktop.services.vault import Session
from backa_desktop.ui import plan_labels as L
from backa_desktop.ui import plan_widgets as P
from backa_desktop.ui import widgets as W
from backa_desktop.ui.child_window import ChildWindow
from backa_desktop.ui.print_preview import DocChoice, open_preview
from backa_desktop.ui.qt import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    Qt,
    QVBoxLayout,
    QWidget,
    connect,
    translate,
)
from backa_desktop.ui.window_context import WindowContext

_NEXT = {
    OrosanmalanStatus.UPPRATTAD: OrosanmalanStatus.SKICKAD,
    OrosanmalanStatus.SKICKAD: OrosanmalanStatus.MOTTAGEN,
    OrosanmalanStatus.MOTTAGEN: OrosanmalanStatus.ATERKOPPLING,
}


class OrosanmalanWindow(ChildWindow):
    def __init__(self, ctx: WindowContext, child_id: str, child_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, child_id, child_name, parent)
        self.rows: list[service.ReportRow] = []
        self.current: service.ReportRow | None = None
        self._select_next: str | None = None  # the report to select after its save shows
        self.observations: list[Observation] = []
        self.setWindowTitle(translate("Concern", "Orosanmälan – %1").replace("%1", child_name))
        self.resize(1040, 780)
        compass = ctx.registry.compass()
        self.indicators = [
            (i.id, i.text, bool(i.prompts_orosanmalan))
            for n in compass.needs for i in n.concern_indicators
        ]

        banner = W.label(translate(
            "Concern", "Misstanke räcker. En orosanmälan kräver inget samtycke och visas aldrig "
            "för vårdnadshavarna. Är barnet i akut fara: ring 112."), "banner")
        self.list = W.named(QListWidget(), translate("Concern", "Orosanmälningar"))
        self.new_button = W.button(translate("Concern", "Ny orosanmälan"), danger=True)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(W.label(translate("Concern", "Dina orosanmälningar"), "subtitle"))
        # an empty list says so, and where a new report starts, rather than stand blank
        self.none_yet = W.label(translate(
            "Concern", "Inga ännu. En ny orosanmälan skrivs till höger."), "muted")
        ll.addWidget(self.none_yet)
        ll.addWidget(self.list, 1)
        ll.addWidget(self.new_button)

        self.heading = W.label("", "subtitle")
        self.concern = W.named(QPlainTextEdit(), translate("Concern", "Din oro med egna ord"))
        self.concern.setTabChangesFocus(True)
        self.concern.setFixedHeight(120)
        self.concern.setPlaceholderText(translate(
            "Concern", "Beskriv vad du har sett och hört, med dina egna ord."))
        self.indicator_boxes: list[tuple[str, bool, QCheckBox]] = []
        ind_box = QGroupBox(translate("Concern", "Tecken på oro från Behovskompassen"))
        il = QVBoxLayout(ind_box)
        for iid, text, prompts in self.indicators:
            cb, cb_row = W.check_row(text)  # wraps at 200 % text instead of being cut
            self.indicator_boxes.append((iid, prompts, cb))
            il.addWidget(cb_row)
            connect(cb.toggled, self._indicators_changed)
        self.duty = W.label(translate(
            "Concern", "Det du har kryssat i ska anmälas till socialnämnden. Du har "
            "anmälningsskyldighet: gör anmälan i dag, även om du inte är säker."), "error")
        self.duty.setVisible(False)
        self.acute, acute_row = W.check_row(translate("Concern", "Barnet kan vara i akut fara"))
        self.obs_list = W.named(QListWidget(), translate("Concern", "Iakttagelser"))
        self.obs_list.setMaximumHeight(120)
        self.obs_date = P.date_edit(translate("Concern", "Datum för iakttagelsen"),
                                    optional=False, value=date.today())
        self.obs_text = W.named(QLineEdit(), translate("Concern", "Vad du såg eller hörde"))
        self.obs_add = W.button(translate("Concern", "Lägg till iakttagelse"))
        self.obs_remove = W.button(translate("Concern", "Ta bort iakttagelse"))
        obs_row = QHBoxLayout()
        obs_row.addWidget(self.obs_date)
        obs_row.addWidget(self.obs_text, 1)
        obs_row.addWidget(self.obs_add)
        self.save_button = W.button(translate("Concern", "Spara"), primary=True)
        self.status = W.label("", "subtitle")
        self.status.setAccessibleName(translate("Concern", "Status"))
        self.advance_date = P.date_edit(translate("Concern", "Datum för statusen"),
                                        optional=False, value=date.today())
        self.feedback = W.named(
            QLineEdit(), translate("Concern", "Återkoppling från socialtjänsten")
        )
        self.advance_to = W.named(QComboBox(), translate("Concern", "Ny status"))
        self.advance_button = W.button(translate("Concern", "Ändra status"))
        self.print_button = W.button(translate("Concern", "Skriv ut…"))
        self.error = W.error_label()
        self.message = W.label("", "muted")

        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.addWidget(self.heading)
        dl.addWidget(W.label(translate("Concern", "&Din oro:"), buddy=self.concern))
        dl.addWidget(self.concern)
        dl.addWidget(self.duty)  # above the long list, so it is seen the moment it appears
        dl.addWidget(acute_row)
        dl.addWidget(ind_box)
        dl.addWidget(W.label(translate("Concern", "&Iakttagelser med datum:"),
                             buddy=self.obs_list))
        dl.addWidget(self.obs_list)
        dl.addLayout(obs_row)
        dl.addWidget(W.row(self.obs_remove, self.save_button, stretch_end=True))
        status_box = QGroupBox(translate("Concern", "Status"))
        sl = QVBoxLayout(status_box)
        sl.addWidget(self.status)
        sl.addWidget(W.row(self.advance_to, self.advance_date, self.advance_button,
                           stretch_end=True))
        sl.addWidget(self.feedback)
        dl.addWidget(status_box)
        dl.addWidget(self.message)
        dl.addWidget(self.error)
        dl.addStretch(1)
        scroll = W.named(QScrollArea(), translate("Concern", "Orosanmälan"))
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(detail)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(scroll)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        close = W.button(translate("Concern", "Stäng"))
        lay = QVBoxLayout(self)
        lay.addWidget(banner)
        lay.addWidget(split, 1)
        lay.addWidget(W.row(self.print_button, close, stretch_first=True))

        connect(self.list.currentRowChanged, self._select)
        connect(self.new_button.clicked, self.start_new)
        connect(self.obs_add.clicked, self._add_observation)
        connect(self.obs_remove.clicked, self._remove_observation)
        connect(self.save_button.clicked, self.save)
        connect(self.advance_button.clicked, self._advance)
        connect(self.print_button.clicked, self._print)
        connect(close.clicked, self.accept)
        self.reload()

    # -- data -------------------------------------------------------------------------------
    def shows(self, changes: Changes) -> bool:
        return changes.orosanmalan

    def child_changed(self, changes: Changes) -> None:
        """A report of this child changed: show it, keeping the one in view selected."""
        keep = self._select_next or (self.current.record_id if self.current else None)
        self._select_next = None
        self.reload(keep)

    def reload(self, select: str | None = None) -> None:
        child_id = self.child_id
        self._run(lambda s: service.visible_reports(s, child_id),
                  lambda rows: self._show(rows, select))

    def _show(self, rows: list[service.ReportRow], select: str | None) -> None:
        self.rows = rows
        self.list.blockSignals(True)
        self.list.clear()
        for row in rows:
            r = row.report
            text = f"{r.created_on.isoformat()} – {L.oros_status(r.status)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.record_id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.none_yet.setVisible(not rows)
        index = next((i for i, r in enumerate(rows) if r.record_id == select), 0)
        if rows:
            self.list.setCurrentRow(index)
            self._select(index)
        else:
            self.start_new()

    def _select(self, index: int) -> None:
        if index < 0 or index >= len(self.rows):
            return
        self.current = self.rows[index]
        r = self.current.report
        directory = self.ctx.directory
        self.heading.setText(
            translate("Concern", "Orosanmälan upprättad %1 av %2, %3")
            .replace("%1", r.created_on.isoformat())
            .replace("%2", directory.staff_name(r.reporter_staff_id) or "–")
            .replace("%3", directory.unit_name(r.reporter_unit_id) or "–")
        )
        self.concern.setPlainText(r.concern)
        chosen = set(r.concern_indicator_ids)
        for iid, _p, cb in self.indicator_boxes:
            cb.setChecked(iid in chosen)
        self.acute.setChecked(r.acute_danger)
        self.observations = list(r.observations)
        self._show_observations()
        self._set_editable(r.status is OrosanmalanStatus.UPPRATTAD)
        dates = [(translate("Concern", "skickad"), r.sent_on),
                 (translate("Concern", "mottagen"), r.received_on),
                 (translate("Concern", "återkoppling"), r.feedback_on)]
        done = ", ".join(f"{label} {d.isoformat()}" for label, d in dates if d)
        status = translate("Concern", "Status: %1").replace("%1", L.oros_status(r.status))
        self.status.setText(status + (f" ({done})" if done else ""))
        self.advance_to.clear()
        step = r.status
        while step in _NEXT:
            step = _NEXT[step]
            self.advance_to.addItem(L.oros_status(step), step.value)
        can_advance = self.advance_to.count() > 0
        for w in (self.advance_to, self.advance_date, self.advance_button, self.feedback):
            w.setEnabled(can_advance)
        self.feedback.setText(r.feedback)
        self.print_button.setEnabled(True)

    def start_new(self) -> None:
        self.current = None
        self.list.clearSelection()
        self.heading.setText(translate("Concern", "Ny orosanmälan"))
        self.concern.setPlainText("")
        for _iid, _p, cb in self.indicator_boxes:
            cb.setChecked(False)
        self.acute.setChecked(False)
        self.observations = []
        self._show_observations()
        self._set_editable(True)
        self.status.setText(translate("Concern", "Inte sparad ännu."))
        self.advance_to.clear()
        for w in (self.advance_to, self.advance_date, self.advance_button, self.feedback):
            w.setEnabled(False)
        self.print_button.setEnabled(False)
        self.concern.setFocus()

    def _set_editable(self, editable: bool) -> None:
        self.concern.setReadOnly(not editable)
        for _iid, _p, cb in self.indicator_boxes:
            cb.setEnabled(editable)
        for w in (self.acute, self.obs_add, self.obs_remove, self.obs_text, self.obs_date,
                  self.save_button):
            w.setEnabled(editable)

    def _show_observations(self) -> None:
        self.obs_list.clear()
        for o in self.observations:
            self.obs_list.addItem(f"{o.observed_on.isoformat()}: {o.text}")

    def _indicators_changed(self, *_a: Any) -> None:
        self.duty.setVisible(any(p and cb.isChecked() for _i, p, cb in self.indicator_boxes))

    def _add_observation(self) -> None:
        text = self.obs_text.text().strip()
        if not text:
            W.show_error(self.error, translate("Concern", "Skriv vad du såg eller hörde."))
            return
        W.show_error(self.error, "")
        self.observations.append(
            Observation(observed_on=P.get_date(self.obs_date) or date.today(), text=text))
        self.observations.sort(key=lambda o: o.observed_on)
        self.obs_text.clear()
        self._show_observations()

    def _remove_observation(self) -> None:
        row = self.obs_list.currentRow()
        if 0 <= row < len(self.observations):
            del self.observations[row]
            self._show_observations()

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> None:
        concern = self.concern.toPlainText().strip()
        if not concern:
            W.show_error(self.error, translate("Concern", "Beskriv din oro."))
            self.concern.setFocus()
            return
        ids = [iid for iid, _p, cb in self.indicator_boxes if cb.isChecked()]
        acute, observations, child_id = self.acute.isChecked(), list(self.observations), \
            self.child_id
        current = self.current

        def job(s: Session) -> str:
            if current is None:
                record = workflow.create_orosanmalan(s, child_id, concern,
                                                     concern_indicator_ids=ids,
                                                     acute_danger=acute)
                record_id = record.id
            else:
                record_id = current.record_id
            service.edit_report(s, record_id, concern=concern, concern_indicator_ids=ids,
                                acute_danger=acute, observations=observations)
            return record_id

        self._run(job, lambda rid: self._done(
            rid, translate("Concern", "Orosanmälan är sparad. Skicka den till socialnämnden "
                           "enligt er rutin och markera den som skickad.")))

    def _advance(self) -> None:
        if self.current is None or self.advance_to.currentData() is None:
            return
        to = OrosanmalanStatus(self.advance_to.currentData())
        on, feedback, record_id = (P.get_date(self.advance_date) or date.today(),
                                   self.feedback.text().strip(), self.current.record_id)
        self._run(lambda s: service.advance_report(s, record_id, to, on, feedback),
                  lambda _r: self._done(record_id, translate("Concern", "Statusen är ändrad.")))

    def _done(self, record_id: str, text: str) -> None:
        W.show_error(self.error, "")
        self.message.setText(text)
        self._select_next = record_id  # selected when the change refreshes the window

    def _print(self) -> None:
        if self.current is None:
            return
        choice = DocChoice(DocumentKind.OROSANMALAN, translate("Print", "Orosanmälan"),
                           record_id=self.current.record_id)
        self.preview = open_preview(self.ctx, self.child_id, self.child_name, [choice], 0, self)

