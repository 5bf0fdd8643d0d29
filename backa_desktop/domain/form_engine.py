"""The form engine: what a response means, checked without Qt.

The renderer in `ui/` only draws what a definition says; every decision about an answer
(is it valid, is it required now, is the item visible, what does a new response start with,
which needs are unmet, what is the mean) is made here, so the same rules hold in the GUI,
the CLI, the central store and the tests (style.md §4 item 6).

Validation messages are Swedish and keyed so a UI can put each next to its field:
an answer key (`answer_key(item_id, respondent)`), a rule id (`AtLeastOneRule.id`) or a
comment key (`comment_key(need)`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final, NamedTuple

from backa_desktop.domain.forms import (
    VET_EJ,
    AnswerValue,
    Audience,
    CompassDefinition,
    DateItem,
    DecisionItem,
    FormDefinition,
    FormItem,
    FormResponse,
    MultiChoiceItem,
    NeedStatusItem,
    PersonItem,
    PrefillSource,
    Respondent,
    ResponseStatus,
    ScaleItem,
    SingleChoiceItem,
    SmileyItem,
    TextItem,
    UnitItem,
    YesNoItem,
    answer_key,
    co_signer_problem,
    comment_key,
    parse_answer_key,
)
from backa_desktop.domain.needs import CARD_ORDER, Need, NeedStatus
from backa_desktop.domain.process import Beslut

Errors = dict[str, str]
"""Validation result: key (answer key, rule id or comment key) -> Swedish message."""

MSG_SCALE: Final = "Välj ett värde mellan 1 och 5."
MSG_SCALE_OR_VET_EJ: Final = "Välj ett värde mellan 1 och 5 eller Vet ej."
MSG_CHOICE: Final = "Välj ett alternativ."
MSG_YES_NO: Final = "Svara ja eller nej."
MSG_TEXT: Final = "Skriv ett svar."
MSG_DATE: Final = "Ange ett datum (ÅÅÅÅ-MM-DD)."
MSG_PERSON: Final = "Välj en person."
MSG_UNIT: Final = "Välj en enhet."
MSG_DECISION: Final = "Välj ett beslut."
MSG_COMMENT: Final = "Skriv en kommentar."
MSG_UNKNOWN: Final = "Frågan finns inte i den här versionen av formuläret."
MSG_CO_SIGNER: Final = "Medbedömaren ska vara den arbetskollega som står i formuläret."


class FormMismatchError(ValueError):
    """The response was given under another form, version or wording than the definition
    it is checked against: a programming error, never shown to a family."""


class ResponseInvalidError(ValueError):
    """Signing failed; `errors` holds the messages to show next to the fields."""

    def __init__(self, errors: Errors) -> None:
        super().__init__(f"{len(errors)} fel i svaret: " + ", ".join(sorted(errors)))
        self.errors = errors


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


# --- answers -------------------------------------------------------------------------------


def is_answered(value: AnswerValue | None) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return bool(value)
    return True


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


def _is_scale_value(value: object) -> bool:
    return type(value) is int and 1 <= value <= 5


def _valid_iso_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def value_problem(item: FormItem, value: AnswerValue) -> str | None:
    """Why an (answered) value does not fit its item, or None when it does."""
    if isinstance(item, NeedStatusItem):
        if isinstance(value, str) and value in set(NeedStatus):
            return None
        labels = [item.labels[s] for s in NeedStatus]
        return f"Välj {labels[0]}, {labels[1]} eller {labels[2]}."
    if isinstance(item, ScaleItem | SmileyItem):
        if _is_scale_value(value) or (item.vet_ej and value == VET_EJ):
            return None
        return MSG_SCALE_OR_VET_EJ if item.vet_ej else MSG_SCALE
    if isinstance(item, SingleChoiceItem):
        if isinstance(value, str) and value in {o.id for o in item.options}:
            return None
        return MSG_CHOICE
    if isinstance(item, MultiChoiceItem):
        return _multi_problem(item, value)
    if isinstance(item, YesNoItem):
        return None if type(value) is bool else MSG_YES_NO
    if isinstance(item, TextItem):
        if not isinstance(value, str):
            return MSG_TEXT
        if item.max_length is not None and len(value) > item.max_length:
            return f"Texten är för lång: högst {item.max_length} tecken."
        return None
    if isinstance(item, DateItem):
        return None if _valid_iso_date(value) else MSG_DATE
    if isinstance(item, PersonItem):
        return None if isinstance(value, str) else MSG_PERSON
    if isinstance(item, UnitItem):
        return None if isinstance(value, str) else MSG_UNIT
    if isinstance(item, DecisionItem):
        if isinstance(value, str) and value in {o.id.value for o in item.options}:
            return None
        return MSG_DECISION
    raise AssertionError(f"unhandled item kind {item.kind}")  # pragma: no cover


def _multi_problem(item: MultiChoiceItem, value: AnswerValue) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "Välj ett eller flera alternativ."
    allowed = {o.id for o in item.options}
    if any(v not in allowed for v in value) or len(set(value)) != len(value):
        return "Välj bland alternativen, vart och ett en gång."
    if item.min_selected and len(value) < item.min_selected:
        return f"Välj minst {item.min_selected} alternativ."
    if item.max_selected is not None and len(value) > item.max_selected:
        return f"Välj högst {item.max_selected} alternativ."
    return None


def required_message(item: FormItem) -> str:
    """What to say next to a required item left empty."""
    if isinstance(item, NeedStatusItem):
        labels = [item.labels[s] for s in NeedStatus]
        return f"Välj {labels[0]}, {labels[1]} eller {labels[2]}."
    if isinstance(item, ScaleItem | SmileyItem):
        return MSG_SCALE_OR_VET_EJ if item.vet_ej else MSG_SCALE
    if isinstance(item, MultiChoiceItem):
        return f"Välj minst {max(item.min_selected, 1)} alternativ."
    messages: dict[type, str] = {
        SingleChoiceItem: MSG_CHOICE,
        YesNoItem: MSG_YES_NO,
        TextItem: MSG_TEXT,
        DateItem: MSG_DATE,
        PersonItem: MSG_PERSON,
        UnitItem: MSG_UNIT,
        DecisionItem: MSG_DECISION,
    }
    return messages[type(item)]


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
    """Every problem with the response, one Swedish message per key; empty when valid.

    With `check_required=False` (a draft being saved) only the values given are checked:
    a draft may be incomplete, but never hold a value the form cannot show. A required item
    answered by several respondents needs an answer from each of them. Answers to hidden
    items are not checked (signing drops them)."""
    check_matches(definition, response)
    answers = response.answers
    errors: Errors = {}

    def report(key: str, message: str) -> None:
        errors.setdefault(key, message)

    for key, value in answers.items():
        item_id, respondent = parse_answer_key(key)
        if not definition.has_item(item_id):
            report(key, MSG_UNKNOWN)
            continue
        item = definition.item(item_id)
        if item.respondents is None and respondent is not None:
            report(key, "Frågan besvaras inte av flera svarande.")
            continue
        if item.respondents is not None and respondent is None:
            report(key, "Svaret saknar uppgift om vem som svarar.")
            continue
        if item.respondents is not None and respondent not in item.respondents:
            assert respondent is not None
            report(key, f"Frågan besvaras inte av {respondent.label.lower()}.")
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
                report(rule.id, rule.message)

    asked = definition.comment_needs()
    for need, text in response.comments.items():
        spec = asked.get(need)
        if spec is None:
            report(comment_key(need), "Formuläret har ingen kommentar för det här behovet.")
        elif spec.max_length is not None and len(text) > spec.max_length:
            report(comment_key(need), f"Texten är för lång: högst {spec.max_length} tecken.")
    if check_required:
        for need, spec in asked.items():
            if spec.required and not response.comments.get(need, "").strip():
                report(comment_key(need), MSG_COMMENT)

    if definition.co_signer_item is not None and response.co_signer is not None:
        named = answers.get(definition.co_signer_item)
        if is_answered(named) and named != response.co_signer:
            report(definition.co_signer_item, MSG_CO_SIGNER)
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


# --- means and needs -----------------------------------------------------------------------


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
        if _is_scale_value(value):
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


# --- prefill, new responses, signing -------------------------------------------------------


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
    `ResponseInvalidError` with per-field messages when the draft is not complete."""
    if response.status is ResponseStatus.SIGNED:
        raise ValueError("svaret är redan signerat; gör en rättelse i stället")
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
        raise ResponseInvalidError({definition.co_signer_item or "co_signer": problem})
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
        raise ValueError("bara ett signerat svar kan rättas; ändra utkastet direkt")
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


def concern_flags(compass: CompassDefinition, ticked: Iterable[str]) -> tuple[bool, bool]:
    """(criminal_data, prompts_orosanmalan) for a set of ticked concern indicator ids: the UI
    reminds of the duty to report and the store marks Art. 10 data."""
    criminal = prompts = False
    for indicator_id in ticked:
        indicator = compass.concern_indicator(indicator_id)
        criminal = criminal or indicator.criminal_data
        prompts = prompts or indicator.prompts_orosanmalan
    return criminal, prompts
