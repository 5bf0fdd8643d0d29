"""Barnkontakt and team use cases (domain.md §1.11, §1.12).

A handover ends the current assignment (a new revision of its record) and starts the next one
(a new record), so the chronology of who was the family's contact stays on file. The child's
Individuellt barnteam is one TEAM record; members are dated and ended, never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.consent import ConsentScope
from backa_desktop.domain.errors import UserError
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.domain.teams import (
    BarnkontaktAssignment,
    HandoverError,
    Team,
    TeamKind,
    TeamMember,
    add_member,
    barnkontakt_history,
    current_barnkontakt,
    handover,
    needs_stodsamordnare,
    remove_member,
)
from backa_desktop.services.consents import may_share_now
from backa_desktop.services.overview import child_people
from backa_desktop.services.vault import Session


class TeamError(UserError):
    """A rule stopped the change; the key names the message (domain/errors.py)."""


@dataclass(frozen=True)
class AssignmentRow:
    record_id: str
    assignment: BarnkontaktAssignment


@dataclass(frozen=True)
class UnitBarnteam:
    """A unit's standing Barnteam: the people a child of the unit is moved to when the
    decision is Barnteam. `team` is None while the unit has none on file; `may_edit` is
    whether the signed-in user keeps it (the unit's lead, or an admin: the central store
    takes a unit's Barnteam from no one else)."""

    unit_id: str
    team_id: str | None
    team: Team | None
    may_edit: bool

    def members(self, on: date) -> list[TeamMember]:
        """Who stays in the team after `on` (a membership ended today is gone from view,
        though its last day still counts on the server)."""
        if self.team is None:
            return []
        return [m for m in self.team.active_members(on) if m.left_on is None or m.left_on > on]


@dataclass(frozen=True)
class TeamsView:
    child_id: str
    current: AssignmentRow | None
    history: list[AssignmentRow]  # oldest first
    team_id: str | None
    team: Team | None
    needs_stodsamordnare: bool
    # The child's unit (the profile's, else the current Barnkontakt's): its staff come first
    # in the team window's pickers.
    child_unit_id: str | None = None
    # The standing Barnteam the child would be moved to: that of the Barnkontakt's unit.
    unit_team: UnitBarnteam | None = None


def _assignments(session: Session, child_id: str) -> list[AssignmentRow]:
    rows: list[AssignmentRow] = []
    for r in session.repo.find(RecordType.BARNKONTAKT, child_id=child_id):
        try:
            rows.append(AssignmentRow(r.id, body_as(r, BarnkontaktAssignment)))
        except ValueError:
            continue
    return rows


def individual_team(session: Session, child_id: str) -> tuple[str, Team] | None:
    for r in session.repo.find(RecordType.TEAM, child_id=child_id):
        try:
            team = body_as(r, Team)
        except ValueError:
            continue
        if team.kind is TeamKind.INDIVIDUELLT_BARNTEAM:
            return r.id, team
    return None


def load_teams(session: Session, child_id: str, today: date | None = None) -> TeamsView:
    today = today or date.today()
    rows = _assignments(session, child_id)
    by_assignment = {id(r.assignment): r for r in rows}
    history = [by_assignment[id(a)] for a in barnkontakt_history([r.assignment for r in rows])]
    now = current_barnkontakt([r.assignment for r in rows], today)
    team = individual_team(session, child_id)
    return TeamsView(
        child_id=child_id,
        current=by_assignment[id(now)] if now is not None else None,
        history=history,
        team_id=team[0] if team else None,
        team=team[1] if team else None,
        needs_stodsamordnare=needs_stodsamordnare(team[1], today) if team else False,
        child_unit_id=child_people(session, child_id).unit_id
        or (now.unit_id if now is not None else None),
        unit_team=_team_of_unit(session, now.unit_id if now is not None
                                else child_people(session, child_id).unit_id),
    )


def _team_of_unit(session: Session, unit_id: str | None) -> UnitBarnteam | None:
    return load_unit_barnteam(session, unit_id) if unit_id else None


def assign_barnkontakt(
    session: Session, child_id: str, staff_id: str, unit_id: str, on: date, note: str = ""
) -> Record:
    """The first Barnkontakt (no one to hand over from)."""
    if load_teams(session, child_id, on).current is not None:
        raise TeamError("team.has_barnkontakt")
    body = BarnkontaktAssignment(
        child_id=child_id, staff_id=staff_id, unit_id=unit_id, valid_from=on, handover_note=note
    )
    return session.repo.create(RecordType.BARNKONTAKT, body.model_dump(mode="json"),
                               child_id=child_id)


@dataclass(frozen=True)
class HandoverResult:
    ended: Record
    started: Record
    consent_for_unit: bool  # whether sharing with the new unit has a consent basis


def handover_barnkontakt(
    session: Session,
    child_id: str,
    *,
    to_staff_id: str,
    to_unit_id: str,
    on: date,
    note: str = "",
) -> HandoverResult:
    view = load_teams(session, child_id, on)
    if view.current is None:
        raise TeamError("team.no_barnkontakt")
    if view.current.assignment.staff_id == to_staff_id:
        raise TeamError("team.same_barnkontakt")
    try:
        ended, started = handover(
            view.current.assignment, to_staff_id=to_staff_id, to_unit_id=to_unit_id, on=on,
            note=note,
        )
    except HandoverError as exc:
        raise TeamError.carrying(exc) from None
    with session.db.transaction():
        ended_rec = session.repo.update(
            view.current.record_id, ended.model_dump(mode="json"), audit_action="handover"
        )
        started_rec = session.repo.create(
            RecordType.BARNKONTAKT, started.model_dump(mode="json"), child_id=child_id,
            audit_action="handover",
        )
    consent = may_share_now(session, child_id, ConsentScope.ENHET, to_unit_id, on) or (
        to_unit_id == view.current.assignment.unit_id
    )
    return HandoverResult(ended_rec, started_rec, consent)


def _team_or_new(session: Session, child_id: str) -> tuple[str | None, Team]:
    found = individual_team(session, child_id)
    if found:
        return found
    return None, Team(kind=TeamKind.INDIVIDUELLT_BARNTEAM, child_id=child_id,
                      name="Individuellt barnteam")


def _store_team(session: Session, child_id: str, team_id: str | None, team: Team) -> Record:
    body = team.model_dump(mode="json")
    if team_id is None:
        return session.repo.create(RecordType.TEAM, body, child_id=child_id)
    return session.repo.update(team_id, body)


def add_team_member(session: Session, child_id: str, member: TeamMember) -> Record:
    team_id, team = _team_or_new(session, child_id)
    return _store_team(session, child_id, team_id, add_member(team, member))


def remove_team_member(session: Session, child_id: str, staff_id: str, on: date) -> Record:
    found = individual_team(session, child_id)
    if found is None:
        raise TeamError("team.no_individual_team")
    team_id, team = found
    return _store_team(session, child_id, team_id, remove_member(team, staff_id, on))


def set_stodsamordnare(session: Session, child_id: str, staff_id: str | None) -> Record:
    team_id, team = _team_or_new(session, child_id)
    return _store_team(
        session, child_id, team_id, team.model_copy(update={"stodsamordnare_staff_id": staff_id})
    )


# -- a unit's standing Barnteam -----------------------------------------------------------------
def unit_barnteams(session: Session, unit_id: str) -> list[tuple[str, Team]]:
    """The unit's Barnteam records (TEAMs about no child, synced with the directory), oldest
    first: normally one, two if two laptops each made one before syncing."""
    found = []
    for r in session.repo.find_without_child(RecordType.TEAM):
        try:
            team = body_as(r, Team)
        except ValueError:
            continue
        if team.kind is TeamKind.BARNTEAM and team.unit_id == unit_id:
            found.append((r.id, team))
    return found


def may_keep_barnteam(session: Session, unit_id: str) -> bool:
    """The unit's lead (at that unit) or an admin: what the central store accepts."""
    me = session.me()
    roles = set(me.get("roles") or [])
    return "admin" in roles or ("unit_lead" in roles and me.get("unit_id") == unit_id)


def load_unit_barnteam(session: Session, unit_id: str) -> UnitBarnteam:
    """The unit's Barnteam as the server counts it: the members of every record of it (the
    central store grants each of them), shown as one team."""
    found = unit_barnteams(session, unit_id)
    team = None
    if found:
        team = found[0][1].model_copy(
            update={"members": [m for _, t in found for m in t.members]})
    return UnitBarnteam(
        unit_id=unit_id,
        team_id=found[0][0] if found else None,
        team=team,
        may_edit=may_keep_barnteam(session, unit_id),
    )


def unit_barnteam_for_child(session: Session, child_id: str) -> UnitBarnteam | None:
    """The Barnteam a decision "Barnteam" moves the child to: that of the current
    Barnkontakt's unit (the central store's rule), else of the child's own unit."""
    return load_teams(session, child_id).unit_team


def add_unit_barnteam_member(session: Session, unit_id: str, member: TeamMember) -> Record:
    if not may_keep_barnteam(session, unit_id):
        raise TeamError("team.barnteam_not_lead")
    found = unit_barnteams(session, unit_id)
    if not found:
        team = Team(kind=TeamKind.BARNTEAM, unit_id=unit_id, name="Barnteam")
        return session.repo.create(RecordType.TEAM,
                                   add_member(team, member).model_dump(mode="json"))
    team_id, team = found[0]
    return session.repo.update(team_id, add_member(team, member).model_dump(mode="json"))


def remove_unit_barnteam_member(
    session: Session, unit_id: str, staff_id: str, on: date
) -> list[Record]:
    """Ends the membership (last day `on`) in every record of the unit's team; the team's
    history keeps who was in it."""
    if not may_keep_barnteam(session, unit_id):
        raise TeamError("team.barnteam_not_lead")
    changed = []
    with session.db.transaction():
        for team_id, team in unit_barnteams(session, unit_id):
            if any(m.staff_id == staff_id and m.is_active(on) for m in team.members):
                changed.append(session.repo.update(
                    team_id, remove_member(team, staff_id, on).model_dump(mode="json")))
    return changed
