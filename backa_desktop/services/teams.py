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
    )


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
