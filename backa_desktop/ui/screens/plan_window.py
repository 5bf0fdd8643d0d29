"""Barnets plan: one window per child with the plan, its actions and the follow-up meetings.
The plan's own fields are `ui/plan_form.PlanForm`; this window loads, saves, keeps drafts and
holds the actions and meetings.

Built for someone who has never seen a SIP: every field says in plain Swedish what to write,
the needs are pre-ticked from the compass, the Barnkontakt is filled in, and "Spara" is the
only way anything is stored (each save is a new version, listed under "Tidigare versioner").
Unsaved typing is kept as a local draft when the window closes or the app locks, and offered
again next time, so nothing typed is lost.
"""

from __future__ import annotations

from typing import TypeVar

from backa_desktop.domain.plan import (
    BarnetsPlan,
    PlanAction,
)
from backa_desktop.services import plans
from backa_desktop.services.changes import Changes
from backa_desktop.ui import plan_labels as L
from backa_desktop.ui import plan_widgets as P
from backa_desktop.ui import widgets as W
from backa_desktop.ui.child_window import ChildWindow
from backa_desktop.ui.idle import unwatched
from backa_desktop.ui.plan_dialogs import ActionDialog, MeetingDialog, VersionsDialog
from backa_desktop.ui.plan_form import PlanForm
from backa_desktop.ui.print_preview import open_preview, standard_choices
from backa_desktop.ui.qt import (
    QDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QTimer,
    QVBoxLayout,
    QWidget,
    connect,
    translate,
)
from backa_desktop.ui.window_context import WindowContext

DRAFT_DELAY_MS = 1500
T = TypeVar("T")



class PlanWindow(ChildWindow):
    """The plan window for one child."""

    _dialog: QDialog  # the open dialog, kept referenced while it is shown

    def __init__(
        self, ctx: WindowContext, child_id: str, child_name: str, child_age: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, child_id, child_name, parent)
        self.child_age = child_age
        self.view: plans.PlanView | None = None
        self.dirty = False
        self._loading = False
        self._show_when_loaded = False  # a reopened window shows itself with its new data
        self.opened_as: tuple[str, int | None, bool] | None = None
        """The name, age and protection the overview opened the window with: a closed window
        is reopened only for the same (`child_windows.open_child_window`)."""
        # unsaved typing goes to a local draft at most DRAFT_DELAY_MS after it was typed, so a
        # crash loses at most that moment; a lock flushes at once (Workspace.flush_drafts)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        connect(self._draft_timer.timeout, self.flush)
        self.setWindowTitle(translate("Plan", "Barnets plan – %1").replace("%1", child_name))
        self.resize(1040, 800)
        directory = ctx.directory
        self.staff = directory.staff_names()
        self.units = directory.unit_names()
        self.staff_units = directory.staff_units()
        compass = ctx.registry.compass()
        self.need_labels = {n.id.value: n.label for n in compass.needs}

        self.title = W.label(translate("Plan", "Barnets plan för %1").replace("%1", child_name),
                             "title")
        self.state = W.label("", "muted")
        self.state.setAccessibleName(translate("Plan", "Planens läge"))
        self.banner = W.label("", "banner")
        self.banner.setVisible(False)
        self.error = W.error_label()

        # Built in place, from the window down: a widget moved to a new parent has the
        # application style sheet applied to it and everything in it again, and the plan
        # form built apart and then moved into its tab and the window paid that three times.
        self.tabs = W.named(QTabWidget(), translate("Plan", "Planens delar"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.state)
        lay.addWidget(self.banner)
        lay.addWidget(self.error)
        lay.addWidget(self.tabs, 1)
        self.form = PlanForm(self.staff, self.units, self.staff_units, self.need_labels,
                             directory=directory,
                             place=lambda form: self.tabs.addTab(form, translate("Plan", "Planen")))
        # The Insatser and Uppföljning tabs are built when first shown (or first used): the
        # window opens on "Planen", and their widgets were a part of every first opening.
        self._actions: _ActionsPage | None = None
        self._meetings: _MeetingsPage | None = None
        self._actions_holder = _Holder()
        self._meetings_holder = _Holder()
        self.tabs.addTab(self._actions_holder, translate("Plan", "Insatser"))
        self.tabs.addTab(self._meetings_holder, translate("Plan", "Uppföljning"))

        self.save_button = W.button(translate("Plan", "Spara"), primary=True)
        self.save_button.setToolTip(translate("Plan", "Spara planen (Ctrl+S)"))
        self.save_button.setShortcut("Ctrl+S")
        self.versions_button = W.button(translate("Plan", "Tidigare versioner…"))
        self.print_button = W.button(translate("Plan", "Skriv ut…"))
        self.close_button = W.button(translate("Plan", "Stäng"))
        lay.addWidget(W.row(self.versions_button, self.print_button, self.save_button,
                            self.close_button, stretch_first=True))

        self._connect()
        self.reload()

    # -- building ---------------------------------------------------------------------------
    def _tab_shown(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self._actions_holder:
            self._actions_page()
        elif widget is self._meetings_holder:
            self._meetings_page()

    def _actions_page(self) -> _ActionsPage:
        if self._actions is None:
            with unwatched():  # its events while built (ui/idle.py)
                page = self._actions = _ActionsPage()
                self._actions_holder.box.addWidget(page.page)
                page.page.show()  # at once, not in the event loop's next turn (a new child)
                connect(page.add_action_button.clicked, lambda: self._action_dialog(None))
                connect(page.edit_action_button.clicked, self._edit_selected)
                connect(page.actions_table.activated, lambda _i: self._edit_selected())
                connect(page.remove_action_button.clicked, self._remove_selected)
                self._splice_tab_order(page.page, self.form)
            if self.view is not None:
                self._show_actions(self.view)
        return self._actions

    def _meetings_page(self) -> _MeetingsPage:
        if self._meetings is None:
            with unwatched():
                page = self._meetings = _MeetingsPage()
                self._meetings_holder.box.addWidget(page.page)
                page.page.show()
                connect(page.add_meeting_button.clicked, self._meeting_dialog)
                self._splice_tab_order(
                    page.page, self._actions.page if self._actions is not None else self.form)
            if self.view is not None:
                self._show_meetings(self.view)
        return self._meetings

    def _splice_tab_order(self, page: QWidget, after: QWidget) -> None:
        """A widget made later goes to the end of its window's focus chain (after "Stäng");
        put the new tab's widgets where they were when every tab was built with the window:
        after those of the tab before it (`after`), before the window's buttons."""
        chain = self._focus_chain()
        anchor = next((w for w in reversed(chain) if after.isAncestorOf(w)), None)
        if anchor is None:
            return
        for widget in [w for w in chain if page.isAncestorOf(w)]:
            QWidget.setTabOrder(anchor, widget)
            anchor = widget

    def _focus_chain(self) -> list[QWidget]:
        return W.tab_chain(self)

    # the tabs' widgets, built on first use
    @property
    def actions_table(self) -> QTableWidget:
        return self._actions_page().actions_table

    @property
    def add_action_button(self) -> QPushButton:
        return self._actions_page().add_action_button

    @property
    def edit_action_button(self) -> QPushButton:
        return self._actions_page().edit_action_button

    @property
    def remove_action_button(self) -> QPushButton:
        return self._actions_page().remove_action_button

    @property
    def actions_hint(self) -> QLabel:
        return self._actions_page().actions_hint

    @property
    def meetings_table(self) -> QTableWidget:
        return self._meetings_page().meetings_table

    @property
    def add_meeting_button(self) -> QPushButton:
        return self._meetings_page().add_meeting_button

    @property
    def next_meeting(self) -> QLabel:
        return self._meetings_page().next_meeting

    def _connect(self) -> None:
        connect(self.form.edited, self._edited)
        connect(self.save_button.clicked, self.save)
        connect(self.versions_button.clicked, self._versions)
        connect(self.print_button.clicked, self._print)
        connect(self.close_button.clicked, self.close)
        connect(self.tabs.currentChanged, self._tab_shown)

    # -- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        child_id, directory = self.child_id, self.ctx.directory
        self._run(lambda s: plans.load_plan(s, child_id, directory), self._show)

    def shows(self, changes: Changes) -> bool:
        """The plan, its actions or the child's team changed (here, in another window, or
        by a sync). Typing not yet saved is kept (see `_show`)."""
        return changes.plans or changes.teams

    def reopen(self) -> None:
        """Open the closed window again for the same child, as a new window would open (the
        plan as stored, a draft offered, the first tab, no old message), without building its
        hundreds of widgets again: that was most of the time a click on "Barnets plan" took.
        It shows itself when the plan is loaded, so the last opening is never painted."""
        self._draft_timer.stop()
        self.dirty = False
        self.view = None
        self.banner.setVisible(False)
        W.show_error(self.error, "")
        self.tabs.setCurrentIndex(0)
        self.form.verticalScrollBar().setValue(0)
        self._show_when_loaded = True
        self.reload()

    def _shown_now(self) -> None:
        if self._show_when_loaded:
            self._show_when_loaded = False
            self.show()

    def _failed(self, exc: BaseException) -> None:
        super()._failed(exc)
        self._shown_now()  # a reopened window says what failed

    def _show(self, view: plans.PlanView) -> None:
        self.view = view
        for picker in (self.form.barnkontakt, self.form.stodsamordnare):
            picker.set_first_unit(view.child_unit_id)
        typed = self.form.state() if self.dirty else None
        self._loading = True
        try:
            self.form.fill(view.plan)
            if typed is not None:  # a meeting or an action was saved: keep the typing
                self.form.apply_state(typed)
            elif view.draft:
                self.form.apply_state(view.draft)
                self.banner.setText(translate(
                    "Plan", "Osparade ändringar från förra gången är återställda. "
                    "Tryck Spara för att spara dem."))
                self.banner.setVisible(True)
        finally:
            self._loading = False
        self.dirty = typed is not None or bool(view.draft)
        self.versions_button.setEnabled(view.plan_id is not None)
        if self._actions is not None:
            self._show_actions(view)
        if self._meetings is not None:
            self._show_meetings(view)
        unmet = [self.need_labels.get(n.value, n.value) for n in view.unmet_needs]
        self.form.needs_hint.setText(
            translate("Plan", "Förslag från Behovskompassen: %1")
            .replace("%1", ", ".join(unmet)) if unmet else ""
        )
        self._update_state()
        self._shown_now()

    def _show_meetings(self, view: plans.PlanView) -> None:
        page = self._meetings_page()
        page.add_meeting_button.setEnabled(view.plan_id is not None)
        page.meetings_table.setRowCount(0)
        P.fill_table(page.meetings_table,
                     [[m.held_on.isoformat(), m.notes] for m in reversed(view.plan.follow_ups)])
        plan = view.plan
        page.next_meeting.setText(
            translate("Plan", "Nästa uppföljning: %1 %2")
            .replace("%1", P.iso(plan.next_follow_up_on))
            .replace("%2", plan.next_follow_up_place).strip()
            if plan.next_follow_up_on else translate("Plan", "Ingen uppföljning är bokad ännu.")
        )

    def _show_actions(self, view: plans.PlanView) -> None:
        saved = view.plan_id is not None
        for b in (self.add_action_button, self.edit_action_button, self.remove_action_button):
            b.setEnabled(saved)
        self.actions_hint.setVisible(not saved)
        rows = []
        for row in view.actions:
            a = row.action
            who = self.staff.get(a.responsible_staff_id or "", "") or a.responsible_name
            rows.append([a.what, who, self.units.get(a.responsible_unit_id or "", ""),
                         P.iso(a.due_on), L.action_status(a.status)])
        P.fill_table(self.actions_table, rows, [r.record_id for r in view.actions])

    def _update_state(self) -> None:
        view = self.view
        if view is None or view.plan_id is None:
            text = translate("Plan", "Ny plan – inte sparad ännu.")
        else:
            text = translate("Plan", "Version %1.").replace("%1", str(view.revision))
        if self.dirty:
            text += " " + translate("Plan", "Osparade ändringar.")
        self.state.setText(text)

    def _edited(self) -> None:
        if not self._loading:
            self.dirty = True
            self._update_state()
            if not self._draft_timer.isActive():  # a throttle: steady typing is kept too
                self._draft_timer.start()

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> None:
        if self.view is None:
            return
        W.show_error(self.error, "")
        plan = BarnetsPlan.model_validate(self.form.to_plan(self.view.plan).model_dump())
        plan_id, revision = self.view.plan_id, self.view.revision or None
        self._run(
            lambda s: plans.save_plan(s, plan, plan_id, expected_revision=revision),
            lambda _r: self._saved(),
        )

    def _saved(self) -> None:
        self._draft_timer.stop()
        self.dirty = False
        self.banner.setVisible(False)

    def flush(self) -> None:
        """Keep unsaved typing as a local draft (on close and on lock)."""
        self._draft_timer.stop()
        if not self.dirty or self.view is None:
            return
        state, child_id = self.form.state(), self.child_id
        self._run(lambda s: plans.save_plan_draft(s, child_id, state), lambda _r: None)

    def done(self, result: int) -> None:
        """Every way the window goes away keeps unsaved typing: Escape and "Stäng" end in
        `reject`, which hides the dialog without a `closeEvent`, and a close (the title bar's
        cross, `close()`) ends here too, through `QDialog.closeEvent`."""
        self.flush()
        super().done(result)

    def failure_text(self, exc: BaseException) -> str:
        if isinstance(exc, plans.StaleRevision):
            return translate("Plan", "Planen har ändrats av någon annan sedan du öppnade den. "
                             "Dina ändringar finns kvar: stäng och öppna planen igen.")
        return super().failure_text(exc)

    # -- actions ----------------------------------------------------------------------------
    def _action_dialog(self, row: plans.ActionRow | None) -> None:
        if self.view is None or self.view.plan_id is None:
            return
        dialog = ActionDialog(self.ctx.directory, self.units, self.staff_units,
                              row.action if row else None, self,
                              first_unit=self.view.child_unit_id)
        self._dialog = dialog
        plan_id, child_id = self.view.plan_id, self.child_id

        def accepted() -> None:
            values = dialog.result_values
            if values is None:
                return
            if row is None:
                action = PlanAction(plan_id=plan_id, order=len(self.view.actions if self.view
                                                                else []), **values)
                self._run(lambda s: plans.add_action(s, child_id, action),
                          lambda _r: None)
            else:
                changed = row.action.model_copy(update=values)
                changed = PlanAction.model_validate(changed.model_dump())
                self._run(lambda s: plans.update_action(s, row.record_id, changed),
                          lambda _r: None)

        connect(dialog.accepted, accepted)
        dialog.open()

    def _selected_action(self) -> plans.ActionRow | None:
        key = P.selected_key(self.actions_table)
        if self.view is None or key is None:
            return None
        return next((r for r in self.view.actions if r.record_id == key), None)

    def _edit_selected(self) -> None:
        row = self._selected_action()
        if row is not None:
            self._action_dialog(row)

    def _remove_selected(self) -> None:
        row = self._selected_action()
        if row is not None:
            self._run(lambda s: plans.remove_action(s, row.record_id), lambda _r: None)

    def _meeting_dialog(self) -> None:
        if self.view is None or self.view.plan_id is None:
            return
        dialog = MeetingDialog(self)
        self._dialog = dialog
        plan_id = self.view.plan_id

        def accepted() -> None:
            meeting, next_on, place = dialog.values()
            self._run(lambda s: plans.add_meeting(s, plan_id, meeting, next_on, place),
                      lambda _r: None)

        connect(dialog.accepted, accepted)
        dialog.open()

    def _versions(self) -> None:
        if self.view is None or self.view.plan_id is None:
            return
        plan_id, directory = self.view.plan_id, self.ctx.directory

        def show(versions: list[plans.PlanVersion]) -> None:
            dialog = VersionsDialog(versions, self)
            self._dialog = dialog
            dialog.open()

        self._run(lambda s: plans.plan_versions(s, plan_id, directory), show)

    def _print(self) -> None:
        choices = [c for c in standard_choices(self.child_age)
                   if c.kind.value == "plan"] + [
            c for c in standard_choices(self.child_age) if c.kind.value != "plan"]
        self.preview = open_preview(self.ctx, self.child_id, self.child_name, choices, 0, self)


class _Holder(QWidget):
    """An empty tab page that its tab's content is built into when first shown."""

    def __init__(self) -> None:
        super().__init__()
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)


class _ActionsPage:
    """The Insatser tab: who does what, and when."""

    def __init__(self) -> None:
        self.actions_table = P.table(
            translate("Plan", "Insatser"),
            [translate("Plan", "Vad"), translate("Plan", "Vem"), translate("Plan", "Enhet"),
             translate("Plan", "Klart senast"), translate("Plan", "Status")],
        )
        self.add_action_button = W.button(translate("Plan", "Lägg till insats…"), primary=True)
        self.edit_action_button = W.button(translate("Plan", "Ändra…"))
        self.remove_action_button = W.button(translate("Plan", "Ta bort"))
        self.actions_hint = W.label(
            translate("Plan", "Spara planen först, sedan kan du lägga till insatser."), "muted"
        )
        self.page = QWidget()
        al = QVBoxLayout(self.page)
        al.addWidget(W.label(translate(
            "Plan", "Vem gör vad, och när? Varje insats har en ansvarig och ett datum."), "muted"))
        al.addWidget(self.actions_table, 1)
        al.addWidget(self.actions_hint)
        al.addWidget(W.row(self.add_action_button, self.edit_action_button,
                           self.remove_action_button, stretch_end=True))


class _MeetingsPage:
    """The Uppföljning tab: the follow-up meetings held and the next one."""

    def __init__(self) -> None:
        self.meetings_table = P.table(
            translate("Plan", "Uppföljningsmöten"),
            [translate("Plan", "Datum"), translate("Plan", "Anteckningar")],
        )
        self.add_meeting_button = W.button(translate("Plan", "Lägg till möte…"))
        self.page = QWidget()
        ml = QVBoxLayout(self.page)
        self.next_meeting = W.label("", "subtitle")
        self.next_meeting.setAccessibleName(translate("Plan", "Nästa uppföljning"))
        ml.addWidget(self.next_meeting)
        ml.addWidget(self.meetings_table, 1)
        ml.addWidget(W.row(self.add_meeting_button, stretch_end=True))


def open_plan(ctx: WindowContext, child_id: str, child_name: str, child_age: int | None,
              parent: QWidget | None = None) -> PlanWindow:
    window = PlanWindow(ctx, child_id, child_name, child_age, parent)
    window.show()
    return window


__all__ = ["PlanWindow", "open_plan"]
