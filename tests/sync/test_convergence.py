"""Convergence (DESIGN.md §7, §11): three laptops of one team make random offline edits (plan
fields, including the same field; new notes and plan actions; action status; consent
withdrawn and given again; duplicate registrations; identity changes — a samordningsnummer
replaced by the child's personnummer, and one replaced by the personnummer of another child,
which merges the two) and sync in random orders with random faults: an answer lost after
the server stored the batch, a connection cut before sending, a batch delivered twice, the
server killed mid-sync and started again. At the end every laptop and the server agree, and
every edit is in the final state, held in a conflict record, or was knowingly replaced by
someone who had seen it; search finds each child by its earlier numbers.

Bounded: a few examples of up to 30 steps per backend (a few minutes in all).
"""

from __future__ import annotations

import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from backa_desktop.central.db import child_redirects, make_engine, records
from backa_desktop.domain.identity import test_series_number
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.services.children import find_child, replace_identity_number
from backa_desktop.sync.client import ServerUnavailable
from tests.central.builders import unique_birth
from tests.central.people import People, make_people
from tests.central.support import PostgresCluster, ServerProcess, migrated, service_for
from tests.sync.devices import (
    Laptop,
    barnkontakt_body,
    child_body,
    consent_body,
    plan_body,
    team_body,
)

DEVICES = ("anna", "bo", "cecilia")
PLAN_FIELDS = ("reason", "child_view", "guardians_view", "contingency", "goals")
FAULTS = ("none", "none", "lose_push_answer", "cut_push", "lose_pull_answer", "push_twice")

device = st.sampled_from(DEVICES)
operation = st.one_of(
    st.tuples(st.just("plan"), device, st.sampled_from(PLAN_FIELDS)),
    st.tuples(st.just("plan"), device, st.sampled_from(PLAN_FIELDS[:2])),
    st.tuples(st.just("note"), device),
    st.tuples(st.just("action"), device),
    st.tuples(
        st.just("status"),
        device,
        st.integers(0, 5),
        st.sampled_from(["planerad", "pagaende", "klar", "avbruten"]),
    ),
    st.tuples(st.just("consent"), st.booleans()),
    st.tuples(st.just("sync"), device, st.sampled_from(FAULTS)),
    st.tuples(st.just("sync"), device, st.just("none")),
    st.tuples(st.just("kill_mid_sync"), device, st.floats(0.0, 0.3)),
    st.tuples(st.just("duplicate"), device),
    st.tuples(st.just("note_on"), device, st.sampled_from(["second", "third"])),
    st.tuples(st.just("identity"), device),
    st.tuples(st.just("merge")),
)


@pytest.fixture
def own_url(db_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A central store of the test's own (on the session's backend): the property's runs
    depend on nothing the session's earlier tests left in the shared store."""
    if db_url.startswith("postgresql"):
        cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
        return migrated(cluster.new_database())
    return migrated(f"sqlite:///{tmp_path / 'central.db'}")


@pytest.fixture
def own_people(own_url: str) -> Iterator[People]:
    service = service_for(own_url)
    try:
        yield make_people(service)
    finally:
        service.engine.dispose()


@pytest.fixture
def own_server(own_url: str) -> Iterator[ServerProcess]:
    process = ServerProcess(own_url).start()
    try:
        yield process
    finally:
        process.stop()


class World:
    def __init__(self, folder: Path, server: ServerProcess, people: People) -> None:
        self.server = server
        self.people = people
        self.laptops = {
            name: Laptop(folder / name, server.base_url, people.name(name)) for name in DEVICES
        }
        anna = self.laptops["anna"]
        child = anna.create(RecordType.CHILD, child_body())
        self.child = child.id
        self.child_profile = dict(child.body)
        cid = self.child
        anna.create(RecordType.BARNKONTAKT, barnkontakt_body(cid, anna.user_id, people.bvc), cid)
        members = [self.laptops["bo"].user_id, self.laptops["cecilia"].user_id]
        anna.create(RecordType.TEAM, team_body(cid, members), cid)
        self.consent = anna.create(RecordType.CONSENT, consent_body(cid, anna.user_id), cid).id
        self.plan = anna.create(RecordType.PLAN, plan_body(cid), cid).id
        self.consent_day = 1
        # Two more children of the same team, each with its own Barnkontakt and consent (never
        # withdrawn): a second registration of the child under its samordningsnummer (merged
        # into the child when its personnummer is recorded: "merge"), and a third child whose
        # samordningsnummer is replaced by its own personnummer ("identity").
        number, born = self.child_profile["identity"], self.child_profile["birth_date"]
        self.main_number = number
        self.second_old = test_series_number(
            date.fromisoformat(born), female=int(number[10]) % 2 == 0, samordningsnummer=True
        )
        self.third_new, third_born = unique_birth()
        self.third_old = test_series_number(
            date.fromisoformat(third_born),
            female=int(self.third_new[10]) % 2 == 0,
            samordningsnummer=True,
        )
        self.second = self._register(anna, "Andra", self.second_old, born, members)
        self.third = self._register(anna, "Tredje", self.third_old, third_born, members)
        # (record id, field, value, the value the device showed before the edit)
        self.edits: list[tuple[str, str, Any, Any]] = []
        self.seen: Counter[str] = Counter()
        self.step = 0
        for name in DEVICES:
            self.sync(name)

    def _register(
        self, anna: Laptop, given: str, number: str, born: str, members: list[str]
    ) -> str:
        body = child_body(
            given_names=given,
            identity=number,
            identity_kind="samordningsnummer",
            birth_date=born,
        )
        cid = anna.create(RecordType.CHILD, body).id
        bk = barnkontakt_body(cid, anna.user_id, self.people.bvc)
        anna.create(RecordType.BARNKONTAKT, bk, cid)
        anna.create(RecordType.TEAM, team_body(cid, members), cid)
        anna.create(RecordType.CONSENT, consent_body(cid, anna.user_id), cid)
        return cid

    def close(self) -> None:
        for laptop in self.laptops.values():
            laptop.close()

    def holds(self, name: str, record_id: str) -> Record | None:
        return self.laptops[name].session.repo.get(record_id)

    def value(self, name: str) -> str:
        self.step += 1
        return f"{name}-{self.step}"

    # -- operations -----------------------------------------------------------------------
    def _edit(self, name: str, record_id: str, field: str, value: Any, **also: Any) -> None:
        """Edit one field on a laptop; remember what the laptop showed before, so the check
        can tell a knowingly replaced value from a silently lost one."""
        shown = self.holds(name, record_id)
        assert shown is not None
        self.laptops[name].update(record_id, **{field: value}, **also)
        self.edits.append((record_id, field, value, shown.body.get(field)))

    def edit_plan(self, name: str, field: str) -> None:
        if self.holds(name, self.plan) is None:
            return
        value: Any = self.value(name)
        self._edit(name, self.plan, field, [value] if field == "goals" else value)

    def new_note(self, name: str) -> None:
        if self.holds(name, self.child) is None:
            return
        text = self.value(name)
        note = self.laptops[name].create(
            RecordType.NOTE,
            {"child_id": self.child, "happened_on": "2026-11-20", "text": text},
            self.child,
        )
        self.edits.append((note.id, "text", text, None))

    def duplicate(self, name: str) -> None:
        """The laptop registers the same child again (same personnummer, its own spelling)
        and writes a note about it: the server merges it into the child, the note included."""
        laptop = self.laptops[name]
        dup = laptop.create(
            RecordType.CHILD, {**self.child_profile, "given_names": f"Dubblett {name}"}
        )
        text = self.value(name)
        note = laptop.create(
            RecordType.NOTE, {"child_id": dup.id, "happened_on": "2026-11-21", "text": text}, dup.id
        )
        self.edits.append((note.id, "text", text, None))
        self.seen["duplicates"] += 1

    def note_on(self, name: str, which: str) -> None:
        """A note about the second registration or the third child, if the laptop holds it
        (after a merge its records are the child's)."""
        child = self.second if which == "second" else self.third
        if self.holds(name, child) is None:
            return
        text = self.value(name)
        note = self.laptops[name].create(
            RecordType.NOTE, {"child_id": child, "happened_on": "2026-11-22", "text": text}, child
        )
        self.edits.append((note.id, "text", text, None))

    def identity(self, name: str) -> None:
        """The third child's samordningsnummer is replaced by its personnummer (once per
        laptop at most: a laptop that already shows the personnummer has nothing to do)."""
        shown = self.holds(name, self.third)
        if shown is None or shown.body.get("identity") != self.third_old:
            return
        replace_identity_number(
            self.laptops[name].session, self.third, self.third_new, date(2026, 11, 30)
        )
        self.seen["identity_changes"] += 1

    def merge(self) -> None:
        """The second registration's samordningsnummer is replaced by the child's
        personnummer: the server merges it into the child. Recorded by a laptop whose user
        has full access to both (Anna, the Barnkontakt of both; a team member who lost the
        child would only renumber it, which is a case of its own)."""
        name = "anna"
        shown = self.holds(name, self.second)
        if shown is None or shown.body.get("identity") != self.second_old:
            return
        replace_identity_number(
            self.laptops[name].session, self.second, self.main_number, date(2026, 11, 30)
        )
        self.seen["merges"] += 1

    def new_action(self, name: str) -> None:
        if self.holds(name, self.plan) is None:
            return
        what = self.value(name)
        action = self.laptops[name].create(
            RecordType.PLAN_ACTION,
            {"plan_id": self.plan, "what": what, "responsible_name": "Vårdnadshavare"},
            self.child,
        )
        self.edits.append((action.id, "what", what, None))

    def action_status(self, name: str, index: int, status: str) -> None:
        # The accounts live on through the examples, so older children's actions are there too.
        repo = self.laptops[name].session.repo
        actions = repo.find(RecordType.PLAN_ACTION, child_id=self.child)
        if not actions:
            return
        action = actions[index % len(actions)]
        # A unique note with the status: status values repeat, notes do not.
        self._edit(name, action.id, "note", self.value(name), status=status)

    def toggle_consent(self, withdraw: bool) -> None:
        anna = self.laptops["anna"]
        current = anna.session.repo.get(self.consent)
        assert current is not None
        self.consent_day += 1
        day = f"2021-01-{self.consent_day:02d}"
        if withdraw and current.body.get("withdrawn_on") is None:
            anna.update(self.consent, withdrawn_on=day)
            # Sent at once: the server recomputes access once per push, so a withdrawal and
            # a new consent in one push change nobody's access, and no purge would happen.
            self.sync("anna")
        elif not withdraw and current.body.get("withdrawn_on") is not None:
            body = consent_body(self.child, anna.user_id)
            body["given_on"] = day
            self.consent = anna.create(RecordType.CONSENT, body, self.child).id

    def sync(self, name: str, fault: str = "none") -> None:
        transport = self.laptops[name].transport
        if fault == "lose_push_answer":
            transport.drop_answers["/v1/push"] = 1
        elif fault == "cut_push":
            transport.cut_before["/v1/push"] = 1
        elif fault == "lose_pull_answer":
            transport.drop_answers["/v1/pull"] = 1
        elif fault == "push_twice":
            transport.duplicate["/v1/push"] = 1
        try:
            report = self.laptops[name].sync()
            self.seen["conflicts"] += len(report.conflicts)
            self.seen["purges"] += len(report.purged)
        except ServerUnavailable:
            self.seen["interrupted"] += 1
        finally:
            transport.drop_answers.clear()
            transport.cut_before.clear()
            transport.duplicate.clear()

    def kill_mid_sync(self, name: str, delay: float) -> None:
        timer = threading.Timer(delay, self.server.kill)
        timer.start()
        try:
            self.laptops[name].sync()
        except ServerUnavailable:
            pass
        finally:
            timer.join()
            self.seen["kills"] += 1
            self.server.kill()
            self.server.start()

    def run(self, op: tuple[Any, ...]) -> None:
        kind = op[0]
        if kind == "plan":
            self.edit_plan(op[1], op[2])
        elif kind == "note":
            self.new_note(op[1])
        elif kind == "action":
            self.new_action(op[1])
        elif kind == "status":
            self.action_status(op[1], op[2], op[3])
        elif kind == "consent":
            self.toggle_consent(op[1])
        elif kind == "sync":
            self.sync(op[1], op[2])
        elif kind == "kill_mid_sync":
            self.kill_mid_sync(op[1], op[2])
        elif kind == "duplicate":
            self.duplicate(op[1])
        elif kind == "note_on":
            self.note_on(op[1], op[2])
        elif kind == "identity":
            self.identity(op[1])
        elif kind == "merge":
            self.merge()

    # -- the end ----------------------------------------------------------------------------
    def settle(self) -> None:
        """Access back for everyone, then sync rounds without faults until nothing moves."""
        self.toggle_consent(False)
        for _round in range(4):
            for name in DEVICES:
                for _attempt in range(3):
                    try:
                        self.laptops[name].sync()
                        break
                    except ServerUnavailable:
                        continue
                else:
                    raise AssertionError(f"{name} could not sync")

    @property
    def children(self) -> set[str]:
        return {self.child, self.second, self.third}

    def merged(self) -> set[str]:
        """The world's children that live on under another id on the server."""
        engine = make_engine(self.server.db_url)
        try:
            with engine.connect() as conn:
                return set(
                    conn.execute(
                        select(child_redirects.c.merged_id).where(
                            child_redirects.c.merged_id.in_(sorted(self.children))
                        )
                    ).scalars()
                )
        finally:
            engine.dispose()

    def server_state(self) -> dict[str, tuple[Any, bool]]:
        """The world's records on the server; a merged child's own retired profile is not
        on any laptop (they follow the redirect), so it is left out."""
        gone = self.merged()
        engine = make_engine(self.server.db_url)
        try:
            with engine.connect() as conn:
                rows = conn.execute(
                    select(records.c.envelope).where(records.c.child_id.in_(sorted(self.children)))
                ).scalars()
                current = {}
                for envelope in rows:
                    rec = Record.model_validate_json(envelope)
                    if rec.id not in gone:
                        current[rec.id] = (rec.body, rec.deleted)
        finally:
            engine.dispose()
        return current

    def device_state(self, name: str) -> dict[str, tuple[Any, bool]]:
        held = self.laptops[name].session.repo.find(include_deleted=True)
        return {
            r.id: (r.body, r.deleted)
            for r in held
            if (r.id if r.type == RecordType.CHILD else r.child_id) in self.children
        }


def check(world: World) -> None:
    server = world.server_state()
    for name in DEVICES:
        laptop = world.laptops[name]
        assert laptop.state.pending_count() == 0, f"{name} still has unsent changes"
        assert laptop.state.failed() == [], f"{name} had changes refused"
        assert world.device_state(name) == server, f"{name} differs from the server"
    conflicts = [body for body, _ in server.values() if "incoming" in body and "kept" in body]
    for record_id, field, value, _shown in world.edits:
        assert record_id in server, f"record of an edit missing: {record_id}"
        in_final = server[record_id][0].get(field) == value
        in_conflict = any(
            c["record_id"] == record_id
            and c["field"] == field
            and value in (c["incoming"]["value"], c["kept"]["value"])
            for c in conflicts
        )
        # Replaced by someone who had seen it (values are unique, so "had seen" is exact).
        replaced = any(
            r == record_id and f == field and shown == value for r, f, _v, shown in world.edits
        )
        assert in_final or in_conflict or replaced, f"edit lost: {record_id} {field}={value}"
    check_conflict_records(world, conflicts)
    check_identities(world)


def check_identities(world: World) -> None:
    """Each laptop finds each child by every number it had: the second registration's
    samordningsnummer leads to the child once merged, the third child's old number to it."""
    merged = world.second in world.merged()
    assert merged == (world.seen["merges"] > 0)
    for name in DEVICES:
        session = world.laptops[name].session
        assert find_child(session, world.main_number) == world.child, name
        assert find_child(session, world.second_old) == (
            world.child if merged else world.second
        ), name
        assert find_child(session, world.third_old) == world.third, name
        shows = world.holds(name, world.third)
        assert shows is not None
        if shows.body.get("identity") == world.third_new:
            assert find_child(session, world.third_new) == world.third, name


def _writer(value: Any) -> str | None:
    """The laptop that typed a value: edit values are "<laptop>-<step>" and unique."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, str):
        name, _, step = value.partition("-")
        if name in DEVICES and step.isdigit():
            return name
    return None


def check_conflict_records(world: World, conflicts: list[dict[str, Any]]) -> None:
    """One clash, one conflict record, naming the laptop that wrote each side's value.

    A clash is one laptop's unsent edits of a field from one base meeting another laptop's
    change: the laptop sends all those edits with the same base, and they must not make a
    conflict record each."""
    laptop_of = {world.laptops[n].session.repo.device: n for n in DEVICES}
    clashes: Counter[tuple[Any, ...]] = Counter()
    for body in conflicts:
        for side in ("kept", "incoming"):
            writer = _writer(body[side]["value"])
            if writer is not None:
                named = laptop_of.get(body[side]["device"])
                assert named == writer, f"{side} value {body[side]['value']} named {named}"
        if not body.get("resolved"):
            key = (
                body["record_id"],
                body["field"],
                body["base_revision"],
                body["incoming"]["device"],
            )
            clashes[key] += 1
    repeated = [key for key, count in clashes.items() if count > 1]
    assert not repeated, f"one clash recorded more than once: {repeated}"


@pytest.mark.slow
@pytest.mark.timeout(1500)  # dozens of random programs, each with its own server restarts
def test_devices_and_server_converge(own_server: ServerProcess, own_people: People) -> None:
    people = own_people
    seen: Counter[str] = Counter()

    @settings(
        max_examples=8,
        deadline=None,
        derandomize=True,  # the same programs on every run: a failure is reproducible
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(program=st.lists(operation, min_size=10, max_size=40))
    # Always one run with a certain conflict: two members edit the same field offline.
    @example(program=[("plan", "anna", "reason"), ("plan", "bo", "reason"),
                      ("sync", "anna", "none"), ("sync", "bo", "none"), ("sync", "anna", "none")])
    # And one with both identity changes, edits of the merged child made offline on other
    # laptops, and the server killed while the merge is being pushed.
    @example(program=[("note_on", "bo", "second"), ("identity", "cecilia"), ("merge",),
                      ("note_on", "cecilia", "second"), ("identity", "bo"),
                      ("kill_mid_sync", "anna", 0.05), ("sync", "bo", "none"),
                      ("duplicate", "cecilia"), ("sync", "cecilia", "none"),
                      ("note_on", "bo", "third"), ("sync", "anna", "none")])
    def run(program: list[tuple[Any, ...]]) -> None:
        with tempfile.TemporaryDirectory(prefix="backa-conv-") as folder:
            world = World(Path(folder), own_server, people)
            try:
                for op in program:
                    world.run(op)
                world.settle()
                check(world)
                seen.update(world.seen)
            finally:
                world.close()

    run()
    # The programs did reach the hard cases, or the test would prove little.
    assert seen["conflicts"] > 0 and seen["purges"] > 0 and seen["kills"] > 0, seen
    assert seen["duplicates"] > 0, seen
    assert seen["merges"] > 0 and seen["identity_changes"] > 0, seen
