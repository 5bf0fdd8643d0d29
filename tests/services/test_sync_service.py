"""Sync as the app uses it, without Qt, against a real `backa-central` on loopback (SQLite
behind it: the engine itself is tested on PostgreSQL in tests/sync)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from backa_desktop.central.service import CentralService
from backa_desktop.domain.records import RecordType
from backa_desktop.services import sync_service
from backa_desktop.services.overview import load_directory
from backa_desktop.sync.client import HttpTransport, M
from backa_desktop.sync.protocol import PROTOCOL_HEADER
from tests.central.people import PASSWORD, People, make_people
from tests.central.support import ServerProcess, free_port, migrated, service_for
from tests.sync.devices import PASSPHRASE, TEST_KDF, Laptop, setup_shared_child


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, str]]:
    url = migrated(f"sqlite:///{tmp_path_factory.mktemp('central') / 'central.db'}")
    process = ServerProcess(url).start()
    try:
        yield process, url
    finally:
        process.stop()


@pytest.fixture
def svc(central: tuple[ServerProcess, str]) -> Iterator[CentralService]:
    service = service_for(central[1])
    try:
        yield service
    finally:
        service.engine.dispose()


@pytest.fixture
def people(svc: CentralService) -> People:
    return make_people(svc, ("anna", "bo", "cecilia"))


def _fresh_session(tmp_path: Path):  # type: ignore[no-untyped-def]
    from backa_desktop.services.vault import NewUser, Vault

    vault = Vault(tmp_path / "fresh", kdf=TEST_KDF)
    vault.create(PASSPHRASE, NewUser(name="Nora Nyberg", unit_name="BVC"))
    return vault.unlock(PASSPHRASE)


class OldApp(HttpTransport):
    """An app from before the server's minimum protocol version."""

    def call(self, path: str, payload: BaseModel, model: type[M], token: str | None = None) -> M:
        self.http.headers[PROTOCOL_HEADER] = "0"
        return super().call(path, payload, model, token)


def test_enroll_answers_in_plain_swedish(
    tmp_path: Path, central: tuple[ServerProcess, str], people: People
) -> None:
    server = central[0]
    session = _fresh_session(tmp_path)
    try:
        with pytest.raises(sync_service.EnrollFailed) as wrong:
            sync_service.enroll_device(session, server.base_url, people.name("anna"), "fel", "x")
        assert wrong.value.kind == "wrong_password"
        assert "lösenord" in wrong.value.message_sv
        with pytest.raises(sync_service.EnrollFailed) as gone:
            sync_service.enroll_device(
                session, f"http://127.0.0.1:{free_port()}", people.name("anna"), PASSWORD, "x"
            )
        assert gone.value.kind == "unreachable"
        with pytest.raises(sync_service.EnrollFailed) as old:
            sync_service.enroll_device(
                session,
                server.base_url,
                people.name("anna"),
                PASSWORD,
                "x",
                transport_factory=OldApp,
            )
        assert old.value.kind == "outdated"
        assert "Uppdatera appen" in old.value.message_sv
        with pytest.raises(sync_service.EnrollFailed) as plain:
            sync_service.enroll_device(
                session, "http://backa.example.se", people.name("anna"), PASSWORD, "x"
            )
        assert plain.value.kind == "address"
        assert sync_service.enrollment_info(session) is None
        done = sync_service.enroll_device(
            session, server.base_url, people.name("anna"), PASSWORD, "laptop"
        )
        assert done.display_name == "Anna"
        assert sync_service.enrollment_info(session) == (server.base_url, people.name("anna"))
        assert sync_service.status(session).enrolled
    finally:
        session.close()


def test_conflict_resolution_is_a_normal_edit_and_reaches_the_other_laptop(
    tmp_path: Path, central: tuple[ServerProcess, str], people: People
) -> None:
    server = central[0]
    anna = Laptop(tmp_path / "anna", server.base_url, people.name("anna"))
    bo = Laptop(tmp_path / "bo", server.base_url, people.name("bo"))
    try:
        ids = setup_shared_child(anna, bo.user_id, people.bvc)
        anna.sync()
        bo.sync()
        anna.update(ids["plan"], reason="Annas skäl")
        bo.update(ids["plan"], reason="Bos skäl")
        anna.sync()
        directory = load_directory(bo.session)
        outcome = sync_service.run_sync(bo.session, directory, transport=bo.transport)
        assert outcome.conflicts == 1
        conflicts = sync_service.open_conflicts(bo.session, directory)
        assert [(c.field, c.kept_value, c.incoming_value) for c in conflicts] == [
            ("reason", "Annas skäl", "Bos skäl")
        ]
        assert conflicts[0].incoming_who == "Testa Testsson"  # me, by my own name
        sync_service.resolve_conflict(bo.session, conflicts[0].conflict_id, "Båda skälen")
        assert sync_service.open_conflicts(bo.session, directory) == []
        assert sync_service.status(bo.session).pending == 2
        sync_service.run_sync(bo.session, directory, transport=bo.transport)
        anna.sync()
        assert anna.records()[ids["plan"]].body["reason"] == "Båda skälen"
        assert anna.records()[conflicts[0].conflict_id].body["resolved"] is True
        assert sync_service.open_conflicts(anna.session, load_directory(anna.session)) == []
    finally:
        anna.close()
        bo.close()


def test_purge_leaves_a_notice_with_the_reason_until_dismissed(
    tmp_path: Path, central: tuple[ServerProcess, str], people: People
) -> None:
    server = central[0]
    anna = Laptop(tmp_path / "anna", server.base_url, people.name("anna"))
    bo = Laptop(tmp_path / "bo", server.base_url, people.name("bo"))
    try:
        ids = setup_shared_child(anna, bo.user_id, people.bvc)
        anna.sync()
        bo.sync()
        bo.update(ids["plan"], child_view="Skrivet offline innan behörigheten upphörde")
        anna.update(ids["consent"], withdrawn_on="2021-01-01")
        anna.sync()
        directory = load_directory(bo.session)
        outcome = sync_service.run_sync(bo.session, directory, transport=bo.transport)
        assert [n.child_id for n in outcome.purged] == [ids["child"]]
        assert outcome.purged[0].child_name == "Test Testsson"
        assert ids["child"] not in bo.child_ids()
        assert not bo.session.repo.find(RecordType.PLAN)
        notices = sync_service.purge_notices(bo.session)
        assert [n.child_name for n in notices] == ["Test Testsson"]
        assert "behörighet" in notices[0].reason
        sync_service.dismiss_purge_notice(bo.session, ids["child"])
        assert sync_service.purge_notices(bo.session) == []
        anna.sync()
        plan = anna.records()[ids["plan"]]
        assert plan.body["child_view"] == "Skrivet offline innan behörigheten upphörde"
    finally:
        anna.close()
        bo.close()
