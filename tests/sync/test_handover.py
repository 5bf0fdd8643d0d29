"""A Barnkontakt hands a child over to a colleague from today (the handover dialog's default):
the push carries the edit that ends her assignment before the new one, and the new one must
still be accepted — she had full access when she sent it. Real SQLCipher folders, a real
`backa-central serve` over loopback HTTP, PostgreSQL and SQLite."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from backa_desktop.domain.identity import IdentityKind
from backa_desktop.domain.people import ChildProfile
from backa_desktop.domain.records import RecordType
from backa_desktop.domain.teams import BarnkontaktAssignment, current_barnkontakt
from backa_desktop.services import sync_service
from backa_desktop.services.children import save_child
from backa_desktop.services.teams import handover_barnkontakt
from tests.central.builders import unique_identity
from tests.central.people import People
from tests.central.support import ServerProcess
from tests.sync.devices import Laptop


def _laptop(path: Path, server: ServerProcess, username: str) -> Laptop:
    laptop = Laptop(path, server.base_url, username)
    sync_service.adopt_identity(laptop.session, laptop.enrolled)
    return laptop


def test_a_handover_from_today_reaches_the_new_barnkontakt(
    tmp_path: Path, server: ServerProcess, people: People
) -> None:
    anna = _laptop(tmp_path / "anna", server, people.name("anna"))
    cecilia = _laptop(tmp_path / "cecilia", server, people.name("cecilia"))
    try:
        number = unique_identity(date(2019, 5, 1))
        child = save_child(
            anna.session,
            ChildProfile(
                given_names="Sixten",
                family_name="Testsson",
                identity=number,
                identity_kind=IdentityKind.PERSONNUMMER,
                birth_date=date(2019, 5, int(number[6:8])),
            ),
        ).id
        anna.create(
            RecordType.BARNKONTAKT,
            {"child_id": child, "staff_id": anna.user_id, "unit_id": people.bvc,
             "valid_from": "2020-01-01"},
            child,
        )
        assert not anna.sync().rejected

        handover_barnkontakt(
            anna.session, child, to_staff_id=cecilia.user_id, to_unit_id=people.skola,
            on=date.today(),
        )
        report = anna.sync()
        assert not report.rejected
        assert anna.state.pending_count() == 0

        cecilia.sync()
        held = cecilia.session.repo.find(RecordType.BARNKONTAKT, child_id=child)
        assert held, "the new Barnkontakt does not receive the child"
        assignments = [a.body for a in held]
        now = current_barnkontakt(
            [BarnkontaktAssignment.model_validate(b) for b in assignments], date.today()
        )
        assert now is not None and now.staff_id == cecilia.user_id
    finally:
        anna.close()
        cecilia.close()
