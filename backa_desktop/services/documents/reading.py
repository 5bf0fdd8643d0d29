"""Any record of a child, in words: headings and answers with the forms' own labels, people and
units by name, values by their labels, in a language.

The register extract prints these for a family, and the timeline's read-only viewer shows them
to staff, so both read the same way. The words come from the print-language catalogues
(`reading.*` keys, which every language that prints the register extract has), so the viewer
follows the UI language and the extract the print language the user picks. Ids are
bookkeeping: a field that only points at another record (the child, the plan, the record a
decision answers) is left out, and a field that names a person or a unit shows the name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
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
from backa_desktop.domain.forms import (
    FormDefinition,
    FormResponse,
    guardian_name,
    localize_compass,
    localize_form,
)
from backa_desktop.domain.identity import IDENTITY_KIND_LABELS
from backa_desktop.domain.needs import Need
from backa_desktop.domain.notes import NOTE_KIND_LABELS
from backa_desktop.domain.orosanmalan import STATUS_LABELS as OROSANMALAN_STATUS_LABELS
from backa_desktop.domain.people import ChildProfile, age_on
from backa_desktop.domain.plan import ACTION_STATUS_LABELS
from backa_desktop.domain.process import BESLUT_LABELS, CHILD_STATUS_LABELS
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.domain.teams import TEAM_KIND_LABELS, TEAM_ROLE_LABELS
from backa_desktop.printing.languages import (
    REFERENCE,
    Catalogue,
    CatalogueError,
    load_catalogue,
)
from backa_desktop.printing.models import SummaryRow, SummarySection
from backa_desktop.services.documents.summaries import form_sections
from backa_desktop.services.overview import Directory
from backa_desktop.services.vault import Session

FIELD_ORDER: tuple[str, ...] = (
    # the order a reader expects them in; each has its words in the catalogues
    # (`reading.field.<key>`), and a key missing there reads as the capitalised key
    "given_names", "family_name", "name", "birth_date", "identity_kind", "identity_issuer",
    "relation", "phone", "email", "preferred_language", "interpreter_needed", "guardians",
    "protected_identity", "title", "beslut", "motivation", "follow_up", "decided_by",
    "notify_upptackare", "told_child_and_guardians", "party", "type", "scopes", "unit_ids",
    "purpose", "given_on", "expires_on", "withdrawn_on", "withdrawal_recorded_by",
    "obtained_by", "filed_at", "legal_basis", "kind", "staff_id", "role", "profession",
    "agency", "unit_id", "valid_from", "valid_to", "joined_on", "left_on", "handover_note",
    "members", "reason", "need_ids", "goals", "child_view", "guardians_view",
    "expected_outcome", "contingency", "what", "responsible_staff_id", "responsible_name",
    "responsible_unit_id", "due_on", "status", "status_changed_on", "participants",
    "responsible_huvudman", "barnkontakt_staff_id", "stodsamordnare_staff_id",
    "next_follow_up_on", "next_follow_up_place", "sip_reference", "follow_ups", "held_on",
    "notes", "observed_on", "happened_on", "text", "source", "impact", "multi_agency", "note",
    "concern", "concern_indicator_ids", "observations", "acute_danger", "reporter_staff_id",
    "reporter_unit_id", "recipient", "created_on", "sent_on", "received_on", "feedback_on",
    "feedback", "legal_reference", "signed_by", "signed_at", "co_signer", "occasion_date",
)
_ORDER = {key: i for i, key in enumerate(FIELD_ORDER)}
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

ENUM_TABLES: dict[str, Mapping[Any, str]] = {
    "party": PARTY_LABELS, "scopes": SCOPE_LABELS, "beslut": BESLUT_LABELS,
    "identity_kind": IDENTITY_KIND_LABELS, "legal_basis": LEGAL_BASIS_LABELS,
    "role": TEAM_ROLE_LABELS, "consent_type": CONSENT_TYPE_LABELS,
    "child_status": CHILD_STATUS_LABELS, "action_status": ACTION_STATUS_LABELS,
    "orosanmalan_status": OROSANMALAN_STATUS_LABELS, "team_kind": TEAM_KIND_LABELS,
    "note_kind": NOTE_KIND_LABELS,
}
"""The domain's value sets a reading words, by the name of their catalogue keys
(`reading.enum.<name>.<value>`); the domain's Swedish label is the fallback for a value the
catalogue does not have yet (the catalogue test fails on it by name)."""
_ENUMS: dict[str, str] = {
    "party": "party", "scopes": "scopes", "beslut": "beslut", "identity_kind": "identity_kind",
    "legal_basis": "legal_basis", "role": "role",
}
# The same key means different things in different records.
_ENUMS_BY_TYPE: dict[tuple[RecordType, str], str] = {
    (RecordType.CONSENT, "type"): "consent_type",
    (RecordType.CHILD, "status"): "child_status",
    (RecordType.PLAN_ACTION, "status"): "action_status",
    (RecordType.OROSANMALAN, "status"): "orosanmalan_status",
    (RecordType.TEAM, "kind"): "team_kind",
    (RecordType.NOTE, "kind"): "note_kind",
}

# A field whose label depends on the record (`reading.field.<type>.<key>`).
LABELS_BY_TYPE = frozenset({(RecordType.BARNKONTAKT, "staff_id"), (RecordType.TEAM, "name")})
# Fields holding a list of entries, each printed as "<one> <number>" (`reading.one.<key>`).
NUMBERED = ("guardians", "members", "participants", "observations", "follow_ups")


@dataclass(frozen=True)
class RecordReading:
    """One record in words: a title (a form's own title, or what kind of record it is) and its
    content as headed sections of label and value."""

    record_id: str
    record_type: str
    title: str
    sections: list[SummarySection]
    signed: bool


def reading_catalogue(lang: str = REFERENCE) -> Catalogue:
    """The catalogue that words a reading in `lang`: the language's own when it prints the
    register extract (and so has the `reading.` words), else Swedish."""
    try:
        catalogue = load_catalogue(lang)
    except CatalogueError:
        return load_catalogue(REFERENCE)
    return catalogue if catalogue.prints("extract") else load_catalogue(REFERENCE)


def enum_label(cat: Catalogue, name: str, value: Any) -> str:
    """A stored value of one of the domain's value sets in the catalogue's words."""
    for key, swedish in ENUM_TABLES[name].items():
        stored = key.value if isinstance(key, Enum) else key
        if stored == value:
            return cat.text.get(f"reading.enum.{name}.{stored}", swedish)
    return str(value)


def type_title(cat: Catalogue, record_type: RecordType | str) -> str:
    return cat.text.get(f"reading.type.{record_type}", str(record_type))


class _Words:
    def __init__(
        self,
        record_type: RecordType,
        directory: Directory,
        need_labels: Mapping[Need, str],
        indicator_text: Callable[[str], str],
        cat: Catalogue,
        guardian_names: Sequence[str] = (),
    ) -> None:
        self.guardian_names = guardian_names
        self.type = record_type
        self.directory = directory
        self.need_labels = need_labels
        self.indicator_text = indicator_text
        self.cat = cat

    def label(self, key: str) -> str:
        if (self.type, key) in LABELS_BY_TYPE:
            return (self.cat.text.get(f"reading.field.{self.type}.{key}")
                    or _label(self.cat, key))
        return _label(self.cat, key)

    def value(self, key: str, value: Any) -> str:
        if isinstance(value, list):
            texts = [t for v in value if (t := self.value(key, v))]
            # sentences (goals, observations) one to a line; labels on one line
            if any(len(t) > 40 or t.endswith((".", "!", "?")) for t in texts):
                return "\n".join(texts)
            return ", ".join(texts)
        if isinstance(value, bool):
            return self.cat.t("reading.yes" if value else "reading.no")
        if value is None or value == "":
            return ""
        if isinstance(value, str) and (moment := _moment(value, self.cat)):
            return moment
        if key in _PEOPLE:
            return self.directory.staff_name(str(value)) or self.cat.t("reading.unknown_person")
        if key in _UNITS:
            return self.directory.unit_name(str(value)) or self.cat.t("reading.unknown_unit")
        if key == "need_ids":
            try:
                return self.need_labels.get(Need(str(value)), str(value))
            except ValueError:
                return str(value)
        if key == "concern_indicator_ids":
            return self.indicator_text(str(value))
        if key == "impact":
            impact = {"+": "reading.impact.plus", "-": "reading.impact.minus"}.get(str(value))
            return self.cat.t(impact) if impact else str(value)
        if key == "party" and (name := self._guardian(str(value))):
            return name
        table = _ENUMS_BY_TYPE.get((self.type, key)) or _ENUMS.get(key)
        if table is not None:
            return enum_label(self.cat, table, value)
        if isinstance(value, dict):
            naming = [t for k in _NAMING if (t := self.value(k, value.get(k)))]
            rest = [
                f"{_label(self.cat, k)}: {t}" for k, v in _ordered(value.items())
                if k not in _SKIPPED and k not in _NAMING and (t := self.value(k, v))
            ]
            return ", ".join(naming[:1] + rest)
        return str(value)

    def _guardian(self, party: str) -> str:
        """A consent party that is a guardian, by the name in the child's profile ("" when
        the profile has none): the family reads its own names, not "Vårdnadshavare 1"."""
        return guardian_name(party, self.guardian_names)

    def rows(self, body: Mapping[str, Any], skip: frozenset[str] = frozenset()) -> list[SummaryRow]:
        rows: list[SummaryRow] = []
        for key, value in _ordered(body.items()):
            if key in _SKIPPED or key in skip or value in (None, "", [], {}):
                continue
            label = self.label(key)
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                one = self.cat.text.get(f"reading.one.{key}", label)
                for i, item in enumerate(value, start=1):
                    text = self.value(key, item)
                    if text:
                        rows.append(SummaryRow(
                            label=self.cat.t("reading.numbered", label=one, number=i),
                            value=text))
                continue
            text = self.value(key, value)
            if text:
                rows.append(SummaryRow(label=label, value=text))
        return rows


_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")


def _moment(value: str, cat: Catalogue) -> str:
    """A stored moment (UTC, ISO 8601) as Swedish local date and minute; "" if it is not one."""
    if not _TIMESTAMP.match(value):
        return ""
    return moment_words(value, cat)


def moment_words(value: str, cat: Catalogue) -> str:
    """A stored UTC moment as the date and minute in Sweden (where the work was done), in the
    catalogue's words; said to be UTC when the time zone data is missing, rather than guessed."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    try:
        local = moment.astimezone(ZoneInfo("Europe/Stockholm"))
    except ZoneInfoNotFoundError:
        utc = moment.astimezone(UTC)
        return cat.t("reading.moment_utc", date=utc.strftime("%Y-%m-%d"),
                     time=utc.strftime("%H:%M"))
    return cat.t("reading.moment", date=local.strftime("%Y-%m-%d"),
                 time=local.strftime("%H:%M"))


def _label(cat: Catalogue, key: str) -> str:
    return cat.text.get(f"reading.field.{key}") or key.replace("_", " ").capitalize()


def _ordered(items: Any) -> list[tuple[str, Any]]:
    return sorted(items, key=lambda kv: _ORDER.get(kv[0], len(_ORDER)))


def read_record(
    record: Record,
    directory: Directory,
    forms: Mapping[tuple[str, int], FormDefinition],
    need_labels: Mapping[Need, str],
    indicator_text: Callable[[str], str] = str,
    cat: Catalogue | None = None,
    guardian_names: Sequence[str] = (),
) -> RecordReading:
    """The record in words of the catalogue `cat` (Swedish by default). A form response reads
    as the form it was given under (its sections, items and answer labels, in the catalogue's
    language where the form file translates them); any other record reads field by field.
    `need_labels` and `indicator_text` must be in the same language. `guardian_names` (the
    child's profile, in order) names the guardians who answered or consented."""
    cat = cat or load_catalogue(REFERENCE)
    words = _Words(record.type, directory, need_labels, indicator_text, cat, guardian_names)
    body = dict(record.body)
    if record.type == RecordType.FORM_RESPONSE:
        try:
            response = body_as(record, FormResponse)
        except ValueError:
            response = None
        if response is not None:
            form = forms.get((response.form_id, response.form_version))
            if form is not None:
                form = localize_form(form, cat.code)
            sections = form_sections(response, form, directory, need_labels, cat,
                                     guardian_names=guardian_names)
            meta = words.rows(body, skip=frozenset({"answers", "comments", "status"}))
            if response.signed and not response.signed_at:
                meta.append(SummaryRow(label=_label(cat, "signed_at"),
                                       value=cat.t("reading.yes")))
            if meta:
                sections.append(SummarySection(heading=cat.t("reading.signing"), rows=meta))
            return RecordReading(
                record.id, str(record.type), form.title if form else response.form_id,
                sections, signed=response.signed,
            )
    title = type_title(cat, record.type)
    if record.type == RecordType.DECISION:
        title = cat.t("reading.decision_title",
                      beslut=enum_label(cat, "beslut", body.get("beslut")))
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
    = None, lang: str | None = None,
) -> RecordTarget:
    """Where a record opens. Records without a window of their own (decisions, consents,
    Barnkontakt and team changes, notes, the child's registration) are read here, and the
    opening is audited like any other read of the child's record. A note about another
    record ("Barnets plan ändrad (version 2)") opens that record. The reading is in `lang`,
    by default the language the registry's forms are shown in (the UI language)."""
    record = session.repo.require(record_id)
    if record.type == RecordType.NOTE:
        # a note the app wrote about another record (a plan's new version, an action's new
        # status, a withdrawn consent) opens that record
        ref = session.repo.get(str(record.body.get("record_ref") or ""))
        if ref is not None and ref.child_id == record.child_id:
            record = ref
    child_id = record.child_id or (record.id if record.type == RecordType.CHILD else None)
    name, age, hide = "", None, False
    guardians: list[str] = []
    child = session.repo.get(child_id) if child_id else None
    if child is not None:
        try:
            profile = body_as(child, ChildProfile)
            hide = profile.protected_identity
            guardians = [g.name for g in profile.guardians]
            name, age = profile.display_name, age_on(profile.birth_date, today or date.today())
        except ValueError:
            pass
    kind = _WINDOWS.get(record.type, "reading")
    reading = None
    if kind == "reading":
        session.audit.append("read", record_id=record.id, child_id=child_id)
        reading = read_in(record, directory, registry,
                          lang or str(getattr(registry, "language", REFERENCE)), guardians)
    return RecordTarget(kind, record.id, child_id, name, age, reading, hide)


def read_in(record: Record, directory: Directory, registry: Any, lang: str,
            guardian_names: Sequence[str] = ()) -> RecordReading:
    """The record read in `lang` (Swedish where no catalogue has the words), with the
    registry's forms and Behovskompass in that language where their files translate them."""
    cat = reading_catalogue(lang)
    forms = {(f.id, f.version): f for f in registry.all_forms()} if registry else {}
    return read_record(record, directory, forms, _need_labels(registry, cat.code),
                       indicator_words(registry, cat.code), cat, guardian_names)


def _need_labels(registry: Any, lang: str = REFERENCE) -> dict[Need, str]:
    try:
        compass = localize_compass(registry.compass(), lang)
        return {n: str(compass.label(n)).capitalize() for n in Need}
    except Exception:  # no registry, or a forms folder problem: the stored ids are shown
        return {n: n.value for n in Need}


def indicator_words(registry: Any, lang: str = REFERENCE) -> Callable[[str], str]:
    """A sign of concern's text in `lang` where the Behovskompass translates it."""
    def words(indicator_id: str) -> str:
        try:
            compass = localize_compass(registry.compass(), lang)
            return str(compass.concern_indicator(indicator_id).text)
        except Exception:  # no registry, or an indicator from another compass version
            return indicator_id

    return words
