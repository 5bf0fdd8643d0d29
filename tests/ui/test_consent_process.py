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
from tests.ui.driving import open_child_by_search, show_child_window, type_text, unlock

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
    window = show_child_window(app, qtbot, TeamsWindow, folder.child)
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
    ws.child_actions.decide_for_child(folder.child, "Sixten Testsson")
    decision = ws.child_actions.dialog
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


def test_anonymous_card_warns_about_a_name_and_is_linked_after_consent(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.domain.consent import Consent, ConsentParty, ConsentScope, ConsentType
    from backa_desktop.domain.records import RecordType
    from backa_desktop.services import consents
    from backa_desktop.ui.screens.consent_window import ConsentWindow
    from tests.ui.driving import current_form, fill_form

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    open_child_by_search(app, qtbot, "Sixten")
    qtbot.mouseClick(ws.overview_screen.form_buttons["upptackarkort"], Qt.MouseButton.LeftButton)
    card = current_form(app)
    fill_form(card.view, {"need_status": "uppfyllt", "yes_no": True, "text": "Fiktiv text."}, {
        "situation": "Sixten grät vid lämningen.",
        "trygghet.uppfyllt": "inte_uppfyllt",
        "mottagande_enhet": folder.unit,
        "egna_atgarder.vidtagna": False,
        "vh1.samtycke": False,
    })

    def sign_and_warning() -> Any:
        qtbot.mouseClick(card.sign_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: getattr(ws.forms, "leak_warning", None) is not None
                        and ws.forms.leak_warning.isVisible(), timeout=5000)
        return ws.forms.leak_warning

    box = sign_and_warning()
    assert ("• Var och när uppmärksammade du barnet?: innehåller ett namn ur barnets uppgifter"
            in box.text())
    assert "Sixten" not in box.text()  # the warning names the field, never the text
    [change] = [b for b in box.buttons() if b is not box.send_anyway]
    qtbot.mouseClick(change, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert current_form(app) is card  # still editing, nothing signed
    with folder.vault.unlock(PASSPHRASE) as s:
        assert s.repo.find(RecordType.FORM_RESPONSE) == []
    box = sign_and_warning()
    qtbot.mouseClick(box.send_anyway, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.stack.currentWidget() is ws.overview_screen, timeout=5000)
    with folder.vault.unlock(PASSPHRASE) as s:
        [sent] = s.repo.find(RecordType.FORM_RESPONSE)
        assert sent.child_id is None  # anonymous

    # Samtycken offers to link the card; it needs the guardians' consent first
    window = show_child_window(app, qtbot, ConsentWindow, folder.child)
    qtbot.waitUntil(window.link_button.isVisible, timeout=5000)
    qtbot.mouseClick(window.link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.error.isVisible, timeout=5000)
    assert window.error.text().startswith("Registrera först vårdnadshavarnas samtycke")
    with folder.vault.unlock(PASSPHRASE) as s:
        consents.record_consent(s, Consent(
            child_id=folder.child, party=ConsentParty.VARDNADSHAVARE_1,
            type=ConsentType.MUNTLIGT, scopes=[ConsentScope.UPPTACKARKORT],
            obtained_by=folder.upptackare, given_on=date.today()))
    qtbot.mouseClick(window.link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.link_button.isVisible(), timeout=5000)
    assert window.message.text() == (
        "Upptäckarkortet är kopplat till barnet och går till Barnkontakten.")
    with folder.vault.unlock(PASSPHRASE) as s:
        [linked] = s.repo.find(RecordType.FORM_RESPONSE, child_id=folder.child)
        assert linked.body["corrects"] == sent.id


def test_fem_fragor_team_decision_offers_to_record_the_consent_first(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.domain.consent import ConsentScope
    from backa_desktop.domain.records import RecordType
    from backa_desktop.services import consents
    from tests.ui.driving import current_form, fill_form

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    open_child_by_search(app, qtbot, "Sixten")
    ws.overview_screen.form_buttons["fem_fragor"].click()
    fem = current_form(app)
    fill_form(fem.view, {"text": "Fiktivt svar."}, {"beslut": "barnteam"})

    def sign_and_box() -> Any:
        qtbot.mouseClick(fem.sign_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: getattr(ws.forms, "consent_warning", None) is not None
                        and ws.forms.consent_warning.isVisible(), timeout=5000)
        return ws.forms.consent_warning

    box = sign_and_box()
    assert box.text() == MISSING_BARNTEAM
    [cancel] = [b for b in box.buttons()
                if b is not box.record_button and b is not box.decide_anyway]
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert current_form(app) is fem
    with folder.vault.unlock(PASSPHRASE) as s:
        assert s.repo.find(RecordType.DECISION) == []

    box = sign_and_box()
    qtbot.mouseClick(box.record_button, Qt.MouseButton.LeftButton)
    dialog = ws.forms.consent_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert [s.value for s, cb in dialog.scopes.items() if cb.isChecked()] == ["barnteam"]
    qtbot.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)
    with folder.vault.unlock(PASSPHRASE) as s:
        assert consents.may_share_now(s, folder.child, ConsentScope.BARNTEAM)
        assert s.repo.find(RecordType.DECISION) == []  # the form waits to be signed
    ws.forms.consent_warning = None
    qtbot.mouseClick(fem.sign_button, Qt.MouseButton.LeftButton)  # no question now
    qtbot.waitUntil(lambda: ws.stack.currentWidget() is ws.overview_screen, timeout=5000)
    assert ws.forms.consent_warning is None
    with folder.vault.unlock(PASSPHRASE) as s:
        [decision] = s.repo.find(RecordType.DECISION)
        assert decision.body["beslut"] == "barnteam"
