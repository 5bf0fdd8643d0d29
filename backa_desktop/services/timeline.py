"""The child's timeline: everything that happened to the child, newest first (domain.md §1.15,
§6 item 10).

Entries are data (kind, date, who, the record to open); the UI words them in the user's
language. An orosanmälan is marked `staff_only`: it is on the staff timeline but never printed
for or shown to the family.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from backa_desktop.domain.forms import FormDefinition
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.services.overview import Directory, occasion_of
from backa_desktop.services.vault import Session

ANON_LINK_PREFIX = "anon-card:"

KINDS = (
    "form",
    "decision",
    "orosanmalan",
    "plan",
    "plan_action",
    "consent",
    "note",
    "barnkontakt",
    "team",
    "child",
    "anonymous_card",
)


@dataclass(frozen=True)
class TimelineEntry:
    at: str  # ISO date or timestamp; sorted as text
    kind: str  # one of KINDS
    record_id: str
    author: str  # a person's name
    form_id: str = ""
    form_title: str = ""
    beslut: str = ""
    summary: str = ""
    corrects: str = ""
    corrected: bool = False
    staff_only: bool = False

    @property
    def day(self) -> str:
        return self.at[:10]


_TYPE_KIND: dict[RecordType, str] = {
    RecordType.FORM_RESPONSE: "form",
    RecordType.DECISION: "decision",
    RecordType.OROSANMALAN: "orosanmalan",
    RecordType.PLAN: "plan",
    RecordType.PLAN_ACTION: "plan_action",
    RecordType.CONSENT: "consent",
    RecordType.NOTE: "note",
    RecordType.BARNKONTAKT: "barnkontakt",
    RecordType.TEAM: "team",
}


def entry_for(
    record: Record,
    directory: Directory,
    forms: Mapping[tuple[str, int], FormDefinition],
    corrected_ids: set[str],
) -> TimelineEntry | None:
    body = record.body
    author = directory.staff_name(body.get("signed_by") or record.author) or ""
    if record.type == RecordType.CHILD:
        return TimelineEntry(record.created_at, "child", record.id, author)
    kind = _TYPE_KIND.get(record.type)
    if kind is None:
        return None
    if record.type == RecordType.FORM_RESPONSE:
        if body.get("status") != "signed":
            return None
        form_id = str(body.get("form_id", ""))
        form = forms.get((form_id, int(body.get("form_version", 0) or 0)))
        answers = body.get("answers") or {}
        summary = str(answers.get("situation") or answers.get("situation.text") or "")
        return TimelineEntry(
            at=_form_time(record),
            kind=kind,
            record_id=record.id,
            author=author,
            form_id=form_id,
            form_title=form.title if form else form_id,
            summary=summary,
            corrects=str(body.get("corrects") or ""),
            corrected=record.id in corrected_ids,
        )
    if record.type == RecordType.DECISION:
        return TimelineEntry(
            at=record.created_at,
            kind=kind,
            record_id=record.id,
            author=directory.staff_name(body.get("decided_by")) or author,
            beslut=str(body.get("beslut", "")),
            summary=str(body.get("motivation", "")),
        )
    if record.type == RecordType.OROSANMALAN:
        return TimelineEntry(
            at=record.created_at,
            kind=kind,
            record_id=record.id,
            author=directory.staff_name(body.get("reporter_staff_id")) or author,
            summary=str(body.get("concern", "")),
            staff_only=True,
        )
    if record.type == RecordType.NOTE:
        if body.get("kind") in ("ack",):
            return None  # inbox bookkeeping, not an event in the child's life
        summary = str(body.get("text", ""))
        return TimelineEntry(
            record.created_at,
            kind,
            record.id,
            author,
            summary=summary,
            beslut=str(body.get("kind", "")),
        )
    if record.type == RecordType.PLAN_ACTION:
        return TimelineEntry(
            record.created_at, kind, record.id, author, summary=str(body.get("what", ""))
        )
    if record.type == RecordType.BARNKONTAKT:
        return TimelineEntry(
            str(body.get("valid_from") or record.created_at),
            kind,
            record.id,
            directory.staff_name(body.get("staff_id")),
            summary=directory.unit_name(body.get("unit_id")),
        )
    return TimelineEntry(record.created_at, kind, record.id, author)


def _form_time(record: Record) -> str:
    signed = str(record.body.get("signed_at") or "")
    occasion = occasion_of(record)
    if signed[:10] == occasion:
        return signed
    return occasion


def timeline_entries(
    session: Session,
    child_id: str,
    directory: Directory,
    forms: Mapping[tuple[str, int], FormDefinition],
) -> list[TimelineEntry]:
    records = session.repo.find(child_id=child_id)
    child = session.repo.get(child_id)
    if child is not None and all(r.id != child.id for r in records):
        records.append(child)
    entries = build_entries(records, directory, forms)
    for draft in session.drafts.for_child(child_id):
        if draft.key.startswith(ANON_LINK_PREFIX):
            card = session.repo.get(str(draft.payload.get("record_id", "")))
            if card is not None:
                entries.append(
                    TimelineEntry(
                        at=_form_time(card),
                        kind="anonymous_card",
                        record_id=card.id,
                        author=directory.staff_name(card.body.get("signed_by")),
                        form_id=str(card.body.get("form_id", "")),
                        form_title=str(draft.payload.get("form_title", "")),
                    )
                )
    entries.sort(key=lambda e: (e.at, e.record_id), reverse=True)
    return entries


def build_entries(
    records: Iterable[Record],
    directory: Directory,
    forms: Mapping[tuple[str, int], FormDefinition],
) -> list[TimelineEntry]:
    records = list(records)
    corrected = {str(r.body.get("corrects")) for r in records if r.body.get("corrects")}
    entries = [e for r in records if (e := entry_for(r, directory, forms, corrected)) is not None]
    entries.sort(key=lambda e: (e.at, e.record_id), reverse=True)
    return entries


def counts_by_kind(entries: Iterable[TimelineEntry]) -> dict[str, int]:
    """How many of each kind (the "tidslinjerna" picture counts events by type)."""
    return dict(Counter(e.kind if e.kind != "form" else e.form_id for e in entries))
