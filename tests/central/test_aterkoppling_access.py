"""The återkoppling rule of the central store: the Upptäckare named in a decision receives that
decision, and nothing else about the child; nobody else receives it through that rule."""

from __future__ import annotations

import json

from backa_desktop.domain.records import Record, RecordType
from tests.central import builders as b
from tests.central.people import PASSWORD, People
from tests.central.support import Api

SECRET = "Hemligsson"


def _decision(child_id: str, decided_by: str, notify: str | None, motivation: str) -> Record:
    return Record(
        type=RecordType.DECISION,
        child_id=child_id,
        body={
            "beslut": "barnkontakt",
            "motivation": motivation,
            "decided_by": decided_by,
            "notify_upptackare": notify,
        },
        author=decided_by,
        device="dev",
    )


def test_decision_goes_back_to_the_upptackare_only(api: Api, people: People) -> None:
    anna = api.login(people.name("anna"), PASSWORD)
    cecilia = api.login(people.name("cecilia"), PASSWORD)
    bo = api.login(people.name("bo"), PASSWORD)
    kid = b.child(anna.user_id, family=SECRET)
    cid = kid.id
    to_cecilia = _decision(cid, anna.user_id, cecilia.user_id, "Återkoppling till Cecilia.")
    to_nobody = _decision(cid, anna.user_id, None, "Internt beslut.")
    records = [
        kid,
        b.barnkontakt(cid, anna.user_id, people.bvc, author=anna.user_id),
        b.note(cid, "Samtal med mamma", author=anna.user_id),
        to_cecilia,
        to_nobody,
    ]
    response = anna.push([b.change(r) for r in records])
    assert response.status_code == 200, response.text
    assert {r["status"] for r in response.json()["results"]} == {"accepted"}

    held, _purged, _cursor = cecilia.pull_all()
    assert [rid for rid, r in held.items() if r.get("child_id") == cid] == [to_cecilia.id]
    raw = json.dumps(held, ensure_ascii=False)
    assert SECRET not in raw and "Internt beslut" not in raw and "Samtal med mamma" not in raw

    held, _purged, _cursor = bo.pull_all()
    assert [r for r in held.values() if r.get("child_id") == cid] == []
    assert "Återkoppling till Cecilia" not in json.dumps(held, ensure_ascii=False)
