"""What the user does to a child's data from the workspace's screens, through a dialog.

Adding or editing a child, writing an orosanmälan, deciding on a card or on the child's
process, and the inbox's "read" and "family told". Each opens its dialog, runs the service in
a `DbOp` and says how it went (`message`); none refreshes a screen, because the task runner
announces what changed (`TaskRunner.changed`) and the screens listen. Kept apart from the
workspace, which only navigates between screens.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from backa_desktop.domain.process import ChildStatus
from backa_desktop.domain.records import Record
from backa_desktop.services import children as children_service
from backa_desktop.services import inbox as inbox_service
from backa_desktop.services import overview as overview_service
from backa_desktop.services import teams as teams_service
from backa_desktop.services import workflow
from backa_desktop.services.forms import FormRegistry
from backa_desktop.services.vault import Session
from backa_desktop.ui.child_dialogs import (
    ChildDialog,
    DecisionDialog,
    IdentityDialog,
    OrosanmalanDialog,
)
from backa_desktop.ui.consent_notice import attach_to_decision
from backa_desktop.ui.errors import error_text
from backa_desktop.ui.merge_dialog import MergeDialog
from backa_desktop.ui.protected import public_name
from backa_desktop.ui.qt import QDialog, QObject, QWidget, Signal, connect, translate
from backa_desktop.ui.tasks import DbOp, TaskRunner
from backa_desktop.ui.window_context import WindowContext


class ChildActions(QObject):
    message = Signal(str)
    child_added = Signal(str)  # the id of a child just added, to open it
    server_changed = Signal()  # a merge or undo on the central store: sync soon
    dialog: QDialog | None = None  # the open dialog, kept referenced while it is shown
    context: WindowContext | None = None  # set by the workspace: the decision's consent check

    def __init__(
        self,
        runner: TaskRunner,
        registry: FormRegistry,
        directory: overview_service.Directory,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.registry = registry
        self.directory = directory
        self._parent = parent

    # -- the child's own details ------------------------------------------------------------
    def edit_child(self, child_id: str | None) -> None:
        """The child dialog: a new child when `child_id` is None."""
        if child_id is None:
            self._child_dialog(None, None)
            return
        DbOp(self.runner, lambda s: children_service.child_body(s, child_id)).on_success(
            lambda body: self._child_dialog(child_id, body)
        ).on_failure(self._failed).run()

    def _child_dialog(self, child_id: str | None, body: dict[str, Any] | None) -> None:
        dialog = ChildDialog(self.directory.unit_names(), body, self._parent)
        self.dialog = dialog

        def accepted() -> None:
            profile = dialog.result_profile
            if profile is None:
                return
            DbOp(
                self.runner, lambda s: children_service.save_child(s, profile, child_id)
            ).on_success(
                # a new child opens; an edited one is in view already and refreshes itself
                lambda rec: self.child_added.emit(rec.id) if child_id is None else None
            ).on_failure(self._failed).run()

        connect(dialog.accepted, accepted)
        dialog.open()

    def replace_identity(self, child_id: str) -> None:
        """"Nytt identitetsnummer…": the child's samordningsnummer or reservnummer replaced
        by a personnummer, the old number kept in the identity history."""
        DbOp(self.runner, lambda s: children_service.child_body(s, child_id)).on_success(
            lambda body: self._identity_dialog(child_id, body)
        ).on_failure(self._failed).run()

    def _identity_dialog(self, child_id: str, body: dict[str, Any]) -> None:
        dialog = IdentityDialog(body, self._parent)
        self.dialog = dialog

        def accepted() -> None:
            number = dialog.number
            if number is None:
                return
            DbOp(
                self.runner,
                lambda s: children_service.replace_identity_number(s, child_id, number),
            ).on_success(
                lambda _r: self.message.emit(
                    translate(
                        "Workspace",
                        "Det nya personnumret är sparat. Det tidigare numret finns kvar i "
                        "barnets identitetshistorik.",
                    )
                )
            ).on_failure(self._failed).run()

        connect(dialog.accepted, accepted)
        dialog.open()

    def merge_child(self, child_id: str, child_name: str) -> None:
        """"Slå ihop med annat barn…": another record of the same child merged into this one
        on the central store (preview, confirm, undo within a day)."""
        dialog = MergeDialog(self.runner, child_id, child_name, self._parent)
        self.dialog = dialog
        connect(dialog.server_changed, self.server_changed.emit)
        dialog.open()

    # -- orosanmälan ------------------------------------------------------------------------
    def orosanmalan(self, child_id: str, child_name: str) -> None:
        compass = self.registry.compass()
        indicators = [
            (i.id, i.text, i.prompts_orosanmalan)
            for n in compass.needs
            for i in n.concern_indicators
        ]
        dialog = OrosanmalanDialog(child_name, indicators, self._parent)
        self.dialog = dialog

        def accepted() -> None:
            concern, ids, acute = dialog.values()
            DbOp(
                self.runner,
                lambda s: workflow.create_orosanmalan(
                    s, child_id, concern, concern_indicator_ids=ids, acute_danger=acute
                ),
            ).on_success(lambda _r: self._after_oros()).on_failure(self._failed).run()

        connect(dialog.accepted, accepted)
        dialog.open()

    def _after_oros(self) -> None:
        self.message.emit(
            translate(
                "Workspace",
                "Orosanmälan är upprättad. Skicka den till socialnämnden enligt er rutin.",
            )
        )

    # -- decisions --------------------------------------------------------------------------
    def _offer_barnteam(self, child_id: str, dialog: DecisionDialog) -> None:
        """Name the unit's standing Barnteam in the dialog: who "Barnteam" brings in."""
        directory = self.directory

        def show(team: teams_service.UnitBarnteam | None) -> None:
            if team is None:
                return
            unit = directory.unit_name(team.unit_id) or translate("DecisionDialog", "Enheten")
            people = [
                f"{directory.staff_name(m.staff_id)} ({directory.staff_title(m.staff_id)})"
                if directory.staff_title(m.staff_id) else directory.staff_name(m.staff_id)
                for m in team.members(date.today())
            ]
            if people:
                text = translate("DecisionDialog", "Barnteamet på %1: %2.").replace(
                    "%1", unit).replace("%2", ", ".join(people))
            else:
                text = translate("DecisionDialog", "%1 har inget Barnteam i Backa ännu. "
                                 "Enhetschefen lägger upp det under Barnkontakt och team."
                                 ).replace("%1", unit)
            with contextlib.suppress(RuntimeError):  # the dialog may be closed already
                dialog.set_barnteam(text)

        DbOp(self.runner, lambda s: teams_service.unit_barnteam_for_child(s, child_id)
             ).on_success(show).run()

    def decide_on_card(self, item: inbox_service.InboxItem) -> None:
        dialog = DecisionDialog(public_name(item.child_name, item.child_protected), self._parent)
        self.dialog = dialog
        if self.context is not None and item.child_id:
            attach_to_decision(self.context, item.child_id, dialog)
        if item.child_id:
            self._offer_barnteam(item.child_id, dialog)

        def accepted() -> None:
            beslut, motivation, follow_up = dialog.values()
            DbOp(
                self.runner,
                lambda s: inbox_service.decide_on_card(
                    s, item.record_id, beslut, motivation, follow_up=follow_up
                ),
            ).on_success(lambda _r: self._decided()).on_failure(self._failed).run()

        connect(dialog.accepted, accepted)
        dialog.open()

    def decide_for_child(self, child_id: str, child_name: str) -> None:
        dialog = DecisionDialog(child_name, self._parent)
        self.dialog = dialog
        if self.context is not None:
            attach_to_decision(self.context, child_id, dialog)
        self._offer_barnteam(child_id, dialog)

        def job(
            s: Session, beslut: str, motivation: str, follow_up: date | None
        ) -> tuple[Record, ChildStatus | None]:
            return workflow.decide(
                s,
                child_id,
                beslut,
                motivation,
                follow_up=follow_up,
                notify_upptackare=workflow.upptackare_of(s, child_id),
            )

        def accepted() -> None:
            beslut, motivation, follow_up = dialog.values()
            DbOp(self.runner, lambda s: job(s, beslut, motivation, follow_up)).on_success(
                lambda _r: self._decided()
            ).on_failure(self._failed).run()

        connect(dialog.accepted, accepted)
        dialog.open()

    def _decided(self) -> None:
        self.message.emit(
            translate(
                "Workspace",
                "Beslutet är sparat och skickat till upptäckaren. Berätta det för "
                "barnet och vårdnadshavarna.",
            )
        )

    # -- the inbox's quick answers ----------------------------------------------------------
    def acknowledge(self, item: inbox_service.InboxItem) -> None:
        DbOp(self.runner, lambda s: inbox_service.acknowledge(s, item.record_id)).on_failure(
            self._failed
        ).run()

    def family_told(self, item: inbox_service.InboxItem) -> None:
        DbOp(self.runner, lambda s: workflow.mark_family_told(s, item.record_id)).on_failure(
            self._failed
        ).run()

    def _failed(self, exc: BaseException) -> None:
        self.message.emit(error_text(exc))
