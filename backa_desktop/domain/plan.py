"""Barnets plan: one plan per child across agencies (domain.md §1.14, §3.3, §6 item 9).

The plan record holds what the family and all services agreed (why, the needs, the goals in
the child's own words, the views, expected outcome, contingency, who carries overall
responsibility as SIP asks). Each action is its own record (`PlanAction`) because actions are
what several people edit at once: sync merges records field by field, so two people changing
two different actions never conflict. Versions come from the record envelope's revisions.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backa_desktop.domain.limits import LongText, ShortName, ShortText
from backa_desktop.domain.needs import Need


class PlanActionStatus(StrEnum):
    PLANERAD = "planerad"
    PAGAENDE = "pagaende"
    KLAR = "klar"
    AVBRUTEN = "avbruten"


ACTION_STATUS_LABELS: dict[PlanActionStatus, str] = {
    PlanActionStatus.PLANERAD: "Planerad",
    PlanActionStatus.PAGAENDE: "Pågående",
    PlanActionStatus.KLAR: "Klar",
    PlanActionStatus.AVBRUTEN: "Avbruten",
}

OPEN_STATUSES: frozenset[PlanActionStatus] = frozenset(
    {PlanActionStatus.PLANERAD, PlanActionStatus.PAGAENDE}
)


class Participant(BaseModel):
    """Someone taking part in the plan or a meeting: staff by id, family members by name."""

    model_config = ConfigDict(frozen=True)

    name: ShortName = ""
    staff_id: str | None = None
    unit_id: str | None = None
    role: ShortName = ""

    @model_validator(mode="after")
    def _named(self) -> Self:
        if not self.name and not self.staff_id:
            raise ValueError("En deltagare behöver ett namn eller en personal.")
        return self


class FollowUpMeeting(BaseModel):
    model_config = ConfigDict(frozen=True)

    held_on: date
    notes: LongText = ""
    participants: list[Participant] = Field(default_factory=list)


class BarnetsPlan(BaseModel):
    """The plan body. Flat top-level fields so that concurrent edits of different parts merge."""

    model_config = ConfigDict(frozen=True)

    child_id: str
    reason: LongText = ""
    need_ids: list[Need] = Field(default_factory=list)
    goals: list[ShortText] = Field(default_factory=list)
    child_view: LongText = ""
    guardians_view: LongText = ""
    expected_outcome: LongText = ""
    contingency: LongText = ""
    participants: list[Participant] = Field(default_factory=list)
    responsible_huvudman: ShortName = ""
    responsible_unit_id: str | None = None
    next_follow_up_on: date | None = None
    next_follow_up_place: ShortText = ""
    barnkontakt_staff_id: str | None = None
    stodsamordnare_staff_id: str | None = None
    sip_reference: ShortName = ""
    follow_ups: list[FollowUpMeeting] = Field(default_factory=list)
    created_on: date | None = None


class PlanAction(BaseModel):
    """One insats: what, who (a staff member and their unit, or a named person such as a
    guardian), by when, and how it is going."""

    model_config = ConfigDict(frozen=True)

    plan_id: str
    what: ShortText = Field(min_length=1)
    responsible_staff_id: str | None = None
    responsible_name: ShortName = ""
    responsible_unit_id: str | None = None
    due_on: date | None = None
    status: PlanActionStatus = PlanActionStatus.PLANERAD
    status_changed_on: date | None = None
    need_ids: list[Need] = Field(default_factory=list)
    note: LongText = ""
    order: int = 0

    @model_validator(mode="after")
    def _someone_responsible(self) -> Self:
        if not self.responsible_staff_id and not self.responsible_name:
            raise ValueError("Ange vem som ansvarar för insatsen.")
        return self

    @property
    def status_label(self) -> str:
        return ACTION_STATUS_LABELS[self.status]

    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, on: date) -> bool:
        return self.is_open() and self.due_on is not None and self.due_on < on


def set_action_status(action: PlanAction, status: PlanActionStatus, on: date) -> PlanAction:
    if status is action.status:
        return action
    return action.model_copy(update={"status": status, "status_changed_on": on})


def actions_of(plan_id: str, actions: Iterable[PlanAction]) -> list[PlanAction]:
    """The plan's actions in the order a family reads them: open ones by due date first (no
    date last), then finished ones."""
    own = [a for a in actions if a.plan_id == plan_id]
    return sorted(
        own,
        key=lambda a: (not a.is_open(), a.due_on is None, a.due_on or date.max, a.order, a.what),
    )


def overdue_actions(actions: Iterable[PlanAction], on: date) -> list[PlanAction]:
    return sorted((a for a in actions if a.is_overdue(on)), key=lambda a: a.due_on or date.max)


def actions_for_staff(actions: Iterable[PlanAction], staff_id: str) -> list[PlanAction]:
    """Open actions assigned to one person: their inbox."""
    return [a for a in actions if a.responsible_staff_id == staff_id and a.is_open()]


def actions_for_unit(actions: Iterable[PlanAction], unit_id: str) -> list[PlanAction]:
    return [a for a in actions if a.responsible_unit_id == unit_id and a.is_open()]


def follow_up_due(plan: BarnetsPlan, on: date, within_days: int = 0) -> bool:
    """True when the next follow-up is today, overdue, or within `within_days`."""
    if plan.next_follow_up_on is None:
        return False
    return (plan.next_follow_up_on - on).days <= within_days


def record_follow_up(
    plan: BarnetsPlan,
    meeting: FollowUpMeeting,
    next_follow_up_on: date | None,
    next_follow_up_place: str = "",
) -> BarnetsPlan:
    """Adds the meeting (kept in date order) and sets the next follow-up, which SIP practice
    asks to be set at every meeting."""
    if next_follow_up_on is not None and next_follow_up_on <= meeting.held_on:
        raise ValueError("Nästa uppföljning måste ligga efter mötet.")
    meetings = sorted([*plan.follow_ups, meeting], key=lambda m: m.held_on)
    return plan.model_copy(
        update={
            "follow_ups": meetings,
            "next_follow_up_on": next_follow_up_on,
            "next_follow_up_place": next_follow_up_place,
        }
    )
