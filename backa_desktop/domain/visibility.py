"""Who can see a child's records now, and why (DESIGN.md §8, docs/central.md "Access").

The central store decides access (`central/access.py`); the app must say the same thing
*before* a decision or a team change, so a Barnkontakt is not surprised that a new team
member sees nothing. This is the same rule over the same records (Barnkontakt assignments,
the child's Individuellt barnteam, the units' Barnteams, the consent register), written for
the overview: one line per person with the reason, and for team members whether the consent
lets them see the child. Reports of concern are left out: they follow the duty to report, not
the team, and the overview never lists who received one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from backa_desktop.domain.consent import Consent, ConsentScope, may_share
from backa_desktop.domain.teams import BarnkontaktAssignment, Team, TeamKind, TeamRole


class SeeReason(StrEnum):
    BARNKONTAKT = "barnkontakt"
    REGISTERED = "registered"  # registered the child; no Barnkontakt assigned yet
    STODSAMORDNARE = "stodsamordnare"
    INDIVIDUELLT_BARNTEAM = "individuellt_barnteam"
    BARNTEAM = "barnteam"


REASON_ORDER = list(SeeReason)

TEAM_SCOPE: dict[TeamKind, ConsentScope] = {
    TeamKind.BARNTEAM: ConsentScope.BARNTEAM,
    TeamKind.INDIVIDUELLT_BARNTEAM: ConsentScope.INDIVIDUELLT_BARNTEAM,
}
"""The consent a team's members need before they see the child."""


@dataclass(frozen=True)
class Viewer:
    staff_id: str
    reason: SeeReason
    sees: bool
    needs_consent: ConsentScope | None = None  # set when `sees` is False for want of it


@dataclass(frozen=True)
class ChildAccess:
    """What the app knows about one child's access, as read from its records."""

    creator: str | None
    assignments: list[BarnkontaktAssignment]
    child_teams: list[Team]
    unit_barnteams: list[Team]  # every unit's standing Barnteam (the directory)
    consents: list[Consent]  # effective (superseded ones dropped)


def team_may_see(access: ChildAccess, kind: TeamKind, on: date) -> bool:
    """Whether the consent register lets this kind of team see the child on `on`."""
    return may_share(access.consents, TEAM_SCOPE[kind], on=on)


def viewers(access: ChildAccess, on: date) -> list[Viewer]:
    """Everyone the team rules name for the child, one line per person (their strongest
    reason), in `SeeReason` order; people who would see the child but for a missing consent
    are listed with `sees=False`."""
    found: dict[str, Viewer] = {}

    def add(staff_id: str, reason: SeeReason, sees: bool, scope: ConsentScope | None) -> None:
        old = found.get(staff_id)
        if old is not None and (old.sees or not sees):
            return
        found[staff_id] = Viewer(staff_id, reason, sees, None if sees else scope)

    current = [a for a in access.assignments if a.is_active(on)]
    for a in current:
        add(a.staff_id, SeeReason.BARNKONTAKT, True, None)
    if not access.assignments and access.creator is not None:
        add(access.creator, SeeReason.REGISTERED, True, None)
    individual_ok = team_may_see(access, TeamKind.INDIVIDUELLT_BARNTEAM, on)
    for team in access.child_teams:
        if team.kind is not TeamKind.INDIVIDUELLT_BARNTEAM:
            continue
        if team.stodsamordnare_staff_id:
            add(team.stodsamordnare_staff_id, SeeReason.STODSAMORDNARE, True, None)
        for m in team.active_members(on):
            if m.role is TeamRole.STODSAMORDNARE:
                add(m.staff_id, SeeReason.STODSAMORDNARE, True, None)
            else:
                add(m.staff_id, SeeReason.INDIVIDUELLT_BARNTEAM, individual_ok,
                    ConsentScope.INDIVIDUELLT_BARNTEAM)
    units = {a.unit_id for a in current}
    barnteam_ok = team_may_see(access, TeamKind.BARNTEAM, on)
    for team in access.unit_barnteams:
        if team.kind is not TeamKind.BARNTEAM or team.unit_id not in units:
            continue
        people = [m.staff_id for m in team.active_members(on)]
        if team.stodsamordnare_staff_id:
            people.append(team.stodsamordnare_staff_id)
        for staff_id in people:
            add(staff_id, SeeReason.BARNTEAM, barnteam_ok, ConsentScope.BARNTEAM)
    return sorted(found.values(),
                  key=lambda v: (not v.sees, REASON_ORDER.index(v.reason), v.staff_id))

