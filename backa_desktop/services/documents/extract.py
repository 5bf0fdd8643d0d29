"""The register extract: everything the folder holds about the child and the child's
audit events; reports of concern only when asked for and visible to the user."""

from __future__ import annotations

from datetime import date
from typing import Any

from backa_desktop.domain.records import RecordType
from backa_desktop.printing.models import (
    AuditRow,
    ExtractRecord,
    RegisterExtractDocument,
    SummaryRow,
)
from backa_desktop.services.documents.common import (
    formatted_identity,
    load_child,
    raw_value,
    today_or,
)
from backa_desktop.services.orosanmalan import visible_reports
from backa_desktop.services.overview import load_directory
from backa_desktop.services.vault import Session
from backa_desktop.store.audit import unsent_ids_for_child
from backa_desktop.sync.protocol import LogExtract

TYPE_LABELS: dict[RecordType, str] = {
    RecordType.UNIT: "Enhet",
    RecordType.STAFF: "Personal",
    RecordType.CHILD: "Barnet",
    RecordType.BARNKONTAKT: "Barnkontakt",
    RecordType.TEAM: "Team",
    RecordType.CONSENT: "Samtycke",
    RecordType.FORM_RESPONSE: "Formulärsvar",
    RecordType.DECISION: "Beslut",
    RecordType.PLAN: "Barnets plan",
    RecordType.PLAN_ACTION: "Insats i Barnets plan",
    RecordType.OROSANMALAN: "Orosanmälan",
    RecordType.NOTE: "Anteckning",
    RecordType.CONFLICT: "Konflikt",
}

AUDIT_ACTION_LABELS: dict[str, str] = {
    "read": "läste",
    "create": "skapade",
    "update": "ändrade",
    "delete": "tog bort",
    "print": "skrev ut",
    "preview": "förhandsgranskade",
    "export": "exporterade",
    "reveal_identity": "visade personnumret",
    "sign": "signerade",
    "write": "ändringen togs emot av servern",
    "unlock": "låste upp",
}


FIELD_LABELS: dict[str, str] = {
    "given_names": "Förnamn", "family_name": "Efternamn", "identity": "Personnummer",
    "identity_kind": "Typ av nummer", "birth_date": "Födelsedatum", "unit_id": "Enhet",
    "guardians": "Vårdnadshavare", "name": "Namn", "phone": "Telefon", "email": "E-post",
    "relation": "Relation", "status": "Status", "protected_identity": "Skyddad identitet",
    "child_id": "Barn (id)", "staff_id": "Personal (id)", "valid_from": "Gäller från",
    "valid_to": "Gäller till", "handover_note": "Överlämning", "plan_id": "Plan (id)",
    "what": "Vad", "responsible_staff_id": "Ansvarig (id)", "responsible_name": "Ansvarig",
    "responsible_unit_id": "Ansvarig enhet (id)", "due_on": "Klart senast", "order": "Ordning",
    "need_ids": "Behov", "reason": "Varför planen finns", "goals": "Mål",
    "child_view": "Barnets syn", "guardians_view": "Vårdnadshavarnas syn",
    "expected_outcome": "Förväntat resultat", "contingency": "Om det inte går som tänkt",
    "participants": "Deltagare", "responsible_huvudman": "Huvudman",
    "next_follow_up_on": "Nästa uppföljning", "next_follow_up_place": "Plats för uppföljning",
    "barnkontakt_staff_id": "Barnkontakt (id)", "stodsamordnare_staff_id": "Stödsamordnare (id)",
    "follow_ups": "Uppföljningar", "held_on": "Datum", "notes": "Anteckningar",
    "form_id": "Formulär", "form_version": "Version", "answers": "Svar", "comments": "Kommentarer",
    "signed_by": "Signerat av (id)", "signed_at": "Signerat", "co_signer": "Medbedömare (id)",
    "party": "Part", "type": "Typ", "scopes": "Gäller", "unit_ids": "Enheter (id)",
    "obtained_by": "Inhämtat av (id)", "filed_at": "Förvaras", "given_on": "Givet",
    "expires_on": "Gäller till", "withdrawn_on": "Återkallat", "purpose": "Syfte",
    "beslut": "Beslut", "motivation": "Motivering", "follow_up": "Uppföljning",
    "text": "Text", "note": "Anteckning", "status_changed_on": "Status ändrad",
}


def _field_label(path: str) -> str:
    return ".".join(
        FIELD_LABELS.get(part.split("[")[0], part.split("[")[0])
        + (f" {part[part.index('[') + 1:-1]}" if "[" in part else "")
        for part in path.split(".")
    )


def _flatten(prefix: str, value: Any, rows: list[SummaryRow]) -> None:
    if isinstance(value, dict):
        if not value:
            return
        for key in sorted(value):
            _flatten(f"{prefix}.{key}" if prefix else str(key), value[key], rows)
    elif isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            for i, v in enumerate(value, start=1):
                _flatten(f"{prefix}[{i}]", v, rows)
        elif value:
            rows.append(SummaryRow(label=_field_label(prefix),
                                   value=", ".join(str(v) for v in value)))
    elif value is not None and value != "":
        rows.append(SummaryRow(label=_field_label(prefix), value=raw_value(value)))


def build_register_extract(
    session: Session,
    child_id: str,
    *,
    requested_by: str = "",
    requested_on: date | None = None,
    include_orosanmalan: bool = False,
    today: date | None = None,
    central_log: LogExtract | None = None,
) -> RegisterExtractDocument:
    """Everything this folder holds about the child, every revision's current state, and the
    child's audit events. Reports of concern are left out unless `include_orosanmalan` (and the
    user may see them): their disclosure to guardians needs a secrecy review first.

    `central_log` (fetched from the central store, `services.log_review.fetch_extract`) makes
    the log cover every laptop, not only this one; this laptop's events the store does not
    hold yet are added from the folder."""
    child_record, profile = load_child(session, child_id)
    directory = load_directory(session)
    visible = {row.record_id for row in visible_reports(session, child_id)}
    records = [child_record, *[
        r for r in session.repo.find(child_id=child_id) if r.id != child_record.id
    ]]
    notes: list[str] = []
    withheld = 0
    extract_records: list[ExtractRecord] = []
    for record in records:
        if record.type == RecordType.OROSANMALAN and not (
            include_orosanmalan and record.id in visible
        ):
            withheld += 1
            continue
        rows: list[SummaryRow] = []
        _flatten("", record.body, rows)
        extract_records.append(ExtractRecord(
            type_label=TYPE_LABELS.get(record.type, str(record.type)),
            record_id=record.id,
            created_at=record.created_at,
            updated_at=record.updated_at,
            author=directory.staff_name(record.author) or record.author,
            revision=record.revision,
            rows=rows,
        ))
    if withheld:
        notes.append(
            "Uppgifter som kan omfattas av sekretess mot den som begär utdraget prövas separat "
            "och finns inte med här."
        )
    type_of = {r.id: TYPE_LABELS.get(r.type, str(r.type)) for r in records}
    events = session.audit.events(child_id=child_id)
    if central_log is not None:
        unsent = unsent_ids_for_child(session.db, child_id)
        events = [e for e in events if e.id in unsent]
        notes.append(
            "Loggen är hämtad från den centrala servern och omfattar alla datorer; händelser "
            "på den här datorn som ännu inte har synkroniserats är tillagda."
        )
    audit = [
        AuditRow(
            at=e.at,
            actor=directory.staff_name(e.actor) or e.actor,
            action=AUDIT_ACTION_LABELS.get(e.action, e.action),
            record=type_of.get(e.record_id or "", e.record_id or ""),
            device=e.device,
        )
        for e in events
    ]
    if central_log is not None:
        audit += [
            AuditRow(
                at=e.at,
                actor=e.display_name or e.username,
                action=AUDIT_ACTION_LABELS.get(e.action, e.action),
                record=type_of.get(e.record_id or "", e.record_id or ""),
                device=e.device_id or "",
            )
            for e in central_log.entries
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
