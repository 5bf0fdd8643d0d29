"""A laptop drops children whose support ended once their data has rested past the grace
period, but only what is safe on the server: a child with unsent work or a draft stays. A
dropped child that gets something new on the server comes back whole at the next sync."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from backa_desktop.domain.records import RecordType
from tests.central.builders import change, note
from tests.central.gallring_data import Child, old_child
from tests.central.people import PASSWORD, People
from tests.central.support import Api, ServerProcess
from tests.sync.devices import Laptop


def test_finished_children_are_dropped_only_when_safe_and_come_back(
    tmp_path: Path, server: ServerProcess, people: People
) -> None:
    api = Api(server.base_url)
    laptop = Laptop(tmp_path / "anna", server.base_url, people.name("anna"))
    try:
        anna = api.login(people.name("anna"), PASSWORD)
        sara = api.login(people.name("sara"), PASSWORD)
        def child(family: str, closed_on: str | None) -> Child:
            return old_child(
                anna, sara, people, born=date(2008, 3, 12), family=family,
                status="behov_uppfyllt" if closed_on else "i_barnteam",
                closed_on=closed_on, soc_note_on="2015-06-01",
            )

        done = child("Avslutad", "2015-06-01")
        unsent = child("Osand", "2015-06-01")
        drafted = child("Utkast", "2015-06-01")
        going = child("Pagaende", None)

        laptop.client.drop_finished_after = None
        laptop.sync()
        assert {done.id, unsent.id, drafted.id, going.id} <= laptop.child_ids()
        laptop.create(
            RecordType.NOTE,
            {"child_id": unsent.id, "happened_on": "2026-11-30", "text": "Ej skickad"},
            unsent.id,
        )
        laptop.session.drafts.save(f"form:skattning:{drafted.id}", {"a": 1},
                                   child_id=drafted.id)

        assert laptop.state.drop_finished_children("9999-12-31") == [done.id]
        held = laptop.records()
        assert not {done.id, *done.shared, done.bvc_note, done.soc_note} & set(held)
        assert {unsent.id, drafted.id, going.id} <= laptop.child_ids()
        assert laptop.state.pending_count() == 1  # the unsent note is untouched
        assert not laptop.session.db.query(
            "SELECT rowid FROM child_search WHERE child_search MATCH 'Avslutad'"
        )
        assert laptop.session.db.query(
            "SELECT 1 FROM audit_events WHERE action = 'purge' AND child_id = ?"
            " AND detail = 'support ended'",
            (done.id,),
        )

        # Bo (in the child's team) writes about the dropped child: it comes back whole.
        bo = api.login(people.name("bo"), PASSWORD)
        late = note(done.id, "Ny oro", author=people.bo)
        answer = bo.push([change(late)])
        assert answer.json()["results"][0]["status"] == "accepted", answer.text
        report = laptop.sync()
        held = laptop.records()
        assert {done.id, *done.shared, done.bvc_note, done.soc_note, late.id} <= set(held)
        assert report.dropped == []

        # With the ordinary grace, a sync drops what has rested long enough and is safe.
        laptop.client.drop_finished_after = timedelta(days=90)
        report = laptop.sync()  # sends the unsent note, which makes that child recent
        assert report.dropped == []
        assert drafted.id in laptop.child_ids()  # a draft keeps it
        assert {done.id, unsent.id, going.id} <= laptop.child_ids()
        laptop.session.drafts.delete(f"form:skattning:{drafted.id}")
        assert laptop.sync().dropped == [drafted.id]
        assert drafted.id not in laptop.child_ids()
    finally:
        laptop.close()
        api.close()
