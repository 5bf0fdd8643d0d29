"""Fictional children with a past on the central store, for the disposal tests: records
dated years back (as a migrated archive would be), pushed over real HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from backa_desktop.domain.records import Record, RecordType
from tests.central.builders import barnkontakt, change, consent, individual_team, unique_identity
from tests.central.people import People


def _at(day: str) -> dict[str, str]:
    return {"created_at": f"{day}T09:00:00.000Z", "updated_at": f"{day}T09:00:00.000Z"}


def old(record: Record, day: str = "2014-02-03") -> Record:
    return record.model_copy(update=_at(day))


@dataclass
class Child:
    """One fictional child's records on the server, by role."""

    id: str
    shared: list[str]
    """The child's Backa records (class gemensam_plan)."""
    bvc_note: str
    """Anna's note at BVC (class patientjournal)."""
    soc_note: str
    """Sara's note at social services (class socialtjanst)."""


def old_child(
    anna: Any, sara: Any, people: People, *, born: date, family: str, status: str | None,
    closed_on: str | None, soc_note_on: str,
) -> Child:
    body = {
        "given_names": "Test",
        "family_name": family,
        "identity": unique_identity(born),
        "birth_date": born.isoformat(),
        "status": status,
    }
    profile = Record(type=RecordType.CHILD, body=body, author=people.anna, device="dev",
                     **_at("2014-01-10"))
    profile = profile.model_copy(update={"child_id": profile.id})
    cid = profile.id
    made = [
        profile,
        old(barnkontakt(cid, people.anna, people.bvc, valid_from="2014-01-10",
                         author=people.anna)),
        old(individual_team(cid, [people.bo, people.sara], author=people.anna)),
        old(consent(cid, author=people.anna)),
        old(Record(type=RecordType.PLAN, child_id=cid, author=people.anna, device="dev",
                    body={"child_id": cid, "reason": "Stöd", "goals": [], "child_view": ""})),
    ]
    if closed_on is not None:
        made.append(old(Record(
            type=RecordType.DECISION, child_id=cid, author=people.anna, device="dev",
            body={"beslut": "behov_uppfyllt", "motivation": "Behoven är uppfyllda.",
                  "decided_by": people.anna},
        ), closed_on))
    note = old(Record(type=RecordType.NOTE, child_id=cid, author=people.anna, device="dev",
                       body={"child_id": cid, "happened_on": "2015-05-01",
                             "text": "Hembesök"}), "2015-05-01")
    made.append(note)
    answer = anna.push([change(r) for r in made])
    assert answer.status_code == 200, answer.text
    assert {r["status"] for r in answer.json()["results"]} == {"accepted"}, answer.text
    soc = old(Record(type=RecordType.NOTE, child_id=cid, author=people.sara, device="dev",
                      body={"child_id": cid, "happened_on": soc_note_on, "text": "Utredning"}),
               soc_note_on)
    answer = sara.push([change(soc)])
    assert answer.json()["results"][0]["status"] == "accepted", answer.text
    return Child(cid, [r.id for r in made if r.id != note.id], note.id, soc.id)
