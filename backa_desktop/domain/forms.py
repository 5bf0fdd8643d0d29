"""Forms as data: the schema of form and Behovskompass definitions, and of answers to them.

The organisation rewords its cards, questions and scales in `forms/` without a programmer
(DESIGN.md §5), so every mistake an editor can make must be caught when the file is loaded,
with the place in the file and what is wrong, never when a nurse opens the form. That is why
every model forbids unknown fields, and why the cross-field rules (unique ids, conditions that
point backwards, comments only on need sections) run inside validation and report the exact
place (`sections[1].items[3].id`).

An answer is stored with the form id, version and content hash it was given under, so it is
always shown with its own wording (domain.md §6 item 16). The hash is taken over a canonical
serialisation that leaves out fields at their defaults: adding an optional field to this
schema later does not invalidate the hashes of versions already released.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Final, Literal, NamedTuple

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from backa_desktop.domain.errors import InvalidValue
from backa_desktop.domain.needs import CARD_ORDER, Need, NeedStatus
from backa_desktop.domain.process import Beslut

# --- identifiers ---------------------------------------------------------------------------

ID_PATTERN: Final = r"^[a-z0-9]+(?:[._][a-z0-9]+)*$"
"""Item, section, rule, option and indicator ids: lower-case ASCII words joined by `.` or
`_`. No `@` or `:`, which answer keys and comment keys use as separators."""

FORM_ID_PATTERN: Final = r"^[a-z0-9]+(?:_[a-z0-9]+)*$"
ICON_PATTERN: Final = r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$"

ItemId = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
FormId = Annotated[str, StringConstraints(pattern=FORM_ID_PATTERN, max_length=60)]
IconName = Annotated[str, StringConstraints(pattern=ICON_PATTERN, max_length=60)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
"""A label or question: never empty, since an empty label has no accessible name."""

VET_EJ: Final = "vet_ej"
"""The answer "vet ej" on a 1–5 or smiley scale; it never counts in a mean."""

SCALE_VALUES: Final = (1, 2, 3, 4, 5)


class Audience(StrEnum):
    STAFF = "staff"
    CHILD = "child"
    GUARDIAN = "guardian"
    MIXED = "mixed"


class FormStatus(StrEnum):
    DRAFT = "draft"
    RELEASED = "released"


class Respondent(StrEnum):
    """Who gives an answer in a talk (Samtalsunderlag): each rates and speaks separately."""

    CHILD = "child"
    GUARDIAN_1 = "guardian_1"
    GUARDIAN_2 = "guardian_2"
    STAFF = "staff"

    @property
    def label(self) -> str:
        return RESPONDENT_LABELS[self]


RESPONDENT_LABELS: Final[Mapping[Respondent, str]] = {
    Respondent.CHILD: "Barnet",
    Respondent.GUARDIAN_1: "Vårdnadshavare 1",
    Respondent.GUARDIAN_2: "Vårdnadshavare 2",
    Respondent.STAFF: "Personal",
}


class ItemKind(StrEnum):
    NEED_STATUS = "need_status"
    SCALE_1_5 = "scale_1_5"
    SMILEY = "smiley"
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    TEXT = "text"
    DATE = "date"
    PERSON = "person"
    UNIT = "unit"
    DECISION = "decision"


class PrefillSource(StrEnum):
    """Where a new response's starting value comes from (the engine fills it, the user may
    change it)."""

    UNMET_NEEDS = "unmet_needs"  # text: the needs an Upptäckarkort marked not met
    TODAY = "today"  # date
    CURRENT_USER = "current_user"  # person


# --- building blocks -----------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _fill_accessible_name(data: Any, source: str) -> Any:
    """Every visible text has an accessible name; it defaults to the text itself, filled in
    before validation so that the stored definition (and its hash) always carries one."""
    if isinstance(data, dict) and not data.get("accessible_name"):
        text = data.get(source)
        if isinstance(text, str) and text:
            return {**data, "accessible_name": text}
    return data


class _Labelled(_Model):
    label: Text
    accessible_name: str = ""

    @model_validator(mode="before")
    @classmethod
    def _default_accessible_name(cls, data: Any) -> Any:
        return _fill_accessible_name(data, "label")


class AgeRange(_Model):
    min: Annotated[int, Field(ge=0, le=25)]
    max: Annotated[int, Field(ge=0, le=25)]

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.min > self.max:
            raise ValueError("min får inte vara större än max")
        return self

    def contains(self, age: int) -> bool:
        return self.min <= age <= self.max


class ChoiceOption(_Labelled):
    id: ItemId


class DecisionOption(_Model):
    """One process decision offered by a `decision` item; the label defaults to the process's
    own wording so a form only needs to list the decisions it offers."""

    id: Beslut
    label: str = ""
    accessible_name: str = ""

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("label"):
            try:
                data = {**data, "label": Beslut(str(data.get("id"))).label}
            except ValueError:
                return data  # the field validator reports the unknown id
        return _fill_accessible_name(data, "label")


AnswerScalar = StrictBool | StrictInt | StrictStr


class Condition(_Model):
    """Show an item only when an earlier item has one of the given answers (for a multi
    choice: when any of them is ticked). Conditions must point backwards, so they can never
    form a cycle."""

    item: ItemId
    equals: AnswerScalar | tuple[AnswerScalar, ...]

    def values(self) -> tuple[AnswerScalar, ...]:
        return self.equals if isinstance(self.equals, tuple) else (self.equals,)


# --- items ---------------------------------------------------------------------------------


class ItemBase(_Labelled):
    """Fields every item has. `respondents` is for talks: when set, the item is answered once
    per listed respondent (the child, each guardian), each answer under its own key."""

    id: ItemId
    help: str = ""
    required: bool = False
    need: Need | None = None
    respondents: tuple[Respondent, ...] | None = None
    show_if: Condition | None = None
    indicator: ItemId | None = None
    """Id of the Behovskompass positive indicator this item rates (Skattningsformulär)."""

    @field_validator("respondents")
    @classmethod
    def _respondents_unique(
        cls, value: tuple[Respondent, ...] | None
    ) -> tuple[Respondent, ...] | None:
        if value is not None:
            if not value:
                raise ValueError("listan får inte vara tom (ta bort fältet i stället)")
            if len(set(value)) != len(value):
                raise ValueError("samma svarande står flera gånger")
        return value


DEFAULT_NEED_STATUS_LABELS: Final[Mapping[NeedStatus, str]] = {
    NeedStatus.UPPFYLLT: "Ja",
    NeedStatus.INTE_UPPFYLLT: "Nej",
    NeedStatus.VET_INTE: "Vet ej",
}


class NeedStatusItem(ItemBase):
    """ "Är barnets behov uppfyllt?": answered with a `NeedStatus` value."""

    kind: Literal["need_status"]
    labels: dict[NeedStatus, Text] = Field(default_factory=lambda: dict(DEFAULT_NEED_STATUS_LABELS))

    @field_validator("labels")
    @classmethod
    def _all_statuses(cls, value: dict[NeedStatus, str]) -> dict[NeedStatus, str]:
        missing = [s.value for s in NeedStatus if s not in value]
        if missing:
            raise ValueError(f"etikett saknas för {', '.join(missing)}")
        return value


class _RatingItem(ItemBase):
    anchors: dict[Annotated[int, Field(ge=1, le=5)], Text] = Field(default_factory=dict)
    """Labels for some or all of the values 1–5 (also their accessible names)."""
    vet_ej: bool = False
    vet_ej_label: Text = "Vet ej"

    def anchor(self, value: int) -> str:
        return self.anchors.get(value, str(value))


class ScaleItem(_RatingItem):
    """A 1–5 scale; answered with an int 1–5, or `VET_EJ` when `vet_ej` is allowed."""

    kind: Literal["scale_1_5"]


DEFAULT_SMILEY_ANCHORS: Final[Mapping[int, str]] = {
    1: "Mycket ledsen",
    2: "Ledsen",
    3: "Mittemellan",
    4: "Glad",
    5: "Mycket glad",
}


class SmileyItem(_RatingItem):
    """Five faces for a child; answered like a 1–5 scale. The anchors name the faces, which
    is what a screen reader says for each face."""

    kind: Literal["smiley"]
    anchors: dict[Annotated[int, Field(ge=1, le=5)], Text] = Field(
        default_factory=lambda: dict(DEFAULT_SMILEY_ANCHORS)
    )


class SingleChoiceItem(ItemBase):
    """Answered with one option id (str)."""

    kind: Literal["single_choice"]
    options: Annotated[tuple[ChoiceOption, ...], Field(min_length=2)]


class MultiChoiceItem(ItemBase):
    """Answered with a list of option ids (list[str])."""

    kind: Literal["multi_choice"]
    options: Annotated[tuple[ChoiceOption, ...], Field(min_length=1)]
    min_selected: Annotated[int, Field(ge=0)] = 0
    max_selected: Annotated[int, Field(ge=1)] | None = None


class YesNoItem(ItemBase):
    """Answered with a bool."""

    kind: Literal["yes_no"]
    yes_label: Text = "Ja"
    no_label: Text = "Nej"


class TextItem(ItemBase):
    """Answered with a str; `long` is a multi-line field."""

    kind: Literal["text"]
    length: Literal["short", "long"] = "short"
    max_length: Annotated[int, Field(ge=1)] | None = None
    prefill: Literal[PrefillSource.UNMET_NEEDS] | None = None


class DateItem(ItemBase):
    """Answered with an ISO date string, "2026-11-23"."""

    kind: Literal["date"]
    prefill: Literal[PrefillSource.TODAY] | None = None


class PersonItem(ItemBase):
    """Answered with a staff id (str), chosen in a staff picker."""

    kind: Literal["person"]
    prefill: Literal[PrefillSource.CURRENT_USER] | None = None


class UnitItem(ItemBase):
    """Answered with a unit id (str), chosen in a unit picker."""

    kind: Literal["unit"]


DEFAULT_DECISIONS: Final = (
    Beslut.EGEN_VERKSAMHET,
    Beslut.BARNKONTAKT,
    Beslut.BARNTEAM,
    Beslut.INDIVIDUELLT_BARNTEAM,
    Beslut.OROSANMALAN,
)


class DecisionItem(ItemBase):
    """A single choice among process decisions; answered with a `Beslut` value (str)."""

    kind: Literal["decision"]
    options: Annotated[tuple[DecisionOption, ...], Field(min_length=1)] = Field(
        default_factory=lambda: tuple(DecisionOption(id=b) for b in DEFAULT_DECISIONS)
    )


FormItem = Annotated[
    NeedStatusItem
    | ScaleItem
    | SmileyItem
    | SingleChoiceItem
    | MultiChoiceItem
    | YesNoItem
    | TextItem
    | DateItem
    | PersonItem
    | UnitItem
    | DecisionItem,
    Field(discriminator="kind"),
]

RatingItem = ScaleItem | SmileyItem


class CommentSpec(_Model):
    """A free comment for the section's need; the answer goes to `FormResponse.comments`."""

    label: Text = "Kommentar"
    accessible_name: str = ""
    help: str = ""
    required: bool = False
    max_length: Annotated[int, Field(ge=1)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _default_accessible_name(cls, data: Any) -> Any:
        return _fill_accessible_name(data, "label")


class Section(_Model):
    id: ItemId
    title: Text
    accessible_name: str = ""
    description: str = ""
    need: Need | None = None
    comment: CommentSpec | None = None
    items: Annotated[tuple[FormItem, ...], Field(min_length=1)]

    @model_validator(mode="before")
    @classmethod
    def _default_accessible_name(cls, data: Any) -> Any:
        return _fill_accessible_name(data, "title")


class AtLeastOneRule(_Model):
    """At least one of the listed items must be answered (Upptäckarkort: "Svara på minst ett
    behov."). Its message is keyed by the rule id."""

    id: ItemId
    kind: Literal["at_least_one"] = "at_least_one"
    items: Annotated[tuple[ItemId, ...], Field(min_length=1)]
    message: Text


# --- canonical form and hash ---------------------------------------------------------------


def canonical_json(model: BaseModel) -> str:
    """The serialisation the content hash is taken over: fields at their defaults left out,
    keys sorted, no whitespace. Comments, key order and layout of the YAML do not count."""
    data = model.model_dump(mode="json", exclude_defaults=True)
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def definition_hash(model: BaseModel) -> str:
    return hashlib.sha256(canonical_json(model).encode("utf-8")).hexdigest()


class DefinitionProblem(NamedTuple):
    place: str
    reason: str


def _raise_problems(problems: list[DefinitionProblem]) -> None:
    """Cross-field problems travel inside one pydantic error, with their own places, so a
    loader can show each at the place it belongs rather than at the top of the file."""
    if problems:
        summary = "; ".join(f"{p.place}: {p.reason}" for p in problems)
        raise PydanticCustomError(
            "definition_problems", "{summary}", {"summary": summary, "problems": tuple(problems)}
        )


# --- form definition -----------------------------------------------------------------------


class FormDefinition(_Model):
    type: Literal["form"] = "form"
    id: FormId
    version: Annotated[int, Field(ge=1)]
    title: Text
    accessible_name: str = ""
    audience: Audience
    age_range: AgeRange | None = None
    status: FormStatus
    description: str = ""
    notes: tuple[Text, ...] = ()
    """Shown prominently above the form (Skattning: "Den som skattar ska vara utbildad.")."""
    requires_trained_rater: bool = False
    occasion_item: ItemId | None = None
    """The date item whose answer is the response's occasion date."""
    co_signer_item: ItemId | None = None
    """The person item naming the co-rater, who is the response's co-signer."""
    sections: Annotated[tuple[Section, ...], Field(min_length=1)]
    rules: tuple[AtLeastOneRule, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _default_accessible_name(cls, data: Any) -> Any:
        return _fill_accessible_name(data, "title")

    @model_validator(mode="after")
    def _consistent(self) -> FormDefinition:
        _raise_problems(_form_problems(self))
        return self

    @cached_property
    def content_hash(self) -> str:
        return definition_hash(self)

    @cached_property
    def _index(self) -> dict[str, tuple[int, int]]:
        return {
            item.id: (s, i)
            for s, section in enumerate(self.sections)
            for i, item in enumerate(section.items)
        }

    def items(self) -> Iterator[FormItem]:
        """Every item in form order."""
        for section in self.sections:
            yield from section.items

    def item(self, item_id: str) -> FormItem:
        s, i = self._index[item_id]
        return self.sections[s].items[i]

    def has_item(self, item_id: str) -> bool:
        return item_id in self._index

    def section_of(self, item_id: str) -> Section:
        return self.sections[self._index[item_id][0]]

    def comment_needs(self) -> dict[Need, CommentSpec]:
        """The needs the form asks a comment for, with the comment's wording."""
        return {s.need: s.comment for s in self.sections if s.need is not None and s.comment}

    @property
    def released(self) -> bool:
        return self.status is FormStatus.RELEASED


def _place_of_item(s: int, i: int) -> str:
    return f"sections[{s}].items[{i}]"


def _form_problems(form: FormDefinition) -> list[DefinitionProblem]:
    problems: list[DefinitionProblem] = []
    add = problems.append
    seen: dict[str, str] = {}

    def claim(identifier: str, place: str) -> None:
        if identifier in seen:
            add(DefinitionProblem(place, f"id '{identifier}' används redan ({seen[identifier]})"))
        else:
            seen[identifier] = place

    earlier: dict[str, FormItem] = {}
    comment_sections: dict[Need, str] = {}
    for s, section in enumerate(form.sections):
        claim(section.id, f"sections[{s}].id")
        if section.comment is not None:
            if section.need is None:
                add(DefinitionProblem(f"sections[{s}].comment", "kommentar kräver need"))
            elif section.need in comment_sections:
                add(
                    DefinitionProblem(
                        f"sections[{s}].comment",
                        f"behovet '{section.need}' har redan en kommentar"
                        f" ({comment_sections[section.need]})",
                    )
                )
            else:
                comment_sections[section.need] = f"sections[{s}].comment"
        for i, item in enumerate(section.items):
            place = _place_of_item(s, i)
            claim(item.id, f"{place}.id")
            problems.extend(_item_problems(item, place, earlier))
            earlier.setdefault(item.id, item)
    for r, rule in enumerate(form.rules):
        claim(rule.id, f"rules[{r}].id")
        for j, target in enumerate(rule.items):
            if target not in earlier:
                add(DefinitionProblem(f"rules[{r}].items[{j}]", f"okänd fråga '{target}'"))
    for field, kind in (("occasion_item", ItemKind.DATE), ("co_signer_item", ItemKind.PERSON)):
        target = getattr(form, field)
        if target is None:
            continue
        if target not in earlier:
            add(DefinitionProblem(field, f"okänd fråga '{target}'"))
            continue
        item = earlier[target]
        if item.kind != kind:
            add(DefinitionProblem(field, f"'{target}' måste vara av typen {kind.value}"))
        elif item.respondents is not None:
            add(DefinitionProblem(field, f"'{target}' får inte ha respondents"))
    return problems


def _item_problems(
    item: FormItem, place: str, earlier: Mapping[str, FormItem]
) -> list[DefinitionProblem]:
    problems: list[DefinitionProblem] = []
    add = problems.append
    if isinstance(item, NeedStatusItem) and item.need is None:
        add(DefinitionProblem(f"{place}.need", "need_status kräver need"))
    if item.indicator is not None and item.need is None:
        add(DefinitionProblem(f"{place}.need", "indicator kräver need"))
    if item.show_if is not None:
        target = item.show_if.item
        if target == item.id:
            add(DefinitionProblem(f"{place}.show_if.item", "en fråga kan inte bero på sig själv"))
        elif target not in earlier:
            add(
                DefinitionProblem(
                    f"{place}.show_if.item",
                    f"'{target}' finns inte före denna fråga (villkor måste peka bakåt)",
                )
            )
        elif earlier[target].respondents is not None:
            add(
                DefinitionProblem(
                    f"{place}.show_if.item", f"'{target}' har respondents och kan inte styra"
                )
            )
        else:
            for value in item.show_if.values():
                if not _possible_answer(earlier[target], value):
                    add(
                        DefinitionProblem(
                            f"{place}.show_if.equals",
                            f"{value!r} är inget möjligt svar på '{target}'",
                        )
                    )
    if isinstance(item, SingleChoiceItem | MultiChoiceItem):
        ids = [o.id for o in item.options]
        for j, option_id in enumerate(ids):
            if option_id in ids[:j]:
                add(
                    DefinitionProblem(f"{place}.options[{j}].id", f"id '{option_id}' används redan")
                )
    if isinstance(item, DecisionItem):
        decisions = [o.id for o in item.options]
        for j, decision in enumerate(decisions):
            if decision in decisions[:j]:
                add(DefinitionProblem(f"{place}.options[{j}].id", f"'{decision}' står två gånger"))
    if isinstance(item, MultiChoiceItem):
        if item.min_selected > len(item.options):
            add(DefinitionProblem(f"{place}.min_selected", "större än antalet alternativ"))
        if item.max_selected is not None and item.max_selected < max(item.min_selected, 1):
            add(DefinitionProblem(f"{place}.max_selected", "mindre än min_selected"))
    prefill = getattr(item, "prefill", None)
    if prefill is not None and item.respondents is not None:
        add(DefinitionProblem(f"{place}.prefill", "prefill går inte med respondents"))
    return problems


def _possible_answer(target: FormItem, value: object) -> bool:
    """Whether a condition's value can ever be given to the target item, so an editor's typo
    (`equals: "ja"` on a yes/no item) is caught at load instead of hiding a question forever."""
    if isinstance(target, YesNoItem):
        return type(value) is bool
    if isinstance(target, ScaleItem | SmileyItem):
        return (type(value) is int and 1 <= value <= 5) or (target.vet_ej and value == VET_EJ)
    if isinstance(target, SingleChoiceItem | MultiChoiceItem):
        return value in {o.id for o in target.options}
    if isinstance(target, DecisionItem):
        return value in {o.id.value for o in target.options}
    if isinstance(target, NeedStatusItem):
        return value in {s.value for s in NeedStatus}
    return isinstance(value, str)


# --- Behovskompassen -----------------------------------------------------------------------


class Indicator(_Model):
    """A positive indicator: what it looks like when the need is met (rated 1–5)."""

    id: ItemId
    text: Text
    accessible_name: str = ""

    @model_validator(mode="before")
    @classmethod
    def _default_accessible_name(cls, data: Any) -> Any:
        return _fill_accessible_name(data, "text")


class ConcernIndicator(Indicator):
    """A sign of concern (seed 002). `criminal_data` marks GDPR Art. 10 content, which needs
    stricter handling; `prompts_orosanmalan` makes the UI remind the user of the duty to report
    (a reminder, never a block)."""

    criminal_data: bool = False
    prompts_orosanmalan: bool = False


class NeedDefinition(_Model):
    id: Need
    label: Text
    accessible_name: str = ""
    description: Text
    positive_indicators: Annotated[tuple[Indicator, ...], Field(min_length=1)]
    concern_indicators: tuple[ConcernIndicator, ...] = ()
    child_voice: Text
    """The need in the child's own voice, first person ("Jag ...")."""
    icon: IconName
    """Icon name; the picture is resources/icons/needs/<icon>.svg."""

    @model_validator(mode="before")
    @classmethod
    def _default_accessible_name(cls, data: Any) -> Any:
        return _fill_accessible_name(data, "label")


class CompassDefinition(_Model):
    type: Literal["behovskompass"]
    id: FormId
    version: Annotated[int, Field(ge=1)]
    status: FormStatus
    title: Text
    description: str = ""
    needs: tuple[NeedDefinition, ...]

    @model_validator(mode="after")
    def _consistent(self) -> CompassDefinition:
        problems: list[DefinitionProblem] = []
        seen_needs: dict[Need, int] = {}
        seen_ids: dict[str, str] = {}
        for n, need in enumerate(self.needs):
            if need.id in seen_needs:
                problems.append(
                    DefinitionProblem(f"needs[{n}].id", f"behovet '{need.id}' står två gånger")
                )
            seen_needs.setdefault(need.id, n)
            for field in ("positive_indicators", "concern_indicators"):
                indicators: tuple[Indicator, ...] = getattr(need, field)
                for j, indicator in enumerate(indicators):
                    place = f"needs[{n}].{field}[{j}].id"
                    if not indicator.id.startswith(f"{need.id.value}."):
                        problems.append(
                            DefinitionProblem(place, f"id ska börja med '{need.id.value}.'")
                        )
                    if indicator.id in seen_ids:
                        problems.append(
                            DefinitionProblem(
                                place,
                                f"id '{indicator.id}' används redan ({seen_ids[indicator.id]})",
                            )
                        )
                    seen_ids.setdefault(indicator.id, place)
        missing = [need.value for need in Need if need not in seen_needs]
        if missing:
            problems.append(DefinitionProblem("needs", f"behov saknas: {', '.join(missing)}"))
        _raise_problems(problems)
        return self

    @cached_property
    def content_hash(self) -> str:
        return definition_hash(self)

    def need(self, need: Need) -> NeedDefinition:
        for definition in self.needs:
            if definition.id is need:
                return definition
        raise KeyError(need)

    def label(self, need: Need) -> str:
        return self.need(need).label

    def in_card_order(self) -> list[NeedDefinition]:
        return [self.need(n) for n in CARD_ORDER]

    def positive_indicator(self, indicator_id: str) -> Indicator:
        for need in self.needs:
            for indicator in need.positive_indicators:
                if indicator.id == indicator_id:
                    return indicator
        raise KeyError(indicator_id)

    def concern_indicator(self, indicator_id: str) -> ConcernIndicator:
        for need in self.needs:
            for indicator in need.concern_indicators:
                if indicator.id == indicator_id:
                    return indicator
        raise KeyError(indicator_id)

    @property
    def released(self) -> bool:
        return self.status is FormStatus.RELEASED


# --- responses -----------------------------------------------------------------------------

AnswerValue = StrictBool | StrictInt | StrictStr | list[StrictStr]
"""need_status: NeedStatus value (str) · scale_1_5, smiley: int 1–5 or VET_EJ · single_choice:
option id · multi_choice: list of option ids · yes_no: bool · text: str · date: ISO date str ·
person: staff id · unit: unit id · decision: Beslut value (str). An absent key, None, "" or []
means unanswered."""

_RESPONDENT_SEPARATOR: Final = "@"
_COMMENT_PREFIX: Final = "comment:"


def answer_key(item_id: str, respondent: Respondent | None = None) -> str:
    """The key of one answer: the item id, or `item@respondent` for an item answered by
    several respondents in a talk (`omsorg.barn@child`, `omsorg.egna_ord@guardian_2`)."""
    if respondent is None:
        return item_id
    return f"{item_id}{_RESPONDENT_SEPARATOR}{Respondent(respondent).value}"


def parse_answer_key(key: str) -> tuple[str, Respondent | None]:
    item_id, separator, respondent = key.partition(_RESPONDENT_SEPARATOR)
    if not re.match(ID_PATTERN, item_id):
        raise ValueError(f"ogiltig svarsnyckel: {key!r}")
    if not separator:
        return item_id, None
    return item_id, Respondent(respondent)


def comment_key(need: Need) -> str:
    """The key a need comment's validation message is given under (`comment:omsorg`)."""
    return f"{_COMMENT_PREFIX}{Need(need).value}"


class ResponseStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"


MSG_CO_SIGNER_IS_SIGNER: Final = "Medbedömaren ska vara en annan person än den som signerar."


def co_signer_problem(co_signer: str | None, signed_by: str | None) -> str | None:
    """A co-assessment needs two people: the one rule for who may co-sign, with its message
    (the signed body's invariant and the field error shown when signing)."""
    if co_signer is not None and co_signer == signed_by:
        return MSG_CO_SIGNER_IS_SIGNER
    return None


class FormResponse(_Model):
    """The body of a `form_response` record: what was answered, under which exact form.

    A signed response is immutable; a correction is a new response whose `corrects` is the
    record id of the one it corrects (DESIGN.md §6)."""

    form_id: FormId
    form_version: Annotated[int, Field(ge=1)]
    content_hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    child_id: Annotated[str, StringConstraints(min_length=1)]
    answers: dict[str, AnswerValue | None] = Field(default_factory=dict)
    comments: dict[Need, str] = Field(default_factory=dict)
    status: ResponseStatus = ResponseStatus.DRAFT
    signed_by: str | None = None
    signed_at: AwareDatetime | None = None
    co_signer: str | None = None
    corrects: str | None = None
    occasion_date: date | None = None

    @field_validator("answers")
    @classmethod
    def _keys(cls, value: dict[str, AnswerValue | None]) -> dict[str, AnswerValue | None]:
        for key in value:
            parse_answer_key(key)
        return value

    @model_validator(mode="after")
    def _signature(self) -> FormResponse:
        if self.status is ResponseStatus.SIGNED:
            if not self.signed_by or self.signed_at is None:
                raise ValueError("ett signerat svar måste ha signed_by och signed_at")
        elif self.signed_by is not None or self.signed_at is not None:
            raise ValueError("ett utkast kan inte vara signerat")
        if co_signer_problem(self.co_signer, self.signed_by) is not None:
            raise InvalidValue("form.co_signer_is_signer")
        return self

    def answer(self, item_id: str, respondent: Respondent | None = None) -> AnswerValue | None:
        return self.answers.get(answer_key(item_id, respondent))

    @property
    def signed(self) -> bool:
        return self.status is ResponseStatus.SIGNED
