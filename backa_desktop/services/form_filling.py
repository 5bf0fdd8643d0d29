"""Starting a form for a child and signing it: which use case a form is, decided here.

A screen asks for a kind of form (`FormUse`: an Upptäckarkort, Fem frågor, a Samtal, a
Skattning) and signs whatever it shows; this module picks the definition (the Samtal for the
child's age set), the prefill (Fem frågor starts from the latest card) and the signing use
case (the card is sent, Fem frågor ends in a decision), so no front end compares form ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backa_desktop.domain import form_engine
from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.form_ids import SAMTAL_PREFIX, FormUse, ShippedForm
from backa_desktop.domain.form_ids import form_use as form_use  # screens ask what a form is
from backa_desktop.domain.forms import FormDefinition, FormResponse, UnitItem
from backa_desktop.domain.process import Beslut, ChildStatus, Decision, samtal_age_set
from backa_desktop.domain.records import Record
from backa_desktop.services import workflow
from backa_desktop.services.children import get_child
from backa_desktop.services.forms import FormNotFoundError, FormRegistry
from backa_desktop.services.vault import Session


def pick_samtal(registry: FormRegistry, birth: date | None, today: date) -> FormDefinition:
    """The Samtalsunderlag for the child's age set; the youngest set for a child under 4."""
    age_set = samtal_age_set(birth, today) if birth else None
    candidates = [f for f in registry.released_forms() if form_use(f.id) is FormUse.SAMTAL]
    if not candidates:
        raise FormNotFoundError("Det finns inget samtalsunderlag.")
    if age_set:
        wanted = SAMTAL_PREFIX + age_set.replace("-", "_")
        for form in candidates:
            if form.id == wanted:
                return form
    return min(candidates, key=lambda f: f.age_range.min if f.age_range else 99)


_FORM_OF_USE: dict[FormUse, ShippedForm] = {
    FormUse.UPPTACKARKORT: ShippedForm.UPPTACKARKORT,
    FormUse.FEM_FRAGOR: ShippedForm.FEM_FRAGOR,
    FormUse.SKATTNING: ShippedForm.SKATTNING,
    FormUse.FORDJUPAD: ShippedForm.FORDJUPAD_BEHOVSKOMPASS,
}


@dataclass(frozen=True)
class NewForm:
    """A form opened for filling in: a restored draft or a freshly prefilled response."""

    definition: FormDefinition
    use: FormUse
    response: FormResponse
    child_name: str
    draft_key: str
    draft_saved_at: str | None


def start_form(
    session: Session, registry: FormRegistry, use: FormUse, child_id: str, today: date
) -> NewForm:
    """The child's form of this kind, continuing the saved draft when there is one for the
    same version. Opening reads the child's profile, which is audited."""
    _record, profile = get_child(session, child_id)
    if use is FormUse.SAMTAL:
        definition = pick_samtal(registry, profile.birth_date, today)
    elif use in _FORM_OF_USE:
        definition = registry.get(_FORM_OF_USE[use])
    else:
        raise FormNotFoundError(f"Ingen blankett av slaget {use.value}.")
    key = workflow.draft_key(definition.id, child_id)
    saved = workflow.load_draft(session, key)
    if saved is not None and saved[0].form_version == definition.version:
        response, _extra, saved_at = saved
    else:
        if use is FormUse.FEM_FRAGOR:
            try:
                card_def: FormDefinition | None = registry.get(ShippedForm.UPPTACKARKORT)
            except FormNotFoundError:
                card_def = None
            context = workflow.fem_fragor_context(
                session, card_def, registry.compass(), child_id, today
            )
        else:
            context = form_engine.PrefillContext(today=today, current_user=session.me_id)
        response = form_engine.new_response(definition, child_id, context)
        if use is FormUse.UPPTACKARKORT and profile.unit_id:
            response = _receiving_unit(definition, response, profile.unit_id)
        saved_at = None
    return NewForm(definition, use, response, profile.display_name, key, saved_at)


def _receiving_unit(
    definition: FormDefinition, response: FormResponse, unit_id: str
) -> FormResponse:
    """The card goes to the Barnkontakt of the unit the child attends now: start its unit
    question at the child's unit (the user may pick another)."""
    answers = dict(response.answers)
    for item in definition.items():
        if isinstance(item, UnitItem) and answers.get(item.id) in (None, ""):
            answers[item.id] = unit_id
    return response.model_copy(update={"answers": answers})


SignResult = workflow.CardResult | tuple[Record, Record, ChildStatus | None] | Record
"""What signing returns: the card sent, the Fem frågor with its decision, or the record."""


def sign(
    session: Session, definition: FormDefinition, response: FormResponse, draft: str
) -> SignResult:
    """Sign the response by what its form is for: the card is sent to the Barnkontakt, Fem
    frågor is signed with the decision it ends in, any other form is signed and stored."""
    use = form_use(definition.id)
    if use is FormUse.UPPTACKARKORT:
        return workflow.submit_upptackarkort(session, definition, response, draft=draft)
    if use is FormUse.FEM_FRAGOR:
        return workflow.decide_from_fem_fragor(session, definition, response, draft=draft)
    return workflow.sign_form(session, definition, response, draft=draft)


def orosanmalan_to_write(result: SignResult) -> str | None:
    """The child to write an orosanmälan about now: signing Fem frågor ended in the decision
    to report (the report itself is its own use case, written by the user)."""
    if isinstance(result, tuple):
        _response, decision, _status = result
        if body_as(decision, Decision).beslut is Beslut.OROSANMALAN:
            return decision.child_id
    return None
