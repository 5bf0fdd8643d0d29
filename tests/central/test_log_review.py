"""The laptops' audit logs on the central store, the log review (loggkontroll), recorded
checks and the log extract, over real HTTP on PostgreSQL and SQLite."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from backa_desktop.central.db import audit_log, log_checks, make_engine, users
from backa_desktop.central.service import CentralService
from tests.central import builders as b
from tests.central.audit_chains import Chain
from tests.central.people import PASSWORD, People, _password_hash
from tests.central.support import Api, Session
from tests.printing.pdfs import flat

DAY = "2026-11-10"  # a Tuesday
WORK = f"{DAY}T09:00:00.000Z"  # 10:00 in Sweden
EVENING = f"{DAY}T21:30:00.000Z"  # 22:30 in Sweden
PERIOD = {"date_from": "2026-11-01", "date_to": "2026-11-30"}


def _reviewer(service: CentralService, people: People) -> str:
    name = people.name("granskare")
    user_id = service.add_user(
        username=name, display_name="Greta", password=None, roles=["log_reviewer"], unit_id=None
    )
    with service.engine.begin() as conn:
        conn.execute(
            update(users).where(users.c.id == user_id).values(password_hash=_password_hash())
        )
    return name


def _push(session: Session, events: list[dict[str, Any]]) -> Any:
    return session.api.http.post("/v1/audit", json={"events": events}, headers=session.auth)


def _child_with_team(api: Api, people: People) -> tuple[Session, str, str]:
    """Anna registers two children (one with protected identity), is Barnkontakt of both, and
    Bo is on the first child's team under consent."""
    anna = api.login(people.name("anna"), PASSWORD)
    kid = b.child(anna.user_id)
    hidden = b.child(anna.user_id)
    hidden.body["protected_identity"] = True
    recs = [
        kid,
        b.barnkontakt(kid.id, anna.user_id, people.bvc, author=anna.user_id),
        b.individual_team(kid.id, [people.bo], author=anna.user_id),
        b.consent(kid.id, author=anna.user_id),
        hidden,
        b.barnkontakt(hidden.id, anna.user_id, people.bvc, author=anna.user_id),
    ]
    answer = anna.push([b.change(r) for r in recs])
    assert answer.status_code == 200, answer.text
    assert {r["status"] for r in answer.json()["results"]} == {"accepted"}
    return anna, kid.id, hidden.id


def test_review_flags_a_read_without_relation_and_not_one_with(
    api: Api, people: People, service: CentralService, db_url: str
) -> None:
    _anna, child, hidden = _child_with_team(api, people)
    bo = api.login(people.name("bo"), PASSWORD)
    cecilia = api.login(people.name("cecilia"), PASSWORD)
    bo_log, cecilia_log = Chain(bo.user_id), Chain(cecilia.user_id)
    bo_log.add("read", WORK, child)
    cecilia_log.add("unlock", WORK)
    cecilia_log.add("read", WORK, child)
    cecilia_log.add("read", EVENING, hidden)
    cecilia_log.add("print", EVENING, hidden)
    assert _push(bo, bo_log.events).json()["count"] == 1
    assert _push(cecilia, cecilia_log.events).json()["count"] == 4

    greta = api.login(_reviewer(service, people), PASSWORD)
    answer = api.http.post(
        "/v1/log-review", json={"unit_id": people.skola, **PERIOD}, headers=greta.auth
    )
    assert answer.status_code == 200, answer.text
    by_user = {u["user_id"]: u for u in answer.json()["users"]}
    bo_review, cecilia_review = by_user[bo.user_id], by_user[cecilia.user_id]
    assert bo_review["children_read"] == 1
    assert bo_review["without_relation"] == []  # a team member under consent
    assert bo_review["outside_hours"] == [] and bo_review["protected_identity"] == []
    assert cecilia_review["children_read"] == 2
    assert {f["child_id"] for f in cecilia_review["without_relation"]} == {child, hidden}
    assert [f["child_id"] for f in cecilia_review["protected_identity"]] == [hidden]
    assert [(f["action"], f["at"]) for f in cecilia_review["outside_hours"]] == [
        ("read", EVENING),
        ("print", EVENING),
    ]
    assert [f["action"] for f in cecilia_review["prints_exports"]] == ["print"]
    assert all(f["device_id"] == cecilia.device_id for f in cecilia_review["without_relation"])
    # A period without the events shows nothing for the same users.
    quiet = api.http.post(
        "/v1/log-review",
        json={"unit_id": people.skola, "date_from": "2026-10-01", "date_to": "2026-10-31"},
        headers=greta.auth,
    ).json()
    assert all(u["reads"] == 0 for u in quiet["users"])


def test_bulk_reads_are_flagged(api: Api, people: People, service: CentralService) -> None:
    cecilia = api.login(people.name("cecilia"), PASSWORD)
    chain = Chain(cecilia.user_id)
    for n in range(25):
        chain.add("read", f"{DAY}T10:{n:02d}:00.000Z", f"child-{people.suffix}-{n}")
    assert _push(cecilia, chain.events).status_code == 200
    greta = api.login(_reviewer(service, people), PASSWORD)
    review = api.http.post(
        "/v1/log-review", json={"unit_id": people.skola, **PERIOD}, headers=greta.auth
    ).json()
    mine = next(u for u in review["users"] if u["user_id"] == cecilia.user_id)
    assert mine["bulk"] == [{"hour": f"{DAY}T11", "children": 25}]


def test_the_check_is_recorded_and_itself_logged(
    api: Api, people: People, service: CentralService, db_url: str
) -> None:
    lena = api.login(people.name("lena"), PASSWORD)  # unit lead at the BVC
    check = {"unit_id": people.bvc, **PERIOD, "outcome": "findings", "findings": "Fråga Cecilia"}
    answer = api.http.post("/v1/log-checks", json=check, headers=lena.auth)
    assert answer.status_code == 200, answer.text
    check_id = answer.json()["id"]
    review = api.http.post(
        "/v1/log-review", json={"unit_id": people.bvc, **PERIOD}, headers=lena.auth
    ).json()
    assert [(c["id"], c["findings"], c["outcome"]) for c in review["checks"]] == [
        (check_id, "Fråga Cecilia", "findings")
    ]
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(select(log_checks).where(log_checks.c.id == check_id)).one()
            logged = conn.execute(
                select(audit_log.c.action, audit_log.c.record_ids).where(
                    audit_log.c.user_id == lena.user_id
                )
            ).all()
    finally:
        engine.dispose()
    assert stored.reviewer_id == lena.user_id and stored.unit_id == people.bvc
    assert ("log_check", json.dumps([check_id])) in [tuple(r) for r in logged]
    assert "log_review" in {r.action for r in logged}


def test_callers_without_the_role_get_403(api: Api, people: People) -> None:
    cecilia = api.login(people.name("cecilia"), PASSWORD)
    lena = api.login(people.name("lena"), PASSWORD)  # unit lead of the BVC, not the school
    anna, child, _hidden = _child_with_team(api, people)
    for who, unit in ((cecilia, people.skola), (lena, people.skola), (anna, people.bvc)):
        review = api.http.post(
            "/v1/log-review", json={"unit_id": unit, **PERIOD}, headers=who.auth
        )
        assert review.status_code == 403, review.text
        check = api.http.post(
            "/v1/log-checks",
            json={"unit_id": unit, **PERIOD, "outcome": "ok"},
            headers=who.auth,
        )
        assert check.status_code == 403
    # The extract: the outsider may not, the Barnkontakt may (registerutdrag on her laptop).
    denied = api.http.post("/v1/log-extract", json={"child_id": child}, headers=cecilia.auth)
    assert denied.status_code == 403
    assert child not in denied.text
    allowed = api.http.post("/v1/log-extract", json={"child_id": child}, headers=anna.auth)
    assert allowed.status_code == 200
    unauthenticated = api.http.post("/v1/log-review", json={"unit_id": people.bvc, **PERIOD})
    assert unauthenticated.status_code == 401


def test_extract_holds_reads_from_two_devices_and_the_servers_writes(
    api: Api, people: People, service: CentralService
) -> None:
    anna, child, _hidden = _child_with_team(api, people)
    bo = api.login(people.name("bo"), PASSWORD)
    anna_log, bo_log = Chain(anna.user_id), Chain(bo.user_id)
    anna_log.add("read", WORK, child)
    bo_log.add("read", EVENING, child)
    bo_log.add("read", EVENING, "another-child")
    assert _push(anna, anna_log.events).status_code == 200
    assert _push(bo, bo_log.events).status_code == 200
    greta = api.login(_reviewer(service, people), PASSWORD)
    extract = api.http.post("/v1/log-extract", json={"child_id": child}, headers=greta.auth)
    assert extract.status_code == 200, extract.text
    entries = extract.json()["entries"]
    reads = [(e["device_id"], e["at"]) for e in entries if e["action"] == "read"]
    assert reads == [(anna.device_id, WORK), (bo.device_id, EVENING)]
    writes = [e for e in entries if e["source"] == "server"]
    assert writes and all(e["username"] == people.name("anna") for e in writes)


def test_a_chain_that_does_not_extend_is_refused_and_reported(
    api: Api, people: People, db_url: str
) -> None:
    bo = api.login(people.name("bo"), PASSWORD)
    chain = Chain(bo.user_id)
    for n in range(3):
        chain.add("read", WORK, f"c{n}")
    first = _push(bo, chain.events)
    assert first.status_code == 200 and first.json()["stored"] == 3
    again = _push(bo, chain.events)  # the answer was lost: sent again, nothing doubled
    assert again.status_code == 200 and again.json() == {**first.json(), "stored": 0}
    # History rewritten: the second event removed and the chain recomputed from there.
    rewritten = Chain(bo.user_id)
    rewritten.device = chain.device
    rewritten.add("read", WORK, "c0")
    rewritten.events[0] = chain.events[0]
    rewritten.head = chain.events[0]["hash"]
    rewritten.add("read", WORK, "c2")
    rewritten.add("read", EVENING, "c3")
    refused = _push(bo, rewritten.events[1:])
    assert refused.status_code == 409
    assert refused.json()["code"] == "audit_chain_refused"
    tampered = [dict(chain.events[2], detail="x")]
    assert _push(bo, tampered).status_code == 409
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            reported = conn.execute(
                select(audit_log.c.detail).where(
                    audit_log.c.user_id == bo.user_id,
                    audit_log.c.action == "audit_chain_refused",
                )
            ).scalars().all()
    finally:
        engine.dispose()
    assert [json.loads(d)["chain"] for d in reported] == [chain.device, chain.device]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backa_desktop.central.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
        check=False,
    )


def test_log_review_check_and_extract_from_the_command_line(
    api: Api, people: People, db_url: str, tmp_path: Path
) -> None:
    _anna, child, _hidden = _child_with_team(api, people)
    cecilia = api.login(people.name("cecilia"), PASSWORD)
    chain = Chain(cecilia.user_id)
    chain.add("read", EVENING, child)
    assert _push(cecilia, chain.events).status_code == 200
    period = ["--from", PERIOD["date_from"], "--to", PERIOD["date_to"]]
    db = ["--db", db_url]

    csv_out = tmp_path / "review.csv"
    done = _cli("log-review", *db, "--unit", people.skola, *period, "--out", str(csv_out))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(csv_out.read_text(encoding="utf-8"))))
    flagged = [r for r in rows if r["username"] == people.name("cecilia")]
    assert {(r["signal"], r["child_id"]) for r in flagged} >= {
        ("without_relation", child),
        ("outside_hours", child),
    }
    pdf_out = tmp_path / "review.pdf"
    done = _cli("log-review", *db, "--unit", people.skola, *period, "--out", str(pdf_out))
    assert done.returncode == 0, done.stderr
    text = flat(pdf_out.read_bytes())
    assert "Loggkontroll" in text and "Ekskolan" in text and child[-12:] in text
    assert "Läsningar av barn utan aktuell relation (1)" in text

    bad = _cli("log-review", *db, "--unit", people.skola, "--from", "1 nov", "--to",
               "2026-11-30", "--out", str(pdf_out))
    assert bad.returncode != 0 and "ÅÅÅÅ-MM-DD" in bad.stderr

    check = _cli("log-check", *db, "--unit", people.skola, *period, "--reviewer",
                 people.name("lena"), "--outcome", "findings", "--findings", "Samtal med Cecilia")
    assert check.returncode == 0, check.stderr
    again = _cli("log-review", *db, "--unit", people.skola, *period, "--out", str(pdf_out))
    assert again.returncode == 0, again.stderr
    assert "Samtal med Cecilia" in flat(pdf_out.read_bytes())

    extract_out = tmp_path / "extract.csv"
    done = _cli("log-extract", *db, "--child", child, "--out", str(extract_out))
    assert done.returncode == 0, done.stderr
    lines = list(csv.DictReader(io.StringIO(extract_out.read_text(encoding="utf-8"))))
    assert ("read", cecilia.device_id, "laptop") in {
        (r["action"], r["device_id"], r["source"]) for r in lines
    }


def test_the_units_to_pick_are_the_ones_the_caller_may_review(
    api: Api, people: People, service: CentralService
) -> None:
    """The review window's picker: a log reviewer gets every unit, a unit lead her own, a
    nurse none (and each of those is what the review itself then allows)."""

    def units(username: str) -> list[str]:
        who = api.login(username, PASSWORD)
        answer = api.http.post("/v1/log-review/units", json={}, headers=who.auth)
        assert answer.status_code == 200, answer.text
        return [u["id"] for u in answer.json()["units"]]

    everyone = units(_reviewer(service, people))
    assert {people.bvc, people.skola} <= set(everyone)
    assert units(people.name("lena")) == [people.bvc]
    assert units(people.name("cecilia")) == []
    assert api.http.post("/v1/log-review/units", json={}).status_code == 401


def test_an_event_with_a_nul_character_is_refused_as_invalid(api: Api, people: People) -> None:
    """PostgreSQL's text cannot hold NUL: the API says the event is invalid (422) instead of
    failing in the database, and the chain is left as it was."""
    anna = api.login(people.name("anna"), PASSWORD)
    chain = Chain(anna.user_id)
    chain.add("read", "2026-11-02T08:00:00.000Z", "child-x")
    event = {**chain.events[0], "device": "laptop\x00"}
    answer = _push(anna, [event])
    assert answer.status_code == 422, answer.text
    assert _push(anna, chain.events).status_code == 200
