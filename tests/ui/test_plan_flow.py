"""A new user's path through Barnets plan, printing, consent, the Barnkontakt handover and an
orosanmälan, on a real encrypted folder with real widgets offscreen."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from backa_desktop.domain.consent import ConsentScope
from backa_desktop.domain.records import RecordType
from backa_desktop.services import consents as consent_service
from backa_desktop.ui import plan_widgets as P
from backa_desktop.ui.plan_dialogs import ActionDialog
from backa_desktop.ui.print_preview import PrintPreviewDialog
from backa_desktop.ui.qt import QDialogButtonBox, QPrinter, Qt
from backa_desktop.ui.screens.plan_window import PlanWindow
from tests.services.workflow_helpers import PASSPHRASE, Folder
from tests.ui.conftest import Launch
from tests.ui.driving import (
    open_child_by_search,
    show_child_window,
    timeline_texts,
    type_text,
    unlock,
)
from tests.ui.screen_checks import TS, messages, unnamed, visible_texts

OK = QDialogButtonBox.StandardButton.Ok


def _ok(dialog: Any, qtbot: Any) -> None:
    qtbot.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_make_a_plan_add_actions_print_it(
    folder: Folder, launch: Launch, qtbot: Any, tmp_path: Path
) -> None:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    window = PlanWindow(ws.context, folder.child, "Sixten Testsson", 9, ws)
    qtbot.addWidget(window)
    window.show()
    assert window.state.text() == "Ny plan – inte sparad ännu."
    assert not window.add_action_button.isEnabled()
    assert window.form.barnkontakt.currentText().startswith("Berit Barnkontakt – ")
    type_text(window.form.reason, "Sixten har svårt att hitta kompisar.")
    type_text(window.form.goals,
              "Jag vill ha en kompis att leka med.\nJag vill våga prata på samlingen.")
    window.form.need_boxes["tillhorighet"].setChecked(True)
    window.form.next_on.setDate(window.form.next_on.date().currentDate().addDays(30))
    type_text(window.form.next_place, "Förskolan Ekorren")
    type_text(window.form.participants, "Åsa Testsson – mamma\nKalle Kollega – förskollärare")
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert window.state.text() == "Version 1."
    assert window.add_action_button.isEnabled()

    # two actions: one for a staff member, one for a named parent
    for what, who in (("Lekgrupp varje vecka", "Kalle Kollega"), ("Läsa saga varje kväll", "Åsa")):
        qtbot.mouseClick(window.add_action_button, Qt.MouseButton.LeftButton)
        dialog = window._dialog
        assert isinstance(dialog, ActionDialog)
        type_text(dialog.what, what)
        dialog.who.setEditText(who)
        P.set_date(dialog.due, date.today() + timedelta(days=14))
        _ok(dialog, qtbot)
    table = window.actions_table
    assert table.rowCount() == 2
    assert {table.item(r, 1).text() for r in range(2)} == {"Kalle Kollega", "Åsa"}
    assert table.item(0, 2).text() == "Förskolan Ekorren"  # staff member's unit filled in

    # a second version, then "Tidigare versioner"
    type_text(window.form.child_view, "Sixten säger att han vill leka mer.")
    assert "Osparade ändringar." in window.state.text()
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert window.state.text() == "Version 2."
    qtbot.mouseClick(window.versions_button, Qt.MouseButton.LeftButton)
    versions = window._dialog
    assert versions.table.rowCount() == 2
    versions.table.selectRow(1)
    assert "Barnets syn: \n" in versions.detail.toPlainText() + "\n"
    versions.accept()

    # a follow-up meeting sets the next one
    qtbot.mouseClick(window.add_meeting_button, Qt.MouseButton.LeftButton)
    meeting = window._dialog
    type_text(meeting.notes, "Sixten leker med Elsa nu.")
    P.set_date(meeting.next_on, date.today() - timedelta(days=1))
    _ok(meeting, qtbot)
    assert meeting.error.text() == "Nästa uppföljning måste ligga efter mötet."
    P.set_date(meeting.next_on, date.today() + timedelta(days=60))
    type_text(meeting.next_place, "Hemma hos familjen")
    _ok(meeting, qtbot)
    assert window.meetings_table.item(0, 1).text() == "Sixten leker med Elsa nu."
    assert window.next_meeting.text().endswith("Hemma hos familjen")
    assert window.form.next_place.text() == "Hemma hos familjen"
    assert window.state.text() == "Version 3."

    # print preview: pages shown, saved as PDF with the goals and actions in it
    qtbot.mouseClick(window.print_button, Qt.MouseButton.LeftButton)
    preview = window.preview
    assert isinstance(preview, PrintPreviewDialog)
    qtbot.waitUntil(lambda: preview.print_button.isEnabled(), timeout=5000)
    assert preview.images and preview.pages_layout.count() == len(preview.images)
    total = len(PdfReader(io.BytesIO(preview.pdf)).pages)
    shown = [preview.pages_layout.itemAt(i).widget().accessibleName() for i in range(total)]
    assert shown == [f"Sida {n} av {total}" for n in range(1, total + 1)]
    out = tmp_path / "plan.pdf"
    preview.save_to(out)
    text = _pdf_text(out.read_bytes())
    for needle in ("Jag vill ha en kompis att leka med.", "Lekgrupp varje vecka",
                   "Läsa saga varje kväll", "Kalle Kollega", "Berit Barnkontakt"):
        assert needle in " ".join(text.split()), needle
    # the child's version
    preview.document.setCurrentIndex(1)
    qtbot.waitUntil(lambda: preview.print_button.isEnabled(), timeout=5000)
    printed = tmp_path / "printer.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    preview.print_to(printer)
    assert len(PdfReader(printed).pages) == len(preview.images)
    preview.close()

    with folder.vault.unlock(PASSPHRASE) as s:
        [plan] = s.repo.find(RecordType.PLAN, child_id=folder.child)
        assert [(p["name"], p["staff_id"]) for p in plan.body["participants"]] == [
            ("Åsa Testsson", None), ("Kalle Kollega", folder.colleague)]
        actions = "print" in [e.action for e in s.audit.events(child_id=folder.child)]
        assert actions
        kinds = [n.body.get("event") for n in s.repo.find(RecordType.NOTE, child_id=folder.child)]
        assert kinds == ["plan_changed", "plan_follow_up"]


def test_unsaved_plan_typing_survives_closing(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    window = PlanWindow(ws.context, folder.child, "Sixten Testsson", 9, ws)
    qtbot.addWidget(window)
    window.show()
    type_text(window.form.reason, "Inte sparat än.")
    window.close()
    again = PlanWindow(ws.context, folder.child, "Sixten Testsson", 9, ws)
    qtbot.addWidget(again)
    assert again.form.reason.toPlainText() == "Inte sparat än."
    assert again.banner.isVisibleTo(again)
    with folder.vault.unlock(PASSPHRASE) as s:
        assert s.repo.find(RecordType.PLAN, child_id=folder.child) == []
        assert not consent_service.may_share_now(s, folder.child, ConsentScope.BARNTEAM)


def test_unsaved_plan_typing_survives_escape(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    """Escape (and "Stäng") hide the dialog through `reject`, which sends no close event:
    the typing must still be kept as a draft and offered by the next window."""
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    window = PlanWindow(ws.context, folder.child, "Sixten Testsson", 9, ws)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.view is not None, timeout=3000)
    type_text(window.form.reason, "Skrivet, sedan Escape.")
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()
    again = PlanWindow(ws.context, folder.child, "Sixten Testsson", 9, ws)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.view is not None, timeout=3000)
    assert again.form.reason.toPlainText() == "Skrivet, sedan Escape."
    assert again.banner.isVisibleTo(again)


def test_plan_tabs_built_when_first_shown_show_the_stored_plan(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    """The Insatser and Uppföljning tabs are built when first shown, after the plan has
    loaded; they then show what they would have shown had they been built with the window."""
    from backa_desktop.domain.plan import BarnetsPlan, PlanAction
    from backa_desktop.services import plans

    with folder.vault.unlock(PASSPHRASE) as s:
        plan = plans.save_plan(s, BarnetsPlan(child_id=folder.child, reason="Kompisar.",
                                              next_follow_up_on=date.today() + timedelta(30),
                                              next_follow_up_place="Förskolan"))
        plans.add_action(s, folder.child, PlanAction(plan_id=plan.id, what="Lekgrupp",
                                                     responsible_name="Åsa"))
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    window = PlanWindow(ws.context, folder.child, "Sixten Testsson", 9, ws)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.view is not None, timeout=3000)
    assert window._actions is None and window._meetings is None  # not built yet
    assert window.versions_button.isEnabled()
    window.tabs.setCurrentIndex(1)
    assert window._actions is not None and window._actions.page.isVisible()
    assert window.actions_table.rowCount() == 1
    assert window.actions_table.item(0, 0).text() == "Lekgrupp"
    assert window.add_action_button.isEnabled() and not window.actions_hint.isVisibleTo(window)
    window.tabs.setCurrentIndex(2)
    assert window.next_meeting.text().endswith("Förskolan")
    assert window.add_meeting_button.isEnabled()
    # Tab goes through the tabs' widgets in their order, then the window's buttons, as when
    # every tab was built with the window (a widget made later would come after "Stäng")
    chain, widget = [], window.nextInFocusChain()
    while widget is not window:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    order = [chain.index(w) for w in (window.form.reason, window.actions_table,
                                      window.add_action_button, window.meetings_table,
                                      window.add_meeting_button, window.versions_button,
                                      window.close_button)]
    assert order == sorted(order)


def test_withdraw_a_consent_and_see_sharing_stop(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.ui.screens.consent_window import ConsentDialog, ConsentWindow

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    window = show_child_window(app, qtbot, ConsentWindow, folder.child)
    assert window.shares_table.item(0, 0).text() == "Ingenting delas."
    qtbot.mouseClick(window.add_button, Qt.MouseButton.LeftButton)
    dialog = window._dialog
    assert isinstance(dialog, ConsentDialog)
    _ok(dialog, qtbot)  # nothing chosen: told so
    assert dialog.error.text() == "Välj vad samtycket gäller."
    dialog.scopes[ConsentScope.BARNTEAM].setChecked(True)
    type_text(dialog.filed_at, "Pärm 3")
    _ok(dialog, qtbot)
    assert window.table.rowCount() == 1
    assert window.table.item(0, 7).text() == "Gäller"
    assert [window.shares_table.item(0, c).text() for c in (0, 1, 2)] == [
        "Barnteamet", "Samtycke", "Ja"]
    window.table.selectRow(0)
    assert window.withdraw_button.isEnabled()
    # asked first; "Avbryt" keeps the consent
    qtbot.mouseClick(window.withdraw_button, Qt.MouseButton.LeftButton)
    box = window.confirm_box
    assert box.isVisible() and "från Åsa Testsson (Barnteamet)" in box.text()
    [cancel] = [b for b in box.buttons() if b is not window.confirm_withdraw]
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert window.table.item(0, 7).text() == "Gäller"
    with folder.vault.unlock(PASSPHRASE) as s:
        assert consent_service.may_share_now(s, folder.child, ConsentScope.BARNTEAM)
    window.table.selectRow(0)
    qtbot.mouseClick(window.withdraw_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.confirm_withdraw, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.table.item(0, 7).text().startswith("Återkallat "))
    assert window.shares_table.item(0, 2).text() == "Nej"
    with folder.vault.unlock(PASSPHRASE) as s:
        assert not consent_service.may_share_now(s, folder.child, ConsentScope.BARNTEAM)


def test_handover_keeps_history_and_team_gets_a_stodsamordnare(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.ui.screens.teams_window import TeamsWindow
    from backa_desktop.ui.team_dialogs import HandoverDialog, MemberDialog

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    window = show_child_window(app, qtbot, TeamsWindow, folder.child)
    assert window.current.text().startswith("Barnkontakt nu: Berit Barnkontakt")
    qtbot.mouseClick(window.handover_button, Qt.MouseButton.LeftButton)
    dialog = window._dialog
    assert isinstance(dialog, HandoverDialog)
    P.set_combo_data(dialog.to_staff, folder.colleague)
    type_text(dialog.note, "Sixten börjar i skolan.")
    _ok(dialog, qtbot)
    assert window.current.text().startswith("Barnkontakt nu: Kalle Kollega")
    assert window.history.rowCount() == 2
    assert window.history.item(1, 0).text() == "Berit Barnkontakt"
    assert window.history.item(1, 3).text() != ""  # the old assignment ended, kept
    assert window.history.item(0, 4).text() == "Sixten börjar i skolan."

    for staff_id, agency in ((folder.barnkontakt, "skola"), (folder.upptackare, "bup")):
        qtbot.mouseClick(window.add_member_button, Qt.MouseButton.LeftButton)
        member = window._dialog
        assert isinstance(member, MemberDialog)
        P.set_combo_data(member.staff, staff_id)
        P.set_combo_data(member.agency, agency)
        _ok(member, qtbot)
    assert window.members.rowCount() == 2
    assert window.sam_hint.isVisibleTo(window)
    P.set_combo_data(window.stodsamordnare, folder.barnkontakt)
    qtbot.mouseClick(window.save_sam_button, Qt.MouseButton.LeftButton)
    assert not window.sam_hint.isVisibleTo(window)
    window.members.selectRow(1)
    qtbot.mouseClick(window.remove_member_button, Qt.MouseButton.LeftButton)
    assert window.members.item(1, 5).text() == date.today().isoformat()


def test_orosanmalan_without_consent_with_observations_status_and_print(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.ui.screens.orosanmalan_window import OrosanmalanWindow

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    window = show_child_window(app, qtbot, OrosanmalanWindow, folder.child)
    assert window.heading.text() == "Ny orosanmälan"
    reportable = next(cb for _i, p, cb in window.indicator_boxes if p)
    reportable.setChecked(True)
    assert window.duty.isVisibleTo(window)
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert window.error.text() == "Beskriv din oro."
    type_text(window.concern, "Sixten säger att pappa slår honom.")
    type_text(window.obs_text, "Blåmärke på armen.")
    qtbot.mouseClick(window.obs_add, Qt.MouseButton.LeftButton)
    window.acute.setChecked(True)
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert window.list.count() == 1
    assert window.status.text() == "Status: Upprättad"
    assert window.heading.text().endswith("av Ulla Upptäckare, Förskolan Ekorren")
    assert window.obs_list.count() == 1
    window.advance_to.setCurrentIndex(0)
    qtbot.mouseClick(window.advance_button, Qt.MouseButton.LeftButton)
    assert window.status.text().startswith("Status: Skickad")
    assert window.concern.isReadOnly()
    qtbot.mouseClick(window.print_button, Qt.MouseButton.LeftButton)
    preview = window.preview
    qtbot.waitUntil(lambda: preview.print_button.isEnabled(), timeout=5000)
    preview.close()
    with folder.vault.unlock(PASSPHRASE) as s:
        assert s.repo.find(RecordType.CONSENT, child_id=folder.child) == []
        from backa_desktop.services.documents import DocumentKind, render_document

        sheet = _pdf_text(render_document(s, DocumentKind.CONSENT_SHEET, folder.child))
        assert "Socialnämnden" not in sheet and "slår" not in sheet


def test_typing_in_the_plan_survives_the_automatic_lock(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    window = PlanWindow(ws.context, folder.child, "Sixten Testsson", 9, ws)
    window.show()
    type_text(window.form.goals, "Jag vill spela fotboll.")
    qtbot.waitUntil(lambda: not window._draft_timer.isActive(), timeout=5000)
    app.window.lock()  # the workspace and its windows are thrown away
    assert app.window.locked
    unlock(app, qtbot)
    ws = app.window.workspace
    again = PlanWindow(ws.context, folder.child, "Sixten Testsson", 9, ws)
    qtbot.addWidget(again)
    assert again.form.goals.toPlainText() == "Jag vill spela fotboll."
    assert "Osparade ändringar." in again.state.text()

    # typed just before a manual lock (no pause): the lock itself keeps it
    open_child_by_search(app, qtbot, "Sixten")
    qtbot.mouseClick(ws.overview_screen.window_buttons["plan"], Qt.MouseButton.LeftButton)
    window = ws._window
    type_text(window.form.goals, "Jag vill spela fotboll och rita.")
    assert window._draft_timer.isActive()
    app.window.lock()
    assert app.window.locked
    unlock(app, qtbot)
    ws = app.window.workspace
    again = PlanWindow(ws.context, folder.child, "Sixten Testsson", 9, ws)
    qtbot.addWidget(again)
    assert again.form.goals.toPlainText() == "Jag vill spela fotboll och rita."


def test_plan_window_opened_again_is_reused_and_shows_the_plan_as_a_new_one_would(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    """Closing the plan and opening it again from the overview reuses the window (building it
    was most of the click's time) but shows what a new window shows: the stored plan, the
    typing kept as a draft and offered again, the first tab, and what changed meanwhile."""
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    open_child_by_search(app, qtbot, "Sixten")
    button = ws.overview_screen.window_buttons["plan"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    window = ws._window
    assert isinstance(window, PlanWindow)
    qtbot.waitUntil(lambda: window.view is not None and window.isVisible(), timeout=3000)
    type_text(window.form.reason, "Sixten leker ensam.")
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.view is not None and window.view.plan_id is not None
                    and not window.dirty, timeout=3000)
    type_text(window.form.goals, "Jag vill ha en kompis.")
    window.tabs.setCurrentIndex(2)
    window.close()
    assert not window.isVisible()
    with folder.vault.unlock(PASSPHRASE) as s:  # meanwhile, another window (or a sync)
        [plan] = s.repo.find(RecordType.PLAN, child_id=folder.child)
        s.repo.update(plan.id, {**plan.body, "reason": "Sixten leker ensam på gården."})

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert ws._window is window  # not built again
    qtbot.waitUntil(lambda: window.view is not None and window.isVisible(), timeout=3000)
    assert window.tabs.currentIndex() == 0
    assert window.form.goals.toPlainText() == "Jag vill ha en kompis."  # the draft, offered
    assert window.banner.isVisibleTo(window)
    assert window.view.plan.reason == "Sixten leker ensam på gården."
    assert window.view.revision == 2

    # another child, or the print preview in between, gets a window of its own
    window.close()
    qtbot.mouseClick(ws.overview_screen.window_buttons["print"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(ws._window, PrintPreviewDialog), timeout=3000)
    ws._window.close()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert isinstance(ws._window, PlanWindow) and ws._window is not window


def test_every_control_in_the_new_windows_has_a_name(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.ui.plan_dialogs import MeetingDialog, VersionsDialog
    from backa_desktop.ui.print_preview import standard_choices
    from backa_desktop.ui.screens.consent_window import ConsentDialog, ConsentWindow
    from backa_desktop.ui.screens.orosanmalan_window import OrosanmalanWindow
    from backa_desktop.ui.screens.teams_window import TeamsWindow
    from backa_desktop.ui.team_dialogs import HandoverDialog, MemberDialog

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    staff, units = ws.directory.staff_names(), ws.directory.unit_names()
    widgets: list[Any] = [
        PlanWindow(ws.context, folder.child, "Sixten", 9, ws),
        ActionDialog(staff, units, {}, None, ws),
        MeetingDialog(ws),
        VersionsDialog([], ws),
        PrintPreviewDialog(ws.context, folder.child, "Sixten", standard_choices(9), 0, ws),
        ConsentWindow(ws.context, folder.child, "Sixten", ws),
        ConsentDialog(folder.child, folder.upptackare, staff, units, ws),
        TeamsWindow(ws.context, folder.child, "Sixten", ws),
        HandoverDialog(staff, units, {}, first=False, parent=ws),
        MemberDialog(staff, {}, ws),
        OrosanmalanWindow(ws.context, folder.child, "Sixten", ws),
    ]
    for widget in widgets:
        qtbot.addWidget(widget)
        if isinstance(widget, PlanWindow):  # its later tabs are built when first shown
            for index in range(widget.tabs.count()):
                widget.tabs.setCurrentIndex(index)
        assert unnamed(widget) == [], type(widget).__name__
    assert len(standard_choices(6)) == len(standard_choices(9)) - 1  # no child version under 7


def test_every_plan_consent_team_and_report_label_is_in_the_catalogue(qapp: Any) -> None:
    from backa_desktop.ui import plan_labels

    assert plan_labels._catalogue() == plan_labels.DOMAIN_TABLES


def test_from_the_overview_to_a_plan_and_into_a_colleagues_inbox(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.services.vault import ME_KEY
    from backa_desktop.store.settings import set_setting

    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    open_child_by_search(app, qtbot, "Sixten")
    overview = ws.overview_screen
    qtbot.mouseClick(overview.window_buttons["plan"], Qt.MouseButton.LeftButton)
    window = ws._window
    assert isinstance(window, PlanWindow) and window.isVisible()
    type_text(window.form.goals, "Jag vill ha en kompis.")
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.add_action_button, Qt.MouseButton.LeftButton)
    dialog = window._dialog
    type_text(dialog.what, "Lekgrupp varje vecka")
    P.set_staff(dialog.who, folder.colleague)
    P.set_date(dialog.due, date.today() - timedelta(days=1))
    _ok(dialog, qtbot)
    window.close()
    texts = timeline_texts(app)
    assert any(t.startswith("Barnets plan") or "plan" in t.lower() for t in texts), texts
    assert any("Lekgrupp varje vecka" in t for t in texts), texts

    app.window.lock()
    with folder.vault.unlock(PASSPHRASE) as s, s.db.transaction():
        set_setting(s.db, ME_KEY, folder.colleague)  # Kalle's laptop after a sync
    unlock(app, qtbot)
    ws = app.window.workspace
    ws.show_inbox()
    rows = [ws.inbox_screen.model.index(r, 2).data()
            for r in range(ws.inbox_screen.model.rowCount())]
    assert "Insats i Barnets plan: Lekgrupp varje vecka – försenad" in rows


def test_the_new_windows_in_english_show_no_swedish(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    from backa_desktop.ui.screens.consent_window import ConsentWindow
    from backa_desktop.ui.screens.orosanmalan_window import OrosanmalanWindow
    from backa_desktop.ui.screens.teams_window import TeamsWindow

    swedish = {s for _c, s, m in messages(TS)
               if (m.find("translation").text or "") not in ("", s)}  # type: ignore[union-attr]
    app = launch(folder.vault.data_dir, "--language", "en")
    unlock(app, qtbot)
    ws = app.window.workspace
    windows = [
        PlanWindow(ws.context, folder.child, "Sixten", 9, ws),
        ConsentWindow(ws.context, folder.child, "Sixten", ws),
        TeamsWindow(ws.context, folder.child, "Sixten", ws),
        OrosanmalanWindow(ws.context, folder.child, "Sixten", ws),
    ]
    leaks: set[str] = set()
    for window in windows:
        qtbot.addWidget(window)
        window.show()
        leaks |= visible_texts(window) & swedish
    assert windows[0].save_button.text() == "Save"
    assert leaks == set()


def test_preview_without_a_pdf_renderer_still_saves(
    folder: Folder, launch: Launch, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """Where PDFium is missing the window says so in plain Swedish; saving still works."""
    import sys

    from backa_desktop.ui.print_preview import standard_choices

    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import fails as if not installed
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    ws = app.window.workspace
    sheet = [c for c in standard_choices(9) if c.kind.value == "consent-sheet"]
    preview = PrintPreviewDialog(ws.context, folder.child, "Sixten", sheet, 0, ws)
    qtbot.addWidget(preview)
    assert "Förhandsvisningen kan inte visas" in preview.error.text()
    assert preview.save_button.isEnabled() and not preview.print_button.isEnabled()
    preview.save_to(tmp_path / "blankett.pdf")
    assert "Sixten" in _pdf_text((tmp_path / "blankett.pdf").read_bytes())
