"""The child's overview: header, the Behovskompass picture, the next step and the timeline.

The screen paints a `services.overview.ChildOverview` and a timeline list; every button
emits a signal the workspace turns into an op or a navigation."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from backa_desktop.domain.form_ids import FormUse
from backa_desktop.domain.identity import IdentityKind
from backa_desktop.domain.needs import WHEEL_ORDER
from backa_desktop.ui import labels, protected, theme
from backa_desktop.ui import widgets as W
from backa_desktop.ui.compass import CompassWidget, RadarSeries
from backa_desktop.ui.flow_layout import FlowLayout
from backa_desktop.ui.qt import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QModelIndex,
    QPainter,
    QPaintEvent,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    Qt,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    Signal,
    connect,
    translate,
)
from backa_desktop.ui.screens.who_can_see import WhoCanSeePanel
from backa_desktop.ui.timeline_model import RatingsOverTimeModel, TimelineModel


class _Body(QWidget):
    """The overview's scrolled content. It paints the background a scroll area's content
    gets (the palette's window colour) itself instead of being an auto-filled, opaque widget,
    which Qt paints in a pass of its own and then once more with the rest of the window."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        painter.end()


class ChildOverviewScreen(QWidget):
    reveal_requested = Signal(str)
    open_record = Signal(str)
    start_form = Signal(str, str)  # form kind, child id
    orosanmalan_requested = Signal(str)
    edit_child = Signal(str)
    replace_identity = Signal(str)  # child id: "Nytt identitetsnummer…"
    merge_requested = Signal(str)  # child id: "Slå ihop med annat barn…"
    open_window = Signal(str, str)  # kind, child id
    decide_requested = Signal(str)
    back = Signal()

    FORM_BUTTONS = (
        (FormUse.UPPTACKARKORT, "Upptäckarkort"),
        (FormUse.FEM_FRAGOR, "Fem frågor"),
        (FormUse.SAMTAL, "Samtal"),
        (FormUse.SKATTNING, "Skattning"),
        (FormUse.FORDJUPAD, "Fördjupad behovskompass"),  # for an Individuellt barnteam
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.child_id = ""
        self._overview: Any = None

        # header
        self.back_button = W.button(translate("Overview", "← Barnlistan"))
        self.name = W.label("", "title", wrap=False)
        self.identity = W.label("", wrap=False)
        self.reveal = W.button(translate("Overview", "Visa"))
        self.reveal.setAccessibleName(translate("Overview", "Visa hela personnumret"))
        self.test_badge = W.label(translate("Overview", "TEST"), "badge", wrap=False)
        self.test_badge.setToolTip(
            translate("Overview", "Ett testpersonnummer, inte en verklig person")
        )
        self.protected_badge = W.label(protected.marker(), "badge", wrap=False)
        self.protected_badge.setAccessibleName(
            translate("Overview", "Barnet har skyddad identitet")
        )
        self.protected_badge.setToolTip(protected.marker_help())
        self.protected_badge.setVisible(False)
        self.facts = W.label("", "muted")
        self.identity_caption = W.label(translate("Overview", "Personnummer:"), wrap=False)
        self.earlier = W.label("", "muted")
        self.earlier.setAccessibleName(translate("Overview", "Tidigare identitetsnummer"))
        self.earlier.setVisible(False)
        self.replace_button = W.button(translate("Overview", "Nytt identitetsnummer…"))
        self.replace_button.setToolTip(
            translate(
                "Overview",
                "Barnet har fått personnummer: det nuvarande numret sparas i barnets "
                "identitetshistorik.",
            )
        )
        self.replace_button.setVisible(False)
        self.status_chip = W.label("", wrap=False)
        self.status_chip.setAccessibleName(translate("Overview", "Status"))
        self.edit_button = W.button(translate("Overview", "Redigera"))
        self.merge_button = W.button(translate("Overview", "Slå ihop med annat barn…"))
        self.merge_button.setToolTip(
            translate(
                "Overview",
                "Två registreringar av samma barn slås ihop till detta barn. Kan ångras inom "
                "ett dygn.",
            )
        )
        header = QFrame()
        header.setObjectName("card")
        header.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        hl = QGridLayout(header)
        hl.addWidget(self.name, 0, 0, 1, 3)
        hl.addWidget(self.status_chip, 0, 3, Qt.AlignmentFlag.AlignRight)
        id_row = QHBoxLayout()
        id_row.addWidget(self.identity_caption)
        id_row.addWidget(self.identity)
        id_row.addWidget(self.reveal)
        id_row.addWidget(self.test_badge)
        id_row.addWidget(self.protected_badge)
        id_row.addStretch(1)
        id_row.addWidget(self.replace_button)
        id_row.addWidget(self.edit_button)
        hl.addLayout(id_row, 1, 0, 1, 4)
        hl.addWidget(self.earlier, 2, 0, 1, 4)
        hl.addWidget(self.facts, 3, 0, 1, 3)
        # Beside the facts, under "Redigera": the action rows below are full at 200 % text.
        hl.addWidget(self.merge_button, 3, 3, Qt.AlignmentFlag.AlignRight)

        # actions
        actions = FlowLayout()
        self.form_buttons: dict[str, QPushButton] = {}
        names = {
            FormUse.UPPTACKARKORT: translate("Overview", "Upptäckarkort"),
            FormUse.FEM_FRAGOR: translate("Overview", "Fem frågor"),
            FormUse.SAMTAL: translate("Overview", "Samtal"),
            FormUse.SKATTNING: translate("Overview", "Skattning"),
            FormUse.FORDJUPAD: translate("Overview", "Fördjupad behovskompass"),
        }
        for use, _ in self.FORM_BUTTONS:
            btn = W.button(names[use])
            self.form_buttons[use] = btn
            actions.addWidget(btn)
            connect(btn.clicked, lambda _c=False, k=use: self.start_form.emit(k, self.child_id))
        self.oros_button = W.button(translate("Overview", "Orosanmälan"), danger=True)
        self.oros_button.setToolTip(
            translate(
                "Overview",
                "Anmälan till socialnämnden. Kräver inget samtycke och visas "
                "aldrig för vårdnadshavarna.",
            )
        )
        actions.add_right(self.oros_button)

        # the child's other windows (plan, consent, team, reports, printing)
        more = FlowLayout()
        self.window_buttons: dict[str, QPushButton] = {}
        for kind, text in (
            ("plan", translate("Overview", "Barnets plan")),
            ("consent", translate("Overview", "Samtycken")),
            ("teams", translate("Overview", "Barnkontakt och team")),
            ("orosanmalan", translate("Overview", "Orosanmälningar")),
            ("print", translate("Overview", "Skriv ut …")),
        ):
            btn = W.button(text)
            self.window_buttons[kind] = btn
            more.addWidget(btn)
            connect(btn.clicked, lambda _c=False, k=kind: self.open_window.emit(k, self.child_id))
        self.decide_button = W.button(translate("Overview", "Besluta …"))
        self.decide_button.setToolTip(
            translate(
                "Overview", "Barnkontaktens beslut: avsluta, barnteam eller individuellt barnteam"
            )
        )
        more.add_right(self.decide_button)
        connect(self.decide_button.clicked, lambda: self.decide_requested.emit(self.child_id))

        # compass
        self.compass = CompassWidget()
        self.occasion = W.named(QComboBox(), translate("Overview", "Skattningstillfälle"))
        self.compass_note = W.label("", "muted")
        comp_box = QFrame()
        comp_box.setObjectName("card")
        cl = QVBoxLayout(comp_box)
        cl.addWidget(W.label(translate("Overview", "Behovskompassen"), "subtitle"))
        occ_row = QHBoxLayout()
        occ_label = W.label(translate("Overview", "&Tillfälle:"), wrap=False, buddy=self.occasion)
        occ_row.addWidget(occ_label)
        occ_row.addWidget(self.occasion, 1)
        cl.addLayout(occ_row)
        self.over_time_model = RatingsOverTimeModel(self)
        self.over_time = W.named(
            QTableView(), translate("Overview", "Skattningar över tid, medelvärde per behov")
        )
        self.over_time.setModel(self.over_time_model)
        self.over_time.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.over_time.setTabKeyNavigation(False)
        self.over_time.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.compass_tabs = QTabWidget()
        self.compass_tabs.setAccessibleName(translate("Overview", "Behovskompassen"))
        picture = QWidget()
        pl = QVBoxLayout(picture)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.compass, 1)
        pl.addWidget(self.compass_note)
        self.compass_tabs.addTab(picture, translate("Overview", "Bild"))
        self.compass_tabs.addTab(self.over_time, translate("Overview", "Över tid"))
        cl.addWidget(self.compass_tabs, 1)
        # the Individuellt barnteam's Fördjupad behovskompass, beside the compass it deepens
        self.deeper_note = W.label("", "muted")
        self.deeper_note.setAccessibleName(translate("Overview", "Fördjupad behovskompass"))
        self.deeper_open = W.button(translate("Overview", "Visa fördjupad behovskompass"))
        self.deeper_box = QWidget()
        dl = QHBoxLayout(self.deeper_box)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.deeper_note, 1)
        dl.addWidget(self.deeper_open)
        self.deeper_box.setVisible(False)
        cl.addWidget(self.deeper_box)

        # next step
        self.next_step = W.label("")
        self.next_step.setObjectName("nextstep")
        self.next_step.setAccessibleName(translate("Overview", "Nästa steg"))

        # timeline
        self.timeline_model = TimelineModel(self)
        self.timeline = W.named(QTableView(), translate("Overview", "Tidslinje"))
        self.timeline.setModel(self.timeline_model)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.verticalHeader().setVisible(False)
        self.timeline.setWordWrap(False)
        self.timeline.setTabKeyNavigation(False)
        th = self.timeline.horizontalHeader()
        th.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)  # ISO dates: known width
        th.resizeSection(0, self.fontMetrics().horizontalAdvance("2026-11-23") + 16)
        th.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        th.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.open_entry = W.button(translate("Overview", "Öppna dokument"))
        tl_box = QFrame()
        tl_box.setObjectName("card")
        tl = QVBoxLayout(tl_box)
        tl.addWidget(W.label(translate("Overview", "Tidslinje"), "subtitle"))
        tl.addWidget(self.timeline, 1)
        tl.addWidget(W.row(self.open_entry, stretch_first=True))

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(comp_box, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(tl_box)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)

        tl_box.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 34)
        body = _Body()
        body.setObjectName("screen")
        bl = QVBoxLayout(body)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(header)
        bl.addLayout(actions)
        bl.addLayout(more)
        bl.addWidget(self.next_step)
        self.who_can_see = WhoCanSeePanel()  # loaded by the workspace (it has the runner)
        bl.addWidget(self.who_can_see)
        bl.addWidget(split, 1)
        # with large text the overview scrolls rather than squeezing the compass
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        # Neither the body nor the viewport is opaque (`_Body` paints the same background):
        # Qt paints an opaque widget in a pass of its own and then again with the window when
        # the page behind it changed, so opening a child from the list painted it twice.
        body.setAutoFillBackground(False)
        scroll.viewport().setAutoFillBackground(False)
        lay = QVBoxLayout(self)
        lay.addWidget(W.row(self.back_button, stretch_end=True))
        lay.addWidget(scroll, 1)

        connect(self.back_button.clicked, self.back.emit)
        connect(self.reveal.clicked, lambda: self.reveal_requested.emit(self.child_id))
        connect(self.oros_button.clicked, lambda: self.orosanmalan_requested.emit(self.child_id))
        connect(self.edit_button.clicked, lambda: self.edit_child.emit(self.child_id))
        connect(
            self.replace_button.clicked, lambda: self.replace_identity.emit(self.child_id)
        )
        connect(self.merge_button.clicked, lambda: self.merge_requested.emit(self.child_id))
        connect(self.occasion.currentIndexChanged, self._show_occasion)
        connect(self.timeline.activated, self._open_index)
        connect(self.open_entry.clicked, self._open_selected)
        connect(self.deeper_open.clicked, self._open_deeper)

    # -- data -------------------------------------------------------------------------------
    def offer_windows(self, kinds: set[str]) -> None:
        """Show only the windows this build has."""
        for kind, btn in self.window_buttons.items():
            btn.setVisible(kind in kinds)

    @property
    def child_age(self) -> int | None:
        return None if self._overview is None else self._overview.header.age

    @property
    def child_protected(self) -> bool:
        return self._overview is not None and bool(
            getattr(self._overview.header, "protected_identity", False)
        )

    @property
    def public_name(self) -> str:
        """The child's name as a window title or a notice may show it (ui/protected.py)."""
        return protected.public_name(self.name.text(), self.child_protected)

    def set_need_labels(self, need_labels: dict[str, str]) -> None:
        self.compass.set_labels(need_labels)

    def show_overview(self, overview: Any) -> None:
        self._overview = overview
        h = overview.header
        self.child_id = h.child_id
        self.name.setText(h.name)
        self.name.setAccessibleName(h.name)
        self.identity.setText(h.masked_identity)
        self._show_identity_history(h)
        # a screen reader names the number's kind (a samordningsnummer is no personnummer)
        self.identity.setAccessibleName(
            translate("Overview", "%1, dolt").replace("%1", self._identity_kind_name()))
        self.reveal.setEnabled(True)
        self.test_badge.setVisible(bool(h.is_test_number))
        self.protected_badge.setVisible(self.child_protected)
        facts = []
        interpreter = getattr(h, "interpreter", [])
        if interpreter:  # first, so it is seen before a meeting is booked
            facts.append(translate("Overview", "tolk: %1").replace("%1", ", ".join(interpreter)))
        if h.age is not None:
            facts.append(translate("Overview", "%n år", "", h.age))
        if h.unit_name:
            facts.append(translate("Overview", "Enhet: %1").replace("%1", h.unit_name))
        facts.append(
            translate("Overview", "Barnkontakt: %1").replace(
                "%1", h.barnkontakt_name or translate("Overview", "ingen utsedd")
            )
        )
        if h.guardians:
            names = ", ".join(g.get("name", "") for g in h.guardians)
            facts.append(translate("Overview", "Vårdnadshavare: %1").replace("%1", names))
        self.facts.setText("  ·  ".join(facts))
        status = h.status.value if h.status else None
        self.status_chip.setText(labels.child_status(h.status))
        self.status_chip.setStyleSheet(
            f"background: {theme.child_status_colour(status)}; border-radius: 10px;"
            " padding: 4px 12px; font-weight: 600;"
        )
        self.next_step.setText(
            "<b>"
            + translate("Overview", "Nästa steg:")
            + "</b> "
            + labels.next_step(overview.next_step)
        )
        self.compass.set_status(overview.need_status)
        self._show_deeper(overview)
        self.occasion.blockSignals(True)
        self.occasion.clear()
        rater_label = partial(_rater_label, guardian_names=_guardian_names(overview))
        for occ in overview.occasions:
            who = ", ".join(rater_label(r) for r in occ.raters)
            self.occasion.addItem(f"{occ.date} – {who}", occ.date)
        if not overview.occasions:
            self.occasion.addItem(translate("Overview", "Inga skattningar ännu"), None)
        self.occasion.setEnabled(bool(overview.occasions))
        self.occasion.blockSignals(False)
        self._show_occasion(0)
        needs = [(n.value, self.compass.label_of(n.value)) for n in WHEEL_ORDER]
        self.over_time_model.set_data(needs, overview.occasions, rater_label)
        if overview.need_status_date:
            self.compass_note.setText(
                translate("Overview", "Färgerna visar upptäckarkortet %1.").replace(
                    "%1", overview.need_status_date
                )
            )
        else:
            self.compass_note.setText(translate("Overview", "Inget upptäckarkort ännu."))

    def _identity_kind_name(self) -> str:
        """The kind of the child's number as its caption says it, without the colon."""
        return self.identity_caption.text().rstrip(":").strip()

    def _show_identity_history(self, h: Any) -> None:
        """The kind of the current number, the earlier numbers (masked) and the replace
        action, offered only where a personnummer can replace the number."""
        kind = getattr(h, "identity_kind", IdentityKind.PERSONNUMMER)
        self.identity_caption.setText(
            {
                IdentityKind.SAMORDNINGSNUMMER: translate("Overview", "Samordningsnummer:"),
                IdentityKind.RESERVNUMMER: translate("Overview", "Reservnummer:"),
            }.get(kind, translate("Overview", "Personnummer:"))
        )
        self.replace_button.setVisible(bool(getattr(h, "identity_replaceable", False)))
        earlier = getattr(h, "earlier_identities", [])
        parts = [
            translate("Overview", "%1 (%2, ersatt %3)")
            .replace("%1", e.masked)
            .replace("%2", _kind_word(e.kind))
            .replace("%3", e.replaced_on)
            for e in earlier
        ]
        self.earlier.setText(
            translate("Overview", "Tidigare identitetsnummer: %1").replace("%1", "; ".join(parts))
            if parts
            else ""
        )
        self.earlier.setVisible(bool(parts))

    def _show_deeper(self, overview: Any) -> None:
        """The deeper compass is started from here once the child has an Individuellt
        barnteam; its newest result (the needs it sends to the plan) shows under the compass."""
        deeper = getattr(overview, "deeper", None)
        status = overview.header.status
        in_team = status is not None and status.value == "individuellt_barnteam"
        self.form_buttons[FormUse.FORDJUPAD].setVisible(in_team or deeper is not None)
        self.deeper_box.setVisible(deeper is not None)
        if deeper is None:
            return
        needs = ", ".join(self.compass.label_of(n) for n in deeper.plan_needs)
        text = (
            translate("Overview", "Fördjupad behovskompass %1, %2.")
            .replace("%1", deeper.date)
            .replace("%2", deeper.author)
        )
        if needs:
            text += " " + translate("Overview", "Barnets plan arbetar med: %1.").replace(
                "%1", needs
            )
        self.deeper_note.setText(text)

    def _open_deeper(self) -> None:
        deeper = getattr(self._overview, "deeper", None)
        if deeper is not None:
            self.open_record.emit(deeper.record_id)

    def show_identity(self, full: str) -> None:
        self.identity.setText(full)
        self.identity.setAccessibleName(self._identity_kind_name())
        self.reveal.setEnabled(False)

    def show_timeline(self, entries: list[Any]) -> None:
        self.timeline_model.set_rows(entries)
        # the author column gets what its names need, but never more than a quarter
        fit = max(
            (self.timeline.fontMetrics().horizontalAdvance(str(e.author)) for e in entries[:200]),
            default=40,
        )
        self.timeline.horizontalHeader().resizeSection(
            2, max(40, min(fit + 12, self.timeline.viewport().width() // 4 or fit + 12))
        )

    def _show_occasion(self, index: int) -> None:
        ov = self._overview
        if ov is None or not ov.occasions or index < 0 or index >= len(ov.occasions):
            self.compass.set_series([])
            return
        occ = ov.occasions[index]
        names = _guardian_names(ov)
        self.compass.set_series(
            [RadarSeries(_rater_label(r, names), r.means) for r in occ.raters]
        )

    def _open_index(self, index: QModelIndex) -> None:
        self.open_record.emit(self.timeline_model.row_at(index.row()).record_id)

    def _open_selected(self) -> None:
        rows = self.timeline.selectionModel().selectedRows()
        if rows:
            self._open_index(rows[0])


def _kind_word(kind: IdentityKind) -> str:
    return {
        IdentityKind.SAMORDNINGSNUMMER: translate("Overview", "samordningsnummer"),
        IdentityKind.RESERVNUMMER: translate("Overview", "reservnummer"),
    }.get(kind, translate("Overview", "personnummer"))


def _guardian_names(overview: Any) -> tuple[str, ...]:
    return tuple(str(g.get("name", "")).strip() for g in overview.header.guardians)


def _rater_label(rater: Any, guardian_names: Sequence[str] = ()) -> str:
    """Staff raters by name; the guardians by name when the profile has them; the child
    (and a guardian without a name) in the user's language."""
    if rater.kind in ("child", "guardian_1", "guardian_2"):
        return labels.respondent(rater.kind, guardian_names)
    if getattr(rater, "co_label", ""):
        return (
            translate("Overview", "%1 och %2")
            .replace("%1", rater.label)
            .replace("%2", rater.co_label)
        )
    return str(rater.label)
