"""Log-in protection: the limit holds across server processes, unknown user names cost as
much time as known ones, a colleague's failures do not lock anyone out, and many failures
for one account raise an alert in the audit log."""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from backa_desktop.central.accounts import ALERT_FAILURES, MAX_LOGIN_FAILURES
from backa_desktop.central.db import audit_log
from backa_desktop.central.service import CentralService
from tests.central.people import PASSWORD, People, make_people
from tests.central.support import (
    Api,
    PostgresCluster,
    ServerProcess,
    migrated,
    service_for,
)


@pytest.fixture
def four_workers(pg_cluster: PostgresCluster) -> Iterator[tuple[ServerProcess, CentralService]]:
    """A fresh PostgreSQL store served by four worker processes."""
    url = migrated(pg_cluster.new_database())
    service = service_for(url)
    process = ServerProcess(url, workers=4).start()
    try:
        yield process, service
    finally:
        process.stop()
        service.engine.dispose()


def _audit_actions(service: CentralService, user_id: str) -> list[str]:
    with service.engine.connect() as conn:
        return list(
            conn.execute(
                select(audit_log.c.action)
                .where(audit_log.c.user_id == user_id)
                .order_by(audit_log.c.id)
            ).scalars()
        )


def test_parallel_wrong_passwords_on_four_workers_check_at_most_the_limit(
    four_workers: tuple[ServerProcess, CentralService],
) -> None:
    process, service = four_workers
    people = make_people(service, ("anna",))
    clients = [Api(process.base_url) for _ in range(8)]
    try:

        def guess(i: int) -> int:
            return clients[i % len(clients)].enroll(people.name("anna"), f"fel-{i}").status_code

        with ThreadPoolExecutor(max_workers=40) as pool:
            codes = list(pool.map(guess, range(40)))
        checked = codes.count(401)
        assert checked <= MAX_LOGIN_FAILURES, codes
        assert codes.count(429) == 40 - checked, codes
        assert _audit_actions(service, people.anna).count("login_failed") == checked
        # The right password from the same computer is refused for the rest of the window.
        right = clients[0].enroll(people.name("anna"), PASSWORD)
        assert right.status_code == 429
        assert 0 < int(right.headers["Retry-After"]) <= 15 * 60
    finally:
        for client in clients:
            client.close()


def _timed_enroll(client: Api, username: str) -> float:
    start = time.perf_counter()
    response = client.enroll(username, "fel-lösenord")
    elapsed = time.perf_counter() - start
    assert response.status_code == 401, response.text
    return elapsed


def test_unknown_user_name_takes_as_long_as_a_known_one(api: Api, people: People) -> None:
    known: list[float] = []
    unknown: list[float] = []
    # Each known attempt for one of five accounts from its own loopback address, so no
    # attempt comes near a limit.
    names = sorted(people.ids)
    for i in range(9):
        client = Api(str(api.http.base_url), source_address=f"127.0.1.{i + 10}")
        try:
            known.append(_timed_enroll(client, people.name(names[i % len(names)])))
            unknown.append(_timed_enroll(client, f"ingen-{uuid.uuid4().hex[:8]}"))
        finally:
            client.close()
    # Argon2 dominates both; without the dummy hash an unknown name answered ~15x faster.
    # The tolerance is wide so a loaded machine cannot make the test flaky.
    assert statistics.median(unknown) >= 0.5 * statistics.median(known), (known, unknown)


def test_colleagues_failures_elsewhere_do_not_lock_the_right_password_out(
    api: Api, people: People
) -> None:
    elsewhere = Api(str(api.http.base_url), source_address="127.0.2.1")
    try:
        codes = [
            elsewhere.enroll(people.name("anna"), "fel-lösenord").status_code for _ in range(8)
        ]
        assert codes == [401] * MAX_LOGIN_FAILURES + [429] * (8 - MAX_LOGIN_FAILURES)
        refused = elsewhere.enroll(people.name("anna"), PASSWORD)
        assert refused.status_code == 429
        assert "Vänta" in refused.json()["message_sv"]
        assert int(refused.headers["Retry-After"]) > 0
    finally:
        elsewhere.close()
    # Anna on her own computer (another address) logs in with the right password.
    assert api.enroll(people.name("anna"), PASSWORD).status_code == 200


def test_many_failures_for_one_account_raise_one_alert_in_the_audit_log(
    api: Api, people: People, service: CentralService
) -> None:
    failures = 0
    address = 0
    while failures < ALERT_FAILURES + 3:
        client = Api(str(api.http.base_url), source_address=f"127.0.3.{address + 1}")
        try:
            for _ in range(MAX_LOGIN_FAILURES):
                assert client.enroll(people.name("sara"), "fel").status_code == 401
                failures += 1
        finally:
            client.close()
        address += 1
        if failures < ALERT_FAILURES:
            assert "login_alert" not in _audit_actions(service, people.sara)
    actions = _audit_actions(service, people.sara)
    assert actions.count("login_alert") == 1
    assert actions.count("login_failed") == failures
    # The alert does not lock the account: the right password still works.
    assert api.enroll(people.name("sara"), PASSWORD).status_code == 200
