"""Barnets plan use cases for the desktop (domain.md §1.14, §3.3).

One plan per child: opening the plan screen either finds it or offers a new one whose needs are
pre-ticked from the compass (the needs the latest Upptäckarkort marked "inte uppfyllt"), so a
new user starts from what is already known instead of a blank page. The plan body and each
action are separate records (sync merges them independently); every save is one repository
call, so versions (record revisions) and the timeline come for free. Unsaved typing is kept
as a local draft (never synced) so a lock or a crash loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.errors import UserError
from backa_desktop.domain.form_ids import FormUse
from backa_desktop.domain.forms import FormResponse, Respondent
from backa_desktop.domain.needs import CARD_ORDER, Need
from backa_desktop.domain.people import ChildProfile
from backa_desktop.domain.plan import (
    BarnetsPlan,
    FollowUpMeeting,
    PlanAction,
    PlanActionStatus,
    actions_of,
    follow_up_due,
    record_follow_up,
    set_action_status,
)
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.services.children import child_summaries
from backa_desktop.services.overview import (
    DEEPER_PLAN_NEEDS_ITEM,
    Directory,
    Parsed,
    child_people,
    current_barnkontakt,
    current_pairs,
    latest_need_status_of,
    pairs_of,
    parse_responses,
    parsed_body,
)
from backa_desktop.services.vault import Session
from backa_desktop.store.records import StaleRevision as StaleRevision  # the UI catches it
from backa_desktop.store.records import unique_records

PLAN_DRAFT_PREFIX = "plan:"
FOLLOW_UP_HORIZON_DAYS = 7

PLAN_ACTION_DUE = "plan_action"
PLAN_FOLLOW_UP = "plan_follow_up"


class PlanError(UserError):
    """A rule stopped the change; the key names the message (domain/errors.py)."""


@dataclass(frozen=True)
class ActionRow:
    record_id: str
    revision: int
    action: PlanAction


@dataclass(frozen=True)
class PlanView:
    """What the plan screen shows. `plan_id` is None for a plan not saved yet."""

    child_id: str
    plan_id: str | None
    revision: int
    plan: BarnetsPlan
    actions: list[ActionRow]
    unmet_needs: list[Need]
    versions: int
    draft: dict[str, Any] | None = None
    staff: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    child_unit_id: str | None = None  # whose staff the plan's pickers offer first


def plan_record(session: Session, child_id: str) -> Record | None:
    """The child's plan; if two laptops each made one before syncing, the newest wins."""
    plans = session.repo.find(RecordType.PLAN, child_id=child_id)
    return max(plans, key=lambda r: (r.updated_at, r.id)) if plans else None


_NEVER = datetime.min.replace(tzinfo=UTC)
FORDJUPAD_NEEDS_ITEM = DEEPER_PLAN_NEEDS_ITEM  # the needs the deeper compass sends here


def unmet_needs(session: Session, child_id: str) -> list[Need]:
    """What the compass says the plan should address: the needs the latest Upptäckarkort
    marks "inte uppfyllt", and those the latest Fördjupad behovskompass sends to the plan."""
    # each response parsed once (a child can have hundreds: the plan window opens on this)
    pairs = [(r, parsed_body(session, r, FormResponse))
             for r in session.repo.find(RecordType.FORM_RESPONSE, child_id=child_id)]
    responses = current_pairs([(r, response) for r, response in pairs if response.signed])
    status, _ = latest_need_status_of(pairs_of(responses, FormUse.UPPTACKARKORT))
    chosen = {n for n, v in status.items() if v == "inte_uppfyllt"}
    deeper = pairs_of(responses, FormUse.FORDJUPAD)
    if deeper:
        _record, latest = max(
            deeper, key=lambda pair: (pair[1].signed_at or _NEVER, pair[0].created_at)
        )
        value = latest.answers.get(FORDJUPAD_NEEDS_ITEM)
        if isinstance(value, list):
            chosen |= {str(v) for v in value}
    return [n for n in CARD_ORDER if n.value in chosen]


CHILD_WORDS_ITEM = "barnets_ord"  # the Upptäckarkort's own words of the child (version 2)
VIEWS_ITEM = "fraga_3"  # Fem frågor question 3, answered per respondent (version 2)


def _newest(records: list[Record]) -> FormResponse | None:
    return _newest_of(parse_responses(records))


def _newest_of(pairs: list[Parsed]) -> FormResponse | None:
    if not pairs:
        return None
    return max(pairs, key=lambda pair: (pair[1].signed_at or _NEVER, pair[0].created_at))[1]


def voices(session: Session, child_id: str) -> tuple[str, str]:
    """What the child and the guardians said, in their own words, for the plan's "Barnets
    syn" and "Vårdnadshavarnas syn": question 3 of the newest Fem frågor, and for the child,
    failing that, the child's own words on the newest Upptäckarkort. A Fem frågor of version
    1 has one answer for everybody; it cannot be told apart, so it is not carried over."""
    pairs = [(r, parsed_body(session, r, FormResponse))
             for r in session.repo.find(RecordType.FORM_RESPONSE, child_id=child_id)]
    responses = current_pairs([(r, response) for r, response in pairs if response.signed])
    fem = _newest_of(pairs_of(responses, FormUse.FEM_FRAGOR))
    card = _newest_of(pairs_of(responses, FormUse.UPPTACKARKORT))
    answers = fem.answers if fem is not None else {}
    child_view = str(answers.get(f"{VIEWS_ITEM}@{Respondent.CHILD.value}") or "").strip()
    if not child_view and card is not None:
        child_view = str(card.answers.get(CHILD_WORDS_ITEM) or "").strip()
    names = _guardian_names(session, child_id)
    said = [
        (names[i] if i < len(names) else who.label, text)
        for i, who in enumerate((Respondent.GUARDIAN_1, Respondent.GUARDIAN_2))
        if (text := str(answers.get(f"{VIEWS_ITEM}@{who.value}") or "").strip())
    ]
    if len(said) == 1:
        guardians_view = said[0][1]
    else:  # both spoke: each under their own name, so the plan does not merge two voices
        guardians_view = "\n\n".join(f"{name}: {text}" for name, text in said)
    return child_view, guardians_view


def _guardian_names(session: Session, child_id: str) -> list[str]:
    child = session.repo.get(child_id)
    if child is None:
        return []
    try:
        return [g.name for g in body_as(child, ChildProfile).guardians]
    except ValueError:
        return []


def with_voices(session: Session, plan: BarnetsPlan) -> BarnetsPlan:
    """The plan with "Barnets syn" and "Vårdnadshavarnas syn" prefilled from what the child
    and the guardians said, where the plan has nothing yet: what a person wrote in the plan
    is never replaced."""
    if plan.child_view.strip() and plan.guardians_view.strip():
        return plan
    child_view, guardians_view = voices(session, plan.child_id)
    update = {}
    if not plan.child_view.strip() and child_view:
        update["child_view"] = child_view
    if not plan.guardians_view.strip() and guardians_view:
        update["guardians_view"] = guardians_view
    return plan.model_copy(update=update) if update else plan


def new_plan(session: Session, child_id: str, today: date) -> BarnetsPlan:
    """A fresh plan: the compass's unmet needs ticked, the Barnkontakt filled in, and what
    the child and the guardians said in their views."""
    return with_voices(session, BarnetsPlan(
        child_id=child_id,
        need_ids=unmet_needs(session, child_id),
        barnkontakt_staff_id=current_barnkontakt(session, child_id),
        created_on=today,
    ))


def load_plan(
    session: Session, child_id: str, directory: Directory, today: date | None = None
) -> PlanView:
    today = today or date.today()
    record = plan_record(session, child_id)
    draft = session.drafts.load(draft_key(child_id))
    draft_body = dict(draft.payload) if draft is not None else None
    if record is None:
        return PlanView(
            child_id=child_id,
            plan_id=None,
            revision=0,
            plan=new_plan(session, child_id, today),
            actions=[],
            unmet_needs=unmet_needs(session, child_id),
            versions=0,
            draft=draft_body,
            staff=directory.staff_names(),
            units=directory.unit_names(),
            child_unit_id=child_people(session, child_id).unit_id,
        )
    session.audit.append("read", record_id=record.id, child_id=child_id)
    return PlanView(
        child_id=child_id,
        plan_id=record.id,
        revision=record.revision,
        plan=with_voices(session, body_as(record, BarnetsPlan)),
        actions=action_rows(session, record.id, child_id),
        unmet_needs=unmet_needs(session, child_id),
        versions=record.revision,
        draft=draft_body,
        staff=directory.staff_names(),
        units=directory.unit_names(),
    )


def action_rows(session: Session, plan_id: str, child_id: str) -> list[ActionRow]:
    rows: dict[str, ActionRow] = {}
    for r in session.repo.find(RecordType.PLAN_ACTION, child_id=child_id):
        try:
            rows[r.id] = ActionRow(r.id, r.revision, body_as(r, PlanAction))
        except ValueError:
            continue
    ordered = actions_of(plan_id, [row.action for row in rows.values()])
    by_identity = {id(row.action): row for row in rows.values()}
    return [by_identity[id(a)] for a in ordered]


def save_plan(
    session: Session,
    plan: BarnetsPlan,
    plan_id: str | None = None,
    *,
    expected_revision: int | None = None,
) -> Record:
    """Create the child's plan or store a new version of it, and drop the draft."""
    body = plan.model_dump(mode="json")
    if plan_id is None:
        existing = plan_record(session, plan.child_id)
        if existing is not None:
            raise PlanError("plan.exists")
        if plan.created_on is None:
            body["created_on"] = date.today().isoformat()
        record = session.repo.create(RecordType.PLAN, body, child_id=plan.child_id)
    else:
        before = session.repo.require(plan_id).revision
        record = session.repo.update(plan_id, body, expected_revision=expected_revision)
        if record.revision != before:
            _timeline(session, plan.child_id, f"Barnets plan ändrad (version {record.revision}).",
                      "plan_changed", plan_id)
    session.drafts.delete(draft_key(plan.child_id))
    return record


def _timeline(session: Session, child_id: str, text: str, event: str, record_id: str) -> None:
    """A plan's new version or an action's new status is an event in the child's chronology;
    the records themselves appear on the timeline only once, when they are made."""
    session.repo.create(
        RecordType.NOTE,
        {"child_id": child_id, "kind": "handelse", "happened_on": date.today().isoformat(),
         "text": text, "event": event, "record_ref": record_id},
        child_id=child_id,
    )


def ensure_plan(session: Session, child_id: str, today: date | None = None) -> Record:
    record = plan_record(session, child_id)
    if record is not None:
        return record
    return save_plan(session, new_plan(session, child_id, today or date.today()))


def add_action(session: Session, child_id: str, action: PlanAction) -> Record:
    plan = session.repo.require(action.plan_id)
    if plan.type != RecordType.PLAN or plan.child_id != child_id:
        raise PlanError("plan.action_elsewhere")
    return session.repo.create(
        RecordType.PLAN_ACTION, action.model_dump(mode="json"), child_id=child_id
    )


def update_action(
    session: Session, action_id: str, action: PlanAction, today: date | None = None
) -> Record:
    """Store an edited action; a changed status is dated the day it changed."""
    stored = session.repo.require(action_id)
    current = body_as(stored, PlanAction)
    if action.status is not current.status:
        moved = set_action_status(current, action.status, today or date.today())
        action = action.model_copy(update={"status_changed_on": moved.status_changed_on})
        _status_note(session, str(stored.child_id), action_id, action)
    return session.repo.update(action_id, action.model_dump(mode="json"))


def _status_note(session: Session, child_id: str, action_id: str, action: PlanAction) -> None:
    _timeline(session, child_id, f"Insats: {action.what} – {action.status_label.lower()}.",
              "plan_action_status", action_id)


def set_status(
    session: Session, action_id: str, status: PlanActionStatus, today: date | None = None
) -> Record:
    stored = session.repo.require(action_id)
    current = body_as(stored, PlanAction)
    changed = set_action_status(current, status, today or date.today())
    if changed is not current:
        _status_note(session, str(stored.child_id), action_id, changed)
    return session.repo.update(action_id, changed.model_dump(mode="json"))


def remove_action(session: Session, action_id: str) -> Record:
    """A tombstone, so the removal syncs and stays in the action's history."""
    return session.repo.delete(action_id)


def add_meeting(
    session: Session,
    plan_id: str,
    meeting: FollowUpMeeting,
    next_follow_up_on: date | None,
    next_follow_up_place: str = "",
) -> Record:
    record = session.repo.require(plan_id)
    plan = body_as(record, BarnetsPlan)
    try:
        updated = record_follow_up(plan, meeting, next_follow_up_on, next_follow_up_place)
    except ValueError as exc:
        raise PlanError.carrying(exc) from None
    stored = session.repo.update(plan_id, updated.model_dump(mode="json"))
    _timeline(session, plan.child_id,
              f"Uppföljningsmöte om Barnets plan {meeting.held_on.isoformat()}.",
              "plan_follow_up", plan_id)
    return stored


@dataclass(frozen=True)
class PlanVersion:
    revision: int
    saved_at: str
    author: str
    plan: BarnetsPlan | None


def plan_versions(session: Session, plan_id: str, directory: Directory) -> list[PlanVersion]:
    """Every kept version, newest first ("Tidigare versioner")."""
    out: list[PlanVersion] = []
    for rec in session.repo.history(plan_id):
        try:
            plan: BarnetsPlan | None = body_as(rec, BarnetsPlan)
        except ValueError:
            plan = None
        out.append(
            PlanVersion(rec.revision, rec.updated_at, directory.staff_name(rec.author), plan)
        )
    session.audit.append("read", record_id=plan_id, child_id=session.repo.require(plan_id).child_id)
    return sorted(out, key=lambda v: v.revision, reverse=True)


# --- drafts (unsaved typing survives a lock) -------------------------------------------------


def draft_key(child_id: str) -> str:
    return f"{PLAN_DRAFT_PREFIX}{child_id}"


def save_plan_draft(session: Session, child_id: str, state: dict[str, Any]) -> None:
    session.drafts.save(draft_key(child_id), state, child_id=child_id, form_id="plan")


def discard_plan_draft(session: Session, child_id: str) -> None:
    session.drafts.delete(draft_key(child_id))


# --- my plan tasks (the inbox lists them) ----------------------------------------------------


@dataclass(frozen=True)
class PlanTask:
    kind: str  # PLAN_ACTION_DUE or PLAN_FOLLOW_UP
    record_id: str
    child_id: str
    child_name: str
    day: str
    text: str
    overdue: bool
    mine: bool  # assigned to me by name (False: to my unit)


def _names(session: Session, ids: set[str]) -> dict[str, str]:
    return {cid: child.display_name for cid, child in child_summaries(session, ids).items()}


def plan_tasks(session: Session, today: date | None = None) -> list[PlanTask]:
    """Open plan actions assigned to me or my unit, and plan follow-ups that fall due within a
    week for plans I am Barnkontakt, Stödsamordnare or overall responsible in.
    """
    today = today or date.today()
    me = session.me_id
    my_unit = str(session.me().get("unit_id") or "")
    tasks: list[PlanTask] = []
    repo = session.repo
    # Only actions and plans that name me or my unit, through the body indexes (migration 2):
    # the rest of a municipality's plans are never read.
    action_records = unique_records(
        repo.find_by(RecordType.PLAN_ACTION, "responsible_staff_id", [me])
        + repo.find_by(RecordType.PLAN_ACTION, "responsible_unit_id", [my_unit])
    )
    plan_records = unique_records(
        repo.find_by(RecordType.PLAN, "barnkontakt_staff_id", [me])
        + repo.find_by(RecordType.PLAN, "stodsamordnare_staff_id", [me])
        + repo.find_by(RecordType.PLAN, "responsible_unit_id", [my_unit])
    )
    actions = [(r, body_as(r, PlanAction)) for r in action_records]
    plans = [(r, body_as(r, BarnetsPlan)) for r in plan_records]
    names = _names(
        session, {r.child_id or "" for r, _ in actions} | {r.child_id or "" for r, _ in plans}
    )
    for record, action in actions:
        mine = action.responsible_staff_id == me
        unit = bool(my_unit) and action.responsible_unit_id == my_unit
        if not action.is_open() or not (mine or unit) or record.child_id not in names:
            continue
        tasks.append(
            PlanTask(
                PLAN_ACTION_DUE,
                record.id,
                str(record.child_id),
                names[str(record.child_id)],
                action.due_on.isoformat() if action.due_on else "",
                action.what,
                action.is_overdue(today),
                mine,
            )
        )
    for record, plan in plans:
        involved = me in (plan.barnkontakt_staff_id, plan.stodsamordnare_staff_id) or (
            bool(my_unit) and plan.responsible_unit_id == my_unit
        )
        if not involved or record.child_id not in names:
            continue
        if follow_up_due(plan, today, FOLLOW_UP_HORIZON_DAYS) and plan.next_follow_up_on:
            tasks.append(
                PlanTask(
                    PLAN_FOLLOW_UP,
                    record.id,
                    str(record.child_id),
                    names[str(record.child_id)],
                    plan.next_follow_up_on.isoformat(),
                    plan.next_follow_up_place,
                    plan.next_follow_up_on < today,
                    True,
                )
            )
    tasks.sort(key=lambda t: (t.day == "", t.day, t.child_name))
    return tasks
