"""The record window in the app's language: with the app in English, a decision and a consent
opened from the child's timeline, and a plan and a signed form response read the same way, show
no Swedish label; the print dialog offers the orosanmälan in English but starts in Swedish."""

from __future__ import annotations

from typing import Any

from backa_desktop.domain.forms import localize_form
from backa_desktop.services.documents import DocumentKind
from backa_desktop.ui.print_preview import DocChoice, PrintPreviewDialog
from backa_desktop.ui.screens.record_window import RecordWindow
from tests.printing.i18n import poppler_text
from tests.services.reading_helpers import (
    SNAKE,
    make_records,
    read_as_shown,
    swedish_only,
)
from tests.services.workflow_helpers import PASSPHRASE, Folder, registry
from tests.ui.conftest import Launch
from tests.ui.driving import open_child_by_search, unlock


def _labels(window: RecordWindow) -> list[str]:
    """What the window shows as headings and labels (not the values, which may be what
    someone wrote in Swedish)."""
    return [window.heading.text(), *(v.accessibleName() for v in window.values)]


def test_record_window_in_english_shows_no_swedish_label(folder: Folder, launch: Launch,
                                                        qtbot: Any) -> None:
    forms = registry()
    with folder.vault.unlock(PASSPHRASE) as s:
        ids = make_records(s, folder, forms)
    swedish = swedish_only(forms)
    app = launch(folder.vault.data_dir, "--language", "en")
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    ws = app.window.workspace

    def opened(record_id: str) -> RecordWindow:
        before = ws._window
        ws.open_record(record_id)  # what a click on the timeline row does
        qtbot.waitUntil(lambda: ws._window is not before
                        and isinstance(ws._window, RecordWindow))
        window = ws._window
        assert isinstance(window, RecordWindow)
        return window

    decision = opened(ids.decision)
    text = decision.text()
    assert "Decision: Barnteam (child team)" in text and "Signed and locked" in text
    assert "Feedback to the person who noticed: Kalle Kollega" in text
    assert "Reasons: Vi samlar barnteamet kring Sixten." in text  # as written
    consent = opened(ids.consent)
    text = consent.text()
    assert "Who: Åsa Testsson" in text and "How: In writing" in text  # guardian 1 by name
    assert "Covers: The Barnteam (child team)" in text
    windows = [decision, consent]

    # a plan and a form response open in windows of their own; read in English, the record
    # window shows them with the same words as the register extract
    with folder.vault.unlock(PASSPHRASE) as s:
        for record_id in (ids.plan, ids.card):
            window = RecordWindow(read_as_shown(s, record_id, forms, "en"), "Sixten")
            qtbot.addWidget(window)
            windows.append(window)
    assert "Needs: Safety, Belonging" in windows[2].text()
    assert localize_form(forms.get("upptackarkort"), "en").title in windows[3].text()
    for window in windows:
        labels = _labels(window)
        assert len(labels) > 3
        assert [label for label in labels if label in swedish] == [], window.reading.title
        assert [label for label in labels if SNAKE.search(label)] == []
        window.close()

    # and in Swedish, as before
    with folder.vault.unlock(PASSPHRASE) as s:
        swedish_window = RecordWindow(read_as_shown(s, ids.decision, forms, "sv"), "Sixten")
    qtbot.addWidget(swedish_window)
    assert "Besked till upptäckaren: Kalle Kollega" in swedish_window.text()


def test_orosanmalan_starts_in_swedish_in_english_mode_and_prints_in_english(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    forms = registry()
    with folder.vault.unlock(PASSPHRASE) as s:
        ids = make_records(s, folder, forms)
    app = launch(folder.vault.data_dir, "--language", "en")
    unlock(app, qtbot)
    ws = app.window.workspace
    choice = DocChoice(DocumentKind.OROSANMALAN, "Orosanmälan", record_id=ids.report)
    preview = PrintPreviewDialog(ws.context, folder.child, "Sixten", [choice], 0, ws)
    qtbot.addWidget(preview)
    codes = [preview.language.itemData(i) for i in range(preview.language.count())]
    assert codes == ["sv", "en"] and preview.lang() == "sv"  # social services read Swedish
    qtbot.waitUntil(lambda: preview.print_button.isEnabled(), timeout=10000)
    assert "Anmälan till socialnämnden" in poppler_text(preview.pdf)
    preview.language.setCurrentIndex(preview.language.findData("en"))
    qtbot.waitUntil(lambda: preview.print_button.isEnabled()
                    and "Report to the social welfare" in poppler_text(preview.pdf),
                    timeout=10000)
    assert "Anmälarens oro" not in poppler_text(preview.pdf)
    preview.close()


def test_central_log_error_in_the_print_dialog_is_in_english_in_english_mode(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    """A folder not connected to a server cannot fetch the central log for the register
    extract: the English app says so in English."""
    app = launch(folder.vault.data_dir, "--language", "en")
    unlock(app, qtbot)
    ws = app.window.workspace
    choice = DocChoice(DocumentKind.EXTRACT, "Register extract")
    preview = PrintPreviewDialog(ws.context, folder.child, "Sixten", [choice], 0, ws)
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: bool(preview.pdf), timeout=20000)
    preview.with_central_log.setChecked(True)
    qtbot.waitUntil(lambda: bool(preview.error.text()), timeout=10000)
    assert "This computer is not connected to any server" in preview.error.text()
    assert "Datorn är inte ansluten" not in preview.error.text()
    assert not preview.with_central_log.isChecked()
    preview.close()
