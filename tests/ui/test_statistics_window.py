"""The Statistik window, offscreen, against a real `backa-central` process on loopback: a unit
lead's laptop fetches its unit's anonymised statistics through the task runner and draws them
(bars, the needs radar, every number in a table), hidden cells read "dolt"; an account
without a statistics role gets the server's refusal in words; every control has a name."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from backa_desktop.central.service import CentralService
from backa_desktop.services import sync_service
from backa_desktop.services.vault import NewUser, Vault
from backa_desktop.ui.qt import QLabel, Qt, QTableWidget
from backa_desktop.ui.screens.statistics_window import BarChart, NeedsRadar, StatisticsWindow
from tests.central import stats_data as sd
from tests.central.people import PASSWORD, _password_hash
from tests.central.support import ServerProcess, service_for
from tests.printing.pdfs import pages_text
from tests.services.workflow_helpers import PASSPHRASE, TEST_KDF, Folder
from tests.ui.conftest import Launch
from tests.ui.driving import unlock
from tests.ui.screen_checks import unnamed

SCREENSHOT_ENV = "BACKA_STATS_SCREENSHOT"


@pytest.fixture
def central(db_url: str) -> Iterator[tuple[CentralService, str]]:
    service = service_for(db_url)
    try:
        unit = service.add_unit(f"BVC Solrosen {uuid.uuid4().hex[:4]}", "bvc")
        today = date.today()
        sd.load(
            service.engine,
            list(sd.municipality(80, [unit], start=today - timedelta(days=300), days=250)),
        )
        yield service, unit
    finally:
        service.engine.dispose()


def _account(service: CentralService, unit: str, role: str) -> str:
    name = f"{role}-{uuid.uuid4().hex[:6]}"
    service.add_user(username=name, display_name=role, password=None, roles=[role], unit_id=unit)
    from sqlalchemy import update

    from backa_desktop.central.db import users

    with service.engine.begin() as conn:
        conn.execute(
            update(users).where(users.c.username == name).values(password_hash=_password_hash())
        )
    return name


def _laptop(path: Path, server: ServerProcess, username: str, roles: list[str]) -> Path:
    vault = Vault(path, kdf=TEST_KDF)
    vault.create(PASSPHRASE, NewUser(name="Elin Enhetschef", unit_name="BVC Solrosen", roles=roles))
    with vault.unlock(PASSPHRASE) as s:
        sync_service.enroll_device(s, server.base_url, username, PASSWORD, "laptop")
    return path


def _open(app: Any, qtbot: Any) -> StatisticsWindow:
    ws = app.window.workspace
    assert ws.stats_button.isVisible()
    qtbot.mouseClick(ws.stats_button, Qt.MouseButton.LeftButton)
    windows = ws.findChildren(StatisticsWindow)
    assert len(windows) == 1
    return windows[0]


def test_unit_lead_sees_the_units_statistics(
    launch: Launch,
    qtbot: Any,
    tmp_path: Path,
    server: ServerProcess,
    central: tuple[CentralService, str],
) -> None:
    service, unit = central
    folder = _laptop(tmp_path / "lead", server, _account(service, unit, "unit_lead"), ["unit_lead"])
    app = launch(folder)
    unlock(app, qtbot)
    window = _open(app, qtbot)
    assert unnamed(window) == []
    qtbot.mouseClick(window.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.report is not None, timeout=20000)
    report = window.report
    assert report is not None and len(report.units) == 1  # the lead's own unit
    assert "BVC Solrosen" in window.message.text()

    charts = window.charts.findChildren(BarChart)
    assert {c.accessibleName() for c in charts} >= {
        "Barn per status vid periodens slut",
        "Barnkontakternas antal barn",
        "Effekter: förändring i skattning per behov",
    }
    status = report.table("status")
    assert status is not None and status.total is not None and status.total >= 5
    radar = window.charts.findChild(NeedsRadar)
    assert radar is not None and "%" in radar.accessibleDescription()
    numbers: QTableWidget = window.numbers
    cells = [numbers.item(r, 2).text() for r in range(numbers.rowCount())]
    assert numbers.rowCount() > 30
    hidden = sum(1 for t in report.tables for c in t.cells if c.count is None)
    assert hidden > 0 and cells.count("dolt") >= hidden
    assert unnamed(window) == []

    # the report printed in the language chosen as in the other print dialogs: the languages
    # that print it, the user's own (Swedish here) first
    languages = [window.language.itemData(i) for i in range(window.language.count())]
    assert languages == ["sv", "en"] and window.lang() == "sv"
    assert window.save_button.isEnabled()
    window.language.setCurrentIndex(window.language.findData("en"))
    target_pdf = tmp_path / "statistics.pdf"
    window.save_to(str(target_pdf))
    qtbot.waitUntil(lambda: "statistics.pdf" in window.message.text(), timeout=20000)
    english = " ".join(pages_text(target_pdf.read_bytes()))
    assert "Children by status at the end of the period" in english
    assert "Barn per status" not in english and "BVC Solrosen" in english

    qtbot.wait(100)  # let the layout place the new charts before the picture
    shot = window.grab()
    target = Path(__import__("os").environ.get(SCREENSHOT_ENV) or tmp_path / "stats.png")
    assert shot.save(str(target))


def test_statistics_role_reaches_the_laptop_and_sees_the_whole_municipality(
    launch: Launch,
    qtbot: Any,
    tmp_path: Path,
    server: ServerProcess,
    central: tuple[CentralService, str],
) -> None:
    """The local profile has no role that shows the window; the server's account has the
    statistics role, which enrolment brings to the laptop."""
    service, unit = central
    folder = _laptop(
        tmp_path / "stat", server, _account(service, unit, "statistik"), ["upptackare"]
    )
    app = launch(folder)
    unlock(app, qtbot)
    assert "Statistikansvarig" in app.window.workspace.who.text()
    window = _open(app, qtbot)
    qtbot.mouseClick(window.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.report is not None, timeout=20000)
    report = window.report
    assert report is not None and report.units == []  # every unit, not only the account's
    assert "hela kommunen" in window.message.text()


def test_a_nurse_is_refused_in_words(
    launch: Launch,
    qtbot: Any,
    tmp_path: Path,
    server: ServerProcess,
    central: tuple[CentralService, str],
) -> None:
    service, unit = central
    # The local profile says coordinator; the server's account is a Barnkontakt: it decides.
    folder = _laptop(
        tmp_path / "nurse", server, _account(service, unit, "barnkontakt"), ["stodsamordnare"]
    )
    app = launch(folder)
    unlock(app, qtbot)
    window = _open(app, qtbot)
    qtbot.mouseClick(window.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.error.text()), timeout=20000)
    assert "Statistik är till för" in window.error.text()
    assert window.report is None and window.fetch_button.isEnabled()


def test_without_a_server_the_window_says_what_to_do_in_english(
    folder: Folder, launch: Launch, qtbot: Any
) -> None:
    """Before any fetch the chart pane says what fills it; a laptop not connected to a
    server is told so in the language in force, not in Swedish."""
    app = launch(folder.vault.data_dir, "--language", "en")
    unlock(app, qtbot)
    window = app.window.workspace.open_statistics()
    qtbot.addWidget(window)
    shown = [w.text() for w in window.charts.findChildren(QLabel) if w.isVisibleTo(window)]
    assert shown == ["Choose a period and press Fetch statistics. The charts appear here."]
    # the report's language follows the user's; nothing to save before a fetch
    assert window.lang() == "en" and not window.save_button.isEnabled()
    qtbot.mouseClick(window.fetch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.error.text()))
    assert window.error.text().startswith("This computer is not connected to any server.")
    assert "Sync settings" in window.error.text()
    assert window.report is None and window.fetch_button.isEnabled()
