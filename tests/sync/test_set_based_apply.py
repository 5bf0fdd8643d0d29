"""A pulled page is applied set-based (one read of the outbox and the stored rows, one write
per table) and a push answer acknowledged in one step: the store must come out exactly as
applying and acknowledging record by record left it. Real encrypted laptops and a real
`backa-central` process on loopback."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pydantic import BaseModel

from backa_desktop.domain.records import Record, RecordType
from backa_desktop.services.children import search_children
from backa_desktop.services.inbox import inbox
from backa_desktop.services.overview import load_directory
from backa_desktop.store.sync_state import SyncState
from backa_desktop.sync import client as engine
from backa_desktop.sync.client import M, ServerUnavailable, SyncClient, SyncReport
from backa_desktop.sync.replica import Inline, LocalSteps, Replica
from tests.central.people import People
from tests.central.support import ServerProcess
from tests.sync.devices import (
    DroppingTransport,
    Laptop,
    barnkontakt_body,
    child_body,
    setup_shared_child,
)

T = TypeVar("T")


class RecordByRecord(SyncState):
    """The reference: each pulled or acknowledged record taken one at a time through
    `RecordRepository.put_remote`, as the laptop did before the set-based path."""

    def _take_remote_many(self, items: Sequence[tuple[Record, int]]) -> list[bool]:
        return [self._take_one(record, server_seq) for record, server_seq in items]

    def _take_one(self, record: Record, server_seq: int) -> bool:
        if self.db.one("SELECT 1 FROM outbox WHERE record_id = ? LIMIT 1", (record.id,)):
            return False
        row = self.db.one(
            "SELECT server_seq, body, deleted, child_id FROM records WHERE id = ?", (record.id,)
        )
        if row is not None and row[0] is not None and int(row[0]) > server_seq:
            return False
        if (
            row is not None
            and bool(row[2]) == record.deleted
            and json.loads(row[1]) == record.body
            and row[3] == record.child_id
        ):
            self.db.execute(
                "UPDATE records SET revision = ?, base_revision = ?, author = ?, device = ?,"
                " updated_at = ?, sync_state = 'synced', sync_error = NULL, server_seq = ?"
                " WHERE id = ?",
                (record.revision, record.base_revision, record.author, record.device,
                 record.updated_at, server_seq, record.id),
            )
            return True
        self.repo.put_remote(record, server_seq)
        return True

    def acknowledge_many(
        self, acknowledged: Sequence[tuple[Any, Record | None, int | None]]
    ) -> None:
        with self.db.transaction():
            for entry, record, server_seq in acknowledged:
                self.db.execute("DELETE FROM outbox WHERE seq = ?", (entry.seq,))
                if record is not None and server_seq is not None:
                    self._take_one(record, server_seq)


def _reference(laptop: Laptop, page_size: int) -> Laptop:
    laptop.state = RecordByRecord(laptop.session.db, laptop.session.repo)
    laptop.client = SyncClient(laptop.state, laptop.transport, page_size=page_size)
    return laptop


def _set_based(laptop: Laptop, page_size: int, apply_chunk: int) -> Laptop:
    laptop.client = SyncClient(
        laptop.state, laptop.transport, page_size=page_size, apply_chunk=apply_chunk
    )
    return laptop


@pytest.fixture
def made(tmp_path: Path) -> Iterator[list[Laptop]]:
    laptops: list[Laptop] = []
    try:
        yield laptops
    finally:
        for laptop in laptops:
            laptop.close()


def _snapshot(laptop: Laptop) -> dict[str, Any]:
    """Everything a pull writes: the synced rows, their kept revisions, the list and search
    projections, what searching and the inbox show; and which records wait to be sent."""
    db = laptop.session.db
    synced = [
        tuple(r)
        for r in db.query(
            "SELECT id, type, child_id, body, revision, base_revision, author, device,"
            " created_at, updated_at, deleted, sync_state, sync_error, server_seq FROM records"
            " WHERE sync_state = 'synced' ORDER BY id"
        )
    ]
    revisions = [
        tuple(r)
        for r in db.query(
            "SELECT * FROM record_revisions WHERE record_id IN"
            " (SELECT id FROM records WHERE sync_state = 'synced')"
            " ORDER BY record_id, revision"
        )
    ]
    session = laptop.session
    return {
        "records": synced,
        "revisions": revisions,
        "children": [tuple(r) for r in db.query("SELECT rowid, * FROM children ORDER BY rowid")],
        "search_index": [
            tuple(r) for r in db.query("SELECT rowid, terms FROM child_search ORDER BY rowid")
        ],
        "unsent": sorted(
            (str(r[0]), str(r[1]))
            for r in db.query(
                "SELECT type, sync_state FROM records WHERE sync_state != 'synced'"
                " AND type NOT IN ('staff', 'unit')"
            )
        ),
        "search": [
            (c.record_id, c.display_name, c.barnkontakt_staff_id)
            for c in search_children(session, "Test")
        ],
        "inbox": [
            (i.kind, i.record_id, i.child_id, i.day)
            for i in inbox(session, load_directory(session))
        ],
    }


def _decision(child_id: str, decided_by: str, follow_up: str) -> dict[str, Any]:
    return {
        "beslut": "barnkontakt",
        "motivation": "Behöver stöd av Barnkontakten.",
        "follow_up": follow_up,
        "decided_by": decided_by,
    }


def test_a_set_based_pull_leaves_the_store_a_record_by_record_pull_leaves(
    tmp_path: Path, server: ServerProcess, people: People, made: list[Laptop]
) -> None:
    url = server.base_url
    anna = Laptop(tmp_path / "anna", url, people.name("anna"))
    made.append(anna)
    # Small pages, and chunks of those, so records of one child land in different steps.
    fast = _set_based(Laptop(tmp_path / "bo-fast", url, people.name("bo")), 7, 3)
    made.append(fast)
    slow = _reference(Laptop(tmp_path / "bo-slow", url, people.name("bo")), 7)
    made.append(slow)

    ids = [setup_shared_child(anna, fast.user_id, people.bvc) for _ in range(3)]
    for n, child in enumerate(ids):
        anna.create(
            RecordType.DECISION, _decision(child["child"], anna.user_id, f"2030-0{n + 1}-15"),
            child["child"],
        )
        for k in range(3):
            anna.create(
                RecordType.NOTE,
                {"child_id": child["child"], "kind": "handelse", "text": f"Anteckning {k}",
                 "happened_on": "2025-03-01"},
                child["child"],
            )
    anna.sync()
    for bo in (fast, slow):
        bo.client.pull()
    first = _snapshot(fast)
    assert first == _snapshot(slow)
    assert len(first["children"]) == 3 and len(first["search"]) == 3
    assert {row[4] for row in first["records"] if row[1] == "child"} == {1}

    # Both of Bo's laptops edit the first plan offline: the pull must keep the edit.
    for bo in (fast, slow):
        bo.update(ids[0]["plan"], child_view="Bo skrev detta offline")
    # Anna renames a child, drops a note, moves a Barnkontakt and edits the plan Bo holds.
    anna.update(ids[1]["child"], given_names="Testina")
    # ...and edits another child's profile where its search terms stay the same.
    anna.update(ids[2]["child"], status="i_barnteam")
    note = next(r for r in anna.records().values()
                if r.type == RecordType.NOTE and r.child_id == ids[2]["child"])
    anna.session.repo.delete(note.id)
    anna.create(
        RecordType.BARNKONTAKT,
        {**barnkontakt_body(ids[2]["child"], fast.user_id, people.bvc), "valid_from": "2024-05-01"},
        ids[2]["child"],
    )
    anna.update(ids[0]["plan"], reason="Anna ändrade skälet")
    anna.create(RecordType.CHILD, child_body(given_names="Utan", family_name="Team"))
    anna.sync()
    reports = [bo.client.pull() for bo in (fast, slow)]
    assert reports[0].kept_local == reports[1].kept_local == 1
    second = _snapshot(fast)
    assert second == _snapshot(slow)
    assert second != first
    assert ids[2]["child"] in {c[0] for c in second["search"]}
    assert fast.session.db.one(
        "SELECT status FROM children WHERE record_id = ?", (ids[2]["child"],)
    ) == ("i_barnteam",)
    assert ("plan", "pending") in second["unsent"]

    # Pulling everything again from the start changes nothing on either.
    for bo in (fast, slow):
        bo.state.put("cursor", "0")
        bo.client.pull()
    assert _snapshot(fast) == _snapshot(slow) == second


class Crashing:
    """Local steps inline, until the `crash_at`-th chunk of a page: the laptop dies there."""

    def __init__(self, replica: Replica, crash_at: int) -> None:
        self.inline = Inline(replica)
        self.crash_at = crash_at
        self.chunks = 0

    def __call__(self, step: Callable[[Replica], T]) -> T:
        if getattr(step, "func", None) is engine._apply_chunk:
            self.chunks += 1
            if self.chunks == self.crash_at:
                raise RuntimeError("the laptop lost power")
        return self.inline(step)


def test_a_crash_between_chunks_pulls_the_page_again_without_loss_or_duplicates(
    tmp_path: Path, server: ServerProcess, people: People, made: list[Laptop]
) -> None:
    url = server.base_url
    anna = Laptop(tmp_path / "anna", url, people.name("anna"))
    made.append(anna)
    for _ in range(2):
        ids = setup_shared_child(anna, anna.user_id, people.bvc)
        for k in range(6):
            anna.create(
                RecordType.NOTE,
                {"child_id": ids["child"], "kind": "handelse", "text": f"Anteckning {k}",
                 "happened_on": "2025-03-01"},
                ids["child"],
            )
    anna.sync()
    whole = _set_based(Laptop(tmp_path / "anna-2", url, people.name("anna")), 2000, 2000)
    made.append(whole)
    whole.client.pull()
    expected = _snapshot(whole)
    held = len(expected["records"])
    assert held >= 22

    laptop = Laptop(tmp_path / "anna-3", url, people.name("anna"))
    made.append(laptop)
    crashing = Crashing(laptop.state, crash_at=3)
    laptop.client = SyncClient(
        transport=laptop.transport, local=crashing, page_size=2000, apply_chunk=5
    )
    with pytest.raises(RuntimeError):
        laptop.client.pull()
    # Two chunks were committed, the cursor stayed before the page.
    assert laptop.state.cursor() == "0"
    partial = _snapshot(laptop)["records"]
    assert 0 < len(partial) < held

    laptop.client = SyncClient(laptop.state, laptop.transport, page_size=2000, apply_chunk=5)
    report = laptop.client.pull()
    assert report.pages == 1
    after = _snapshot(laptop)
    assert after == expected
    assert len({row[0] for row in after["records"]}) == len(after["records"]) == held


class Chunks:
    """Local steps inline, noting how many records each chunk of a page held."""

    def __init__(self, replica: Replica) -> None:
        self.inline = Inline(replica)
        self.sizes: list[int] = []

    def __call__(self, step: Callable[[Replica], T]) -> T:
        if getattr(step, "func", None) is engine._apply_chunk:
            self.sizes.append(len(step.keywords["records"]))  # type: ignore[attr-defined]
        return self.inline(step)


def test_a_slow_chunk_makes_the_next_ones_smaller_and_the_result_the_same(
    tmp_path: Path, server: ServerProcess, people: People, made: list[Laptop]
) -> None:
    """The chunks of a long page are sized from the last one's pace, between the floor and
    `apply_chunk` (a target no step can meet gives the floor, one every step meets the
    most), and the store comes out as with one step for the whole page."""
    url = server.base_url
    anna = Laptop(tmp_path / "anna", url, people.name("anna"))
    made.append(anna)
    ids = setup_shared_child(anna, anna.user_id, people.bvc)
    for k in range(8):
        anna.create(
            RecordType.NOTE,
            {"child_id": ids["child"], "kind": "handelse", "text": f"Anteckning {k}",
             "happened_on": "2025-03-01"},
            ids["child"],
        )
    anna.sync()
    whole = _set_based(Laptop(tmp_path / "anna-2", url, people.name("anna")), 2000, 2000)
    made.append(whole)
    whole.client.pull()
    expected = _snapshot(whole)
    held = len(expected["records"])
    assert held > 12

    sizes: dict[str, list[int]] = {}
    for name, step_ms in (("unmeetable", 1e-9), ("always met", 1e9), ("fixed", None)):
        laptop = Laptop(tmp_path / f"anna-{name}", url, people.name("anna"))
        made.append(laptop)
        chunks = Chunks(laptop.state)
        laptop.client = SyncClient(
            transport=laptop.transport, local=chunks, page_size=2000, apply_chunk=8,
            min_apply_chunk=3, apply_step_ms=step_ms,
        )
        laptop.client.pull()
        assert _snapshot(laptop) == expected
        sizes[name] = chunks.sizes
    pulled = sum(sizes["fixed"])
    assert pulled >= held
    assert sizes["fixed"] == sizes["always met"] == [8] * (pulled // 8) + (
        [pulled % 8] if pulled % 8 else []
    )
    first, *rest = sizes["unmeetable"]
    assert first == 8 and sum(sizes["unmeetable"]) == pulled
    assert all(size == 3 for size in rest[:-1]) and 0 < rest[-1] <= 3


class EditsMidPush(DroppingTransport):
    """The real transport; while a push is on its way, `during_push` runs once (the user
    goes on typing while the request waits on the network), and then the network goes, so
    the edit is still unsent when the answer has been acknowledged.

    The edit is made on the laptop's side, not on the thread that waits for the network: by
    the engine's own runner of local steps (`steps`), before the next local step it runs
    while the request is out, as the app's database owner thread would fit it in."""

    def __init__(self, server_url: str) -> None:
        super().__init__(server_url)
        self.during_push: Callable[[], None] | None = None
        self._typing: Callable[[], None] | None = None
        self._typed = threading.Event()

    def steps(self, replica: SyncState) -> LocalSteps:
        inline = Inline(replica)

        def run(step: Callable[[Replica], T]) -> T:
            edit, self._typing = self._typing, None
            if edit is not None:
                edit()
                self._typed.set()
            return inline(step)

        return run

    def call(self, path: str, payload: BaseModel, model: type[M], token: str | None = None) -> M:
        edit = self.during_push if path == "/v1/push" else None
        if edit is not None:
            self.during_push = None
            self._typed.clear()
            self._typing = edit
            assert self._typed.wait(30), "no local step while the push was out"
        answer = super().call(path, payload, model, token)
        if edit is not None:
            self.cut_before[path] = 1
        return answer


def test_acknowledging_takes_the_merged_version_and_keeps_a_newer_local_edit(
    tmp_path: Path, server: ServerProcess, people: People, made: list[Laptop]
) -> None:
    url = server.base_url
    anna = Laptop(tmp_path / "anna", url, people.name("anna"))
    made.append(anna)
    bo = Laptop(tmp_path / "bo", url, people.name("bo"))
    made.append(bo)
    transport = EditsMidPush(url)
    bo.client = SyncClient(bo.state, transport, local=transport.steps(bo.state))
    bo.transport = transport
    ids = setup_shared_child(anna, bo.user_id, people.bvc)
    anna.sync()
    bo.sync()

    anna.update(ids["plan"], reason="Anna ändrade skälet")
    anna.update(ids["child"], family_name="Annasson")
    anna.sync()
    # Bo edits the plan twice and the child once, offline, in other fields than Anna did.
    bo.update(ids["plan"], child_view="Jag vill spela fotboll")
    bo.update(ids["plan"], goals=["Bos mål"])
    bo.update(ids["child"], given_names="Bosse")
    transport.during_push = lambda: bo.update(ids["child"], given_names="Bertil")
    report = SyncReport()
    with pytest.raises(ServerUnavailable):
        bo.client.push(report)
    assert report.pushed == 3 and report.rejected == []

    # The plan: the server's merge of both, taken whole, nothing left to send.
    plan = bo.records()[ids["plan"]]
    assert plan.body["reason"] == "Anna ändrade skälet"
    assert plan.body["child_view"] == "Jag vill spela fotboll"
    assert plan.body["goals"] == ["Bos mål"]
    assert bo.session.repo.sync_state(ids["plan"]) == "synced"
    # The child: the edit made while the push was out stays, still to be sent.
    child = bo.records()[ids["child"]]
    assert child.body["given_names"] == "Bertil"
    assert child.body["family_name"] == "Testsson"
    assert bo.session.repo.sync_state(ids["child"]) == "pending"
    assert [e.record.id for e in bo.state.pending(50)] == [ids["child"]]

    bo.sync()
    anna.sync()
    for laptop in (anna, bo):
        child = laptop.records()[ids["child"]]
        assert (child.body["given_names"], child.body["family_name"]) == ("Bertil", "Annasson")
    assert bo.state.pending_count() == 0
