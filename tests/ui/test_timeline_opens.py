"""Every timeline event opens what it is about: a decision, a consent and a Barnkontakt change
in a read-only window that names people, the plan in the plan window, a report of concern in
the orosanmälan window with that report selected."""

from __future__ import annotations

from datetime import date
from typing import Any

from backa_desktop.domain.consent import Consent, ConsentParty, ConsentScope, ConsentType
from backa_desktop.domain.plan import BarnetsPlan
from backa_desktop.services import consents, plans, workflow
from backa_desktop.ui.screens.orosanmalan_window import OrosanmalanWindow
from backa_desktop.ui.screens.plan_window import PlanWindow
from backa_desktop.ui.screens.record_window import RecordWindow
from tests.services.workflow_helpers import PASSPHRASE, Folder
from tests.ui.conftest import Launch
from tests.ui.driving import open_child_by_search, timeline_texts, unlock

DAY = date(2026, 11, 20)


def _records(folder: Folder) -> dict[str, str]:
    with folder.vault.unlock(PASSPHRASE) as s:
        decision, _ = workflow.decide(
            s, folder.child, "barnteam", "Vi samlar barnteamet kring Sixten.",
            follow_up=date(2027, 1, 15), notify_upptackare=folder.colleague,
        )
        consent = consents.record_consent(s, Consent(
            child_id=folder.child, party=ConsentParty.VARDNADSHAVARE_1,
            type=ConsentType.SKRIFTLIGT, scopes=[ConsentScope.BARNTEAM],
            obtained_by=folder.barnkontakt, filed_at="Pärm A", given_on=DAY,
        ))
        plan = plans.save_plan(s, BarnetsPlan(child_id=folder.child, reason="Sixten är ensam."))
        plans.save_plan(s, BarnetsPlan(child_id=folder.child, reason="Sixten är ofta ensam."),
                        plan.id)  # version 2: a note on the timeline
        report = workflow.create_orosanmalan(s, folder.child, "Fiktiv oro.", today=DAY)
    return {"decision": decision.id, "consent": consent.id, "plan": plan.id,
            "report": report.id}


def _open_row(app: Any, starts: str) -> Any:
    ws = app.window.workspace
    overview = ws.overview_screen
    row = next(r for r, t in enumerate(timeline_texts(app)) if t.startswith(starts))
    before = ws._window
    overview.timeline.activated.emit(overview.timeline_model.index(row, 1))
    return before


def test_every_timeline_event_opens(folder: Folder, launch: Launch, qtbot: Any) -> None:
    ids = _records(folder)
    app = launch(folder.vault.data_dir)
    unlock(app, qtbot)
    open_child_by_search(app, qtbot, "Sixten")
    ws = app.window.workspace
    messages: list[str] = []
    ws.message.connect(messages.append)

    def opened(starts: str, kind: type) -> Any:
        before = _open_row(app, starts)
        qtbot.waitUntil(lambda: ws._window is not before and isinstance(ws._window, kind))
        return ws._window

    decision = opened("Beslut: Barnteam", RecordWindow)
    text = decision.text()
    assert "Signerat och låst" in text
    assert "Motivering: Vi samlar barnteamet kring Sixten." in text
    assert "Besked till upptäckaren: Kalle Kollega" in text
    assert "Beslutat av: Ulla Upptäckare" in text and "Uppföljning: 2027-01-15" in text
    assert folder.colleague not in text and "notify_upptackare" not in text
    decision.close()

    consent = opened("Samtycke", RecordWindow)
    text = consent.text()
    assert "Vem: Åsa Testsson" in text and "Gäller: Barnteamet" in text  # guardian 1 by name
    assert "Inhämtat av: Berit Barnkontakt" in text and "Hur: Skriftligt" in text
    consent.close()

    barnkontakt = opened("Ny barnkontakt", RecordWindow)
    text = barnkontakt.text()
    assert "Barnkontakt: Berit Barnkontakt" in text and "Enhet: Förskolan Ekorren" in text
    assert folder.unit not in text
    barnkontakt.close()

    plan = opened("Barnets plan", PlanWindow)
    assert plan.child_id == folder.child
    plan.close()

    version = opened("Händelse – Barnets plan ändrad (version 2)", PlanWindow)
    assert version.child_id == folder.child
    version.close()

    concern = opened("Orosanmälan", OrosanmalanWindow)
    qtbot.waitUntil(lambda: concern.current is not None
                    and concern.current.record_id == ids["report"])
    concern.close()

    assert not [m for m in messages if "visas i tidslinjen" in m]
