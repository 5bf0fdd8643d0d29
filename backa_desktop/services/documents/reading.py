"""Any record of a child, in words: headings and answers with the forms' own labels, people and
units by name, values by their Swedish labels.

The register extract prints these for a family, and the timeline's read-only viewer shows them
to staff, so both read the same way. Ids are bookkeeping: a field that only points at another
record (the child, the plan, the record a decision answers) is left out, and a field that names
a person or a unit shows the name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.consent import (
    CONSENT_TYPE_LABELS,
    LEGAL_BASIS_LABELS,
    PARTY_LABELS,
    SCOPE_LABELS,
)
from backa_desktop.domain.forms import FormDefinition, FormResponse
from backa_desktop.domain.identity import IDENTITY_KIND_LABELS
from backa_desktop.domain.needs import Need
from backa_desktop.domain.notes import NOTE_KIND_LABELS
from backa_desktop.domain.orosanmalan import STATUS_LABELS as OROSANMALAN_STATUS_LABELS
from backa_desktop.domain.people import ChildProfile, age_on
from backa_desktop.domain.plan import ACTION_STATUS_LABELS
from backa_desktop.domain.process import BESLUT_LABELS, CHILD_STATUS_LABELS
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.domain.teams import TEAM_KIND_LABELS, TEAM_ROLE_LABELS
from backa_desktop.printing.languages import REFERENCE, load_catalogue
from backa_desktop.printing.models import SummaryRow, SummarySection
from backa_desktop.services.documents.summaries import form_sections
from backa_desktop.services.overview import Directory
from backa_desktop.services.vault import Session

TYPE_LABELS: dict[RecordType, str] = {
    RecordType.UNIT: "Enhet",
    RecordType.STAFF: "Personal",
    RecordType.CHILD: "Uppgifter om barnet",
    RecordType.BARNKONTAKT: "Barnkontakt",
    RecordType.TEAM: "Team",
    RecordType.CONSENT: "Samtycke",
    RecordType.FORM_RESPONSE: "Formulär",
    RecordType.DECISION: "Beslut",
    RecordType.PLAN: "Barnets plan",
    RecordType.PLAN_ACTION: "Insats i Barnets plan",
    RecordType.OROSANMALAN: "Orosanmälan",
    RecordType.NOTE: "Anteckning",
    RecordType.CONFLICT: "Konflikt",
}

FIELD_LABELS: dict[str, str] = {
    # in the order a reader expects them; a record's fields are listed in this order
    "given_names": "Förnamn", "family_name": "Efternamn", "name": "Namn",
    "birth_date": "Födelsedatum", "identity_kind": "Typ av nummer", "relation": "Relation",
    "phone": "Telefon", "email": "E-post", "preferred_language": "Språk",
    "interpreter_needed": "Behöver tolk", "guardians": "Vårdnadshavare",
    "protected_identity": "Skyddad identitet", "title": "Titel",
    "beslut": "Beslut", "motivation": "Motivering", "follow_up": "Uppföljning",
    "decided_by": "Beslutat av", "notify_upptackare": "Besked till upptäckaren",
    "told_child_and_guardians": "Barn och vårdnadshavare informerade",
    "party": "Vem", "type": "Hur", "scopes": "Gäller", "unit_ids": "Enheter",
    "purpose": "Syfte", "given_on": "Givet", "expires_on": "Gäller till",
    "withdrawn_on": "Återkallat", "withdrawal_recorded_by": "Återkallelsen antecknad av",
    "obtained_by": "Inhämtat av", "filed_at": "Förvaras", "legal_basis": "Grund",
    "kind": "Slag", "staff_id": "Person", "role": "Roll", "profession": "Yrke",
    "agency": "Verksamhet", "unit_id": "Enhet", "valid_from": "Gäller från",
    "valid_to": "Gäller till", "joined_on": "Med från", "left_on": "Med till",
    "handover_note": "Överlämning", "members": "Medlemmar",
    "reason": "Varför planen finns", "need_ids": "Behov", "goals": "Mål",
    "child_view": "Barnets syn", "guardians_view": "Vårdnadshavarnas syn",
    "expected_outcome": "Förväntat resultat", "contingency": "Om det inte går som tänkt",
    "what": "Vad", "responsible_staff_id": "Ansvarig", "responsible_name": "Ansvarig",
    "responsible_unit_id": "Ansvarig enhet", "due_on": "Klart senast",
    "status": "Status", "status_changed_on": "Status ändrad",
    "participants": "Deltagare", "responsible_huvudman": "Huvudman",
    "barnkontakt_staff_id": "Barnkontakt", "stodsamordnare_staff_id": "Stödsamordnare",
    "next_follow_up_on": "Nästa uppföljning", "next_follow_up_place": "Plats för uppföljning",
    "sip_reference": "SIP", "follow_ups": "Uppföljning", "held_on": "Datum",
    "notes": "Anteckningar", "happened_on": "Datum", "text": "Text", "source": "Källa",
    "impact": "Påverkan", "multi_agency": "Delas med barnets team", "note": "Anteckning",
    "concern": "Oro", "concern_indicator_ids": "Tecken på oro", "observations": "Iakttagelser",
    "acute_danger": "Akut fara", "reporter_staff_id": "Anmälare",
    "reporter_unit_id": "Anmälarens enhet", "recipient": "Mottagare",
    "created_on": "Upprättad", "sent_on": "Skickad", "received_on": "Mottagen",
    "feedback_on": "Återkoppling", "feedback": "Återkopplingens innehåll",
    "legal_reference": "Lagrum", "signed_by": "Signerat av", "signed_at": "Signerat",
    "co_signer": "Medbedömare", "occasion_date": "Datum för tillfället",
}
_ORDER = {key: i for i, key in enumerate(FIELD_LABELS)}
# What names the thing in a nested entry (a guardian, a member): printed first, unlabelled.
_NAMING = ("name", "staff_id", "responsible_name", "responsible_staff_id")

# Fields that only point at other records or are bookkeeping: nothing a reader can use.
_SKIPPED = frozenset({
    "child_id", "plan_id", "supersedes", "source_record_id", "corrects", "order",
    "legal_reference_id", "legal_reference_table_version", "decision_id", "event",
    "form_id", "form_version", "form_hash", "content_hash", "schema", "device",
    # identity numbers: the extract's heading has the child's; a viewer shows none unasked
    "identity",
})
_PEOPLE = frozenset({
    "staff_id", "responsible_staff_id", "barnkontakt_staff_id", "stodsamordnare_staff_id",
    "signed_by", "co_signer", "obtained_by", "decided_by", "notify_upptackare",
    "reporter_staff_id", "withdrawal_recorded_by",
})
_UNITS = frozenset({"unit_id", "responsible_unit_id", "reporter_unit_id", "unit_ids"})

_ENUMS: dict[str, Mapping[Any, str]] = {
    "party": PARTY_LABELS, "scopes": SCOPE_LABELS, "beslut": BESLUT_LABELS,
    "identity_kind": IDENTITY_KIND_LABELS, "legal_basis": LEGAL_BASIS_LABELS,
    "role": TEAM_ROLE_LABELS,
}
# The same key means different things in different records.
_ENUMS_BY_TYPE: dict[tuple[RecordType, str], Mapping[Any, str]] = {
    (RecordType.CONSENT, "type"): CONSENT_TYPE_LABELS,
    (RecordType.CHILD, "status"): CHILD_STATUS_LABELS,
    (RecordType.PLAN_ACTION, "status"): ACTION_STATUS_LABELS,
    (RecordType.OROSANMALAN, "status"): OROSANMALAN_STATUS_LABELS,
    (RecordType.TEAM, "kind"): TEAM_KIND_LABELS,
    (RecordType.NOTE, "kind"): NOTE_KIND_LABELS,
}

_LABELS_BY_TYPE: dict[tuple[RecordType, str], str] = {
    (RecordType.BARNKONTAKT, "staff_id"): "Barnkontakt",
    (RecordType.TEAM, "name"): "Teamets namn",
}


@dataclass(frozen=True)
class RecordReading:
    """One record in words: a title (a form's own title, or what kind of record it is) and its
    content as headed sections of label and value."""

    record_id: str
    record_type: str
    title: str
    sections: list[SummarySection]
    signed: bool


def _enum_label(table: Mapping[Any, str], value: Any) -> str:
    for key, label in table.items():
        if (key.value if isinstance(key, Enum) else key) == value:
            return label
    return str(value)


class _Words:
    def __init__(
        self,
        record_type: RecordType,
        directory: Directory,
        need_labels: Mapping[Need, str],
        indicator_text: Callable[[str], str],
    ) -> None:
        self.type = record_type
        self.directory = directory
        self.need_labels = need_labels
        self.indicator_text = indicator_text

    def value(self, key: str, value: Any) -> str:
        if isinstance(value, list):
            texts = [t for v in value if (t := self.value(key, v))]
            # sentences (goals, observations) one to a line; labels on one line
            if any(len(t) > 40 or t.endswith((".", "!", "?")) for t in texts):
                return "\n".join(texts)
            return ", ".join(texts)
        if isinstance(value, bool):
            return "Ja" if value else "Nej"
        if value is None or value == "":
            return ""
        if isinstance(value, str) and (moment := _moment(value)):
            return moment
        if key in _PEOPLE:
            return self.directory.staff_name(str(value)) or "(okänd person)"
        if key in _UNITS:
            return self.directory.unit_name(str(value)) or "(okänd enhet)"
        if key == "need_ids":
            try:
                return self.need_labels.get(Need(str(value)), str(value))
            except ValueError:
                return str(value)
        if key == "concern_indicator_ids":
            return self.indicator_text(str(value))
        if key == "impact":
            return {"+": "Stärkande", "-": "Belastande"}.get(str(value), str(value))
        table = _ENUMS_BY_TYPE.get((self.type, key)) or _ENUMS.get(key)
        if table is not None:
            return _enum_label(table, value)
        if isinstance(value, dict):
            naming = [t for k in _NAMING if (t := self.value(k, value.get(k)))]
            rest = [
                f"{_label(k)}: {t}" for k, v in _ordered(value.items())
                if k not in _SKIPPED and k not in _NAMING and (t := self.value(k, v))
            ]
            return ", ".join(naming[:1] + rest)
        return str(value)

    def rows(self, body: Mapping[str, Any], skip: frozenset[str] = frozenset()) -> list[SummaryRow]:
        rows: list[SummaryRow] = []
        for key, value in _ordered(body.items()):
            if key in _SKIPPED or key in skip or value in (None, "", [], {}):
                continue
            label = _LABELS_BY_TYPE.get((self.type, key)) or _label(key)
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                for i, item in enumerate(value, start=1):
                    text = self.value(key, item)
                    if text:
                        rows.append(SummaryRow(label=f"{_singular(label)} {i}", value=text))
                continue
            text = self.value(key, value)
            if text:
                rows.append(SummaryRow(label=label, value=text))
        return rows


_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")


def _moment(value: str) -> str:
    """A stored moment (UTC, ISO 8601) as Swedish local date and minute; "" if it is not one."""
    if not _TIMESTAMP.match(value):
        return ""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return moment.astimezone(ZoneInfo("Europe/Stockholm")).strftime("%Y-%m-%d kl. %H:%M")
    except (ValueError, ZoneInfoNotFoundError):
        return value


def _label(key: str) -> str:
    return FIELD_LABELS.get(key, key.replace("_", " ").capitalize())


def _ordered(items: Any) -> list[tuple[str, Any]]:
    return sorted(items, key=lambda kv: _ORDER.get(kv[0], len(_ORDER)))


def _singular(label: str) -> str:
    return {"Medlemmar": "Medlem", "Deltagare": "Deltagare", "Iakttagelser": "Iakttagelse",
            "Uppföljning": "Uppföljning"}.get(label, label)


def read_record(
    record: Record,
    directory: Directory,
    forms: Mapping[tuple[str, int], FormDefinition],
    need_labels: Mapping[Need, str],
    indicator_text: Callable[[str], str] = str,
) -> RecordReading:
    """The record in words. A form response reads as the form it was given under (its
    sections, items and answer labels); any other record reads field by field."""
    words = _Words(record.type, directory, need_labels, indicator_text)
    body = dict(record.body)
    if record.type == RecordType.FORM_RESPONSE:
        try:
            response = body_as(record, FormResponse)
        except ValueError:
            response = None
        if response is not None:
            form = forms.get((response.form_id, response.form_version))
            sections = form_sections(response, form, directory, need_labels,
                                     load_catalogue(REFERENCE))
            meta = words.rows(body, skip=frozenset({"answers", "comments", "status"}))
            if response.signed and not response.signed_at:
                meta.append(SummaryRow(label="Signerat", value="Ja"))
            if meta:
                sections.append(SummarySection(heading="Signering", rows=meta))
            return RecordReading(
                record.id, str(record.type), form.title if form else response.form_id,
                sections, signed=response.signed,
            )
    title = TYPE_LABELS.get(record.type, str(record.type))
    if record.type == RecordType.DECISION:
        title = f"Beslut: {_enum_label(BESLUT_LABELS, body.get('beslut'))}"
    rows = words.rows(body)
    signed = record.type in (RecordType.DECISION, RecordType.CONSENT, RecordType.OROSANMALAN,
                             RecordType.NOTE)
    return RecordReading(record.id, str(record.type), title,
                         [SummarySection(heading="", rows=rows)] if rows else [], signed)


@dataclass(frozen=True)
class RecordTarget:
    """What a click on a timeline or inbox row opens: a form (`form`), the child's plan
    (`plan`, also for one of its actions), the reports of concern (`orosanmalan`), or a
    read-only reading of the record (`reading`)."""

    kind: str
    record_id: str
    child_id: str | None
    child_name: str
    child_age: int | None
    reading: RecordReading | None = None
    child_protected: bool = False  # skyddad identitet: the window title names no child


_WINDOWS: dict[RecordType, str] = {
    RecordType.FORM_RESPONSE: "form",
    RecordType.PLAN: "plan",
    RecordType.PLAN_ACTION: "plan",
    RecordType.OROSANMALAN: "orosanmalan",
}


def record_target(
    session: Session, record_id: str, directory: Directory, registry: Any, today: date | None
    = None,
) -> RecordTarget:
    """Where a record opens. Records without a window of their own (decisions, consents,
    Barnkontakt and team changes, notes, the child's registration) are read here, and the
    opening is audited like any other read of the child's record. A note about another
    record ("Barnets plan ändrad (version 2)") opens that record."""
    record = session.repo.require(record_id)
    if record.type == RecordType.NOTE:
        # a note the app wrote about another record (a plan's new version, an action's new
        # status, a withdrawn consent) opens that record
        ref = session.repo.get(str(record.body.get("record_ref") or ""))
        if ref is not None and ref.child_id == record.child_id:
            record = ref
    child_id = record.child_id or (record.id if record.type == RecordType.CHILD else None)
    name, age, hide = "", None, False
    child = session.repo.get(child_id) if child_id else None
    if child is not None:
        try:
            profile = body_as(child, ChildProfile)
            hide = profile.protected_identity
            name, age = profile.display_name, age_on(profile.birth_date, today or date.today())
        except ValueError:
            pass
    kind = _WINDOWS.get(record.type, "reading")
    reading = None
    if kind == "reading":
        session.audit.append("read", record_id=record.id, child_id=child_id)
        forms = {(f.id, f.version): f for f in registry.all_forms()} if registry else {}
        reading = read_record(record, directory, forms, _need_labels(registry),
                              indicator_words(registry))
    return RecordTarget(kind, record.id, child_id, name, age, reading, hide)


def _need_labels(registry: Any) -> dict[Need, str]:
    try:
        compass = registry.compass()
        return {n: str(compass.label(n)).capitalize() for n in Need}
    except Exception:  # no registry, or a forms folder problem: the stored ids are shown
        return {n: n.value for n in Need}


def indicator_words(registry: Any) -> Callable[[str], str]:
    def words(indicator_id: str) -> str:
        try:
            return str(registry.compass().concern_indicator(indicator_id).text)
        except Exception:  # no registry, or an indicator from another compass version
            return indicator_id

    return words
