"""What a response says about the child's needs: means, statuses, the decision it records.

Read by the overview, the compass chart, the printouts and the central statistics alike, so
a mean or an unmet need is computed in one way everywhere."""

from __future__ import annotations

from collections.abc import Iterable

from backa_desktop.domain.form_engine.answers import answer_slots, is_scale_value
from backa_desktop.domain.forms import (
    CompassDefinition,
    DecisionItem,
    FormDefinition,
    FormResponse,
    NeedStatusItem,
    Respondent,
    ScaleItem,
    SmileyItem,
)
from backa_desktop.domain.needs import CARD_ORDER, Need, NeedStatus
from backa_desktop.domain.process import Beslut


def need_means(
    definition: FormDefinition, response: FormResponse, respondent: Respondent | None = None
) -> dict[Need, float | None]:
    """The mean (medelvärde) per need of the 1–5 and smiley answers tied to that need, for
    one respondent (None: the items that name no respondents). "Vet ej" and unanswered items
    do not count; a need with no counted answer has the mean None. Only needs the form rates
    for that respondent appear, in card order."""
    values: dict[Need, list[int]] = {}
    for slot in answer_slots(definition):
        item = slot.item
        if not isinstance(item, ScaleItem | SmileyItem) or item.need is None:
            continue
        if slot.respondent is not respondent:
            continue
        bucket = values.setdefault(item.need, [])
        value = response.answers.get(slot.key)
        if is_scale_value(value):
            assert isinstance(value, int)
            bucket.append(value)
    return {
        need: (sum(values[need]) / len(values[need]) if values[need] else None)
        for need in CARD_ORDER
        if need in values
    }


def means_by_respondent(
    definition: FormDefinition, response: FormResponse
) -> dict[Respondent | None, dict[Need, float | None]]:
    """Per-need means for every respondent the form rates (one radar polygon each)."""
    keys: list[Respondent | None] = [None, *Respondent]
    result = {r: need_means(definition, response, r) for r in keys}
    return {r: means for r, means in result.items() if means}


def need_statuses(definition: FormDefinition, response: FormResponse) -> dict[Need, NeedStatus]:
    """The need statuses an Upptäckarkort gives, in card order."""
    found: dict[Need, NeedStatus] = {}
    for item in definition.items():
        if isinstance(item, NeedStatusItem) and item.need is not None:
            value = response.answers.get(item.id)
            if isinstance(value, str) and value in set(NeedStatus):
                found.setdefault(item.need, NeedStatus(value))
    return {n: found[n] for n in CARD_ORDER if n in found}


def unmet_needs(definition: FormDefinition, response: FormResponse) -> list[Need]:
    """The needs marked "inte uppfyllt", in card order."""
    return [
        need
        for need, status in need_statuses(definition, response).items()
        if status is NeedStatus.INTE_UPPFYLLT
    ]


def decision(definition: FormDefinition, response: FormResponse) -> Beslut | None:
    """The process decision a response records (Fem frågor), if the form asks for one."""
    for item in definition.items():
        if isinstance(item, DecisionItem):
            value = response.answers.get(item.id)
            if isinstance(value, str) and value in {b.value for b in Beslut}:
                return Beslut(value)
    return None


def concern_flags(compass: CompassDefinition, ticked: Iterable[str]) -> tuple[bool, bool]:
    """(criminal_data, prompts_orosanmalan) for a set of ticked concern indicator ids: the UI
    reminds of the duty to report and the store marks Art. 10 data."""
    criminal = prompts = False
    for indicator_id in ticked:
        indicator = compass.concern_indicator(indicator_id)
        criminal = criminal or indicator.criminal_data
        prompts = prompts or indicator.prompts_orosanmalan
    return criminal, prompts
