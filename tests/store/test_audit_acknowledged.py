"""The laptop's copy of the head the central store acknowledged, on a real SQLCipher file:
what is sent next, what is marked synced, and what `compare_acknowledged` reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backa_desktop.services.vault import Session
from backa_desktop.store.audit import (
    ACKED_KEY,
    acknowledge,
    compare_acknowledged,
    unsent,
    verify_chain,
)
from tests.store.helpers import PASSPHRASE, make_vault


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    vault, _ = make_vault(tmp_path / "f")
    with vault.unlock(PASSPHRASE) as s:
        yield s


def _synced(session: Session) -> list[int]:
    return [int(r[0]) for r in session.db.query("SELECT synced FROM audit_events ORDER BY seq")]


def test_acknowledged_events_are_not_sent_again(session: Session) -> None:
    for n in range(5):
        session.audit.append("read", child_id=f"c{n}", record_id=f"c{n}")
    total = len(unsent(session.db, 1000))
    first = unsent(session.db, 3)
    acknowledge(session.db, first[-1], 3)
    rest = unsent(session.db, 1000)
    assert len(rest) == total - 3 and rest[0].prev_hash == first[-1].hash
    assert _synced(session)[:3] == [1, 1, 1] and set(_synced(session)[3:]) == {0}
    assert compare_acknowledged(session.db) == []


def test_a_rewrite_of_acknowledged_events_is_reported(session: Session) -> None:
    for n in range(4):
        session.audit.append("read", child_id=f"c{n}")
    events = unsent(session.db, 1000)
    acknowledge(session.db, events[-1], len(events))
    session.db.execute("DELETE FROM audit_events WHERE seq = ?", (events[1].seq,))
    problems = compare_acknowledged(session.db)
    assert problems and "skrivits om" in problems[0]
    assert verify_chain(session.db)  # the plain chain check sees this one too

    session.db.execute("DELETE FROM audit_events WHERE seq = ?", (events[-1].seq,))
    assert "finns inte längre" in compare_acknowledged(session.db)[0]


def test_an_unreadable_acknowledgement_is_reported(session: Session) -> None:
    session.audit.append("unlock")
    session.db.execute(
        "INSERT INTO settings (key, value) VALUES (?, 'inte json')", (ACKED_KEY,)
    )
    assert compare_acknowledged(session.db) == [
        "Serverns senaste kvitto på loggen går inte att läsa."
    ]
