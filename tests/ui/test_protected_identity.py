"""A child with protected identity (skyddad identitet) in the real app, offscreen, on a real
encrypted folder: the list and the overview mark it (with an accessible name), no window
title names it, the log written meanwhile names nothing, and the profile dialog sets and
clears the mark. An ordinary child beside it keeps its name in titles, so the checks can
fail."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from backa_desktop.services.vault import Session
from backa_desktop.ui.child_dialogs import ChildDialog
from backa_desktop.ui.child_windows import CHILD_WINDOWS
from backa_desktop.ui.qt import QApplication, Qt
from backa_desktop.ui.screens.record_window import RecordWindow
from tests.services import protected_family as pf
from tests.services.workflow_helpers import PASSPHRASE, Folder
from tests.ui.conftest import Launch
from tests.ui.driving import open_child_by_search, timeline_texts, unlock

NAME = f"{pf.GIVEN} {pf.FAMILY}"
NEUTRAL = "Barn med skyddad identitet"
SECRETS = (pf.GIVEN, pf.FAMILY, pf.CHILD_PNR[2:8], pf.SCHOOL)


def _add_protected_child(folder: Folder) -> str:
    with folder.vault.unlock(PASSPHRASE) as s:
        session: Session = s
        return pf.protected_child(session).child_id


def _titles() -> list[str]:
    return [w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()]


def _open_every_window(app: Any, qtbot: Any) -> list[str]:
    ws = app.window.workspace
    titles: list[str] = []
    for kind in CHILD_WINDOWS:
        qtbot.mouseClick(ws.overview_screen.window_buttons[kind], Qt.MouseButton.LeftButton)
        window = ws._window
        titles.append(window.windowTitle())
        if kind == "plan":  # the plan window's own print preview
            window._print()
            titles.append(window.preview.windowTitle())
            window.preview.close()
        window.close()
    ws._decide_for_child(ws.overview_screen.child_id)
    titles.append(ws.child_actions.dialog.windowTitle())
    ws.child_actions.dialog.close()
    ws.orosanmalan(ws.overview_screen.child_id)
    titles.append(ws.child_actions.dialog.windowTitle())
    ws.child_actions.dialog.close()
    return titles


def test_protected_child_is_marked_and_named_in_no_title_or_log(
    folder: Folder, launch: Launch, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    _add_protected_child(folder)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace

    # the list: the marker in the row's text and in what a screen reader reads
    ws.show_list()
    qtbot.keyClicks(ws.list_screen.search, "Skydd")
    model = ws.list_screen.model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=3000)
    name_cell = model.index(0, 0)
    assert name_cell.data() == f"{pf.FAMILY}, {pf.GIVEN} – Skyddad identitet"
    assert "Skyddad identitet" in name_cell.data(Qt.ItemDataRole.AccessibleTextRole)
    assert "skyddad identitet" in name_cell.data(Qt.ItemDataRole.ToolTipRole)
    qtbot.keyClick(ws.list_screen.search, Qt.Key.Key_Return)

    # the overview: a visible badge with an accessible name
    overview = ws.overview_screen
    assert overview.protected_badge.isVisible()
    assert overview.protected_badge.text() == "Skyddad identitet"
    assert overview.protected_badge.accessibleName() == "Barnet har skyddad identitet"
    assert overview.name.text() == NAME  # the child's own screen still names the child

    titles = _open_every_window(app, qtbot)
    assert len(titles) == len(CHILD_WINDOWS) + 3
    # a timeline event without a window of its own opens a reading of the record
    row = next(r for r, t in enumerate(timeline_texts(app)) if t.startswith("Ny barnkontakt"))
    overview.timeline.activated.emit(overview.timeline_model.index(row, 1))
    assert isinstance(ws._window, RecordWindow)
    titles.append(ws._window.windowTitle())
    ws._window.close()
    for title in titles + _titles():
        assert pf.GIVEN not in title and pf.FAMILY not in title, title
    assert all(NEUTRAL in t for t in titles), titles
    assert any(t.startswith("Barnets plan") for t in titles)

    logged = caplog.text + "".join(
        p.read_text(encoding="utf-8") for p in (folder.vault.data_dir / "logs").glob("*.log*")
    ) if (folder.vault.data_dir / "logs").exists() else caplog.text
    for secret in SECRETS:
        assert secret not in logged


def test_an_ordinary_child_keeps_its_name_in_titles(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    ws = app.window.workspace
    assert not ws.overview_screen.protected_badge.isVisible()
    assert ws.list_screen.model.index(0, 0).data() == "Testsson, Sixten"
    titles = _open_every_window(app, qtbot)
    assert all("Sixten Testsson" in t for t in titles), titles


def test_the_child_dialog_sets_and_clears_the_mark(qtbot: Any) -> None:
    body = {"given_names": pf.GIVEN, "family_name": pf.FAMILY, "identity": pf.CHILD_PNR,
            "birth_date": "2017-01-02", "protected_identity": True, "guardians": []}
    dialog = ChildDialog({}, body, print_languages=[])
    qtbot.addWidget(dialog)
    assert dialog.protected.isChecked()
    assert dialog.protected.accessibleName() == "Skyddad identitet"
    dialog.protected.setChecked(False)
    dialog._accept()
    assert dialog.result_profile is not None and not dialog.result_profile.protected_identity

    new = ChildDialog({}, None, print_languages=[])
    qtbot.addWidget(new)
    assert not new.protected.isChecked()
    new.given.setText("Vilja")
    new.family.setText("Lind")
    new.identity.setText("20170102-2384")
    new.protected.setChecked(True)
    new._accept()
    assert new.result_profile is not None and new.result_profile.protected_identity




def test_in_english_the_marker_and_the_neutral_title_are_english(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    _add_protected_child(folder)
    app = launch(folder.vault.data_dir, "--language", "en")
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Skydd")
    ws = app.window.workspace
    assert ws.list_screen.model.index(0, 0).data().endswith(" – Protected identity")
    badge = ws.overview_screen.protected_badge
    assert badge.text() == "Protected identity"
    assert badge.accessibleName() == "The child has a protected identity"
    qtbot.mouseClick(ws.overview_screen.window_buttons["plan"], Qt.MouseButton.LeftButton)
    assert ws._window.windowTitle().endswith("Child with protected identity")
    assert pf.FAMILY not in ws._window.windowTitle()
