"""Records, outbox, audit chain and child search on a real SQLCipher file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from backa_desktop.domain.records import RecordType
from backa_desktop.services.children import ChildFilter, find_child, search_children
from backa_desktop.services.vault import Session
from backa_desktop.store.audit import verify_chain
from tests.store.helpers import PASSPHRASE, make_vault


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    vault, _ = make_vault(tmp_path / "f")
    with vault.unlock(PASSPHRASE) as s:
        yield s


def _child(session: Session, given: str, family: str, identity: str, birth: str) -> str:
    record = session.repo.create(
        RecordType.CHILD,
        {"given_names": given, "family_name": family, "identity": identity,
         "birth_date": birth, "status": None},
    )
    return record.id


def test_write_queues_outbox_and_audit_in_one_transaction(session: Session) -> None:
    before = session.repo.pending_count()
    child_id = _child(session, "Åsa", "Öberg", "201701012385", "2017-01-01")
    assert session.repo.pending_count() == before + 1
    row = session.db.one("SELECT record, changed_fields FROM outbox ORDER BY seq DESC LIMIT 1")
    assert json.loads(row[0])["id"] == child_id
    assert session.repo.sync_state(child_id) == "pending"
    events = session.audit.events(child_id=child_id)
    assert [e.action for e in events] == ["create"]


def test_failed_transaction_leaves_no_record_and_no_outbox(session: Session) -> None:
    before = (session.repo.pending_count(),
              session.db.one("SELECT count(*) FROM records")[0])
    with pytest.raises(RuntimeError), session.db.transaction():
        session.repo.create(
            RecordType.NOTE,
            {"child_id": "x", "happened_on": "2026-01-02", "text": "halv skrivning"},
            child_id="x",
        )
        raise RuntimeError("crash mid-use-case")
    after = (session.repo.pending_count(), session.db.one("SELECT count(*) FROM records")[0])
    assert after == before


def test_only_overwritten_revisions_are_kept_beside_the_current_one(session: Session) -> None:
    """The current revision is the record's row; `record_revisions` holds those it had, so a
    pulled record that is new here writes its body once. The history is every revision."""
    child_id = _child(session, "Nils", "Holm", "201701012393", "2017-01-01")
    first = session.repo.require(child_id)

    def kept() -> list[int]:
        return [int(r[0]) for r in session.db.query(
            "SELECT revision FROM record_revisions WHERE record_id = ? ORDER BY revision",
            (child_id,))]

    assert kept() == []
    assert session.repo.history(child_id) == [first]
    second = session.repo.update(child_id, {**first.body, "family_name": "Holmberg"})
    assert kept() == [1]
    pulled = second.model_copy(update={"body": {**second.body, "given_names": "Nisse"},
                                       "revision": 3, "base_revision": 2, "author": "anna"})
    session.repo.put_remote(pulled, server_seq=9)
    assert kept() == [1, 2]
    history = session.repo.history(child_id)
    assert [(r.revision, r.body["given_names"], r.body["family_name"]) for r in history] == [
        (1, "Nils", "Holm"), (2, "Nils", "Holmberg"), (3, "Nisse", "Holmberg")]
    assert (history[0].body, history[0].updated_at) == (first.body, first.updated_at)
    assert history[2] == pulled
    # The same revision number with other content replaces the content, as it always did.
    again = pulled.model_copy(update={"body": {**pulled.body, "given_names": "Nils-Erik"}})
    session.repo.put_remote(again, server_seq=10)
    assert kept() == [1, 2]
    assert [r.body["given_names"] for r in session.repo.history(child_id)] == [
        "Nils", "Nils", "Nils-Erik"]
    # A folder written before kept a copy of the current revision too: it is not listed twice.
    with session.db.transaction():
        session.db.execute(
            "INSERT INTO record_revisions (record_id, revision, body, author, device,"
            " updated_at, deleted) VALUES (?, 3, '{}', 'x', 'y', 'z', 0)",
            (child_id,),
        )
    assert [r.revision for r in session.repo.history(child_id)] == [1, 2, 3]
    assert session.repo.history(child_id)[2] == session.repo.require(child_id)


def test_update_records_changed_fields_and_keeps_history(session: Session) -> None:
    child_id = _child(session, "Nils", "Holm", "201701012393", "2017-01-01")
    record = session.repo.require(child_id)
    updated = session.repo.update(child_id, {**record.body, "family_name": "Holmberg"})
    assert (updated.revision, updated.base_revision) == (2, 1)
    row = session.db.one("SELECT changed_fields FROM outbox ORDER BY seq DESC LIMIT 1")
    assert json.loads(row[0]) == ["family_name"]
    assert [r.body["family_name"] for r in session.repo.history(child_id)] == ["Holm", "Holmberg"]
    assert search_children(session, "holmberg")[0].record_id == child_id
    assert search_children(session, "holm")[0].record_id == child_id


def test_search_by_part_of_name_and_digits(session: Session) -> None:
    asa = _child(session, "Åsa Maja", "Öberg", "201701012385", "2017-01-01")
    nils = _child(session, "Nils", "Lindqvist", "201802022390", "2018-02-02")
    assert [c.record_id for c in search_children(session, "maj")] == [asa]
    assert [c.record_id for c in search_children(session, "asa")] == [asa]  # Å folded
    assert [c.record_id for c in search_children(session, "lindq")] == [nils]
    assert [c.record_id for c in search_children(session, "2390")] == [nils]
    assert [c.record_id for c in search_children(session, "180202-2390")] == [nils]
    assert [c.record_id for c in search_children(session, "nils 2018")] == [nils]
    assert search_children(session, "nils 2017") == []
    assert search_children(session, '"*) OR (') == []  # FTS syntax cannot be injected
    hit = search_children(session, "2385")[0]
    assert hit.masked_identity == "20170101-****"
    assert find_child(session, "170101-2385") == asa


def test_invalid_body_is_refused_before_the_database(session: Session) -> None:
    from backa_desktop.domain.bodies import InvalidBody

    before = session.db.one("SELECT count(*) FROM records")[0]
    with pytest.raises(InvalidBody, match="child"):
        _child(session, "Ida", "Ek", "201701012384", "2017-01-01")  # wrong check digit
    assert session.db.one("SELECT count(*) FROM records")[0] == before


def test_filters(session: Session) -> None:
    a = _child(session, "Ida", "Ek", "201701012385", "2017-01-01")
    _child(session, "Ola", "Ek", "201701012393", "2017-01-01")
    session.repo.create(
        RecordType.BARNKONTAKT,
        {"child_id": a, "staff_id": session.me_id, "unit_id": "u", "valid_from": "2020-01-01",
         "valid_to": None},
        child_id=a,
    )
    mine = search_children(session, "", ChildFilter(barnkontakt_staff_id=session.me_id))
    assert [c.record_id for c in mine] == [a]


def test_audit_chain_detects_tampering(session: Session) -> None:
    _child(session, "Ida", "Ek", "201701012385", "2017-01-01")
    assert verify_chain(session.db) == []
    session.db.execute("UPDATE audit_events SET action = 'read' WHERE seq = 2")
    assert any("ändrats" in p for p in verify_chain(session.db))


def test_audit_chain_detects_removed_last_event(session: Session) -> None:
    _child(session, "Ida", "Ek", "201701012385", "2017-01-01")
    session.db.execute("DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)")
    assert any("tagits bort" in p for p in verify_chain(session.db))


def test_purge_child_removes_everything(session: Session) -> None:
    child_id = _child(session, "Ida", "Ek", "201701012385", "2017-01-01")
    session.repo.create(
        RecordType.NOTE,
        {"child_id": child_id, "happened_on": "2026-01-02", "text": "anteckning"},
        child_id=child_id,
    )
    session.drafts.save("k", {"x": 1}, child_id=child_id)
    assert session.repo.purge_child(child_id) == 2
    assert session.repo.find(child_id=child_id) == []
    assert search_children(session, "ida") == []
    assert session.drafts.load("k") is None


def test_drafts_survive_reopen(tmp_path: Path) -> None:
    vault, _ = make_vault(tmp_path / "f")
    with vault.unlock(PASSPHRASE) as s:
        s.drafts.save("upptackarkort:x", {"situation": "på förskolan"}, form_id="upptackarkort")
    with vault.unlock(PASSPHRASE) as s:
        draft = s.drafts.load("upptackarkort:x")
        assert draft is not None and draft.payload == {"situation": "på förskolan"}


def test_find_by_person_in_body_uses_the_index(session: Session) -> None:
    child = _child(session, "Ida", "Ek", "201701012385", "2017-01-01")
    mine = session.repo.create(
        RecordType.DECISION,
        {"beslut": "barnteam", "motivation": "Behöver samordnat stöd", "decided_by": "staff-a",
         "notify_upptackare": "staff-b"},
        child_id=child,
    )
    session.repo.create(
        RecordType.DECISION,
        {"beslut": "barnkontakt", "motivation": "Samtal", "decided_by": "staff-c"},
        child_id=child,
    )
    assert [r.id for r in session.repo.find_by(RecordType.DECISION, "decided_by", ["staff-a"])] \
        == [mine.id]
    assert [r.id for r in session.repo.find_by(
        RecordType.DECISION, "notify_upptackare", ["staff-b", "x"])] == [mine.id]
    plan = session.db.query(
        "EXPLAIN QUERY PLAN SELECT id FROM records WHERE type = 'decision' AND deleted = 0"
        " AND json_extract(body, '$.decided_by') IN (?)", ("staff-a",)
    )
    assert any("records_decision_decided_by" in str(row) for row in plan)
    with pytest.raises(ValueError, match="no index"):
        session.repo.find_by(RecordType.NOTE, "text", ["x"])
    other = session.repo.find_by(RecordType.DECISION, "decided_by", ["staff-c"])[0]
    # Oldest first; two records made in the same millisecond by their ids (a UUIDv7's random
    # part, not the order they were made in).
    assert [r.id for r in session.repo.find_for_children([child], RecordType.DECISION)] == [
        r.id for r in sorted([mine, other], key=lambda r: (r.created_at, r.id))
    ]


def test_reading_a_child_again_reuses_unchanged_records_and_sees_every_change(
    session: Session,
) -> None:
    """Opening a child again builds only the records whose rows changed; a change made by
    any path, also one that bypasses the repository's writes, is read back."""
    child_id = _child(session, "Lova", "Ek", "201701012385", "2017-01-01")
    note = session.repo.create(
        RecordType.NOTE, {"child_id": child_id, "happened_on": "2026-01-02", "text": "första"},
        child_id=child_id,
    )
    other = session.repo.create(
        RecordType.NOTE, {"child_id": child_id, "happened_on": "2026-01-03", "text": "andra"},
        child_id=child_id,
    )
    first = {r.id: r for r in session.repo.find(child_id=child_id)}
    again = {r.id: r for r in session.repo.find(child_id=child_id)}
    assert again[note.id] is first[note.id] and again[other.id] is first[other.id]

    session.repo.update(note.id, {**note.body, "text": "ändrad"})
    with session.db.transaction():  # as a sync or a merge might write the row
        session.db.execute(
            "UPDATE records SET body = ? WHERE id = ?",
            (json.dumps({**other.body, "text": "utifrån"}), other.id),
        )
    third = {r.id: r for r in session.repo.find(child_id=child_id)}
    assert third[note.id].body["text"] == "ändrad" and third[note.id].revision == 2
    assert third[other.id].body["text"] == "utifrån"
    assert third[child_id] is again[child_id]  # the untouched profile was not built again

    session.repo.delete(note.id)
    assert note.id not in {r.id for r in session.repo.find(child_id=child_id)}
    # a read of one type shares the reuse
    (only,) = session.repo.find(RecordType.NOTE, child_id=child_id)
    assert only is third[other.id]


def test_reading_many_children_again_reuses_unchanged_records_and_sees_every_change(
    session: Session,
) -> None:
    """The inbox's reads across all my children (`find_for_children`, `find_by`) build only
    the records whose rows changed, and see a change made by any path (a remote write, a
    write that bypasses the repository)."""
    a = _child(session, "Lova", "Ek", "201701012385", "2017-01-01")
    b = _child(session, "Nils", "Ek", "201802022390", "2018-02-02")
    note_a = session.repo.create(
        RecordType.NOTE, {"child_id": a, "happened_on": "2026-01-02", "text": "första"},
        child_id=a,
    )
    note_b = session.repo.create(
        RecordType.NOTE, {"child_id": b, "happened_on": "2026-01-03", "text": "andra"},
        child_id=b,
    )
    first = {r.id: r for r in session.repo.find_for_children([a, b], RecordType.NOTE)}
    again = {r.id: r for r in session.repo.find_for_children([a, b], RecordType.NOTE)}
    assert again[note_a.id] is first[note_a.id] and again[note_b.id] is first[note_b.id]

    pulled = first[note_b.id].model_copy(
        update={"body": {**note_b.body, "text": "från servern"}, "revision": 2})
    session.repo.put_remote(pulled, server_seq=7)
    with session.db.transaction():  # as a merge might write the row
        session.db.execute(
            "UPDATE records SET body = ? WHERE id = ?",
            (json.dumps({**note_a.body, "text": "utifrån"}), note_a.id),
        )
    third = {r.id: r for r in session.repo.find_for_children([a, b], RecordType.NOTE)}
    assert third[note_a.id].body["text"] == "utifrån"
    assert third[note_b.id].body["text"] == "från servern" and third[note_b.id].revision == 2
    assert {r.id: r for r in session.repo.find_for_children([a], RecordType.NOTE)} == {
        note_a.id: third[note_a.id]}

    session.repo.delete(note_a.id)
    assert [r.id for r in session.repo.find_for_children([a, b], RecordType.NOTE)] == [
        note_b.id]
