"""The log review window in the app, offscreen, against a real `backa-central` process: a unit
lead's enrolled folder shows the window, fetches the unit's review from the server (a read
without relation flagged), saves it as PDF and records the check on the server; the print
dialog's register extract takes in the log of every laptop."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from backa_desktop.central.db import log_checks
from backa_desktop.central.service import CentralService
from backa_desktop.services import documents
from backa_desktop.services.children import get_child
from backa_desktop.ui.print_preview import DocChoice, PrintPreviewDialog
from backa_desktop.ui.qt import QDate, Qt
from backa_desktop.ui.screens.log_review_window import LogReviewWindow
from tests.central.audit_chains import Chain
from tests.central.people import PASSWORD, People, make_people
from tests.central.support import Api, ServerProcess, service_for
from tests.printing.pdfs import flat
from tests.sync.devices import Laptop, setup_shared_child
from tests.ui.conftest import Launch
from tests.ui.driving import unlock
from tests.ui.sync_folders import enroll_folder, fresh_vault, sync_folder


@pytest.fixture
def people(db_url: str) -> Iterator[People]:
    service: CentralService = service_for(db_url)
    try:
        yield make_people(service, ("anna", "cecilia", "lena"))
    finally:
        service.engine.dispose()


def test_unit_lead_reviews_and_records_the_check(
    tmp_path: Path, server: ServerProcess, people: People, db_url: str, launch: Launch,
    qtbot: Any,
) -> None:
    api = Api(server.base_url)
    try:
        anna = api.login(people.name("anna"), PASSWORD)
        chain = Chain(anna.user_id)
        chain.add("read", "2026-11-10T09:00:00.000Z", "child-without-relation")
        pushed = api.http.post("/v1/audit", json={"events": chain.events}, headers=anna.auth)
        assert pushed.status_code == 200, pushed.text
    finally:
        api.close()
    vault = fresh_vault(tmp_path / "lena", "Lena Lind")
    enroll_folder(vault, server.base_url, people.name("lena"))
    app = launch(vault.data_dir)
    unlock(app, qtbot)
    workspace = app.window.workspace
    assert workspace.log_review_button.isVisible()
    qtbot.mouseClick(workspace.log_review_button, Qt.MouseButton.LeftButton)
    window = workspace._log_review
    assert isinstance(window, LogReviewWindow) and window.isVisible()
    # The picker offers the units the server lets this unit lead review: her own.
    qtbot.waitUntil(lambda: window.unit.count() > 0, timeout=20000)
    assert [window.unit.itemData(i) for i in range(window.unit.count())] == [people.bvc]
    assert window.unit.currentText() == "BVC Solrosen"
    window.date_from.setDate(QDate.fromString("2026-11-01", "yyyy-MM-dd"))
    window.date_to.setDate(QDate.fromString("2026-11-30", "yyyy-MM-dd"))
    qtbot.mouseClick(window.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.review is not None, timeout=20000)
    rows = {
        window.table.item(r, 0).text(): window.table.item(r, 3).text()
        for r in range(window.table.rowCount())
    }
    assert rows == {"Anna": "1", "Lena": "0"}  # Anna read a child she has no relation to
    out = tmp_path / "review.pdf"
    window.write_pdf(str(out))
    qtbot.waitUntil(out.exists, timeout=20000)
    assert "Läsningar av barn utan aktuell relation (1)" in flat(out.read_bytes())

    window.outcome.setCurrentIndex(1)
    qtbot.mouseClick(window.record_button, Qt.MouseButton.LeftButton)
    assert window.status.text() == "Beskriv avvikelserna och vad som görs."
    window.findings.setPlainText("Samtal med Anna bokat.")
    qtbot.mouseClick(window.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "dokumenterad" in window.status.text(), timeout=20000)
    service = service_for(db_url)
    try:
        with service.engine.connect() as conn:
            stored = conn.execute(
                select(log_checks.c.findings, log_checks.c.outcome).where(
                    log_checks.c.unit_id == people.bvc
                )
            ).all()
    finally:
        service.engine.dispose()
    assert [tuple(r) for r in stored] == [("Samtal med Anna bokat.", "findings")]
    window.close()


def test_the_window_is_offered_only_to_reviewing_roles(
    tmp_path: Path, server: ServerProcess, people: People, launch: Launch, qtbot: Any
) -> None:
    vault = fresh_vault(tmp_path / "cecilia", "Cecilia Carlsson")
    enroll_folder(vault, server.base_url, people.name("cecilia"))
    app = launch(vault.data_dir)
    unlock(app, qtbot)
    assert not app.window.workspace.log_review_button.isVisible()


def test_register_extract_in_the_print_dialog_takes_the_log_of_every_laptop(
    tmp_path: Path, server: ServerProcess, people: People, launch: Launch, qtbot: Any
) -> None:
    anna = Laptop(tmp_path / "anna", server.base_url, people.name("anna"))
    vault = fresh_vault(tmp_path / "cecilia", "Cecilia Carlsson")
    enroll_folder(vault, server.base_url, people.name("cecilia"))
    try:
        ids = setup_shared_child(anna, people.cecilia, people.bvc)
        get_child(anna.session, ids["child"])  # Anna opens the child on her laptop
        anna.sync()
        sync_folder(vault)  # Cecilia, on the child's team, receives the child
        app = launch(vault.data_dir)
        unlock(app, qtbot)
        ctx = app.window.workspace.context
        dialog = PrintPreviewDialog(
            ctx, ids["child"], "Test Testsson",
            [DocChoice(documents.DocumentKind.EXTRACT, "Registerutdrag")],
        )
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: bool(dialog.pdf), timeout=20000)
        assert dialog.with_central_log.isVisibleTo(dialog)
        local = flat(dialog.pdf)
        assert "alla datorer" not in local
        dialog.with_central_log.setChecked(True)
        qtbot.waitUntil(lambda: "alla datorer" in flat(dialog.pdf), timeout=20000)
        # Anna's laptop is in the log now, named in words ("dator 2"), never by its id
        central = flat(dialog.pdf)
        assert anna.enrolled.device_id not in central
        assert len(set(re.findall(r"dator \d+", central))) > len(
            set(re.findall(r"dator \d+", local)))
    finally:
        anna.close()
