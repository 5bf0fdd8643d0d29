"""The laptop's audit log goes to the central store with the sync: offline reads arrive with
the time they happened, and a log rewritten on the laptop (rows deleted, chain recomputed, as
anyone with the database key could) is caught at the next sync and by `backa doctor`."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from backa_desktop.central.db import audit_log, device_audit, device_audit_heads, make_engine
from backa_desktop.domain.audit_chain import GENESIS, digest
from backa_desktop.domain.records import RecordType
from backa_desktop.services import doctor, log_review
from backa_desktop.services.children import get_child
from backa_desktop.services.documents.extract import build_register_extract
from backa_desktop.store.audit import acknowledged, verify_chain
from backa_desktop.sync.client import AuditChainRefused, AuthFailed, ServerUnavailable
from tests.central.people import People
from tests.central.support import ServerProcess
from tests.sync.devices import PASSPHRASE, Laptop, child_body, setup_shared_child


@pytest.fixture
def anna(tmp_path: Path, server: ServerProcess, people: People) -> Iterator[Laptop]:
    laptop = Laptop(tmp_path / "anna", server.base_url, people.name("anna"))
    try:
        yield laptop
    finally:
        laptop.close()


def _server_rows(db_url: str, chain: str) -> list[tuple[str, str, str]]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return [
                (row.id, row.at, row.received_at)
                for row in conn.execute(
                    select(device_audit).where(device_audit.c.chain == chain)
                    .order_by(device_audit.c.position)
                )
            ]
    finally:
        engine.dispose()


def _rewrite_without(laptop: Laptop, seq: int) -> None:
    """What someone holding the key can do: delete an event and recompute the chain and its
    head so that the local chain check finds nothing."""
    db = laptop.session.db
    with db.transaction():
        db.execute("DELETE FROM audit_events WHERE seq = ?", (seq,))
        prev = GENESIS
        for row in db.query(
            "SELECT seq, id, at, actor, device, action, record_id, child_id, detail"
            " FROM audit_events ORDER BY seq"
        ):
            new = digest(prev, *row[1:])
            db.execute(
                "UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, new, row[0])
            )
            prev = new
        db.execute("UPDATE settings SET value = ? WHERE key = 'audit_head'", (prev,))


def test_offline_reads_arrive_with_the_time_they_happened(anna: Laptop, db_url: str) -> None:
    child = anna.create(RecordType.CHILD, child_body())
    anna.sync()
    # On the train: the child is opened, the sync cannot reach the server.
    get_child(anna.session, child.id)
    read = anna.session.audit.events(child_id=child.id)[-1]
    anna.transport.cut_before["/v1/audit"] = 1
    with pytest.raises(ServerUnavailable):
        anna.sync()
    time.sleep(1.1)
    report = anna.sync()
    assert report.audit_sent >= 1
    rows = {eid: (at, got) for eid, at, got in _server_rows(db_url, read.device)}
    at, received = rows[read.id]
    assert at == read.at  # when it happened, not when it arrived
    assert received > at
    # Everything the laptop logged is on the server, in order.
    local = [e.id for e in anna.session.audit.events()]
    assert [r[0] for r in _server_rows(db_url, read.device)] == local


def test_a_rewritten_log_is_caught_at_the_next_sync_and_by_doctor(
    anna: Laptop, db_url: str, tmp_path: Path
) -> None:
    child = anna.create(RecordType.CHILD, child_body())
    get_child(anna.session, child.id)
    anna.sync()
    assert doctor.check_folder(tmp_path / "anna", PASSPHRASE).healthy
    events = anna.session.audit.events()
    acked = acknowledged(anna.session.db)
    assert acked is not None and acked.count >= 3
    snooped = next(e for e in events if e.action == "read")
    _rewrite_without(anna, snooped.seq)
    assert verify_chain(anna.session.db) == []  # the local check alone is fooled

    report = doctor.check_folder(tmp_path / "anna", PASSPHRASE)
    assert not report.healthy
    assert any("skrivits om" in p for p in report.problems)

    # The next sync: records still go up, the log is refused and reported.
    later = anna.create(RecordType.CHILD, child_body(given_names="Senare"))
    with pytest.raises(AuditChainRefused) as refused:
        anna.sync()
    assert "granskningslogg" in refused.value.message_sv
    assert anna.state.pending_count() == 0 and anna.session.repo.sync_state(later.id) == "synced"
    assert "granskningslogg" in (anna.state.status().last_error or "")
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            reported = conn.execute(
                select(audit_log.c.detail).where(
                    audit_log.c.user_id == anna.user_id,
                    audit_log.c.action == "audit_chain_refused",
                )
            ).scalars().all()
            head = conn.execute(
                select(device_audit_heads.c.count).where(
                    device_audit_heads.c.chain == snooped.device
                )
            ).scalar_one()
    finally:
        engine.dispose()
    assert [json.loads(d)["chain"] for d in reported] == [snooped.device]
    # The server still holds the original history, the removed read included.
    held = [r[0] for r in _server_rows(db_url, snooped.device)]
    assert snooped.id in held and head == acked.count


def test_register_extract_holds_reads_from_two_laptops(
    tmp_path: Path, server: ServerProcess, people: People, anna: Laptop
) -> None:
    bo = Laptop(tmp_path / "bo", server.base_url, people.name("bo"))
    try:
        ids = setup_shared_child(anna, bo.user_id, people.bvc)
        anna.sync()
        bo.sync()
        get_child(bo.session, ids["child"])  # Bo opens the child on his laptop
        bo.sync()
        get_child(anna.session, ids["child"])  # Anna's read is not sent yet
        anna_read = anna.session.audit.events(child_id=ids["child"])[-1]
        bo_read = bo.session.audit.events(child_id=ids["child"])[-1]

        central = log_review.fetch_extract(log_review.link(anna.session), ids["child"])
        assert ("read", bo.enrolled.device_id, bo_read.at) in {
            (e.action, e.device_id, e.at) for e in central.entries
        }
        doc = build_register_extract(anna.session, ids["child"], central_log=central)
        # computers are named in words ("dator 2"), never by their ids
        devices = {(row.action, row.at): row.device for row in doc.audit}
        from_central = devices[("läste", bo_read.at)]  # from the central log
        from_folder = devices[("läste", anna_read.at)]  # unsent, from the folder
        assert from_central.startswith("dator ") and from_folder.startswith("dator ")
        assert from_central != from_folder
        assert not any(bo.enrolled.device_id in row.device for row in doc.audit)
        assert any("alla datorer" in note for note in doc.notes)
        # Without access to the child the central store refuses the extract.
        with pytest.raises(AuthFailed):
            log_review.fetch_extract(log_review.link(bo.session), "not-a-child-of-bo")
    finally:
        bo.close()
