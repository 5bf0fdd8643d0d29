"""The answer to a plain accept is built without validating a model per change
(`push_state.accepted`); what a laptop reads, and what a replay is answered from, must stay
exactly what it was."""

from __future__ import annotations

import json

from backa_desktop.central.push_state import accepted
from backa_desktop.sync.protocol import ChangeStatus, PushResult
from tests.central import builders as b
from tests.central.people import PASSWORD, People
from tests.central.support import Api


def test_a_built_accept_is_the_validated_one() -> None:
    built = accepted("c1", 4, 9)
    assert built == PushResult(
        change_id="c1", status=ChangeStatus.ACCEPTED, code=200, server_seq=9, revision=4
    )
    assert built.model_fields_set == {"change_id", "status", "code", "server_seq", "revision"}
    text = built.model_dump_json()
    assert text == PushResult.model_validate_json(text).model_dump_json()
    # As the change log keeps it, and reads it back for a replay.
    logged = built.model_dump_json(exclude={"record"})
    assert PushResult.model_validate_json(logged) == built
    # Each answer its own list: one answer's conflicts never show in another's.
    assert built.conflict_ids is not accepted("c2", 1).conflict_ids


def test_plain_accepts_answer_laptops_of_protocol_2_and_3_as_before(
    api: Api, people: People
) -> None:
    anna = api.login(people.name("anna"), PASSWORD)
    for version in ("2", "3"):
        kid = b.child(anna.user_id)
        sent = [b.change(kid), b.change(b.note(b.child_id_of(kid), author=anna.user_id))]
        answer = api.http.post(
            "/v1/push",
            content=json.dumps({"changes": sent}).encode(),
            headers={**anna.auth, "Backa-Protocol": version, "Content-Type": "application/json"},
        )
        assert answer.status_code == 200, answer.text
        results = answer.json()["results"]
        expected_keys = {
            "change_id",
            "status",
            "code",
            "server_seq",
            "record",
            "revision",
            "conflict_ids",
            "reason",
        } | ({"reason_code"} if version == "3" else set())
        for change, result in zip(sent, results, strict=True):
            assert set(result) == expected_keys
            assert result["change_id"] == change["change_id"]
            assert (result["status"], result["code"], result["revision"]) == ("accepted", 200, 1)
            assert result["record"] is None and result["conflict_ids"] == []
            assert isinstance(result["server_seq"], int) and result["server_seq"] > 0
