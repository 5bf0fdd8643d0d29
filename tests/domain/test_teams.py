"""Barnkontakt over time and teams across agencies (domain.md §1.11, §1.12)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from backa_desktop.domain.teams import (
    BarnkontaktAssignment,
    HandoverError,
    Team,
    TeamKind,
    TeamMember,
    TeamRole,
    add_member,
    barnkontakt_history,
    current_barnkontakt,
    handover,
    needs_stodsamordnare,
    remove_member,
)

BVC = BarnkontaktAssignment(
    child_id="child-1", staff_id="nurse", unit_id="bvc-ystad", valid_from=date(2020, 3, 1)
)


def test_handover_bvc_to_forskola_keeps_history() -> None:
    ended, started = handover(
        BVC, to_staff_id="rektor", to_unit_id="kallan", on=date(2021, 8, 16),
        note="Familjen vill ha korta möten på förmiddagen.",
    )
    assert ended.valid_to == date(2021, 8, 15)
    assert ended.staff_id == "nurse" and ended.valid_from == BVC.valid_from
    assert started.valid_from == date(2021, 8, 16) and started.valid_to is None
    assert started.handover_note.startswith("Familjen")
    history = [ended, started]
    assert current_barnkontakt(history, date(2021, 8, 15)) == ended
    assert current_barnkontakt(history, date(2021, 8, 16)) == started
    assert current_barnkontakt(history, date(2019, 1, 1)) is None
    ended2, skola = handover(started, to_staff_id="rektor2", to_unit_id="backaskolan",
                             on=date(2023, 8, 21))
    chronology = barnkontakt_history([skola, ended2, ended])
    assert [a.unit_id for a in chronology] == ["bvc-ystad", "kallan", "backaskolan"]
    assert current_barnkontakt(chronology, date(2022, 1, 1)) == ended2


def test_handover_rejects_impossible_dates() -> None:
    with pytest.raises(HandoverError):
        handover(BVC, to_staff_id="x", to_unit_id="y", on=BVC.valid_from)
    closed = BVC.model_copy(update={"valid_to": date(2020, 6, 1)})
    with pytest.raises(HandoverError):
        handover(closed, to_staff_id="x", to_unit_id="y", on=date(2021, 1, 1))
    with pytest.raises(ValidationError):
        BarnkontaktAssignment(child_id="c", staff_id="s", unit_id="u",
                              valid_from=date(2021, 1, 2), valid_to=date(2021, 1, 1))


def test_overlapping_assignments_pick_latest_start() -> None:
    other = BVC.model_copy(update={"staff_id": "nurse2", "valid_from": date(2020, 5, 1)})
    assert current_barnkontakt([BVC, other], date(2020, 6, 1)) == other


def test_team_kinds_need_their_owner() -> None:
    with pytest.raises(ValidationError):
        Team(kind=TeamKind.BARNTEAM)
    with pytest.raises(ValidationError):
        Team(kind=TeamKind.INDIVIDUELLT_BARNTEAM, unit_id="skola")
    Team(kind=TeamKind.INDIVIDUELLT_BARNTEAM, child_id="child-1")


def test_stodsamordnare_when_support_spans_agencies_and_dated_membership() -> None:
    team = Team(kind=TeamKind.INDIVIDUELLT_BARNTEAM, child_id="child-1")
    team = add_member(team, TeamMember(staff_id="kurator", agency="skola",
                                       joined_on=date(2024, 1, 10)))
    assert not needs_stodsamordnare(team, date(2024, 2, 1))
    team = add_member(team, TeamMember(staff_id="bup", agency="bup", role=TeamRole.MEDLEM,
                                       profession="Psykolog", joined_on=date(2024, 2, 1)))
    assert needs_stodsamordnare(team, date(2024, 2, 1))
    assert not needs_stodsamordnare(team, date(2024, 1, 31))
    team = team.model_copy(update={"stodsamordnare_staff_id": "kurator"})
    assert not needs_stodsamordnare(team, date(2024, 2, 1))

    team = remove_member(team, "bup", date(2024, 6, 30))
    assert team.is_member("bup", date(2024, 6, 30))
    assert not team.is_member("bup", date(2024, 7, 1))
    assert len(team.members) == 2  # the membership is ended, not deleted

    team = add_member(team, TeamMember(staff_id="kurator", agency="socialtjanst",
                                       joined_on=date(2024, 9, 1)))
    kurator = [m for m in team.members if m.staff_id == "kurator"]
    assert [(m.agency, m.left_on) for m in kurator] == [
        ("skola", date(2024, 8, 31)), ("socialtjanst", None)
    ]
