"""Merges and people who used to see a child: a former team member and a former registrar
(access ended when a Barnkontakt was assigned) must learn nothing of a child they no longer see
when that child is later merged — by someone's duplicate registration or by an identity change
that gives it another child's number. No `redirect`, no record, no id, name or number of the
survivor reaches them, and their pushes about the merged child get the general refusal; the
refusal that admits a merge (`ALREADY_REGISTERED`) goes only to the registrar of a duplicate
registration, as docs/central.md says. Real server over HTTP, PostgreSQL and SQLite."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import httpx

from backa_desktop.central.push_apply import ALREADY_REGISTERED, NO_ACCESS
from backa_desktop.domain.identity import test_series_number
from backa_desktop.domain.records import Record, RecordType, uuid7
from tests.central import builders as b
from tests.central.people import PASSWORD, People
from tests.central.support import Api, Session


def _child(author: str, given: str, family: str, identity: str, **extra: Any) -> Record:
    record = b.child(author, given=given, family=family)
    born = f"{identity[:4]}-{identity[4:6]}-{int(identity[6:8]) % 60:02d}"
    body = dict(record.body, identity=identity, birth_date=born, **extra)
    return record.model_copy(update={"body": body})


def _numbers() -> tuple[str, str]:
    """A personnummer no other child of the run has, and a samordningsnummer of the same
    month (the test series' samordningsnummer are day + 60, never handed out elsewhere)."""
    personnummer = b.unique_identity(date(2017, 6, 1))
    born = date(int(personnummer[:4]), int(personnummer[4:6]), int(personnummer[6:8]))
    female = int(personnummer[10]) % 2 == 0
    return personnummer, test_series_number(born, female=female, samordningsnummer=True)


def _results(answer: httpx.Response) -> list[dict[str, Any]]:
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["results"]
    return results


def _found(text: str, secrets: dict[str, str], *, purge_ok: set[str]) -> list[str]:
    """The secrets in one answer; a purge notice may name a child the caller used to see."""
    scrubbed = text
    data = json.loads(text)
    if isinstance(data, dict) and "purge_children" in data:
        data["purge_children"] = [c for c in data["purge_children"] if c not in purge_ok]
        scrubbed = json.dumps(data, ensure_ascii=False)
    return [name for name, secret in secrets.items() if secret in scrubbed]


class Watched:
    """Every answer one person receives, kept whole."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.answers: list[tuple[str, str]] = []

    def push(self, what: str, record: Record) -> dict[str, Any]:
        answer = self.session.push([b.change(record)])
        self.answers.append((what, answer.text))
        return _results(answer)[0]

    def pull(self, what: str, cursor: str) -> tuple[str, list[dict[str, Any]]]:
        pages: list[dict[str, Any]] = []
        for _ in range(50):
            answer = self.session.pull(cursor, page_size=5)
            assert answer.status_code == 200, answer.text
            self.answers.append((what, answer.text))
            page = answer.json()
            pages.append(page)
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        return cursor, pages


def test_former_members_learn_nothing_when_a_child_they_lost_is_merged(
    api: Api, people: People
) -> None:
    anna = api.login(people.name("anna"), PASSWORD)
    bo = api.login(people.name("bo"), PASSWORD)
    cecilia = api.login(people.name("cecilia"), PASSWORD)

    # Anna registers Tyra (personnummer) and is her Barnkontakt; Bo is on her team under
    # consent. Bo registers Tyra a second time under her samordningsnummer (at school, not
    # knowing) and names Anna her Barnkontakt: from then on only Anna sees that record.
    personnummer, samordningsnummer = _numbers()
    tyra = _child(anna.user_id, "Tyra", "Hemligsson", personnummer)
    consent = b.consent(tyra.id, author=anna.user_id)
    assert all(
        r["status"] == "accepted"
        for r in _results(
            anna.push(
                [
                    b.change(tyra),
                    b.change(b.barnkontakt(tyra.id, anna.user_id, people.bvc, author=anna.user_id)),
                    b.change(b.individual_team(tyra.id, [bo.user_id], author=anna.user_id)),
                    b.change(consent),
                ]
            )
        )
    )
    second = _child(
        bo.user_id, "Tyra", "Skolsson", samordningsnummer, identity_kind="samordningsnummer"
    )
    assert [
        r["status"]
        for r in _results(
            bo.push(
                [
                    b.change(second),
                    b.change(b.barnkontakt(second.id, anna.user_id, people.bvc, author=bo.user_id)),
                ]
            )
        )
    ] == ["accepted", "accepted"]
    held, _purged, cursor = bo.pull_all()
    assert tyra.id in held and second.id not in held

    # The consent is withdrawn: Bo loses Tyra too.
    withdrawn = b.edit(consent, base=1, withdrawn_on="2026-01-01")
    assert _results(anna.push([b.change(withdrawn)]))[0]["status"] == "accepted"
    held, purged, cursor = bo.pull_all(cursor)
    assert tyra.id in purged

    watched = Watched(bo)
    cursor, _ = watched.pull("after the loss", cursor)

    # 1. Cecilia registers Tyra once more (a duplicate registration): merged into Tyra. She
    # learns of it — the documented exception — and her assignment gets the words that say so.
    third = _child(cecilia.user_id, "Tyra", "Tredjesson", personnummer)
    assert _results(cecilia.push([b.change(third)]))[0]["status"] == "accepted"
    refused = _results(
        cecilia.push(
            [
                b.change(
                    b.barnkontakt(third.id, cecilia.user_id, people.skola, author=cecilia.user_id)
                )
            ]
        )
    )[0]
    assert (refused["status"], refused["reason"]) == ("rejected", ALREADY_REGISTERED)
    _held, _purged, _cursor = cecilia.pull_all()
    cursor, pages = watched.pull("after a duplicate registration", cursor)
    assert not [p for p in pages if p.get("redirects") or p["records"]]

    # 2. Anna records that Bo's registration's samordningsnummer was replaced by Tyra's
    # personnummer: the server merges it into Tyra. Bo registered it but has not seen it since
    # Anna became its Barnkontakt: he gets no redirect.
    renumbered = b.edit(
        second,
        base=1,
        identity=personnummer,
        identity_kind="personnummer",
        birth_date=tyra.body["birth_date"],
        identity_history=[
            {
                "identity": samordningsnummer,
                "identity_kind": "samordningsnummer",
                "identity_issuer": None,
                "replaced_on": "2026-11-30",
            }
        ],
    )
    assert _results(anna.push([b.change(renumbered)]))[0]["status"] in ("accepted", "conflict")
    anna_view, _, _ = anna.pull_all()
    assert second.id not in anna_view  # the merge happened: Tyra holds both numbers
    assert samordningsnummer in json.dumps(anna_view[tyra.id]["body"]["identity_history"])
    cursor, pages = watched.pull("after an identity change", cursor)
    assert not [p for p in pages if p.get("redirects") or p["records"]]

    # Bo's pushes about either child now: his assignment and a note about the registration
    # that was merged, about Tyra, and about an id that never existed get the same answer.
    shapes: dict[str, set[tuple[str, str | None]]] = {}
    for label, child_id in (("merged", second.id), ("survivor", tyra.id), ("made up", uuid7())):
        forged_notice = Record(
            type=RecordType.NOTICE,
            child_id=child_id,
            body={
                "child_id": child_id,
                "kind": "also_registered",
                "recipients": [bo.user_id],
                "registrar_staff_id": bo.user_id,
                "on": "2026-12-01",
            },
            author=bo.user_id,
            device="dev",
        )
        for record in (
            b.barnkontakt(child_id, bo.user_id, people.skola, author=bo.user_id),
            b.individual_team(child_id, [bo.user_id], author=bo.user_id),
            forged_notice,  # notices are the server's own
        ):
            result = watched.push(f"{label} {record.type.value}", record)
            shapes.setdefault(record.type.value, set()).add((result["status"], result["reason"]))
    assert shapes == {
        "barnkontakt": {("rejected", NO_ACCESS)},
        "team": {("rejected", NO_ACCESS)},
        "notice": {("rejected", NO_ACCESS)},
    }
    watched.pull("at the end", cursor)
    watched.pull("from scratch", "0")

    secrets = {
        "survivor id": tyra.id,
        "survivor name": "Hemligsson",
        "merged name": "Skolsson",
        "third name": "Tredjesson",
        "personnummer": personnummer,
        "samordningsnummer": samordningsnummer,
        "third id": third.id,
        "merged id": second.id,
    }
    found = [
        (what, secret)
        for what, text in watched.answers
        for secret in _found(text, secrets, purge_ok={tyra.id})
    ]
    assert found == [], found
