"""Barnets plan as the family reads it: names and contact details, no guardian identity
numbers."""

from __future__ import annotations

from datetime import date
from typing import Any

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.plan import BarnetsPlan, PlanAction, actions_of
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.domain.teams import TeamKind
from backa_desktop.printing.languages import REFERENCE
from backa_desktop.printing.models import ActionRow, MeetingRow, PlanDocument
from backa_desktop.services.documents.common import (
    DocumentError,
    barnkontakt_on,
    contact_of,
    formatted_identity,
    load_child,
    records_of,
    teams_of,
    today_or,
)
from backa_desktop.services.documents.compass import compass_for_child
from backa_desktop.services.overview import load_directory
from backa_desktop.services.vault import Session


def _plan_record(session: Session, child_id: str) -> Record:
    plans = records_of(session, RecordType.PLAN, child_id)
    if not plans:
        raise DocumentError("document.no_plan")
    return max(plans, key=lambda r: (r.updated_at, r.id))


def build_plan_document(
    session: Session,
    child_id: str,
    *,
    today: date | None = None,
    registry: Any | None = None,
    lang: str = REFERENCE,
) -> PlanDocument:
    on = today_or(today)
    _, profile = load_child(session, child_id)
    record = _plan_record(session, child_id)
    plan = body_as(record, BarnetsPlan)
    directory = load_directory(session)
    actions = [
        body_as(r, PlanAction) for r in records_of(session, RecordType.PLAN_ACTION, child_id)
    ]
    # Protected identity: no unit, place or huvudman on the family's copy (contact_of).
    hide = profile.protected_identity
    rows = []
    for action in actions_of(record.id, actions):
        who = directory.staff_name(action.responsible_staff_id) or action.responsible_name
        unit_id = action.responsible_unit_id or directory.staff_unit(
            action.responsible_staff_id
        )
        rows.append(ActionRow(what=action.what, who=who or "Inte bestämt",
                              unit="" if hide else directory.unit_name(unit_id),
                              due_on=action.due_on, status=action.status))
    barnkontakt_id = plan.barnkontakt_staff_id or barnkontakt_on(session, child_id, on)
    stodsamordnare_id = plan.stodsamordnare_staff_id or next(
        (t.stodsamordnare_staff_id for t in teams_of(session, child_id)
         if t.kind is TeamKind.INDIVIDUELLT_BARNTEAM and t.stodsamordnare_staff_id), None
    )
    responsible = "" if hide else ", ".join(
        p for p in (plan.responsible_huvudman, directory.unit_name(plan.responsible_unit_id)) if p
    )
    participants = [p.name or directory.staff_name(p.staff_id) for p in plan.participants]
    return PlanDocument(
        child_name=profile.display_name,
        child_first_name=profile.given_names.split()[0],
        child_identity_number=formatted_identity(profile),
        printed_on=on,
        plan_updated_on=date.fromisoformat(record.updated_at[:10]),
        plan_version=record.revision,
        **dict(plan.words()),
        actions=rows,
        barnkontakt=contact_of(directory, barnkontakt_id, "Barnkontakt", protected=hide),
        stodsamordnare=contact_of(directory, stodsamordnare_id, "Stödsamordnare",
                                  protected=hide),
        next_meeting_on=plan.next_follow_up_on,
        next_meeting_place="" if hide else plan.next_follow_up_place,
        responsible=responsible,
        participants=[p for p in participants if p],
        follow_ups=[
            MeetingRow(held_on=m.held_on, notes=m.notes,
                       participants=[p.name or directory.staff_name(p.staff_id)
                                     for p in m.participants])
            for m in plan.follow_ups
        ],
        compass=compass_for_child(session, child_id, directory, registry, lang,
                                  [g.name for g in profile.guardians]),
        protected_identity=hide,
    )
