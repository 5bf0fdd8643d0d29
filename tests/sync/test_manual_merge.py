"""Merging two children by hand, end to end: a fresh `backa-central` on PostgreSQL with a
test clock, real SQLCipher laptops over loopback HTTP, the app's service functions.

Anna registered Sixten twice (under two different numbers, so the server could not tell):
child A with a team (Bo) and a plan, child B. She previews and merges A into B; both laptops
converge on B. She undoes it; both laptops get A back with its records, Bo loses B again.
A merge undone a day later is refused, and so is everyone who may not merge (the refusal
is the same as for a child that does not exist)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from backa_desktop.central.db import (
    audit_log,
    child_identities,
    child_redirects,
    make_engine,
    records,
)
from backa_desktop.central.identity_merge import body_keys
from backa_desktop.domain.records import Record, RecordType, uuid7
from backa_desktop.services import manual_merge
from backa_desktop.services.children import find_child
from backa_desktop.sync.client import RequestRefused
from tests.central.builders import change
from tests.central.builders import note as b_note
from tests.central.people import PASSWORD, People, make_people
from tests.central.support import Api, PostgresCluster, ServerProcess, migrated, service_for
from tests.sync.devices import (
    Laptop,
    barnkontakt_body,
    child_body,
    consent_body,
    plan_body,
    team_body,
)


@dataclass
class Fresh:
    url: str
    server: ServerProcess
    api: Api
    people: People
    clock: Path

    def days_pass(self, days: float) -> None:
        self.clock.write_text(str(float(self.clock.read_text()) + days * 86400))

    def stored(self) -> tuple[dict[str, Record], dict[str, str], dict[str, str]]:
        """Records, redirects (merged -> survivor) and identity keys (key -> child)."""
        engine = make_engine(self.url)
        try:
            with engine.connect() as conn:
                held = {
                    rid: Record.model_validate_json(env)
                    for rid, env in conn.execute(select(records.c.id, records.c.envelope))
                }
                moved = dict(
                    conn.execute(
                        select(child_redirects.c.merged_id, child_redirects.c.survivor_id)
                    ).all()
                )
                keys = dict(
                    conn.execute(select(child_identities.c.key, child_identities.c.child_id)).all()
                )
            return held, moved, keys
        finally:
            engine.dispose()

    def audited(self, action: str) -> list[tuple[str | None, str, str]]:
        engine = make_engine(self.url)
        try:
            with engine.connect() as conn:
                return [
                    (c, r, d)
                    for c, r, d in conn.execute(
                        select(audit_log.c.child_id, audit_log.c.record_ids, audit_log.c.detail)
                        .where(audit_log.c.action == action)
                    ).all()
                ]
        finally:
            engine.dispose()


@pytest.fixture
def fresh(pg_cluster: PostgresCluster, tmp_path: Path) -> Iterator[Fresh]:
    url = migrated(pg_cluster.new_database())
    clock = tmp_path / "clock"
    clock.write_text("0")
    service = service_for(url)
    people = make_people(service, ("anna", "bo", "cecilia", "lena", "dora"))
    process = ServerProcess(url, test_clock=clock).start()
    api = Api(process.base_url)
    try:
        yield Fresh(url, process, api, people, clock)
    finally:
        api.close()
        process.stop()
        service.engine.dispose()


def _preview_as(fresh: Fresh, who: str, merged: str, survivor: str) -> tuple[int, str]:
    session = fresh.api.login(fresh.people.name(who), PASSWORD)
    answer = fresh.api.http.post(
        "/v1/merge/preview",
        json={"merged_id": merged, "survivor_id": survivor},
        headers=session.auth,
    )
    return answer.status_code, answer.text


def _call_as(fresh: Fresh, who: str, path: str, body: dict[str, str]) -> tuple[int, str]:
    session = fresh.api.login(fresh.people.name(who), PASSWORD)
    answer = fresh.api.http.post(path, json=body, headers=session.auth)
    return answer.status_code, answer.text


def test_merge_by_hand_preview_merge_and_undo_on_two_laptops(
    fresh: Fresh, tmp_path: Path
) -> None:
    people = fresh.people
    url = fresh.server.base_url
    anna = Laptop(tmp_path / "anna", url, people.name("anna"))
    bo = Laptop(tmp_path / "bo", url, people.name("bo"))
    cecilia = Laptop(tmp_path / "cecilia", url, people.name("cecilia"))
    try:
        a_body = child_body(family_name="Testson")
        a = anna.create(RecordType.CHILD, a_body).id
        anna.create(RecordType.BARNKONTAKT, barnkontakt_body(a, anna.user_id, people.bvc), a)
        team = anna.create(RecordType.TEAM, team_body(a, [bo.user_id]), a).id
        anna.create(RecordType.CONSENT, consent_body(a, anna.user_id), a)
        plan = anna.create(RecordType.PLAN, plan_body(a), a).id
        b = anna.create(RecordType.CHILD, child_body()).id
        anna.create(RecordType.BARNKONTAKT, barnkontakt_body(b, anna.user_id, people.bvc), b)
        # Cecilia is on B's team (with consent): she sees A's records only while merged.
        anna.create(RecordType.TEAM, team_body(b, [cecilia.user_id]), b)
        anna.create(RecordType.CONSENT, consent_body(b, anna.user_id), b)
        # Child C: Anna is its Barnkontakt until tomorrow, then Dora alone; Bo is on its team
        # without consent (no access). None of them may merge C into B, and none learns
        # anything: Dora is not B's Barnkontakt, and Anna once the day has passed.
        c = anna.create(RecordType.CHILD, child_body()).id
        tomorrow = (date.today() + timedelta(days=1)).isoformat()
        ending = {**barnkontakt_body(c, anna.user_id, people.bvc), "valid_to": tomorrow}
        anna.create(RecordType.BARNKONTAKT, ending, c)
        dora_bk = {**barnkontakt_body(c, people.dora, people.skola), "valid_from": "2021-01-01"}
        anna.create(RecordType.BARNKONTAKT, dora_bk, c)
        anna.create(RecordType.TEAM, team_body(c, [bo.user_id]), c)
        # Child P has a protected identity, B has none: they are not merged until both are
        # marked (the mark must not become a conflict record someone resolves later).
        p = anna.create(RecordType.CHILD, child_body(protected_identity=True)).id
        anna.create(RecordType.BARNKONTAKT, barnkontakt_body(p, anna.user_id, people.bvc), p)
        assert not anna.sync().rejected
        bo.sync()
        cecilia.sync()
        assert bo.child_ids() == {a}
        assert cecilia.child_ids() == {b}

        # Dora registered A's number once too (offline): the server merged that into A.
        dora = fresh.api.login(people.name("dora"), PASSWORD)
        dup_body = {**child_body(), "identity": a_body["identity"], "family_name": "Testson"}
        dup = Record(type=RecordType.CHILD, body=dup_body, author="Dora", device="dora")
        assert dora.push([change(dup)]).status_code == 200
        assert fresh.stored()[1] == {dup.id: a}

        # -- who may merge: the refusal is the same as for a child that does not exist ----
        nobody = uuid7()
        status, unknown = _preview_as(fresh, "anna", nobody, b)
        assert status == 404
        assert json.loads(unknown)["code"] == "no_such_child"
        refused = [
            ("cecilia", a, b),  # on B's team, nothing of A
            ("bo", a, b),  # full access to A through the team, but not its Barnkontakt
            ("bo", c, b),  # on C's team without access
            ("dora", c, b),  # Barnkontakt of C, not of B
        ]
        for who, merged, survivor in refused:
            assert _preview_as(fresh, who, merged, survivor) == (404, unknown), who
        assert _preview_as(fresh, "anna", c, b)[0] == 200  # still C's Barnkontakt today
        assert _preview_as(fresh, "anna", b, b)[0] == 422
        # The unit lead of both children's unit may.
        assert _preview_as(fresh, "lena", a, b)[0] == 200

        central = manual_merge.link(anna.session)
        for attempt in (manual_merge.preview, manual_merge.merge):
            with pytest.raises(RequestRefused) as protected:
                attempt(central, p, b)
            assert protected.value.status == 409
            assert "skyddad identitet" in str(protected.value)
        assert fresh.stored()[1] == {dup.id: a}
        shown = manual_merge.preview(central, a, b)
        # (Dora's other birth date waits as a conflict record on A, and Anna's notice that
        # Dora registered A too is A's: both move.)
        assert shown.records == {
            "barnkontakt": 1,
            "team": 1,
            "consent": 1,
            "plan": 1,
            "conflict": 1,
            "notice": 1,
        }
        assert "family_name" in shown.conflict_fields and "identity" not in shown.conflict_fields
        assert {(k.child_id, k.staff_id) for k in shown.barnkontakts} == {
            (a, anna.user_id),
            (b, anna.user_id),
        }
        assert fresh.stored()[1] == {dup.id: a}  # a preview changes nothing

        done = manual_merge.merge(central, a, b)
        assert done.moved == sum(shown.records.values()) and done.conflicts >= 1
        for laptop in (anna, bo, cecilia):
            laptop.sync()
        # Dora's registration now lives on under B (a redirect never names a retired child):
        # a note she writes about it is filed there.
        late_note = b_note(dup.id, "Dora skrev om sin registrering")
        assert dora.push([change(late_note)]).status_code == 200
        held, moved, keys = fresh.stored()
        assert moved == {a: b, dup.id: b}
        assert held[late_note.id].child_id == b
        assert held[a].deleted and held[plan].child_id == b and held[team].child_id == b
        for key in body_keys(a_body):
            assert keys[key] == b
        assert a not in anna.child_ids() and b in anna.child_ids()
        assert bo.child_ids() == {b}  # through the moved team and consent
        assert cecilia.child_ids() == {b}
        for laptop in (anna, bo, cecilia):
            assert laptop.records()[plan].child_id == b
        assert find_child(anna.session, a_body["identity"]) == b
        assert [m.merge_id for m in manual_merge.undoable(central, b)] == [done.merge_id]
        # Who may not merge B learns nothing of the merge either: not that it exists, not
        # its id. The unit lead sees it.
        listed = _call_as(fresh, "lena", "/v1/merge/list", {"child_id": b})
        assert listed[0] == 200 and done.merge_id in listed[1]
        for who in ("cecilia", "bo", "dora"):
            assert _call_as(fresh, who, "/v1/merge/list", {"child_id": b}) == (404, unknown)
            assert _call_as(
                fresh, who, "/v1/merge/undo", {"merge_id": done.merge_id}
            ) == (404, unknown), who
        assert _call_as(fresh, "anna", "/v1/merge/undo", {"merge_id": uuid7()}) == (
            404,
            unknown,
        )
        # Audited under both children, by id only.
        entries = fresh.audited("manual_merge")
        assert {child for child, _ids, _detail in entries} == {a, b}
        for _child, ids, detail in entries:
            assert detail == done.merge_id
            assert a_body["identity"] not in ids and "Testson" not in ids

        # -- undo within the day --------------------------------------------------------
        fresh.days_pass(0.5)
        undone = manual_merge.undo(central, done.merge_id)
        assert undone.moved_back == done.moved
        for laptop in (anna, bo, cecilia):
            laptop.sync()
        held, moved, keys = fresh.stored()
        assert moved == {dup.id: a}
        assert not held[a].deleted and held[plan].child_id == a and held[team].child_id == a
        for key in body_keys(a_body):
            assert keys[key] == a
        conflicts = [
            r
            for r in held.values()
            if r.type == RecordType.CONFLICT and r.body.get("record_id") == b
        ]
        assert conflicts and all(r.deleted for r in conflicts)
        assert {a, b} <= anna.child_ids()
        assert bo.child_ids() == {a}  # Bo saw B only through A's team
        # Bo, who lost B with the undo, learns nothing more of it.
        assert _call_as(fresh, "bo", "/v1/merge/list", {"child_id": b}) == (404, unknown)
        assert _preview_as(fresh, "bo", a, b) == (404, unknown)
        # Cecilia keeps B, and none of A's records stay on her laptop.
        assert cecilia.child_ids() == {b}
        assert not [r for r in cecilia.records().values() if r.child_id == a or r.id == a]
        assert plan not in cecilia.records() and team not in cecilia.records()
        for laptop in (anna, bo):
            assert laptop.records()[plan].child_id == a
            assert laptop.records()[plan].body["child_id"] == a
            assert laptop.state.pending_count() == 0
        assert find_child(anna.session, a_body["identity"]) == a
        assert fresh.audited("manual_merge_undo")
        # The redirect is gone for good: a note Bo writes about A stays with A.
        note = bo.create(
            RecordType.NOTE, {"child_id": a, "happened_on": "2026-11-20", "text": "Efteråt"}, a
        )
        assert not bo.sync().rejected
        anna.sync()
        assert fresh.stored()[0][note.id].child_id == a
        assert anna.records()[note.id].child_id == a
        with pytest.raises(RequestRefused) as again:
            manual_merge.undo(central, done.merge_id)
        assert again.value.status == 404

        # -- undo after a day is refused ------------------------------------------------
        late = manual_merge.merge(central, a, b)
        fresh.days_pass(1.1)
        assert manual_merge.undoable(central, b) == []
        with pytest.raises(RequestRefused) as too_late:
            manual_merge.undo(central, late.merge_id)
        assert too_late.value.status == 409
        assert fresh.stored()[1] == {a: b, dup.id: b}
        # Anna's assignment for C ended with "tomorrow" (the test's first day plus one): a
        # day later, whatever the hour the test began at (1.6 days have passed so far, which
        # before 09:36 UTC is still "tomorrow"), she is refused as its former Barnkontakt.
        fresh.days_pass(1)
        assert _preview_as(fresh, "anna", c, b) == (404, unknown)
    finally:
        for laptop in (anna, bo, cecilia):
            laptop.close()
