"""Loggkontroll: the log review of a unit and period, for unit leads and log reviewers.

The review comes from the central store (every laptop's log, synced), so the window reads the
enrolment on the database thread and waits for the server on a background thread; the GUI
never waits. The reviewer then records that the check was done and what was found; the
central store keeps that record (and logs it).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from backa_desktop.services import log_review as service
from backa_desktop.sync.client import SyncError
from backa_desktop.sync.protocol import LogCheckEntry, LogReview, ReviewUnit
from backa_desktop.ui import plan_widgets as P
from backa_desktop.ui import widgets as W
from backa_desktop.ui.errors import error_text
from backa_desktop.ui.qt import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    connect,
    translate,
)
from backa_desktop.ui.tasks import BgOp, DbOp
from backa_desktop.ui.window_context import WindowContext


class LogReviewWindow(QDialog):
    def __init__(self, ctx: WindowContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.review: LogReview | None = None
        self.setWindowTitle(translate("LogReview", "Loggkontroll"))
        self.resize(980, 680)
        today = date.today()
        # The units this account may review, as the server knows them (its unit ids are
        # not the laptop's directory's): filled when the server answers.
        self.unit = W.named(QComboBox(), translate("LogReview", "Enhet"))
        self.unit.setEnabled(False)
        self.date_from = P.date_edit(translate("LogReview", "Från"), optional=False,
                                     value=today - timedelta(days=30))
        self.date_to = P.date_edit(translate("LogReview", "Till"), optional=False, value=today)
        self.fetch_button = W.button(translate("LogReview", "Hämta underlag"), primary=True)
        self.pdf_button = W.button(translate("LogReview", "Spara som PDF…"))
        self.pdf_button.setEnabled(False)
        self.status = W.label("", "muted")
        self.table = P.table(
            translate("LogReview", "Per användare"),
            [translate("LogReview", "Användare"), translate("LogReview", "Läsningar"),
             translate("LogReview", "Barn"), translate("LogReview", "Utan relation"),
             translate("LogReview", "Skyddad identitet"),
             translate("LogReview", "Utanför arbetstid"), translate("LogReview", "Massläsning"),
             translate("LogReview", "Utskrifter och exporter")],
        )
        # Eight counts do not fit side by side at large text: who and how many reads stay in
        # view, the other counts scroll sideways.
        self.table.setProperty("keep_in_view", [0, 1])
        self.outcome = W.named(QComboBox(), translate("LogReview", "Resultat"))
        self.outcome.addItem(translate("LogReview", "Inga avvikelser"), False)
        self.outcome.addItem(translate("LogReview", "Avvikelser"), True)
        self.findings = W.named(QPlainTextEdit(),
                                translate("LogReview", "Iakttagelser och åtgärder"))
        self.findings.setTabChangesFocus(True)
        self.findings.setMaximumHeight(110)
        self.record_button = W.button(translate("LogReview", "Dokumentera kontrollen"))
        self.record_button.setEnabled(False)

        form = QFormLayout()
        form.addRow(W.label(translate("LogReview", "Enhet"), buddy=self.unit), self.unit)
        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(W.label("–", wrap=False))
        period.addWidget(self.date_to)
        period.addStretch(1)
        form.addRow(W.label(translate("LogReview", "Period"), buddy=self.date_from), period)
        actions = QHBoxLayout()
        actions.addWidget(self.fetch_button)
        actions.addWidget(self.pdf_button)
        actions.addStretch(1)
        check = QFormLayout()
        check.addRow(W.label(translate("LogReview", "Resultat"), buddy=self.outcome),
                     self.outcome)
        check.addRow(W.label(translate("LogReview", "Iakttagelser och åtgärder"),
                             buddy=self.findings), self.findings)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addLayout(actions)
        lay.addWidget(self.status)
        lay.addWidget(self.table, 1)
        lay.addWidget(W.label(translate("LogReview", "Dokumentera kontrollen"), "subtitle"))
        lay.addLayout(check)
        lay.addWidget(self.record_button)
        connect(self.fetch_button.clicked, self.fetch)
        connect(self.pdf_button.clicked, self.save_pdf)
        connect(self.record_button.clicked, self.record)
        self.load_units()

    # -- the units to pick from --------------------------------------------------------------
    def load_units(self) -> None:
        self.status.setText(translate("LogReview", "Hämtar enheterna från servern…"))

        def fetched(link: service.CentralLink) -> None:
            BgOp(self.ctx.runner, lambda: service.fetch_units(link)).on_success(
                self._fill_units).on_failure(self._failed).run()

        DbOp(self.ctx.runner, service.link).on_success(fetched).on_failure(self._failed).run()

    def _fill_units(self, units: list[ReviewUnit]) -> None:
        self.unit.clear()
        for unit in units:
            self.unit.addItem(unit.name, unit.id)
        self.unit.setEnabled(bool(units))
        self.status.setText(
            "" if units else translate("LogReview", "Det finns ingen enhet du får granska.")
        )

    # -- fetching --------------------------------------------------------------------------
    def fetch(self) -> None:
        unit = str(self.unit.currentData() or "")
        today = date.today()
        first = self.date_from.value() or today
        last = self.date_to.value() or today
        if not unit:
            self.status.setText(translate("LogReview", "Välj en enhet."))
            return
        if last < first:
            self.status.setText(translate("LogReview", "Perioden slutar innan den börjar."))
            return
        self.fetch_button.setEnabled(False)
        self.status.setText(translate("LogReview", "Hämtar underlaget från servern…"))

        def fetched(link: service.CentralLink) -> None:
            BgOp(self.ctx.runner,
                 lambda: service.fetch_review(link, unit, first, last)).on_success(
                self._show).on_failure(self._failed).run()

        DbOp(self.ctx.runner, service.link).on_success(fetched).on_failure(self._failed).run()

    def _show(self, review: LogReview) -> None:
        self.review = review
        self.fetch_button.setEnabled(True)
        self.pdf_button.setEnabled(True)
        self.record_button.setEnabled(True)
        rows = service.summary_rows(review)
        P.fill_table(self.table, [
            [str(r["user"]), *(str(r[k]) for k in (
                "reads", "children", "without_relation", "protected", "outside_hours", "bulk",
                "prints"))]
            for r in rows
        ])
        self.status.setText(
            translate("LogReview", "%1, %2 – %3: %4 användare.")
            .replace("%1", review.unit_name).replace("%2", review.date_from)
            .replace("%3", review.date_to).replace("%4", str(len(rows)))
        )

    def _failed(self, exc: BaseException) -> None:
        self.fetch_button.setEnabled(True)
        if isinstance(exc, SyncError):
            self.status.setText(error_text(exc))
        else:
            self.status.setText(translate("LogReview", "Det gick inte: %1").replace(
                "%1", type(exc).__name__))

    # -- the PDF and the record of the check ----------------------------------------------------
    def save_pdf(self) -> None:
        review = self.review
        if review is None:
            return
        path = W.ask_pdf_path(
            self, translate("LogReview", "Spara loggkontrollen"),
            f"loggkontroll-{review.date_from}-{review.date_to}.pdf")
        if path:
            self.write_pdf(path)

    def write_pdf(self, path: str) -> None:
        review = self.review
        if review is None:
            return
        BgOp(self.ctx.runner, lambda: service.save_review_pdf(review, path)).on_success(
            lambda written: self.status.setText(
                translate("LogReview", "Sparade %1.").replace("%1", str(written)))
        ).on_failure(self._failed).run()

    def record(self) -> None:
        review = self.review
        if review is None:
            return
        found = bool(self.outcome.currentData())
        text = self.findings.toPlainText()
        if found and not text.strip():
            self.status.setText(translate("LogReview", "Beskriv avvikelserna och vad som görs."))
            return
        self.record_button.setEnabled(False)

        def fetched(link: service.CentralLink) -> None:
            BgOp(self.ctx.runner,
                 lambda: service.record_check(link, review, found=found, findings=text)
                 ).on_success(self._recorded).on_failure(self._record_failed).run()

        DbOp(self.ctx.runner, service.link).on_success(fetched).on_failure(
            self._record_failed).run()

    def _recorded(self, entry: LogCheckEntry) -> None:
        self.record_button.setEnabled(True)
        self.findings.clear()
        self.status.setText(translate("LogReview", "Kontrollen är dokumenterad (%1).").replace(
            "%1", entry.at))

    def _record_failed(self, exc: BaseException) -> None:
        self.record_button.setEnabled(True)
        self._failed(exc)


def open_log_review(ctx: WindowContext, parent: QWidget | None = None) -> Any:
    window = LogReviewWindow(ctx, parent)
    window.show()
    return window
