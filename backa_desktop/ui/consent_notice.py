"""The consent notice a team decision or a team change shows before it is made.

The central store withholds the child from team members without a valid consent; the app
says so first ("Barnteamet kan inte se barnet förrän vårdnadshavarna har samtyckt") and offers
to record the consent there and then. The notice warns, it does not stop the decision: a
Barnkontakt may decide on a team and ask the family afterwards, and the team sees the child
from the day the consent is recorded.
"""

from __future__ import annotations

from typing import Any

from backa_desktop.domain.consent import ConsentScope
from backa_desktop.domain.teams import TeamKind
from backa_desktop.services import consents as consent_service
from backa_desktop.services import visibility
from backa_desktop.services.changes import Changes
from backa_desktop.ui import widgets as W
from backa_desktop.ui.qt import QComboBox, QDialog, QFrame, QVBoxLayout, QWidget, connect, translate
from backa_desktop.ui.tasks import DbOp
from backa_desktop.ui.window_context import WindowContext


def missing_text(scope: ConsentScope) -> str:
    if scope is ConsentScope.INDIVIDUELLT_BARNTEAM:
        return translate(
            "ConsentNotice",
            "Det individuella barnteamet kan inte se barnet förrän vårdnadshavarna har samtyckt.",
        )
    return translate("ConsentNotice",
                     "Barnteamet kan inte se barnet förrän vårdnadshavarna har samtyckt.")


class ConsentNotice(QFrame):
    """Shown while the chosen team lacks consent; "Registrera samtycke…" opens the consent
    dialog with the team's scope chosen and written consent (which a team needs)."""

    def __init__(self, ctx: WindowContext, child_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consentNotice")
        self.ctx = ctx
        self.child_id = child_id
        self.team: Any = None  # TeamKind, Beslut or its value; None: no team, no notice
        self.missing: ConsentScope | None = None
        self.text = W.label("", "banner")
        self.text.setAccessibleName(translate("ConsentNotice", "Samtycke saknas"))
        self.hint = W.label(translate(
            "ConsentNotice",
            "Ett team kräver skriftligt samtycke. Teamet ser barnet från den dag samtycket "
            "registreras."), "muted")
        self.record_button = W.button(translate("ConsentNotice", "Registrera samtycke…"))
        self.record_button.setAccessibleName(translate("ConsentNotice", "Registrera samtycke"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.text)
        lay.addWidget(self.hint)
        lay.addWidget(W.row(self.record_button, stretch_end=True))
        self.setVisible(False)
        connect(self.record_button.clicked, self._record)
        connect(ctx.runner.changed, self._changes_made)

    def check(self, team: Any) -> None:
        """Look again for the consent this team (a TeamKind, or a decision) needs."""
        self.team = team
        if team is None:
            self._show(None)
            return
        child_id = self.child_id
        DbOp(self.ctx.runner,
             lambda s: visibility.team_consent_missing(s, child_id, team)).on_success(
            self._show).run()

    def _show(self, missing: ConsentScope | None) -> None:
        self.missing = missing
        if missing is not None:
            self.text.setText(missing_text(missing))
        self.setVisible(missing is not None)

    def _changes_made(self, changes: Changes) -> None:
        if changes.about(self.child_id) and (changes.consents or changes.teams):
            self.check(self.team)

    def _record(self) -> None:
        from backa_desktop.ui.screens.consent_window import ConsentDialog

        scope = self.missing or ConsentScope.BARNTEAM
        dialog = ConsentDialog(self.child_id, str(self.ctx.me.get("id", "")),
                               self.ctx.directory.staff_names(),
                               self.ctx.directory.unit_names(), self)
        dialog.scopes[scope].setChecked(True)
        self.dialog = dialog

        def accepted() -> None:
            consent = dialog.result_consent
            if consent is not None:
                DbOp(self.ctx.runner,
                     lambda s: consent_service.record_consent(s, consent)).run()

        connect(dialog.accepted, accepted)
        dialog.open()


def attach_to_decision(ctx: WindowContext, child_id: str, dialog: QDialog) -> ConsentNotice:
    """Put a notice into a decision dialog (its `beslut` combo and `error` label) that follows
    the decision chosen."""
    notice = ConsentNotice(ctx, child_id, dialog)
    layout = dialog.layout()
    assert isinstance(layout, QVBoxLayout)
    layout.insertWidget(layout.indexOf(dialog.error), notice)  # type: ignore[attr-defined]
    combo: QComboBox = dialog.beslut  # type: ignore[attr-defined]
    connect(combo.currentIndexChanged, lambda _i: notice.check(combo.currentData()))
    notice.check(combo.currentData())
    dialog.consent_notice = notice  # type: ignore[attr-defined]
    return notice


def attach_to_team(ctx: WindowContext, child_id: str, layout: QVBoxLayout, index: int,
                   parent: QWidget) -> ConsentNotice:
    """The notice in the team window: the Individuellt barnteam's members need consent."""
    notice = ConsentNotice(ctx, child_id, parent)
    layout.insertWidget(index, notice)
    notice.check(TeamKind.INDIVIDUELLT_BARNTEAM)
    return notice
