"""The sync engine between real encrypted laptops and a real `backa-central` process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from backa_desktop.central.db import make_engine, records
from backa_desktop.central.service import CentralService
from backa_desktop.domain.records import RecordType
from backa_desktop.sync.client import (
    AuthFailed,
    InsecureServer,
    ServerUnavailable,
    check_server_url,
)
from tests.central.people import People
from tests.central.support import ServerProcess
from tests.sync.devices import Laptop, setup_shared_child


@pytest.fixture
def laptops(tmp_path: Path, server: ServerProcess, people: People) -> Iterator[dict[str, Laptop]]:
    made: dict[str, Laptop] = {}
    try:
        for short in ("anna", "bo", "cecilia"):
            made[short] = Laptop(tmp_path / short, server.base_url, people.name(short))
        yield made
    finally:
        for laptop in made.values():
            laptop.close()


def _server_count(db_url: str, record_id: str) -> int:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count()).select_from(records).where(records.c.id == record_id)
                ).scalar_one()
            )
    finally:
        engine.dispose()


def test_two_team_members_converge_outsider_gets_nothing(
    laptops: dict[str, Laptop], people: People
) -> None:
    anna, bo, cecilia = laptops["anna"], laptops["bo"], laptops["cecilia"]
    ids = setup_shared_child(anna, bo.user_id, people.bvc)
    assert anna.state.pending_count() > 0
    anna.sync()
    assert anna.state.pending_count() == 0
    assert anna.session.repo.sync_state(ids["plan"]) == "synced"
    bo.sync()
    assert ids["child"] in bo.child_ids()
    # Both edit the plan offline: different fields merge, the same field becomes a conflict.
    anna.update(ids["plan"], reason="Anna skrev", goals=["Annas mål"])
    bo.update(ids["plan"], child_view="Jag vill spela fotboll", goals=["Bos mål"])
    anna.sync()
    report = bo.sync()
    assert len(report.conflicts) == 1
    anna.sync()
    plan_a = anna.records()[ids["plan"]]
    plan_b = bo.records()[ids["plan"]]
    assert plan_a.body == plan_b.body
    assert plan_a.body["reason"] == "Anna skrev"
    assert plan_a.body["child_view"] == "Jag vill spela fotboll"
    assert plan_a.body["goals"] == ["Annas mål"]
    conflict = anna.records()[report.conflicts[0]]
    assert conflict.type == RecordType.CONFLICT
    assert conflict.body["incoming"]["value"] == ["Bos mål"]
    assert report.conflicts[0] in bo.records()
    # The outsider syncs and holds nothing about the child.
    cecilia.sync()
    assert ids["child"] not in cecilia.child_ids()
    assert all(r.child_id != ids["child"] for r in cecilia.records().values())


def test_withdrawn_consent_purges_after_unsent_changes_went_up(
    laptops: dict[str, Laptop], people: People, service: CentralService
) -> None:
    anna, bo = laptops["anna"], laptops["bo"]
    ids = setup_shared_child(anna, bo.user_id, people.bvc)
    anna.sync()
    bo.sync()
    bo.update(ids["plan"], child_view="Bo hann skriva detta offline")
    anna.update(ids["consent"], withdrawn_on="2021-01-01")
    anna.sync()
    report = bo.sync()
    assert report.purged == [ids["child"]]
    assert ids["child"] not in bo.child_ids()
    assert all(r.child_id != ids["child"] for r in bo.records().values())
    assert bo.state.pending_count() == 0
    anna.sync()
    assert anna.records()[ids["plan"]].body["child_view"] == "Bo hann skriva detta offline"
    audit = service.audit_report(child_id=ids["child"])
    assert any(row["action"] == "purge" for row in audit)


def test_lost_answers_and_cut_connections_cause_no_duplicate_and_no_loss(
    laptops: dict[str, Laptop], people: People, db_url: str
) -> None:
    anna, bo = laptops["anna"], laptops["bo"]
    ids = setup_shared_child(anna, bo.user_id, people.bvc)
    anna.transport.drop_answers["/v1/push"] = 1  # the server stores the batch ...
    with pytest.raises(ServerUnavailable):
        anna.sync()  # ... but its answer never arrives
    assert anna.state.pending_count() > 0  # nothing acknowledged without an answer
    anna.sync()
    assert anna.state.pending_count() == 0
    assert _server_count(db_url, ids["plan"]) == 1
    bo.sync()
    anna.transport.cut_before["/v1/push"] = 1
    anna.update(ids["plan"], reason="efter avbrott")
    with pytest.raises(ServerUnavailable):
        anna.sync()
    anna.sync()
    bo.transport.drop_answers["/v1/pull"] = 1  # a pull page is lost on the way
    with pytest.raises(ServerUnavailable):
        bo.sync()
    bo.sync()
    assert bo.records()[ids["plan"]].body["reason"] == "efter avbrott"
    assert bo.records()[ids["plan"]].body == anna.records()[ids["plan"]].body


def test_server_killed_and_restarted_mid_sync(tmp_path: Path, db_url: str, people: People) -> None:
    server = ServerProcess(db_url).start()
    anna = Laptop(tmp_path / "anna", server.base_url, people.name("anna"))
    try:
        ids = setup_shared_child(anna, people.bo, people.bvc)
        server.kill()
        with pytest.raises(ServerUnavailable) as caught:
            anna.sync()
        assert "ligger kvar" in caught.value.message_sv
        assert anna.state.pending_count() > 0
        server.start()
        anna.sync()
        assert anna.state.pending_count() == 0
        assert _server_count(db_url, ids["child"]) == 1
    finally:
        anna.close()
        server.stop()


def test_revoked_device_keeps_its_changes_and_is_told_why(
    laptops: dict[str, Laptop], people: People, service: CentralService
) -> None:
    anna = laptops["anna"]
    anna.sync()
    service.revoke_device(device_id=anna.enrolled.device_id)
    setup_shared_child(anna, people.bo, people.bvc)
    waiting = anna.state.pending_count()
    with pytest.raises(AuthFailed) as caught:
        anna.sync()
    assert caught.value.message_sv
    assert anna.state.pending_count() == waiting


def test_plain_http_only_to_loopback() -> None:
    assert check_server_url("https://backa.example.se/") == "https://backa.example.se"
    assert check_server_url("http://127.0.0.1:8765") == "http://127.0.0.1:8765"
    assert check_server_url("http://localhost:1") == "http://localhost:1"
    assert check_server_url("http://[::1]:1") == "http://[::1]:1"
    for bad in ("http://backa.example.se", "http://10.0.0.5:80", "ftp://x", "backa.se"):
        with pytest.raises(InsecureServer) as caught:
            check_server_url(bad)
        assert "https://" in caught.value.message_sv


def test_a_pulled_version_never_overwrites_an_unsent_edit(
    laptops: dict[str, Laptop], people: People
) -> None:
    anna, bo = laptops["anna"], laptops["bo"]
    ids = setup_shared_child(anna, bo.user_id, people.bvc)
    anna.sync()
    bo.sync()
    anna.update(ids["plan"], reason="Annas osända ändring")
    bo.update(ids["plan"], child_view="Bos ändring")
    bo.sync()
    report = anna.client.pull()  # a pull alone, the edit not yet sent
    assert report.kept_local >= 1
    assert anna.records()[ids["plan"]].body["reason"] == "Annas osända ändring"
    assert anna.session.repo.sync_state(ids["plan"]) == "pending"
    anna.sync()
    plan = anna.records()[ids["plan"]]
    assert plan.body["reason"] == "Annas osända ändring"
    assert plan.body["child_view"] == "Bos ändring"
    assert anna.session.repo.sync_state(ids["plan"]) == "synced"


def test_a_refused_change_is_shown_as_failed_and_kept(
    laptops: dict[str, Laptop], people: People
) -> None:
    anna = laptops["anna"]
    ids = setup_shared_child(anna, people.bo, people.bvc)
    note = anna.create(
        RecordType.NOTE,
        {"child_id": ids["child"], "happened_on": "2026-11-20", "text": "Signerad"},
        ids["child"],
    )
    anna.sync()
    anna.update(note.id, text="Ändrad i efterhand")  # a signed record rewritten
    report = anna.sync()
    assert len(report.rejected) == 1
    assert "rättelse" in report.rejected[0][1]
    assert anna.session.repo.sync_state(note.id) == "failed"
    assert anna.state.pending_count() == 0
    [failed] = anna.state.failed()
    assert failed.record.body["text"] == "Ändrad i efterhand"  # kept, not lost
    anna.sync()  # not sent again by itself
    assert len(anna.state.failed()) == 1
    status = anna.state.status()
    assert (status.enrolled, status.pending, status.failed) == (True, 0, 1)
    assert status.last_sync_at and status.last_error is None
    assert anna.state.discard_failed(note.id) == 1
    anna.sync()
    assert anna.records()[note.id].body["text"] == "Signerad"
    assert anna.session.repo.sync_state(note.id) == "synced"
