"""The push endpoint reads its body itself (pydantic validates the request bytes in one pass,
`api.push_body`): every malformed body still gets the clear 4xx answer FastAPI gave, in the
same order against the credentials check, and nothing is stored."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from backa_desktop.central.api import push_body
from backa_desktop.domain.limits import MAX_BODY_BYTES
from tests.central import builders as b
from tests.central.people import PASSWORD, People
from tests.central.support import Api, Session, records_created_by


def _stored(db_url: str, people: People) -> int:
    return records_created_by(db_url, list(people.ids.values()))


def _post(
    api: Api, content: bytes, headers: dict[str, str], content_type: str | None = None
) -> httpx.Response:
    if content_type is not None:
        headers = {**headers, "Content-Type": content_type}
    return api.http.post("/v1/push", content=content, headers=headers)


def _refusal(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    assert body["message_sv"]
    assert response.headers["cache-control"] == "no-store"
    return body


@pytest.fixture
def anna(api: Api, people: People) -> Session:
    return api.login(people.name("anna"), PASSWORD)


def test_malformed_push_bodies_get_a_clear_answer_and_store_nothing(
    api: Api, anna: Session, people: People, db_url: str
) -> None:
    kid = b.child(anna.user_id)
    good = b.change(kid)
    as_json = "application/json"

    not_json = _refusal(_post(api, b'{"changes": [', anna.auth, as_json), 422, "invalid_request")
    assert not_json["message"].startswith("body.13: JSON decode error")
    empty = _refusal(_post(api, b"", anna.auth, as_json), 422, "invalid_request")
    assert empty["message"] == "body: Field required"

    wrong_type = json.loads(json.dumps(good))
    wrong_type["record"]["revision"] = "ett"
    wrong_type["change_id"] = 7
    typed = _refusal(anna.push([wrong_type]), 422, "invalid_request")
    assert "body.changes.0.record.revision: Input should be a valid integer" in typed["message"]
    assert "body.changes.0.change_id: Input should be a valid string" in typed["message"]
    # Only where and what: never the input (it may hold a child's name).
    assert "ett" not in typed["message"] and kid.body["given_names"] not in typed["message"]

    unknown_field = {**good, "hemligt": True}
    unknown = _refusal(anna.push([unknown_field]), 422, "invalid_request")
    assert "body.changes.0.hemligt: Extra inputs are not permitted" in unknown["message"]
    unknown_top = _post(
        api, json.dumps({"changes": [good], "mer": 1}).encode(), anna.auth, as_json
    )
    assert "body.mer: Extra inputs are not permitted" in _refusal(
        unknown_top, 422, "invalid_request"
    )["message"]
    not_a_batch = _refusal(_post(api, b"[1, 2]", anna.auth, as_json), 422, "invalid_request")
    assert "body: Input should be a valid dictionary" in not_a_batch["message"]

    oversized = b.change(b.note(b.child_id_of(kid), text="å" * (MAX_BODY_BYTES // 2 + 10)))
    too_big = _refusal(anna.push([good, oversized]), 422, "invalid_changes")
    assert too_big["invalid_changes"] == [
        {"change_id": oversized["change_id"], "reason": "record body too large"}
    ]

    # A body of another type is not read as JSON (FastAPI's rule), whatever it holds.
    valid = json.dumps({"changes": [good]}).encode()
    plain = _refusal(_post(api, valid, anna.auth, "text/plain"), 422, "invalid_request")
    assert "body: Input should be a valid dictionary" in plain["message"]
    # Bytes that are no text at all: 400, as before.
    _refusal(_post(api, b'{"changes": ["\xff\xfe\xfa', anna.auth, as_json), 400, "http_400")
    assert _stored(db_url, people) == 0


def test_the_credentials_are_checked_in_the_same_order_as_before(
    api: Api, anna: Session, people: People, db_url: str
) -> None:
    # FastAPI read the JSON before anything else: text that is not JSON is a 422 even
    # without credentials; a well-formed body of the wrong shape waits for them (401).
    _refusal(_post(api, b'{"changes": [', {}, "application/json"), 422, "invalid_request")
    wrong_shape = json.dumps({"changes": [{"change_id": 1}]}).encode()
    _refusal(_post(api, wrong_shape, {}, "application/json"), 401, "unauthorized")
    good = json.dumps({"changes": [b.change(b.child(anna.user_id))]}).encode()
    old = _post(api, good, {**anna.auth, "Backa-Protocol": "1"}, "application/json")
    _refusal(old, 426, "upgrade_required")
    assert _stored(db_url, people) == 0


def test_json_the_standard_library_reads_is_still_taken(
    api: Api, anna: Session, people: People, db_url: str
) -> None:
    # UTF-16 is JSON to Python's json module (which FastAPI used) but not to pydantic's
    # parser: such a body takes the slower path and is stored as before.
    kid = b.child(anna.user_id)
    content = json.dumps({"changes": [b.change(kid)]}).encode("utf-16")
    response = _post(api, content, anna.auth, "application/json")
    assert response.status_code == 200, response.text
    [result] = response.json()["results"]
    assert result["status"] == "accepted" and result["revision"] == 1
    assert _stored(db_url, people) == 1


def test_an_older_client_gets_answers_without_the_reason_code(
    api: Api, anna: Session, people: People
) -> None:
    stranger = api.login(people.name("cecilia"), PASSWORD)
    kid = b.child(anna.user_id)
    assert anna.push([b.change(kid)]).status_code == 200
    note = b.change(b.note(b.child_id_of(kid), author=stranger.user_id))
    body = json.dumps({"changes": [note]}).encode()
    for version, has_code in (("2", False), ("3", True)):
        answer = _post(
            api, body, {**stranger.auth, "Backa-Protocol": version}, "application/json"
        )
        assert answer.status_code == 200, answer.text
        [result] = answer.json()["results"]
        assert result["status"] == "rejected"
        assert ("reason_code" in result) is has_code
        assert result["reason"]


def test_push_body_is_the_dependency_the_endpoint_uses() -> None:
    # The endpoint's schema stays the one FastAPI made from `PushBatch` (test_openapi_fuzz
    # reads it); this guards the reader from being dropped from the route unnoticed.
    from backa_desktop.central.api import create_app

    app = create_app("sqlite://")
    document = app.openapi()
    body = document["paths"]["/v1/push"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PushBatch"
    }
    assert {"PushBatch", "PushChange", "Record"} <= set(document["components"]["schemas"])
    route = next(r for r in app.routes if getattr(r, "path", "") == "/v1/push")
    calls = [d.call for d in route.dependant.dependencies]  # type: ignore[attr-defined]
    assert push_body in calls
