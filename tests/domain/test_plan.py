"""Barnets plan and its actions (domain.md §1.14)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from backa_desktop.domain.needs import Need
from backa_desktop.domain.plan import (
    ACTION_STATUS_LABELS,
    BarnetsPlan,
    FollowUpMeeting,
    Participant,
    PlanAction,
    PlanActionStatus,
    actions_for_staff,
    actions_of,
    follow_up_due,
    overdue_actions,
    record_follow_up,
    set_action_status,
)


def test_status_labels_are_swedish() -> None:
    assert [ACTION_STATUS_LABELS[s] for s in PlanActionStatus] == [
        "Planerad", "Pågående", "Klar", "Avbruten"
    ]


def test_action_needs_someone_responsible() -> None:
    with pytest.raises(ValidationError):
        PlanAction(plan_id="p", what="Träffa kurator")
    PlanAction(plan_id="p", what="Följa med till träningen", responsible_name="Mamma")


def test_actions_order_overdue_and_inbox() -> None:
    a = PlanAction(plan_id="p", what="A", responsible_staff_id="s1", due_on=date(2026, 3, 1))
    b = PlanAction(plan_id="p", what="B", responsible_staff_id="s2", due_on=date(2026, 1, 15))
    c = PlanAction(plan_id="p", what="C", responsible_name="Pappa")
    d = set_action_status(
        PlanAction(plan_id="p", what="D", responsible_staff_id="s1", due_on=date(2025, 1, 1)),
        PlanActionStatus.KLAR, date(2025, 1, 2),
    )
    other = PlanAction(plan_id="q", what="X", responsible_staff_id="s1")
    assert [x.what for x in actions_of("p", [c, a, other, d, b])] == ["B", "A", "C", "D"]
    assert d.status_changed_on == date(2025, 1, 2) and d.status_label == "Klar"
    assert overdue_actions([a, b, c, d], date(2026, 2, 1)) == [b]
    assert [x.what for x in actions_for_staff([a, b, c, d, other], "s1")] == ["A", "X"]


def test_follow_up_meeting_sets_next_date() -> None:
    plan = BarnetsPlan(child_id="c", need_ids=[Need.TRYGGHET, Need.FRITID],
                       goals=["Jag vill ha en kompis att leka med på rasten."],
                       next_follow_up_on=date(2026, 2, 1))
    assert follow_up_due(plan, date(2026, 2, 1))
    assert follow_up_due(plan, date(2026, 1, 25), within_days=7)
    assert not follow_up_due(plan, date(2026, 1, 20), within_days=7)
    meeting = FollowUpMeeting(held_on=date(2026, 2, 1), notes="Det går bättre på rasterna.",
                              participants=[Participant(name="Mamma"),
                                            Participant(staff_id="bk")])
    after = record_follow_up(plan, meeting, date(2026, 4, 1), "Backaskolan, rum 12")
    assert after.follow_ups == [meeting] and after.next_follow_up_on == date(2026, 4, 1)
    with pytest.raises(ValueError):
        record_follow_up(plan, meeting, date(2026, 1, 1))
    with pytest.raises(ValidationError):
        Participant()


def test_plan_round_trips_as_record_body() -> None:
    plan = BarnetsPlan(child_id="c", need_ids=[Need.HALSA], responsible_huvudman="Ystads kommun",
                       next_follow_up_on=date(2026, 2, 1))
    body = plan.model_dump(mode="json")
    assert body["need_ids"] == ["halsa"] and body["next_follow_up_on"] == "2026-02-01"
    assert BarnetsPlan.model_validate(body) == plan
