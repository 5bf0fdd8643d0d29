"""One child per identity number across laptops: two people register the same child offline,
each signs an Upptäckarkort about it, and after both have synced (in either order) every
laptop holds one child — the one registered first on the server — with both cards, both
registrars see it, and a laptop enrolled later receives only that child. Real SQLCipher
folders, a real `backa-central serve` over loopback HTTP, PostgreSQL and SQLite."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from backa_desktop.central.access import FULL, level_of
from backa_desktop.central.db import child_redirects, make_engine, records
from backa_desktop.central.push_apply import ALREADY_REGISTERED
from backa_desktop.domain.errors import Message
from backa_desktop.domain.identity import IdentityKind, test_series_number
from backa_desktop.domain.people import ChildProfile, Guardian, identity_history
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.services import workflow
from backa_desktop.services.children import (
    find_child,
    get_child,
    replace_identity_number,
    save_child,
    search_children,
)
from tests.central.builders import unique_identity
from tests.central.people import People
from tests.central.support import ServerProcess
from tests.services.workflow_helpers import filled, registry
from tests.sync.devices import Laptop, barnkontakt_body, consent_body, team_body


def _register(laptop: Laptop, identity: str, family: str, guardian: str) -> str:
    profile = ChildProfile(
        given_names="Sixten",
        family_name=family,
        identity=identity,
        birth_date=date(int(identity[:4]), int(identity[4:6]), 1),
        guardians=[Guardian(name=guardian, relation="mamma")],
    )
    return save_child(laptop.session, profile).id


def _sign_card(laptop: Laptop, child: str, unit: str, situation: str) -> str:
    definition = registry().get("upptackarkort")
    card = filled(
        definition,
        child,
        person=laptop.user_id,
        unit=unit,
        overrides={"omsorg.uppfyllt": "inte_uppfyllt", "situation": situation},
    )
    sent = workflow.submit_upptackarkort(laptop.session, definition, card)
    assert not sent.anonymous
    return sent.record.id


def _children(laptop: Laptop) -> set[str]:
    return {r.id for r in laptop.session.repo.find(RecordType.CHILD)}


def _server(db_url: str) -> tuple[dict[str, Record], dict[str, str]]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            stored = {
                rid: Record.model_validate_json(env)
                for rid, env in conn.execute(select(records.c.id, records.c.envelope)).all()
            }
            moved = {
                m: s
                for m, s in conn.execute(
                    select(child_redirects.c.merged_id, child_redirects.c.survivor_id)
                ).all()
            }
        return stored, moved
    finally:
        engine.dispose()


def _levels(db_url: str, child: str, users: list[str]) -> dict[str, str | None]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return {u: level_of(conn, child, u) for u in users}
    finally:
        engine.dispose()


@pytest.mark.parametrize("first", ["anna", "cecilia"])
def test_the_same_child_registered_on_two_laptops_becomes_one_child(
    tmp_path: Path, server: ServerProcess, people: People, db_url: str, first: str
) -> None:
    anna = Laptop(tmp_path / "anna", server.base_url, people.name("anna"))
    cecilia = Laptop(tmp_path / "cecilia", server.base_url, people.name("cecilia"))
    laptops = {"anna": anna, "cecilia": cecilia}
    later: Laptop | None = None
    try:
        for laptop in laptops.values():
            laptop.sync()  # the directory
        number = unique_identity(date(2015, 6, 1))
        # Offline, each registers Sixten (Cecilia spells the family name differently and
        # names another guardian) and signs a card about him.
        ids = {
            "anna": _register(anna, number, "Testsson", "Åsa Testsson"),
            "cecilia": _register(cecilia, number, "Testson", "Eva Testsson"),
        }
        cards = {
            "anna": _sign_card(anna, ids["anna"], people.bvc, "Trött varje morgon."),
            "cecilia": _sign_card(cecilia, ids["cecilia"], people.skola, "Hungrig i skolan."),
        }
        # ... and each starts a plan for him.
        plans = {
            name: laptop.create(
                RecordType.PLAN,
                {"child_id": ids[name], "reason": "Stöd", "goals": [f"Trivas ({name})"]},
                ids[name],
            ).id
            for name, laptop in laptops.items()
        }
        second = "cecilia" if first == "anna" else "anna"
        survivor, merged = ids[first], ids[second]

        laptops[first].sync()
        # The second laptop pushes (the server merges), then writes another note under the
        # old id before it has pulled: the server files that under the survivor too.
        laptops[second].client.push()
        note = laptops[second].create(
            RecordType.NOTE,
            {"child_id": merged, "happened_on": "2026-11-20", "text": "Efter sammanslagningen"},
            merged,
        )
        report = laptops[second].sync()
        assert not report.rejected
        laptops[first].sync()

        stored, moved = _server(db_url)
        assert moved.get(merged) == survivor
        assert merged not in stored
        assert not [r for r in stored.values() if r.child_id == merged]
        for rid in (cards["anna"], cards["cecilia"], *plans.values(), note.id):
            assert stored[rid].child_id == survivor
            assert stored[rid].body.get("child_id") == survivor
        # The other spelling and the other guardian wait as conflict records on the profile.
        open_fields = {
            r.body["field"]
            for r in stored.values()
            if r.type == RecordType.CONFLICT and r.body.get("record_id") == survivor
        }
        assert {"family_name", "guardians"} <= open_fields
        # Both registered the child, no Barnkontakt yet: both see it, as its registrars.
        assert _levels(db_url, survivor, [anna.user_id, cecilia.user_id]) == {
            anna.user_id: FULL,
            cecilia.user_id: FULL,
        }

        for name, laptop in laptops.items():
            assert _children(laptop) == {survivor}, name
            held = laptop.records()
            for rid in (cards["anna"], cards["cecilia"], *plans.values(), note.id):
                assert held[rid].child_id == survivor, (name, rid)
            assert merged not in held, name
            assert laptop.session.child_index.by_identity(number) == survivor, name
            assert laptop.state.pending_count() == 0, name

        # A laptop enrolled afterwards receives only the survivor, with both cards.
        later = Laptop(tmp_path / "later", server.base_url, people.name("anna"))
        later.sync()
        assert _children(later) == {survivor}
        held = later.records()
        assert {cards["anna"], cards["cecilia"], *plans.values(), note.id} <= set(held)
        assert merged not in held
        assert not [r for r in held.values() if r.child_id == merged]
    finally:
        for laptop in [*laptops.values(), *([later] if later else [])]:
            laptop.close()


def test_a_registration_of_a_child_with_a_barnkontakt_gives_no_access(
    tmp_path: Path, server: ServerProcess, people: People, db_url: str
) -> None:
    """Knowing a child's number is not a way in: once the child has a Barnkontakt, a second
    registration is merged (its card reaches the child's file) but its registrar gets no
    access, and an assignment of themselves as Barnkontakt is refused."""
    anna = Laptop(tmp_path / "anna", server.base_url, people.name("anna"))
    cecilia = Laptop(tmp_path / "cecilia", server.base_url, people.name("cecilia"))
    try:
        number = unique_identity(date(2015, 7, 1))
        child = _register(anna, number, "Testsson", "Åsa Testsson")
        anna.create(
            RecordType.BARNKONTAKT,
            {
                "child_id": child,
                "staff_id": anna.user_id,
                "unit_id": people.bvc,
                "valid_from": "2020-01-01",
            },
            child,
        )
        anna.sync()
        dup = _register(cecilia, number, "Testsson", "Åsa Testsson")
        card = _sign_card(cecilia, dup, people.skola, "Hungrig i skolan.")
        grab = cecilia.create(
            RecordType.BARNKONTAKT,
            {
                "child_id": dup,
                "staff_id": cecilia.user_id,
                "unit_id": people.skola,
                "valid_from": "2020-01-02",
            },
            dup,
        )
        report = cecilia.sync()
        # Cecilia is told why her assignment went nowhere and whom to ask, on her laptop.
        assert report.rejected != []
        assert {reason for _change, reason in report.rejected} == {ALREADY_REGISTERED}
        [(state, error)] = cecilia.session.db.query(
            "SELECT sync_state, sync_error FROM records WHERE id = ?", (grab.id,)
        )
        assert state == "failed"
        assert "redan en Barnkontakt" in Message.decode(str(error)).text("sv")
        assert Message.decode(str(error)).text("en").startswith(
            "The child had already been registered by someone else"
        )
        stored, moved = _server(db_url)
        assert moved[dup] == child
        assert stored[card].child_id == child
        assert grab.id not in stored
        assert _levels(db_url, child, [anna.user_id, cecilia.user_id]) == {
            anna.user_id: FULL,
            cecilia.user_id: None,
        }
        anna.sync()
        assert card in anna.records()
        assert anna.records()[card].body.get("child_id") == child
    finally:
        anna.close()
        cecilia.close()


def test_a_samordningsnummer_replaced_by_a_personnummer_converges_and_stays_searchable(
    tmp_path: Path, server: ServerProcess, people: People, db_url: str
) -> None:
    """Anna records Sixten's new personnummer while Bo, on his laptop, edits Sixten's name
    offline: after both sync, both laptops hold the new number, Bo's name and the old number
    in the identity history, and both find Sixten by the old number."""
    anna = Laptop(tmp_path / "anna", server.base_url, people.name("anna"))
    bo = Laptop(tmp_path / "bo", server.base_url, people.name("bo"))
    try:
        personnummer = unique_identity(date(2016, 2, 1))
        born = date(int(personnummer[:4]), int(personnummer[4:6]), int(personnummer[6:8]))
        female = int(personnummer[10]) % 2 == 0
        old = test_series_number(born, female=female, samordningsnummer=True)
        child = save_child(
            anna.session,
            ChildProfile(
                given_names="Sixten",
                family_name="Testsson",
                identity=old,
                identity_kind=IdentityKind.SAMORDNINGSNUMMER,
                birth_date=born,
            ),
        ).id
        anna.create(
            RecordType.BARNKONTAKT, barnkontakt_body(child, anna.user_id, people.bvc), child
        )
        anna.create(RecordType.TEAM, team_body(child, [bo.user_id]), child)
        anna.create(RecordType.CONSENT, consent_body(child, anna.user_id), child)
        anna.sync()
        bo.sync()
        assert child in _children(bo)

        replace_identity_number(anna.session, child, personnummer, date(2026, 11, 30))
        bo.update(child, given_names="Sixten Olof")
        anna.sync()
        bo.sync()
        anna.sync()

        for name, laptop in (("anna", anna), ("bo", bo)):
            _record, profile = get_child(laptop.session, child)
            assert (profile.identity, profile.identity_kind) == (
                personnummer,
                IdentityKind.PERSONNUMMER,
            ), name
            assert profile.given_names == "Sixten Olof", name
            [earlier] = identity_history(_record.body)
            assert (earlier.identity, earlier.identity_kind) == (
                old,
                IdentityKind.SAMORDNINGSNUMMER,
            ), name
            assert find_child(laptop.session, old) == child, name
            assert find_child(laptop.session, personnummer) == child, name
            found = search_children(laptop.session, old[2:8] + "-" + old[8:])
            assert [c.record_id for c in found] == [child], name
            assert laptop.state.pending_count() == 0, name

        # The central store knows the child by both numbers: a laptop that registers Sixten
        # under the old samordningsnummer later is merged into him.
        cecilia = Laptop(tmp_path / "cecilia", server.base_url, people.name("cecilia"))
        try:
            dup = save_child(
                cecilia.session,
                ChildProfile(
                    given_names="Sixten",
                    family_name="Testsson",
                    identity=old,
                    identity_kind=IdentityKind.SAMORDNINGSNUMMER,
                    birth_date=born,
                ),
            ).id
            cecilia.sync()
            _stored, moved = _server(db_url)
            assert moved[dup] == child
            assert dup not in cecilia.records()
        finally:
            cecilia.close()
    finally:
        anna.close()
        bo.close()


def test_a_new_number_another_child_has_merges_the_two_children(
    tmp_path: Path, server: ServerProcess, people: People, db_url: str
) -> None:
    """Anna registered Sixten twice without knowing: under his personnummer at BVC, and under
    a samordningsnummer with a team and consent (Bo is on the team). When she records that
    the samordningsnummer was replaced by that personnummer, the server merges the second
    into the first: its records move there, Bo's laptop follows the redirect and keeps seeing
    Sixten through the moved team and consent, and a new laptop sees one child."""
    anna = Laptop(tmp_path / "anna", server.base_url, people.name("anna"))
    bo = Laptop(tmp_path / "bo", server.base_url, people.name("bo"))
    later: Laptop | None = None
    try:
        personnummer = unique_identity(date(2016, 4, 1))
        born = date(int(personnummer[:4]), int(personnummer[4:6]), int(personnummer[6:8]))
        female = int(personnummer[10]) % 2 == 0
        old = test_series_number(born, female=female, samordningsnummer=True)
        first = _register(anna, personnummer, "Testsson", "Åsa Testsson")
        second = save_child(
            anna.session,
            ChildProfile(
                given_names="Sixten",
                family_name="Testsson",
                identity=old,
                identity_kind=IdentityKind.SAMORDNINGSNUMMER,
                birth_date=born,
            ),
        ).id
        anna.create(RecordType.TEAM, team_body(second, [bo.user_id]), second)
        anna.create(RecordType.CONSENT, consent_body(second, anna.user_id), second)
        plan = anna.create(
            RecordType.PLAN, {"child_id": second, "reason": "Stöd", "goals": ["Trivas"]}, second
        )
        anna.sync()
        bo.sync()
        assert second in _children(bo) and first not in _children(bo)
        note = bo.create(
            RecordType.NOTE,
            {"child_id": second, "happened_on": "2026-11-20", "text": "Bo skrev offline"},
            second,
        )

        replace_identity_number(anna.session, second, personnummer, date(2026, 11, 30))
        anna.sync()
        bo.sync()
        anna.sync()

        stored, moved = _server(db_url)
        assert moved[second] == first
        assert stored[second].deleted
        assert not [r for r in stored.values() if r.child_id == second and r.id != second]
        assert stored[plan.id].child_id == first and stored[note.id].child_id == first
        assert _levels(db_url, first, [anna.user_id, bo.user_id]) == {
            anna.user_id: FULL,
            bo.user_id: FULL,
        }
        assert _levels(db_url, second, [anna.user_id, bo.user_id]) == {
            anna.user_id: None,
            bo.user_id: None,
        }
        for name, laptop in (("anna", anna), ("bo", bo)):
            assert _children(laptop) == {first}, name
            held = laptop.records()
            assert held[plan.id].child_id == first and held[note.id].child_id == first, name
            assert find_child(laptop.session, old) == first, name
            assert find_child(laptop.session, personnummer) == first, name
            assert laptop.state.pending_count() == 0, name

        later = Laptop(tmp_path / "later", server.base_url, people.name("bo"))
        later.sync()
        assert _children(later) == {first}
        assert {plan.id, note.id} <= set(later.records())
    finally:
        for laptop in (anna, bo, *([later] if later else [])):
            laptop.close()
