"""Consent drives the process in the app: the overview shows who can see the child and why,
the team window and the decision dialog say when the team cannot see the child for want of
consent and offer to record it there."""

from __future__ import annotations

from datetime import date
from typing import Any

from backa_desktop.domain.teams import TeamMember
from backa_desktop.services import teams
from backa_desktop.ui.qt import QDialogButtonBox, Qt
from tests.services.workflow_helpers import PASSPHRASE, Folder
from tests.ui.conftest import Launch
from tests.ui.driving import open_child_by_search, type_text, unlock

OK = QDialogButtonBox.StandardButton.Ok
MISSING_INDIVIDUAL = (
    "Det individuella barnteamet kan inte se barnet förrän vårdnadshavarna har samtyckt.")
MISSING_BARNTEAM = "Barnteamet kan inte se barnet förrän vårdnadshavarna har samtyckt."


def test_overview_team_window_and_decision_look_at_consent(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.ui.screens.consent_window import ConsentDialog
    from backa_desktop.ui.screens.teams_window import TeamsWindow

    with folder.vault.unlock(PASSPHRASE) as s:
        teams.add_team_member(s, folder.child, TeamMember(
            staff_id=folder.colleague, agency="forskola", joined_on=date.today()))
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    open_child_by_search(app, qtbot, "Sixten")
    panel = ws.overview_screen.who_can_see
    qtbot.waitUntil(lambda: len(panel.rows) == 2, timeout=5000)
    assert panel.texts() == [
        "Berit Barnkontakt (Rektor, Förskolan Ekorren) – Barnkontakt",
        "Kalle Kollega (Förskollärare, Förskolan Ekorren) – Individuellt barnteam: ser inte "
        "barnet, skriftligt samtycke saknas",
    ]

    # the team window says so and offers to record the consent
    window = TeamsWindow(ws.context, folder.child, "Sixten Testsson", ws)
    qtbot.addWidget(window)
    window.show()
    notice = window.consent_notice
    qtbot.waitUntil(notice.isVisible, timeout=5000)
    assert notice.text.text() == MISSING_INDIVIDUAL
    qtbot.mouseClick(notice.record_button, Qt.MouseButton.LeftButton)
    dialog = notice.dialog
    assert isinstance(dialog, ConsentDialog)
    assert [s.value for s, cb in dialog.scopes.items() if cb.isChecked()] == [
        "individuellt_barnteam"]
    type_text(dialog.filed_at, "Pärm 3")
    qtbot.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not notice.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: all(r.sees for r in panel.rows), timeout=5000)
    assert panel.texts()[1] == (
        "Kalle Kollega (Förskollärare, Förskolan Ekorren) – Individuellt barnteam, med "
        "vårdnadshavarnas samtycke")
    window.close()

    # a decision to the unit's Barnteam still lacks its own consent
    ws._decide_for_child(folder.child)
    decision = ws._dialog
    decision_notice = decision.consent_notice
    index = decision.beslut.findData("barnteam")
    decision.beslut.setCurrentIndex(index)
    qtbot.waitUntil(decision_notice.isVisible, timeout=5000)
    assert decision_notice.text.text() == MISSING_BARNTEAM
    decision.beslut.setCurrentIndex(decision.beslut.findData("individuellt_barnteam"))
    qtbot.waitUntil(lambda: not decision_notice.isVisible(), timeout=5000)
    decision.beslut.setCurrentIndex(decision.beslut.findData("egen_verksamhet"))
    qtbot.wait(100)
    assert not decision_notice.isVisible()
    assert decision_notice.record_button.accessibleName() == "Registrera samtycke"
    decision.reject()
