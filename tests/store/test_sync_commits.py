"""What a sync writes locally can be redone (pulled again, or sent again and answered
"duplicate"), so its commits skip the flush to disk; everything else keeps it. A real
encrypted folder; the connection's own statement trace shows what ran."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backa_desktop.domain.records import RecordType
from backa_desktop.services.vault import Session
from backa_desktop.store.database import Database
from backa_desktop.store.sync_state import SyncState
from tests.store.helpers import PASSPHRASE, make_vault
from tests.sync.devices import child_body

FULL, NORMAL = 2, 1


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    vault, _ = make_vault(tmp_path / "data")
    with vault.unlock(PASSPHRASE) as s:
        yield s


def _synchronous(db: Database) -> int:
    return int(db.one("PRAGMA synchronous")[0])


def test_only_a_transaction_that_asks_skips_the_flush(session: Session) -> None:
    db = session.db
    assert _synchronous(db) == FULL
    with db.transaction():
        assert _synchronous(db) == FULL
    with db.transaction(durable=False):
        assert _synchronous(db) == NORMAL
        with db.transaction():  # joins the outer one, which decides
            assert _synchronous(db) == NORMAL
    assert _synchronous(db) == FULL
    with pytest.raises(RuntimeError), db.transaction(durable=False):
        db.execute("INSERT INTO sync_meta (key, value) VALUES ('x', 'y')")
        raise RuntimeError("stop")
    assert _synchronous(db) == FULL
    assert db.one("SELECT 1 FROM sync_meta WHERE key = 'x'") is None


def test_a_pulled_page_and_an_acknowledgement_commit_without_the_flush(
    session: Session,
) -> None:
    db, state = session.db, SyncState(session.db, session.repo)
    child = session.repo.create(RecordType.CHILD, child_body())
    (entry,) = [e for e in state.pending(50) if e.record_id == child.id]
    ran: list[str] = []
    db.conn.set_trace_callback(ran.append)
    try:
        state.acknowledge_many([(entry, entry.record, 7)])
        acknowledged, ran[:] = list(ran), []
        state.apply_page([(child.model_copy(update={"revision": 2}), 8)], (), "8")
        applied, ran[:] = list(ran), []
        session.repo.update(child.id, {**child.body, "given_names": "Ny"})
        edited = list(ran)
    finally:
        db.conn.set_trace_callback(None)
    for statements in (acknowledged, applied):
        assert statements[0] == "PRAGMA synchronous = NORMAL"
        assert statements[1] == "BEGIN IMMEDIATE"
        assert statements[-2:] == ["COMMIT", "PRAGMA synchronous = FULL"]
    assert not any(s.startswith("PRAGMA synchronous") for s in edited)
    assert "COMMIT" in edited
    assert db.one("SELECT server_seq FROM records WHERE id = ?", (child.id,))[0] == 8
    assert state.cursor() == "8"
