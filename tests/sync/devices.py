"""Laptops for the sync tests: real encrypted data folders enrolled with a real server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from backa_desktop.domain.records import Record, RecordType
from backa_desktop.services.vault import NewUser, Session, Vault
from backa_desktop.store.sync_state import SyncState
from backa_desktop.sync.client import (
    HttpTransport,
    M,
    ServerUnavailable,
    SyncClient,
    SyncReport,
    enroll,
)
from tests.central.builders import unique_birth
from tests.central.people import PASSWORD
from tests.store.helpers import TEST_KDF

PASSPHRASE = "rätt lösenfras för test"


class Laptop:
    def __init__(self, path: Path, server_url: str, username: str) -> None:
        self.vault = Vault(path, kdf=TEST_KDF)
        self.vault.create(PASSPHRASE, NewUser(name="Testa Testsson", unit_name="Provenheten"))
        self.session: Session = self.vault.unlock(PASSPHRASE)
        self.state = SyncState(self.session.db, self.session.repo)
        self.enrolled = enroll(self.state, server_url, username, PASSWORD, path.name)
        self.user_id = self.enrolled.user_id
        self.transport = DroppingTransport(server_url)
        self.client = SyncClient(self.state, self.transport, push_batch=50, page_size=50)

    def sync(self) -> SyncReport:
        return self.client.sync()

    def close(self) -> None:
        self.client.close()
        self.session.close()

    # -- local edits, as the app makes them ----------------------------------------------
    def create(
        self,
        record_type: RecordType,
        body: dict[str, Any],
        child_id: str | None = None,
    ) -> Record:
        return self.session.repo.create(record_type, body, child_id=child_id)

    def update(self, record_id: str, **changes: Any) -> Record:
        current = self.session.repo.require(record_id)
        return self.session.repo.update(record_id, {**current.body, **changes})

    def records(self) -> dict[str, Record]:
        return {r.id: r for r in self.session.repo.find(include_deleted=True)}

    def child_ids(self) -> set[str]:
        return {r.id for r in self.session.repo.find(RecordType.CHILD)}


class DroppingTransport(HttpTransport):
    """The real HTTP transport, plus faults on request, per path: `drop_answers[path] = n`
    makes the next n calls reach the server and do their work, then lose the answer (a
    connection cut after the server committed); `cut_before[path] = n` cuts n calls before
    they leave; `duplicate[path] = n` delivers the next n requests twice."""

    def __init__(self, server_url: str) -> None:
        super().__init__(server_url, timeout=30)
        self.drop_answers: dict[str, int] = {}
        self.cut_before: dict[str, int] = {}
        self.duplicate: dict[str, int] = {}
        self.calls: list[str] = []

    def call(self, path: str, payload: BaseModel, model: type[M], token: str | None = None) -> M:
        self.calls.append(path)
        if self.cut_before.get(path):
            self.cut_before[path] -= 1
            raise ServerUnavailable("Servern går inte att nå just nu.", "cut before sending")
        answer = super().call(path, payload, model, token)
        if self.duplicate.get(path):
            self.duplicate[path] -= 1
            answer = super().call(path, payload, model, token)
        if self.drop_answers.get(path):
            self.drop_answers[path] -= 1
            raise ServerUnavailable("Förbindelsen med servern bröts.", "answer lost")
        return answer


def child_body(**changes: Any) -> dict[str, Any]:
    """A child profile body with an identity number no other child of the run has (the
    central store merges children with the same number)."""
    identity, born = unique_birth()
    body: dict[str, Any] = {
        "given_names": "Test",
        "family_name": "Testsson",
        "identity": identity,
        "birth_date": born,
    }
    return {**body, **changes}


def team_body(child_id: str, members: list[str]) -> dict[str, Any]:
    return {
        "kind": "individuellt_barnteam",
        "child_id": child_id,
        "members": [{"staff_id": m, "agency": "skola", "joined_on": "2020-01-01"} for m in members],
    }


def consent_body(
    child_id: str, obtained_by: str, withdrawn_on: str | None = None
) -> dict[str, Any]:
    return {
        "child_id": child_id,
        "party": "vardnadshavare_1",
        "type": "skriftligt",
        "scopes": ["individuellt_barnteam"],
        "obtained_by": obtained_by,
        "given_on": "2020-01-01",
        "withdrawn_on": withdrawn_on,
    }


def barnkontakt_body(child_id: str, staff_id: str, unit_id: str) -> dict[str, Any]:
    return {
        "child_id": child_id,
        "staff_id": staff_id,
        "unit_id": unit_id,
        "valid_from": "2020-01-01",
    }


def plan_body(child_id: str) -> dict[str, Any]:
    return {"child_id": child_id, "reason": "Stöd i skolan", "goals": ["Trivas i skolan"]}


def setup_shared_child(anna: Laptop, bo_user: str, unit_id: str) -> dict[str, str]:
    """Anna registers a child, becomes its Barnkontakt, forms a team with Bo under written
    consent and starts the plan, all offline; returns the record ids."""
    child = anna.create(RecordType.CHILD, child_body())
    cid = child.id
    bk = anna.create(RecordType.BARNKONTAKT, barnkontakt_body(cid, anna.user_id, unit_id), cid)
    team = anna.create(RecordType.TEAM, team_body(cid, [bo_user]), cid)
    consent = anna.create(RecordType.CONSENT, consent_body(cid, anna.user_id), cid)
    plan = anna.create(RecordType.PLAN, plan_body(cid), cid)
    return {"child": cid, "bk": bk.id, "team": team.id, "consent": consent.id, "plan": plan.id}
