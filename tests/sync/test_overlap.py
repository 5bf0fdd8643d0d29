"""A sync keeps the server and the laptop busy at the same time: the next pull page is asked
for while the current one is applied, and the next push batch is on the network while the
answer to the one before is acknowledged. Only one request is out at a time, in the order a
sync one step after the other would send them, so nothing about what ends up stored changes:
these tests check that the overlap happens, and that a failure or a refusal in the middle of
it loses nothing. Real SQLCipher folders, a real `backa-central serve` over loopback HTTP."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pydantic import BaseModel

from backa_desktop.domain.records import RecordType
from backa_desktop.sync.client import M, ServerUnavailable, SyncClient
from backa_desktop.sync.replica import Inline, LocalSteps, Replica
from tests.central.people import People
from tests.central.support import ServerProcess
from tests.sync.devices import DroppingTransport, Laptop, setup_shared_child

T = TypeVar("T")
NOTES = 120
"""Three pushes of 50 and (with the child's own records) three pull pages of 50."""


class Watched(DroppingTransport):
    """The real transport, counting the calls per path as they leave; `fail_at[path] = n`
    makes the n-th call of that path (counting from 1) find the server gone."""

    def __init__(self, server_url: str) -> None:
        super().__init__(server_url)
        self.count: dict[str, int] = {}
        self.fail_at: dict[str, int] = {}
        self.changed = threading.Condition()

    def call(self, path: str, payload: BaseModel, model: type[M], token: str | None = None) -> M:
        with self.changed:
            self.count[path] = self.count.get(path, 0) + 1
            number = self.count[path]
            self.changed.notify_all()
        if self.fail_at.get(path) == number:
            raise ServerUnavailable("Servern går inte att nå just nu.", "gone")
        return super().call(path, payload, model, token)

    def wait_for(self, path: str, calls: int, seconds: float = 5.0) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.count.get(path, 0) >= calls, seconds)


def watched_steps(
    replica: Replica, transport: Watched, path: str, step_name: str, seen: list[bool]
) -> LocalSteps:
    """The engine's local steps, inline; the first step named `step_name` (applying a page,
    acknowledging an answer) first waits up to 5 s for the second request of `path` to
    leave, and notes whether it did: it can only leave meanwhile if the engine sent it
    before running the step."""
    inline = Inline(replica)

    def run(step: Callable[[Replica], T]) -> T:
        if getattr(getattr(step, "func", None), "__name__", "") == step_name and not seen:
            seen.append(transport.wait_for(path, 2))
        return inline(step)

    return run


@pytest.fixture
def laptops(tmp_path: Path, server: ServerProcess, people: People) -> Iterator[list[Laptop]]:
    made: list[Laptop] = []
    yield made
    for laptop in made:
        laptop.close()


def _with_notes(
    tmp_path: Path, url: str, people: People, laptops: list[Laptop]
) -> tuple[Laptop, str]:
    anna = Laptop(tmp_path / "anna", url, people.name("anna"))
    laptops.append(anna)
    child = setup_shared_child(anna, people.bo, people.bvc)["child"]
    for number in range(NOTES):
        anna.create(
            RecordType.NOTE,
            {"child_id": child, "happened_on": "2026-11-20", "text": f"Anteckning {number}"},
            child,
        )
    return anna, child


def _second_device(tmp_path: Path, url: str, people: People, laptops: list[Laptop]) -> Laptop:
    """Anna's second laptop: it sees what her first one wrote."""
    other = Laptop(tmp_path / "anna-2", url, people.name("anna"))
    laptops.append(other)
    return other


def _notes(laptop: Laptop) -> dict[str, Any]:
    return {
        r.id: r.body["text"]
        for r in laptop.session.repo.find(RecordType.NOTE)
    }


def _watched(
    laptop: Laptop, url: str, path: str = "", step_name: str = ""
) -> tuple[Watched, list[bool]]:
    """The laptop syncs through a `Watched` transport in batches and pages of 50; with a
    `step_name`, its local steps note (in the list returned) whether the second request of
    `path` left before that step first ran (`watched_steps`)."""
    transport = Watched(url)
    seen: list[bool] = []
    local = (
        watched_steps(laptop.state, transport, path, step_name, seen)
        if step_name
        else Inline(laptop.state)
    )
    laptop.client = SyncClient(
        laptop.state, transport, local=local, push_batch=50, page_size=50
    )
    return transport, seen


def test_the_next_batch_is_on_the_network_while_an_answer_is_acknowledged(
    tmp_path: Path, server: ServerProcess, people: People, laptops: list[Laptop]
) -> None:
    anna, _child = _with_notes(tmp_path, server.base_url, people, laptops)
    transport, seen = _watched(anna, server.base_url, "/v1/push", "_apply_results")
    waiting = anna.state.pending_count()
    assert waiting > 2 * 50
    report = anna.client.push()
    assert seen == [True]
    assert transport.count["/v1/push"] == 3
    assert report.pushed == waiting and report.rejected == []
    assert anna.state.pending_count() == 0
    assert {anna.session.repo.sync_state(i) for i in _notes(anna)} == {"synced"}

    other = _second_device(tmp_path, server.base_url, people, laptops)
    other.sync()
    assert _notes(other) == _notes(anna)


def test_the_next_page_is_asked_for_while_this_one_is_applied(
    tmp_path: Path, server: ServerProcess, people: People, laptops: list[Laptop]
) -> None:
    anna, _child = _with_notes(tmp_path, server.base_url, people, laptops)
    anna.sync()
    other = _second_device(tmp_path, server.base_url, people, laptops)
    transport, seen = _watched(other, server.base_url, "/v1/pull", "_apply_page")
    report = other.client.pull()
    assert seen == [True]
    assert report.pages == transport.count["/v1/pull"] >= 3
    assert report.pulled >= NOTES + 5
    assert _notes(other) == _notes(anna)


def test_a_page_asked_for_ahead_that_fails_keeps_the_pages_applied_before_it(
    tmp_path: Path, server: ServerProcess, people: People, laptops: list[Laptop]
) -> None:
    anna, _child = _with_notes(tmp_path, server.base_url, people, laptops)
    anna.sync()
    other = _second_device(tmp_path, server.base_url, people, laptops)
    transport, _seen = _watched(other, server.base_url)
    transport.fail_at["/v1/pull"] = 2
    own = len(other.records())
    with pytest.raises(ServerUnavailable):
        other.client.pull()
    # The first page was applied while the second was asked for, and stays, cursor and all
    # (the directory's records of the whole server may fill it before Anna's notes come).
    held = len(other.records())
    assert held == own + 50
    assert len(_notes(other)) < NOTES
    assert int(other.state.cursor()) > 0

    report = other.client.pull()  # the network is back: the rest, nothing twice
    assert _notes(other) == _notes(anna)
    assert held + report.pulled == len(other.records())


def test_a_batch_refused_while_the_next_was_read_ahead_loses_nothing(
    tmp_path: Path, server: ServerProcess, people: People, laptops: list[Laptop]
) -> None:
    """The server refuses the second batch for one change in it (the change's body names
    another child than its envelope — here written into the outbox by hand, as a damaged
    or older app might have): that change is set aside as refused, the rest of its batch
    and the batch read ahead go up, each once."""
    anna, child = _with_notes(tmp_path, server.base_url, people, laptops)
    seq, bad_id = anna.session.db.query(
        "SELECT seq, record_id FROM outbox ORDER BY seq LIMIT 1 OFFSET 70"
    )[0]
    anna.session.db.execute(
        "UPDATE outbox SET record = json_set(record, '$.body.child_id', ?) WHERE seq = ?",
        (bad_id, seq),
    )
    transport, _seen = _watched(anna, server.base_url)
    waiting = anna.state.pending_count()
    report = anna.client.push()
    assert [change for change, _reason in report.rejected] == [
        anna.state.failed()[0].change_id
    ]
    assert anna.state.failed()[0].record_id == bad_id
    assert report.pushed == waiting - 1
    # Three batches and the refused one sent again without the refused change.
    assert transport.count["/v1/push"] == 4
    assert anna.state.pending_count() == 0

    other = _second_device(tmp_path, server.base_url, people, laptops)
    other.sync()
    expected = {k: v for k, v in _notes(anna).items() if k != bad_id}
    assert _notes(other) == expected
    assert child in {r.id for r in other.session.repo.find(RecordType.CHILD)}
