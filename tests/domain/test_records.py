"""The subject-child rule: which child a record is about, for every record type."""

from __future__ import annotations

import pytest

from backa_desktop.domain.records import Record, RecordType, subject_child


def test_a_child_profile_is_its_own_subject() -> None:
    assert subject_child(RecordType.CHILD, "c-1", None) == "c-1"
    # Whatever the envelope claims, the profile is filed under its own id.
    assert subject_child("child", "c-1", "c-other") == "c-1"


@pytest.mark.parametrize("record_type", [t for t in RecordType if t is not RecordType.CHILD])
def test_every_other_record_names_its_child(record_type: RecordType) -> None:
    assert subject_child(record_type, "r-1", "c-1") == "c-1"
    assert subject_child(record_type, "r-1", None) is None


def test_the_record_property_uses_the_same_rule() -> None:
    child = Record(type=RecordType.CHILD, body={}, author="a", device="d")
    card = Record(
        type=RecordType.FORM_RESPONSE, child_id=child.id, body={}, author="a", device="d"
    )
    unit = Record(type=RecordType.UNIT, body={}, author="a", device="d")
    assert child.subject_child == child.id
    assert card.subject_child == child.id
    assert unit.subject_child is None


def test_a_body_is_read_as_its_registered_model_only() -> None:
    from backa_desktop.domain.bodies import body_as
    from backa_desktop.domain.notes import TimelineNote
    from backa_desktop.domain.plan import BarnetsPlan, PlanAction

    note = Record(
        type=RecordType.NOTE,
        child_id="c-1",
        body={"child_id": "c-1", "happened_on": "2026-11-20", "text": "Möte med skolan."},
        author="a",
        device="d",
    )
    typed = body_as(note, TimelineNote)
    assert typed.text == "Möte med skolan." and typed.event is None
    action = Record(type=RecordType.PLAN_ACTION, body={}, author="a", device="d")
    with pytest.raises(TypeError, match="plan_action body is PlanAction, not BarnetsPlan"):
        body_as(action, BarnetsPlan)
    conflict = Record(type=RecordType.CONFLICT, body={}, author="a", device="d")
    with pytest.raises(TypeError, match="untyped"):
        body_as(conflict, PlanAction)
