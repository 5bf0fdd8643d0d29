"""Swedish by default, English complete: every string the UI can show has a translation, the
catalogue matches the code, and an English screen shows no Swedish UI text."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from backa_desktop.domain.forms import localize_form
from backa_desktop.services.forms import FormRegistry, default_forms_dir
from backa_desktop.ui import labels
from backa_desktop.ui.i18n import TRANSLATIONS
from backa_desktop.ui.qt import QAbstractButton, QGroupBox, QLabel, Qt, QWidget
from tests.services.workflow_helpers import Folder
from tests.ui.conftest import Launch
from tests.ui.driving import current_form, fill_form, open_child_by_search, timeline_texts, unlock
from tests.ui.screen_checks import TS, messages, visible_texts

BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"%(?:\d|n)")


def test_every_string_has_a_finished_english_translation() -> None:
    found = messages(TS)
    assert len(found) > 200
    for context, source, m in found:
        t = m.find("translation")
        assert t is not None and t.get("type") != "unfinished", (context, source)
        texts = [f.text or "" for f in t.iter("numerusform")] or [t.text or ""]
        assert all(texts), (context, source)
        for text in texts:  # a translator must not drop or invent a placeholder
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), source


def test_catalogue_matches_the_code(tmp_path: Path) -> None:
    """A string added to the UI without running resources/translations/update.py fails here."""
    fresh = tmp_path / "fresh.ts"
    ui = Path(labels.__file__).parent
    subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            *map(str, sorted(ui.rglob("*.py"))),
            "-ts",
            str(fresh),
            "-no-obsolete",
            "-locations",
            "none",
        ],
        check=True,
        capture_output=True,
    )
    in_code = {(c, s) for c, s, _ in messages(fresh)}
    committed = {(c, s) for c, s, _ in messages(TS)}
    assert in_code - committed == set()
    assert (TRANSLATIONS / "backa_en.qm").stat().st_mtime >= TS.stat().st_mtime - 1


def test_domain_labels_are_all_in_the_catalogue() -> None:
    committed = {(c, s) for c, s, _ in messages(TS)}
    for context, values in labels.DOMAIN_TABLES.items():
        for value in values:
            assert (context, value) in committed, (context, value)


def test_english_screens_show_no_swedish_ui_text(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    swedish = {s for _c, s, m in messages(TS) if (m.find("translation").text or "") not in ("", s)}  # type: ignore[union-attr]
    app = launch(folder.vault.data_dir, "--language", "en")
    window = app.window
    leaks = visible_texts(window) & swedish
    assert window.unlock_screen.button.text() == "Unlock"
    unlock(app, qtbot)
    ws = window.workspace
    leaks |= visible_texts(window) & swedish
    open_child_by_search(app, qtbot, "Sixten")
    leaks |= visible_texts(window) & swedish
    assert ws.overview_screen.status_chip.text() == "No process"
    ws.forms.start("upptackarkort", ws.overview_screen.child_id)
    leaks |= visible_texts(window) & swedish
    ws.show_inbox()
    leaks |= visible_texts(window) & swedish
    assert leaks == set()


def test_swedish_is_the_default(folder: Folder, launch: Launch) -> None:
    app = launch(folder.vault.data_dir)
    assert app.language.current == "sv"
    assert app.window.unlock_screen.button.text() == "Lås upp"


def test_english_mode_shows_the_forms_and_the_timeline_in_english(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    """The form's own texts come from the translation in its file; the signed card is an
    English event in the timeline, and it is the same card the Swedish UI shows."""
    app = launch(folder.vault.data_dir, "--language", "en")
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    ws = app.window.workspace
    qtbot.mouseClick(ws.overview_screen.form_buttons["upptackarkort"], Qt.MouseButton.LeftButton)
    card = current_form(app)
    shown = _form_texts(card.view)
    assert "Where and when did you notice the child?" in shown
    assert "Var och när uppmärksammade du barnet?" not in shown
    assert not any("Är barnets behov uppfyllt" in t for t in shown)
    fill_form(
        card.view,
        {"need_status": "uppfyllt", "yes_no": True, "text": "Fiktiv text."},
        {"mottagande_enhet": folder.unit, "egna_atgarder.vidtagna": False},
    )
    qtbot.mouseClick(card.sign_button, Qt.MouseButton.LeftButton)
    texts = timeline_texts(app)
    assert "Upptäckarkort (discovery card)" in texts
    assert not any(t.startswith("Upptäckarkort") and "(discovery card)" not in t for t in texts)


def test_english_mode_shows_no_swedish_text_of_any_form(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    """Every form a nurse can start, with every section open: none of its Swedish texts (that
    the English differs from) is on the screen."""
    app = launch(folder.vault.data_dir, "--language", "en")
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    ws = app.window.workspace
    forms = FormRegistry.load(default_forms_dir())
    for use, form_id in (("fem_fragor", "fem_fragor"), ("samtal", "samtal_7_12"),
                         ("skattning", "skattning")):
        ws.open_child(folder.child)
        qtbot.mouseClick(ws.overview_screen.form_buttons[use], Qt.MouseButton.LeftButton)
        view = current_form(app).view
        definition = forms.get(form_id)
        swedish = _texts_of(definition) - _texts_of(localize_form(definition, "en"))
        shown = _form_texts(view)
        assert "Talk led by" in shown or use != "samtal"
        assert shown & swedish == set(), form_id


def _texts_of(definition: Any) -> set[str]:
    """Every visible text of a definition (labels, help, titles, options, anchors)."""
    found: set[str] = set()

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("anchors", "labels") and isinstance(v, dict):
                    found.update(str(x) for x in v.values())
                else:
                    walk(v, str(k))
        elif isinstance(node, list | tuple):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in ("label", "help", "title", "description",
                                               "accessible_name", "message", "notes",
                                               "yes_label", "no_label", "vet_ej_label"):
            found.add(node)

    walk(definition.model_dump(mode="json", exclude={"translations"}))
    return found


def test_swedish_mode_keeps_the_forms_swedish(folder: Folder, launch: Launch, qtbot: Any) -> None:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    ws = app.window.workspace
    qtbot.mouseClick(ws.overview_screen.form_buttons["upptackarkort"], Qt.MouseButton.LeftButton)
    shown = _form_texts(current_form(app).view)
    assert "Var och när uppmärksammade du barnet?" in shown
    assert "Where and when did you notice the child?" not in shown


def _form_texts(view: QWidget) -> set[str]:
    """Every label, button and group title the form view draws, and their accessible names."""
    texts: set[str] = set()
    for w in view.findChildren(QWidget):
        if isinstance(w, QLabel | QAbstractButton):
            texts.add(w.text())
        elif isinstance(w, QGroupBox):
            texts.add(w.title())
        texts.add(w.accessibleName())
    return {t for t in texts if t}
