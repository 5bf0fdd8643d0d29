"""The global order of changes: a pull never skips a change that commits late.

A slow push (held open after it has written, before it commits) and a fast one about another
child: whatever the ordering scheme lets run side by side, a device pulling meanwhile and
then carrying on from the cursor it was given must receive both."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from backa_desktop.central import push_state
from backa_desktop.central.access import Caller
from backa_desktop.central.ordering import scheme
from backa_desktop.central.service import CentralService
from backa_desktop.domain.records import Record
from backa_desktop.sync.protocol import PullRequest, PushBatch
from tests.central import builders as b
from tests.central.people import People


def _push(service: CentralService, caller: Caller, records: list[Record]) -> list[Any]:
    batch = PushBatch.model_validate({"changes": [b.change(r) for r in records]})
    results = service.push(caller, batch).results
    assert {r.status.value for r in results} == {"accepted"}, results
    return results


def _pull_all(service: CentralService, caller: Caller, cursor: str) -> tuple[set[str], str]:
    seen: set[str] = set()
    while True:
        page = service.pull(caller, PullRequest(cursor=cursor, page_size=50))
        seen |= {p.record.id for p in page.records}
        assert int(page.next_cursor) >= int(cursor)
        cursor = page.next_cursor
        if not page.has_more:
            return seen, cursor


def test_a_change_that_commits_late_is_still_pulled(
    service: CentralService, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = Caller(people.anna, "anna-laptop", frozenset({"barnkontakt"}), people.bvc)
    other = Caller(people.anna, "anna-other", frozenset({"barnkontakt"}), people.bvc)
    slow_child, fast_child = b.child(people.anna), b.child(people.anna)
    _push(
        service,
        anna,
        [
            slow_child,
            b.barnkontakt(slow_child.id, people.anna, people.bvc),
            fast_child,
            b.barnkontakt(fast_child.id, people.anna, people.bvc),
        ],
    )
    _, start = _pull_all(service, other, "0")

    written, release = threading.Event(), threading.Event()
    flush = push_state.Batch.flush

    def held_flush(self: Any) -> None:
        flush(self)
        if threading.current_thread().name == "slow":
            written.set()
            release.wait(30)

    monkeypatch.setattr(push_state.Batch, "flush", held_flush)
    slow_note, fast_note = b.note(slow_child.id), b.note(fast_child.id)
    errors: list[BaseException] = []

    def run(records: list[Record]) -> None:
        try:
            _push(service, anna, records)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    slow = threading.Thread(target=run, args=([slow_note],), name="slow")
    fast = threading.Thread(target=run, args=([fast_note],), name="fast")
    slow.start()
    assert written.wait(30), "the slow push never wrote"
    fast.start()
    fast.join(5)
    ran_alongside = not fast.is_alive()
    first: dict[str, Any] = {}

    def pull_meanwhile() -> None:
        try:
            first["seen"], first["cursor"] = _pull_all(service, other, start)
        except BaseException as exc:
            errors.append(exc)

    puller = threading.Thread(target=pull_meanwhile)
    puller.start()
    puller.join(5)
    release.set()
    for thread in (slow, fast, puller):
        thread.join(60)
    assert not errors, errors
    with service.engine.connect() as conn:
        horizon_scheme = scheme(conn) == "horizon"
    if horizon_scheme:
        # Pushes about different children do not wait for each other ...
        assert ran_alongside
        # ... and the pull during the slow push did not serve past it.
        assert slow_note.id not in first["seen"]
    later, _ = _pull_all(service, other, first["cursor"])
    assert {slow_note.id, fast_note.id} <= first["seen"] | later
