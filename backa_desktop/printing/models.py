"""Document view-models: plain data the printing layer turns into PDFs.

The service layer fills these from records (names resolved, labels looked up in the form
definitions); printing never touches the database. What a model does not have a field for,
a document cannot leak: the family plan has no field for a guardian's identity number.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from backa_desktop.domain.limits import NAME_MAX
from backa_desktop.domain.needs import Need, NeedStatus
from backa_desktop.domain.plan import PlanActionStatus, PlanWords

# Fallback labels; the service passes the organisation's labels from forms/ when it has them.
DEFAULT_NEED_LABELS: dict[Need, str] = {
    Need.OMSORG: "Omsorg",
    Need.TRYGGHET: "Trygghet",
    Need.HALSA: "Hälsa",
    Need.FRITID: "Fritid",
    Need.TILLHORIGHET: "Tillhörighet",
    Need.ANSVAR: "Ansvarstagande",
    Need.RESPEKTERAS: "Respekteras",
    Need.UTVECKLING: "Utvecklas",
}


# Fields that are a name or a label on one line. A printout gets them clipped to the domain's
# limit even when a stored record is older than that limit (a 1 MB child name, repeated in
# headings and sentences, took over 300 s to print); free text is never clipped.
_ONE_LINE_FIELDS = frozenset({
    "actor", "author", "child_first_name", "child_name", "co_author", "device", "email",
    "heading", "label", "name", "next_meeting_place", "organisation", "phone", "prepared_by",
    "rater", "recipient", "relation", "requested_by", "responsible", "role", "title",
    "type_label", "unit", "unit_name", "who",
})


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _clip_one_line_fields(cls, value: Any, info: ValidationInfo) -> Any:
        if (info.field_name in _ONE_LINE_FIELDS and isinstance(value, str)
                and len(value) > NAME_MAX):
            return value[: NAME_MAX - 1] + "…"
        return value


class Contact(_View):
    """A person the reader can reach. `role` is what they are to the family
    ("Barnkontakt", "Stödsamordnare")."""

    role: str = ""
    name: str
    title: str = ""
    unit: str = ""
    phone: str = ""
    email: str = ""


class RaterScores(_View):
    """One rater's 1–5 means per need (None = vet ej); one radar polygon."""

    rater: str
    scores: dict[Need, float | None] = Field(default_factory=dict)


class CompassView(_View):
    statuses: dict[Need, NeedStatus] = Field(default_factory=dict)
    raters: list[RaterScores] = Field(default_factory=list)
    labels: dict[Need, str] = Field(default_factory=lambda: dict(DEFAULT_NEED_LABELS))

    def label(self, need: Need) -> str:
        return self.labels.get(need) or DEFAULT_NEED_LABELS[need]


class ActionRow(_View):
    what: str
    who: str
    unit: str = ""
    due_on: date | None = None
    status: PlanActionStatus = PlanActionStatus.PLANERAD


class MeetingRow(_View):
    held_on: date
    notes: str = ""
    participants: list[str] = Field(default_factory=list)


class PlanDocument(PlanWords, _View):
    """Barnets plan for the family (and, with simpler words, for the child): the plan's own
    words (`domain.plan.PlanWords`, the same fields as the plan body) and what the printout
    adds around them."""

    child_name: str
    child_first_name: str = ""
    child_identity_number: str | None = None
    printed_on: date
    plan_updated_on: date | None = None
    plan_version: int | None = None
    actions: list[ActionRow] = Field(default_factory=list)
    barnkontakt: Contact | None = None
    stodsamordnare: Contact | None = None
    other_contacts: list[Contact] = Field(default_factory=list)
    next_meeting_on: date | None = None
    next_meeting_place: str = ""
    responsible: str = ""
    participants: list[str] = Field(default_factory=list)
    follow_ups: list[MeetingRow] = Field(default_factory=list)
    compass: CompassView | None = None
    protected_identity: bool = False  # skyddad identitet: the PDF's own title names no one

    @property
    def first_name(self) -> str:
        return self.child_first_name or (self.child_name.split() or ["barnet"])[0]


class SummaryRow(_View):
    label: str
    value: str


class SummarySection(_View):
    heading: str
    need: Need | None = None
    rows: list[SummaryRow] = Field(default_factory=list)


FormKind = Literal["upptackarkort", "samtal", "skattning"]

FORM_KIND_TITLES: dict[str, str] = {
    "upptackarkort": "Upptäckarkort – sammanfattning",
    "samtal": "Samtal – sammanfattning",
    "skattning": "Skattning – sammanfattning",
}


class FormSummaryDocument(_View):
    """A signed form answer as label/value rows, grouped by section (often one per need)."""

    kind: FormKind
    title: str = ""
    child_name: str
    child_identity_number: str | None = None
    printed_on: date
    answered_on: date | None = None
    form_id: str = ""
    form_version: str = ""
    form_hash: str = ""
    author: str = ""
    co_author: str = ""
    unit: str = ""
    status: str = ""
    header_rows: list[SummaryRow] = Field(default_factory=list)
    sections: list[SummarySection] = Field(default_factory=list)
    compass: CompassView | None = None


class PersonRow(_View):
    relation: str
    name: str
    identity_number: str = ""
    phone: str = ""
    address: str = ""


class IndicatorRow(_View):
    need: Need | None = None
    text: str


class ObservationRow(_View):
    observed_on: date
    text: str


class OrosanmalanDocument(_View):
    recipient: str = "Socialnämnden"
    child_name: str
    child_identity_number: str | None = None
    child_address: str = ""
    guardians: list[PersonRow] = Field(default_factory=list)
    reporter: Contact
    concern: str
    indicators: list[IndicatorRow] = Field(default_factory=list)
    observations: list[ObservationRow] = Field(default_factory=list)
    acute_danger: bool = False
    legal_reference: str
    created_on: date
    sent_on: date | None = None
    status: str = ""
    other_information: str = ""
    printed_on: date
    need_labels: dict[Need, str] = Field(default_factory=lambda: dict(DEFAULT_NEED_LABELS))


class ExtractRecord(_View):
    type_label: str
    record_id: str
    created_at: str = ""
    updated_at: str = ""
    author: str = ""
    revision: int | None = None
    rows: list[SummaryRow] = Field(default_factory=list)
    sections: list[SummarySection] = Field(default_factory=list)


class AuditRow(_View):
    at: str
    actor: str
    action: str
    record: str = ""
    device: str = ""
    unit: str = ""


class RegisterExtractDocument(_View):
    """Registerutdrag (GDPR art. 15): everything stored about one child and who touched it."""

    child_name: str
    child_identity_number: str | None = None
    printed_on: date
    requested_by: str = ""
    requested_on: date | None = None
    prepared_by: str = ""
    organisation: str = ""
    records: list[ExtractRecord] = Field(default_factory=list)
    audit: list[AuditRow] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class ShareRow(_View):
    """One share the family consents to. `kind` names a standard share whose words the
    print-language catalogue has ("upptackarkort", "barnteam", "individuellt", "unit"), with
    `unit` the unit or agencies it names; without it the row is printed as written."""

    recipient: str
    what: str
    why: str = ""
    kind: str = ""
    unit: str = ""


class LeafletDocument(_View):
    """The one-page leaflet "Vad är Backa barnet?" for a family, with their Barnkontakt."""

    printed_on: date
    barnkontakt: Contact | None = None
    unit_name: str = ""


class ConsentSheetDocument(_View):
    """The guardians' information sheet with room for written consent."""

    child_name: str
    child_identity_number: str | None = None
    printed_on: date
    unit_name: str = ""
    organisation: str = ""
    barnkontakt: Contact | None = None
    shares: list[ShareRow] = Field(default_factory=list)
    guardian_names: list[str] = Field(default_factory=list)
    signing_parties: list[str] = Field(
        default_factory=lambda: ["Vårdnadshavare 1", "Vårdnadshavare 2", "Barnet"]
    )
