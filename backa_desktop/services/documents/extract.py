"""The register extract: everything the folder holds about the child and the child's
audit events; reports of concern only when asked for and visible to the user."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from backa_desktop.domain.forms import FormDefinition
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.printing.models import (
    AuditRow,
    ExtractRecord,
    RegisterExtractDocument,
)
from backa_desktop.services.documents.common import (
    formatted_identity,
    forms_of,
    load_child,
    need_labels,
    today_or,
)
from backa_desktop.services.documents.reading import TYPE_LABELS, indicator_words, read_record
from backa_desktop.services.orosanmalan import visible_reports
from backa_desktop.services.overview import load_directory
from backa_desktop.services.vault import Session
from backa_desktop.store.audit import unsent_ids_for_child
from backa_desktop.sync.protocol import LogExtract

AUDIT_ACTION_LABELS: dict[str, str] = {
    "read": "läste",
    "create": "skrev in",
    "update": "ändrade",
    "delete": "tog bort",
    "print": "skrev ut",
    "preview": "förhandsgranskade",
    "export": "exporterade",
    "reveal_identity": "visade personnumret i",
    "sign": "signerade",
    "write": "sparade en ändring av",
    "unlock": "öppnade",
    "withdraw_consent": "antecknade återkallelse av",
    "status_change": "ändrade barnets status i",
    "resolve_conflict": "löste en krock mellan två ändringar i",
    "handover": "lämnade över",
    "log_extract": "tog ut loggen för",
    "serve": "hämtade",
}
"""What a person did, as the verb of a sentence whose object is the record ("Lena Ängström
läste Barnets plan")."""

GENERIC_OBJECT = "barnets uppgifter"
UNKNOWN_PERSON = "Okänd person"


def _verb(action: str) -> str:
    return AUDIT_ACTION_LABELS.get(action, action.replace("_", " "))

SECRECY_NOTE = (
    "Uppgifter som kan omfattas av sekretess mot den som begär utdraget prövas för sig och "
    "lämnas i så fall ut separat."
)
"""Printed in every extract, so that it says nothing about whether anything was left out."""


def _object_of(record: Record, forms: Mapping[tuple[str, int], FormDefinition]) -> str:
    """The record as the object of a log sentence: a form by its title, else its kind."""
    if record.type == RecordType.FORM_RESPONSE:
        form = forms.get((str(record.body.get("form_id")), int(record.body.get("form_version")
                                                              or 0)))
        return form.title if form else "ett formulär"
    if record.type == RecordType.CHILD:
        return GENERIC_OBJECT
    return TYPE_LABELS.get(record.type, GENERIC_OBJECT)


def build_register_extract(
    session: Session,
    child_id: str,
    *,
    requested_by: str = "",
    requested_on: date | None = None,
    include_orosanmalan: bool = False,
    today: date | None = None,
    central_log: LogExtract | None = None,
    registry: Any | None = None,
) -> RegisterExtractDocument:
    """Everything this folder holds about the child, every record's current state in words,
    and the child's audit events as sentences. Reports of concern are left out unless
    `include_orosanmalan` (and the user may see them): their disclosure to guardians needs a
    secrecy review first. What is left out leaves no trace: its log events are dropped too,
    and the note about a separate secrecy review is printed in every extract.

    `registry` gives the forms' own labels; without one the default forms folder is read.
    `central_log` (fetched from the central store, `services.log_review.fetch_extract`) makes
    the log cover every laptop, not only this one; this laptop's events the store does not
    hold yet are added from the folder."""
    child_record, profile = load_child(session, child_id)
    directory = load_directory(session)
    registry = registry if registry is not None else _default_registry()
    forms = forms_of(registry)
    labels = need_labels(registry)
    indicator_text = indicator_words(registry)
    visible = {row.record_id for row in visible_reports(session, child_id)}
    records = [child_record, *[
        r for r in session.repo.find(child_id=child_id) if r.id != child_record.id
    ]]
    withheld: set[str] = set()
    extract_records: list[ExtractRecord] = []
    for record in records:
        if record.type == RecordType.OROSANMALAN and not (
            include_orosanmalan and record.id in visible
        ):
            withheld.add(record.id)
            continue
        reading = read_record(record, directory, forms, labels, indicator_text)
        extract_records.append(ExtractRecord(
            type_label=reading.title,
            record_id=record.id,
            created_at=record.created_at,
            updated_at=record.updated_at,
            author=directory.staff_name(record.author),
            revision=record.revision,
            sections=reading.sections,
        ))
    notes = [SECRECY_NOTE]
    objects = {r.id: _object_of(r, forms) for r in records if r.id not in withheld}
    events = [e for e in session.audit.events(child_id=child_id)
              if e.record_id not in withheld]
    if central_log is not None:
        unsent = unsent_ids_for_child(session.db, child_id)
        events = [e for e in events if e.id in unsent]
        notes.append(
            "Loggen är hämtad från den centrala servern och omfattar alla datorer; händelser "
            "på den här datorn som ännu inte har synkroniserats är tillagda."
        )
    devices: dict[str, str] = {}

    def device_words(device: str) -> str:
        if not device:
            return ""
        if device not in devices:
            devices[device] = f"dator {len(devices) + 1}"
        return devices[device]

    audit = []
    for e in events:
        actor = directory.staff_name(e.actor)
        unit = directory.unit_name(directory.staff_unit(e.actor))
        audit.append(AuditRow(
            at=e.at, actor=actor or UNKNOWN_PERSON, action=_verb(e.action),
            record=objects.get(e.record_id or "", GENERIC_OBJECT),
            unit=unit, device=device_words(e.device),
        ))
    if central_log is not None:
        audit += [
            AuditRow(
                at=e.at,
                actor=e.display_name or e.username or UNKNOWN_PERSON,
                action=_verb(e.action),
                record=objects.get(e.record_id or "", GENERIC_OBJECT),
                device=device_words(e.device_id or ""),
            )
            for e in central_log.entries
            if e.record_id not in withheld
        ]
    audit.sort(key=lambda row: row.at)
    me = session.me()
    return RegisterExtractDocument(
        child_name=profile.display_name,
        child_identity_number=formatted_identity(profile),
        printed_on=today_or(today),
        requested_by=requested_by,
        requested_on=requested_on,
        prepared_by=str(me.get("name") or ""),
        organisation=directory.unit_name(str(me.get("unit_id") or "")),
        records=extract_records,
        audit=audit,
        notes=notes,
    )


def _default_registry() -> Any | None:
    """The forms folder the app ships, for the forms' own labels; None if it cannot be read
    (the extract then prints answers as stored rather than fail)."""
    from backa_desktop.services.forms import FormRegistry, default_forms_dir

    try:
        return FormRegistry.load(default_forms_dir())
    except Exception:
        return None
