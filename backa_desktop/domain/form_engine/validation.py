"""Is a response valid: one problem per field, each a message key for the field it is about.

A problem is keyed by what the UI puts it next to: an answer key
(`answer_key(item_id, respondent)`), a rule id (`AtLeastOneRule.id`) or a comment key
(`comment_key(need)`). Each problem is a `FieldProblem` (a message key and its parameters from
domain/error_texts.py), so the English app shows English next to the questions; a form's own
rule message is form text and is shown as the form wrote it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Final

from backa_desktop.domain.errors import RAW_TEXT, Message
from backa_desktop.domain.form_engine.answers import (
    answer_slots,
    is_answered,
    is_scale_value,
    is_visible,
)
from backa_desktop.domain.forms import (
    VET_EJ,
    AnswerValue,
    DateItem,
    DecisionItem,
    FormDefinition,
    FormItem,
    FormResponse,
    MultiChoiceItem,
    NeedStatusItem,
    PersonItem,
    Respondent,
    ScaleItem,
    SingleChoiceItem,
    SmileyItem,
    TextItem,
    UnitItem,
    YesNoItem,
    answer_key,
    comment_key,
    other_unit_name,
    parse_answer_key,
)
from backa_desktop.domain.limits import NAME_MAX
from backa_desktop.domain.needs import NeedStatus


class FieldProblem(Message):
    """What is wrong with one field: a message key and plain parameters, shown in the
    language in force (`Message.text`)."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key, params)


Errors = dict[str, Message]
"""Validation result: key (answer key, rule id or comment key) -> the problem there."""

MSG_SCALE: Final = "form.scale"
MSG_SCALE_OR_VET_EJ: Final = "form.scale_or_vet_ej"
MSG_CHOICE: Final = "form.choice"
MSG_YES_NO: Final = "form.yes_no"
MSG_TEXT: Final = "form.text"
MSG_DATE: Final = "form.date"
MSG_PERSON: Final = "form.person"
MSG_UNIT: Final = "form.unit"
MSG_OTHER_UNIT: Final = "form.other_unit"
MSG_DECISION: Final = "decision.choose"
MSG_COMMENT: Final = "form.comment"
MSG_UNKNOWN: Final = "form.unknown_item"
MSG_CO_SIGNER: Final = "form.co_signer_not_named"
KEYS_RESPONDENT: Final[Mapping[Respondent, str]] = {
    Respondent.CHILD: "respondent.child",
    Respondent.GUARDIAN_1: "respondent.guardian_1",
    Respondent.GUARDIAN_2: "respondent.guardian_2",
    Respondent.STAFF: "respondent.staff",
}


class FormMismatchError(ValueError):
    """The response was given under another form, version or wording than the definition
    it is checked against: a programming error, never shown to a family."""


class ResponseInvalidError(ValueError):
    """Signing failed; `errors` holds the problems to show next to the fields."""

    def __init__(self, errors: Errors) -> None:
        super().__init__(f"{len(errors)} fel i svaret: " + ", ".join(sorted(errors)))
        self.errors = errors


def _valid_iso_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _need_status_problem(item: NeedStatusItem) -> FieldProblem:
    first, second, third = (item.labels[s] for s in NeedStatus)
    return FieldProblem("form.need_status", first=first, second=second, third=third)


def value_problem(item: FormItem, value: AnswerValue) -> Message | None:
    """Why an (answered) value does not fit its item, or None when it does."""
    if isinstance(item, NeedStatusItem):
        if isinstance(value, str) and value in set(NeedStatus):
            return None
        return _need_status_problem(item)
    if isinstance(item, ScaleItem | SmileyItem):
        if is_scale_value(value) or (item.vet_ej and value == VET_EJ):
            return None
        return FieldProblem(MSG_SCALE_OR_VET_EJ if item.vet_ej else MSG_SCALE)
    if isinstance(item, SingleChoiceItem):
        if isinstance(value, str) and value in {o.id for o in item.options}:
            return None
        return FieldProblem(MSG_CHOICE)
    if isinstance(item, MultiChoiceItem):
        return _multi_problem(item, value)
    if isinstance(item, YesNoItem):
        return None if type(value) is bool else FieldProblem(MSG_YES_NO)
    if isinstance(item, TextItem):
        if not isinstance(value, str):
            return FieldProblem(MSG_TEXT)
        if item.max_length is not None and len(value) > item.max_length:
            return FieldProblem("form.text_too_long", max_length=item.max_length)
        return None
    if isinstance(item, DateItem):
        return None if _valid_iso_date(value) else FieldProblem(MSG_DATE)
    if isinstance(item, PersonItem):
        return None if isinstance(value, str) else FieldProblem(MSG_PERSON)
    if isinstance(item, UnitItem):
        if not isinstance(value, str):
            return FieldProblem(MSG_UNIT)
        other = other_unit_name(value)
        if other is not None and not other:
            return FieldProblem(MSG_OTHER_UNIT)
        if other is not None and len(other) > NAME_MAX:
            return FieldProblem("form.text_too_long", max_length=NAME_MAX)
        return None
    if isinstance(item, DecisionItem):
        if isinstance(value, str) and value in {o.id.value for o in item.options}:
            return None
        return FieldProblem(MSG_DECISION)
    raise AssertionError(f"unhandled item kind {item.kind}")  # pragma: no cover


def _multi_problem(item: MultiChoiceItem, value: AnswerValue) -> Message | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return FieldProblem("form.choose_some")
    allowed = {o.id for o in item.options}
    if any(v not in allowed for v in value) or len(set(value)) != len(value):
        return FieldProblem("form.choose_each_once")
    if item.min_selected and len(value) < item.min_selected:
        return FieldProblem("form.choose_at_least", count=item.min_selected)
    if item.max_selected is not None and len(value) > item.max_selected:
        return FieldProblem("form.choose_at_most", count=item.max_selected)
    return None


def required_message(item: FormItem) -> Message:
    """What to say next to a required item left empty."""
    if isinstance(item, NeedStatusItem):
        return _need_status_problem(item)
    if isinstance(item, ScaleItem | SmileyItem):
        return FieldProblem(MSG_SCALE_OR_VET_EJ if item.vet_ej else MSG_SCALE)
    if isinstance(item, MultiChoiceItem):
        return FieldProblem("form.choose_at_least", count=max(item.min_selected, 1))
    keys: dict[type, str] = {
        SingleChoiceItem: MSG_CHOICE,
        YesNoItem: MSG_YES_NO,
        TextItem: MSG_TEXT,
        DateItem: MSG_DATE,
        PersonItem: MSG_PERSON,
        UnitItem: MSG_UNIT,
        DecisionItem: MSG_DECISION,
    }
    return FieldProblem(keys[type(item)])


def check_matches(definition: FormDefinition, response: FormResponse) -> None:
    """Raise unless the response was given under exactly this definition."""
    if (response.form_id, response.form_version) != (definition.id, definition.version):
        raise FormMismatchError(
            f"svaret gäller {response.form_id} v{response.form_version}, "
            f"inte {definition.id} v{definition.version}"
        )
    if response.content_hash != definition.content_hash:
        raise FormMismatchError(
            f"svaret gavs under en annan lydelse av {definition.id} v{definition.version}"
        )


def validate_response(
    definition: FormDefinition, response: FormResponse, *, check_required: bool = True
) -> Errors:
    """Every problem with the response, one per key; empty when valid.

    With `check_required=False` (a draft being saved) only the values given are checked:
    a draft may be incomplete, but never hold a value the form cannot show. A required item
    answered by several respondents needs an answer from each of them. Answers to hidden
    items are not checked (signing drops them)."""
    check_matches(definition, response)
    answers = response.answers
    errors: Errors = {}

    def report(key: str, problem: Message) -> None:
        errors.setdefault(key, problem)

    for key, value in answers.items():
        item_id, respondent = parse_answer_key(key)
        if not definition.has_item(item_id):
            report(key, FieldProblem(MSG_UNKNOWN))
            continue
        item = definition.item(item_id)
        if item.respondents is None and respondent is not None:
            report(key, FieldProblem("form.single_respondent"))
            continue
        if item.respondents is not None and respondent is None:
            report(key, FieldProblem("form.respondent_missing"))
            continue
        if item.respondents is not None and respondent not in item.respondents:
            assert respondent is not None
            report(
                key,
                FieldProblem("form.not_asked_of", respondent_label=KEYS_RESPONDENT[respondent]),
            )
            continue
        if value is None or not is_answered(value) or not is_visible(definition, item, answers):
            continue
        problem = value_problem(item, value)
        if problem is not None:
            report(key, problem)

    if check_required:
        for slot in answer_slots(definition):
            if (
                slot.item.required
                and not is_answered(answers.get(slot.key))
                and is_visible(definition, slot.item, answers)
            ):
                report(slot.key, required_message(slot.item))
        for rule in definition.rules:
            if not any(_item_answered(definition, target, answers) for target in rule.items):
                report(rule.id, FieldProblem(RAW_TEXT, text=rule.message))

    asked = definition.comment_needs()
    for need, text in response.comments.items():
        spec = asked.get(need)
        if spec is None:
            report(comment_key(need), FieldProblem("form.comment_not_asked"))
        elif spec.max_length is not None and len(text) > spec.max_length:
            too_long = FieldProblem("form.text_too_long", max_length=spec.max_length)
            report(comment_key(need), too_long)
    if check_required:
        for need, spec in asked.items():
            if spec.required and not response.comments.get(need, "").strip():
                report(comment_key(need), FieldProblem(MSG_COMMENT))

    if definition.co_signer_item is not None and response.co_signer is not None:
        named = answers.get(definition.co_signer_item)
        if is_answered(named) and named != response.co_signer:
            report(definition.co_signer_item, FieldProblem(MSG_CO_SIGNER))
    return errors


def _item_answered(
    definition: FormDefinition, item_id: str, answers: Mapping[str, AnswerValue | None]
) -> bool:
    item = definition.item(item_id)
    if not is_visible(definition, item, answers):
        return False
    keys = (
        [item.id]
        if item.respondents is None
        else [answer_key(item.id, r) for r in item.respondents]
    )
    return any(is_answered(answers.get(k)) for k in keys)


def missing_required(definition: FormDefinition, response: FormResponse) -> list[str]:
    """Keys still to answer before the response can be signed, in form order."""
    errors = validate_response(definition, response)
    order = [slot.key for slot in answer_slots(definition)]
    return [k for k in order if k in errors]
