"""Which answers a form expects and which of them count: slots, respondents, visibility.

Validation, scores and signing all walk the same slots and ask the same "answered?" and
"shown?" questions, so these rules live once, below them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from backa_desktop.domain.forms import (
    AnswerValue,
    Audience,
    FormDefinition,
    FormItem,
    Respondent,
    answer_key,
)


class AnswerSlot(NamedTuple):
    """One answer a form expects: the key it is stored under, its item and who gives it."""

    key: str
    item: FormItem
    respondent: Respondent | None


def answer_slots(definition: FormDefinition) -> list[AnswerSlot]:
    slots: list[AnswerSlot] = []
    for item in definition.items():
        if item.respondents is None:
            slots.append(AnswerSlot(item.id, item, None))
        else:
            slots.extend(AnswerSlot(answer_key(item.id, r), item, r) for r in item.respondents)
    return slots


def filler_respondents(definition: FormDefinition) -> tuple[Respondent, ...]:
    """Who answers the items that name no respondents: the form's own audience (for a staff
    or mixed form, the member of staff filling it in)."""
    if definition.audience is Audience.CHILD:
        return (Respondent.CHILD,)
    if definition.audience is Audience.GUARDIAN:
        return (Respondent.GUARDIAN_1, Respondent.GUARDIAN_2)
    return (Respondent.STAFF,)


def items_for(definition: FormDefinition, respondent: Respondent) -> list[FormItem]:
    """The items the given respondent answers, in form order: what the child-facing
    conversation mode shows the child, or a guardian's column in a talk."""
    fillers = filler_respondents(definition)
    return [
        item
        for item in definition.items()
        if (
            respondent in item.respondents
            if item.respondents is not None
            else respondent in fillers
        )
    ]


def respondents_of(definition: FormDefinition) -> list[Respondent]:
    """Everyone who answers something in the form, in `Respondent` order."""
    found: set[Respondent] = set()
    for item in definition.items():
        found.update(item.respondents if item.respondents is not None else ())
    if any(item.respondents is None for item in definition.items()):
        found.update(filler_respondents(definition))
    return [r for r in Respondent if r in found]


def is_answered(value: AnswerValue | None) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return bool(value)
    return True


def is_scale_value(value: object) -> bool:
    """A counted 1–5 answer (not "Vet ej", and not True, which Python counts as 1)."""
    return type(value) is int and 1 <= value <= 5


def is_visible(
    definition: FormDefinition, item: FormItem, answers: Mapping[str, AnswerValue | None]
) -> bool:
    """Whether an item is shown given the answers so far. An item whose condition depends on
    a hidden item is hidden too; conditions point backwards, so this always ends."""
    condition = item.show_if
    if condition is None:
        return True
    target = definition.item(condition.item)
    if not is_visible(definition, target, answers):
        return False
    value = answers.get(target.id)
    if not is_answered(value):
        return False
    wanted = condition.values()
    if isinstance(value, list):
        return any(_same(v, w) for v in value for w in wanted)
    return any(_same(value, w) for w in wanted)


def _same(value: object, wanted: object) -> bool:
    """Equality that keeps True apart from 1 (bool is an int in Python)."""
    return type(value) is type(wanted) and value == wanted
