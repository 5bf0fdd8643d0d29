"""A unit's standing Barnteam on a real encrypted folder: one TEAM record about no child, kept
by the unit lead, read as the central store counts it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from backa_desktop.domain.records import RecordType
from backa_desktop.domain.teams import Team, TeamKind, TeamMember
from backa_desktop.services import teams
from tests.services.workflow_helpers import PASSPHRASE, Folder, make_folder

TODAY = date(2026, 12, 3)


@pytest.fixture
def folder(tmp_path: Path) -> Folder:
    folder = make_folder(tmp_path / "data")
    with folder.vault.unlock(PASSPHRASE) as s:
        me = s.repo.require(folder.upptackare)
        s.repo.update(me.id, {**me.body, "roles": ["upptackare", "unit_lead"]})
    return folder


def _member(staff_id: str, on: date = TODAY) -> TeamMember:
    return TeamMember(staff_id=staff_id, agency="forskola", joined_on=on)


def test_two_records_of_one_units_team_read_as_one(folder: Folder) -> None:
    """Two laptops each made the unit's team before syncing: the server grants the members of
    both, so the app shows both, and ending a membership ends it wherever it is."""
    with folder.vault.unlock(PASSPHRASE) as s:
        teams.add_unit_barnteam_member(s, folder.unit, _member(folder.barnkontakt))
        other = Team(kind=TeamKind.BARNTEAM, unit_id=folder.unit,
                     members=[_member(folder.colleague), _member(folder.barnkontakt)])
        s.repo.create(RecordType.TEAM, other.model_dump(mode="json"))
        view = teams.load_unit_barnteam(s, folder.unit)
        assert sorted({m.staff_id for m in view.members(TODAY)}) == sorted(
            {folder.barnkontakt, folder.colleague})
        changed = teams.remove_unit_barnteam_member(s, folder.unit, folder.barnkontakt, TODAY)
        assert len(changed) == 2
        view = teams.load_unit_barnteam(s, folder.unit)
        assert [m.staff_id for m in view.members(TODAY)] == [folder.colleague]
        # the ended membership is kept, with its last day: who was in the team stays known
        assert any(m.staff_id == folder.barnkontakt and m.left_on == TODAY
                   for m in view.team.members if view.team is not None)


def test_the_team_shown_with_a_child_is_that_of_the_barnkontakts_unit(folder: Folder) -> None:
    with folder.vault.unlock(PASSPHRASE) as s:
        teams.add_unit_barnteam_member(s, folder.unit, _member(folder.colleague,
                                                               date.today() - timedelta(1)))
        found = teams.unit_barnteam_for_child(s, folder.child)
        assert found is not None and found.unit_id == folder.unit and found.may_edit
        assert [m.staff_id for m in found.members(date.today())] == [folder.colleague]
        assert teams.load_teams(s, folder.child).child_unit_id == folder.unit
