"""Identifiers, enums and the building blocks every definition model shares, and the
canonical serialisation a definition's content hash is taken over."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, Final, NamedTuple

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

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



# --- canonical form and hash ---------------------------------------------------------------


def canonical_json(model: BaseModel) -> str:
    """The serialisation the content hash is taken over: fields at their defaults left out,
    keys sorted, no whitespace. Comments, key order and layout of the YAML do not count, and
    neither do the translations (translations.py says why)."""
    data = model.model_dump(mode="json", exclude_defaults=True, exclude={"translations"})
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

