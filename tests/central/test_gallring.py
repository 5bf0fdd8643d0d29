"""Disposal by decision, end to end: a real server (PostgreSQL and SQLite), real HTTP, real
encrypted laptops. A decision removes exactly the due records on the server and on every
enrolled laptop, keeps the exempt and the not yet due, refuses to act without a recorded
decision, and the audit log of the removal (and of what came before it) survives."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from backa_desktop.central import cli as central_cli
from backa_desktop.central.common import today
from backa_desktop.central.db import audit_log, gallring_disposals, record_revisions, records
from backa_desktop.central.service import CentralService
from tests.central.gallring_data import old_child
from tests.central.people import PASSWORD, People
from tests.central.support import Api, ServerProcess
from tests.sync.devices import Laptop


@pytest.fixture
def laptops(
    tmp_path: Path, server: ServerProcess, people: People
) -> Iterator[dict[str, Laptop]]:
    made = {
        name: Laptop(tmp_path / name, server.base_url, people.name(user))
        for name, user in (("anna1", "anna"), ("anna2", "anna"), ("bo", "bo"), ("sara", "sara"))
    }
    for laptop in made.values():
        laptop.client.drop_finished_after = None  # this test is about disposal only
    try:
        yield made
    finally:
        for laptop in made.values():
            laptop.close()


def _cli(db_url: str, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert central_cli.main(["gallring", *args, "--db", db_url]) == 0
    return capsys.readouterr().out


def _server_ids(service: CentralService) -> set[str]:
    with service.engine.connect() as conn:
        return set(conn.execute(select(records.c.id)).scalars())


def _laptop_rows(laptop: Laptop, table: str, column: str) -> set[str]:
    return {str(r[0]) for r in laptop.session.db.query(f"SELECT {column} FROM {table}")}


def test_disposal_by_decision_on_server_and_every_laptop(
    db_url: str,
    server: ServerProcess,
    service: CentralService,
    people: People,
    laptops: dict[str, Laptop],
    capsys: pytest.CaptureFixture[str],
) -> None:
    api = Api(server.base_url)
    try:
        anna = api.login(people.name("anna"), PASSWORD)
        sara = api.login(people.name("sara"), PASSWORD)
        # Closed in 2015: everything due (5 years from the end of support / last entry).
        due = old_child(anna, sara, people, born=date(2008, 3, 12), family="Gallringsdue",
                     status="behov_uppfyllt", closed_on="2015-06-01", soc_note_on="2015-06-01")
        # Born on the 15th: social services' file is kept for research.
        exempt = old_child(anna, sara, people, born=date(2008, 3, 15), family="Gallringsexempt",
                        status="behov_uppfyllt", closed_on="2015-06-01",
                        soc_note_on="2015-06-01")
        # Support goes on: the shared records stay; the old social-services note is due.
        ongoing = old_child(anna, sara, people, born=date(2008, 3, 12), family="Gallringsopen",
                         status="i_barnteam", closed_on=None, soc_note_on="2015-06-01")
        # Closed recently: nothing is due.
        recent = old_child(anna, sara, people, born=date(2008, 3, 12), family="Gallringsrecent",
                        status="behov_uppfyllt", closed_on="2024-06-01",
                        soc_note_on="2024-06-01")
    finally:
        api.close()

    for laptop in laptops.values():
        laptop.sync()
    assert ongoing.soc_note in laptops["bo"].records()
    assert due.soc_note in laptops["anna2"].records()
    # Work on the laptops the decision overrides: an unsent edit, drafts.
    laptops["bo"].update(due.shared[4], reason="Ändrat offline")
    assert laptops["bo"].state.pending_count() == 1
    laptops["anna1"].session.drafts.save(
        f"form:upptackarkort:{due.id}", {"answers": {}}, child_id=due.id
    )
    laptops["sara"].session.drafts.save(
        f"form:upptackarkort:{ongoing.id}:rattar:{ongoing.soc_note}", {"answers": {}},
        child_id=ongoing.id,
    )
    before = _server_ids(service)

    # Nothing is removed without a recorded decision.
    with pytest.raises(SystemExit, match="finns inte"):
        central_cli.main(["gallring", "run", "--decision", "not-a-decision", "--db", db_url])
    with pytest.raises(SystemExit, match="finns inte"):
        central_cli.main(["gallring", "plan", "--decision", "not-a-decision", "--db", db_url])
    assert _server_ids(service) == before

    decision = _cli(
        db_url, capsys, "decide", "--reference", "SN 2026/4711",
        "--by", "Socialnämnden och barn- och utbildningsnämnden",
        "--date", today().isoformat(), "--classes", "gemensam_plan,socialtjanst",
    ).strip()
    planned = json.loads(_cli(db_url, capsys, "plan", "--decision", decision, "--json"))
    mine = {
        (row["class"], row["unit_id"]): (row["remove"], row["kept_exempt"])
        for row in planned["rows"]
        if row["unit_id"] in (people.bvc, people.soc_unit)
    }
    assert mine == {
        ("gemensam_plan", people.bvc): (12, 0),  # six each of `due` and `exempt`
        ("socialtjanst", people.soc_unit): (2, 1),  # `due` and `ongoing`; `exempt` kept
    }
    assert "Gallring" not in json.dumps(planned)  # counts only: no names, no content
    assert _server_ids(service) == before  # a plan removes nothing

    text = _cli(db_url, capsys, "run", "--decision", decision)
    assert "Totalt" in text
    with pytest.raises(SystemExit, match="verkställdes redan"):
        central_cli.main(["gallring", "run", "--decision", decision, "--db", db_url])
    listed = [json.loads(line) for line in _cli(db_url, capsys, "decisions").splitlines()]
    ours = next(row for row in listed if row["id"] == decision)
    assert ours["reference"] == "SN 2026/4711" and ours["executed_at"]
    assert ours["classes"] == ["gemensam_plan", "socialtjanst"] and ours["rules_version"] == 1

    removed = {*due.shared, due.soc_note, *exempt.shared, ongoing.soc_note}
    kept = {due.bvc_note, exempt.bvc_note, exempt.soc_note, *ongoing.shared, ongoing.bvc_note,
            *recent.shared, recent.bvc_note, recent.soc_note}
    after = _server_ids(service)
    assert removed <= before and kept <= before
    assert before - after == removed  # exactly the due records, nobody else's
    with service.engine.connect() as conn:
        revisions = set(conn.execute(select(record_revisions.c.record_id)).scalars())
        assert not removed & revisions
        disposal = conn.execute(
            select(gallring_disposals).where(gallring_disposals.c.decision_id == decision)
        ).one()
        log = conn.execute(select(audit_log.c.action, audit_log.c.child_id,
                                  audit_log.c.record_ids, audit_log.c.detail)).all()
    hashes = set(json.loads(disposal.record_hashes))
    assert {hashlib.sha256(i.encode()).hexdigest() for i in removed} <= hashes
    assert not any(i in disposal.record_hashes for i in removed)  # hashed, not listed
    # The log of the removal, and everything logged before it, survive.
    written = {i for action, _c, ids, _d in log if action == "write" for i in json.loads(ids)}
    assert removed <= written
    disposed_logged = {i for action, _c, ids, detail in log
                       if action == "gallring" and decision in detail for i in json.loads(ids)}
    assert disposed_logged == removed
    assert any(a == "gallring_decision" and decision in d for a, _c, _i, d in log)

    # Every enrolled laptop follows at its next sync.
    reports = {name: laptop.sync() for name, laptop in laptops.items()}
    assert reports["sara"].disposed + len(reports["sara"].purged) > 0
    for name, laptop in laptops.items():
        held = _laptop_rows(laptop, "records", "id")
        assert not held & removed, name
        assert not _laptop_rows(laptop, "record_revisions", "record_id") & removed, name
        assert not _laptop_rows(laptop, "outbox", "record_id") & removed, name
        assert {*ongoing.shared, ongoing.bvc_note, *recent.shared, recent.bvc_note,
                recent.soc_note} <= held, name
        # The search index and the child list forget the disposed children.
        assert not laptop.session.db.query(
            "SELECT rowid FROM child_search WHERE child_search MATCH 'Gallringsdue'"
        ), name
        assert laptop.session.db.query(
            "SELECT rowid FROM child_search WHERE child_search MATCH 'Gallringsopen'"
        ), name
        assert due.id not in _laptop_rows(laptop, "children", "record_id"), name
        assert not _laptop_rows(laptop, "drafts", "key") & {
            f"form:upptackarkort:{due.id}",
            f"form:upptackarkort:{ongoing.id}:rattar:{ongoing.soc_note}",
        }, name
        purged = {
            str(r[0]) for r in laptop.session.db.query(
                "SELECT record_id FROM audit_events WHERE action = 'purge' AND detail = ?",
                ("gallring",),
            )
        }
        assert ongoing.soc_note in purged, name  # the single record, audited by id
    assert laptops["bo"].state.pending_count() == 0
    assert laptops["bo"].state.failed() == []
