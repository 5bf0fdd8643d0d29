"""The payload hash of a pushed change stays what every earlier version stored.

The change log (`changes.payload_hash`) decides whether a change id sent again is a replay
(the first answer again) or a reuse (409). The push now builds the change's canonical JSON
around the record's own text (`push.payload`, whose record text also becomes a new record's
envelope); if that ever gave another hash, a laptop replaying a change it sent before an
upgrade would be refused. So the hashes here are pinned: computed with the earlier code,
which hashed `json.dumps(change.model_dump(mode="json"), sort_keys=True,
ensure_ascii=False, separators=(",", ":"))`."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from sqlalchemy import select

from backa_desktop.central.access import Caller
from backa_desktop.central.db import changes, records
from backa_desktop.central.push import payload
from backa_desktop.central.service import CentralService
from backa_desktop.domain.records import Record
from backa_desktop.sync.protocol import ChangeStatus, PushBatch, PushChange
from tests.central import builders as b
from tests.central.people import People

_CHILD = "0192f0a0-0000-7000-8000-0000000000c1"

PINNED: list[tuple[dict[str, Any], str]] = [
    (
        {
            "change_id": "0192f0a0-0000-7000-8000-00000000c001",
            "record": {
                "id": "0192f0a0-0000-7000-8000-000000000001",
                "type": "note",
                "child_id": _CHILD,
                "body": {
                    "text": 'Åsa sa "hej" — ñ\n\t\\ ☃ 😀',
                    "kind": "handelse",
                    "happened_on": "2026-11-20",
                    "child_id": _CHILD,
                    "nested": {"z": [1, 2.5, None, True], "a": {}},
                },
                "revision": 2,
                "base_revision": 1,
                "author": "staff-1",
                "device": "Lånedator",
                "created_at": "2026-11-20T08:00:00.000000Z",
                "updated_at": "2026-11-21T09:30:00.000000Z",
            },
            "changed_fields": ["text", "kind"],
        },
        "9a5be7225a45701c1214af53f8da9e857a33c11974da0deea45e9a6fc45812df",
    ),
    (
        {
            "change_id": "0192f0a0-0000-7000-8000-00000000c002",
            "record": {
                "id": _CHILD,
                "type": "child",
                "body": {"given_names": "Ida"},
                "author": "staff-1",
                "device": "d",
                "created_at": "2026-11-20T08:00:00.000000Z",
                "updated_at": "2026-11-20T08:00:00.000000Z",
                "deleted": True,
            },
        },
        "3113a784e53fd969cc7c85ee052095061c976bd56105e4ea9d9329b469d6a63a",
    ),
]


def _old_hash(change: PushChange) -> str:
    text = json.dumps(
        change.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize(("sent", "pinned"), PINNED)
def test_the_payload_hash_is_the_one_earlier_versions_stored(
    sent: dict[str, Any], pinned: str
) -> None:
    change = PushChange.model_validate(sent)
    whole, record = payload(change)
    assert hashlib.sha256(whole.encode("utf-8")).hexdigest() == pinned
    assert _old_hash(change) == pinned
    # The record's text is the record, whole: it is stored as a new record's envelope.
    assert Record.model_validate_json(record) == change.record
    assert json.loads(whole)["record"] == json.loads(record)


def test_a_pushed_change_is_logged_with_the_old_hash_and_replays_as_a_duplicate(
    service: CentralService, people: People
) -> None:
    anna = Caller(people.anna, "anna-laptop", frozenset({"barnkontakt"}), people.bvc)
    kid = b.child(people.anna)
    note = b.note(kid.id, author=people.anna)
    batch = PushBatch.model_validate(
        {
            "changes": [
                b.change(kid),
                b.change(b.barnkontakt(kid.id, people.anna, people.bvc, author=people.anna)),
                b.change(note),
            ]
        }
    )
    first = service.push(anna, batch).results
    assert [r.status for r in first] == [ChangeStatus.ACCEPTED] * 3
    with service.engine.connect() as conn:
        logged = dict(
            conn.execute(
                select(changes.c.change_id, changes.c.payload_hash).where(
                    changes.c.change_id.in_([c.change_id for c in batch.changes])
                )
            ).all()
        )
        stored = conn.execute(select(records.c.envelope).where(records.c.id == note.id)).scalar()
    assert logged == {c.change_id: _old_hash(c) for c in batch.changes}
    assert stored is not None and Record.model_validate_json(stored) == note
    again = service.push(anna, batch).results
    assert [r.status for r in again] == [ChangeStatus.DUPLICATE] * 3
    assert [r.server_seq for r in again] == [r.server_seq for r in first]
