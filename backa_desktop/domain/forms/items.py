"""The items of a form (one model per `kind`), its sections and its rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Final, Literal

from pydantic import Field, field_validator, model_validator

from backa_desktop.domain.forms.base import (
    ChoiceOption,
    Condition,
    DecisionOption,
    ItemId,
    PrefillSource,
    Respondent,
    Text,
    _fill_accessible_name,
    _Labelled,
    _Model,
)
from backa_desktop.domain.needs import Need, NeedStatus
from backa_desktop.domain.process import Beslut

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
    """Answered with a unit id (str), chosen in a unit picker, or with "annan:" and the name
    of a unit that is not in the directory (see `other_unit_name`)."""

    kind: Literal["unit"]


OTHER_UNIT_PREFIX: Final = "annan:"
"""A unit answer that names a unit outside the directory ("Annan": a family centre in another
municipality, a private school). Unit ids are UUIDs, so the prefix cannot be mistaken for one,
and the answer stays one string: a form version written before "Annan" reads it unchanged."""


def other_unit_name(value: object) -> str | None:
    """The typed name of an "Annan" unit; None when `value` is a directory unit's id."""
    if isinstance(value, str) and value.startswith(OTHER_UNIT_PREFIX):
        return value[len(OTHER_UNIT_PREFIX):].strip()
    return None


def other_unit_answer(name: str) -> str:
    return OTHER_UNIT_PREFIX + name.strip()


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


