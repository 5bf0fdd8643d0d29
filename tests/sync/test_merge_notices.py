"""The Barnkontakt's notices of a merge, end to end: when someone else's registration of a
child is merged into a child with a Barnkontakt, the Barnkontakt's inbox says who registered
it too and that the cards are in the child's file; when two Barnkontakt assignments meet
(a samordningsnummer replaced by the personnummer of a child with another Barnkontakt), both
people are told that the newer one rules. The notice is a server-written record that names
staff ids only, and reaches nobody without access to the child. Real SQLCipher folders, a real
`backa-central serve` over loopback HTTP, PostgreSQL and SQLite."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from backa_desktop.central.db import make_engine, records
from backa_desktop.domain.identity import IdentityKind, test_series_number
from backa_desktop.domain.people import ChildProfile
from backa_desktop.domain.records import RecordType
from backa_desktop.services import inbox, overview, sync_service
from backa_desktop.services.children import replace_identity_number, save_child
from tests.central.builders import unique_identity
from tests.central.people import People
from tests.central.support import ServerProcess
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
