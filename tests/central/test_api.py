"""The central store over real HTTP, on PostgreSQL and on SQLite."""

from __future__ import annotations

from typing import Any

import httpx

from backa_desktop.sync.protocol import PROTOCOL_HEADER
from tests.central import builders as b
from tests.central.people import PASSWORD, People
from tests.central.support import Api, Session, records_created_by, service_for


def _count_records(db_url: str, people: People) -> int:
    return records_created_by(db_url, list(people.ids.values()))


def _setup_child(api: Api, people: People) -> tuple[People, Session, dict[str, Any]]:
    anna = api.login(people.name("anna"), PASSWORD)
    kid = b.child(anna.user_id)
    cid = kid.id
    recs = [
        kid,
        b.barnkontakt(cid, anna.user_id, people.bvc, author=anna.user_id),
        b.individual_team(cid, [people.bo], author=anna.user_id),
        b.consent(cid, author=anna.user_id),
        b.note(cid, author=anna.user_id),
    ]
    response = anna.push([b.change(r) for r in recs])
    assert response.status_code == 200, response.text
    assert [r["status"] for r in response.json()["results"]] == ["accepted"] * 5
    return people, anna, {"child": kid, "records": recs}


def test_enroll_push_pull_roundtrip(api: Api, people: People, db_url: str) -> None:
    _people, anna, data = _setup_child(api, people)
    held, purged, cursor = anna.pull_all()
    ids = {r.id for r in data["records"]}
    assert ids <= set(held)
    assert purged == []
    # Pulling again from the returned cursor gives nothing new.
    again, _, cursor2 = anna.pull_all(cursor)
    assert again == {} and cursor2 == cursor


def test_team_member_sees_child_outsider_sees_nothing(
    api: Api, people: People, db_url: str
) -> None:
    _people, _anna, data = _setup_child(api, people)
    cid = data["child"].id
    bo = api.login(people.name("bo"), PASSWORD)
    held, _, _ = bo.pull_all()
    assert {r.id for r in data["records"]} <= set(held)
    cecilia = api.login(people.name("cecilia"), PASSWORD)
    held_c, purged_c, _ = cecilia.pull_all()
    assert all(cid not in (r["id"], r.get("child_id")) for r in held_c.values())
    assert purged_c == []
    # A write to the child's records is refused with the same words as for a child that does
    # not exist, so the outsider cannot learn that it does.
    note = data["records"][4]
    refused = cecilia.push([b.change(b.edit(note, base=1, text="x"))]).json()["results"][0]
    ghost = b.note("0190f000-0000-7000-8000-000000000001", author=cecilia.user_id)
    ghost_edit = cecilia.push([b.change(b.edit(b.consent(ghost.child_id or ""), base=0))]).json()[
        "results"
    ][0]
    assert refused["status"] == ghost_edit["status"] == "rejected"
    assert refused["reason"] == ghost_edit["reason"]
    assert refused["record"] is None


def test_consent_withdrawn_purges_on_next_pull(api: Api, people: People, db_url: str) -> None:
    _people, anna, data = _setup_child(api, people)
    cid = data["child"].id
    bo = api.login(people.name("bo"), PASSWORD)
    _held, _, cursor = bo.pull_all()
    consent = data["records"][3]
    withdrawn = anna.push([b.change(b.edit(consent, base=1, withdrawn_on="2021-01-01"))])
    assert withdrawn.json()["results"][0]["status"] == "accepted", withdrawn.text
    held, purged, _ = bo.pull_all(cursor)
    assert purged == [cid]
    assert all(r.get("child_id") != cid and r["id"] != cid for r in held.values())
    # Anna, the Barnkontakt, still sees everything.
    held_a, purged_a, _ = anna.pull_all()
    assert purged_a == [] and cid in held_a


def test_same_change_twice_is_a_noop_and_reuse_is_409(
    api: Api, people: People, db_url: str
) -> None:
    anna = api.login(people.name("anna"), PASSWORD)
    kid = b.child(anna.user_id)
    change = b.change(kid, change_id="c-1")
    first = anna.push([change]).json()["results"][0]
    second = anna.push([change]).json()["results"][0]
    assert first["status"] == "accepted" and second["status"] == "duplicate"
    assert second["server_seq"] == first["server_seq"]
    other = b.change(b.child(anna.user_id), change_id="c-1")
    third = anna.push([other]).json()["results"][0]
    assert third["status"] == "mismatch" and third["code"] == 409
    assert _count_records(db_url, people) == 1


def test_field_by_field_merge_and_conflict(api: Api, people: People, db_url: str) -> None:
    _people, anna, data = _setup_child(api, people)
    bo = api.login(people.name("bo"), PASSWORD)
    plan = b.plan(data["child"].id, author=anna.user_id, reason="start", goals=["a"])
    r0 = anna.push([b.change(plan)]).json()["results"][0]
    assert r0["status"] == "accepted"
    # Stored exactly as sent: the answer is light (no record, only the revision to move to).
    assert r0["record"] is None and r0["revision"] == 1
    # Different fields from the same base: both kept.
    r1 = anna.push([b.change(b.edit(plan, base=1, reason="anna"))]).json()["results"][0]
    r2 = bo.push([b.change(b.edit(plan, base=1, child_view="bo"))]).json()["results"][0]
    assert r1["status"] == r2["status"] == "accepted"
    assert r1["record"] is None and r1["revision"] == 2
    # Merged: the device gets the server's record back, since it differs from what it sent.
    assert r2["record"]["body"]["reason"] == "anna"
    assert r2["record"]["body"]["child_view"] == "bo"
    assert r2["record"]["revision"] == 3 and r2["revision"] is None
    # The same field from the same base: a conflict record holds both values.
    r3 = anna.push([b.change(b.edit(plan, base=3, goals=["anna"]))]).json()["results"][0]
    r4 = bo.push([b.change(b.edit(plan, base=3, goals=["bo"]))]).json()["results"][0]
    assert r3["status"] == "accepted" and r4["status"] == "conflict"
    assert r3["record"] is None and r3["revision"] == 4
    assert r4["record"]["body"]["goals"] == ["anna"]
    held, _, _ = bo.pull_all()
    conflict = held[r4["conflict_ids"][0]]
    assert conflict["type"] == "conflict"
    assert conflict["body"]["kept"]["value"] == ["anna"]
    assert conflict["body"]["incoming"]["value"] == ["bo"]
    assert conflict["body"]["field"] == "goals"
    assert conflict["body"]["kept"]["author"] == anna.user_id


def test_signed_record_cannot_be_rewritten(api: Api, people: People, db_url: str) -> None:
    _people, anna, data = _setup_child(api, people)
    note = data["records"][4]
    result = anna.push([b.change(b.edit(note, base=1, text="ändrad"))]).json()["results"][0]
    assert result["status"] == "rejected"
    assert "rättelse" in result["reason"]


def test_old_client_gets_426_in_swedish(api: Api, people: People, db_url: str) -> None:
    for headers in ({PROTOCOL_HEADER: "1"}, {PROTOCOL_HEADER: "0"}, {PROTOCOL_HEADER: "abc"}):
        response = api.http.post(
            "/v1/enroll",
            json={"username": "x", "password": "y", "device_name": "z"},
            headers=headers,
        )
        assert response.status_code == 426
        assert "Uppdatera" in response.json()["message_sv"]
    bare = httpx.post(str(api.http.base_url) + "/v1/pull", json={})
    assert bare.status_code == 426


def test_wrong_password_is_rate_limited(api: Api, people: People, db_url: str) -> None:
    codes = [api.enroll(people.name("anna"), "fel-lösenord").status_code for _ in range(5)]
    assert codes == [401] * 5
    blocked = api.enroll(people.name("anna"), PASSWORD)
    assert blocked.status_code == 429
    assert "Vänta" in blocked.json()["message_sv"]
    assert api.enroll(people.name("nobody"), "x").status_code == 401


def test_revoked_device_is_refused_everything(
    api: Api, people: People, db_url: str, server: Any
) -> None:
    anna = api.login(people.name("anna"), PASSWORD)
    assert anna.pull().status_code == 200
    service = service_for(db_url)
    try:
        assert service.revoke_device(device_id=anna.device_id) == 1
    finally:
        service.engine.dispose()
    assert anna.pull().status_code == 401
    assert anna.push([b.change(b.child(anna.user_id))]).status_code == 401
    token = api.http.post("/v1/token", json={"device_token": anna.device_token})
    assert token.status_code == 401
    assert _count_records(db_url, people) == 0


def test_unauthenticated_calls_get_401(api: Api, people: People, db_url: str) -> None:
    assert api.http.post("/v1/pull", json={}).status_code == 401
    assert api.http.post("/v1/push", json={"changes": []}).status_code == 401
    bad = {"Authorization": "Bearer bka_nonsense"}
    assert api.http.post("/v1/pull", json={}, headers=bad).status_code == 401


def test_bad_input_is_refused_and_nothing_stored(api: Api, people: People, db_url: str) -> None:
    anna = api.login(people.name("anna"), PASSWORD)
    kid = b.child(anna.user_id)
    auth = {**anna.auth, "Content-Type": "application/json"}
    malformed = api.http.post("/v1/push", content=b'{"changes": [', headers=auth)
    assert malformed.status_code == 422
    assert malformed.json()["message_sv"]
    too_many = anna.push([b.change(b.child(anna.user_id)) for _ in range(501)])
    assert too_many.status_code == 422
    unknown = b.change(kid)
    unknown["record"]["type"] = "hemlig_typ"
    assert anna.push([b.change(kid), unknown]).status_code == 422
    broken = b.consent(kid.id, author=anna.user_id)
    broken_body = b.change(broken)
    broken_body["record"]["body"]["scopes"] = []
    refused = anna.push([b.change(kid), broken_body])
    assert refused.status_code == 422
    assert refused.json()["invalid_changes"][0]["change_id"] == broken_body["change_id"]
    huge = api.http.post("/v1/push", content=b"x" * (17 * 1024 * 1024), headers=auth)
    assert huge.status_code == 413
    deep = b'{"changes": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    too_deep = api.http.post("/v1/push", content=deep, headers=auth)
    assert too_deep.status_code in (400, 422)
    assert too_deep.json()["message_sv"]
    far = b.change(b.edit(kid, base=2**40))
    assert anna.push([far]).status_code == 422
    for cursor in ("²", "-1", "9" * 40):
        assert anna.pull(cursor).status_code == 422
    assert _count_records(db_url, people) == 0


def test_orosanmalan_reaches_social_services_not_the_team(
    api: Api, people: People, db_url: str
) -> None:
    people, anna, data = _setup_child(api, people)
    cid = data["child"].id
    report = b.orosanmalan(cid, anna.user_id, people.bvc)
    assert anna.push([b.change(report)]).json()["results"][0]["status"] == "accepted"
    sara = api.login(people.name("sara"), PASSWORD)
    held_s, _, _ = sara.pull_all()
    assert report.id in held_s and cid in held_s  # the report and who it is about
    assert data["records"][4].id not in held_s  # but not the team's notes
    bo = api.login(people.name("bo"), PASSWORD)
    held_b, _, _ = bo.pull_all()
    assert report.id not in held_b
    lena = api.login(people.name("lena"), PASSWORD)
    held_l, _, _ = lena.pull_all()
    assert report.id in held_l
