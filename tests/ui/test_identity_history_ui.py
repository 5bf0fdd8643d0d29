"""A child's identity history in the real app, offscreen, on a real encrypted folder: the
overview names the kind of the child's number and offers "Nytt identitetsnummer…" only for a
samordningsnummer or reservnummer; the dialog refuses an invalid number, the same number and
a number of another birth month next to the field, keeping what was typed; an accepted number
becomes the child's, the old one is listed masked as an earlier number, and search still finds
the child by it. In English the same, without Swedish text."""

from __future__ import annotations

from datetime import date
from typing import Any

from backa_desktop.domain.identity import IdentityKind, test_series_number
from backa_desktop.domain.people import ChildProfile
from backa_desktop.services.children import save_child
from backa_desktop.ui.child_dialogs import IdentityDialog
from backa_desktop.ui.qt import Qt
from tests.services.workflow_helpers import PASSPHRASE, Folder
from tests.ui.conftest import Launch
from tests.ui.driving import open_child_by_search, unlock

BORN = date(2019, 5, 14)
SAMORDNING = test_series_number(BORN, female=True, samordningsnummer=True)
PERSONNUMMER = test_series_number(BORN, female=True)
OTHER_MONTH = test_series_number(date(2019, 7, 14), female=True)


def _add_child(folder: Folder, identity: str, kind: IdentityKind) -> str:
    with folder.vault.unlock(PASSPHRASE) as session:
        profile = ChildProfile(
            given_names="Nora",
            family_name="Nummertest",
            identity=identity,
            identity_kind=kind,
            birth_date=BORN,
        )
        return save_child(session, profile).id


def _dialog(app: Any, qtbot: Any) -> IdentityDialog:
    ws = app.window.workspace
    qtbot.mouseClick(ws.overview_screen.replace_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(ws.child_actions.dialog, IdentityDialog), timeout=3000)
    dialog = ws.child_actions.dialog
    assert isinstance(dialog, IdentityDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    return dialog


def _try(dialog: IdentityDialog, qtbot: Any, text: str) -> str:
    dialog.identity.clear()
    qtbot.keyClicks(dialog.identity, text)
    dialog._accept()
    return dialog.error.text() if dialog.error.isVisible() else ""


def test_a_new_personnummer_keeps_the_old_number_in_the_history(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    _add_child(folder, SAMORDNING, IdentityKind.SAMORDNINGSNUMMER)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Nummertest")
    screen = app.window.workspace.overview_screen
    assert screen.identity_caption.text() == "Samordningsnummer:"
    # a screen reader hears the number's kind too, not "Personnummer"
    assert screen.identity.accessibleName() == "Samordningsnummer, dolt"
    assert screen.replace_button.isVisible() and not screen.earlier.isVisible()

    dialog = _dialog(app, qtbot)
    assert "identitetshistorik" in dialog.findChildren(type(dialog.error))[0].text()
    # Bad input is told next to the field, and the typed text stays.
    assert _try(dialog, qtbot, "2019051") != ""
    assert dialog.identity.text() == "2019051" and dialog.isVisible()
    assert _try(dialog, qtbot, f"{SAMORDNING[:8]}-{SAMORDNING[8:]}") == (
        "Barnet har redan det numret."
    )
    assert _try(dialog, qtbot, OTHER_MONTH) == "Födelsedatumet stämmer inte med personnumret."
    assert dialog.isVisible() and screen.identity_caption.text() == "Samordningsnummer:"

    assert _try(dialog, qtbot, f"{PERSONNUMMER[:8]}-{PERSONNUMMER[8:]}") == ""
    qtbot.waitUntil(lambda: screen.identity_caption.text() == "Personnummer:", timeout=3000)
    assert not dialog.isVisible()
    assert screen.identity.text() == f"{PERSONNUMMER[:8]}-****"
    assert screen.identity.accessibleName() == "Personnummer, dolt"
    assert not screen.replace_button.isVisible()
    earlier = screen.earlier.text()
    assert screen.earlier.isVisible()
    assert f"{SAMORDNING[:8]}-****" in earlier and "samordningsnummer" in earlier
    assert date.today().isoformat() in earlier
    assert SAMORDNING[8:] not in earlier  # masked like the current number

    # The old number still finds the child.
    open_child_by_search(app, qtbot, SAMORDNING)
    assert screen.identity.text() == f"{PERSONNUMMER[:8]}-****"


def test_a_child_with_a_personnummer_is_offered_no_replacement(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    _add_child(folder, PERSONNUMMER, IdentityKind.PERSONNUMMER)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Nummertest")
    screen = app.window.workspace.overview_screen
    assert screen.identity_caption.text() == "Personnummer:"
    assert not screen.replace_button.isVisible() and not screen.earlier.isVisible()


def test_the_identity_dialog_and_history_in_english(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    _add_child(folder, SAMORDNING, IdentityKind.SAMORDNINGSNUMMER)
    app = launch(folder.vault.data_dir, "--language", "en")
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Nummertest")
    screen = app.window.workspace.overview_screen
    assert screen.identity_caption.text() == "Coordination number:"
    assert screen.identity.accessibleName() == "Coordination number, hidden"
    assert screen.replace_button.text() == "New identity number…"
    dialog = _dialog(app, qtbot)
    assert dialog.windowTitle() == "New identity number"
    assert _try(dialog, qtbot, SAMORDNING) == "The child already has that number."
    assert _try(dialog, qtbot, PERSONNUMMER) == ""
    qtbot.waitUntil(lambda: screen.earlier.isVisible(), timeout=3000)
    assert screen.earlier.text().startswith("Earlier identity numbers:")
    assert "coordination number" in screen.earlier.text()
