"""Merging two children by hand, with a preview and an undo within a day.

The server merges duplicate registrations of one identity number by itself
(`identity_merge`); two records of the same child under *different* numbers (a reservnummer
and a personnummer nobody linked, a typo) need a person who knows both children. Who may:

- the child's current Barnkontakt with full access, for each of the two children; or
- a unit lead whose unit is the unit of a current Barnkontakt assignment of each child.

Anyone else gets the same refusal as for a child that does not exist, for preview, merge,
list and undo alike: a refusal must not tell whether a child exists or who has it.

A merge reuses the machinery of the automatic one: every record of the merged child becomes
a new revision under the survivor, the merged child's profile is retired, its numbers name
the survivor and join its identity history, differing profile fields become conflict records,
access is recomputed and every holder of the merged child gets a redirect at the next pull.
`child_merges` keeps what moved, so an undo within `MERGE_UNDO_HOURS` can move it back: the
records as new revisions under the restored child, its profile un-retired, its identity keys
back, the survivor's adopted history entries and the merge's open conflict records removed,
the redirect gone. Children merged earlier into the merged child are redirected to the
survivor by the merge and back by the undo. Laptops that followed the redirect get the child
back through ordinary access events and records; people who saw the moved records only
through the survivor get purge entries for them. Records written about either child after
the merge stay on the survivor (they may be about both). Merge and undo are audited with ids
only.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, delete, false, func, insert, select, update

from backa_desktop.central import access, barnkontakt_notices, identity_merge
from backa_desktop.central.access import Caller
from backa_desktop.central.common import ServiceError, audit
from backa_desktop.central.common import iso as _iso
from backa_desktop.central.common import now as _now
from backa_desktop.central.db import (
    child_access,
    child_identities,
    child_merges,
    child_redirects,
    gallring_purges,
    records,
    users,
)
from backa_desktop.central.ordering import lock_writes, next_seq
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.domain.teams import BarnkontaktAssignment
from backa_desktop.sync.protocol import (
    MERGE_UNDO_HOURS,
    MergeBarnkontakt,
    MergeDone,
    MergeList,
    MergePreview,
    MergeRequest,
    MergeUndone,
    PushChange,
)

UNDO_WINDOW = timedelta(hours=MERGE_UNDO_HOURS)


def _refused() -> ServiceError:
    """The one answer for a child that does not exist, one the caller may not merge, and a
    merge the caller may not undo: it says nothing about which it was."""
    return ServiceError(
        404,
        "no_such_child",
        "No such child, or you may not merge it.",
        "Barnet finns inte, eller så får du inte slå ihop det.",
    )


def _profile(conn: Connection, child_id: str) -> tuple[Record, Any] | None:
    row = conn.execute(
        select(records).where(records.c.id == child_id, records.c.type == RecordType.CHILD.value)
    ).first()
    if row is None or row.deleted:
        return None
    return Record.model_validate_json(row.envelope), row


def _assignments(conn: Connection, child_id: str, today: date) -> list[BarnkontaktAssignment]:
    """The child's Barnkontakt assignments valid today."""
    found: list[BarnkontaktAssignment] = []
    for envelope in conn.execute(
        select(records.c.envelope).where(
            records.c.child_id == child_id,
            records.c.type == RecordType.BARNKONTAKT.value,
            records.c.deleted == false(),
        )
    ).scalars():
        try:
            assignment = BarnkontaktAssignment.model_validate(
                Record.model_validate_json(envelope).body
            )
        except ValidationError:
            continue
        if assignment.is_active(today):
            found.append(assignment)
    return found


def _may_merge(conn: Connection, caller: Caller, child_id: str, today: date) -> bool:
    if _profile(conn, child_id) is None:
        return False
    current = _assignments(conn, child_id, today)
    if any(a.staff_id == caller.user_id for a in current) and (
        access.level_of(conn, child_id, caller.user_id) == access.FULL
    ):
        return True
    return bool(
        caller.is_unit_lead and caller.unit_id and any(a.unit_id == caller.unit_id for a in current)
    )


def _check(conn: Connection, caller: Caller, request: MergeRequest, today: date) -> None:
    if request.merged_id == request.survivor_id:
        raise ServiceError(
            422,
            "same_child",
            "A child cannot be merged into itself.",
            "Ett barn kan inte slås ihop med sig självt.",
        )
    for child in (request.merged_id, request.survivor_id):
        if not _may_merge(conn, caller, child, today):
            raise _refused()


def _same_protection(merged: Record, survivor: Record) -> None:
    """A merge must never drop a protected identity (skyddad folkbokföring) to a conflict
    record someone resolves later: when only one of the two is marked, the caller marks the
    other first (an ordinary profile edit), then merges. The caller may see both."""
    if bool(merged.body.get("protected_identity")) != bool(
        survivor.body.get("protected_identity")
    ):
        raise ServiceError(
            409,
            "protected_differs",
            "Only one of the two children is marked with protected identity: mark both first.",
            "Bara det ena barnet är markerat med skyddad identitet. Markera båda barnen med "
            "skyddad identitet först, och slå sedan ihop dem.",
        )


def preview(engine: Engine, caller: Caller, request: MergeRequest) -> MergePreview:
    """What merging would combine; nothing is written (not audited: it reveals only what the
    caller may see already)."""
    today = _now().date()
    with engine.connect() as conn:
        _check(conn, caller, request, today)
        merged, _row = _profile(conn, request.merged_id) or _missing()
        survivor, _srow = _profile(conn, request.survivor_id) or _missing()
        _same_protection(merged, survivor)
        counts = {
            str(kind): int(n)
            for kind, n in conn.execute(
                select(records.c.type, func.count())
                .where(
                    records.c.child_id == merged.id,
                    records.c.id != merged.id,
                    records.c.deleted == false(),
                )
                .group_by(records.c.type)
            ).all()
        }
        contacts: list[MergeBarnkontakt] = []
        for child in (merged.id, survivor.id):
            for a in _assignments(conn, child, today):
                name = conn.execute(
                    select(users.c.display_name).where(users.c.id == a.staff_id)
                ).scalar_one_or_none()
                contacts.append(
                    MergeBarnkontakt(
                        child_id=child,
                        staff_id=a.staff_id,
                        display_name=name or "",
                        unit_id=a.unit_id,
                    )
                )
    return MergePreview(
        merged_id=merged.id,
        survivor_id=survivor.id,
        records=counts,
        conflict_fields=identity_merge.differing_fields(merged, survivor),
        barnkontakts=contacts,
    )


def _missing() -> tuple[Record, Any]:
    raise _refused()


def merge(engine: Engine, caller: Caller, request: MergeRequest) -> MergeDone:
    """Merge one child into the other, under the store's write lock."""
    moment = _now()
    today = moment.date()
    at = _iso(moment)
    with engine.begin() as conn:
        lock_writes(conn)
        _check(conn, caller, request, today)
        merged, merged_row = _profile(conn, request.merged_id) or _missing()
        survivor, survivor_row = _profile(conn, request.survivor_id) or _missing()
        _same_protection(merged, survivor)
        keys = list(
            conn.execute(
                select(child_identities.c.key).where(child_identities.c.child_id == merged.id)
            ).scalars()
        )
        # Children merged earlier into the merged child now live on under the survivor
        # (a redirect never points at a retired child).
        chained = sorted(
            conn.execute(
                select(child_redirects.c.merged_id).where(
                    child_redirects.c.survivor_id == merged.id
                )
            ).scalars()
        )
        if chained:
            conn.execute(
                update(child_redirects)
                .where(child_redirects.c.merged_id.in_(chained))
                .values(survivor_id=survivor.id)
            )
        # Who was each child's Barnkontakt before the merge (for the notices below).
        contacts = access.access_rows(conn, [merged.id, survivor.id])
        moved = identity_merge.move_records(conn, merged.id, survivor.id)
        holders = identity_merge.retire(conn, merged)
        identity_merge.rename_identities(conn, merged.id, survivor.id)
        merge_id = str(uuid.uuid4())
        change = PushChange(
            change_id="merge:" + merge_id, record=merged.model_copy(update={"base_revision": 0})
        )
        conflicts = identity_merge.write_redirect(
            conn,
            merged,
            survivor,
            survivor_row,
            change,
            merged_row.created_by,
            merged_row.created_unit,
            caller.device_id,
            told=[*holders, caller.user_id],
        )
        before = _history(survivor.body)
        adopted_record = identity_merge.adopt_numbers(conn, survivor, merged, today.isoformat())
        adopted = (
            [e for e in _history(adopted_record.body) if e not in before] if adopted_record else []
        )
        access.refresh_children(conn, [survivor.id, merged.id], today, lambda: next_seq(conn), at)
        notices = barnkontakt_notices.write_merge_notices(
            conn,
            contacts[survivor.id].values(),
            contacts[merged.id].values(),
            survivor.id,
            merged_row.created_by,
            today,
        )
        conn.execute(
            insert(child_merges),
            dict(
                id=merge_id,
                merged_id=merged.id,
                survivor_id=survivor.id,
                merged_by=caller.user_id,
                device_id=caller.device_id,
                at=at,
                moved=json.dumps(moved),
                conflicts=json.dumps(conflicts),
                identity_keys=json.dumps(keys),
                adopted=json.dumps(adopted),
                redirects=json.dumps(chained),
            ),
        )
        for child in (merged.id, survivor.id):
            audit(
                conn,
                caller=caller,
                action="manual_merge",
                child_id=child,
                record_ids=[merged.id, survivor.id, *moved, *conflicts, *notices],
                detail=merge_id,
            )
    return MergeDone(
        merge_id=merge_id,
        merged_id=merged.id,
        survivor_id=survivor.id,
        at=at,
        undo_until=_iso(moment + UNDO_WINDOW),
        moved=len(moved),
        conflicts=len(conflicts),
    )


def _history(body: dict[str, Any]) -> list[Any]:
    history = body.get("identity_history")
    return list(history) if isinstance(history, list) else []


def _done(row: Any) -> MergeDone:
    start = _parse_iso(row.at)
    return MergeDone(
        merge_id=row.id,
        merged_id=row.merged_id,
        survivor_id=row.survivor_id,
        at=row.at,
        undo_until=_iso(start + UNDO_WINDOW),
        moved=len(json.loads(row.moved)),
        conflicts=len(json.loads(row.conflicts)),
    )


def _parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def undoable(engine: Engine, caller: Caller, child_id: str) -> MergeList:
    """The merges into this child the caller may still undo (newest first)."""
    moment = _now()
    with engine.connect() as conn:
        if not _may_merge(conn, caller, child_id, moment.date()):
            raise _refused()
        rows = conn.execute(
            select(child_merges)
            .where(
                child_merges.c.survivor_id == child_id,
                child_merges.c.undone_at.is_(None),
                child_merges.c.at >= _iso(moment - UNDO_WINDOW),
            )
            .order_by(child_merges.c.at.desc())
        ).all()
    return MergeList(merges=[_done(r) for r in rows])


def undo(engine: Engine, caller: Caller, merge_id: str) -> MergeUndone:
    """Undo a merge made within `UNDO_WINDOW`, by someone who may merge the survivor now."""
    moment = _now()
    today = moment.date()
    at = _iso(moment)
    with engine.begin() as conn:
        lock_writes(conn)
        row = conn.execute(select(child_merges).where(child_merges.c.id == merge_id)).first()
        if row is None or row.undone_at is not None:
            raise _refused()
        if not _may_merge(conn, caller, row.survivor_id, today):
            raise _refused()
        if moment - _parse_iso(row.at) > UNDO_WINDOW:
            raise ServiceError(
                409,
                "too_late",
                f"A merge can be undone only within {MERGE_UNDO_HOURS} hours.",
                f"En sammanslagning kan bara ångras inom {MERGE_UNDO_HOURS} timmar. "
                "Kontakta enhetschefen eller förvaltningen.",
            )
        redirect = conn.execute(
            select(child_redirects.c.survivor_id).where(
                child_redirects.c.merged_id == row.merged_id
            )
        ).scalar_one_or_none()
        merged_row = conn.execute(select(records).where(records.c.id == row.merged_id)).first()
        if redirect != row.survivor_id or merged_row is None:
            raise ServiceError(
                409,
                "cannot_undo",
                "The merged child is no longer as the merge left it.",
                "Sammanslagningen kan inte ångras: barnet har ändrats eller gallrats sedan dess.",
            )
        merged_id, survivor_id = row.merged_id, row.survivor_id
        held_before = set(
            conn.execute(
                select(child_access.c.user_id).where(
                    child_access.c.child_id == survivor_id,
                    child_access.c.level == access.FULL,
                )
            ).scalars()
        )
        back = _move_back(conn, json.loads(row.moved), survivor_id, merged_id)
        _restore_profile(conn, Record.model_validate_json(merged_row.envelope))
        keys = json.loads(row.identity_keys)
        if keys:
            conn.execute(
                update(child_identities)
                .where(
                    child_identities.c.key.in_(keys), child_identities.c.child_id == survivor_id
                )
                .values(child_id=merged_id)
            )
        _drop_adopted(conn, survivor_id, json.loads(row.adopted))
        _close_conflicts(conn, json.loads(row.conflicts))
        conn.execute(delete(child_redirects).where(child_redirects.c.merged_id == merged_id))
        chained = json.loads(row.redirects)
        if chained:
            conn.execute(
                update(child_redirects)
                .where(
                    child_redirects.c.merged_id.in_(chained),
                    child_redirects.c.survivor_id == survivor_id,
                )
                .values(survivor_id=merged_id)
            )
        access.refresh_children(conn, [survivor_id, merged_id], today, lambda: next_seq(conn), at)
        held_after = set(
            conn.execute(
                select(child_access.c.user_id).where(
                    child_access.c.child_id == merged_id, child_access.c.level == access.FULL
                )
            ).scalars()
        )
        _purge_for(conn, sorted(held_before - held_after), back)
        conn.execute(
            update(child_merges)
            .where(child_merges.c.id == merge_id)
            .values(undone_at=at, undone_by=caller.user_id)
        )
        for child in (merged_id, survivor_id):
            audit(
                conn,
                caller=caller,
                action="manual_merge_undo",
                child_id=child,
                record_ids=[merged_id, survivor_id, *back],
                detail=merge_id,
            )
    return MergeUndone(
        merge_id=merge_id, merged_id=merged_id, survivor_id=survivor_id, moved_back=len(back)
    )


def _bump(record: Record, **changes: Any) -> Record:
    return record.model_copy(
        update={"revision": record.revision + 1, "base_revision": record.revision, **changes}
    )


def _move_back(conn: Connection, ids: list[str], survivor: str, merged: str) -> list[str]:
    """The merge's moved records still under the survivor, as new revisions under the
    merged child again (those disposed of since are gone)."""
    back: list[str] = []
    for start in range(0, len(ids), 500):
        for rid, envelope in conn.execute(
            select(records.c.id, records.c.envelope).where(
                records.c.id.in_(ids[start : start + 500]), records.c.child_id == survivor
            )
        ).all():
            record = _bump(identity_merge.reparent(Record.model_validate_json(envelope), merged))
            identity_merge.store_server_revision(conn, record, child_id=merged)
            back.append(rid)
    return back


def _restore_profile(conn: Connection, retired: Record) -> None:
    identity_merge.store_server_revision(conn, _bump(retired, deleted=False), deleted=False)


def _drop_adopted(conn: Connection, survivor_id: str, adopted: list[Any]) -> None:
    """The identity history entries the survivor took from the merged child go again."""
    found = _profile(conn, survivor_id)
    if found is None or not adopted:
        return
    survivor, _row = found
    history = _history(survivor.body)
    kept = [e for e in history if e not in adopted]
    if kept != history:
        identity_merge.store_server_revision(
            conn, _bump(survivor, body={**survivor.body, "identity_history": kept})
        )


def _close_conflicts(conn: Connection, ids: Iterable[str]) -> None:
    """The merge's conflict records still open are withdrawn (deleted): the two children
    are two again, so their fields no longer contradict each other."""
    for envelope, deleted in conn.execute(
        select(records.c.envelope, records.c.deleted).where(
            records.c.id.in_(sorted(ids))
        )
    ).all():
        record = Record.model_validate_json(envelope)
        if deleted or record.body.get("resolved"):
            continue
        identity_merge.store_server_revision(conn, _bump(record, deleted=True), deleted=True)


def _purge_for(conn: Connection, people: list[str], ids: list[str]) -> None:
    """People who saw the moved records only through the survivor: their laptops delete
    them at the next pull (the records now live under a child they do not see)."""
    if not people or not ids:
        return
    conn.execute(
        delete(gallring_purges).where(
            gallring_purges.c.user_id.in_(people), gallring_purges.c.record_id.in_(ids)
        )
    )
    rows = [
        dict(user_id=user, record_id=rid, seq=next_seq(conn)) for user in people for rid in ids
    ]
    conn.execute(insert(gallring_purges), rows)
