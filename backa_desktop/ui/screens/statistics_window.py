"""Statistik: the anonymised steering statistics from the central store, for unit leads,
coordinators and the statistics role.

The numbers are fetched from the server (the laptop's own data is only its user's children);
the request runs off the GUI thread through the task runner and the window draws what came
back: bars per status, flow, lead times, caseloads and effects, and Behovskompassen as a
radar of the needs flagged. A hidden cell (fewer than five children) is drawn as an empty bar
marked "dolt", never as zero, and every chart carries its numbers as its accessible
description, so a screen reader gets the same as the eye.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from backa_desktop.domain.errors import message_of
from backa_desktop.domain.needs import WHEEL_ORDER
from backa_desktop.domain.statistics import StatisticsReport, StatTable
from backa_desktop.services import documents
from backa_desktop.services import statistics as service
from backa_desktop.ui import plan_widgets as P
from backa_desktop.ui import widgets as W
from backa_desktop.ui.errors import error_text
from backa_desktop.ui.i18n import current_language
from backa_desktop.ui.print_preview import fill_languages, language_combo
from backa_desktop.ui.qt import (
    QColor,
    QDialog,
    QFont,
    QPainter,
    QPaintEvent,
    QPen,
    QPointF,
    QPolygonF,
    QRectF,
    QScrollArea,
    QSize,
    Qt,
    QVBoxLayout,
    QWidget,
    connect,
    translate,
)
from backa_desktop.ui.tasks import BgOp, DbOp
from backa_desktop.ui.window_context import WindowContext

BAR = QColor("#1d5c8f")
BAR_LOW = QColor("#e08a3c")
MUTED = QColor("#5b6675")
RULE = QColor("#b8c2cc")


def table_title(key: str) -> str:
    titles = {
        "status": translate("Statistics", "Barn per status vid periodens slut"),
        "flow": translate("Statistics", "Flöde: status vid periodens början → slut"),
        "lead_decision": translate("Statistics", "Dagar från upptäckt till beslut"),
        "lead_plan": translate("Statistics", "Dagar från upptäckt till Barnets plan"),
        "lead_follow_up": translate("Statistics", "Dagar från upptäckt till första uppföljning"),
        "needs_flagged": translate(
            "Statistics", "Behov som inte är uppfyllda enligt upptäckarkorten"
        ),
        "effects": translate("Statistics", "Effekter: förändring i skattning per behov"),
        "plans_follow_up": translate("Statistics", "Barnets plan: uppföljning i tid"),
        "reports": translate("Statistics", "Orosanmälningar under perioden"),
        "caseloads": translate("Statistics", "Barnkontakternas antal barn"),
    }
    return titles.get(key, key)


def category(key: str, need_labels: dict[str, str]) -> str:
    words = {
        "none": translate("Statistics", "Ingen status"),
        "upptackt": translate("Statistics", "Upptäckt"),
        "i_barnteam": translate("Statistics", "I barnteam"),
        "individuellt_barnteam": translate("Statistics", "Individuellt barnteam"),
        "behov_uppfyllt": translate("Statistics", "Behov uppfyllt"),
        "not_yet": translate("Statistics", "Ännu inte"),
        "on_time": translate("Statistics", "I tid"),
        "overdue": translate("Statistics", "Försenad"),
        "no_date": translate("Statistics", "Inget datum"),
        "upprattad": translate("Statistics", "Upprättad"),
        "skickad": translate("Statistics", "Skickad"),
        "mottagen": translate("Statistics", "Mottagen"),
        "aterkoppling": translate("Statistics", "Återkoppling"),
    }
    if ">" in key:
        before, after = key.split(">", 1)
        return f"{words.get(before, before)} → {words.get(after, after)}"
    if key in words:
        return words[key]
    if key in need_labels:
        return need_labels[key]
    return f"{key[:-1]}+" if key.endswith("-") else key.replace("-", "–")


def _count_text(count: int | None) -> str:
    return translate("Statistics", "dolt") if count is None else str(count)


def _titled_painter(widget: QWidget, title: str) -> QPainter:
    """A painter on `widget` with the chart's title drawn in bold on its first 20 pixels."""
    p = QPainter(widget)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    bold = QFont(widget.font())
    bold.setBold(True)
    p.setFont(bold)
    p.drawText(QRectF(0, 0, widget.width(), 20), Qt.AlignmentFlag.AlignLeft, title)
    p.setFont(widget.font())
    return p


class BarChart(QWidget):
    """Horizontal bars with their numbers; a hidden value is an empty bar marked "dolt"."""

    ROW = 22

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.rows: list[tuple[str, float | None, str]] = []
        self.setAccessibleName(title)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable, so its description is read

    def set_rows(self, rows: Sequence[tuple[str, float | None, str]]) -> None:
        self.rows = list(rows)
        self.setAccessibleDescription("; ".join(f"{label}: {text}" for label, _v, text in rows))
        self.setMinimumHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 30 + self.ROW * max(1, len(self.rows)))

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = _titled_painter(self, self.title)
        label_w = min(280.0, self.width() * 0.45)
        room = max(10.0, self.width() - label_w - 70)
        values = [abs(v) for _l, v, _t in self.rows if v is not None]
        top = max([*values, 1.0])
        signed = any(v is not None and v < 0 for _l, v, _t in self.rows)
        zero = label_w + 8 + (room / 2 if signed else 0)
        scale = (room / 2 if signed else room) / top
        for i, (label, value, text) in enumerate(self.rows):
            y = 26 + i * self.ROW
            p.setPen(QPen(QColor("#1f2a37")))
            p.drawText(
                QRectF(0, y, label_w, self.ROW - 4),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            if value is None:
                p.setPen(QPen(MUTED, 1, Qt.PenStyle.DashLine))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(QRectF(zero, y + 3, 36, self.ROW - 10))
                p.drawText(
                    QRectF(zero + 42, y, 80, self.ROW - 4), Qt.AlignmentFlag.AlignVCenter, text
                )
                continue
            width = value * scale
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(BAR if value >= 0 else BAR_LOW)
            p.drawRect(QRectF(min(zero, zero + width), y + 3, abs(width), self.ROW - 10))
            p.setPen(QPen(QColor("#1f2a37")))
            p.drawText(
                QRectF(zero + max(width, 0) + 4, y, 90, self.ROW - 4),
                Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        p.end()


class NeedsRadar(QWidget):
    """Behovskompassen: per need the share of children whose Upptäckarkort flagged it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.shares: dict[str, float | None] = {}
        self.labels: dict[str, str] = {}
        self.setAccessibleName(title)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setMinimumSize(QSize(420, 340))

    def set_table(self, table: StatTable, labels: dict[str, str]) -> None:
        total = table.total or 0
        self.labels = labels
        self.shares = {
            c.key: (c.count / total if c.count is not None and total else None) for c in table.cells
        }
        self.setAccessibleDescription(
            "; ".join(
                f"{labels.get(k, k)}: "
                + (translate("Statistics", "dolt") if v is None else f"{round(100 * v)} %")
                for k, v in self.shares.items()
            )
        )
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = _titled_painter(self, self.title)
        cx, cy = self.width() / 2, 20 + (self.height() - 20) / 2
        radius = max(20.0, min(self.width(), self.height() - 20) / 2 - 50)
        known = [v for v in self.shares.values() if v is not None]
        top = min(1.0, max(0.25, math.ceil(max([*known, 0.0]) * 4) / 4))
        p.setPen(QPen(RULE, 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        for ring in (0.25, 0.5, 0.75, 1.0):
            p.drawEllipse(QPointF(cx, cy), radius * ring, radius * ring)
        points = []
        for i, need in enumerate(WHEEL_ORDER):
            angle = math.pi / 2 - 2 * math.pi * i / len(WHEEL_ORDER)
            dx, dy = math.cos(angle), -math.sin(angle)
            p.setPen(QPen(RULE, 1))
            p.drawLine(QPointF(cx, cy), QPointF(cx + radius * dx, cy + radius * dy))
            share = self.shares.get(need.value)
            reach = radius * (share or 0.0) / top
            points.append(QPointF(cx + reach * dx, cy + reach * dy))
            shown = translate("Statistics", "dolt") if share is None else f"{round(100 * share)} %"
            text = f"{self.labels.get(need.value, need.value)}\n{shown}"
            box = QRectF(cx + (radius + 40) * dx - 60, cy + (radius + 24) * dy - 16, 120, 32)
            p.setPen(QPen(QColor("#1f2a37")))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        fill = QColor(BAR)
        fill.setAlpha(70)
        p.setBrush(fill)
        p.setPen(QPen(BAR, 2))
        p.drawPolygon(QPolygonF(points))
        p.setPen(QPen(MUTED))
        p.drawText(
            QRectF(cx + 4, cy - radius - 2, 80, 14),
            Qt.AlignmentFlag.AlignLeft,
            f"{round(top * 100)} %",
        )
        p.end()


class StatisticsWindow(QDialog):
    """Period, fetch, charts and the table of every number."""

    def __init__(
        self, ctx: WindowContext, need_labels: dict[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.need_labels = need_labels
        self.report: StatisticsReport | None = None
        self.setWindowTitle(translate("Statistics", "Statistik"))
        self.resize(980, 760)
        today = date.today()
        self.from_edit = P.date_edit(
            translate("Statistics", "Från och med"),
            optional=False,
            value=today - timedelta(days=365),
        )
        self.to_edit = P.date_edit(
            translate("Statistics", "Till och med"), optional=False, value=today
        )
        self.fetch_button = W.button(translate("Statistics", "Hämta statistik"), primary=True)
        self.scope = W.label(
            translate(
                "Statistics",
                "Statistiken hämtas från den centrala servern. Du ser den enhet eller det "
                "område din roll omfattar. Rutor med färre än 5 barn är dolda.",
            ),
            "muted",
        )
        self.message = W.label("", "muted")
        self.message.setAccessibleName(translate("Statistics", "Status för hämtningen"))
        self.error = W.error_label()
        self.charts = QWidget()
        self.charts.setAccessibleName(translate("Statistics", "Diagram"))
        self.chart_layout = QVBoxLayout(self.charts)
        # until the first fetch the pane says what fills it, rather than stand empty and grey
        self.chart_layout.addWidget(W.label(translate(
            "Statistics", "Välj period och tryck på Hämta statistik. Diagrammen visas här."),
            "muted"))
        self.chart_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.charts)
        scroll.setAccessibleName(translate("Statistics", "Diagram och tabeller"))
        self.numbers = P.table(
            translate("Statistics", "Alla siffror"),
            [
                translate("Statistics", "Tabell"),
                translate("Statistics", "Kategori"),
                translate("Statistics", "Antal"),
                translate("Statistics", "Värde"),
            ],
        )
        # the report's own language, chosen as in every print dialog: the catalogues that
        # print it, the user's language first
        self.language = language_combo()
        fill_languages(self.language, [c.code for c in service.print_languages()],
                       [current_language()], dict(documents.language_choices()))
        self.save_button = W.button(translate("Print", "Spara som PDF"))
        self.save_button.setEnabled(False)  # until there is a report
        close = W.button(translate("Statistics", "Stäng"))
        lay = QVBoxLayout(self)
        lay.addWidget(
            W.label(translate("Statistics", "Statistik för styrning och uppföljning"), "title")
        )
        lay.addWidget(self.scope)
        lay.addWidget(
            W.row(
                W.label(translate("Statistics", "Från och med"), buddy=self.from_edit),
                self.from_edit,
                W.label(translate("Statistics", "Till och med"), buddy=self.to_edit),
                self.to_edit,
                self.fetch_button,
                stretch_end=True,
            )
        )
        lay.addWidget(self.message)
        lay.addWidget(self.error)
        lay.addWidget(scroll, 3)
        lay.addWidget(self.numbers, 2)
        lay.addWidget(W.row(
            W.label(translate("Print", "&Språk:"), wrap=False, buddy=self.language),
            self.language, self.save_button, close, stretch_first=True))
        connect(self.fetch_button.clicked, lambda *_: self.fetch())
        connect(self.save_button.clicked, lambda *_: self._ask_save())
        connect(close.clicked, lambda *_: self.close())

    # -- fetching ------------------------------------------------------------------------------
    def fetch(self) -> None:
        start, end = P.get_date(self.from_edit), P.get_date(self.to_edit)
        if start is None or end is None or end < start:
            W.show_error(self.error, translate("Statistics", "Perioden slutar innan den börjar."))
            return
        W.show_error(self.error, "")
        self.fetch_button.setEnabled(False)
        self.message.setText(translate("Statistics", "Hämtar statistiken från servern …"))
        runner = self.ctx.runner

        def fetched(enrolled: Any) -> None:
            BgOp(runner, lambda: service.fetch(enrolled, start, end)).on_success(
                self.show_report
            ).on_failure(self._failed).run()

        DbOp(runner, service.enrollment).on_success(fetched).on_failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        self.fetch_button.setEnabled(True)
        self.message.setText("")
        # the server's refusal and a missing connection are keyed messages, shown in the
        # language in force; anything else gets the general sentence
        text = error_text(exc) if message_of(exc) is not None else translate(
            "Statistics", "Statistiken gick inte att hämta."
        )
        W.show_error(self.error, text)

    # -- saving --------------------------------------------------------------------------------
    def lang(self) -> str:
        return str(self.language.currentData() or "sv")

    def _ask_save(self) -> None:
        report = self.report
        if report is None:
            return
        path = W.ask_pdf_path(
            self, translate("Print", "Spara som PDF"),
            f"statistik-{report.period_from}-{report.period_to}.pdf")
        if path:
            self.save_to(path)

    def save_to(self, path: str) -> None:
        """The report as PDF in the chosen language, written off the GUI thread."""
        report, lang = self.report, self.lang()
        if report is None:
            return
        BgOp(self.ctx.runner,
             lambda: service.save_report_pdf(report, path, lang, date.today())).on_success(
            lambda written: self.message.setText(
                translate("Print", "Sparad: %1").replace("%1", str(written)))
        ).on_failure(lambda _exc: W.show_error(
            self.error, translate("Statistics", "Statistiken gick inte att spara."))).run()

    # -- showing -------------------------------------------------------------------------------
    def show_report(self, report: StatisticsReport) -> None:
        self.report = report
        self.fetch_button.setEnabled(True)
        self.save_button.setEnabled(True)
        where = (
            ", ".join(report.units) if report.units else translate("Statistics", "hela kommunen")
        )
        self.message.setText(
            translate("Statistics", "Period %1 – %2, %3.")
            .replace("%1", report.period_from.isoformat())
            .replace("%2", report.period_to.isoformat())
            .replace("%3", where)
        )
        while self.chart_layout.count():
            item = self.chart_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        rows: list[list[str]] = []
        for table in report.tables:
            if table.key == "needs_flagged":
                radar = NeedsRadar(table_title(table.key))
                radar.set_table(table, self.need_labels)
                self.chart_layout.addWidget(radar)
                radar.show()
            else:
                chart = BarChart(table_title(table.key))
                chart.set_rows(self._bars(table))
                self.chart_layout.addWidget(chart)
                chart.show()
            for cell in table.cells:
                rows.append(
                    [
                        table_title(table.key),
                        category(cell.key, self.need_labels),
                        _count_text(cell.count),
                        "" if cell.value is None else f"{cell.value:+.2f}".replace(".", ","),
                    ]
                )
            if table.total is not None or table.kind != "list":
                rows.append(
                    [
                        table_title(table.key),
                        translate("Statistics", "Totalt"),
                        _count_text(table.total),
                        "" if table.total_value is None else f"{table.total_value:g}",
                    ]
                )
        self.chart_layout.addStretch(1)
        P.fill_table(self.numbers, rows)

    def _bars(self, table: StatTable) -> list[tuple[str, float | None, str]]:
        if table.key == "effects":
            return [
                (
                    category(c.key, self.need_labels),
                    c.value if c.count is not None else None,
                    translate("Statistics", "dolt")
                    if c.count is None or c.value is None
                    else f"{c.value:+.2f}".replace(".", ",") + f" (n={c.count})",
                )
                for c in table.cells
            ]
        return [
            (
                category(c.key, self.need_labels),
                float(c.count) if c.count is not None else None,
                _count_text(c.count),
            )
            for c in table.cells
        ]
