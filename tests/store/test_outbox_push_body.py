"""The push request is written straight from the outbox's stored JSON (no model per change):
it must be the very request the models give, and the bases made consistent per record must be
stored, so a retry sends the same bytes. A real encrypted folder; no server needed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from backa_desktop.domain.records import Record, RecordType
from backa_desktop.services.vault import Session
from backa_desktop.store.sync_state import SyncState
from backa_desktop.sync import client as engine
from backa_desktop.sync.protocol import PushBatch, PushChange
from backa_desktop.sync.replica import OutboxEntry
from tests.store.helpers import PASSPHRASE, make_vault
from tests.sync.devices import child_body


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    vault, _ = make_vault(tmp_path / "data")
    with vault.unlock(PASSPHRASE) as s:
        yield s


def _child(session: Session, given: str) -> Record:
    return session.repo.create(
        RecordType.CHILD, child_body(given_names=given, family_name='Åberg-Öst "citat"')
    )


def _with_models(entries: list[OutboxEntry]) -> bytes:
    """The request as the engine built it before: a `PushChange` model per entry."""
    changes = []
    for entry in entries:
        record = Record.model_validate_json(entry.record_json)
        fields = [
            engine.DELETED_FIELD if name == "deleted" and "deleted" not in record.body else name
            for name in entry.changed_fields
        ]
        changes.append(
            PushChange(change_id=entry.change_id, record=record, changed_fields=fields)
        )
    return PushBatch(changes=changes).model_dump_json().encode("utf-8")


def test_the_push_body_is_the_models_request_byte_for_byte(session: Session) -> None:
    state = SyncState(session.db, session.repo)
    child = _child(session, "Märta ✓ Ölund")
    session.repo.create(
        RecordType.NOTE,
        {"child_id": child.id, "kind": "handelse", "text": "Tab\tå 🙂 \\ slut",
         "happened_on": "2025-03-01"},
        child_id=child.id,
    )
    session.repo.update(child.id, {**session.repo.require(child.id).body, "given_names": "Ny"})
    session.repo.delete(child.id)
    entries = state.pending(50)
    assert len(entries) == 6  # the unit and the user made with the folder, then these four
    body = engine._batch(entries).body
    assert body == _with_models(entries)
    parsed = PushBatch.model_validate_json(body)
    assert [c.change_id for c in parsed.changes] == [e.change_id for e in entries]
    assert [c.record for c in parsed.changes] == [e.record for e in entries]
    assert parsed.changes[-1].changed_fields == [engine.DELETED_FIELD]
    assert [e.child_id for e in entries[2:]] == [child.id] * 4


def test_bases_made_consistent_per_record_are_stored(session: Session) -> None:
    """A record whose later change names another base than its first: the later one is sent
    (and kept) with the first one's base and a revision past it, the rest of its JSON as it
    was; a second read sends exactly the same bytes."""
    state = SyncState(session.db, session.repo)
    child = _child(session, "Ada")
    session.repo.update(child.id, {**session.repo.require(child.id).body, "given_names": "Bea"})
    session.repo.update(child.id, {**session.repo.require(child.id).body, "given_names": "Cia"})
    seqs = [
        int(r[0])
        for r in session.db.query(
            "SELECT seq FROM outbox WHERE record_id = ? ORDER BY seq", (child.id,)
        )
    ]
    first = json.loads(session.db.one("SELECT record FROM outbox WHERE seq = ?", (seqs[0],))[0])
    with session.db.transaction():
        session.db.execute(
            "UPDATE outbox SET record = json_set(record, '$.base_revision', 7, '$.revision', 3)"
            " WHERE seq = ?",
            (seqs[2],),
        )
    entries = [e for e in state.pending(50) if e.record_id == child.id]
    assert [e.base_revision for e in entries] == [first["base_revision"]] * 3
    last = entries[2].record
    assert last.base_revision == first["base_revision"]
    assert last.revision == max(3, first["base_revision"] + 1)
    assert last.body["given_names"] == "Cia"
    stored = session.db.one("SELECT record FROM outbox WHERE seq = ?", (seqs[2],))[0]
    assert stored == entries[2].record_json
    again = [e for e in state.pending(50) if e.record_id == child.id]
    assert engine._batch(again).body == engine._batch(entries).body == _with_models(entries)


def test_an_older_refused_change_gives_the_base(session: Session) -> None:
    state = SyncState(session.db, session.repo)
    child = _child(session, "Ada")
    session.repo.update(child.id, {**session.repo.require(child.id).body, "given_names": "Bea"})
    entries = [e for e in state.pending(50) if e.record_id == child.id]
    state.reject(entries[0], "nej")
    with session.db.transaction():
        session.db.execute(
            "UPDATE outbox SET record = json_set(record, '$.base_revision', 4) WHERE seq = ?",
            (entries[1].seq,),
        )
    (left,) = [e for e in state.pending(50) if e.record_id == child.id]
    assert left.seq == entries[1].seq
    assert left.base_revision == entries[0].base_revision == left.record.base_revision
    assert [e.seq for e in state.failed()] == [entries[0].seq]
