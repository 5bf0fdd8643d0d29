"""The register extract: everything the folder holds about the child and the child's
audit events; reports of concern only when asked for and visible to the user."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from backa_desktop.domain.forms import FormDefinition, localize_form
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.printing.languages import REFERENCE, Catalogue, load_catalogue
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
from backa_desktop.services.documents.reading import indicator_words, read_record
from backa_desktop.services.orosanmalan import visible_reports
from backa_desktop.services.overview import load_directory
from backa_desktop.services.vault import Session
from backa_desktop.store.audit import unsent_ids_for_child
from backa_desktop.sync.protocol import LogExtract

AUDIT_ACTIONS = (
    "read", "create", "update", "delete", "print", "preview", "export", "reveal_identity",
    "sign", "write", "unlock", "withdraw_consent", "status_change", "resolve_conflict",
    "handover", "log_extract", "serve",
)
"""The audit actions the log speaks of, each as the verb of a sentence whose object is the
record ("Lena Ängström läste Barnets plan"): `extract.action.<action>` in the catalogues."""


def _verb(cat: Catalogue, action: str) -> str:
    return cat.text.get(f"extract.action.{action}") or action.replace("_", " ")


def _object_of(record: Record, forms: Mapping[tuple[str, int], FormDefinition],
               cat: Catalogue) -> str:
    """The record as the object of a log sentence: a form by its title, else its kind."""
    if record.type == RecordType.FORM_RESPONSE:
        form = forms.get((str(record.body.get("form_id")), int(record.body.get("form_version")
                                                              or 0)))
        return form.title if form else cat.t("extract.object.form")
    return cat.text.get(f"extract.object.{record.type}") or cat.t("extract.object.child")


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
    lang: str = REFERENCE,
) -> RegisterExtractDocument:
    """Everything this folder holds about the child, every record's current state in words,
    and the child's audit events as sentences. Reports of concern are left out unless
    `include_orosanmalan` (and the user may see them): their disclosure to guardians needs a
    secrecy review first. What is left out leaves no trace: its log events are dropped too,
    and the note about a separate secrecy review is printed in every extract.

    `registry` gives the forms' own labels; without one the default forms folder is read.
    `central_log` (fetched from the central store, `services.log_review.fetch_extract`) makes
    the log cover every laptop, not only this one; this laptop's events the store does not
    hold yet are added from the folder. Everything is worded in `lang` (a language whose
    catalogue prints the extract): the forms in their translation where the form file has one.
    """
    cat = load_catalogue(lang)
    child_record, profile = load_child(session, child_id)
    directory = load_directory(session)
    registry = registry if registry is not None else _default_registry()
    forms = {key: localize_form(form, lang) for key, form in forms_of(registry).items()}
    labels = need_labels(registry, lang)
    indicator_text = indicator_words(registry, lang)
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
        reading = read_record(record, directory, forms, labels, indicator_text, cat,
                              [g.name for g in profile.guardians])
        extract_records.append(ExtractRecord(
            type_label=reading.title,
            record_id=record.id,
            created_at=record.created_at,
            updated_at=record.updated_at,
            author=directory.staff_name(record.author),
            revision=record.revision,
            sections=reading.sections,
        ))
    # printed in every extract, so that it says nothing about whether anything was left out
    notes = [cat.t("extract.secrecy_note")]
    objects = {r.id: _object_of(r, forms, cat) for r in records if r.id not in withheld}
    generic = cat.t("extract.object.child")
    unknown = cat.t("extract.unknown_person")
    events = [e for e in session.audit.events(child_id=child_id)
              if e.record_id not in withheld]
    if central_log is not None:
        unsent = unsent_ids_for_child(session.db, child_id)
        events = [e for e in events if e.id in unsent]
        notes.append(cat.t("extract.central_note"))
    devices: dict[str, str] = {}

    def device_words(device: str) -> str:
        if not device:
            return ""
        if device not in devices:
            devices[device] = cat.t("extract.computer", number=len(devices) + 1)
        return devices[device]

    audit = []
    for e in events:
        actor = directory.staff_name(e.actor)
        unit = directory.unit_name(directory.staff_unit(e.actor))
        audit.append(AuditRow(
            at=e.at, actor=actor or unknown, action=_verb(cat, e.action),
            record=objects.get(e.record_id or "", generic),
            unit=unit, device=device_words(e.device),
        ))
    if central_log is not None:
        audit += [
            AuditRow(
                at=e.at,
                actor=e.display_name or e.username or unknown,
                action=_verb(cat, e.action),
                record=objects.get(e.record_id or "", generic),
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
