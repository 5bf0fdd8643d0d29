"""`backa screenshots` renders every main screen from a data folder and changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from backa_desktop.domain.records import RecordType
from backa_desktop.ui.qt import QPixmap
from backa_desktop.ui.screenshots import SIZE, render_all
from tests.services.workflow_helpers import PASSPHRASE, Folder
from tests.ui.layout_checks import SCREENS

# Dialogs that open over a window at their own size.
DIALOGS = {"enhetens-barnteam", "beslut", "handelse", "statistik", "loggkontroll"}


def test_every_screen_is_rendered(folder: Folder, tmp_path: Path, qapp: Any) -> None:
    out = tmp_path / "shots"
    with folder.vault.unlock(PASSPHRASE) as s:
        before = len(s.repo.find(RecordType.FORM_RESPONSE))
    written = render_all(folder.vault.data_dir, PASSPHRASE, out)
    assert [p.stem for p in written] == list(SCREENS)
    for path in written:
        picture = QPixmap(str(path))
        if path.stem in DIALOGS:  # drawn at their own size, never larger than the window
            assert 0 < picture.width() <= SIZE[0] and 0 < picture.height() <= SIZE[1], path.name
        else:
            assert (picture.width(), picture.height()) == SIZE, path.name
    with folder.vault.unlock(PASSPHRASE) as s:
        assert len(s.repo.find(RecordType.FORM_RESPONSE)) == before
        assert s.drafts.for_child(folder.child) == []  # example typing was not saved


def test_the_readme_shows_every_rendered_screen() -> None:
    """Each screen `backa screenshots` renders has its picture in docs/screenshots and a
    place in the README's table, so a new screen is not left out of the docs."""
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    missing = [name for name in SCREENS
               if not (root / "docs" / "screenshots" / f"{name}.png").is_file()
               or f"(docs/screenshots/{name}.png)" not in readme]
    assert missing == []
