"""The OpenAPI document fuzzed with schemathesis against the real server process: whatever it
sends, the server answers with no 5xx, a declared status code, and a body matching the schema.
Bounded: a few dozen examples per operation and backend."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from tests.central.people import PASSWORD, People
from tests.central.support import HEADERS, Api, ServerProcess


@pytest.fixture
def auth_headers(api: Api, people: People) -> dict[str, str]:
    session = api.login(people.name("anna"), PASSWORD)
    return {**HEADERS, **session.auth}


def test_api_conforms_to_its_openapi_document(
    server: ServerProcess, auth_headers: dict[str, str]
) -> None:
    # Driven by hand rather than through schemathesis' pytest plugin, which does not work
    # with this pytest version.
    schema = schemathesis.openapi.from_url(server.base_url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/v1/enroll", "/v1/token", "/v1/push", "/v1/pull"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case: Any) -> None:
            case.call_and_validate(
                base_url=server.base_url,
                headers=auth_headers,
                checks=[
                    checks.not_a_server_error,
                    checks.status_code_conformance,
                    checks.content_type_conformance,
                    checks.response_schema_conformance,
                ],
            )

        run()
