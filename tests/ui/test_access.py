"""Accessibility and layout: every interactive widget has an accessible name, the child list
has a sensible tab order, the layout holds at 200 % text size, and the item models pass
Qt's model tester."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from backa_desktop.domain import form_engine
from backa_desktop.services.children import ChildSummary
from backa_desktop.services.forms import FormRegistry, default_forms_dir
from backa_desktop.services.inbox import InboxItem
from backa_desktop.services.overview import Occasion, RaterSeries
from backa_desktop.services.timeline import TimelineEntry
from backa_desktop.ui.child_dialogs import ChildDialog, DecisionDialog, OrosanmalanDialog
from backa_desktop.ui.child_model import ChildTableModel
from backa_desktop.ui.form_view import FormView
from backa_desktop.ui.inbox_model import InboxModel
from backa_desktop.ui.qt import (
    QPushButton,
    Qt,
    QWidget,
)
from backa_desktop.ui.screens.child_mode import ChildModeWindow
from backa_desktop.ui.screens.first_run import FirstRunWizard, passphrase_strength
from backa_desktop.ui.timeline_model import RatingsOverTimeModel, TimelineModel
from tests.services.workflow_helpers import Folder
from tests.ui.conftest import Launch
from tests.ui.driving import open_child_by_search, unlock
from tests.ui.screen_checks import unnamed


@pytest.fixture(scope="module")
def registry() -> FormRegistry:
    return FormRegistry.load(default_forms_dir())


def test_every_form_renders_with_names_on_every_field(qtbot: Any, registry: FormRegistry) -> None:
    staff, units = {"s1": "Kalle Kollega"}, {"u1": "Förskolan Ekorren"}
    for definition in registry.all_forms():
        view = FormView(definition, staff=staff, units=units)
        qtbot.addWidget(view)
        view.set_response(form_engine.new_response(definition, "child-1"))
        slots = {s.key for s in form_engine.answer_slots(definition)}
        # every item kind has an editor (reading them builds the sections below the fold)
        assert set(view.editors) == slots, definition.id
        assert unnamed(view) == [], definition.id


def test_screens_and_dialogs_name_every_control(
    folder: Folder, launch: Launch, qtbot: Any, registry: FormRegistry
) -> None:
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    assert unnamed(wizard) == []
    app = launch(folder.vault.data_dir)
    assert unnamed(app.window) == []
    unlock(app, qtbot)
    ws = app.window.workspace
    assert unnamed(app.window) == []
    open_child_by_search(app, qtbot, "Sixten")
    assert unnamed(app.window) == []
    ws.show_inbox()
    assert unnamed(app.window) == []
    for dialog in (
        ChildDialog({"u": "Enhet"}),
        DecisionDialog("Sixten"),
        OrosanmalanDialog("Sixten", [("trygghet.x", "Tecken", True)]),
    ):
        qtbot.addWidget(dialog)
        assert unnamed(dialog) == [], type(dialog).__name__
    samtal = registry.get("samtal_4_6")
    child_mode = ChildModeWindow(samtal, registry.compass(), {}, child_name="Sixten")
    qtbot.addWidget(child_mode)
    assert unnamed(child_mode) == []
    assert len(child_mode.cards) == 8  # one big card per need


def test_child_list_tab_order(folder: Folder, launch: Launch, qtbot: Any) -> None:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    screen = app.window.workspace.list_screen
    chain = []
    w = screen.search
    for _ in range(8):
        chain.append(w)
        w = w.nextInFocusChain()
        while w.focusPolicy() == Qt.FocusPolicy.NoFocus or not w.isVisibleTo(screen):
            w = w.nextInFocusChain()
    assert chain[:7] == [
        screen.search,
        screen.mine,
        screen.my_unit,
        screen.due,
        screen.status,
        screen.table,
        screen.open_button,
    ]


def _clipped_buttons(root: QWidget) -> list[str]:
    clipped = []
    for b in root.findChildren(QPushButton):
        if b.isVisibleTo(root) and b.text():
            need = b.fontMetrics().horizontalAdvance(b.text().replace("&", ""))
            if b.width() < need:
                clipped.append(b.text())
    return clipped


def test_layout_holds_at_200_percent_text(folder: Folder, launch: Launch, qtbot: Any) -> None:
    app = launch(folder.vault.data_dir, "--font-scale", "2")
    window = app.window
    window.resize(1600, 1000)
    assert window.font().pointSizeF() >= 19
    unlock(app, qtbot)
    ws = window.workspace
    for show in (
        ws.show_list,
        lambda: open_child_by_search(app, qtbot, "Sixten"),
        ws.show_inbox,
        lambda: ws.forms.start("upptackarkort", ws.overview_screen.child_id),
    ):
        show()
        qtbot.wait(10)
        assert _clipped_buttons(window) == []
        hint = ws.stack.currentWidget().minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 900, hint
    ws.forms.start("samtal", ws.overview_screen.child_id)
    ws.form_screen.child_mode_button.click()
    child_mode = ws.forms.child_mode
    hint = child_mode.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 900, hint  # a laptop screen, full screen
    child_mode.leave()


def test_passphrase_strength_hint() -> None:
    assert passphrase_strength("kort")[0] == 0
    assert passphrase_strength("abcdefgh")[0] == 1
    assert passphrase_strength("häst batteri zebra lampa")[0] == 4


def test_item_models_pass_the_model_tester(qtmodeltester: Any) -> None:
    children = ChildTableModel()
    children.set_rows(
        [
            ChildSummary(
                "c1",
                "Sixten",
                "Testsson",
                "20170101-****",
                date(2017, 1, 1),
                None,
                "u1",
                "s1",
                date(2026, 1, 1),
            ),
            ChildSummary("c2", "Åsa", "Öberg", "20180101-****", None, None, None, None, None),
        ]
    )
    children.set_directory({"s1": "Berit"}, {"u1": "Förskolan"})
    qtmodeltester.check(children, force_py=True)
    timeline = TimelineModel()
    timeline.set_rows(
        [
            TimelineEntry(
                "2026-11-23T10:00:00Z",
                "decision",
                "r1",
                "Berit",
                beslut="barnteam",
                summary="Motivering",
            ),
            TimelineEntry("2026-11-20", "orosanmalan", "r2", "Ulla", staff_only=True),
        ]
    )
    qtmodeltester.check(timeline, force_py=True)
    inbox = InboxModel()
    inbox.set_rows(
        [
            InboxItem("new_card", "r1", "c1", "Sixten Testsson", "2026-11-23", who="Ulla"),
            InboxItem("follow_up", "c1", "c1", "Sixten Testsson", "2026-11-01", overdue=True),
        ]
    )
    qtmodeltester.check(inbox, force_py=True)
    over_time = RatingsOverTimeModel()
    series = RaterSeries("Berit", "staff", {"omsorg": 2.5, "trygghet": None}, "r1", "Kalle")
    child = RaterSeries("Barnet", "child", {"omsorg": 4.0}, "r2")
    over_time.set_data(
        [("omsorg", "OMSORG"), ("trygghet", "TRYGGHET")],
        [Occasion("2026-11-20", [series, child]), Occasion("2026-05-01", [series])],
        lambda r: r.label,
    )
    qtmodeltester.check(over_time, force_py=True)
    assert over_time.columnCount() == 3
    assert (
        over_time.headerData(0, Qt.Orientation.Horizontal, 0) == "2026-05-01\nBerit"
    )  # oldest first
    assert over_time.index(0, 0).data() == "2,5"
    assert over_time.index(1, 0).data() == "–"


def test_settings_change_the_idle_lock_and_are_kept(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.ui.qt import QDialogButtonBox
    from backa_desktop.ui.settings import UiSettings

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    window = app.window
    qtbot.mouseClick(window.workspace.settings_button, Qt.MouseButton.LeftButton)
    dialog = window._settings_dialog
    assert unnamed(dialog) == []
    dialog.idle.setValue(12)
    dialog.text_size.setCurrentIndex(dialog.text_size.findData(1.5))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert window.idle._timer.interval() == 12 * 60_000
    kept = UiSettings.load(folder.vault.data_dir)
    assert (kept.idle_minutes, kept.font_scale, kept.language) == (12.0, 1.5, "sv")
    assert (folder.vault.data_dir / "ui-settings.json").stat().st_mode & 0o077 == 0
