"""Stateless: two server processes on one database behave as one server — a change pushed to
one is pulled from the other, sequence numbers stay unique and ordered under concurrent pushes,
and the failed log-in limit holds across both."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.central import builders as b
from tests.central.people import PASSWORD, People
from tests.central.support import Api, ServerProcess


@pytest.fixture
def second(db_url: str) -> Iterator[Api]:
    process = ServerProcess(db_url).start()
    client = Api(process.base_url)
    try:
        yield client
    finally:
        client.close()
        process.stop()


def test_two_processes_share_everything(api: Api, second: Api, people: People) -> None:
    anna_1 = api.login(people.name("anna"), PASSWORD)
    anna_2 = second.login(people.name("anna"), PASSWORD)
    kids = [b.child(anna_1.user_id) for _ in range(40)]

    def push(i: int) -> list[int]:
        session = anna_1 if i % 2 else anna_2
        answer = session.push([b.change(kids[i])]).json()["results"]
        return [r["server_seq"] for r in answer]

    # A device pulls page by page while the pushes are under way: because writes commit in
    # sequence order, its cursor never skips a change that commits late.
    seen: set[str] = set()
    cursor = "0"
    with ThreadPoolExecutor(max_workers=8) as pool:
        running = pool.map(push, range(len(kids)))
        for _ in range(20):
            held, _, cursor = anna_2.pull_all(cursor, page_size=3)
            seen |= set(held)
        seqs = [s for batch in running for s in batch]
    held, _, cursor = anna_2.pull_all(cursor, page_size=3)
    seen |= set(held)
    assert len(set(seqs)) == len(seqs) == len(kids)
    assert {k.id for k in kids} <= seen

    for client in (api, second, api, second, api):
        assert client.enroll(people.name("bo"), "fel").status_code == 401
    assert second.enroll(people.name("bo"), PASSWORD).status_code == 429
    assert api.enroll(people.name("bo"), PASSWORD).status_code == 429
