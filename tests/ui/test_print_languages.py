"""The family's language in the app: recorded on each guardian in the child dialog, shown as
"tolk: arabiska" on the overview, preselected in the print dialog (with a plain warning for a
draft translation), and a language added as a file is offered there."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from backa_desktop.domain.people import ChildProfile, Guardian
from backa_desktop.printing.languages import catalogue_dir
from backa_desktop.services.children import save_child
from backa_desktop.ui.child_dialogs import ChildDialog
from backa_desktop.ui.print_preview import PrintPreviewDialog, standard_choices
from backa_desktop.ui.qt import Qt
from tests.printing.i18n import poppler_text, words
from tests.services.workflow_helpers import PASSPHRASE, Folder
from tests.ui.conftest import Launch
from tests.ui.driving import current_form, fill_form, open_child_by_search, unlock


def _arabic_family(folder: Folder) -> None:
    with folder.vault.unlock(PASSPHRASE) as s:
        record = s.repo.get(folder.child)
        assert record is not None
        profile = ChildProfile.model_validate(record.body)
        guardian = Guardian(name="Åsa Testsson", relation="mamma", preferred_language="ar",
                            interpreter_needed=True)
        save_child(s, profile.model_copy(update={"guardians": [guardian]}), folder.child)


def _leaflet(app: Any, folder: Folder) -> PrintPreviewDialog:
    ws = app.window.workspace
    choices = standard_choices(9)
    index = next(i for i, c in enumerate(choices) if c.kind.value == "leaflet")
    return PrintPreviewDialog(ws.context, folder.child, "Sixten", choices, index, ws)


def test_interpreter_shown_and_language_preselected(folder: Folder, launch: Launch,
                                                    qtbot: Any) -> None:
    _arabic_family(folder)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    overview = app.window.workspace.overview_screen
    qtbot.waitUntil(lambda: "tolk: arabiska" in overview.facts.text(), timeout=5000)

    preview = _leaflet(app, folder)
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: preview.lang() == "ar", timeout=5000)
    qtbot.waitUntil(lambda: preview.print_button.isEnabled(), timeout=10000)
    assert preview.draft_warning.isVisibleTo(preview)
    assert "arabiska" in preview.draft_warning.text()
    text = poppler_text(preview.pdf)
    assert {"ما", "هو", "backa", "barnet"} <= set(words(text))  # ما هو Backa barnet؟
    assert any(0xFE70 <= ord(c) <= 0xFEFF for c in text)  # shaped

    preview.bilingual.setChecked(True)
    qtbot.waitUntil(lambda: preview.print_button.isEnabled() and
                    "Vad är Backa barnet?" in poppler_text(preview.pdf), timeout=10000)

    card = next(i for i, c in enumerate(preview.choices) if c.kind.value == "card")
    preview.document.setCurrentIndex(card)
    # the card's summary is printed in Swedish and English only; the family's Arabic is not
    # offered, and the user's own language (Swedish here) is chosen
    codes = [preview.language.itemData(i) for i in range(preview.language.count())]
    assert codes == ["sv", "en"] and preview.language.isEnabled() and preview.lang() == "sv"
    assert not preview.draft_warning.isVisibleTo(preview)
    extract = next(i for i, c in enumerate(preview.choices) if c.kind.value == "extract")
    preview.document.setCurrentIndex(extract)
    # the register extract is printed in Swedish and English; the user's own language first
    codes = [preview.language.itemData(i) for i in range(preview.language.count())]
    assert codes == ["sv", "en"] and preview.language.isEnabled() and preview.lang() == "sv"
    preview.document.setCurrentIndex(next(i for i, c in enumerate(preview.choices)
                                          if c.kind.value == "leaflet"))
    assert preview.lang() == "ar"  # back to the family's language
    preview.close()


def test_in_english_mode_a_signed_card_prints_in_english(folder: Folder, launch: Launch,
                                                         qtbot: Any) -> None:
    """The print dialog offers the card's languages and starts at the user's own; the PDF
    has the form's English labels and the summary's English words."""
    app = launch(folder.vault.data_dir, "--language", "en")
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    overview = app.window.workspace.overview_screen
    qtbot.mouseClick(overview.form_buttons["upptackarkort"], Qt.MouseButton.LeftButton)
    card = current_form(app)
    fill_form(card.view, {"need_status": "inte_uppfyllt", "yes_no": True,
                          "text": "Fiktiv text."},
              {"mottagande_enhet": folder.unit, "egna_atgarder.vidtagna": False})
    qtbot.mouseClick(card.sign_button, Qt.MouseButton.LeftButton)
    ws = app.window.workspace
    choices = standard_choices(9)
    index = next(i for i, c in enumerate(choices) if c.kind.value == "card")
    preview = PrintPreviewDialog(ws.context, folder.child, "Sixten", choices, index, ws)
    qtbot.addWidget(preview)
    assert preview.lang() == "en"
    qtbot.waitUntil(lambda: preview.print_button.isEnabled(), timeout=10000)
    text = " ".join(poppler_text(preview.pdf).split())
    assert "Upptäckarkort (discovery card) – summary" in text
    assert "Where and when did you notice the child?" in text and "Filled in by" in text
    assert "Var och när" not in text and "sammanfattning" not in text
    preview.language.setCurrentIndex(preview.language.findData("sv"))
    qtbot.waitUntil(lambda: preview.print_button.isEnabled()
                    and "sammanfattning" in poppler_text(preview.pdf), timeout=10000)
    preview.close()


def test_a_language_added_as_a_file_is_offered(folder: Folder, launch: Launch, qtbot: Any,
                                               tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "langs"
    extra.mkdir()
    for path in catalogue_dir().glob("*.yaml"):
        shutil.copy(path, extra / path.name)
    text = (catalogue_dir() / "en.yaml").read_text(encoding="utf-8")
    (extra / "nb.yaml").write_text(
        text.replace("code: en", "code: nb").replace("swedish_name: engelska",
                                                     "swedish_name: norska")
        .replace("native_name: English", "native_name: Norsk"), encoding="utf-8")
    monkeypatch.setenv("BACKA_PRINT_LANG_DIR", str(extra))
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    preview = _leaflet(app, folder)
    qtbot.addWidget(preview)
    assert preview.language.findData("nb") >= 0
    assert "Norska – Norsk" in [preview.language.itemText(i)
                                for i in range(preview.language.count())]
    dialog = ChildDialog({"u": "Enhet"})
    qtbot.addWidget(dialog)
    assert dialog.languages[0][0].findData("nb") >= 0
    preview.close()


def test_child_dialog_records_language_and_interpreter_and_keeps_other_fields(
        qtbot: Any) -> None:
    profile = {
        "given_names": "Sixten", "family_name": "Testsson", "identity": "201701012385",
        "birth_date": "2017-01-01",
        "guardians": [{"name": "Åsa Testsson", "relation": "mamma", "email": "a@exempel.se"}],
    }
    dialog = ChildDialog({"u": "Enhet"}, profile,
                         print_languages=[("sv", "Svenska"), ("so", "Somaliska – Af-Soomaali")])
    qtbot.addWidget(dialog)
    language, interpreter = dialog.languages[0]
    assert language.currentData() is None and not interpreter.isChecked()
    language.setCurrentIndex(language.findData("so"))
    interpreter.setChecked(True)
    dialog._accept()
    assert dialog.result_profile is not None
    guardian = dialog.result_profile.guardians[0]
    assert guardian.preferred_language == "so" and guardian.interpreter_needed
    assert guardian.relation == "mamma" and guardian.email == "a@exempel.se"

    again = ChildDialog({"u": "Enhet"}, dialog.result_profile.model_dump(mode="json"),
                        print_languages=[("sv", "Svenska")])
    qtbot.addWidget(again)
    language, interpreter = again.languages[0]
    assert language.currentData() == "so" and interpreter.isChecked()  # kept, though unlisted
