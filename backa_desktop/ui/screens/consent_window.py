"""Samtycken: each party's consents for one child, and what is shared with whom on what basis.

Withdrawal asks for confirmation and then takes effect at once: the overview below the list is
read from the same records, so the user sees the share stop the moment they withdraw. A
consent is never edited; a changed consent is recorded as a new one (the old stays on file).
"""

from __future__ import annotations

from datetime import date

from backa_desktop.domain.consent import (
    CONSENT_TYPE_LABELS,
    PARTY_LABELS,
    SCOPE_LABELS,
    Consent,
    ConsentParty,
    ConsentScope,
    ConsentType,
    Share,
)
from backa_desktop.domain.errors import message_of
from backa_desktop.services import anonymous_cards
from backa_desktop.services import consents as service
from backa_desktop.services.changes import Changes
from backa_desktop.services.overview import ChildPeople, child_people
from backa_desktop.services.vault import Session
from backa_desktop.ui import plan_labels as L
from backa_desktop.ui import plan_widgets as P
from backa_desktop.ui import widgets as W
from backa_desktop.ui.child_window import ChildWindow
from backa_desktop.ui.errors import error_text
from backa_desktop.ui.print_preview import DocChoice, open_preview
from backa_desktop.ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QEvent,
    QFont,
    QFontMetrics,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QObject,
    Qt,
    QTableWidget,
    QVBoxLayout,
    QWidget,
    connect,
    translate,
)
from backa_desktop.ui.staff_picker import StaffSource
from backa_desktop.ui.widgets import ok_cancel_buttons
from backa_desktop.ui.window_context import WindowContext


class ConsentDialog(QDialog):
    """A new consent from one party."""

    def __init__(
        self, child_id: str, me_id: str, staff: StaffSource, units: dict[str, str],
        parent: QWidget | None = None, *, people: ChildPeople | None = None,
    ) -> None:
        super().__init__(parent)
        self.child_id = child_id
        self.result_consent: Consent | None = None
        self.setWindowTitle(translate("Consent", "Nytt samtycke"))
        self.setMinimumWidth(560)
        self.party = W.named(QComboBox(), translate("Consent", "Vem samtycker"))
        for party in PARTY_LABELS:
            self.party.addItem(L.party(party, people.guardian_names if people else ()),
                               party.value)
        self.party.setCurrentIndex(1)
        self.type = W.named(QComboBox(), translate("Consent", "Typ av samtycke"))
        for kind in CONSENT_TYPE_LABELS:
            self.type.addItem(L.consent_type(kind), kind.value)
        self.type.setCurrentIndex(1)
        scopes = QGroupBox(translate("Consent", "Samtycket gäller"))
        sl = QVBoxLayout(scopes)
        self.scopes: dict[ConsentScope, QCheckBox] = {}
        for scope in SCOPE_LABELS:
            cb = W.named(QCheckBox(L.scope(scope)), L.scope(scope))
            self.scopes[scope] = cb
            sl.addWidget(cb)
        self.units = W.named(QListWidget(), translate("Consent", "Namngivna enheter"))
        for uid, name in sorted(units.items(), key=lambda kv: kv[1]):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, uid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.units.addItem(item)
        self.units.setMaximumHeight(110)
        self.units.setEnabled(False)
        connect(self.scopes[ConsentScope.ENHET].toggled, self.units.setEnabled)
        sl.addWidget(self.units)
        self.written_hint = W.label(
            translate("Consent", "Barnteam och Individuellt barnteam kräver skriftligt samtycke."),
            "muted",
        )
        sl.addWidget(self.written_hint)
        self.obtained_by = P.staff_combo(translate("Consent", "Inhämtat av"), staff,
                                         first_unit=people.unit_id if people else None)
        P.set_staff(self.obtained_by, me_id)
        self.filed_at = W.named(QLineEdit(), translate("Consent", "Var blanketten förvaras"))
        self.filed_at.setPlaceholderText(translate("Consent", "Till exempel: Elevakten, pärm 3"))
        self.given_on = P.date_edit(translate("Consent", "Givet"), optional=False,
                                    value=date.today())
        self.expires_on = P.date_edit(translate("Consent", "Gäller till och med"))
        self.purpose = W.named(QLineEdit(), translate("Consent", "Syfte"))
        form = QFormLayout()
        for text, widget in (
            (translate("Consent", "&Vem:"), self.party),
            (translate("Consent", "&Typ:"), self.type),
            (translate("Consent", "&Inhämtat av:"), self.obtained_by),
            (translate("Consent", "&Förvaras:"), self.filed_at),
            (translate("Consent", "&Givet:"), self.given_on),
            (translate("Consent", "Gäller till &och med:"), self.expires_on),
            (translate("Consent", "&Syfte:"), self.purpose),
        ):
            form.addRow(W.label(text, wrap=False, buddy=widget), widget)
        self.error = W.error_label()
        self.buttons = ok_cancel_buttons(translate("Consent", "Spara samtycket"))
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(scopes)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        connect(self.buttons.accepted, self._accept)
        connect(self.buttons.rejected, self.reject)

    def _accept(self) -> None:
        chosen = [s for s, cb in self.scopes.items() if cb.isChecked()]
        units = [
            str(self.units.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.units.count())
            if self.units.item(i).checkState() == Qt.CheckState.Checked
        ]
        if not chosen:
            W.show_error(self.error, translate("Consent", "Välj vad samtycket gäller."))
            return
        if ConsentScope.ENHET not in chosen:
            units = []
        staff_id, _ = P.get_staff(self.obtained_by)
        try:
            self.result_consent = Consent(
                child_id=self.child_id,
                party=ConsentParty(self.party.currentData()),
                type=ConsentType(self.type.currentData()),
                scopes=chosen,
                unit_ids=units,
                purpose=self.purpose.text().strip(),
                obtained_by=staff_id or "",
                filed_at=self.filed_at.text().strip(),
                given_on=P.get_date(self.given_on) or date.today(),
                expires_on=P.get_date(self.expires_on),
            )
        except ValueError as exc:
            errors = getattr(exc, "errors", None)
            if message_of(exc) is None and callable(errors):  # a pydantic rule, not ours
                text = str(errors()[0].get("msg", exc)).removeprefix("Value error, ")
            else:
                text = error_text(exc)
            W.show_error(self.error, text)
            return
        self.accept()


class _SharedWidths(QObject):
    """Columns that share the table's width. Short columns (dates, the state) keep the width
    of their text; the columns of running text (who, what it covers, where it is filed) share
    what is left and wrap their text onto more lines. Sized to their contents the long texts
    of a real register pushed the dates and the state out of view at 200 % text, and those are
    what a reader looks for. When even that leaves too little room (200 % text on a 1366 px
    screen) the headers of more than one word go onto two lines, which frees the width a long
    header held for short contents ("Till och med" over a date). Only when even the two-line
    headers do not fit does the table scroll sideways."""

    def __init__(self, table: QTableWidget, wrapping: tuple[int, ...]) -> None:
        super().__init__(table)
        self.table = table
        self.wrapping = wrapping
        self.titles = [str(table.model().headerData(c, Qt.Orientation.Horizontal) or "")
                       for c in range(table.columnCount())]
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return super().eventFilter(watched, event)

    def apply(self) -> None:
        widths = self._widths(self.titles)
        titles = self.titles
        if sum(widths) > self.table.viewport().width():
            titles = [_two_lines(t, self._head_metrics()) for t in self.titles]
            widths = self._widths(titles)
        table, header = self.table, self.table.horizontalHeader()
        for c, title in enumerate(titles):
            item = table.horizontalHeaderItem(c)
            if item is not None and item.text() != title:
                item.setText(title)
        for c in range(table.columnCount()):
            header.resizeSection(c, widths[c])
        table.setWordWrap(sum(self._natural(titles)) > table.viewport().width())
        table.resizeRowsToContents()

    def _head_metrics(self) -> QFontMetrics:
        bold = QFont(self.table.horizontalHeader().font())
        bold.setBold(True)
        return QFontMetrics(bold)

    def _floors(self, titles: list[str]) -> list[int]:
        """Narrower than its header (its longest line) or its longest word a column would
        cut them."""
        table, header = self.table, self.table.horizontalHeader()
        head, cell = self._head_metrics(), table.fontMetrics()
        floor = [max(max(head.horizontalAdvance(line) for line in t.split("\n")) + _PAD,
                     header.minimumSectionSize()) for t in titles]
        for c in self.wrapping:
            for r in range(table.rowCount()):
                item = table.item(r, c)
                for word in (item.text() if item is not None else "").split():
                    floor[c] = max(floor[c], cell.horizontalAdvance(word) + _PAD)
        return floor

    def _natural(self, titles: list[str]) -> list[int]:
        floor = self._floors(titles)
        return [max(floor[c], self.table.sizeHintForColumn(c)) for c in range(len(titles))]

    def _widths(self, titles: list[str]) -> list[int]:
        floor, natural = self._floors(titles), self._natural(titles)
        columns = range(len(titles))
        room = self.table.viewport().width()
        if sum(natural) <= room:  # everything fits: the last column takes the rest
            return [*natural[:-1], max(natural[-1], room - sum(natural[:-1]))]
        widths = list(natural)
        sharing = set(self.wrapping)
        while sharing:  # by their natural widths; one that would fall below its floor
            left = room - sum(widths[c] for c in columns if c not in sharing)
            wanted = sum(natural[c] for c in sharing)
            share = {c: max(left, 0) * natural[c] // max(wanted, 1) for c in sharing}
            short = {c for c in sharing if share[c] < floor[c]}
            for c in short or sharing:  # keeps the floor, the others share the rest
                widths[c] = floor[c] if short else share[c]
            sharing = sharing - short if short else set()
        return widths


_PAD = 12  # a cell's text margins and a little air


def _two_lines(title: str, metrics: QFontMetrics) -> str:
    """The header on two lines, broken at the space that makes the longer line shortest."""
    words = title.split(" ")
    if len(words) < 2:
        return title
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, second = min(splits, key=lambda pair: max(metrics.horizontalAdvance(p)
                                                     for p in pair))
    return f"{first}\n{second}"


class ConsentWindow(ChildWindow):
    def __init__(self, ctx: WindowContext, child_id: str, child_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, child_id, child_name, parent)
        self.rows: list[service.ConsentRow] = []
        self.shares: list[Share] = []
        self.staff = ctx.directory.staff_names()
        self.units = ctx.directory.unit_names()
        self.people = ChildPeople()
        self.setWindowTitle(translate("Consent", "Samtycken – %1").replace("%1", child_name))
        self.resize(1000, 700)
        self.table = P.table(
            translate("Consent", "Samtycken"),
            [translate("Consent", "Vem"), translate("Consent", "Typ"),
             translate("Consent", "Gäller"), translate("Consent", "Inhämtat av"),
             translate("Consent", "Förvaras"), translate("Consent", "Givet"),
             translate("Consent", "Till och med"), translate("Consent", "Läge")],
        )
        self.add_button = W.button(translate("Consent", "Nytt samtycke…"), primary=True)
        self.withdraw_button = W.button(translate("Consent", "Återkalla"), danger=True)
        self.withdraw_button.setToolTip(
            translate("Consent", "Återkallandet gäller från i dag. Inget nytt delas efter det.")
        )
        self.sheet_button = W.button(translate("Consent", "Skriv ut samtyckesblankett…"))
        # an anonymous card this laptop sent about the child, once the guardians consent
        self.link_button = W.button(translate("Consent", "Koppla Upptäckarkortet till barnet"))
        self.link_button.setToolTip(translate(
            "Consent", "Kortet skickades utan barnets identitet. Med vårdnadshavarnas samtycke "
            "kan det kopplas till barnet och gå till Barnkontakten."))
        self.link_button.setVisible(False)
        self.linkable: list[str] = []
        self.shares_table = P.table(
            translate("Consent", "Vad delas med vem och på vilken grund"),
            [translate("Consent", "Med vem"), translate("Consent", "Grund"),
             translate("Consent", "Delas nu"), translate("Consent", "Vem har samtyckt"),
             translate("Consent", "Sedan"), translate("Consent", "Anmärkning")],
        )
        self._widths = (_SharedWidths(self.table, (2, 3, 4)),
                        _SharedWidths(self.shares_table, (1, 3, 5)))
        self.error = W.error_label()
        self.message = W.label("", "muted")
        close = W.button(translate("Consent", "Stäng"))
        lay = QVBoxLayout(self)
        lay.addWidget(W.label(translate("Consent", "Samtycken för %1").replace("%1", child_name),
                              "title"))
        lay.addWidget(W.label(translate(
            "Consent", "Utan samtycke delas ingenting mellan verksamheterna. En orosanmälan "
            "kräver aldrig samtycke."), "muted"))
        lay.addWidget(self.table, 1)
        lay.addWidget(W.row(self.add_button, self.withdraw_button, self.sheet_button,
                            self.link_button, stretch_end=True))
        lay.addWidget(self.message)
        lay.addWidget(self.error)
        lay.addWidget(W.label(translate("Consent", "Vad delas med vem och på vilken grund"),
                              "subtitle"))
        lay.addWidget(self.shares_table, 1)
        lay.addWidget(W.row(close, stretch_first=True))
        connect(self.add_button.clicked, self._add)
        connect(self.withdraw_button.clicked, self._withdraw)
        connect(self.sheet_button.clicked, self._sheet)
        connect(self.link_button.clicked, self._link)
        connect(close.clicked, self.accept)
        connect(self.table.itemSelectionChanged, self._selection)
        self.reload()

    def shows(self, changes: Changes) -> bool:
        """Consents, and the team they are shared with, as they change anywhere."""
        return changes.consents or changes.teams

    def reload(self) -> None:
        child_id = self.child_id

        def load(s: Session) -> tuple[
            list[service.ConsentRow], list[Share], list[str], ChildPeople
        ]:
            return (service.consent_rows(s, child_id), service.sharing_lines(s, child_id),
                    anonymous_cards.linkable_cards(s, child_id), child_people(s, child_id))

        self._run(load, self._show)

    def _show(
        self, data: tuple[list[service.ConsentRow], list[Share], list[str], ChildPeople]
    ) -> None:
        self.rows, self.shares, self.linkable, self.people = data
        names = self.people.guardian_names
        self.link_button.setVisible(bool(self.linkable))
        rows = []
        for row in self.rows:
            c = row.consent
            scopes = ", ".join(
                L.scope(s) if s is not ConsentScope.ENHET
                else ", ".join(self.units.get(u, u) for u in c.unit_ids)
                for s in c.scopes
            )
            if c.withdrawn_on is not None:
                state = translate("Consent", "Återkallat %1").replace(
                    "%1", c.withdrawn_on.isoformat()
                )
            elif row.active:
                state = translate("Consent", "Gäller")
            else:
                state = translate("Consent", "Gäller inte")
            rows.append([
                L.party(c.party, names),
                L.consent_type(c.type),
                scopes, self.staff.get(c.obtained_by, c.obtained_by), c.filed_at,
                c.given_on.isoformat(), P.iso(c.expires_on), state,
            ])
        P.fill_table(self.table, rows, [r.record_id for r in self.rows])
        share_rows = []
        for share in self.shares:
            recipient = self.units.get(share.unit_id or "", "") or translate(
                "Consent", share.recipient)
            share_rows.append([
                recipient,
                L.legal_basis(share.basis),
                translate("Consent", "Ja") if share.active else translate("Consent", "Nej"),
                ", ".join(L.party(p, names) for p in share.parties),
                P.iso(share.since),
                L.share_note(share.note),
            ])
        if not share_rows:
            share_rows.append([translate("Consent", "Ingenting delas."), "", "", "", "", ""])
        P.fill_table(self.shares_table, share_rows)
        for widths in self._widths:
            widths.apply()
        self._selection()

    def _selected(self) -> service.ConsentRow | None:
        key = P.selected_key(self.table)
        return next((r for r in self.rows if r.record_id == key), None)

    def _selection(self) -> None:
        row = self._selected()
        self.withdraw_button.setEnabled(row is not None and row.consent.withdrawn_on is None)

    def _add(self) -> None:
        dialog = ConsentDialog(self.child_id, str(self.ctx.me.get("id", "")),
                               self.ctx.directory, self.units, self, people=self.people)
        self._dialog = dialog

        def accepted() -> None:
            consent = dialog.result_consent
            if consent is not None:
                self._run(lambda s: service.record_consent(s, consent),
                          lambda _r: self._done(translate("Consent", "Samtycket är sparat.")))

        connect(dialog.accepted, accepted)
        dialog.open()

    def _withdraw(self) -> None:
        """Asks first: a withdrawal cannot be undone (a new consent is a new record) and it
        can end colleagues' access to the child at their next sync."""
        row = self._selected()
        if row is None:
            return
        c = row.consent
        scopes = ", ".join(
            L.scope(s) if s is not ConsentScope.ENHET
            else ", ".join(self.units.get(u, u) for u in c.unit_ids)
            for s in c.scopes
        )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            translate("Consent", "Återkalla samtycket?"),
            translate(
                "Consent",
                "Återkalla samtycket från %1 (%2)? Det gäller från i dag: inget nytt delas på "
                "samtycket, och den som bara ser barnet genom det förlorar åtkomsten vid nästa "
                "synkronisering. Ett nytt samtycke kan registreras när som helst.",
            ).replace("%1", L.party_in_text(c.party, self.people.guardian_names))
            .replace("%2", scopes),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("confirmWithdrawal")
        self.confirm_withdraw = box.addButton(
            translate("Consent", "Återkalla samtycket"), QMessageBox.ButtonRole.DestructiveRole)
        self.confirm_withdraw.setAccessibleName(translate("Consent", "Återkalla samtycket"))
        cancel = box.addButton(translate("Consent", "Avbryt"), QMessageBox.ButtonRole.RejectRole)
        cancel.setAccessibleName(translate("Consent", "Avbryt"))
        box.setDefaultButton(cancel)
        box.setAccessibleName(translate("Consent", "Återkalla samtycket?"))
        self.confirm_box = box
        record_id = row.record_id

        def answered() -> None:
            if box.clickedButton() is self.confirm_withdraw:
                self._withdraw_now(record_id)

        connect(box.finished, lambda _r: answered())
        box.open()

    def _withdraw_now(self, record_id: str) -> None:
        self._run(lambda s: service.withdraw_consent(s, record_id), lambda _r: self._done(
            translate("Consent", "Samtycket är återkallat från i dag. Inget nytt delas på det.")))

    def _link(self) -> None:
        child_id, cards = self.child_id, list(self.linkable)

        def job(s: Session) -> None:
            for card_id in cards:
                anonymous_cards.link_card(s, card_id, child_id)

        def linked(_r: None) -> None:
            self._done(translate(
                "Consent", "Upptäckarkortet är kopplat till barnet och går till Barnkontakten."))
            self.reload()

        self._run(job, linked)

    def _done(self, text: str) -> None:
        W.show_error(self.error, "")
        self.message.setText(text)  # the change itself refreshes the window (`_changes_made`)

    def _sheet(self) -> None:
        from backa_desktop.services.documents import DocumentKind

        choice = DocChoice(DocumentKind.CONSENT_SHEET,
                           translate("Print", "Samtyckesblankett till vårdnadshavare"))
        self.preview = open_preview(self.ctx, self.child_id, self.child_name, [choice], 0, self)

