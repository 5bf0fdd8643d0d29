"""The overview's "Vem kan se barnet nu": each person who sees the child's records and why
(Barnkontakt, Stödsamordnare, team member with consent, who registered the child), and the
team members who do not yet, for want of consent. Computed in services/visibility.py from the
same records the central store decides access by; this widget only paints the rows."""

from __future__ import annotations

from backa_desktop.domain.consent import ConsentScope
from backa_desktop.domain.visibility import SeeReason
from backa_desktop.services import visibility
from backa_desktop.services.changes import Changes
from backa_desktop.services.vault import Session
from backa_desktop.ui import widgets as W
from backa_desktop.ui.consent_notice import missing_text
from backa_desktop.ui.qt import QFrame, QLabel, QVBoxLayout, QWidget, connect, translate
from backa_desktop.ui.tasks import DbOp
from backa_desktop.ui.window_context import WindowContext


def reason_text(row: visibility.ViewerRow) -> str:
    if row.reason is SeeReason.BARNKONTAKT:
        return translate("WhoCanSee", "Barnkontakt")
    if row.reason is SeeReason.REGISTERED:
        return translate("WhoCanSee", "Registrerade barnet (ingen Barnkontakt ännu)")
    if row.reason is SeeReason.STODSAMORDNARE:
        return translate("WhoCanSee", "Stödsamordnare")
    team = (translate("WhoCanSee", "Individuellt barnteam")
            if row.reason is SeeReason.INDIVIDUELLT_BARNTEAM
            else translate("WhoCanSee", "Barnteamet på Barnkontaktens enhet"))
    if row.sees:
        return translate("WhoCanSee", "%1, med vårdnadshavarnas samtycke").replace("%1", team)
    return translate("WhoCanSee", "%1: ser inte barnet, skriftligt samtycke saknas").replace(
        "%1", team)


def person_text(row: visibility.ViewerRow) -> str:
    about = ", ".join(p for p in (row.title, row.unit) if p)
    name = row.name or translate("WhoCanSee", "Okänd person")
    return f"{name} ({about})" if about else name


class WhoCanSeePanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.ctx: WindowContext | None = None
        self.child_id = ""
        self.rows: list[visibility.ViewerRow] = []
        self.missing: list[ConsentScope] = []
        self._shown: list[tuple[str, bool]] = []
        self.title = W.label(translate("WhoCanSee", "Vem kan se barnet nu"), "subtitle")
        self.lines = QVBoxLayout()
        self.footnote = W.label(translate(
            "WhoCanSee", "Utan samtycke ser teamet inte barnet. En orosanmälan följer "
            "anmälningsskyldigheten och visas inte här."), "muted")
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addLayout(self.lines)
        lay.addWidget(self.footnote)
        self.setAccessibleName(translate("WhoCanSee", "Vem kan se barnet nu"))

    def load(self, ctx: WindowContext, child_id: str) -> None:
        if self.ctx is None:
            self.ctx = ctx
            connect(ctx.runner.changed, self._changes_made)
        self.child_id = child_id
        directory = ctx.directory

        def job(s: Session) -> visibility.WhoCanSee:
            return visibility.who_can_see_now(s, child_id, directory)

        DbOp(ctx.runner, job).on_success(self._show).run()

    def _changes_made(self, changes: Changes) -> None:
        if self.ctx is not None and self.child_id and changes.about(self.child_id) and (
            changes.consents or changes.teams
        ):
            self.load(self.ctx, self.child_id)

    def _show(self, found: visibility.WhoCanSee) -> None:
        self.rows = found.rows
        self.missing = found.missing
        # (text, shown as an error), in order
        lines = [(f"{person_text(row)} – {reason_text(row)}", not row.sees)
                 for row in found.rows]
        lines += [(missing_text(scope), True) for scope in found.missing]
        if not lines:
            lines = [(translate("WhoCanSee", "Ingen har tillgång ännu."), False)]
        if lines == self._shown:
            # the same child opened again, or a change that left these lines as they were:
            # new labels would only cost the overview a layout and a paint
            return
        self._shown = lines
        while self.lines.count():
            item = self.lines.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for text, error in lines:
            line = W.label(text, "error" if error else "")
            line.setAccessibleName(text)
            self.lines.addWidget(line)

    def texts(self) -> list[str]:
        found = []
        for i in range(self.lines.count()):
            item = self.lines.itemAt(i)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel):
                found.append(widget.text())
        return found

