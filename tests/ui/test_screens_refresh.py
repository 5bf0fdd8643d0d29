"""Screens refresh themselves: a change made in one window reaches every other open screen
through the task runner's one `changed` signal, and a screen the change does not concern is
not reloaded. Real encrypted folder, real widgets offscreen; loads are counted by wrapping
each screen's loading method on the instance (the screens call it through `self`)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from backa_desktop.domain.consent import ConsentScope
from backa_desktop.domain.records import RecordType
from backa_desktop.services.changes import Changes
from backa_desktop.ui import plan_widgets as P
from backa_desktop.ui.child_dialogs import ChildDialog
from backa_desktop.ui.qt import QDialogButtonBox, Qt
from backa_desktop.ui.screens.consent_window import ConsentDialog, ConsentWindow
from backa_desktop.ui.screens.plan_window import PlanWindow
from backa_desktop.ui.screens.teams_window import TeamsWindow
from backa_desktop.ui.team_dialogs import HandoverDialog
from tests.services.workflow_helpers import Folder
from tests.ui.conftest import Launch
from tests.ui.driving import open_child_by_search, timeline_texts, type_text, unlock

OK = QDialogButtonBox.StandardButton.Ok


def _ok(dialog: Any, qtbot: Any) -> None:
    qtbot.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)


def _count(loads: Counter[str], key: str, obj: Any, method: str) -> None:
    original = getattr(obj, method)

    def counted(*args: Any, **kwargs: Any) -> Any:
        loads[key] += 1
        return original(*args, **kwargs)

    setattr(obj, method, counted)


def _open_windows(app: Any) -> tuple[PlanWindow, ConsentWindow, TeamsWindow]:
    ws = app.window.workspace
    opened = []
    for kind in ("plan", "consent", "teams"):
        ws.open_child_window(kind, ws.nav["child_id"])
        opened.append(ws._window)
    plan, consent, teams = opened
    assert isinstance(plan, PlanWindow) and isinstance(consent, ConsentWindow)
    assert isinstance(teams, TeamsWindow)
    return plan, consent, teams


def _watch(app: Any, windows: tuple[PlanWindow, ConsentWindow, TeamsWindow]) -> Counter[str]:
    ws = app.window.workspace
    loads: Counter[str] = Counter()
    plan, consent, teams = windows
    _count(loads, "plan", plan, "reload")
    _count(loads, "consent", consent, "reload")
    _count(loads, "teams", teams, "reload")
    _count(loads, "overview", ws.overview_screen, "show_overview")
    _count(loads, "inbox count", ws, "_set_inbox_count")
    ws.list_screen.search_requested.connect(lambda *_: loads.update(["list"]))
    return loads


def test_a_change_in_one_window_shows_in_the_others_and_only_where_it_concerns(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    open_child_by_search(app, qtbot, "Sixt")
    windows = _open_windows(app)
    plan, consent, teams = windows
    loads = _watch(app, windows)
    announced: list[Changes] = []
    app.runner.changed.connect(announced.append)

    # Saving the plan: the plan window and the overview (the timeline has a plan entry now),
    # the inbox count (plan tasks are in the inbox); not the consents, the team or the
    # hidden child list.
    before = len(timeline_texts(app))
    type_text(plan.form.reason, "Sixten har svårt att hitta kompisar.")
    qtbot.mouseClick(plan.save_button, Qt.MouseButton.LeftButton)
    assert plan.state.text() == "Version 1."
    assert len(timeline_texts(app)) == before + 1
    assert loads == Counter({"plan": 1, "overview": 1, "inbox count": 1})
    assert len(announced) == 1 and announced[0].plans and announced[0].about(folder.child)

    # A consent: the consent window and the overview only.
    loads.clear()
    qtbot.mouseClick(consent.add_button, Qt.MouseButton.LeftButton)
    dialog = consent._dialog
    assert isinstance(dialog, ConsentDialog)
    dialog.scopes[ConsentScope.BARNTEAM].setChecked(True)
    type_text(dialog.filed_at, "Pärm 3")
    _ok(dialog, qtbot)
    assert consent.table.rowCount() == 1
    assert loads == Counter({"consent": 1, "overview": 1})

    # Editing the child from the workspace: the overview shows the new name; no window about
    # the plan, the consents or the team is reloaded for it.
    loads.clear()
    ws.edit_child(folder.child)
    child_dialog = ws._dialog
    assert isinstance(child_dialog, ChildDialog)
    type_text(child_dialog.family, "Testberg")
    _ok(child_dialog, qtbot)
    assert ws.overview_screen.name.text() == "Sixten Testberg"
    assert loads["overview"] == 1 and loads["inbox count"] == 1
    assert loads["plan"] == loads["consent"] == loads["teams"] == loads["list"] == 0

    # Unsaved typing kept as a draft concerns no window and not the list or the inbox.
    loads.clear()
    type_text(plan.form.child_view, "Sixten vill leka mer.")
    plan.flush()
    assert loads == Counter({"overview": 1})  # the timeline lists the child's drafts
    assert announced[-1].drafts and not announced[-1].plans

    # With the child list in view, a handover in the team window (another window) shows
    # there at once: the list searches again, and the team window shows the new Barnkontakt.
    ws.show_list()
    qtbot.waitUntil(lambda: ws.list_screen.model.rowCount() == 1, timeout=3000)
    loads.clear()
    qtbot.mouseClick(teams.handover_button, Qt.MouseButton.LeftButton)
    handover = teams._dialog
    assert isinstance(handover, HandoverDialog)
    P.set_combo_data(handover.to_staff, folder.colleague)
    _ok(handover, qtbot)
    assert teams.current.text().startswith("Barnkontakt nu: Kalle Kollega")
    assert loads["list"] == 1 and loads["teams"] == 1
    assert loads["consent"] == 1  # what is shared follows the team
    assert loads["overview"] == 0  # not in view: it loads when the child is opened


def test_a_failed_save_announces_nothing_and_a_read_announces_nothing(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    """Only committed writes count: a rolled-back use case and plain reads send no signal."""
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    announced: list[Changes] = []
    app.runner.changed.connect(announced.append)
    open_child_by_search(app, qtbot, "Sixt")  # searches and loads: reads only
    assert announced == []

    def half_written(s: Any) -> None:
        with s.db.transaction():  # the test reaches into the store; the UI never does
            body = {"child_id": folder.child, "happened_on": "2026-01-05", "text": "Kastas."}
            s.repo.create(RecordType.NOTE, body, child_id=folder.child)
            raise RuntimeError("fel mitt i")

    failures: list[BaseException] = []
    from backa_desktop.ui.tasks import DbOp

    DbOp(app.runner, half_written).on_failure(failures.append).run()
    assert [str(e) for e in failures] == ["fel mitt i"]
    assert announced == []
    assert ws.nav["page"] == "child"
