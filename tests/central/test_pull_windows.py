"""The pull reads the records after the cursor window by window (`pull._feed`), so that the
work of one page stays bounded whatever plan the database picks. Read in tiny windows, a pull
must give exactly what it gives in one window: the same records with the same numbers, no
page over its size, nothing skipped at a window's edge."""

from __future__ import annotations

from typing import Any

import pytest

from backa_desktop.central import pull
from backa_desktop.central.access import Caller
from backa_desktop.central.service import CentralService
from backa_desktop.sync.protocol import PullRequest, PushBatch
from tests.central import builders as b
from tests.central.people import People


def _pages(service: CentralService, caller: Caller, cursor: str, size: int) -> list[Any]:
    pages = []
    while True:
        page = service.pull(caller, PullRequest(cursor=cursor, page_size=size))
        pages.append(page)
        assert len(page.records) <= size
        assert int(page.next_cursor) >= int(cursor)
        cursor = page.next_cursor
        if not page.has_more:
            return pages


def _seen(pages: list[Any]) -> list[tuple[str, int]]:
    return [(p.record.id, p.server_seq) for page in pages for p in page.records]


def test_small_windows_give_the_same_pull(
    service: CentralService, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = Caller(people.anna, "anna-laptop", frozenset({"barnkontakt"}), people.bvc)
    reader = Caller(people.anna, "anna-reader", frozenset({"barnkontakt"}), people.bvc)
    bo = Caller(people.bo, "bo-laptop", frozenset({"barnteam"}), people.bvc)
    start_anna = _pages(service, reader, "0", 500)[-1].next_cursor
    start_bo = _pages(service, bo, "0", 500)[-1].next_cursor
    records: list[Any] = []
    for number in range(4):
        kid = b.child(people.anna)
        records += [kid, b.barnkontakt(kid.id, people.anna, people.bvc, author=people.anna)]
        records += [b.note(kid.id, author=people.anna) for _ in range(2)]
        if number == 2:  # Bo sees this child only, through its team under a consent
            records += [
                b.individual_team(kid.id, [people.bo], author=people.anna),
                b.consent(kid.id, author=people.anna),
            ]
    batch = PushBatch.model_validate({"changes": [b.change(r) for r in records]})
    assert {r.status.value for r in service.push(anna, batch).results} == {"accepted"}

    whole_anna = _pages(service, reader, start_anna, 3)
    whole_bo = _pages(service, bo, start_bo, 3)
    assert {i for i, _ in _seen(whole_anna)} >= {r.id for r in records}
    assert _seen(whole_bo), "Bo sees the team child's records"

    monkeypatch.setattr(pull, "_WINDOW", 2)
    monkeypatch.setattr(pull, "_MAX_SCAN", 4)
    small_anna = _pages(service, reader, start_anna, 3)
    small_bo = _pages(service, bo, start_bo, 3)
    assert _seen(small_anna) == _seen(whole_anna)
    assert [len(p.records) for p in small_anna] == [len(p.records) for p in whole_anna]
    assert _seen(small_bo) == _seen(whole_bo)
    # Bo sees few of the records: after scanning `_MAX_SCAN` the page ends short, and the
    # next one carries on from where the scan stopped.
    assert any(p.has_more and len(p.records) < 3 for p in small_bo)
    assert small_bo[-1].next_cursor == whole_bo[-1].next_cursor
