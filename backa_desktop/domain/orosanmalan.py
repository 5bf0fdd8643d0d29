"""Orosanmälan: a report of concern to socialnämnden (domain.md §3.2, §6 item 8).

The duty to report overrides everything consent-based: a report is created without any
consent, never notifies the guardians by itself, and is seen only by its author, the author's
unit lead and social services. The legal reference printed on it depends on the date — SoL
(2001:453) 14 kap. 1 § applied until 2025-06-30 and SoL (2025:400) from 2025-07-01 — so it is
looked up in a dated table that the organisation can replace, never written into code paths.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from enum import StrEnum
from itertools import pairwise
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backa_desktop.domain.consent import LegalBasis, Share
from backa_desktop.domain.errors import UserError
from backa_desktop.domain.limits import LongText, ShortName


class OrosanmalanStatus(StrEnum):
    UPPRATTAD = "upprattad"
    SKICKAD = "skickad"
    MOTTAGEN = "mottagen"
    ATERKOPPLING = "aterkoppling"


STATUS_LABELS: dict[OrosanmalanStatus, str] = {
    OrosanmalanStatus.UPPRATTAD: "Upprättad",
    OrosanmalanStatus.SKICKAD: "Skickad",
    OrosanmalanStatus.MOTTAGEN: "Mottagen",
    OrosanmalanStatus.ATERKOPPLING: "Återkoppling",
}

_STATUS_ORDER: tuple[OrosanmalanStatus, ...] = tuple(OrosanmalanStatus)


class LegalReference(BaseModel):
    """One dated entry of the reference table. `valid_to` is the last day it applies."""

    model_config = ConfigDict(frozen=True)

    id: str
    citation: str
    valid_from: date
    valid_to: date | None = None
    verified: bool = True


class LegalReferenceTable(BaseModel):
    """Dated legal references, versioned as configuration (domain.md §6 item 15)."""

    model_config = ConfigDict(frozen=True)

    version: str
    references: list[LegalReference]

    @model_validator(mode="after")
    def _no_overlap(self) -> Self:
        ordered = sorted(self.references, key=lambda r: r.valid_from)
        for before, after in pairwise(ordered):
            if before.valid_to is None or before.valid_to >= after.valid_from:
                raise ValueError(f"Lagrum {before.id} och {after.id} överlappar i tid.")
        return self

    def on(self, when: date) -> LegalReference:
        for ref in self.references:
            if ref.valid_from <= when and (ref.valid_to is None or when <= ref.valid_to):
                return ref
        raise LookupError(f"Inget lagrum för anmälningsskyldighet är konfigurerat för {when}.")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> LegalReferenceTable:
        """From a parsed configuration file (YAML or JSON)."""
        return cls.model_validate(data)


# The paragraph of the duty in SoL 2025:400 is not verified (domain.md §3.2), so the entry
# from 2025-07-01 names the law only and is marked unverified until the organisation fills it in.
DEFAULT_REPORTING_DUTY = LegalReferenceTable(
    version="2025-07-01.1",
    references=[
        LegalReference(
            id="sol-2001-453-14-1",
            citation="14 kap. 1 § socialtjänstlagen (2001:453)",
            valid_from=date(1900, 1, 1),
            valid_to=date(2025, 6, 30),
        ),
        LegalReference(
            id="sol-2025-400",
            citation="Anmälningsskyldigheten enligt socialtjänstlagen (2025:400)",
            valid_from=date(2025, 7, 1),
            verified=False,
        ),
    ],
)


def reporting_duty_reference(
    on: date, table: LegalReferenceTable = DEFAULT_REPORTING_DUTY
) -> LegalReference:
    return table.on(on)


class Observation(BaseModel):
    model_config = ConfigDict(frozen=True)

    observed_on: date
    text: LongText = Field(min_length=1)


class Orosanmalan(BaseModel):
    """The report body. `concern` is the reporter's own words; `concern_indicator_ids` are the
    signs of concern from Behovskompassen (ids from the compass definition in forms/)."""

    model_config = ConfigDict(frozen=True)

    child_id: str
    concern: LongText = Field(min_length=1)
    concern_indicator_ids: list[str] = Field(default_factory=list)
    observations: list[Observation] = Field(default_factory=list)
    reporter_staff_id: str
    reporter_unit_id: str
    acute_danger: bool = False
    recipient: ShortName = "Socialnämnden"
    status: OrosanmalanStatus = OrosanmalanStatus.UPPRATTAD
    created_on: date
    sent_on: date | None = None
    received_on: date | None = None
    feedback_on: date | None = None
    feedback: LongText = ""
    legal_reference_id: str
    legal_reference: str
    legal_reference_table_version: str


def new_orosanmalan(
    *,
    child_id: str,
    concern: str,
    reporter_staff_id: str,
    reporter_unit_id: str,
    created_on: date,
    concern_indicator_ids: Sequence[str] = (),
    observations: Sequence[Observation] = (),
    acute_danger: bool = False,
    recipient: str = "Socialnämnden",
    table: LegalReferenceTable = DEFAULT_REPORTING_DUTY,
) -> Orosanmalan:
    """A new report. It takes no consent argument on purpose: none is needed (SoL)."""
    ref = table.on(created_on)
    return Orosanmalan(
        child_id=child_id,
        concern=concern,
        concern_indicator_ids=list(concern_indicator_ids),
        observations=list(observations),
        reporter_staff_id=reporter_staff_id,
        reporter_unit_id=reporter_unit_id,
        acute_danger=acute_danger,
        recipient=recipient,
        created_on=created_on,
        legal_reference_id=ref.id,
        legal_reference=ref.citation,
        legal_reference_table_version=table.version,
    )


class StatusError(UserError, ValueError):
    """A status change that goes backwards or skips the date it needs."""

KEYS_STATUS = {
    OrosanmalanStatus.UPPRATTAD: "concern_status.upprattad",
    OrosanmalanStatus.SKICKAD: "concern_status.skickad",
    OrosanmalanStatus.MOTTAGEN: "concern_status.mottagen",
    OrosanmalanStatus.ATERKOPPLING: "concern_status.aterkoppling",
}
"""The statuses as message keys, for the error that names them."""


def advance(
    report: Orosanmalan, to: OrosanmalanStatus, on: date, feedback: str = ""
) -> Orosanmalan:
    """Move the report forward (upprättad → skickad → mottagen → återkoppling), dating each
    step. Steps may be skipped (a report can be received the day it is sent) but not undone."""
    if _STATUS_ORDER.index(to) <= _STATUS_ORDER.index(report.status):
        raise StatusError(
            "concern.status_backwards",
            current_label=KEYS_STATUS[report.status],
            to_label=KEYS_STATUS[to],
        )
    if on < report.created_on:
        raise StatusError("concern.date_before_report")
    update: dict[str, Any] = {"status": to}
    if to is OrosanmalanStatus.SKICKAD or report.sent_on is None:
        update["sent_on"] = on
    if to is OrosanmalanStatus.MOTTAGEN:
        update["received_on"] = on
    if to is OrosanmalanStatus.ATERKOPPLING:
        update["received_on"] = report.received_on or on
        update["feedback_on"] = on
        update["feedback"] = feedback
    return report.model_copy(update=update)


def visible_to(
    report: Orosanmalan,
    viewer_staff: str,
    viewer_unit_lead_of: Collection[str],
    viewer_is_socialtjanst: bool,
) -> bool:
    """Author, the lead of the author's unit, and social services (once it is sent to them).
    Guardians, the Barnkontakt and the teams do not see it through the model's sharing."""
    if viewer_staff == report.reporter_staff_id:
        return True
    if report.reporter_unit_id in viewer_unit_lead_of:
        return True
    return viewer_is_socialtjanst and report.status is not OrosanmalanStatus.UPPRATTAD


def as_share(report: Orosanmalan) -> Share | None:
    """The report as a line of the sharing overview for staff (never for guardians' sheets)."""
    if report.sent_on is None:
        return None
    return Share(
        recipient=report.recipient,
        basis=LegalBasis.ANMALNINGSSKYLDIGHET,
        active=True,
        since=report.sent_on,
        note=report.legal_reference,
    )


def shares_for(reports: Iterable[Orosanmalan]) -> list[Share]:
    return [s for s in (as_share(r) for r in reports) if s is not None]
