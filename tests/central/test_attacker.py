"""An attacker's script against a fresh `backa-central` (PostgreSQL, two worker processes): a
teacher who used to be on a child's team, and a unit lead who never was, replay, grant, report
and guess — before and after the 30-day grace — and receive 0 bytes about the children
outside their access: no id, name or identity number of them in any answer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from backa_desktop.domain.records import Record, RecordType, uuid7
from tests.central import builders as b
from tests.central.people import PASSWORD, People, make_people
from tests.central.support import (
    Api,
    PostgresCluster,
    ServerProcess,
    Session,
    migrated,
    service_for,
)

SECRET_ID_NUMBER = "201701012385"
HIDDEN_ID_NUMBER = "201803012382"


@dataclass
class Fresh:
    api: Api
    people: People
    clock: Path

    def days_pass(self, days: int) -> None:
        self.clock.write_text(str(float(self.clock.read_text()) + days * 86400))


@pytest.fixture
def fresh(pg_cluster: PostgresCluster, tmp_path: Path) -> Iterator[Fresh]:
    url = migrated(pg_cluster.new_database())
    clock = tmp_path / "clock"
    clock.write_text("0")
    service = service_for(url)
    people = make_people(service)
    process = ServerProcess(url, workers=2, test_clock=clock).start()
    api = Api(process.base_url)
    try:
        yield Fresh(api, people, clock)
    finally:
        api.close()
        process.stop()
        service.engine.dispose()


def child_with(author: str, given: str, family: str, identity: str) -> Record:
    record = b.child(author, given=given, family=family)
    birth = f"{identity[:4]}-{identity[4:6]}-{identity[6:8]}"
    body = dict(record.body, identity=identity, birth_date=birth)
    return record.model_copy(update={"body": body})


class Recorder:
    """Every answer one attacker receives, kept whole."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.answers: list[tuple[str, httpx.Response]] = []

    def push(self, what: str, changes: list[dict[str, Any]]) -> httpx.Response:
        answer = self.session.push(changes)
        self.answers.append((what, answer))
        return answer

    def pull_from(self, what: str, cursor: str) -> None:
        for _ in range(20):
            answer = self.session.pull(cursor, page_size=7)
            self.answers.append((what, answer))
            assert answer.status_code == 200, answer.text
            page = answer.json()
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return

    def refresh(self) -> None:
        token = self.session.api.http.post(
            "/v1/token", json={"device_token": self.session.device_token}
        )
        assert token.status_code == 200
        self.session.access_token = token.json()["access_token"]


def leaks(text: str, secrets: dict[str, str], *, caller: str, purge_ok: set[str]) -> list[str]:
    """The secrets found in one answer. Two places may name a child the caller cannot see:
    a purge notice for a child the caller used to see (it tells the laptop to delete it), and
    the caller's own report of concern (its reporter always sees it; it holds only what they
    wrote). Names and identity numbers may appear nowhere."""
    scrubbed = text
    if text.startswith("{"):
        data = json.loads(text)
        if isinstance(data, dict) and "purge_children" in data:
            data["purge_children"] = [c for c in data["purge_children"] if c not in purge_ok]
            data["records"] = [
                r
                for r in data["records"]
                if not (r["record"]["type"] == "orosanmalan" and r["record"]["author"] == caller)
            ]
            scrubbed = json.dumps(data, ensure_ascii=False)
    return [
        name
        for name, secret in secrets.items()
        if secret in (scrubbed if name.endswith(" id") else text)
    ]


def test_an_attacker_who_lost_access_receives_nothing_about_the_child(fresh: Fresh) -> None:
    api, people = fresh.api, fresh.people
    anna = api.login(people.name("anna"), PASSWORD)
    bo = api.login(people.name("bo"), PASSWORD)
    lena = api.login(people.name("lena"), PASSWORD)

    # Anna registers two children and is their Barnkontakt; Bo is on the first one's team
    # under consent, never on the second's.
    target = child_with(anna.user_id, "Tyra", "Hemligsson", SECRET_ID_NUMBER)
    hidden = child_with(anna.user_id, "Hugo", "Osynligsson", HIDDEN_ID_NUMBER)
    consent = b.consent(target.id, author=anna.user_id)
    setup = [
        b.change(target),
        b.change(hidden),
        b.change(b.barnkontakt(target.id, anna.user_id, people.bvc, author=anna.user_id)),
        b.change(b.barnkontakt(hidden.id, anna.user_id, people.bvc, author=anna.user_id)),
        b.change(b.individual_team(target.id, [bo.user_id], author=anna.user_id)),
        b.change(consent),
    ]
    answer = anna.push(setup)
    assert answer.status_code == 200, answer.text
    bo_before, _, bo_cursor = bo.pull_all()
    assert target.id in bo_before and hidden.id not in bo_before
    bo_note = b.note(target.id, "Bos anteckning", author=bo.user_id)
    bo_change = b.change(bo_note)
    assert bo.push([bo_change]).json()["results"][0]["status"] == "accepted"
    bo_old_target = Record.model_validate(bo_before[target.id])

    # The consent is withdrawn: Bo loses the child. Then the child gets protected identity.
    withdrawn = b.edit(consent, base=1, withdrawn_on="2026-01-01")
    answer = anna.push([b.change(withdrawn)])
    assert answer.status_code == 200, answer.text
    renamed = b.edit(
        target, base=1, given_names="Signe", family_name="Skyddadsson", protected_identity=True
    )
    secret_note = b.note(target.id, "Skyddad adress: Hemliga vägen 1", author=anna.user_id)
    assert anna.push([b.change(renamed), b.change(secret_note)]).status_code == 200

    secrets = {
        "target id": target.id,
        "target old name": "Hemligsson",
        "target new name": "Skyddadsson",
        "target identity": SECRET_ID_NUMBER,
        "secret note": "Hemliga vägen",
        "hidden id": hidden.id,
        "hidden name": "Osynligsson",
        "hidden identity": HIDDEN_ID_NUMBER,
    }

    def attack(who: Recorder, label: str) -> None:
        uid = who.session.user_id
        # Replays of everything sent before, and of the old child record as an edit.
        if uid == bo.user_id:
            who.push(f"{label} replay own note", [bo_change])
            who.push(
                f"{label} stale child edit",
                [b.change(b.edit(bo_old_target, base=1, given_names="Gissad"))],
            )
        # Grants to oneself.
        for child_id in (target.id, hidden.id):
            who.push(
                f"{label} grant barnkontakt",
                [b.change(b.barnkontakt(child_id, uid, people.skola, author=uid))],
            )
            who.push(
                f"{label} grant team",
                [b.change(b.individual_team(child_id, [uid], author=uid))],
            )
            who.push(f"{label} grant consent", [b.change(b.consent(child_id, author=uid))])
            # Reports of concern naming someone else's unit, the own unit, a draft.
            for unit, status in (
                (people.bvc, "skickad"),
                (people.skola, "upprattad"),
                (people.bvc, "upprattad"),
            ):
                who.push(
                    f"{label} report {status}",
                    [b.change(b.orosanmalan(child_id, uid, unit, status=status))],
                )
            who.push(f"{label} note", [b.change(b.note(child_id, "x", author=uid))])
            who.push(
                f"{label} fake conflict",
                [
                    b.change(
                        Record(
                            type=RecordType.CONFLICT,
                            child_id=child_id,
                            body={
                                "record_id": child_id,
                                "field": "given_names",
                                "values": ["A", "B"],
                            },
                            author=uid,
                            device="dev",
                        )
                    )
                ],
            )
        # Guesses: an edit of a child record and a note, naming real ids and ids that do not
        # exist, get one and the same answer (Bo's former child is left out within the grace,
        # where his unsent edits are still taken).
        guessed = [hidden.id, uuid7(), uuid7()]
        if uid != bo.user_id or label.startswith("after"):
            guessed.append(target.id)
        shapes = set()
        for guess_id in guessed:
            guess = child_with(uid, "Gissning", "Gissningsson", "201701012393")
            guess = guess.model_copy(update={"id": guess_id, "child_id": guess_id})
            for record in (
                b.edit(guess, base=1, given_names="Gissad"),
                b.note(guess_id, "gissning", author=uid),
            ):
                answer = who.push(f"{label} guess id", [b.change(record)])
                results = answer.json().get("results", [{}])
                shapes.add(
                    (
                        record.type.value,
                        answer.status_code,
                        tuple((r.get("status"), r.get("code"), r.get("reason")) for r in results),
                    )
                )
        if len(shapes) != 2:
            told.append(f"{label}: a guessed id is answered differently: {sorted(shapes)}")
        # Pulls from scratch and from the old cursor.
        who.pull_from(f"{label} pull from 0", "0")
        if uid == bo.user_id:
            who.pull_from(f"{label} pull from old cursor", bo_cursor)

    told: list[str] = []
    attacker = Recorder(bo)
    lead = Recorder(lena)
    attack(attacker, "within grace")
    attack(lead, "unit lead")
    fresh.days_pass(40)
    attacker.refresh()
    lead.refresh()
    attack(attacker, "after 40 days")
    attack(lead, "unit lead after 40 days")

    found = [
        (what, secret)
        for recorder, purge_ok in ((attacker, {target.id}), (lead, set()))
        for what, answer in recorder.answers
        for secret in leaks(
            answer.text, secrets, caller=recorder.session.user_id, purge_ok=purge_ok
        )
    ]
    assert found == [], found
    assert told == []
    assert len(attacker.answers) + len(lead.answers) > 60
    # Anna still sees everything: the secrets exist and were there to leak.
    Recorder(anna).refresh()
    anna_view, _, _ = anna.pull_all()
    assert anna_view[target.id]["body"]["family_name"] == "Skyddadsson"
    assert secret_note.id in anna_view
