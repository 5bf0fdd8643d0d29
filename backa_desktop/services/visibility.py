"""Who can see the child now and why, and whether a team decision needs consent first.

Read from the same records the central store decides access by (domain/visibility.py): the
overview shows it, and the decision and team dialogs ask `team_consent_missing` before they
write, so the Barnkontakt hears "Barnteamet kan inte se barnet förrän vårdnadshavarna har
samtyckt" before the decision, not after the team notices an empty screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.consent import ConsentScope
from backa_desktop.domain.form_ids import FormUse, form_use
from backa_desktop.domain.forms import FormDefinition, FormResponse
from backa_desktop.domain.people import ChildProfile
from backa_desktop.domain.process import Beslut, ChildStatus
from backa_desktop.domain.records import RecordType
from backa_desktop.domain.teams import BarnkontaktAssignment, Team, TeamKind
from backa_desktop.domain.visibility import (
    TEAM_SCOPE,
    ChildAccess,
    SeeReason,
    team_may_see,
    viewers,
)
from backa_desktop.services.consents import effective
from backa_desktop.services.overview import Directory
from backa_desktop.services.vault import Session

TEAM_OF_BESLUT: dict[Beslut, TeamKind] = {
    Beslut.BARNTEAM: TeamKind.BARNTEAM,
    Beslut.INDIVIDUELLT_BARNTEAM: TeamKind.INDIVIDUELLT_BARNTEAM,
}
"""The decisions that bring a team to the child (and so need the guardians' consent)."""


@dataclass(frozen=True)
class ViewerRow:
    staff_id: str
    name: str
    title: str
    unit: str
    reason: SeeReason
    sees: bool
    needs_consent: ConsentScope | None


def child_access(session: Session, child_id: str) -> ChildAccess:
    child = session.repo.get(child_id)
    creator: str | None = None
    if child is not None:
        history = session.repo.history(child_id)
        creator = history[0].author if history else child.author
    assignments: list[BarnkontaktAssignment] = []
    for r in session.repo.find(RecordType.BARNKONTAKT, child_id=child_id):
        try:
            assignments.append(body_as(r, BarnkontaktAssignment))
        except ValueError:
            continue
    child_teams: list[Team] = []
    for r in session.repo.find(RecordType.TEAM, child_id=child_id):
        try:
            child_teams.append(body_as(r, Team))
        except ValueError:
            continue
    unit_teams: list[Team] = []
    for r in session.repo.find_without_child(RecordType.TEAM):
        try:
            unit_teams.append(body_as(r, Team))
        except ValueError:
            continue
    return ChildAccess(creator, assignments, child_teams, unit_teams, effective(session, child_id))


def who_can_see(
    session: Session, child_id: str, directory: Directory, today: date | None = None
) -> list[ViewerRow]:
    """One row per person: those who see the child first, then those who would but for a
    missing consent."""
    on = today or date.today()
    rows = []
    for v in viewers(child_access(session, child_id), on):
        rows.append(ViewerRow(
            staff_id=v.staff_id,
            name=directory.staff_name(v.staff_id),
            title=directory.staff_title(v.staff_id),
            unit=directory.unit_name(directory.staff_unit(v.staff_id)),
            reason=v.reason,
            sees=v.sees,
            needs_consent=v.needs_consent,
        ))
    return rows


TEAM_OF_STATUS: dict[ChildStatus, TeamKind] = {
    ChildStatus.I_BARNTEAM: TeamKind.BARNTEAM,
    ChildStatus.INDIVIDUELLT_BARNTEAM: TeamKind.INDIVIDUELLT_BARNTEAM,
}


@dataclass(frozen=True)
class WhoCanSee:
    rows: list[ViewerRow]
    missing: list[ConsentScope]  # teams the child is with (by status) that lack consent


def who_can_see_now(
    session: Session, child_id: str, directory: Directory, today: date | None = None
) -> WhoCanSee:
    """The overview's rows, and the consent the child's current team (by its status) lacks:
    a child moved to Barnteam without consent is seen by no one in the team."""
    rows = who_can_see(session, child_id, directory, today)
    missing: list[ConsentScope] = []
    child = session.repo.get(child_id)
    if child is not None:
        try:
            status = body_as(child, ChildProfile).status
        except ValueError:
            status = None
        kind = TEAM_OF_STATUS.get(status) if status is not None else None
        if kind is not None:
            scope = team_consent_missing(session, child_id, kind, today)
            if scope is not None:
                missing.append(scope)
    return WhoCanSee(rows, missing)


def team_consent_missing(
    session: Session, child_id: str, team: TeamKind | Beslut | str, today: date | None = None
) -> ConsentScope | None:
    """The consent a team of this kind (or the team a decision brings) still lacks, or None
    when the team may see the child (or the decision brings no team)."""
    if isinstance(team, TeamKind):
        kind: TeamKind | None = team
    else:
        kind = TEAM_OF_BESLUT.get(Beslut(team))
    if kind is None:
        return None
    on = today or date.today()
    if team_may_see(child_access(session, child_id), kind, on):
        return None
    return TEAM_SCOPE[kind]


def decision_consent_missing(
    session: Session, definition: FormDefinition, response: FormResponse,
    today: date | None = None,
) -> ConsentScope | None:
    """For a Fem frågor that ends in a team decision: the consent that team still lacks."""
    if form_use(definition.id) is not FormUse.FEM_FRAGOR:
        return None
    for item in definition.items():
        value = response.answers.get(item.id)
        if item.kind == "decision" and isinstance(value, str):
            try:
                beslut = Beslut(value)
            except ValueError:
                return None
            return team_consent_missing(session, response.child_id, beslut, today)
    return None
