"""The child's timeline: everything that happened to the child, newest first (domain.md §1.15,
§6 item 10).

Entries are data (kind, date, who, the record to open); the UI words them in the user's
language. An orosanmälan is marked `staff_only`: it is on the staff timeline but never printed
for or shown to the family.
"""

from __future__ import annotations

import weakref
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.forms import FormDefinition, FormResponse
from backa_desktop.domain.notes import TimelineNote
from backa_desktop.domain.orosanmalan import Orosanmalan
from backa_desktop.domain.plan import PlanAction
from backa_desktop.domain.process import Decision
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.domain.teams import BarnkontaktAssignment
from backa_desktop.services.overview import ANON_LINK_PREFIX as ANON_LINK_PREFIX
from backa_desktop.services.overview import (
    ChildOverview,
    Directory,
    occasion_of,
    overview_from,
    response_occasion,
)
from backa_desktop.services.vault import Session

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
    parsed: Mapping[str, FormResponse] | None = None,
) -> TimelineEntry | None:
    """`parsed`: form response bodies already parsed, by record id (the rest are parsed)."""
    author = directory.staff_name(record.author) or ""
    if record.type == RecordType.CHILD:
        return TimelineEntry(record.created_at, "child", record.id, author)
    kind = _TYPE_KIND.get(record.type)
    if kind is None:
        return None
    if record.type == RecordType.FORM_RESPONSE:
        response = (parsed or {}).get(record.id) or body_as(record, FormResponse)
        if not response.signed:
            return None
        form = forms.get((response.form_id, response.form_version))
        answers = response.answers
        summary = str(answers.get("situation") or answers.get("situation.text") or "")
        return TimelineEntry(
            at=_form_time(record, response),
            kind=kind,
            record_id=record.id,
            author=directory.staff_name(response.signed_by or record.author) or "",
            form_id=response.form_id,
            form_title=form.title if form else response.form_id,
            summary=summary,
            corrects=response.corrects or "",
            corrected=record.id in corrected_ids,
        )
    if record.type == RecordType.DECISION:
        decision = body_as(record, Decision)
        return TimelineEntry(
            at=record.created_at,
            kind=kind,
            record_id=record.id,
            author=directory.staff_name(decision.decided_by) or author,
            beslut=decision.beslut.value,
            summary=decision.motivation,
        )
    if record.type == RecordType.OROSANMALAN:
        report = body_as(record, Orosanmalan)
        return TimelineEntry(
            at=record.created_at,
            kind=kind,
            record_id=record.id,
            author=directory.staff_name(report.reporter_staff_id) or author,
            summary=report.concern,
            staff_only=True,
        )
    if record.type == RecordType.NOTE:
        note = body_as(record, TimelineNote)
        return TimelineEntry(
            record.created_at, kind, record.id, author, summary=note.text, beslut=note.kind.value
        )
    if record.type == RecordType.PLAN_ACTION:
        action = body_as(record, PlanAction)
        return TimelineEntry(record.created_at, kind, record.id, author, summary=action.what)
    if record.type == RecordType.BARNKONTAKT:
        assignment = body_as(record, BarnkontaktAssignment)
        return TimelineEntry(
            assignment.valid_from.isoformat(),
            kind,
            record.id,
            directory.staff_name(assignment.staff_id),
            summary=directory.unit_name(assignment.unit_id),
        )
    return TimelineEntry(record.created_at, kind, record.id, author)


def _form_time(record: Record, response: FormResponse | None = None) -> str:
    """When a response is placed: the moment it was signed, if that was on its occasion."""
    # the stored text of the moment (UTC, "…Z"), so it sorts with the other entries' times
    signed = str(record.body.get("signed_at") or "")
    occasion = (occasion_of(record) if response is None
                else response_occasion(record, response))
    if signed[:10] == occasion:
        return signed
    return occasion


def timeline_entries(
    session: Session,
    child_id: str,
    directory: Directory,
    forms: Mapping[tuple[str, int], FormDefinition],
) -> list[TimelineEntry]:
    return timeline_from(session, child_id, session.repo.find(child_id=child_id), directory,
                         forms)


def child_page(
    session: Session,
    child_id: str,
    forms: Mapping[tuple[str, int], FormDefinition],
    directory: Directory,
) -> tuple[ChildOverview, list[TimelineEntry]]:
    """What opening a child shows, the overview and the timeline, from one read of the
    child's records with each form response parsed once (the same as `child_overview` and
    `timeline_entries` one after the other, which read and parse everything twice)."""
    records = session.repo.find(child_id=child_id)
    memo = _memo(session, child_id)
    pairs = memo.parse(records)
    parsed = {r.id: response for r, response in pairs}
    signed = [(r, response) for r, response in pairs if response.signed]
    overview = overview_from(session, child_id, signed, forms, directory)
    return overview, timeline_from(session, child_id, records, directory, forms, parsed, memo)


_MEMO_CHILDREN = 4
_memos: weakref.WeakKeyDictionary[Session, OrderedDict[str, _ChildMemo]] = (
    weakref.WeakKeyDictionary()
)
"""Per session, what the last few children's pages were made of (a lock drops it with the
session)."""


class _ChildMemo:
    """The parsed form responses and the timeline entries of a child's records at its last
    opening. The repository hands back the same `Record` object for a row that reads back
    unchanged (and a new one for any change), so a memo entry is reused only for that very
    object: going back to a child validates and words only its new or changed records."""

    def __init__(self) -> None:
        self.responses: dict[str, tuple[Record, FormResponse]] = {}
        self.entries: dict[str, tuple[Record, object, object, bool, TimelineEntry | None]] = {}

    def parse(self, records: Iterable[Record]) -> list[tuple[Record, FormResponse]]:
        old, self.responses = self.responses, {}
        for record in records:
            if record.type != RecordType.FORM_RESPONSE:
                continue
            known = old.get(record.id)
            if known is not None and known[0] is record:
                self.responses[record.id] = known
            else:
                self.responses[record.id] = (record, body_as(record, FormResponse))
        return list(self.responses.values())

    def entry(
        self,
        record: Record,
        directory: Directory,
        forms: Mapping[tuple[str, int], FormDefinition],
        corrected_ids: set[str],
        parsed: Mapping[str, FormResponse] | None = None,
    ) -> TimelineEntry | None:
        corrected = record.id in corrected_ids
        known = self.entries.get(record.id)
        if (known is not None and known[0] is record and known[1] is directory
                and known[2] is forms and known[3] == corrected):
            return known[4]
        entry = entry_for(record, directory, forms, corrected_ids, parsed)
        self.entries[record.id] = (record, directory, forms, corrected, entry)
        return entry


def _memo(session: Session, child_id: str) -> _ChildMemo:
    by_child = _memos.setdefault(session, OrderedDict())
    memo = by_child.pop(child_id, None) or _ChildMemo()
    by_child[child_id] = memo
    while len(by_child) > _MEMO_CHILDREN:
        by_child.popitem(last=False)
    return memo


def timeline_from(
    session: Session,
    child_id: str,
    records: list[Record],
    directory: Directory,
    forms: Mapping[tuple[str, int], FormDefinition],
    parsed: Mapping[str, FormResponse] | None = None,
    memo: _ChildMemo | None = None,
) -> list[TimelineEntry]:
    """The timeline from the child's records, already read (`parsed`, `memo`: see
    `build_entries`)."""
    records = list(records)
    child = session.repo.get(child_id)
    if child is not None and all(r.id != child.id for r in records):
        records.append(child)
    entries = build_entries(records, directory, forms, parsed, memo)
    for draft in session.drafts.for_child(child_id):
        if draft.key.startswith(ANON_LINK_PREFIX):
            card = session.repo.get(str(draft.payload.get("record_id", "")))
            if card is not None:
                entries.append(
                    TimelineEntry(
                        at=_form_time(card),
                        kind="anonymous_card",
                        record_id=card.id,
                        author=directory.staff_name(body_as(card, FormResponse).signed_by),
                        form_id=body_as(card, FormResponse).form_id,
                        form_title=str(draft.payload.get("form_title", "")),
                    )
                )
    entries.sort(key=lambda e: (e.at, e.record_id), reverse=True)
    return entries


def build_entries(
    records: Iterable[Record],
    directory: Directory,
    forms: Mapping[tuple[str, int], FormDefinition],
    parsed: Mapping[str, FormResponse] | None = None,
    memo: _ChildMemo | None = None,
) -> list[TimelineEntry]:
    """`parsed`: the form responses' bodies by record id, when the caller has them already;
    the others are parsed here, once each. `memo`: the entries made at the child's last
    opening, reused for the records handed back unchanged."""
    records = list(records)
    known = dict(parsed or {})
    for r in records:
        if r.type == RecordType.FORM_RESPONSE and r.id not in known:
            known[r.id] = body_as(r, FormResponse)
    corrected = {
        c for r in records if r.type == RecordType.FORM_RESPONSE if (c := known[r.id].corrects)
    }
    word = memo.entry if memo is not None else entry_for
    entries = [e for r in records if (e := word(r, directory, forms, corrected, known))]
    entries.sort(key=lambda e: (e.at, e.record_id), reverse=True)
    return entries


def counts_by_kind(entries: Iterable[TimelineEntry]) -> dict[str, int]:
    """How many of each kind (the "tidslinjerna" picture counts events by type)."""
    return dict(Counter(e.kind if e.kind != "form" else e.form_id for e in entries))
