"""Sync wired into the main window: the status bar, "Synka nu" and "Inställningar för
synkning", notifications for new inbox items, conflicts and purge notices in the inbox, a
sync after each signed document, nothing while locked and a catch-up on unlock.

It follows the window's own life cycle (the workspace appearing in and leaving the window's
stack) instead of asking the window to call it, so the window stays about windows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backa_desktop.services import sync_service
from backa_desktop.ui.conflict_view import SyncNotices
from backa_desktop.ui.enroll_dialog import EnrollDialog
from backa_desktop.ui.qt import QAction, QApplication, QKeySequence, QObject, connect, translate
from backa_desktop.ui.sync_controller import SyncController
from backa_desktop.ui.sync_status import SyncStatusWidget
from backa_desktop.ui.tasks import DbOp

if TYPE_CHECKING:  # the window builds this object; importing it here would be a cycle
    from backa_desktop.services.inbox import InboxItem
    from backa_desktop.ui.main_window import MainWindow
    from backa_desktop.ui.workspace import Workspace

NOTIFY_MS = 12000


class SyncUi(QObject):
    def __init__(self, window: MainWindow, controller: SyncController) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.workspace: Workspace | None = None
        self.notices: SyncNotices | None = None
        self.dialog: EnrollDialog | None = None
        self.status_widget = SyncStatusWidget()
        window.statusBar().addPermanentWidget(self.status_widget)
        self.sync_action = QAction(translate("Sync", "Synka nu"), window)
        self.sync_action.setShortcut(QKeySequence("F5"))
        self.settings_action = QAction(translate("Sync", "Inställningar för synkning …"), window)
        window.addAction(self.sync_action)
        window.addAction(self.settings_action)
        connect(self.sync_action.triggered, lambda *_: controller.sync_now())
        connect(self.settings_action.triggered, lambda *_: self.open_settings())
        connect(self.status_widget.sync_requested, controller.sync_now)
        connect(self.status_widget.settings_requested, self.open_settings)
        connect(controller.view_changed, self.status_widget.show_view)
        connect(controller.new_inbox, self._new_inbox)
        connect(controller.purged, self._purged)
        connect(controller.conflicts_found, self._conflicts)
        connect(controller.synced, self._synced)
        connect(window.stack.currentChanged, lambda _i: self._face_changed())
        self._face_changed()

    # -- lock / unlock ------------------------------------------------------------------------
    def _face_changed(self) -> None:
        ws = self.window.workspace
        if ws is self.workspace:
            return
        self.workspace = ws
        if ws is None:
            self.notices = None
            self.controller.locked()
            return
        notices = SyncNotices(self.controller.runner, ws)
        self.notices = notices
        ws.inbox_screen.show_notices(notices)
        connect(notices.message, self.window.status)
        connect(notices.changed, self.controller.document_signed)
        connect(ws.inbox_button.clicked, lambda *_: notices.refresh())
        connect(ws.forms.signed, lambda *_: self.controller.document_signed())
        notices.refresh(ws.directory)
        self.controller.unlocked(ws.directory)

    # -- settings -----------------------------------------------------------------------------
    def open_settings(self) -> None:
        if self.workspace is None:
            return
        DbOp(self.controller.runner, sync_service.enrollment_info).on_success(
            self._show_settings
        ).on_failure(lambda _e: None).run()

    def _show_settings(self, current: tuple[str, str] | None) -> None:
        dialog = EnrollDialog(
            self.controller.runner,
            current,
            transport_factory=self.controller.transport_factory,
            parent=self.window,
        )
        self.dialog = dialog
        connect(dialog.enrolled, lambda result: self._enrolled(result))
        dialog.open()

    def _enrolled(self, result: sync_service.Enrolled) -> None:
        self.window.status(
            translate("Sync", "Datorn är ansluten som %1. Synkningen börjar nu.").replace(
                "%1", str(result.display_name)
            )
        )
        self.controller.enrolled()

    # -- after a sync -------------------------------------------------------------------------
    def _new_inbox(self, items: list[InboxItem]) -> None:
        ws = self.workspace
        if ws is None:
            return
        cards = sum(1 for i in items if i.kind in ("new_card", "anonymous_card"))
        text = (
            translate("Sync", "Nytt i inkorgen: %1 nya upptäckarkort.").replace("%1", str(cards))
            if cards
            else translate("Sync", "Nytt i inkorgen: %1.").replace("%1", str(len(items)))
        )
        self.window.statusBar().showMessage(text, NOTIFY_MS)
        ws.refresh_inbox_count()
        QApplication.alert(self.window)
        if ws.nav.get("page") == "inbox":
            ws.show_inbox()

    def _purged(self, notices: list[sync_service.PurgeNotice]) -> None:
        ws = self.workspace
        self.window.statusBar().showMessage(
            translate(
                "Sync",
                "Ett barn togs bort från datorn eftersom din behörighet upphörde. Se inkorgen.",
            ),
            NOTIFY_MS,
        )
        if ws is None:
            return
        gone = {n.child_id for n in notices}
        if ws.nav.get("child_id") in gone:
            ws.show_list()
        ws.refresh_inbox_count()

    def _conflicts(self, count: int) -> None:
        self.window.statusBar().showMessage(
            translate("Sync", "Två ändringar krockade. Välj vad som ska gälla i inkorgen."),
            NOTIFY_MS,
        )
        if self.notices is not None:
            self.notices.refresh()

    def _synced(self, outcome: sync_service.SyncOutcome) -> None:
        ws = self.workspace
        if ws is None:
            return
        if self.notices is not None and (outcome.purged or outcome.conflicts):
            self.notices.refresh()
        report = outcome.report
        if report.pulled or report.purged or report.disposed or report.dropped:
            page = ws.nav.get("page")
            if page == "list":
                ws.list_screen.refresh()
            elif page == "inbox":
                ws.show_inbox()
            ws.refresh_inbox_count()
