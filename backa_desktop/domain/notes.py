"""Timeline entries written by hand: the events the model's "tidslinjerna" picture counts
(orosanmälningar, utredningar, polisanmälan, avstängning, kartläggningar — seed 002) and any
other significant event, good or bad (GIRFEC chronologies, domain.md §2.8)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from backa_desktop.domain.limits import LongText, ShortText
from backa_desktop.domain.needs import Need

FAMILY_TOLD = "family_told"
"""The `event` of the note saying the child and guardians were told about a decision."""


class NoteKind(StrEnum):
    HANDELSE = "handelse"
    OROSANMALAN = "orosanmalan"  # made outside the app, recorded for the chronology
    UTREDNING = "utredning"
    POLISANMALAN = "polisanmalan"
    AVSTANGNING = "avstangning"
    KARTLAGGNING = "kartlaggning"
    MOTE = "mote"

    @property
    def label(self) -> str:
        return NOTE_KIND_LABELS[self]


NOTE_KIND_LABELS: dict[NoteKind, str] = {
    NoteKind.HANDELSE: "Händelse",
    NoteKind.OROSANMALAN: "Orosanmälan",
    NoteKind.UTREDNING: "Utredning",
    NoteKind.POLISANMALAN: "Polisanmälan",
    NoteKind.AVSTANGNING: "Avstängning",
    NoteKind.KARTLAGGNING: "Kartläggning",
    NoteKind.MOTE: "Möte",
}


class TimelineNote(BaseModel):
    model_config = ConfigDict(extra="allow", hide_input_in_errors=True)

    child_id: str
    kind: NoteKind = NoteKind.HANDELSE
    happened_on: date
    text: LongText = Field(min_length=1)
    source: ShortText = ""  # who or which service the information came from
    impact: Literal["+", "-"] | None = None
    need_ids: list[Need] = Field(default_factory=list)
    multi_agency: bool = False  # visible to the child's team, or only the own service
    # A note the app writes for a step of the process ("family_told") names the step and
    # the decision it completes; a note written by hand has neither.
    event: str | None = None
    decision_id: str | None = None
