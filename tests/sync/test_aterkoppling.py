"""Återkoppling end to end: two people on two laptops through a real central store.

The Upptäckare (Cecilia, at a school) registers the child, sends an Upptäckarkort with the
guardians' consent and names the Barnkontakt at the child's BVC; the Barnkontakt (Anna) gets
the card in her inbox after a sync and decides; the decision reaches Cecilia's inbox after her
next sync, although she lost her access to the child when she named the Barnkontakt."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from backa_desktop.domain.consent import ConsentScope
from backa_desktop.domain.people import ChildProfile, Guardian
from backa_desktop.services import consents, inbox, overview, teams, workflow
from backa_desktop.services.children import save_child
from tests.central.builders import unique_identity
from tests.central.people import People
from tests.central.support import ServerProcess
from tests.services.workflow_helpers import PASSPHRASE, filled, registry
from tests.ui.sync_folders import enroll_folder, fresh_vault, sync_folder


def test_card_reaches_barnkontakt_and_decision_reaches_upptackare(
    tmp_path: Path, server: ServerProcess, people: People
) -> None:
    cecilia = fresh_vault(tmp_path / "cecilia", "Cecilia Upptäckare")
    anna = fresh_vault(tmp_path / "anna", "Anna Barnkontakt")
    enroll_folder(cecilia, server.base_url, people.name("cecilia"))
    enroll_folder(anna, server.base_url, people.name("anna"))
    sync_folder(anna)  # the directory: Cecilia's and Anna's staff records, the units
    sync_folder(cecilia)
    definition = registry().get("upptackarkort")

    # Cecilia's laptop: the child, the card with both guardians' consent, the Barnkontakt.
    with cecilia.unlock(PASSPHRASE) as s:
        child = save_child(
            s,
            ChildProfile(
                given_names="Sixten",
                family_name="Testsson",
                identity=unique_identity(date(2017, 1, 1)),
                birth_date=date(2017, 1, 1),
                unit_id=people.bvc,
                guardians=[Guardian(name="Åsa Testsson", relation="mamma")],
            ),
        ).id
        card = filled(
            definition,
            child,
            person=s.me_id,
            unit=people.bvc,
            overrides={"omsorg.uppfyllt": "inte_uppfyllt", "situation": "Trött varje morgon."},
        )
        sent = workflow.submit_upptackarkort(s, definition, card)
        assert not sent.anonymous
        teams.assign_barnkontakt(s, child, people.anna, people.bvc, date.today())
    sync_folder(cecilia)

    # Anna's laptop: the card is waiting for her decision.
    sync_folder(anna)
    with anna.unlock(PASSPHRASE) as s:
        directory = overview.load_directory(s)
        [item] = inbox.inbox(s, directory)
        assert (item.kind, item.record_id, item.child_name) == (
            "new_card", sent.record.id, "Sixten Testsson"
        )
        # the guardians' consents on the card reached the register through the server
        assert consents.may_share_now(s, child, ConsentScope.UPPTACKARKORT)
        assert len(consents.consent_rows(s, child)) == 2
        inbox.decide_on_card(s, sent.record.id, "barnkontakt", "Jag tar kontakt med familjen.")
    sync_folder(anna)

    # Cecilia's laptop: the decision is in her inbox, with who decided.
    sync_folder(cecilia)
    with cecilia.unlock(PASSPHRASE) as s:
        directory = overview.load_directory(s)
        [back] = [i for i in inbox.inbox(s, directory) if i.kind == "aterkoppling"]
        assert back.beslut == "barnkontakt"
        assert back.who == "Anna"  # the server's display name of Anna's account
        inbox.acknowledge(s, back.record_id)
        assert [i for i in inbox.inbox(s, directory) if i.kind == "aterkoppling"] == []
