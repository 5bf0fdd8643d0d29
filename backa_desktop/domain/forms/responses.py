"""Answers to a form: their keys and the stored `form_response` body."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Final

from pydantic import (
    AwareDatetime,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    field_validator,
    model_validator,
)

from backa_desktop.domain.errors import InvalidValue
from backa_desktop.domain.forms.base import ID_PATTERN, FormId, Respondent, _Model
from backa_desktop.domain.needs import Need

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


_ITEM_ID: Final = re.compile(ID_PATTERN)
"""Compiled once: every answer key of every response read is checked against it."""


def parse_answer_key(key: str) -> tuple[str, Respondent | None]:
    item_id, separator, respondent = key.partition(_RESPONDENT_SEPARATOR)
    if not _ITEM_ID.match(item_id):
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
