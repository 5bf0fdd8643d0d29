"""Demo data in a real encrypted folder: the fictional municipality has what the screens
show, including a standing Barnteam at every unit whose children can be moved to one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.process import ChildStatus
from backa_desktop.domain.records import RecordType
from backa_desktop.domain.teams import BarnkontaktAssignment
from backa_desktop.services import demo, teams
from backa_desktop.services.children import ChildFilter, search_children
from tests.store.helpers import PASSPHRASE, make_vault


def test_every_unit_with_barnkontakter_has_a_standing_barnteam(tmp_path: Path) -> None:
    vault, _ = make_vault(tmp_path / "folder")
    with vault.unlock(PASSPHRASE) as s:
        demo.generate(s, 80, seed=3)
        today = date.today()
        units = {str(body_as(r, BarnkontaktAssignment).unit_id)
                 for r in s.repo.find(RecordType.BARNKONTAKT)}
        assert len(units) >= 5
        staff = {r.id for r in s.repo.find(RecordType.STAFF)}
        for unit_id in units:
            team = teams.load_unit_barnteam(s, unit_id).team
            assert team is not None, unit_id
            members = team.active_members(today)
            assert len(members) >= 3
            assert {m.staff_id for m in members} <= staff  # real people of the directory
            assert len(team.agencies(today)) >= 3  # the unit and the agencies that join
            assert any(m.unit_id == unit_id for m in members)
        # each Barnkontakt other than the demo user works at the child's unit
        me = s.me_id
        for r in s.repo.find(RecordType.BARNKONTAKT):
            assignment = body_as(r, BarnkontaktAssignment)
            if assignment.staff_id != me:
                staff_unit = s.repo.require(assignment.staff_id).body["unit_id"]
                assert staff_unit == assignment.unit_id
        # a child moved to Barnteam: "Enhetens barnteam" has people to show
        rows = search_children(s, "", ChildFilter(status=ChildStatus.I_BARNTEAM), limit=5)
        assert rows
        for row in rows:
            unit_team = teams.unit_barnteam_for_child(s, str(row.record_id))
            assert unit_team is not None and unit_team.team is not None
            assert unit_team.team.active_members(today)


def test_demo_guardians_names_fit_their_relation(tmp_path: Path) -> None:
    from backa_desktop.domain.people import ChildProfile

    vault, _ = make_vault(tmp_path / "folder")
    with vault.unlock(PASSPHRASE) as s:
        demo.generate(s, 40, seed=5)
        guardians = [g for r in s.repo.find(RecordType.CHILD)
                     for g in body_as(r, ChildProfile).guardians]
    assert guardians
    for g in guardians:
        first = g.name.split()[0]
        names = demo.MOTHER_NAMES if g.relation == "mamma" else demo.FATHER_NAMES
        assert first in names, (g.relation, first)
