"""The small things of a day's work: one staff picker that tells people apart and offers the
child's unit first, and guardians named by name in forms and consents; on a real encrypted
folder with real widgets offscreen."""

from __future__ import annotations

from datetime import date
from typing import Any

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.people import ChildProfile, Guardian
from backa_desktop.domain.records import RecordType
from backa_desktop.services.children import save_child
from backa_desktop.ui.qt import QCheckBox, Qt
from backa_desktop.ui.staff_picker import StaffPicker
from tests.services.workflow_helpers import PASSPHRASE, Folder
from tests.ui.conftest import Launch
from tests.ui.driving import current_form, open_child_by_search, show_child_window, unlock


def _two_units(folder: Folder) -> dict[str, str]:
    """A second unit (BVC Solrosen) with a namesake of Kalle Kollega, and a second guardian."""
    with folder.vault.unlock(PASSPHRASE) as s:
        bvc = s.repo.create(RecordType.UNIT, {"name": "BVC Solrosen", "verksamhet": "bvc"}).id
        namesake = s.repo.create(RecordType.STAFF, {
            "name": "Kalle Kollega", "title": "BVC-sjuksköterska", "unit_id": bvc,
            "roles": ["barnkontakt"],
        }).id
        other = s.repo.create(RecordType.STAFF, {
            "name": "Anna Andersson", "title": "Kurator", "unit_id": bvc, "roles": [],
        }).id
        child = s.repo.require(folder.child)
        profile = body_as(child, ChildProfile)
        save_child(s, profile.model_copy(update={"guardians": [
            *profile.guardians, Guardian(name="Omar Testsson", relation="pappa")]}),
            folder.child)
    return {"bvc": bvc, "namesake": namesake, "other": other}


def _check_picker(picker: Any, folder: Folder, extra: dict[str, str]) -> None:
    """Name, title and unit on every entry; the child's unit (Förskolan Ekorren) first."""
    assert isinstance(picker, StaffPicker)
    ids = picker.staff_ids_in_order()
    home = {folder.upptackare, folder.barnkontakt, folder.colleague}
    assert set(ids[:3]) == home, "the child's unit's staff come first"
    assert set(ids[3:]) == {extra["namesake"], extra["other"]}
    texts = {picker.itemData(i): picker.itemText(i) for i in range(picker.count())}
    assert texts[folder.colleague] == "Kalle Kollega – Förskollärare, Förskolan Ekorren"
    assert texts[extra["namesake"]] == "Kalle Kollega – BVC-sjuksköterska, BVC Solrosen"
    labels = [picker.itemText(i) for i in range(picker.count()) if picker.itemData(i)]
    assert len(labels) == len(set(labels)), "no two entries read alike"


def test_one_staff_picker_everywhere_child_unit_first(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.ui.plan_dialogs import ActionDialog
    from backa_desktop.ui.screens.consent_window import ConsentDialog, ConsentWindow
    from backa_desktop.ui.screens.plan_window import PlanWindow
    from backa_desktop.ui.screens.teams_window import TeamsWindow
    from backa_desktop.ui.team_dialogs import HandoverDialog, MemberDialog

    extra = _two_units(folder)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace

    teams = show_child_window(app, qtbot, TeamsWindow, folder.child)
    _check_picker(teams.stodsamordnare, folder, extra)
    qtbot.mouseClick(teams.handover_button, Qt.MouseButton.LeftButton)
    handover = teams._dialog
    assert isinstance(handover, HandoverDialog)
    _check_picker(handover.to_staff, folder, extra)
    # the current Barnkontakt is not offered as the one to hand over to
    assert handover.to_staff.currentData() not in (None, folder.barnkontakt)
    handover.reject()
    qtbot.mouseClick(teams.add_member_button, Qt.MouseButton.LeftButton)
    member = teams._dialog
    assert isinstance(member, MemberDialog)
    _check_picker(member.staff, folder, extra)
    member.reject()

    plan = PlanWindow(ws.context, folder.child, "Sixten Testsson", 9, ws)
    qtbot.addWidget(plan)
    plan.show()
    _check_picker(plan.form.barnkontakt, folder, extra)
    _check_picker(plan.form.stodsamordnare, folder, extra)
    assert plan.view is not None
    action = ActionDialog(ws.context.directory, plan.units, plan.staff_units, None, plan,
                          first_unit=plan.view.child_unit_id)
    qtbot.addWidget(action)
    _check_picker(action.who, folder, extra)
    # a typed name picks the person only when it fits one: two Kalle Kollega pick neither
    action.who.setEditText("Anna Andersson")
    assert action.who.find_name("Anna Andersson") >= 0
    assert action.who.find_name("Kalle Kollega") == -1

    consents = show_child_window(app, qtbot, ConsentWindow, folder.child)
    qtbot.mouseClick(consents.add_button, Qt.MouseButton.LeftButton)
    dialog = consents._dialog
    assert isinstance(dialog, ConsentDialog)
    _check_picker(dialog.obtained_by, folder, extra)
    assert dialog.obtained_by.currentData() == folder.upptackare  # who is signed in

    open_child_by_search(app, qtbot, "Sixten")
    ws.forms.start("samtal", folder.child)
    form = current_form(app)
    leader = form.view.editors["samtalsledare"]
    _check_picker(getattr(leader, "combo", None), folder, extra)
    assert leader.value() == folder.upptackare  # prefilled: the one who leads the talk


def test_guardians_by_name_in_forms_and_consents(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.ui.screens.consent_window import ConsentDialog, ConsentWindow

    _two_units(folder)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    open_child_by_search(app, qtbot, "Sixten")
    ws.forms.start("samtal", folder.child)
    form = current_form(app)
    texts = [w.text() for w in form.view.findChildren(type(form.view.fields[
        "omsorg.vardnadshavare"].title))]
    assert "Åsa Testsson" in texts and "Omar Testsson" in texts
    assert "Vårdnadshavare 1" not in texts and "Vårdnadshavare 2" not in texts
    editor = form.view.editors["omsorg.vardnadshavare@guardian_2"]
    assert "(Omar Testsson)" in editor.accessibleName()
    who = form.view.editors["deltagare"]
    assert "Åsa Testsson" in [box.text() for box in who.findChildren(QCheckBox)]

    ws.forms.start("upptackarkort", folder.child)  # its questions name the guardians
    card = current_form(app)
    assert card.view.fields["vh1.informerad"].title.text().startswith(
        "Är Åsa Testsson informerad")
    assert card.view.fields["vh2.samtycke"].title.text().startswith(
        "Samtycker Omar Testsson till")

    consents = show_child_window(app, qtbot, ConsentWindow, folder.child)
    qtbot.mouseClick(consents.add_button, Qt.MouseButton.LeftButton)
    dialog = consents._dialog
    assert isinstance(dialog, ConsentDialog)
    parties = [dialog.party.itemText(i) for i in range(dialog.party.count())]
    assert parties == ["Barnet", "Åsa Testsson", "Omar Testsson"]


def test_a_guardian_without_a_name_keeps_the_numbered_label(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    """A profile with one guardian: the second is still "Vårdnadshavare 2"."""
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    open_child_by_search(app, qtbot, "Sixten")
    ws.forms.start("samtal", folder.child)
    form = current_form(app)
    texts = [w.text() for w in form.view.findChildren(type(form.view.fields[
        "omsorg.vardnadshavare"].title))]
    assert "Åsa Testsson" in texts and "Vårdnadshavare 2" in texts


def test_a_card_to_a_unit_outside_backa_is_valid_and_says_how_it_travels(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.domain.forms import FormResponse
    from backa_desktop.ui.form_editors import UnitEditor
    from tests.ui.driving import fill_form, type_text

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    ws = app.window.workspace
    messages: list[str] = []
    ws.message.connect(messages.append)
    qtbot.mouseClick(ws.overview_screen.form_buttons["upptackarkort"],
                     Qt.MouseButton.LeftButton)
    card = current_form(app)
    receiving = card.view.editors["mottagande_enhet"]
    assert isinstance(receiving, UnitEditor)
    assert not receiving.other.isVisibleTo(card)
    receiving.combo.setCurrentIndex(receiving.combo.count() - 1)  # "Annan enhet"
    assert receiving.other.isVisibleTo(card)
    assert receiving.value() is None  # no name yet: the question is not answered
    fill_form(
        card.view,
        {"need_status": "uppfyllt", "yes_no": True, "text": "Fiktiv text."},
        {"egna_atgarder.vidtagna": False},
    )
    qtbot.mouseClick(card.sign_button, Qt.MouseButton.LeftButton)
    assert card.view.errors["mottagande_enhet"].text()  # the missing name is said there
    type_text(receiving.other, "Familjecentralen Ugglan")
    assert card.view.answers()["mottagande_enhet"] == "annan:Familjecentralen Ugglan"
    assert card.view.errors["mottagande_enhet"].text() == ""
    qtbot.mouseClick(card.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.stack.currentWidget() is not card)
    assert any("Familjecentralen Ugglan finns inte i Backa" in m for m in messages)
    with folder.vault.unlock(PASSPHRASE) as s:
        cards = [body_as(r, FormResponse) for r in s.repo.find(RecordType.FORM_RESPONSE)]
    signed = [c for c in cards if c.signed]
    assert [c.answers["mottagande_enhet"] for c in signed] == ["annan:Familjecentralen Ugglan"]


def _make_unit_lead(folder: Folder) -> None:
    with folder.vault.unlock(PASSPHRASE) as s:
        me = s.repo.require(folder.upptackare)
        s.repo.update(me.id, {**me.body, "roles": ["upptackare", "unit_lead"]})


def test_the_units_standing_barnteam_is_viewed_and_kept_by_its_lead(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.domain.teams import Team, TeamKind
    from backa_desktop.ui import plan_widgets as P
    from backa_desktop.ui.qt import QDialogButtonBox
    from backa_desktop.ui.screens.teams_window import TeamsWindow
    from backa_desktop.ui.team_dialogs import MemberDialog, UnitBarnteamDialog

    _make_unit_lead(folder)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    window = show_child_window(app, qtbot, TeamsWindow, folder.child)
    assert window.unit_team_title.text() == "Barnteamet på Förskolan Ekorren"
    assert window.unit_team_note.text() == "Enheten har inget Barnteam i Backa ännu."
    assert window.unit_team_button.text() == "Visa och ändra Barnteamet…"
    qtbot.mouseClick(window.unit_team_button, Qt.MouseButton.LeftButton)
    team_dialog = window._dialog
    assert isinstance(team_dialog, UnitBarnteamDialog)
    assert team_dialog.table.rowCount() == 0
    assert team_dialog.add_button.isVisibleTo(team_dialog)

    for staff_id in (folder.barnkontakt, folder.colleague):
        qtbot.mouseClick(team_dialog.add_button, Qt.MouseButton.LeftButton)
        dialog = team_dialog._dialog
        assert isinstance(dialog, MemberDialog)
        P.set_combo_data(dialog.staff, staff_id)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
    table = team_dialog.table
    rows = [[table.item(r, c).text() for c in (0, 1)] for r in range(table.rowCount())]
    assert sorted(rows) == [["Berit Barnkontakt", "Rektor"], ["Kalle Kollega", "Förskollärare"]]
    assert window.unit_team_note.text().startswith(
        "Berit Barnkontakt (Rektor), Kalle Kollega (Förskollärare). De ser barnet")
    with folder.vault.unlock(PASSPHRASE) as s:
        stored = s.repo.find_without_child(RecordType.TEAM)
        assert len(stored) == 1  # one record: the unit's team, about no child
        team = body_as(stored[0], Team)
    assert team.kind is TeamKind.BARNTEAM and team.unit_id == folder.unit
    assert {m.staff_id for m in team.members} == {folder.barnkontakt, folder.colleague}

    table.selectRow(next(r for r in range(table.rowCount())
                         if table.item(r, 0).text() == "Kalle Kollega"))
    qtbot.mouseClick(team_dialog.remove_button, Qt.MouseButton.LeftButton)
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["Berit Barnkontakt"]
    team_dialog.accept()

    # the decision "Barnteam" names who it brings in; another decision does not
    ws.child_actions.decide_for_child(folder.child, "Sixten Testsson")
    decision = ws.child_actions.dialog
    assert decision is not None
    decision.beslut.setCurrentIndex(decision.beslut.findData("barnteam"))
    assert decision.barnteam.isVisibleTo(decision)
    assert decision.barnteam.text() == (
        "Barnteamet på Förskolan Ekorren: Berit Barnkontakt (Rektor).")
    decision.beslut.setCurrentIndex(decision.beslut.findData("barnkontakt"))
    assert not decision.barnteam.isVisibleTo(decision)
    decision.reject()


def test_only_the_unit_lead_keeps_the_barnteam(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    import pytest

    from backa_desktop.domain.teams import TeamMember
    from backa_desktop.services import teams
    from backa_desktop.ui.screens.teams_window import TeamsWindow

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    window = show_child_window(app, qtbot, TeamsWindow, folder.child)
    assert window.unit_team_note.text() == (
        "Enheten har inget Barnteam i Backa ännu. Enhetschefen håller Barnteamet.")
    assert window.unit_team_button.text() == "Visa Barnteamet…"
    qtbot.mouseClick(window.unit_team_button, Qt.MouseButton.LeftButton)
    team_dialog = window._dialog
    assert not team_dialog.add_button.isVisibleTo(team_dialog)
    team_dialog.accept()
    ws.child_actions.decide_for_child(folder.child, "Sixten Testsson")
    decision = ws.child_actions.dialog
    assert decision is not None
    decision.beslut.setCurrentIndex(decision.beslut.findData("barnteam"))
    assert decision.barnteam.text().startswith(
        "Förskolan Ekorren har inget Barnteam i Backa ännu.")
    decision.reject()
    with folder.vault.unlock(PASSPHRASE) as s, pytest.raises(teams.TeamError) as refused:
        teams.add_unit_barnteam_member(s, folder.unit, TeamMember(
            staff_id=folder.colleague, agency="forskola", joined_on=date.today()))
    assert refused.value.key == "team.barnteam_not_lead"


def test_a_date_question_takes_typed_dates_and_clears_its_error(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.ui.form_editors import DateEditor
    from tests.ui.driving import answer

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    ws = app.window.workspace
    ws.forms.start("fem_fragor", folder.child)
    fem = current_form(app)
    answer(fem.view, "beslut", "egen_verksamhet")
    follow_up = fem.view.editors["beslut.uppfoljning"]
    assert isinstance(follow_up, DateEditor)
    assert follow_up.value() is None  # empty until answered, not "2000-01-01"
    qtbot.mouseClick(fem.sign_button, Qt.MouseButton.LeftButton)
    assert fem.view.errors["beslut.uppfoljning"].text()
    follow_up.edit.setFocus()
    follow_up.edit.lineEdit().selectAll()
    qtbot.keyClicks(follow_up.edit, "2/12 2027")
    qtbot.keyClick(follow_up.edit, Qt.Key.Key_Return)
    assert fem.view.answers()["beslut.uppfoljning"] == "2027-12-02"
    assert fem.view.errors["beslut.uppfoljning"].text() == ""


def test_a_prefilled_date_question_opens_at_today(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.ui.form_editors import DateEditor

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    app.window.workspace.forms.start("samtal", folder.child)
    samtal = current_form(app)
    day = samtal.view.editors["samtalsdatum"]
    assert isinstance(day, DateEditor)
    assert day.value() == date.today().isoformat()
    day.set_value("2026-11-30")
    assert samtal.view.answers()["samtalsdatum"] == "2026-11-30"
