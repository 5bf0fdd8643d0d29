"""The Barnkontakt's inbox and the återkoppling to the Upptäckare, across two users."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from backa_desktop.domain.process import ChildStatus
from backa_desktop.services import inbox, overview, timeline, workflow
from backa_desktop.services.children import get_child
from tests.services.workflow_helpers import PASSPHRASE, as_user, filled, make_folder, registry


def test_card_reaches_barnkontakt_and_decision_goes_back(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "data")
    definition = registry().get("upptackarkort")
    card = filled(
        definition,
        folder.child,
        person=folder.upptackare,
        unit=folder.unit,
        overrides={
            "omsorg.uppfyllt": "inte_uppfyllt",
            "vh2.informerad": None,
            "vh2.samtycke": None,
        },
    )
    with folder.vault.unlock(PASSPHRASE) as s:
        sent = workflow.submit_upptackarkort(s, definition, card).record
        assert inbox.inbox(s, overview.load_directory(s)) == []  # nothing for the sender

    with as_user(folder, folder.barnkontakt) as s:
        directory = overview.load_directory(s)
        items = inbox.inbox(s, directory)
        assert [(i.kind, i.record_id, i.who) for i in items] == [
            ("new_card", sent.id, "Ulla Upptäckare")
        ]
        assert items[0].child_name == "Sixten Testsson"
        follow_up = date.today() + timedelta(days=3)
        _decision, status = inbox.decide_on_card(
            s, sent.id, "barnteam", "Vi samlar barnteamet.", follow_up=follow_up
        )
        assert status == ChildStatus.I_BARNTEAM.value
        kinds = sorted(i.kind for i in inbox.inbox(s, directory))
        assert kinds == ["follow_up", "tell_family"]  # the card is handled
        [tell] = [i for i in inbox.inbox(s, directory) if i.kind == "tell_family"]
        workflow.mark_family_told(s, tell.record_id)
        assert [i.kind for i in inbox.inbox(s, directory)] == ["follow_up"]
        _rec, profile = get_child(s, folder.child)
        assert profile.status is ChildStatus.I_BARNTEAM

    with as_user(folder, folder.upptackare) as s:
        directory = overview.load_directory(s)
        [back] = inbox.inbox(s, directory)
        assert (back.kind, back.beslut, back.who) == (
            "aterkoppling",
            "barnteam",
            "Berit Barnkontakt",
        )
        inbox.acknowledge(s, back.record_id)
        assert inbox.inbox(s, directory) == []
        kinds = [e.kind for e in timeline.timeline_entries(s, folder.child, directory, {})]
    # newest first: the family-told note, the decision, the card, then older events
    assert kinds.index("note") < kinds.index("decision") < kinds.index("form")


def test_anonymous_card_reaches_the_receiving_unit(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "data")
    definition = registry().get("upptackarkort")
    card = filled(
        definition,
        folder.child,
        person=folder.upptackare,
        unit=folder.unit,
        overrides={"vh1.samtycke": False, "vh2.informerad": None, "vh2.samtycke": None},
    )
    with folder.vault.unlock(PASSPHRASE) as s:
        sent = workflow.submit_upptackarkort(s, definition, card).record
    with as_user(folder, folder.barnkontakt) as s:
        directory = overview.load_directory(s)
        [item] = inbox.inbox(s, directory)
        assert (item.kind, item.child_id, item.child_name) == ("anonymous_card", None, "")
        inbox.acknowledge(s, sent.id)
        assert inbox.inbox(s, directory) == []


def test_one_row_per_follow_up_of_a_child_on_a_day(tmp_path: Path) -> None:
    """The decision's follow-up and the plan's next follow-up on the same day are one meeting,
    listed once (as the plan's, which opens the plan)."""
    from backa_desktop.services import plans

    folder = make_folder(tmp_path / "data")
    definition = registry().get("upptackarkort")
    card = filled(definition, folder.child, person=folder.upptackare, unit=folder.unit,
                  overrides={"vh2.informerad": None, "vh2.samtycke": None})
    with folder.vault.unlock(PASSPHRASE) as s:
        sent = workflow.submit_upptackarkort(s, definition, card).record
    day = date.today() + timedelta(days=3)
    with as_user(folder, folder.barnkontakt) as s:
        directory = overview.load_directory(s)
        inbox.decide_on_card(s, sent.id, "barnteam", "Vi samlar barnteamet.", follow_up=day)
        view = plans.load_plan(s, folder.child, directory)
        plans.save_plan(s, view.plan.model_copy(update={"next_follow_up_on": day}))
        rows = [(i.kind, i.child_id, i.day) for i in inbox.inbox(s, directory)
                if "follow_up" in i.kind]
        assert rows == [("plan_follow_up", folder.child, day.isoformat())]
        # on another day they are two meetings
        view = plans.load_plan(s, folder.child, directory)
        plans.save_plan(s, view.plan.model_copy(update={"next_follow_up_on": day
                                                         + timedelta(days=1)}),
                        view.plan_id)
        kinds = sorted(i.kind for i in inbox.inbox(s, directory) if "follow_up" in i.kind)
        assert kinds == ["follow_up", "plan_follow_up"]


def test_a_record_arriving_by_sync_changes_the_inbox_read_before(tmp_path: Path) -> None:
    """The inbox keeps the records and bodies it read last and reuses those whose rows read
    back the same: a decision changed on another laptop and pulled in (`put_remote`) must
    still change the inbox at the next reading."""
    folder = make_folder(tmp_path / "data")
    definition = registry().get("upptackarkort")
    card = filled(definition, folder.child, person=folder.upptackare, unit=folder.unit,
                  overrides={"vh2.informerad": None, "vh2.samtycke": None})
    with folder.vault.unlock(PASSPHRASE) as s:
        sent = workflow.submit_upptackarkort(s, definition, card).record
    with as_user(folder, folder.barnkontakt) as s:
        directory = overview.load_directory(s)
        assert [i.kind for i in inbox.inbox(s, directory)] == ["new_card"]
        decision, _status = inbox.decide_on_card(s, sent.id, "egen_verksamhet", "Vi stöttar.")
        assert [i.kind for i in inbox.inbox(s, directory)] == ["tell_family"]
        assert [i.kind for i in inbox.inbox(s, directory)] == ["tell_family"]  # read again
        told_elsewhere = decision.model_copy(update={
            "body": {**decision.body, "told_child_and_guardians": True},
            "revision": decision.revision + 1,
        })
        s.repo.put_remote(told_elsewhere, server_seq=11)
        assert inbox.inbox(s, directory) == []
