"""The Barnkontakt's notices of a merge, end to end: when someone else's registration of a
child is merged into a child with a Barnkontakt, the Barnkontakt's inbox says who registered
it too and that the cards are in the child's file; when two Barnkontakt assignments meet
(a samordningsnummer replaced by the personnummer of a child with another Barnkontakt), both
people are told that the newer one rules. The notice is a server-written record that names
staff ids only, and reaches nobody without access to the child. Real SQLCipher folders, a real
`backa-central serve` over loopback HTTP, PostgreSQL and SQLite."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from backa_desktop.central.conflicts import SERVER_AUTHOR
from backa_desktop.central.db import make_engine, records
from backa_desktop.domain.identity import IdentityKind, test_series_number
from backa_desktop.domain.people import ChildProfile
from backa_desktop.domain.records import RecordType
from backa_desktop.services import inbox, overview, sync_service
from backa_desktop.services.children import replace_identity_number, save_child
from backa_desktop.services.teams import handover_barnkontakt
from tests.central.builders import unique_identity
from tests.central.people import PASSWORD, People
from tests.central.support import Api, ServerProcess
from tests.sync.devices import Laptop, consent_body, team_body


def _laptop(path: Path, server: ServerProcess, username: str) -> Laptop:
    """A laptop whose user is the server's account, as the app's enrollment makes it (the
    inbox reads notices naming that id)."""
    laptop = Laptop(path, server.base_url, username)
    sync_service.adopt_identity(laptop.session, laptop.enrolled)
    return laptop


def _register(laptop: Laptop, identity: str, kind: IdentityKind, family: str) -> str:
    born = date(int(identity[:4]), int(identity[4:6]), int(identity[6:8]) % 60)
    profile = ChildProfile(
        given_names="Sixten",
        family_name=family,
        identity=identity,
        identity_kind=kind,
        birth_date=born,
    )
    return save_child(laptop.session, profile).id


def _barnkontakt(laptop: Laptop, child: str, staff: str, unit: str, since: str) -> None:
    laptop.create(
        RecordType.BARNKONTAKT,
        {"child_id": child, "staff_id": staff, "unit_id": unit, "valid_from": since},
        child,
    )


def _notices(laptop: Laptop) -> list[inbox.InboxItem]:
    directory = overview.load_directory(laptop.session)
    return [
        i
        for i in inbox.inbox(laptop.session, directory)
        if i.kind in (inbox.ALSO_REGISTERED, inbox.BARNKONTAKT_MET)
    ]


def _stored_notices(db_url: str) -> list[str]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return list(
                conn.execute(
                    select(records.c.envelope).where(records.c.type == RecordType.NOTICE.value)
                ).scalars()
            )
    finally:
        engine.dispose()


def test_the_barnkontakt_is_told_that_someone_else_registered_the_child(
    tmp_path: Path, server: ServerProcess, people: People, db_url: str
) -> None:
    anna = _laptop(tmp_path / "anna", server, people.name("anna"))
    cecilia = _laptop(tmp_path / "cecilia", server, people.name("cecilia"))
    try:
        number = unique_identity(date(2015, 9, 1))
        child = _register(anna, number, IdentityKind.PERSONNUMMER, "Anmälsson")
        _barnkontakt(anna, child, anna.user_id, people.bvc, "2020-01-01")
        anna.sync()
        assert _notices(anna) == []

        _register(cecilia, number, IdentityKind.PERSONNUMMER, "Skolsson")
        assert not cecilia.sync().rejected
        anna.sync()
        [notice] = _notices(anna)
        assert (notice.kind, notice.child_id, notice.child_name) == (
            "also_registered",
            child,
            "Sixten Anmälsson",
        )
        assert notice.who == "Cecilia"  # the server's display name of Cecilia's account
        assert notice.day == date.today().isoformat()
        # The record names people by id only: no name or number of the child.
        [stored] = [e for e in _stored_notices(db_url) if child in e]
        for secret in (number, "Anmälsson", "Skolsson", "Sixten"):
            assert secret not in stored
        assert json.loads(stored)["body"]["recipients"] == [anna.user_id]
        # Cecilia does not see the child (it has a Barnkontakt): nor its notice.
        cecilia.sync()
        assert not [r for r in cecilia.records().values() if r.type == RecordType.NOTICE]

        # Read: it leaves the inbox and stays away after the next sync.
        inbox.acknowledge(anna.session, notice.record_id)
        anna.sync()
        assert _notices(anna) == []
    finally:
        anna.close()
        cecilia.close()


def test_when_two_barnkontakt_assignments_meet_both_people_are_told_the_newer_rules(
    tmp_path: Path, server: ServerProcess, people: People, db_url: str
) -> None:
    """Anna is the Barnkontakt of Sixten under his personnummer; Sixten was also registered
    under a samordningsnummer, where Bo became the Barnkontakt later (Anna is on that team
    under consent). When Anna records the personnummer, the two children merge: both
    assignments are kept, Bo's (the newer) rules, and both are told."""
    anna = _laptop(tmp_path / "anna", server, people.name("anna"))
    bo = _laptop(tmp_path / "bo", server, people.name("bo"))
    try:
        personnummer = unique_identity(date(2016, 5, 1))
        born = date(int(personnummer[:4]), int(personnummer[4:6]), int(personnummer[6:8]))
        female = int(personnummer[10]) % 2 == 0
        old = test_series_number(born, female=female, samordningsnummer=True)
        first = _register(anna, personnummer, IdentityKind.PERSONNUMMER, "Testsson")
        _barnkontakt(anna, first, anna.user_id, people.bvc, "2020-01-01")
        second = _register(anna, old, IdentityKind.SAMORDNINGSNUMMER, "Testsson")
        anna.create(RecordType.TEAM, team_body(second, [anna.user_id]), second)
        anna.create(RecordType.CONSENT, consent_body(second, anna.user_id), second)
        _barnkontakt(anna, second, bo.user_id, people.skola, "2021-01-01")
        assert not anna.sync().rejected
        bo.sync()
        assert _notices(anna) == [] and _notices(bo) == []

        replace_identity_number(anna.session, second, personnummer, date(2026, 11, 30))
        assert not anna.sync().rejected
        anna.sync()
        bo.sync()
        for name, laptop in (("anna", anna), ("bo", bo)):
            met = [i for i in _notices(laptop) if i.kind == "barnkontakt_met"]
            assert [(i.child_id, i.who) for i in met] == [(first, "Bo")], name
        # Anna registered both: no notice that "someone else" registered the child.
        assert [i.kind for i in _notices(anna)] == ["barnkontakt_met"]
    finally:
        anna.close()
        bo.close()


def _notices_about(db_url: str, child: str) -> list[dict[str, Any]]:
    found = [json.loads(e) for e in _stored_notices(db_url)]
    return [n for n in found if n["child_id"] == child]


def test_two_people_who_each_assign_a_barnkontakt_are_both_told_the_newer_rules(
    tmp_path: Path, server: ServerProcess, people: People, db_url: str
) -> None:
    """Anna registers Sixten and forms his team with Bo under consent (both have full
    access). Offline the same week, Anna assigns herself as Barnkontakt and Bo assigns
    Cecilia: both assignments are accepted, and Anna and Cecilia are told that Cecilia's
    (the newer) rules. Bo, who assigned but is no Barnkontakt, gets no row."""
    anna = _laptop(tmp_path / "anna", server, people.name("anna"))
    bo = _laptop(tmp_path / "bo", server, people.name("bo"))
    cecilia = _laptop(tmp_path / "cecilia", server, people.name("cecilia"))
    try:
        child = _register(
            anna, unique_identity(date(2017, 3, 1)), IdentityKind.PERSONNUMMER, "Tvåsson"
        )
        anna.create(RecordType.TEAM, team_body(child, [bo.user_id]), child)
        anna.create(RecordType.CONSENT, consent_body(child, anna.user_id), child)
        cecilia.sync()  # her staff record: the directory on the others' laptops names her
        assert not anna.sync().rejected
        bo.sync()
        assert child in bo.child_ids()

        _barnkontakt(anna, child, anna.user_id, people.bvc, "2020-01-01")
        _barnkontakt(bo, child, cecilia.user_id, people.skola, "2021-01-01")
        assert not anna.sync().rejected
        assert _notices_about(db_url, child) == []  # one assignment meets nobody
        assert not bo.sync().rejected
        [stored] = _notices_about(db_url, child)
        assert stored["type"] == "notice" and stored["author"] == SERVER_AUTHOR
        body = stored["body"]
        assert body["kind"] == "barnkontakt_met"
        assert body["recipients"] == sorted([anna.user_id, cecilia.user_id])
        assert body["ruling_staff_id"] == cecilia.user_id

        for name, laptop in (("anna", anna), ("cecilia", cecilia)):
            laptop.sync()
            assert [(i.kind, i.child_id, i.who) for i in _notices(laptop)] == [
                ("barnkontakt_met", child, "Cecilia")
            ], name
        bo.sync()
        assert _notices(bo) == []
    finally:
        for laptop in (anna, bo, cecilia):
            laptop.close()


def test_a_handover_tells_nobody_but_a_second_assignment_beside_the_current_one_does(
    tmp_path: Path, server: ServerProcess, people: People, db_url: str
) -> None:
    """A handover ends the old assignment the day before the new one starts (today, or next
    week): the two never meet, and no notice is written. An assignment added while the
    current one goes on is a meeting. (Bo, on the team under consent, hands over today:
    he keeps his access when Anna's assignment ends.)"""
    anna = _laptop(tmp_path / "anna", server, people.name("anna"))
    bo = _laptop(tmp_path / "bo", server, people.name("bo"))
    try:
        today = date.today()
        now = _register(
            anna, unique_identity(date(2018, 4, 1)), IdentityKind.PERSONNUMMER, "Nusson"
        )
        anna.create(RecordType.TEAM, team_body(now, [bo.user_id]), now)
        anna.create(RecordType.CONSENT, consent_body(now, anna.user_id), now)
        later = _register(
            anna, unique_identity(date(2018, 4, 2)), IdentityKind.PERSONNUMMER, "Sensson"
        )
        for child in (now, later):
            _barnkontakt(anna, child, anna.user_id, people.bvc, "2020-01-01")
        assert not anna.sync().rejected
        bo.sync()

        handover_barnkontakt(
            bo.session, now, to_staff_id=people.cecilia, to_unit_id=people.skola, on=today
        )
        assert not bo.sync().rejected
        handover_barnkontakt(
            anna.session,
            later,
            to_staff_id=bo.user_id,
            to_unit_id=people.skola,
            on=today + timedelta(days=7),
        )
        assert not anna.sync().rejected
        assert _notices_about(db_url, now) == []
        assert _notices_about(db_url, later) == []

        # Anna is Barnkontakt of `later` until next week: Cecilia assigned beside her from
        # today meets her.
        _barnkontakt(anna, later, people.cecilia, people.skola, today.isoformat())
        assert not anna.sync().rejected
        [stored] = _notices_about(db_url, later)
        body = stored["body"]
        assert body["recipients"] == sorted([anna.user_id, people.cecilia])
        assert body["ruling_staff_id"] == people.cecilia
    finally:
        anna.close()
        bo.close()


def test_a_merge_by_hand_tells_both_barnkontakts_and_its_undo_leaves_the_notice(
    tmp_path: Path, server: ServerProcess, api: Api, people: People, db_url: str
) -> None:
    """Anna is the Barnkontakt of Sixten under one number, Bo under another (both at BVC).
    Lena, the unit lead, merges Anna's child into Bo's: as in an automatic merge, Bo learns
    that Anna registered the child too, and both learn that Bo's (newer) assignment rules.
    The undo moves back what the merge moved; the notices stay with Bo's child, where they
    were written."""
    anna = _laptop(tmp_path / "anna", server, people.name("anna"))
    bo = _laptop(tmp_path / "bo", server, people.name("bo"))
    try:
        bo.sync()  # his staff record: Anna's directory names him
        merged = _register(
            anna, unique_identity(date(2019, 2, 1)), IdentityKind.PERSONNUMMER, "Handsson"
        )
        _barnkontakt(anna, merged, anna.user_id, people.bvc, "2020-01-01")
        survivor = _register(
            bo, unique_identity(date(2019, 2, 2)), IdentityKind.PERSONNUMMER, "Handsson"
        )
        _barnkontakt(bo, survivor, bo.user_id, people.bvc, "2021-01-01")
        assert not anna.sync().rejected
        assert not bo.sync().rejected
        anna.sync()

        lena = api.login(people.name("lena"), PASSWORD)
        request = {"merged_id": merged, "survivor_id": survivor}
        done = api.http.post("/v1/merge", json=request, headers=lena.auth)
        assert done.status_code == 200, done.text
        found = {n["body"]["kind"]: n for n in _notices_about(db_url, survivor)}
        assert sorted(found) == ["also_registered", "barnkontakt_met"]
        assert _notices_about(db_url, merged) == []

        anna.sync()
        bo.sync()
        assert [(i.kind, i.child_id, i.who) for i in _notices(anna)] == [
            ("barnkontakt_met", survivor, "Bo")
        ]
        assert sorted((i.kind, i.child_id, i.who) for i in _notices(bo)) == [
            ("also_registered", survivor, "Anna"),
            ("barnkontakt_met", survivor, "Bo"),
        ]

        undo = api.http.post(
            "/v1/merge/undo", json={"merge_id": done.json()["merge_id"]}, headers=lena.auth
        )
        assert undo.status_code == 200, undo.text
        after = _notices_about(db_url, survivor)
        assert sorted(n["id"] for n in after) == sorted(n["id"] for n in found.values())
        assert not any(n["deleted"] for n in after)
        anna.sync()
        bo.sync()
        # Anna saw Bo's child only through her moved assignment: it leaves her laptop, and
        # its notice with it. Bo keeps both.
        assert survivor not in anna.child_ids() and _notices(anna) == []
        assert len(_notices(bo)) == 2
    finally:
        anna.close()
        bo.close()


def test_two_co_registrars_cannot_both_assign_a_barnkontakt(
    tmp_path: Path, server: ServerProcess, people: People, db_url: str
) -> None:
    """Anna and Cecilia registered Sixten (merged: both see him, no Barnkontakt yet). Each
    assigns herself offline. The first assignment accepted ends the other registrar's access,
    so the second is refused and no two assignments meet: there is nobody to tell."""
    anna = _laptop(tmp_path / "anna", server, people.name("anna"))
    cecilia = _laptop(tmp_path / "cecilia", server, people.name("cecilia"))
    try:
        number = unique_identity(date(2014, 6, 1))
        child = _register(anna, number, IdentityKind.PERSONNUMMER, "Dubbelsson")
        assert not anna.sync().rejected
        _register(cecilia, number, IdentityKind.PERSONNUMMER, "Dubbelsson")
        assert not cecilia.sync().rejected
        cecilia.sync()
        assert child in cecilia.child_ids()

        _barnkontakt(anna, child, anna.user_id, people.bvc, "2020-01-01")
        _barnkontakt(cecilia, child, cecilia.user_id, people.skola, "2021-01-01")
        assert not anna.sync().rejected
        assert cecilia.sync().rejected
        assert _notices_about(db_url, child) == []
    finally:
        anna.close()
        cecilia.close()
