"""Notices when two Barnkontakt assignments meet outside an automatic merge.

Two people with full access to a child may each assign a Barnkontakt without knowing of the
other's (a Stödsamordnare assigns one on a laptop that has not pulled the assignment another
person made the same week). Both are accepted: the child then has two current Barnkontakts,
and every laptop shows the newer (`teams.current_barnkontakt`). Both people should learn
that, as they do when two children with a Barnkontakt each are merged (`identity_merge`), so
the store writes the same `barnkontakt_met` notice. An ordinary handover ends the old
assignment the day before the new one starts: the two never meet, and nobody is told.

A merge by hand (`manual_merge`) writes the notices the automatic merge writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection

from backa_desktop.central import identity_merge
from backa_desktop.central.push_state import Batch
from backa_desktop.domain.notices import ChildNotice, NoticeKind
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.domain.teams import BarnkontaktAssignment, current_barnkontakt

_MOST_RECIPIENTS = 20
"""`ChildNotice.recipients` holds at most this many staff ids."""


def assignment_met_notice(
    rows: Iterable[Any], record: Record, child_id: str, today: date
) -> ChildNotice | None:
    """The notice for a newly stored Barnkontakt assignment (`record`) that meets another
    person's assignment current today: both are valid on one day from today on (the later of
    today and the new assignment's first day). An assignment that begins after the other's
    last day (a handover), one of the same person, or one that is over already meets
    nobody. `rows` are the child's access rows (`access.AccessRow`) with the new record."""
    if record.type != RecordType.BARNKONTAKT or record.deleted:
        return None
    try:
        new = BarnkontaktAssignment.model_validate(record.body)
    except ValidationError:
        return None  # validated on push; a malformed body names nobody
    day = max(today, new.valid_from)
    if not new.is_active(day):
        return None
    others = [
        a
        for a in identity_merge.active_barnkontakts(rows, today)
        if a.staff_id != new.staff_id and a.is_active(day)
    ]
    if not others:
        return None
    ruling = current_barnkontakt([new, *others], day)
    named = {new.staff_id} | ({ruling.staff_id} if ruling is not None else set())
    rest = sorted({a.staff_id for a in others} - named)
    recipients = sorted({*named, *rest[: _MOST_RECIPIENTS - len(named)]})
    return ChildNotice(
        child_id=child_id,
        kind=NoticeKind.BARNKONTAKT_MET,
        recipients=recipients,
        ruling_staff_id=ruling.staff_id if ruling is not None else None,
        on=today,
    )


def tell_of_assignment(b: Batch, stored: Record, child: str | None) -> list[str]:
    """After a pushed new record is held by the batch: when it is a Barnkontakt assignment
    that meets another person's current one, the notice is written (under the lock, after
    what the batch holds so far; rare, so the common push never takes the lock early).
    Returns the notice's id, or nothing."""
    if stored.type != RecordType.BARNKONTAKT or child is None:
        return []
    notice = assignment_met_notice(b.access_rows.get(child, {}).values(), stored, child, b.today)
    if notice is None:
        return []
    b.lock()
    b.flush()
    made = identity_merge.write_notice(b.conn, child, notice)
    b.forget(made)
    return [made]


def write_merge_notices(
    conn: Connection,
    survivor_rows: Iterable[Any],
    merged_rows: Iterable[Any],
    survivor_id: str,
    merged_registrar: str,
    today: date,
) -> list[str]:
    """Under the lock, for a merge: the notices an identity-change merge writes — to the
    survivor's Barnkontakt that the merged child's registrar registered the child too, and
    `barnkontakt_met` when the two children had different current Barnkontakts. The rows
    are both children's access rows as they were before the merge. Returns the ids."""
    survivor_rows = list(survivor_rows)
    notices = (
        identity_merge.also_registered_notice(survivor_rows, survivor_id, merged_registrar, today),
        identity_merge.barnkontakts_met_notice(survivor_rows, merged_rows, survivor_id, today),
    )
    return [
        identity_merge.write_notice(conn, survivor_id, notice)
        for notice in notices
        if notice is not None
    ]
