"""'Slå ihop med annat barn…' in the real app at 200 % text, offscreen, against a real
`backa-central` process: Anna, Barnkontakt of two records of the same child, opens one,
searches the other, sees the preview, merges, and undoes the merge; the central store holds
the redirect after the merge and not after the undo. Without a server the dialog says that
nothing was changed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from backa_desktop.central.db import child_redirects
from backa_desktop.central.service import CentralService
from backa_desktop.domain.people import ChildProfile
from backa_desktop.domain.records import RecordType
from backa_desktop.services.children import save_child
from backa_desktop.ui.merge_dialog import MergeDialog
from backa_desktop.ui.qt import QScrollArea, Qt
from tests.central.builders import unique_identity
from tests.central.people import People, make_people
from tests.central.support import ServerProcess, service_for
from tests.services.workflow_helpers import PASSPHRASE
from tests.sync.devices import barnkontakt_body
from tests.ui.conftest import Launch
from tests.ui.driving import open_child_by_search, unlock
from tests.ui.layout_checks import layout_faults
from tests.ui.sync_folders import enroll_folder, fresh_vault, sync_folder


@pytest.fixture
def people(db_url: str) -> Iterator[People]:
    service: CentralService = service_for(db_url)
    try:
        yield make_people(service, ("anna",))
    finally:
        service.engine.dispose()


def _redirects(db_url: str) -> dict[str, str]:
    service = service_for(db_url)
    try:
        with service.engine.connect() as conn:
            return dict(
                conn.execute(
                    select(child_redirects.c.merged_id, child_redirects.c.survivor_id)
                ).all()
            )
    finally:
        service.engine.dispose()


def _open_dialog(app: Any, qtbot: Any) -> MergeDialog:
    ws = app.window.workspace
    qtbot.mouseClick(ws.overview_screen.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(ws.child_actions.dialog, MergeDialog), timeout=3000)
    dialog = ws.child_actions.dialog
    assert isinstance(dialog, MergeDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    return dialog


def test_merge_and_undo_from_the_overview(
    tmp_path: Path, server: ServerProcess, people: People, db_url: str, launch: Launch,
    qtbot: Any,
) -> None:
    vault = fresh_vault(tmp_path / "anna", "Anna Andersson")
    enroll_folder(vault, server.base_url, people.name("anna"))
    ids: dict[str, str] = {}
    with vault.unlock(PASSPHRASE) as session:
        for family, born in (("Sammanslagen", date(2018, 3, 1)), ("Kvarvarande", date(2018, 3, 2))):
            child = save_child(
                session,
                ChildProfile(
                    given_names="Nora",
                    family_name=family,
                    identity=unique_identity(born),
                    birth_date=born,
                ),
            ).id
            session.repo.create(
                RecordType.BARNKONTAKT,
                barnkontakt_body(child, people.anna, people.bvc),
                child_id=child,
            )
            ids[family] = child
    sync_folder(vault)
    merged, survivor = ids["Sammanslagen"], ids["Kvarvarande"]

    app = launch(vault.data_dir, "--font-scale", "2")
    app.window.resize(1366, 900)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Kvarvarande")
    overview = app.window.workspace.overview_screen
    assert overview.merge_button.isVisible()
    assert overview.merge_button.accessibleName() == "Slå ihop med annat barn…"
    # At 200 % the button fits beside the child's facts: the overview needs no sideways scroll.
    qtbot.wait(100)
    for area in overview.findChildren(QScrollArea):
        assert area.horizontalScrollBar().maximum() == 0
    dialog = _open_dialog(app, qtbot)
    assert "Kvarvarande" not in dialog.windowTitle()  # no child in a window title

    qtbot.keyClicks(dialog.search, "Sammanslagen")
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=5000)
    dialog.results.setCurrentRow(0)
    qtbot.waitUntil(dialog.preview_button.isEnabled, timeout=20000)
    assert not dialog.merge_button.isEnabled()  # nothing is merged before the preview
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.merge_button.isEnabled, timeout=20000)
    text = dialog.preview.text()
    assert "Flyttas till det här barnet: 1 Barnkontakt-uppdrag." in text
    assert "efternamn" in text and "Barnkontakt för Nora Sammanslagen: Anna." in text
    qtbot.wait(100)
    assert layout_faults(dialog) == [], layout_faults(dialog)
    assert _redirects(db_url).get(merged) is None

    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.undo_button.isVisible, timeout=20000)
    assert "sammanslagna" in dialog.status.text()
    assert _redirects(db_url) == {merged: survivor}
    qtbot.wait(100)
    assert layout_faults(dialog) == [], layout_faults(dialog)

    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "ångrad" in dialog.status.text(), timeout=20000)
    assert not dialog.undo_button.isVisible()
    assert merged not in _redirects(db_url)
    dialog.close()


def test_without_a_server_the_dialog_says_nothing_was_changed(
    tmp_path: Path, server: ServerProcess, people: People, launch: Launch, qtbot: Any
) -> None:
    vault = fresh_vault(tmp_path / "anna", "Anna Andersson")
    enroll_folder(vault, server.base_url, people.name("anna"))
    with vault.unlock(PASSPHRASE) as session:
        for family, born in (("Offlinesson", date(2018, 4, 1)), ("Annansson", date(2018, 4, 2))):
            save_child(
                session,
                ChildProfile(
                    given_names="Nora",
                    family_name=family,
                    identity=unique_identity(born),
                    birth_date=born,
                ),
            )
    server.stop()
    app = launch(vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Offlinesson")
    dialog = _open_dialog(app, qtbot)
    qtbot.keyClicks(dialog.search, "Annansson")
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=5000)
    dialog.results.setCurrentRow(0)
    qtbot.waitUntil(dialog.preview_button.isEnabled, timeout=5000)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error.isVisible, timeout=20000)
    assert "Inget har ändrats" in dialog.error.text()
    assert not dialog.merge_button.isEnabled()
    dialog.close()
