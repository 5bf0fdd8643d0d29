"""What leaves the central store: one fixed test per way a caller once received, or could
write to, a child outside their access. Each runs against a real server process on PostgreSQL
and on SQLite; "never received" is checked on the raw bytes of every answer, so a secret
cannot hide in a field the test did not think of.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update

from backa_desktop.central.db import access_events, make_engine
from backa_desktop.domain.records import Record, RecordType
from tests.central import builders as b
from tests.central.people import PASSWORD, People
from tests.central.support import Api, Session

SECRET = "Hemligsson"
"""The new family name only people with access may ever receive."""


def _results(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    return list(response.json()["results"])


def _push_ok(session: Session, *records: Any) -> list[dict[str, Any]]:
    results = _results(session.push([b.change(r) for r in records]))
    assert [r["status"] for r in results] == ["accepted"] * len(records), results
    return results


def _all_bytes(session: Session, cursor: str = "0") -> str:
    """Every page from `cursor`, as the raw text the caller received."""
    texts = []
    while True:
        response = session.pull(cursor, page_size=500)
        assert response.status_code == 200, response.text
        texts.append(response.text)
        page = response.json()
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return "".join(texts)


def _team_child(api: Api, people: People) -> tuple[Session, Session, dict[str, Any]]:
    """Anna is Barnkontakt; Bo is in the child's team under a consent, so he has full access
    until the consent is withdrawn."""
    anna = api.login(people.name("anna"), PASSWORD)
    bo = api.login(people.name("bo"), PASSWORD)
    kid = b.child(anna.user_id)
    cid = kid.id
    consent = b.consent(cid, author=anna.user_id)
    plan = b.plan(cid, author=anna.user_id, reason="start")
    _push_ok(
        anna,
        kid,
        b.barnkontakt(cid, anna.user_id, people.bvc, author=anna.user_id),
        b.individual_team(cid, [people.bo], author=anna.user_id),
        consent,
        plan,
    )
    return anna, bo, {"child": kid, "consent": consent, "plan": plan}


def _withdraw(anna: Session, consent: Any) -> None:
    _push_ok(anna, b.edit(consent, base=1, withdrawn_on="2021-01-01"))


def _rename(anna: Session, kid: Any, base: int) -> None:
    _push_ok(anna, b.edit(kid, base=base, family_name=SECRET, protected_identity=True))


def test_replayed_push_after_losing_access_carries_no_record(api: Api, people: People) -> None:
    """Case 1: a duplicate change id answers with ids and sequence, never the record as it
    is now, for a caller who may no longer see it."""
    anna, bo, data = _team_child(api, people)
    kid = data["child"]
    bo_edit = b.change(b.edit(kid, base=1, given_names="Testa"), change_id="bo-edit-1")
    first = _results(bo.push([bo_edit]))[0]
    assert first["status"] == "accepted"
    _withdraw(anna, data["consent"])
    _rename(anna, kid, base=2)
    replay = bo.push([bo_edit])
    assert SECRET not in replay.text
    again = _results(replay)[0]
    assert again["status"] == "duplicate"
    assert again["record"] is None
    assert again["server_seq"] == first["server_seq"]


def test_replay_with_access_still_answers_duplicate(api: Api, people: People) -> None:
    """The same replay by someone who still sees the record is harmless and stays idempotent."""
    anna, _bo, data = _team_child(api, people)
    note = b.change(b.note(data["child"].id, author=anna.user_id), change_id="anna-note-1")
    first = _results(anna.push([note]))[0]
    again = _results(anna.push([note]))[0]
    assert first["status"] == "accepted" and again["status"] == "duplicate"
    assert again["server_seq"] == first["server_seq"]


def test_creator_stops_receiving_once_a_barnkontakt_is_assigned(
    api: Api, people: People
) -> None:
    """Case 2: the person who registered the child sees it only until a Barnkontakt is
    assigned; the child's later versions never reach them."""
    anna = api.login(people.name("anna"), PASSWORD)
    bo = api.login(people.name("bo"), PASSWORD)
    kid = b.child(anna.user_id)
    _push_ok(anna, kid)
    held, _, cursor = anna.pull_all()
    assert kid.id in held  # registered, no Barnkontakt yet: hers
    _push_ok(anna, b.barnkontakt(kid.id, bo.user_id, people.skola, author=anna.user_id))
    _rename(bo, kid, base=1)
    assert SECRET not in _all_bytes(anna, cursor)
    assert SECRET not in _all_bytes(anna)
    _held, purged, _ = anna.pull_all(cursor)
    assert purged == [kid.id]
    assert SECRET in _all_bytes(bo)  # the Barnkontakt does receive it


def test_grace_push_is_accepted_without_content(api: Api, people: People) -> None:
    """Case 3: an unsent edit about a child the caller lost is taken (within 30 days), but the
    answer carries no content, and the conflict it makes is not the pusher's to receive."""
    anna, bo, data = _team_child(api, people)
    plan = data["plan"]
    held, _, _ = bo.pull_all()
    assert plan.id in held
    _withdraw(anna, data["consent"])
    _push_ok(anna, b.edit(plan, base=1, reason=SECRET, child_view="Anna såg"))
    grace = bo.push(
        [
            b.change(b.edit(plan, base=1, contingency="Bos reservplan")),
            b.change(b.edit(plan, base=1, reason="Bos orsak", contingency="Bos reservplan")),
        ]
    )
    assert SECRET not in grace.text and "Anna såg" not in grace.text
    accepted, conflict = _results(grace)
    assert accepted["status"] == "accepted" and accepted["record"] is None
    assert conflict["status"] == "conflict" and conflict["record"] is None
    assert conflict["conflict_ids"]
    # Later values do not flow to Bo through "his" conflict records.
    rev3 = {"reason": SECRET, "contingency": "Bos reservplan"}
    _push_ok(anna, b.edit(plan, base=3, child_view="Senare", **rev3))
    everything = _all_bytes(bo)
    assert SECRET not in everything and "Senare" not in everything
    assert conflict["conflict_ids"][0] not in everything
    # The Barnkontakt sees Bo's values and the conflict.
    anna_held, _, _ = anna.pull_all()
    assert anna_held[plan.id]["body"]["contingency"] == "Bos reservplan"
    assert anna_held[conflict["conflict_ids"][0]]["body"]["incoming"]["value"] == "Bos orsak"


def test_grace_ends_thirty_days_after_the_loss(api: Api, people: People, db_url: str) -> None:
    """After the grace, a push about the lost child gets the same refusal as any outsider's."""
    anna, bo, data = _team_child(api, people)
    plan = data["plan"]
    _withdraw(anna, data["consent"])
    long_ago = (datetime.now(UTC) - timedelta(days=31)).isoformat(timespec="milliseconds")
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                update(access_events)
                .where(access_events.c.user_id == bo.user_id)
                .values(at=long_ago.replace("+00:00", "Z"))
            )
    finally:
        engine.dispose()
    late = _results(bo.push([b.change(b.edit(plan, base=1, contingency="För sent"))]))[0]
    assert late["status"] == "rejected" and late["record"] is None
    cecilia = api.login(people.name("cecilia"), PASSWORD)
    outsider = _results(cecilia.push([b.change(b.edit(plan, base=1, contingency="x"))]))[0]
    assert (late["code"], late["reason"]) == (outsider["code"], outsider["reason"])


def test_orosanmalan_must_name_the_caller_and_their_unit(
    api: Api, people: People
) -> None:
    """Case 4: the reporter and the reporter's unit of a report of concern are the caller's
    own; a report cannot be a key to someone else's child."""
    anna, _bo, data = _team_child(api, people)
    cid = data["child"].id
    lena = api.login(people.name("lena"), PASSWORD)
    cecilia = api.login(people.name("cecilia"), PASSWORD)
    # The Barnkontakt naming another unit, or another reporter, is refused.
    other_unit = b.orosanmalan(cid, anna.user_id, people.skola)
    other_staff = b.orosanmalan(cid, people.bo, people.bvc)
    other_staff = other_staff.model_copy(update={"author": anna.user_id})
    for report in (other_unit, other_staff):
        result = _results(anna.push([b.change(report)]))[0]
        assert result["status"] == "rejected", result
    # A unit lead's draft naming her own unit, about a child she cannot see, is refused.
    draft = b.orosanmalan(cid, lena.user_id, people.bvc, status="upprattad")
    assert _results(lena.push([b.change(draft)]))[0]["status"] == "rejected"
    # So is an outsider's report naming any unit.
    for unit in (people.skola, people.bvc):
        outsider = b.orosanmalan(cid, cecilia.user_id, unit)
        assert _results(cecilia.push([b.change(outsider)]))[0]["status"] == "rejected"
    _push_ok(anna, b.edit(data["child"], base=1, family_name=SECRET))
    assert SECRET not in _all_bytes(lena)
    assert SECRET not in _all_bytes(cecilia)
    # Her own report, from her own unit, is taken and reaches her unit lead.
    _push_ok(anna, b.orosanmalan(cid, anna.user_id, people.bvc))
    assert SECRET in _all_bytes(lena)


def test_no_writes_to_a_child_one_may_not_see(api: Api, people: People) -> None:
    """Case 5: an outsider's note and a fabricated conflict record on another user's child
    are refused and never reach the child's team."""
    anna, _bo, data = _team_child(api, people)
    cid = data["child"].id
    plan = data["plan"]
    cecilia = api.login(people.name("cecilia"), PASSWORD)
    note = b.note(cid, text="Främlingens anteckning", author=cecilia.user_id)
    fake = _fake_conflict(cid, plan.id, cecilia.user_id, "Främlingens värde")
    for record in (note, fake):
        result = _results(cecilia.push([b.change(record)]))[0]
        assert result["status"] == "rejected" and result["record"] is None
    anna_bytes = _all_bytes(anna)
    assert "Främlingens" not in anna_bytes


def test_conflict_records_are_written_only_by_the_server(api: Api, people: People) -> None:
    """A pushed new record of type conflict is refused even from someone with full access;
    resolving a real conflict (marking it resolved) is still an ordinary edit."""
    anna, bo, data = _team_child(api, people)
    plan = data["plan"]
    fake = _fake_conflict(data["child"].id, plan.id, anna.user_id, "Påhittat")
    assert _results(anna.push([b.change(fake)]))[0]["status"] == "rejected"
    _push_ok(anna, b.edit(plan, base=1, reason="Annas"))
    clash = _results(bo.push([b.change(b.edit(plan, base=1, reason="Bos"))]))[0]
    assert clash["status"] == "conflict"
    held, _, _ = anna.pull_all()
    real = Record.model_validate(held[clash["conflict_ids"][0]])
    rewritten = dict(real.body)
    rewritten["incoming"] = {**rewritten["incoming"], "value": "Förfalskat"}
    tampered = real.model_copy(
        update={"body": rewritten, "base_revision": real.revision, "revision": real.revision + 1}
    )
    assert _results(anna.push([b.change(tampered)]))[0]["status"] == "rejected"
    resolved_body = {**real.body, "resolved": True, "resolution": {"value": "Bos"}}
    resolved = real.model_copy(
        update={
            "body": resolved_body,
            "base_revision": real.revision,
            "revision": real.revision + 1,
        }
    )
    assert _results(anna.push([b.change(resolved)]))[0]["status"] == "accepted"


def test_guessed_child_id_tells_nothing(api: Api, people: People) -> None:
    """Case 8: a write naming another user's child and one naming a child that does not
    exist get the same answer, for the child record itself and for anything about it."""
    _anna, _bo, data = _team_child(api, people)
    kid = data["child"]
    cecilia = api.login(people.name("cecilia"), PASSWORD)
    ghost = b.child(cecilia.user_id)
    answers = []
    for target in (kid, ghost):
        for record in (
            b.edit(target.model_copy(update={"author": cecilia.user_id}), base=1, given_names="X"),
            b.note(target.id, author=cecilia.user_id),
            b.consent(target.id, author=cecilia.user_id),
        ):
            result = _results(cecilia.push([b.change(record)]))[0]
            answers.append(
                (record.type.value, result["status"], result["code"], result["reason"])
            )
    assert answers[:3] == answers[3:], answers
    assert all(status == "rejected" for _t, status, _c, _r in answers)
    assert ghost.id not in _all_bytes(cecilia)


def test_one_clash_one_conflict_record_with_the_right_authors(
    api: Api, people: People
) -> None:
    """Conflict noise: the same clash sent in several unsent edits is one conflict record,
    and its kept side names who wrote the kept value, not who wrote the record last."""
    anna = api.login(people.name("anna"), PASSWORD)
    bo = api.login(people.name("bo"), PASSWORD)
    cecilia = api.login(people.name("cecilia"), PASSWORD)
    kid = b.child(anna.user_id)
    cid = kid.id
    plan = b.plan(cid, author=anna.user_id, reason="start")
    _push_ok(
        anna,
        kid,
        b.barnkontakt(cid, anna.user_id, people.bvc, author=anna.user_id),
        b.individual_team(cid, [people.bo, people.cecilia], author=anna.user_id),
        b.consent(cid, author=anna.user_id),
        plan,
    )
    by_cecilia = b.edit(plan, base=1, reason="Cecilias").model_copy(
        update={"author": cecilia.user_id, "device": "cecilias-dator"}
    )
    _push_ok(cecilia, by_cecilia)
    by_anna = b.edit(by_cecilia, base=2, child_view="Annas").model_copy(
        update={"author": anna.user_id, "device": "annas-dator"}
    )
    _push_ok(anna, by_anna)

    def bos(**fields: Any) -> Any:
        return b.edit(plan, base=1, **fields).model_copy(
            update={"author": bo.user_id, "device": "bos-dator"}
        )

    results = _results(
        bo.push(
            [
                b.change(bos(reason="Bos 1")),
                b.change(bos(reason="Bos 1", contingency="Bos plan")),
                b.change(bos(reason="Bos 2", contingency="Bos plan")),
            ]
        )
    )
    assert [r["status"] for r in results] == ["conflict"] * 3
    ids = {cid for r in results for cid in r["conflict_ids"]}
    held, _, _ = anna.pull_all()
    conflicts = [
        r for r in held.values() if r["type"] == "conflict" and r["body"]["record_id"] == plan.id
    ]
    assert len(conflicts) == 1 and ids == {conflicts[0]["id"]}, json.dumps(conflicts)
    body = conflicts[0]["body"]
    assert body["field"] == "reason"
    assert body["kept"]["value"] == "Cecilias"
    assert body["kept"]["author"] == cecilia.user_id
    assert body["kept"]["device"] == "cecilias-dator"
    assert body["incoming"]["value"] == "Bos 2"
    assert body["incoming"]["author"] == bo.user_id
    assert body["incoming"]["device"] == "bos-dator"
    assert held[plan.id]["body"]["contingency"] == "Bos plan"


def _fake_conflict(child_id: str, record_id: str, author: str, value: str) -> Any:
    return Record(
        type=RecordType.CONFLICT,
        child_id=child_id,
        body={
            "record_id": record_id,
            "record_type": "plan",
            "field": "reason",
            "base_revision": 1,
            "base": {"present": True, "value": "start"},
            "kept": {"present": True, "value": "start", "author": author, "device": "x"},
            "incoming": {"present": True, "value": value, "author": author, "device": "x"},
            "resolved": False,
        },
        author=author,
        device="x",
    )
