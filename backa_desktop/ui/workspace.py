"""The unlocked app: navigation between the child list, the inbox, a child and a form.

A workspace exists only while the vault is unlocked. Locking flushes drafts, remembers where
the user was (`snapshot()`), and the window throws the workspace away; unlocking builds a new
one and `restore()`s the place, and the form reopens from its saved draft.

No callback here refreshes a screen: after every database job the task runner says what
changed (`TaskRunner.changed`), and the child list, the inbox, the child in view and each
window about a child refresh themselves when it concerns them. Callbacks only navigate.
What the user changes through a dialog (a child's details, an orosanmälan, a decision) is
`ui/child_actions.ChildActions`; the forms are `ui/form_controller.FormController`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from backa_desktop.domain.forms import other_unit_name
from backa_desktop.services import children as children_service
from backa_desktop.services import form_filling, sync_service, workflow
from backa_desktop.services import inbox as inbox_service
from backa_desktop.services import log_review as log_review_service
from backa_desktop.services import overview as overview_service
from backa_desktop.services import statistics as statistics_service
from backa_desktop.services import timeline as timeline_service
from backa_desktop.services.changes import Changes
from backa_desktop.services.forms import FormRegistry
from backa_desktop.services.vault import Session
from backa_desktop.ui import child_windows, labels
from backa_desktop.ui import widgets as W
from backa_desktop.ui.child_actions import ChildActions
from backa_desktop.ui.errors import error_text
from backa_desktop.ui.form_controller import FormController
from backa_desktop.ui.idle import unwatched
from backa_desktop.ui.qt import (
    QDialog,
    QHBoxLayout,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    connect,
    translate,
)
from backa_desktop.ui.screens.child_list import ChildListScreen
from backa_desktop.ui.screens.child_overview import ChildOverviewScreen
from backa_desktop.ui.screens.form_screen import FormScreen
from backa_desktop.ui.screens.inbox import InboxScreen
from backa_desktop.ui.screens.statistics_window import StatisticsWindow
from backa_desktop.ui.tasks import DbOp, TaskRunner
from backa_desktop.ui.window_context import WindowContext

PREPARE_CARD_MS = 3000
"""How long after the first screen after unlocking an Upptäckarkort's screen is built ahead."""


class Workspace(QWidget):
    lock_requested = Signal()
    settings_requested = Signal()
    message = Signal(str)
    document_signed = Signal()  # a signed document (or decision) is worth sending soon
    _window: QDialog | None = None  # the open window about the child, likewise
    _log_review: QDialog | None = None  # the log review window, kept referenced while shown

    def __init__(
        self,
        runner: TaskRunner,
        registry: FormRegistry,
        me: dict[str, Any],
        directory: overview_service.Directory,
        verify_passphrase: Callable[[str], bool],
        *,
        child_mode_scale: float = 1.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.registry = registry
        self.me = me
        self.directory = directory
        self.context = WindowContext(runner, registry, directory, me)
        self._nav: dict[str, Any] = {"page": "list"}
        self._loads_pending: dict[str, int] = {}  # child id -> loads queued, not yet shown
        self._count_after_load = False  # the inbox count waits for the child being loaded
        self.form_screen: FormScreen | None = None
        self.forms_by_key = {(f.id, f.version): f for f in registry.all_forms()}
        compass = registry.compass()
        self.need_labels = {n.id.value: n.label for n in compass.needs}
        self.child_actions = ChildActions(runner, registry, directory, self)
        self.child_actions.context = self.context  # the decision dialog's consent notice
        self.forms = FormController(
            runner,
            registry,
            verify_passphrase,
            lambda: self.directory,
            me=lambda: self.me,
            child_mode_scale=child_mode_scale,
            parent=self,
            screen_parent=lambda: self.stack,
        )

        self.list_button = W.button(translate("Workspace", "Barn"))
        self.inbox_button = W.button(translate("Workspace", "Inkorg"))
        self.oros_button = W.button(translate("Workspace", "Orosanmälan"), danger=True)
        self.oros_button.setToolTip(
            translate(
                "Workspace",
                "Orosanmälan för barnet du har öppet. Kräver inget samtycke och visas aldrig "
                "för vårdnadshavarna.",
            )
        )
        self.oros_button.setVisible(False)
        self.log_review_button = W.button(translate("Workspace", "Loggkontroll"))
        self.log_review_button.setToolTip(
            translate("Workspace", "Loggkontroll av enhetens personal (hämtas från servern)")
        )
        self.log_review_button.setVisible(
            bool(set(me.get("roles") or []) & log_review_service.REVIEW_ROLES)
        )
        self.settings_button = W.button(translate("Workspace", "Inställningar"))
        # Unit leads and coordinators follow their unit's work in numbers from the server.
        self.stats_button = W.button(translate("Workspace", "Statistik"))
        self.stats_button.setVisible(statistics_service.may_view(me.get("roles", [])))
        self.lock_button = W.button(translate("Workspace", "Lås"))
        self.lock_button.setToolTip(translate("Workspace", "Lås nu (Ctrl+L)"))
        roles = ", ".join(labels.role(r) for r in me.get("roles", []))
        self.who = W.label(
            f"{me.get('name', '')} · {directory.unit_name(me.get('unit_id'))}"
            + (f" · {roles}" if roles else ""),
            "muted",
            wrap=True,
        )
        self.who.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        nav = QHBoxLayout()
        nav.addWidget(self.list_button)
        nav.addWidget(self.inbox_button)
        nav.addStretch(1)
        nav.addWidget(self.who, 1)
        nav.addWidget(self.oros_button)
        nav.addWidget(self.stats_button)
        nav.addWidget(self.log_review_button)
        nav.addWidget(self.settings_button)
        nav.addWidget(self.lock_button)

        self.list_screen = ChildListScreen()
        self.list_screen.set_me(me)
        self.list_screen.set_directory(directory.staff_names(), directory.unit_names())
        self.inbox_screen = InboxScreen()
        self._overview: ChildOverviewScreen | None = None  # made when first needed
        self.stack = QStackedWidget()
        for screen in (self.list_screen, self.inbox_screen):
            self.stack.addWidget(screen)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addLayout(nav)
        lay.addWidget(self.stack, 1)

        connect(self.list_button.clicked, self.show_list)
        connect(self.inbox_button.clicked, self.show_inbox)
        connect(self.lock_button.clicked, self.lock_requested.emit)
        connect(self.settings_button.clicked, self.settings_requested.emit)
        connect(self.stats_button.clicked, lambda *_: self.open_statistics())
        connect(self.log_review_button.clicked, self.open_log_review)
        connect(self.oros_button.clicked, self._oros_for_current)
        connect(self.list_screen.search_requested, self._search)
        connect(self.list_screen.open_child, self.open_child)
        connect(self.list_screen.add_child, lambda: self.edit_child(None))
        connect(self.child_actions.server_changed, self.document_signed.emit)
        connect(self.inbox_screen.open_child, self.open_child)
        connect(self.inbox_screen.open_record, self.open_record)
        connect(self.inbox_screen.decide, self.child_actions.decide_on_card)
        connect(self.inbox_screen.acknowledge, self.child_actions.acknowledge)
        connect(self.inbox_screen.family_told, self.child_actions.family_told)
        connect(self.inbox_screen.open_conflict, self._open_conflict)
        self._notices: QWidget | None = None
        connect(self.child_actions.child_added, self.open_child)
        connect(self.child_actions.message, self.message.emit)
        connect(self.forms.opened, self._show_form)
        connect(self.forms.closed, self._form_closed)
        connect(self.stack.currentChanged, self._put_away_kept_forms)
        connect(self.forms.signed, self._signed)
        connect(self.forms.message, self.message.emit)
        connect(self.forms.orosanmalan_requested, self.orosanmalan)
        connect(runner.changed, self.list_screen.changes_made)
        connect(runner.changed, self._changes_made)
        # The inbox count and the child overview wait until the first screen (the child list,
        # or wherever the user was) has its data: started beside it, the count held the GIL
        # while the list was painted, and the overview (hundreds of widgets) was built on the
        # way to a list that does not show it.
        self._first_shown = False
        QTimer.singleShot(0, self, self._after_first_screen_soon)

    @property
    def overview_screen(self) -> ChildOverviewScreen:
        """The child's overview, made on first use (or when the first screen is shown)."""
        if self._overview is None:
            with unwatched():  # thousands of events while it is built (ui/idle.py)
                self._overview = self._make_overview()
        return self._overview

    def _make_overview(self) -> ChildOverviewScreen:
        overview = ChildOverviewScreen(self.stack)
        overview.set_need_labels(self.need_labels)
        self.stack.addWidget(overview)
        connect(overview.back, self.show_list)
        connect(overview.reveal_requested, self._reveal)
        connect(overview.open_record, self.open_record)
        connect(overview.start_form, self.forms.start)
        connect(overview.orosanmalan_requested, self.orosanmalan)
        connect(overview.edit_child, self.edit_child)
        connect(overview.replace_identity, self.child_actions.replace_identity)
        connect(overview.merge_requested, self._merge_child)
        connect(overview.open_window, self.open_child_window)
        connect(overview.decide_requested, self._decide_for_child)
        overview.offer_windows(set(child_windows.CHILD_WINDOWS))
        return overview

    def _after_first_screen_soon(self) -> None:
        """Once every job queued so far (the first screen's data) is delivered and painted:
        a job queued now runs after them on the database thread, and its callback's zero
        timer fires after the paint the data posted."""
        DbOp(self.runner, lambda _s: None).on_success(
            lambda _r: QTimer.singleShot(0, self, self._after_first_screen)
        ).on_failure(lambda _e: None).run()  # only when locked meanwhile: nothing to do

    def _after_first_screen(self) -> None:
        if self._first_shown:
            return
        self._first_shown = True
        self.refresh_inbox_count()
        _ = self.overview_screen
        # while the user looks at the first screen, not while it is painted or the first
        # child opens (~100 ms of the GUI thread)
        QTimer.singleShot(PREPARE_CARD_MS, self, self.forms.prepare_card)

    @property
    def _dialog(self) -> QDialog | None:
        """The open dialog about a child (the tests answer it)."""
        return self.child_actions.dialog

    # -- navigation -------------------------------------------------------------------------
    @property
    def nav(self) -> dict[str, Any]:
        return self._nav

    @nav.setter
    def nav(self, value: dict[str, Any]) -> None:
        """Where the user is; the orosanmälan button follows the child in view."""
        self._nav = value
        child = value.get("child_id")
        # the overview has its own button; elsewhere (a form) this one follows the child
        self.oros_button.setVisible(
            bool(child) and child != workflow.ANONYMOUS_CHILD and value.get("page") != "child"
        )

    def _oros_for_current(self) -> None:
        child = self.nav.get("child_id")
        if child:
            self.orosanmalan(str(child))

    def show_list(self) -> None:
        self._leave_form()
        self.nav = {"page": "list"}
        self.stack.setCurrentWidget(self.list_screen)
        self.list_screen.refresh()
        self.list_screen.search.setFocus()

    def _changes_made(self, changes: Changes) -> None:
        """The inbox and the child in view refresh themselves when a change concerns them."""
        child = self.nav.get("child_id")
        if changes.purged:  # access ended: nothing of the child is left, a kept form neither
            self.forms.forget_kept()
        if child and child in changes.purged:
            self.show_list()
        elif (self.nav.get("page") == "child" and changes.about(child)
              and not self._loads_pending.get(str(child))):
            # A load of this child still queued runs after the change was committed (the
            # database thread takes jobs in order), so it already shows it: loading again
            # would only paint the same screen twice (after signing, the form's close
            # queues one).
            self._load_child(str(child))
        if changes.inbox or changes.sync_notices:  # sync conflicts are listed in the inbox
            if self.nav.get("page") == "inbox":
                self._load_inbox()  # sets the count too
            elif self._loads_pending.get(str(child)):
                # After signing, the child's page is on its way: the count (a few hundred
                # milliseconds of Python for a large caseload) runs once it is painted, not
                # beside the painting, where it held the GIL half the time.
                self._count_after_load = True
            else:
                self.refresh_inbox_count()

    def show_sync_notices(self, notices: QWidget) -> None:
        """The sync's conflicts and notices, shown at the top of the inbox."""
        self.inbox_screen.show_notices(notices)
        self._notices = notices

    def _open_conflict(self, conflict_id: str) -> None:
        opener = getattr(self._notices, "open_conflict", None)
        if opener is not None:
            opener(conflict_id)

    def show_inbox(self) -> None:
        self._leave_form()
        self.nav = {"page": "inbox"}
        self.stack.setCurrentWidget(self.inbox_screen)
        self._load_inbox()

    def _load_inbox(self) -> None:
        directory = self.directory
        DbOp(self.runner, lambda s: sync_service.inbox_with_conflicts(s, directory)).on_success(
            self._inbox_loaded
        ).on_failure(self._failed).run()

    def _inbox_loaded(self, items: list[inbox_service.InboxItem]) -> None:
        self.inbox_screen.show_items(items)
        self._set_inbox_count(len(items))

    def refresh_inbox_count(self) -> None:
        directory = self.directory
        DbOp(
            self.runner, lambda s: len(sync_service.inbox_with_conflicts(s, directory))
        ).on_success(self._set_inbox_count).on_failure(self._failed).run()

    def _set_inbox_count(self, n: int) -> None:
        text = (
            translate("Workspace", "Inkorg (%1)").replace("%1", str(n))
            if n
            else translate("Workspace", "Inkorg")
        )
        self.inbox_button.setText(text)
        self.inbox_button.setAccessibleName(text)

    def open_child(self, child_id: str) -> None:
        """The overview comes to the front when the child's page is loaded (`_child_loaded`),
        not before: shown at once it would be painted with the child seen last, then again.
        Leaving a form, the form stays in front until then when the form controller keeps
        its screen for the next opening (one paint of the overview less after signing);
        else the overview takes the form's place at once (the stack would otherwise show
        whichever screen is next to the form)."""
        leaving_form = self.form_screen is not None and (
            self.stack.currentWidget() is self.form_screen)
        kept = self._leave_form()
        self.nav = {"page": "child", "child_id": child_id}
        if leaving_form and not kept:
            self.stack.setCurrentWidget(self.overview_screen)
        self._load_child(child_id)

    def _front_overview(self, child_id: str) -> None:
        """Bring the overview to the front if the user is still on the way to this child."""
        if self.nav.get("page") == "child" and self.nav.get("child_id") == child_id:
            self.stack.setCurrentWidget(self.overview_screen)

    def _load_child(self, child_id: str) -> None:
        forms, directory = self.forms_by_key, self.directory

        def job(
            s: Session,
        ) -> tuple[overview_service.ChildOverview, list[timeline_service.TimelineEntry]]:
            return timeline_service.child_page(s, child_id, forms, directory)

        def done() -> None:
            left = self._loads_pending.get(child_id, 0) - 1
            if left > 0:
                self._loads_pending[child_id] = left
            else:
                self._loads_pending.pop(child_id, None)
            if self._count_after_load and not self._loads_pending:
                self._count_after_load = False
                # a zero timer fires after the events already posted: the new page's paint
                QTimer.singleShot(0, self, self.refresh_inbox_count)

        def loaded(
            result: tuple[overview_service.ChildOverview, list[timeline_service.TimelineEntry]],
        ) -> None:
            done()
            self._child_loaded(result)

        def failed(exc: BaseException) -> None:
            done()
            self._front_overview(child_id)
            self._failed(exc)

        self._loads_pending[child_id] = self._loads_pending.get(child_id, 0) + 1
        DbOp(self.runner, job).on_success(loaded).on_failure(failed).run()

    def _child_loaded(
        self, result: tuple[overview_service.ChildOverview, list[timeline_service.TimelineEntry]]
    ) -> None:
        ov, tl = result
        with unwatched():  # a filled overview sends thousands of events (ui/idle.py)
            self.overview_screen.show_overview(ov)
            # the Barnkontakt decides on the child's process (after the talk, or a team
            # meeting)
            self.overview_screen.decide_button.setVisible(
                ov.header.barnkontakt_id == self.me.get("id"))
            self.overview_screen.show_timeline(tl)
            self._front_overview(ov.header.child_id)
        self.overview_screen.who_can_see.load(self.context, ov.header.child_id)

    def open_record(self, record_id: str) -> None:
        """Every event opens what it is about: a form, the plan, the reports of concern, or a
        read-only window for the rest (decisions, consents, Barnkontakt and team changes)."""
        registry, directory = self.registry, self.directory

        def job(s: Session) -> Any:
            from backa_desktop.services.documents.reading import record_target

            return record_target(s, record_id, directory, registry)

        def route(target: Any) -> None:
            if target.kind == "form":
                self.forms.open_record(record_id)
            else:
                self._window = child_windows.open_record(self.context, target, self)

        DbOp(self.runner, job).on_success(route).on_failure(self._failed).run()

    def _show_form(self, screen: FormScreen) -> None:
        # Closing goes back to the child the form was opened from, also when the document
        # itself names no child (an anonymous card, opened from the child's timeline).
        back = self.nav.get("back_to") or self.nav.get("child_id") or ""
        self._leave_form()
        self.form_screen = screen
        if self.stack.indexOf(screen) < 0:  # a new screen, or a kept one (still its child)
            self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        self.nav = {
            "page": "form",
            "child_id": screen.response().child_id,
            "form_id": screen.definition.id,
            "record_id": screen.record_id,
            "draft_key": screen.draft_key,
            "back_to": back if back != workflow.ANONYMOUS_CHILD else "",
        }
        screen.view.setFocus()

    def _form_closed(self, screen: FormScreen) -> None:
        child_id = screen.response().child_id
        if self.form_screen is screen and self.nav.get("back_to"):
            child_id = str(self.nav["back_to"])
        if child_id and child_id != workflow.ANONYMOUS_CHILD:
            self.open_child(child_id)
        else:
            self.show_inbox()

    def _leave_form(self) -> bool:
        """Done with the open form (its draft saved). A screen the form controller keeps for
        the next opening stays in the stack, in front until the caller shows another screen
        (so the screen next to it in the stack is never painted in between); True then."""
        screen, self.form_screen = self.form_screen, None
        if screen is None:
            return False
        screen.flush()
        if self.forms.keep(screen):
            return True
        self.stack.removeWidget(screen)
        screen.deleteLater()
        return False

    def _put_away_kept_forms(self, _index: int) -> None:
        """A kept form screen out of view leaves the stack (it stays the stack's child, so
        it is not styled again when it comes back): a stack is as large as its largest
        screen, shown or not."""
        for i in reversed(range(self.stack.count())):
            widget = self.stack.widget(i)
            if (isinstance(widget, FormScreen) and widget.retired
                    and widget is not self.stack.currentWidget()):
                self.stack.removeWidget(widget)

    def _signed(self, screen: FormScreen, result: Any) -> None:
        title = screen.definition.title
        if isinstance(result, workflow.CardResult) and result.anonymous:
            text = translate(
                "Workspace",
                "Upptäckarkortet är skickat utan barnets identitet, eftersom samtycke saknas.",
            )
        else:
            text = translate("Workspace", "%1 är signerat och låst.").replace("%1", title)
        if isinstance(result, workflow.CardResult):
            other = other_unit_name(
                workflow.receiving_unit(screen.definition, dict(screen.response().answers))
            )
            if other:  # nobody at a unit outside Backa receives the card through the app
                text += " " + translate(
                    "Workspace", "%1 finns inte i Backa och får inte kortet här. Skriv ut "
                    "kortet och lämna det till enheten enligt er rutin.").replace("%1", other)
        self.message.emit(text)
        self.document_signed.emit()
        self._form_closed(screen)

    # -- lock support -----------------------------------------------------------------------
    def flush_drafts(self) -> None:
        self.forms.close_child_mode_for_lock()
        if self.form_screen is not None:
            self.form_screen.flush()
        if self._window is not None:
            child_windows.flush_drafts(self._window)

    def snapshot(self) -> dict[str, Any]:
        return dict(self.nav)

    def restore(self, nav: dict[str, Any]) -> None:
        page = nav.get("page")
        if page == "child" and nav.get("child_id"):
            self.open_child(nav["child_id"])
        elif page == "inbox":
            self.show_inbox()
        elif page == "form":
            if nav.get("record_id"):
                self.forms.open_record(nav["record_id"])
            elif nav.get("child_id"):
                use = form_filling.form_use(str(nav.get("form_id", "")))
                self.forms.start(use, nav["child_id"])
        else:
            self.show_list()

    # -- child ops --------------------------------------------------------------------------
    def _search(self, text: str, filters: dict[str, Any], generation: int) -> None:
        flt = children_service.ChildFilter(**filters)
        limit = self.list_screen.limit
        DbOp(
            self.runner, lambda s: children_service.search_children(s, text, flt, limit=limit)
        ).on_success(lambda rows: self.list_screen.show_results(rows, generation)).on_failure(
            self._failed
        ).run()

    def _reveal(self, child_id: str) -> None:
        DbOp(self.runner, lambda s: overview_service.reveal_identity(s, child_id)).on_success(
            self.overview_screen.show_identity
        ).on_failure(self._failed).run()

    def edit_child(self, child_id: str | None) -> None:
        self.child_actions.edit_child(child_id)

    def orosanmalan(self, child_id: str) -> None:
        """The orosanmälan dialog, named for the child in view or in the open form."""
        if self.overview_screen.child_id == child_id:
            name = self.overview_screen.public_name
        elif self.form_screen is not None:
            name = self.form_screen.child_name
        else:
            name = ""
        self.child_actions.orosanmalan(child_id, name)

    def _merge_child(self, child_id: str) -> None:
        self.child_actions.merge_child(child_id, self.overview_screen.public_name)

    def _decide_for_child(self, child_id: str) -> None:
        self.child_actions.decide_for_child(child_id, self.overview_screen.public_name)

    def open_statistics(self) -> StatisticsWindow:
        window = StatisticsWindow(self.context, self.need_labels, self)
        window.show()
        return window

    def open_log_review(self) -> None:
        from backa_desktop.ui.screens.log_review_window import LogReviewWindow

        self._log_review = LogReviewWindow(self.context, parent=self)
        self._log_review.show()

    def open_child_window(self, kind: str, child_id: str) -> None:
        name, age = self.overview_screen.name.text(), self.overview_screen.child_age
        self._window = child_windows.open_child_window(
            kind, self.context, child_id, name, age, self,
            protected=self.overview_screen.child_protected, previous=self._window,
        )

    def _failed(self, exc: BaseException) -> None:
        self.message.emit(error_text(exc))
