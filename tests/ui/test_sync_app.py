"""Sync inside the desktop app, offscreen, against a real `backa-central` process on
loopback (SQLite behind it; the engine's PostgreSQL runs are in tests/sync): enrollment from
the settings dialog, a card signed offline reaching the Barnkontakt's inbox once the server is
up, recovery from a server killed mid-sync, a conflict resolved in the side-by-side dialog,
and a purge with its message. Retries are shortened to a fraction of a second; every wait is
bounded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from backa_desktop.central.service import CentralService
from backa_desktop.domain.people import ChildProfile, Guardian
from backa_desktop.domain.records import RecordType
from backa_desktop.services.children import save_child
from backa_desktop.sync.client import HttpTransport, M
from backa_desktop.ui.qt import Qt
from backa_desktop.ui.sync_controller import SyncController
from backa_desktop.ui.sync_ui import SyncUi
from tests.central.builders import unique_identity
from tests.central.people import PASSWORD, People, make_people
from tests.central.support import ServerProcess, service_for
from tests.services.workflow_helpers import PASSPHRASE
from tests.sync.devices import Laptop, setup_shared_child
from tests.ui.conftest import Launch
from tests.ui.driving import current_form, fill_form, open_child_by_search, type_text, unlock
from tests.ui.sync_folders import enroll_folder, fresh_vault, sync_folder

WAIT_MS = 20000


@pytest.fixture
def people(db_url: str) -> Iterator[People]:
    service: CentralService = service_for(db_url)
    try:
        yield make_people(service, ("anna", "bo", "cecilia"))
    finally:
        service.engine.dispose()


class KillOnPull(HttpTransport):
    """The real transport; the first pull kills the server first (after the push went up)."""

    victim: ServerProcess | None = None

    def call(self, path: str, payload: BaseModel, model: type[M], token: str | None = None) -> M:
        if path == "/v1/pull" and KillOnPull.victim is not None:
            victim, KillOnPull.victim = KillOnPull.victim, None
            victim.kill()
        return super().call(path, payload, model, token)


def sync_ui(app: Any) -> SyncUi:
    """The app's sync wiring, with retries shortened for the test."""
    ui = getattr(app, "sync", None)
    if ui is None:
        ui = SyncUi(app.window, SyncController(app.runner, watch_network=False))
        app.sync = ui
    controller: SyncController = ui.controller
    controller.backoff_s = (0.3,)
    controller.periodic_s = 3600
    return ui


def status_text(ui: SyncUi) -> str:
    return str(ui.status_widget.text.text())


# --------------------------------------------------------------------------------------------
def test_enroll_from_the_settings_dialog(
    tmp_path: Path, server: ServerProcess, people: People, launch: Launch, qtbot: Any
) -> None:
    vault = fresh_vault(tmp_path / "nora", "Nora Nyberg")
    app = launch(vault.data_dir)
    ui = sync_ui(app)
    unlock(app, qtbot)
    assert status_text(ui) == "Inte ansluten till någon server"
    assert ui.status_widget.settings_button.text() == "Anslut till server …"
    qtbot.mouseClick(ui.status_widget.settings_button, Qt.MouseButton.LeftButton)
    dialog = ui.dialog
    assert dialog is not None and dialog.isVisible()
    type_text(dialog.server, server.base_url)
    type_text(dialog.user, people.name("anna"))
    type_text(dialog.password, "fel-lösenord")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Fel användarnamn eller lösenord. Kontrollera och försök igen."
    assert dialog.isVisible()
    type_text(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: status_text(ui).startswith("Synkad "), timeout=WAIT_MS)
    with vault.unlock(PASSPHRASE) as s:  # "I" am now the server's account
        assert s.me_id == people.anna
        assert s.me()["name"] == "Anna"


def test_card_signed_offline_reaches_the_barnkontakt_after_recovery(
    tmp_path: Path, server: ServerProcess, people: People, launch: Launch, qtbot: Any
) -> None:
    # Ulla's laptop (an Upptäckare) registered Sixten; she sees him until a Barnkontakt is
    # assigned, which she does offline together with the card (the server takes both: the
    # card is unsent work about a child she just lost).
    ulla = fresh_vault(tmp_path / "ulla", "Ulla Upptäckare")
    enroll_folder(ulla, server.base_url, people.name("cecilia"))
    with ulla.unlock(PASSPHRASE) as s:
        unit = str(s.me()["unit_id"])
        profile = ChildProfile(
            given_names="Sixten",
            family_name="Testsson",
            identity=unique_identity(date(2017, 1, 1)),
            birth_date=date(2017, 1, 1),
            unit_id=unit,
            guardians=[Guardian(name="Åsa Testsson", relation="mamma")],
        )
        child = save_child(s, profile).id
    assert not sync_folder(ulla).report.rejected
    berit = fresh_vault(tmp_path / "anna", "Anna på BVC")
    enroll_folder(berit, server.base_url, people.name("anna"))
    sync_folder(berit)

    server.kill()  # offline from here
    with ulla.unlock(PASSPHRASE) as s:
        s.repo.create(
            RecordType.BARNKONTAKT,
            {
                "child_id": child,
                "staff_id": people.anna,
                "unit_id": people.bvc,
                "valid_from": "2020-01-01",
            },
            child_id=child,
        )
    app = launch(ulla.data_dir)
    ui = sync_ui(app)
    ui.controller.backoff_s = (3600,)  # no retry until the test says so
    unlock(app, qtbot)
    qtbot.waitUntil(lambda: "Servern går inte att nå" in status_text(ui), timeout=WAIT_MS)
    ws = app.window.workspace
    open_child_by_search(app, qtbot, "Sixt")
    qtbot.mouseClick(ws.overview_screen.form_buttons["upptackarkort"], Qt.MouseButton.LeftButton)
    card = current_form(app)
    fill_form(
        card.view,
        {"need_status": "uppfyllt", "yes_no": True, "text": "Fiktiv text."},
        {
            "situation": "Barnet var ledset vid lämningen flera dagar i rad.",
            "trygghet.uppfyllt": "inte_uppfyllt",
            "mottagande_enhet": unit,
            "egna_atgarder.vidtagna": False,
        },
    )
    qtbot.mouseClick(card.sign_button, Qt.MouseButton.LeftButton)
    # the Barnkontakt, the card and the two guardians' consents it recorded
    qtbot.waitUntil(lambda: "4 ändringar väntar" in status_text(ui), timeout=WAIT_MS)

    # The server comes back, and dies again in the middle of the next sync (after the push).
    server.start()
    KillOnPull.victim = server
    ui.controller.transport_factory = KillOnPull
    ui.controller.backoff_s = (0.3,)
    qtbot.mouseClick(ui.status_widget.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: KillOnPull.victim is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: ui.controller.failures >= 1, timeout=WAIT_MS)
    assert "väntar" not in status_text(ui)  # the card went up before the cut
    server.start()  # nobody clicks anything: the retry finds the server
    qtbot.waitUntil(lambda: status_text(ui).startswith("Synkad "), timeout=WAIT_MS)
    assert ui.controller.view.last_error is None
    app.window.close()

    # Anna's app: the card is in her inbox, with a notification.
    app_b = launch(berit.data_dir)
    ui_b = sync_ui(app_b)
    unlock(app_b, qtbot)
    ws_b = app_b.window.workspace
    qtbot.waitUntil(lambda: ws_b.inbox_button.text() == "Inkorg (1)", timeout=WAIT_MS)
    assert "Nytt i inkorgen: 1 nya upptäckarkort." in app_b.window.statusBar().currentMessage()
    qtbot.mouseClick(ws_b.inbox_button, Qt.MouseButton.LeftButton)
    inbox = ws_b.inbox_screen
    assert inbox.model.index(0, 1).data() == "Sixten Testsson"
    assert status_text(ui_b).startswith("Synkad ")


def test_conflict_on_a_plan_action_resolved_in_the_dialog(
    tmp_path: Path, server: ServerProcess, people: People, launch: Launch, qtbot: Any
) -> None:
    anna = Laptop(tmp_path / "anna", server.base_url, people.name("anna"))
    vault = fresh_vault(tmp_path / "bo", "Bo Lärare")
    enroll_folder(vault, server.base_url, people.name("bo"))
    try:
        ids = setup_shared_child(anna, people.bo, people.bvc)
        action = anna.create(
            RecordType.PLAN_ACTION,
            {"plan_id": ids["plan"], "what": "Läxhjälp", "responsible_name": "Bo"},
            ids["child"],
        )
        anna.sync()
        app = launch(vault.data_dir)
        ui = sync_ui(app)
        unlock(app, qtbot)
        qtbot.waitUntil(lambda: status_text(ui).startswith("Synkad "), timeout=WAIT_MS)
        # Both change what the action is, offline; Anna's change reaches the server first.
        anna.update(action.id, what="Läxhjälp två dagar i veckan")
        anna.sync()
        app.runner.run_sync_db(
            lambda: app.runner._session_or_raise().repo.update(
                action.id, {**action.body, "what": "Läxhjälp på fritids"}
            )
        )
        ui.controller.sync_now()
        notices = ui.notices
        assert notices is not None
        qtbot.waitUntil(lambda: notices.isVisible() or notices.conflicts != [], timeout=WAIT_MS)
        assert notices.texts() == [
            "Konflikt: Insats i planen för Test Testsson – ”Insats” ändrades på två ställen"
        ]
        # the conflict is also a row of the inbox list, and opens from there
        ws = app.window.workspace
        ws.show_inbox()
        inbox = ws.inbox_screen
        qtbot.waitUntil(lambda: inbox.model.rowCount() > 0, timeout=WAIT_MS)
        rows = [inbox.model.index(r, 2).data() for r in range(inbox.model.rowCount())]
        assert rows[0] == (
            "Två ändringar krockade: Insats i planen – ”Insats”. Välj vad som ska gälla."
        )
        assert inbox.model.index(0, 1).data() == "Test Testsson"
        inbox.table.selectRow(0)
        qtbot.mouseClick(inbox.open_doc_button, Qt.MouseButton.LeftButton)
        dialog = notices.dialog
        assert dialog is not None and dialog.isVisible()
        assert dialog.left.toPlainText() == "Läxhjälp två dagar i veckan"
        assert dialog.right.toPlainText() == "Läxhjälp på fritids"
        dialog.merge.setChecked(True)
        type_text(dialog.merged, "Läxhjälp två dagar i veckan, på fritids")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        assert notices.texts() == []
        qtbot.waitUntil(lambda: not any(
            "krockade" in str(inbox.model.index(r, 2).data())
            for r in range(inbox.model.rowCount())), timeout=WAIT_MS)
        qtbot.waitUntil(
            lambda: status_text(ui).startswith("Synkad ") and ui.controller.view.pending == 0,
            timeout=WAIT_MS,
        )
        anna.sync()
        merged = "Läxhjälp två dagar i veckan, på fritids"
        assert anna.records()[action.id].body["what"] == merged
        with_bo = app.runner.run_sync_db(
            lambda: app.runner._session_or_raise().repo.require(action.id).body["what"]
        )
        assert with_bo == merged
        conflicts = [r for r in anna.records().values() if r.type == RecordType.CONFLICT]
        assert [c.body["resolved"] for c in conflicts] == [True]
    finally:
        anna.close()


def test_purge_removes_the_child_with_a_message(
    tmp_path: Path, server: ServerProcess, people: People, launch: Launch, qtbot: Any
) -> None:
    anna = Laptop(tmp_path / "anna", server.base_url, people.name("anna"))
    vault = fresh_vault(tmp_path / "bo", "Bo Lärare")
    enroll_folder(vault, server.base_url, people.name("bo"))
    try:
        ids = setup_shared_child(anna, people.bo, people.bvc)
        anna.sync()
        app = launch(vault.data_dir)
        ui = sync_ui(app)
        unlock(app, qtbot)
        ws = app.window.workspace
        qtbot.waitUntil(lambda: status_text(ui).startswith("Synkad "), timeout=WAIT_MS)
        ws.show_list()
        qtbot.waitUntil(lambda: ws.list_screen.model.rowCount() == 1, timeout=WAIT_MS)
        anna.update(ids["consent"], withdrawn_on="2021-01-01")
        anna.sync()
        qtbot.mouseClick(ui.status_widget.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: ws.list_screen.model.rowCount() == 0, timeout=WAIT_MS)
        assert "din behörighet upphörde" in app.window.statusBar().currentMessage()
        qtbot.mouseClick(ws.inbox_button, Qt.MouseButton.LeftButton)
        notices = ui.notices
        assert notices is not None and notices.isVisible()
        [text] = notices.texts()
        assert text.startswith("Test Testsson är borttaget från datorn")
        assert "samtycket har återkallats" in text
        qtbot.mouseClick(notices.read_button, Qt.MouseButton.LeftButton)
        assert notices.texts() == [] and not notices.isVisible()
    finally:
        anna.close()


def test_a_locked_app_does_not_sync_and_catches_up_on_unlock(
    tmp_path: Path, server: ServerProcess, people: People, launch: Launch, qtbot: Any
) -> None:
    anna = Laptop(tmp_path / "anna", server.base_url, people.name("anna"))
    vault = fresh_vault(tmp_path / "bo", "Bo Lärare")
    enroll_folder(vault, server.base_url, people.name("bo"))
    try:
        app = launch(vault.data_dir)
        ui = sync_ui(app)
        unlock(app, qtbot)
        qtbot.waitUntil(lambda: status_text(ui).startswith("Synkad "), timeout=WAIT_MS)
        app.window.lock()
        assert status_text(ui).startswith("Låst – synkar när du låser upp")
        setup_shared_child(anna, people.bo, people.bvc)
        anna.sync()
        ui.controller.sync_now()  # no key, no session: nothing happens
        assert not ui.controller.view.syncing
        assert ui.status_widget.sync_button.isEnabled() is False
        unlock(app, qtbot)
        ws = app.window.workspace
        ws.show_list()
        qtbot.waitUntil(lambda: ws.list_screen.model.rowCount() == 1, timeout=WAIT_MS)
        assert status_text(ui).startswith("Synkad ")
    finally:
        anna.close()


def test_a_pulled_change_shows_in_the_open_screens_that_show_it(
    tmp_path: Path, server: ServerProcess, people: People, launch: Launch, qtbot: Any
) -> None:
    """A sync announces what it pulled once, and each open screen decides: Bo's plan window
    shows Anna's new action and the child's overview (in view behind it) reloads, while his
    consent window (nothing of it changed) is not reloaded. Nobody refreshes anything by hand."""
    from backa_desktop.ui.screens.consent_window import ConsentWindow
    from backa_desktop.ui.screens.plan_window import PlanWindow

    anna = Laptop(tmp_path / "anna", server.base_url, people.name("anna"))
    vault = fresh_vault(tmp_path / "bo", "Bo Lärare")
    enroll_folder(vault, server.base_url, people.name("bo"))
    try:
        ids = setup_shared_child(anna, people.bo, people.bvc)
        anna.sync()
        app = launch(vault.data_dir)
        ui = sync_ui(app)
        unlock(app, qtbot)
        ws = app.window.workspace
        qtbot.waitUntil(lambda: status_text(ui).startswith("Synkad "), timeout=WAIT_MS)
        open_child_by_search(app, qtbot, "Test")
        windows = []
        for kind in ("plan", "consent"):
            ws.open_child_window(kind, ids["child"])
            windows.append(ws._window)
        plan, consent = windows
        assert isinstance(plan, PlanWindow) and isinstance(consent, ConsentWindow)
        qtbot.waitUntil(lambda: plan.view is not None, timeout=WAIT_MS)
        assert plan.actions_table.rowCount() == 0
        reloads: list[str] = []
        original = consent.reload
        consent.reload = lambda: (reloads.append("consent"), original())[1]  # type: ignore[method-assign]
        shown = ws.overview_screen.show_overview
        ws.overview_screen.show_overview = lambda ov: (reloads.append("overview"), shown(ov))[1]  # type: ignore[method-assign]

        anna.create(
            RecordType.PLAN_ACTION,
            {"plan_id": ids["plan"], "what": "Läxhjälp", "responsible_name": "Bo"},
            ids["child"],
        )
        anna.sync()
        qtbot.mouseClick(ui.status_widget.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: plan.actions_table.rowCount() == 1, timeout=WAIT_MS)
        assert plan.actions_table.item(0, 0).text() == "Läxhjälp"
        assert reloads == ["overview"]
    finally:
        anna.close()
