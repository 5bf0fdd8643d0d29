"""Model-based access test: a Hypothesis state machine drives a real `backa-central` (PostgreSQL,
two worker processes, a test clock) with random registrations, Barnkontakt assignments and
hand-overs, teams, consents and withdrawals, reports of concern, edits (also from stale bases),
replays of earlier changes, pulls from stale cursors, pushes about children the user lost, and
days passing. After every step, every byte the caller received is held against the access
model (`access_model.py`) at that moment: each record body must be one the model lets the
caller see, and no text written into a record the caller may not see may appear anywhere in
the answer.

Bounded for CI (profile "access-model"); `BACKA_ACCESS_MODEL_EXAMPLES` raises the number of
examples for a longer hunt.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import insert, select

from backa_desktop.central.db import devices, records, users
from backa_desktop.central.security import new_token, token_digest
from backa_desktop.central.service import CentralService
from backa_desktop.domain.records import Record, RecordType, uuid7
from tests.central import builders as b
from tests.central.access_model import Account, Moment, Rec, may_see
from tests.central.people import People, make_people
from tests.central.support import (
    Api,
    PostgresCluster,
    ServerProcess,
    Session,
    migrated,
    service_for,
)

settings.register_profile(
    "access-model",
    max_examples=int(os.environ.get("BACKA_ACCESS_MODEL_EXAMPLES", "20")),
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

NAMES = ("anna", "bo", "cecilia", "sara", "lena")


@dataclass
class ModelServer:
    process: ServerProcess
    service: CentralService
    clock: Path

    @property
    def offset_days(self) -> int:
        return int(float(self.clock.read_text()) // 86400)

    def today(self) -> Any:
        return (datetime.now(UTC) + timedelta(days=self.offset_days)).date()


@pytest.fixture(scope="module")
def model_server(
    pg_cluster: PostgresCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ModelServer]:
    url = migrated(pg_cluster.new_database())
    clock = tmp_path_factory.mktemp("clock") / "offset"
    clock.write_text("0")
    service = service_for(url)
    process = ServerProcess(url, workers=2, test_clock=clock).start()
    try:
        yield ModelServer(process, service, clock)
    finally:
        process.stop()
        service.engine.dispose()


def device_for(service: CentralService, user_id: str) -> tuple[str, str]:
    """A device token stored directly (enrolment's Argon2 check is tested elsewhere and would
    cost most of the run's CPU)."""
    token = new_token("bkd_")
    device_id = uuid7()
    with service.engine.begin() as conn:
        conn.execute(
            insert(devices).values(
                id=device_id,
                user_id=user_id,
                name="model",
                token_hash=token_digest(token),
                created_at="2026-01-01T00:00:00.000Z",
            )
        )
    return device_id, token


def marker() -> str:
    return "Mk" + uuid.uuid4().hex[:14]


class AccessMachine(RuleBasedStateMachine):
    env: ClassVar[ModelServer]
    bodies_checked: ClassVar[int] = 0
    hidden_checked: ClassVar[int] = 0
    """How many received bodies and how many hidden records the run held against the model
    (the test asserts it looked at something)."""

    def __init__(self) -> None:
        super().__init__()
        self.people: People = make_people(self.env.service)
        self.ids = [self.people.ids[n] for n in NAMES]
        self.api = Api(self.env.process.base_url)
        self.sessions: dict[str, Session] = {}
        for uid in self.ids:
            device_id, token = device_for(self.env.service, uid)
            self.sessions[uid] = self._session(uid, device_id, token)
        self.children: list[str] = []
        self.markers: dict[str, set[str]] = {}
        self.sent: dict[str, list[dict[str, Any]]] = {uid: [] for uid in self.ids}
        self.cursors: dict[str, list[str]] = {uid: ["0"] for uid in self.ids}
        self.held: dict[str, dict[str, dict[str, Any]]] = {uid: {} for uid in self.ids}
        self.log: list[str] = []

    def _session(self, uid: str, device_id: str, device_token: str) -> Session:
        answer = self.api.http.post("/v1/token", json={"device_token": device_token})
        assert answer.status_code == 200, answer.text
        return Session(self.api, uid, device_id, device_token, answer.json()["access_token"])

    def teardown(self) -> None:
        self.api.close()

    # ---- the model at this moment -----------------------------------------------------------

    def moment(self) -> Moment:
        """The whole store: earlier examples' children stay on the shared server, and some
        rules reach across them (social services see every child with a sent report)."""
        with self.env.service.engine.connect() as conn:
            rows = conn.execute(
                select(
                    records.c.id,
                    records.c.type,
                    records.c.child_id,
                    records.c.envelope,
                    records.c.created_by,
                    records.c.deleted,
                )
            ).all()
            accounts = conn.execute(select(users.c.id, users.c.roles, users.c.unit_id)).all()
        return Moment(
            records={r.id: Rec.from_row(r) for r in rows},
            accounts={
                a.id: Account(a.id, frozenset(a.roles.split(",")), a.unit_id) for a in accounts
            },
            today=self.env.today(),
        )

    def check(self, who: str, what: str, text: str) -> None:
        """Every record body in the answer may be seen by `who` now, and no text of a record
        `who` may not see is anywhere in it."""
        moment = self.moment()
        data = json.loads(text) if text.startswith("{") else {}
        bodies = [r["record"] for r in data.get("records", [])]
        bodies += [r["record"] for r in data.get("results", []) if r.get("record")]
        story = "\n".join(self.log[-25:])
        for body in bodies:
            assert may_see(moment, who, body["id"]), (
                f"{what}: {self.name(who)} received {body['type']} {body['id']} rev "
                f"{body['revision']} the model says they may not see\n{story}"
            )
            self.held[who][body["id"]] = body
            AccessMachine.bodies_checked += 1
        for record_id, marks in self.markers.items():
            if may_see(moment, who, record_id):
                continue
            AccessMachine.hidden_checked += 1
            for mark in marks:
                assert mark not in text, (
                    f"{what}: {self.name(who)} received text of record {record_id} "
                    f"({moment.records[record_id].type}) they may not see\n{story}"
                )

    def name(self, uid: str) -> str:
        return NAMES[self.ids.index(uid)] if uid in self.ids else uid

    # ---- talking to the server ---------------------------------------------------------------

    def push(self, who: str, changes: list[dict[str, Any]], what: str) -> None:
        self.sent[who].extend(changes)
        self.log.append(f"{self.name(who)}: {what}")
        answer = self.sessions[who].push(changes)
        assert answer.status_code in (200, 422), answer.text
        self.log.append(f"  -> {answer.status_code} {self._statuses(answer.text)}")
        self.check(who, what, answer.text)

    @staticmethod
    def _statuses(text: str) -> str:
        try:
            return ",".join(r["status"] for r in json.loads(text).get("results", []))
        except (ValueError, KeyError):
            return "?"

    def new(self, who: str, record: Record, marks: tuple[str, ...] = ()) -> dict[str, Any]:
        record = record.model_copy(update={"author": who, "device": self.sessions[who].device_id})
        if marks:
            self.markers.setdefault(record.id, set()).update(marks)
        return b.change(record)

    def current(self, record_id: str) -> dict[str, Any] | None:
        with self.env.service.engine.connect() as conn:
            envelope = conn.execute(
                select(records.c.envelope).where(records.c.id == record_id)
            ).scalar_one_or_none()
        return json.loads(envelope) if envelope else None

    def edited(self, who: str, base: dict[str, Any], **changes: Any) -> dict[str, Any]:
        record = Record.model_validate(base)
        body = dict(record.body)
        body.update(changes)
        return self.new(
            who,
            record.model_copy(
                update={
                    "body": body,
                    "base_revision": record.revision,
                    "revision": record.revision + 1,
                }
            ),
        )

    def records_of(self, child: str, kind: str) -> list[dict[str, Any]]:
        with self.env.service.engine.connect() as conn:
            rows = conn.execute(
                select(records.c.envelope).where(
                    records.c.child_id == child, records.c.type == kind
                )
            ).scalars()
            return [json.loads(r) for r in rows]

    def unit_of(self, uid: str) -> str:
        unit = self.moment().accounts[uid].unit_id
        assert unit is not None
        return unit

    # ---- rules -------------------------------------------------------------------------------

    user_ix = st.integers(0, len(NAMES) - 1)
    child_ix = st.integers(0, 10_000)

    def who(self, i: int) -> str:
        return self.ids[i]

    def child(self, i: int) -> str:
        return self.children[i % len(self.children)]

    @initialize()
    def first_child(self) -> None:
        self.register_child(0)

    @rule(i=user_ix)
    def register_child(self, i: int) -> None:
        who = self.who(i)
        mark = marker()
        record = b.child(who, given=mark)
        self.children.append(record.id)
        self.push(who, [self.new(who, record, (mark,))], "registers a child")

    @precondition(lambda self: self.children)
    @rule(i=user_ix, c=child_ix, staff=user_ix, ends_in=st.none() | st.integers(0, 20))
    def assign_barnkontakt(self, i: int, c: int, staff: int, ends_in: int | None) -> None:
        who, child, staff_id = self.who(i), self.child(c), self.who(staff)
        valid_to = None if ends_in is None else (self.env.today() + timedelta(ends_in)).isoformat()
        record = b.barnkontakt(child, staff_id, self.unit_of(staff_id), valid_to=valid_to)
        self.push(who, [self.new(who, record)], f"assigns {self.name(staff_id)} as Barnkontakt")

    @precondition(lambda self: self.children)
    @rule(i=user_ix, c=child_ix, to=user_ix)
    def hand_over(self, i: int, c: int, to: int) -> None:
        who, child, to_id = self.who(i), self.child(c), self.who(to)
        today = self.env.today()
        changes = [
            self.edited(who, a, valid_to=(today - timedelta(1)).isoformat())
            for a in self.records_of(child, "barnkontakt")
            if a["body"].get("valid_to") is None
        ]
        new = b.barnkontakt(child, to_id, self.unit_of(to_id), valid_from=today.isoformat())
        changes.append(self.new(who, new))
        self.push(who, changes, f"hands the child over to {self.name(to_id)}")

    @precondition(lambda self: self.children)
    @rule(
        i=user_ix,
        c=child_ix,
        members=st.sets(user_ix, max_size=3),
        stod=st.none() | user_ix,
    )
    def form_team(self, i: int, c: int, members: set[int], stod: int | None) -> None:
        who, child = self.who(i), self.child(c)
        staff = sorted(self.who(m) for m in members)
        stod_id = None if stod is None else self.who(stod)
        record = b.individual_team(child, staff, stodsamordnare=stod_id)
        self.push(who, [self.new(who, record)], f"forms a team {[self.name(s) for s in staff]}")

    @rule(members=st.sets(user_ix, max_size=3))
    def unit_barnteam(self, members: set[int]) -> None:
        lead = self.people.lena
        record = Record(
            type=RecordType.TEAM,
            child_id=None,
            body={
                "kind": "barnteam",
                "unit_id": self.people.bvc,
                "members": [
                    {"staff_id": self.who(m), "agency": "bvc", "joined_on": "2020-01-01"}
                    for m in sorted(members)
                ],
            },
            author=lead,
            device="dev",
        )
        self.push(lead, [self.new(lead, record)], "lena sets the unit's Barnteam")

    @precondition(lambda self: self.children)
    @rule(
        i=user_ix,
        c=child_ix,
        scopes=st.sets(st.sampled_from(["individuellt_barnteam", "barnteam"]), min_size=1),
    )
    def consent(self, i: int, c: int, scopes: set[str]) -> None:
        who, child = self.who(i), self.child(c)
        record = b.consent(child, scopes=tuple(sorted(scopes)), author=who)
        body = dict(record.body, given_on=self.env.today().isoformat())
        self.push(who, [self.new(who, record.model_copy(update={"body": body}))], "consents")

    @precondition(lambda self: self.children)
    @rule(i=user_ix, c=child_ix)
    def withdraw(self, i: int, c: int) -> None:
        who, child = self.who(i), self.child(c)
        changes = [
            self.edited(who, consent, withdrawn_on=self.env.today().isoformat())
            for consent in self.records_of(child, "consent")
            if consent["body"].get("withdrawn_on") is None
        ]
        if changes:
            self.push(who, changes, "withdraws the consents")

    @precondition(lambda self: self.children)
    @rule(
        i=user_ix,
        c=child_ix,
        sent=st.booleans(),
        unit=st.sampled_from(["own", "bvc", "skola"]),
        reporter=st.none() | user_ix,
    )
    def report(self, i: int, c: int, sent: bool, unit: str, reporter: int | None) -> None:
        who, child = self.who(i), self.child(c)
        unit_id = {
            "own": self.unit_of(who),
            "bvc": self.people.bvc,
            "skola": self.people.skola,
        }[unit]
        staff = who if reporter is None else self.who(reporter)
        record = b.orosanmalan(child, staff, unit_id, status="skickad" if sent else "upprattad")
        mark = marker()
        body = dict(record.body, concern=f"Oro {mark}")
        change = self.new(who, record.model_copy(update={"body": body}), (mark,))
        self.push(who, [change], f"reports concern (sent={sent}, unit={unit})")

    @precondition(lambda self: self.children)
    @rule(i=user_ix, c=child_ix)
    def note(self, i: int, c: int) -> None:
        who, child = self.who(i), self.child(c)
        mark = marker()
        self.push(
            who, [self.new(who, b.note(child, f"Anteckning {mark}"), (mark,))], "writes a note"
        )

    @precondition(lambda self: self.markers)
    @rule(i=user_ix, pick=st.integers(0, 10_000), stale=st.booleans())
    def edit(self, i: int, pick: int, stale: bool) -> None:
        """An edit from the version `who` holds (possibly old) or, for a record `who` never
        received, from the server's current one: also a push about a child `who` lost."""
        who = self.who(i)
        ids = sorted(self.markers)
        record_id = ids[pick % len(ids)]
        base = self.held[who].get(record_id) if stale else None
        base = base or self.current(record_id)
        if base is None:
            return
        mark = marker()
        field = {"child": "given_names", "note": "text", "orosanmalan": "concern"}[base["type"]]
        self.markers[record_id].add(mark)
        change = self.edited(who, base, **{field: f"Ny {mark}"})
        self.push(who, [change], f"edits {base['type']} {record_id} (stale={stale})")

    @precondition(lambda self: any(self.sent.values()))
    @rule(i=user_ix, pick=st.integers(0, 10_000))
    def replay(self, i: int, pick: int) -> None:
        who = self.who(i)
        if not self.sent[who]:
            return
        change = self.sent[who][pick % len(self.sent[who])]
        self.log.append(f"{self.name(who)}: replays change {change['change_id']}")
        answer = self.sessions[who].push([change])
        assert answer.status_code in (200, 422), answer.text
        self.check(who, "replay", answer.text)

    @rule(i=user_ix, pick=st.integers(0, 10_000), stale=st.booleans())
    def pull(self, i: int, pick: int, stale: bool) -> None:
        who = self.who(i)
        history = self.cursors[who]
        cursor = history[pick % len(history)] if stale else history[-1]
        self.log.append(f"{self.name(who)}: pulls from {cursor}")
        for _ in range(50):
            answer = self.sessions[who].pull(cursor, page_size=50)
            assert answer.status_code == 200, answer.text
            self.check(who, f"pull from {cursor}", answer.text)
            page = answer.json()
            for child in page["purge_children"]:
                self.held[who] = {
                    k: v
                    for k, v in self.held[who].items()
                    if (v["id"] if v["type"] == "child" else v.get("child_id")) != child
                }
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        history.append(cursor)

    @rule(days=st.integers(1, 40))
    def days_pass(self, days: int) -> None:
        offset = float(self.env.clock.read_text()) + days * 86400
        self.env.clock.write_text(str(offset))
        self.log.append(f"{days} days pass")
        # Access tokens live 15 minutes: every device fetches a new one, as a laptop would.
        for uid in self.ids:
            old = self.sessions[uid]
            self.sessions[uid] = self._session(uid, old.device_id, old.device_token)


def test_every_byte_any_caller_receives_matches_the_access_model(
    model_server: ModelServer,
) -> None:
    AccessMachine.env = model_server
    run_state_machine_as_test(AccessMachine, settings=settings.get_profile("access-model"))
    assert AccessMachine.bodies_checked > 0
    assert AccessMachine.hidden_checked > 0
