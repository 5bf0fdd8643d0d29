"""Opening a child from the list: the overview comes to the front once the child's page is
loaded, so it is never shown (nor painted) with the child seen before, and a load that
arrives after the user went elsewhere does not pull them back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from backa_desktop.domain.people import ChildProfile
from backa_desktop.domain.records import RecordType
from backa_desktop.services.changes import Changes
from backa_desktop.services.children import save_child
from backa_desktop.ui.qt import Qt
from tests.services.workflow_helpers import PASSPHRASE, Folder
from tests.ui.conftest import Launch
from tests.ui.driving import current_form, open_child_by_search, unlock

Job = tuple[Callable[[], Any], Any, Any]


def _second_child(folder: Folder) -> str:
    with folder.vault.unlock(PASSPHRASE) as s:
        return save_child(s, ChildProfile(
            given_names="Vera", family_name="Testsson", identity="201701022384",
            birth_date=date(2017, 1, 2),
        )).id


def _hold(runner: Any) -> list[Job]:
    """Keep the database jobs submitted from now on until the test runs them."""
    held: list[Job] = []
    runner.submit_db = lambda fn, ok, fail: held.append((fn, ok, fail))
    return held


def _release(runner: Any, held: list[Job]) -> None:
    del runner.submit_db  # the class's own again
    while held:
        runner.submit_db(*held.pop(0))


def test_the_overview_shows_when_the_child_is_loaded(folder: Folder, launch: Launch,
                                                     qtbot: Any) -> None:
    vera = _second_child(folder)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    ws = app.window.workspace
    overview = ws.overview_screen
    assert overview.child_id == folder.child
    ws.show_list()

    held = _hold(app.runner)
    ws.open_child(vera)
    assert held, "the child's page is loaded on the database thread"
    assert ws.stack.currentWidget() is ws.list_screen  # not Sixten's overview
    assert overview.child_id == folder.child
    _release(app.runner, held)
    assert ws.stack.currentWidget() is overview
    assert overview.child_id == vera and "Vera" in overview.name.text()

    ws.show_list()
    held = _hold(app.runner)
    ws.open_child(folder.child)
    ws.show_list()  # changed their mind before the page came
    _release(app.runner, held)
    assert ws.stack.currentWidget() is ws.list_screen
    assert ws.nav == {"page": "list"}


def test_closing_a_form_goes_straight_back_to_the_overview(folder: Folder, launch: Launch,
                                                           qtbot: Any) -> None:
    """The form stays in front until the child's overview has its page (it is kept for the
    next opening, and saves, signs and closes nothing more), then the overview takes its
    place: never the screen that happens to lie next to it in the stack, nor the overview
    painted with the page it showed before."""
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    ws.show_inbox()  # a screen the stack could fall back to
    open_child_by_search(app, qtbot, "Sixten")
    qtbot.mouseClick(ws.overview_screen.form_buttons["upptackarkort"],
                     Qt.MouseButton.LeftButton)
    screen = current_form(app)
    held = _hold(app.runner)
    screen.closed.emit(screen)
    assert ws.stack.currentWidget() is screen and screen.retired
    _release(app.runner, held)
    assert ws.stack.currentWidget() is ws.overview_screen
    assert ws.overview_screen.child_id == folder.child


def test_the_inbox_count_waits_for_the_child_being_loaded(folder: Folder, launch: Launch,
                                                          qtbot: Any) -> None:
    """A change to the child whose page is on its way (after signing) counts the inbox once
    that page is shown, not beside it; the count is not lost."""
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    counts: list[int] = []
    original = ws._set_inbox_count
    ws._set_inbox_count = lambda n: (counts.append(n), original(n))
    held = _hold(app.runner)
    ws.open_child(folder.child)
    app.runner.publish(Changes(record_types=frozenset({RecordType.FORM_RESPONSE}),
                               child_ids=frozenset({folder.child})))
    assert len(held) == 1  # the page only, no count beside it
    _release(app.runner, held)
    assert ws.overview_screen.child_id == folder.child and not counts
    qtbot.waitUntil(lambda: bool(counts), timeout=3000)  # after the page, in the next turn

    before = len(counts)
    app.runner.publish(Changes(record_types=frozenset({RecordType.FORM_RESPONSE}),
                               child_ids=frozenset({folder.child})))
    assert len(counts) > before  # nothing on its way: counted at once


def test_who_can_see_keeps_its_lines_when_they_read_the_same(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    """Opening the same child again loads who can see it again but keeps the labels when the
    lines read the same (new labels cost the overview a layout and a paint); another child's
    lines replace them."""
    vera = _second_child(folder)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    panel = ws.overview_screen.who_can_see

    def labels() -> list[Any]:
        return [panel.lines.itemAt(i).widget() for i in range(panel.lines.count())]

    def opened(child_id: str) -> None:
        ws.show_list()
        ws.open_child(child_id)
        qtbot.waitUntil(lambda: ws.overview_screen.child_id == child_id and app.runner.idle,
                        timeout=5000)

    opened(folder.child)
    sixten, first = panel.texts(), labels()
    assert sixten and sixten[0].startswith("Berit Barnkontakt")
    opened(folder.child)
    assert labels() == first and panel.texts() == sixten  # the same labels, not rebuilt
    opened(vera)
    assert panel.texts() != sixten
    opened(folder.child)
    assert panel.texts() == sixten and labels() != first


def test_the_overview_paints_its_own_background_and_is_not_opaque(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    """The overview's scrolled content is not an auto-filled (opaque) widget, which Qt paints
    in a pass of its own and then again with the window, but paints the same background as
    one: the palette's window colour."""
    from backa_desktop.ui.qt import QImage, QScrollArea, QWidget

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    scroll = app.window.workspace.overview_screen.findChild(QScrollArea)
    body = scroll.widget()
    assert not body.autoFillBackground() and not scroll.viewport().autoFillBackground()
    image = QImage(body.size(), QImage.Format.Format_ARGB32)
    image.fill(0)
    body.render(image, renderFlags=QWidget.RenderFlag.DrawWindowBackground)  # no children
    window = body.palette().window().color().rgba()
    corners = [(0, 0), (body.width() - 1, body.height() - 1), (body.width() // 2, 5)]
    assert [image.pixel(x, y) for x, y in corners] == [window] * 3
