"""The push does set-based work: a batch's current rows are read together, the merges happen
in memory and each table is written in one batched statement, with access recomputed once for
all the children the batch touches. So the number of SQL statements a push sends does not grow
with the number of changes in it; a push that went back to a statement or more per change (the
cost that made the initial push of a municipality take minutes) fails here."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from backa_desktop.central import push, push_state
from backa_desktop.central.access import Caller
from backa_desktop.central.common import today
from backa_desktop.central.service import CentralService
from backa_desktop.sync.protocol import PushBatch
from tests.central import builders as b
from tests.central.people import People, make_people
from tests.central.support import migrated, service_for


@contextmanager
def _statements(service: CentralService) -> Iterator[list[str]]:
    sent: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(service.engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(service.engine, "before_cursor_execute", count)


def _batch(people: People, children: int) -> PushBatch:
    records = []
    for _ in range(children):
        kid = b.child(people.anna)
        records += [kid, b.barnkontakt(kid.id, people.anna, people.bvc, author=people.anna)]
        records += [b.note(kid.id, author=people.anna) for _ in range(3)]
    return PushBatch.model_validate({"changes": [b.change(r) for r in records]})


def _push(service: CentralService, caller: Caller, batch: PushBatch) -> int:
    with _statements(service) as sent:
        results = service.push(caller, batch).results
    assert {r.status.value for r in results} == {"accepted"}
    return len(sent)


def test_a_push_sends_as_many_statements_for_100_changes_as_for_10(
    service: CentralService, people: People
) -> None:
    anna = Caller(people.anna, "anna-laptop", frozenset({"barnkontakt"}), people.bvc)
    _push(service, anna, _batch(people, 1))  # first use: prepared statements, caches
    small = _push(service, anna, _batch(people, 2))  # 10 changes
    large = _push(service, anna, _batch(people, 20))  # 100 changes
    assert large <= small + 2, f"{small} statements for 10 changes, {large} for 100"
    assert large < 50, f"{large} statements for 100 changes"


def test_a_push_planned_before_another_one_commits_is_planned_again(
    pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The push plans (reads, validates, merges) before it takes its lock. If another push
    changes what it read in between, it must plan again under the lock and give what a serial
    push would: here the field-by-field merge of both edits, not a lost update. (PostgreSQL
    only: on SQLite a push holds the write lock from its first statement.)"""
    service = service_for(migrated(pg_database))
    try:
        people = make_people(service)
        anna = Caller(people.anna, "anna-laptop", frozenset({"barnkontakt"}), people.bvc)
        other = Caller(people.anna, "anna-other", frozenset({"barnkontakt"}), people.bvc)
        kid = b.child(people.anna)
        plan = b.plan(kid.id, author=people.anna, reason="start", goals=["a"])
        records = [kid, b.barnkontakt(kid.id, people.anna, people.bvc, author=people.anna), plan]
        _push(service, anna, PushBatch.model_validate({"changes": [b.change(r) for r in records]}))

        lock = push_state.Batch.lock
        planned: list[bool] = []

        def lock_after_a_rival(self: push_state.Batch) -> None:
            if not planned:  # the first planning only: the rival commits before the lock
                planned.append(True)
                rival = b.change(b.edit(plan, base=1, child_view="annan enhet"))
                done = service.push(other, PushBatch.model_validate({"changes": [rival]}))
                assert done.results[0].status.value == "accepted"
            else:
                planned.append(False)
            lock(self)

        monkeypatch.setattr(push_state.Batch, "lock", lock_after_a_rival)
        mine = b.change(b.edit(plan, base=1, reason="anna"))
        result = service.push(anna, PushBatch.model_validate({"changes": [mine]})).results[0]
        assert planned[0] and len(planned) >= 2, "planned again once the rival had committed"
        assert result.status.value == "accepted"
        assert result.record is not None, "merged, so the server's record comes back"
        assert result.record.revision == 3
        assert result.record.body["reason"] == "anna"
        assert result.record.body["child_view"] == "annan enhet"
    finally:
        service.engine.dispose()


def _rival_then_check(
    service: CentralService,
    callers: tuple[Caller, Caller],
    mine: list[dict[str, Any]],
    rival: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> list[tuple[bool, bool]]:
    """Push `mine` (as the first caller) with the rival batch (the second caller's)
    committed between its planning and its lock; the check under the lock, both ways (one
    statement, and one statement per read), each time the push takes the lock."""
    me, other = callers
    checks: list[tuple[bool, bool]] = []
    lock = push_state.Batch.lock

    def lock_after_a_rival(self: push_state.Batch) -> None:
        if self.caller is other:  # the rival's own push
            lock(self)
            return
        if not checks and rival:
            service.push(other, PushBatch.model_validate({"changes": rival}))
        checks.append((self._unchanged_at_once(), self._unchanged_one_by_one()))
        lock(self)

    with monkeypatch.context() as patched:
        patched.setattr(push_state.Batch, "lock", lock_after_a_rival)
        service.push(me, PushBatch.model_validate({"changes": mine}))
    return checks


def test_the_check_under_the_lock_in_one_statement_sees_what_the_reads_one_by_one_see(
    pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each kind of read the push re-checks under its lock — a record's revision, a child's
    access-deciding records, the identity numbers, the change ids — changed by a rival
    between planning and lock: the one-statement check (`_unchanged_at_once`, PostgreSQL)
    says what the one-by-one reads say, and both see the change."""
    service = service_for(migrated(pg_database))
    try:
        people = make_people(service)
        callers = (
            Caller(people.anna, "anna-laptop", frozenset({"barnkontakt"}), people.bvc),
            Caller(people.anna, "anna-other", frozenset({"barnkontakt"}), people.bvc),
        )
        kid = b.child(people.anna)
        plan = b.plan(kid.id, author=people.anna, reason="start", goals=["a"])
        assignment = b.barnkontakt(kid.id, people.anna, people.bvc, author=people.anna)
        base = [b.change(r) for r in (kid, assignment, plan)]
        service.push(callers[0], PushBatch.model_validate({"changes": base}))
        note = b.change(b.note(kid.id, author=people.anna))
        assert _rival_then_check(service, callers, [note], [], monkeypatch) == [(True, True)]
        same = b.change(b.note(kid.id, author=people.anna))
        twin = b.child(people.anna)
        cases = {
            "a record's revision": (
                [b.change(b.edit(plan, base=1, reason="anna"))],
                [b.change(b.edit(plan, base=1, child_view="annan enhet"))],
            ),
            "an access-deciding record": (
                [b.change(b.individual_team(kid.id, [people.anna], author=people.anna))],
                [b.change(b.individual_team(kid.id, [people.anna], author=people.anna))],
            ),
            "a change id": ([same], [same]),
            "an identity number": (
                [b.change(twin)],
                [b.change(b.child(people.anna).model_copy(update={"body": twin.body}))],
            ),
        }
        for name, (mine, rival) in cases.items():
            checks = _rival_then_check(service, callers, mine, rival, monkeypatch)
            assert checks[0] == (False, False), name
            assert all(at_once == one_by_one for at_once, one_by_one in checks), name
    finally:
        service.engine.dispose()


def test_the_reads_before_planning_in_one_statement_read_what_the_reads_one_by_one_read(
    pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Batch.read_ahead` (PostgreSQL) reads in one statement what the planning would read
    one table at a time: for a batch with a replayed change id, edits with history, a
    profile edit (identity numbers), a note about a child merged into another (a redirect)
    and a new child, the batch holds the same view either way and gives the same answers."""
    service = service_for(migrated(pg_database))
    try:
        people = make_people(service)
        anna = Caller(people.anna, "anna-laptop", frozenset({"barnkontakt"}), people.bvc)
        kid = b.child(people.anna)
        plan = b.plan(kid.id, author=people.anna, reason="start", goals=["a"])
        first = b.change(b.barnkontakt(kid.id, people.anna, people.bvc, author=people.anna))
        base = [b.change(kid), first, b.change(plan)]
        service.push(anna, PushBatch.model_validate({"changes": base}))
        twice = b.edit(plan, base=1, reason="andra")
        service.push(anna, PushBatch.model_validate({"changes": [b.change(twice)]}))
        twin = b.child(people.anna).model_copy(update={"body": kid.body})
        merged = service.push(anna, PushBatch.model_validate({"changes": [b.change(twin)]}))
        assert merged.results[0].status.value == "accepted"
        batch = PushBatch.model_validate(
            {
                "changes": [
                    first,
                    b.change(b.edit(kid, base=1, given_names="Ny")),
                    b.change(b.edit(plan, base=1, child_view="annan enhet")),
                    b.change(b.note(twin.id, author=people.anna)),
                    b.change(b.child(people.anna)),
                ]
            }
        )
        pairs = [push.payload(c) for c in batch.changes]
        digests = [hashlib.sha256(whole.encode()).hexdigest() for whole, _ in pairs]
        sent = [record for _whole, record in pairs]

        def planned(read_ahead: bool) -> tuple[dict[str, Any], list[str]]:
            with service.engine.connect() as conn, monkeypatch.context() as patched:
                if not read_ahead:
                    patched.setattr(push_state.Batch, "read_ahead", lambda *_args: None)
                with _statements(service) as statements:
                    one = push_state.Batch(conn, anna, today(), False)
                    answers = push._plan(one, batch, digests, sent)
                view = {
                    name: getattr(one, name)
                    for name in (
                        "rows",
                        "read_revisions",
                        "access_rows",
                        "read_access",
                        "read_levels",
                        "redirects",
                        "read_redirect_children",
                        "identities",
                        "read_identities",
                        "seen_changes",
                        "seen_rows",
                        "lock_set",
                        "dirty",
                        "audit",
                    )
                }
                view["history"] = {rid: one.history(rid, 1) for rid in (kid.id, plan.id, twin.id)}
                view["answers"] = [a.result.model_dump(exclude={"server_seq"}) for a in answers]
                conn.rollback()
            return view, statements

        together, few = planned(True)
        apart, many = planned(False)
        assert together["redirects"], "the note's child is merged into another"
        assert together["seen_changes"] == {first["change_id"]}
        assert together == apart
        assert len(few) < len(many), (few, many)
    finally:
        service.engine.dispose()
