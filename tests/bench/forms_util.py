"""The shipped form definitions, and complete answers for any of them, so the bench signs
and stores form responses through the real form engine (valid bodies, real content hashes)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date
from typing import Any

from backa_desktop.domain import forms as f
from backa_desktop.domain.form_engine import answer_slots
from backa_desktop.domain.forms import FormDefinition, FormResponse
from backa_desktop.services.forms import FormRegistry, default_forms_dir

NEED_STATUSES = ("uppfyllt", "inte_uppfyllt", "vet_inte")


def forms_mapping() -> Mapping[tuple[str, int], FormDefinition]:
    registry = FormRegistry.load(default_forms_dir())
    return {(d.id, d.version): d for d in registry.all_forms()}


def latest(forms: Mapping[tuple[str, int], FormDefinition], form_id: str) -> FormDefinition:
    return max((d for (fid, _), d in forms.items() if fid == form_id), key=lambda d: d.version)


def fill(definition: FormDefinition, response: FormResponse, me_id: str, unit_id: str,
         rng: random.Random | None = None) -> FormResponse:
    """Every slot answered validly: need statuses (random when given a generator), the middle
    of a scale, the first option, a short fictional text, today, me, my unit."""
    answers: dict[str, Any] = dict(response.answers)
    for slot in answer_slots(definition):
        item = slot.item
        value: Any
        if isinstance(item, f.NeedStatusItem):
            value = rng.choice(NEED_STATUSES) if rng else "inte_uppfyllt"
        elif isinstance(item, f.ScaleItem | f.SmileyItem):
            value = rng.randint(1, 5) if rng else 3
        elif isinstance(item, f.SingleChoiceItem):
            value = item.options[0].id
        elif isinstance(item, f.MultiChoiceItem):
            value = [o.id for o in item.options[: max(1, item.min_selected or 1)]]
        elif isinstance(item, f.YesNoItem):
            value = True
        elif isinstance(item, f.TextItem):
            value = "Fiktiv text för mätning."
        elif isinstance(item, f.DateItem):
            value = date.today().isoformat()
        elif isinstance(item, f.PersonItem):
            value = me_id
        elif isinstance(item, f.UnitItem):
            value = unit_id
        elif isinstance(item, f.DecisionItem):
            value = item.options[0].id.value
        else:
            continue
        answers.setdefault(slot.key, value)
    return response.model_copy(update={"answers": answers})
