"""The consent notice a team decision or a team change shows before it is made.

The central store withholds the child from team members without a valid consent; the app
says so first ("Barnteamet kan inte se barnet förrän vårdnadshavarna har samtyckt") and offers
to record the consent there and then. The notice warns, it does not stop the decision: a
Barnkontakt may decide on a team and ask the family afterwards, and the team sees the child
from the day the consent is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from backa_desktop.domain.consent import Consent, ConsentScope
from backa_desktop.domain.teams import TeamKind
from backa_desktop.services import consents as consent_service
from backa_desktop.services import visibility
from backa_desktop.services.changes import Changes
from backa_desktop.services.overview import ChildPeople
from backa_desktop.ui import widgets as W
from backa_desktop.ui.qt import (
    QComboBox,
    QDialog,
    QFrame,
    QMessageBox,
    QVBoxLayout,
    QWidget,
    connect,
    translate,
)
from backa_desktop.ui.staff_picker import StaffSource
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
        """Only while its dialog or window is open (a closed dialog is kept, not deleted)."""
        if not self.window().isVisible():
            return
        if changes.about(self.child_id) and (changes.consents or changes.teams):
            self.check(self.team)

    def _record(self) -> None:
        runner = self.ctx.runner

        def save(consent: Consent) -> None:
            DbOp(runner, lambda s: consent_service.record_consent(s, consent)).run()

        self.dialog = record_consent_dialog(
            self, self.child_id, str(self.ctx.me.get("id", "")),
            self.ctx.directory, self.ctx.directory.unit_names(),
            self.missing or ConsentScope.BARNTEAM, save)


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


def confirm_team_decision(
    parent: QWidget, scope: ConsentScope, record: Callable[[], None], proceed: Callable[[], None]
) -> QMessageBox:
    """Before a Fem frågor is signed with a team decision the team cannot act on yet: record
    the consent first, decide anyway, or go back."""
    box = QMessageBox(QMessageBox.Icon.Information, translate("ConsentNotice", "Samtycke saknas"),
                      missing_text(scope), QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("teamConsentMissing")
    box.setAccessibleName(translate("ConsentNotice", "Samtycke saknas"))
    box.setInformativeText(translate(
        "ConsentNotice",
        "Ett team kräver skriftligt samtycke. Teamet ser barnet från den dag samtycket "
        "registreras."))
    record_button = box.addButton(translate("ConsentNotice", "Registrera samtycke…"),
                                  QMessageBox.ButtonRole.ActionRole)
    record_button.setAccessibleName(translate("ConsentNotice", "Registrera samtycke"))
    anyway = box.addButton(translate("ConsentNotice", "Besluta ändå"),
                           QMessageBox.ButtonRole.AcceptRole)
    anyway.setAccessibleName(translate("ConsentNotice", "Besluta ändå"))
    cancel = box.addButton(translate("ConsentNotice", "Avbryt"), QMessageBox.ButtonRole.RejectRole)
    cancel.setAccessibleName(translate("ConsentNotice", "Avbryt"))
    box.setDefaultButton(record_button)
    box.record_button = record_button  # type: ignore[attr-defined]
    box.decide_anyway = anyway  # type: ignore[attr-defined]

    def answered() -> None:
        clicked = box.clickedButton()
        if clicked is record_button:
            record()
        elif clicked is anyway:
            proceed()

    connect(box.finished, lambda _r: answered())
    box.open()
    return box


def record_consent_dialog(
    parent: QWidget, child_id: str, me_id: str, staff: StaffSource, units: dict[str, str],
    scope: ConsentScope, save: Callable[[Consent], None], *, people: ChildPeople | None = None,
) -> QDialog:
    """The consent dialog with the team's scope chosen; `save` gets the consent if accepted."""
    from backa_desktop.ui.screens.consent_window import ConsentDialog

    dialog = ConsentDialog(child_id, me_id, staff, units, parent, people=people)
    dialog.scopes[scope].setChecked(True)

    def accepted() -> None:
        if dialog.result_consent is not None:
            save(dialog.result_consent)

    connect(dialog.accepted, accepted)
    dialog.open()
    return dialog
