"""Barnkontakt assignments and teams (domain.md §1.11, §1.12, §6 item 11).

The Barnkontakt follows the child through BMM → BVC → förskola → skola, so who it is depends on
the date asked about. Assignments are therefore dated records that are ended, never
overwritten: the history of who was the family's contact, and what was handed over, is part of
the child's chronology. Team memberships are dated for the same reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backa_desktop.domain.errors import InvalidValue, UserError
from backa_desktop.domain.limits import LongText, ShortName


class HandoverError(UserError, ValueError):
    """A handover that would leave a gap, an overlap or a period that ends before it starts."""


def _active(valid_from: date, valid_to: date | None, on: date) -> bool:
    return valid_from <= on and (valid_to is None or on <= valid_to)


class BarnkontaktAssignment(BaseModel):
    """One staff member being the child's Barnkontakt at one unit for a period.

    `valid_to` is the last day (inclusive) and `None` while the assignment is open. The note is
    what the previous Barnkontakt handed over to this one, kept with the assignment it led to.
    """

    model_config = ConfigDict(frozen=True)

    child_id: str
    staff_id: str
    unit_id: str
    valid_from: date
    valid_to: date | None = None
    handover_note: LongText = ""

    @model_validator(mode="after")
    def _period_is_ordered(self) -> Self:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise InvalidValue("period.ends_before_start")
        return self

    def is_active(self, on: date) -> bool:
        return _active(self.valid_from, self.valid_to, on)


def current_barnkontakt(
    assignments: Iterable[BarnkontaktAssignment], on: date
) -> BarnkontaktAssignment | None:
    """The Barnkontakt on a date; if records overlap (two laptops), the latest start wins so the
    family still gets one named contact, and the overlap shows up in `barnkontakt_history`."""
    active = [a for a in assignments if a.is_active(on)]
    if not active:
        return None
    return max(active, key=lambda a: (a.valid_from, a.staff_id))


def barnkontakt_history(
    assignments: Iterable[BarnkontaktAssignment],
) -> list[BarnkontaktAssignment]:
    """All assignments oldest first: the chronology the overview and register extract show."""
    return sorted(assignments, key=lambda a: (a.valid_from, a.valid_to or date.max))


def handover(
    current: BarnkontaktAssignment,
    *,
    to_staff_id: str,
    to_unit_id: str,
    on: date,
    note: str = "",
) -> tuple[BarnkontaktAssignment, BarnkontaktAssignment]:
    """End `current` the day before `on` and start the next assignment on `on`.

    Returns (ended, started); the caller stores `ended` as a new revision of the old record and
    `started` as a new record, so both periods stay on file. Sharing with the new unit needs
    its own consent: check `consent.may_share(..., ConsentScope.ENHET, to_unit_id, on)`.
    """
    if current.valid_to is not None and current.valid_to < on - timedelta(days=1):
        raise HandoverError("team.handover_ended")
    if on <= current.valid_from:
        raise HandoverError("team.handover_too_early")
    ended = current.model_copy(update={"valid_to": on - timedelta(days=1)})
    started = BarnkontaktAssignment(
        child_id=current.child_id,
        staff_id=to_staff_id,
        unit_id=to_unit_id,
        valid_from=on,
        valid_to=None,
        handover_note=note,
    )
    return ended, started


class TeamKind(StrEnum):
    BARNTEAM = "barnteam"
    INDIVIDUELLT_BARNTEAM = "individuellt_barnteam"


TEAM_KIND_LABELS: dict[TeamKind, str] = {
    TeamKind.BARNTEAM: "Barnteam",
    TeamKind.INDIVIDUELLT_BARNTEAM: "Individuellt barnteam",
}


class TeamRole(StrEnum):
    """The member's role in the model; their profession is free text beside it."""

    BARNKONTAKT = "barnkontakt"
    UPPTACKARE = "upptackare"
    STODSAMORDNARE = "stodsamordnare"
    MEDLEM = "medlem"


TEAM_ROLE_LABELS: dict[TeamRole, str] = {
    TeamRole.BARNKONTAKT: "Barnkontakt",
    TeamRole.UPPTACKARE: "Upptäckare",
    TeamRole.STODSAMORDNARE: "Stödsamordnare",
    TeamRole.MEDLEM: "Medlem",
}


class TeamMember(BaseModel):
    """A dated membership. `agency` is the unit kind (e.g. "bvc", "skola", "socialtjanst") so
    the team can tell when support spans agencies."""

    model_config = ConfigDict(frozen=True)

    staff_id: str
    role: TeamRole = TeamRole.MEDLEM
    profession: ShortName = ""
    agency: ShortName
    unit_id: str | None = None
    joined_on: date
    left_on: date | None = None

    @model_validator(mode="after")
    def _period_is_ordered(self) -> Self:
        if self.left_on is not None and self.left_on < self.joined_on:
            raise InvalidValue("period.ends_before_start")
        return self

    def is_active(self, on: date) -> bool:
        return _active(self.joined_on, self.left_on, on)


class Team(BaseModel):
    """A Barnteam belongs to a unit; an Individuellt barnteam belongs to one child."""

    model_config = ConfigDict(frozen=True)

    kind: TeamKind
    name: ShortName = ""
    unit_id: str | None = None
    child_id: str | None = None
    members: list[TeamMember] = Field(default_factory=list)
    stodsamordnare_staff_id: str | None = None

    @model_validator(mode="after")
    def _owner_matches_kind(self) -> Self:
        if self.kind is TeamKind.BARNTEAM and not self.unit_id:
            raise InvalidValue("team.needs_unit")
        if self.kind is TeamKind.INDIVIDUELLT_BARNTEAM and not self.child_id:
            raise InvalidValue("team.needs_child")
        return self

    def active_members(self, on: date) -> list[TeamMember]:
        return [m for m in self.members if m.is_active(on)]

    def is_member(self, staff_id: str, on: date) -> bool:
        return staff_id == self.stodsamordnare_staff_id or any(
            m.staff_id == staff_id for m in self.active_members(on)
        )

    def agencies(self, on: date) -> set[str]:
        return {m.agency for m in self.active_members(on)}


def needs_stodsamordnare(team: Team, on: date) -> bool:
    """Support from more than one agency is what calls for a Stödsamordnare (seed 004)."""
    return team.stodsamordnare_staff_id is None and len(team.agencies(on)) > 1


def add_member(team: Team, member: TeamMember) -> Team:
    """A new membership; an existing one for the same person is ended, not replaced, first."""
    members = [
        m.model_copy(update={"left_on": member.joined_on - timedelta(days=1)})
        if m.staff_id == member.staff_id and m.is_active(member.joined_on)
        and m.joined_on < member.joined_on
        else m
        for m in team.members
        if not (m.staff_id == member.staff_id and m.joined_on == member.joined_on)
    ]
    return team.model_copy(update={"members": [*members, member]})


def remove_member(team: Team, staff_id: str, on: date) -> Team:
    """Ends the membership on `on` (last day) so earlier team decisions keep their names."""
    members = [
        m.model_copy(update={"left_on": on}) if m.staff_id == staff_id and m.is_active(on) else m
        for m in team.members
    ]
    return team.model_copy(update={"members": members})
