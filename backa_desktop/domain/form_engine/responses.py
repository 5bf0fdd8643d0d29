"""A response's life: a new draft (prefilled), signing it, and starting its correction.

Signing checks with `validation` and then drops what must not be kept (empty and hidden
answers); a correction starts from the signed answers the newer form still has a place for."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from backa_desktop.domain.errors import InvalidValue
from backa_desktop.domain.form_engine.answers import answer_slots, is_answered, is_visible
from backa_desktop.domain.form_engine.scores import unmet_needs
from backa_desktop.domain.form_engine.validation import (
    FieldProblem,
    FormMismatchError,
    ResponseInvalidError,
    validate_response,
)
from backa_desktop.domain.forms import (
    AnswerValue,
    CompassDefinition,
    FormDefinition,
    FormResponse,
    PrefillSource,
    ResponseStatus,
    co_signer_problem,
    parse_answer_key,
)
from backa_desktop.domain.needs import Need


@dataclass(frozen=True)
class PrefillContext:
    """What a new response may start from. `need_labels` and `need_comments` let Fem frågor
    question 1 list the unmet needs in the compass's own words, with the Upptäckare's note."""

    today: date | None = None
    current_user: str | None = None
    unmet_needs: tuple[Need, ...] = ()
    need_labels: Mapping[Need, str] = field(default_factory=dict)
    need_comments: Mapping[Need, str] = field(default_factory=dict)

    @classmethod
    def from_upptackarkort(
        cls,
        card_definition: FormDefinition,
        card_response: FormResponse,
        compass: CompassDefinition | None = None,
        *,
        today: date | None = None,
        current_user: str | None = None,
    ) -> PrefillContext:
        unmet = tuple(unmet_needs(card_definition, card_response))
        labels = {n: compass.label(n) for n in unmet} if compass is not None else {}
        comments = {
            n: card_response.comments[n].strip()
            for n in unmet
            if card_response.comments.get(n, "").strip()
        }
        return cls(
            today=today,
            current_user=current_user,
            unmet_needs=unmet,
            need_labels=labels,
            need_comments=comments,
        )


def unmet_needs_text(context: PrefillContext) -> str:
    """One line per unmet need: its label, and the Upptäckare's comment after a colon."""
    lines = []
    for need in context.unmet_needs:
        label = context.need_labels.get(need, need.value.upper())
        comment = context.need_comments.get(need)
        lines.append(f"{label}: {comment}" if comment else label)
    return "\n".join(lines)


def prefill(definition: FormDefinition, context: PrefillContext) -> dict[str, AnswerValue]:
    """Starting answers for a new response (the user can change them all)."""
    answers: dict[str, AnswerValue] = {}
    for item in definition.items():
        source = getattr(item, "prefill", None)
        value: str | None = None
        if source is PrefillSource.TODAY and context.today is not None:
            value = context.today.isoformat()
        elif source is PrefillSource.CURRENT_USER:
            value = context.current_user
        elif source is PrefillSource.UNMET_NEEDS:
            value = unmet_needs_text(context) or None
        if value:
            answers[item.id] = value
    return answers


def new_response(
    definition: FormDefinition, child_id: str, context: PrefillContext | None = None
) -> FormResponse:
    """A fresh draft for the child under exactly this definition, prefilled."""
    return FormResponse(
        form_id=definition.id,
        form_version=definition.version,
        content_hash=definition.content_hash,
        child_id=child_id,
        answers=dict(prefill(definition, context or PrefillContext())),
    )


def sign(
    definition: FormDefinition,
    response: FormResponse,
    *,
    signed_by: str,
    signed_at: datetime,
    co_signer: str | None = None,
) -> FormResponse:
    """The signed, immutable version of a draft: empty and hidden answers dropped, the
    occasion date and co-signer taken from their items when the form names them. Raises
    `ResponseInvalidError` with per-field problems when the draft is not complete."""
    if response.status is ResponseStatus.SIGNED:
        raise InvalidValue("form.already_signed")
    errors = validate_response(definition, response)
    if errors:
        raise ResponseInvalidError(errors)
    answers = {
        key: value
        for key, value in response.answers.items()
        if value is not None
        and is_answered(value)
        and is_visible(definition, definition.item(parse_answer_key(key)[0]), response.answers)
    }
    comments = {n: t for n, t in response.comments.items() if t.strip()}
    occasion = response.occasion_date
    if definition.occasion_item is not None:
        given = answers.get(definition.occasion_item)
        if isinstance(given, str):
            occasion = date.fromisoformat(given)
    if co_signer is None and definition.co_signer_item is not None:
        named = answers.get(definition.co_signer_item)
        co_signer = named if isinstance(named, str) else None
    co_signer = co_signer if co_signer is not None else response.co_signer
    problem = co_signer_problem(co_signer, signed_by)
    if problem is not None:
        field_key = definition.co_signer_item or "co_signer"
        raise ResponseInvalidError({field_key: FieldProblem(problem)})
    # No second validation here: `validate_response` checked the answers against the form,
    # and the store validates the body with `FormResponse` once when it is written.
    return response.model_copy(
        update={
            "answers": answers,
            "comments": comments,
            "status": ResponseStatus.SIGNED,
            "signed_by": signed_by,
            "signed_at": signed_at,
            "co_signer": co_signer,
            "occasion_date": occasion,
        }
    )


def start_correction(
    definition: FormDefinition, original: FormResponse, original_record_id: str
) -> FormResponse:
    """A draft that corrects a signed response, starting from its answers. The definition
    may be a newer version of the form; answers it has no place for are left out."""
    if not original.signed:
        raise InvalidValue("form.correct_signed_only")
    if original.form_id != definition.id:
        raise FormMismatchError(f"svaret gäller {original.form_id}, inte {definition.id}")
    slots = {slot.key for slot in answer_slots(definition)}
    needs = definition.comment_needs()
    return FormResponse(
        form_id=definition.id,
        form_version=definition.version,
        content_hash=definition.content_hash,
        child_id=original.child_id,
        answers={k: v for k, v in original.answers.items() if k in slots},
        comments={n: t for n, t in original.comments.items() if n in needs},
        co_signer=original.co_signer,
        corrects=original_record_id,
        occasion_date=original.occasion_date,
    )
