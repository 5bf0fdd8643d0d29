"""Push: a device's batch of changes, validated, merged with what the server holds, and
stored in the global order — all or nothing, in one transaction.

Every write passes the same access rules as a read (`_may_write`, then `_gate` on the
answer); a change id already stored answers as before (a device that lost the answer asks
again); a clash becomes a conflict record (`conflicts`).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, select, update

from backa_desktop.central import access
from backa_desktop.central.access import Caller, child_key, vis_type_for
from backa_desktop.central.common import ServiceError
from backa_desktop.central.common import audit_row as _audit_row
from backa_desktop.central.common import iso as _iso
from backa_desktop.central.common import now as _now
from backa_desktop.central.common import today as _today
from backa_desktop.central.conflicts import make_conflict, write_revision
from backa_desktop.central.db import audit_log, changes, record_revisions, records
from backa_desktop.central.merge import (
    Version,
    diff,
    immutable_violations,
    merge,
    split,
    state,
)
from backa_desktop.central.ordering import lock_writes, next_seq, refresh_daily, release_seqs
from backa_desktop.central.validation import UNIT_TYPES as _UNIT_TYPES
from backa_desktop.central.validation import canonical as _canonical
from backa_desktop.central.validation import validate_change
from backa_desktop.domain.records import Record, RecordType, is_mutable, utc_now
from backa_desktop.sync.protocol import (
    ChangeStatus,
    InvalidChange,
    PushBatch,
    PushChange,
    PushResponse,
    PushResult,
)

# Built once: the push path runs these for every change, and building a statement costs more
# than sending it.
_INSERT_CHANGE = insert(changes)
_INSERT_RECORD = insert(records)
_RECORD_BY_ID = select(records).where(records.c.id == bindparam("rid"))
UNSENT_GRACE = timedelta(days=30)
"""How long after losing access to a child a device's unsent edits of it are still accepted
(DESIGN.md §7: unsent own changes are pushed before the purge, not dropped)."""

NO_ACCESS = "Du har inte behörighet att ändra uppgifter om det här barnet."
"""The one answer to every write about a child the caller may not see (or that does not
exist): a refusal must not tell which."""

_RESOLUTION_FIELDS = frozenset({"resolved", "resolution"})
"""What an edit of a conflict record may change: marking it resolved."""


def push(engine: Engine, caller: Caller, batch: PushBatch) -> PushResponse:
    invalid = [bad for change in batch.changes if (bad := validate_change(change))]
    ids = [c.change_id for c in batch.changes]
    if len(set(ids)) != len(ids):
        invalid.append(InvalidChange(change_id="*", reason="the same change id twice in one batch"))
    if invalid:
        raise ServiceError(
            422,
            "invalid_changes",
            "Some changes are invalid; nothing was stored.",
            "Några ändringar är ogiltiga. Inget sparades.",
            invalid=invalid,
        )
    today = _today()
    with engine.begin() as conn:
        lock_writes(conn)
        refresh_daily(conn, today)
        seen = (
            {
                row.change_id: row
                for row in conn.execute(select(changes).where(changes.c.change_id.in_(ids))).all()
            }
            if ids
            else {}
        )
        audit: list[dict[str, Any]] = []
        done: list[dict[str, Any]] = []
        bare: dict[str, PushResult] = {}
        results = [
            _push_one(conn, caller, change, today, seen.get(change.change_id), audit, done, bare)
            for change in batch.changes
        ]
        results = _gate(conn, caller, results, bare)
        if done:
            conn.execute(_INSERT_CHANGE, done)
        if audit:
            conn.execute(insert(audit_log), audit)
        release_seqs(conn)
    return PushResponse(results=results)


def _push_one(
    conn: Connection,
    caller: Caller,
    change: PushChange,
    today: date,
    seen: Any,
    audit: list[dict[str, Any]],
    done: list[dict[str, Any]],
    bare: dict[str, PushResult],
) -> PushResult:
    payload = _canonical(change.model_dump(mode="json"))
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    if seen is not None:
        if seen.payload_hash == digest and seen.user_id == caller.user_id:
            # Only ids, sequence and revision of the first answer; a body never comes
            # from the stored answer (it may predate a loss of access).
            earlier = PushResult.model_validate_json(seen.result).model_copy(
                update={"status": ChangeStatus.DUPLICATE, "code": 200, "record": None}
            )
            bare[change.change_id] = earlier
            # The device asks again because it never got the answer: offer the record as
            # it is now, so it cannot step back to an older version. The gate at the end
            # of the batch decides whether the caller may still see it.
            now = conn.execute(
                select(records.c.envelope, records.c.seq).where(records.c.id == change.record.id)
            ).first()
            if now is None:
                return earlier
            return earlier.model_copy(
                update={
                    "record": Record.model_validate_json(now.envelope),
                    "server_seq": int(now.seq),
                    "revision": None,
                }
            )
        return PushResult(
            change_id=change.change_id,
            status=ChangeStatus.MISMATCH,
            code=409,
            reason="Ändrings-id:t har redan använts för en annan ändring.",
        )
    result = _apply(conn, caller, change, today, audit)
    if result.status is not ChangeStatus.REJECTED:
        # Written with the batch's other change rows at the end (ids are unique per batch).
        done.append(
            dict(
                change_id=change.change_id,
                user_id=caller.user_id,
                device_id=caller.device_id,
                payload_hash=digest,
                result=result.model_copy(update={"record": None}).model_dump_json(),
                at=utc_now(),
            )
        )
    return result


def _apply(
    conn: Connection,
    caller: Caller,
    change: PushChange,
    today: date,
    audit: list[dict[str, Any]],
) -> PushResult:
    incoming = change.record
    child = child_key(incoming)
    current_row = conn.execute(_RECORD_BY_ID, {"rid": incoming.id}).first()

    def rejected(reason: str) -> PushResult:
        return PushResult(
            change_id=change.change_id, status=ChangeStatus.REJECTED, code=403, reason=reason
        )

    if not _may_write(conn, caller, incoming, child, current_row):
        return rejected(NO_ACCESS)
    if incoming.type == RecordType.OROSANMALAN and not _reporter_ok(incoming, caller, current_row):
        return rejected(
            "En orosanmälan ska ha dig som anmälare och din egen enhet som anmälande enhet."
        )

    if current_row is None:
        seq = next_seq(conn)
        stored = incoming.model_copy(update={"revision": 1, "base_revision": 0})
        conn.execute(
            _INSERT_RECORD,
            dict(
                id=stored.id,
                type=stored.type.value,
                vis_type=vis_type_for(stored),
                child_id=child,
                envelope=stored.model_dump_json(),
                revision=1,
                deleted=stored.deleted,
                seq=seq,
                created_by=caller.user_id,
                created_unit=caller.unit_id,
                updated_by=caller.user_id,
            ),
        )
        write_revision(conn, stored, seq, change.change_id, caller.device_id, caller.user_id)
        _after_write(conn, stored, None, today)
        audit.append(_audit_row(caller, utc_now(), "write", child, [stored.id]))
        # Stored exactly as sent: ids, sequence and revision are the whole answer.
        return PushResult(
            change_id=change.change_id,
            status=ChangeStatus.ACCEPTED,
            code=200,
            server_seq=seq,
            revision=1,
        )

    current = Record.model_validate_json(current_row.envelope)
    if current.type != incoming.type or child_key(current) != child:
        return rejected("En post kan inte byta typ eller barn; skapa en ny post.")
    base_state, history = _history(conn, current, incoming.base_revision)
    incoming_state = state(incoming.body, incoming.deleted)
    current_state = state(current.body, current.deleted)
    if current.type == RecordType.CONFLICT:
        start = base_state if base_state is not None else current_state
        if diff(start, incoming_state) - _RESOLUTION_FIELDS:
            return rejected("En konfliktpost kan bara markeras som löst.")
    if not is_mutable(current.type):
        bad = immutable_violations(base_state, current_state, incoming_state)
        if bad:
            return rejected(
                "Signerade uppgifter kan inte ändras (" + ", ".join(bad) + "). "
                "Skapa en rättelse som en ny post."
            )
    outcome = merge(
        base=base_state,
        history=history,
        incoming=incoming_state,
        incoming_device=caller.device_id,
        claimed_fields=change.changed_fields,
    )
    conflict_ids: list[str] = []
    if outcome.applied:
        body, deleted = split(outcome.fields)
        seq = next_seq(conn)
        stored = current.model_copy(
            update={
                "body": body,
                "deleted": deleted,
                "revision": current.revision + 1,
                "base_revision": current.revision,
                "author": incoming.author,
                "device": incoming.device,
                "updated_at": incoming.updated_at,
            }
        )
        vis = _vis_type(conn, stored)
        conn.execute(
            update(records)
            .where(records.c.id == stored.id)
            .values(
                envelope=stored.model_dump_json(),
                revision=stored.revision,
                deleted=deleted,
                seq=seq,
                vis_type=vis,
                updated_by=caller.user_id,
            )
        )
        write_revision(conn, stored, seq, change.change_id, caller.device_id, caller.user_id)
        _after_write(conn, stored, current, today)
    else:
        stored, seq = current, int(current_row.seq)
    for conflict in outcome.conflicts:
        made = make_conflict(conn, caller, change, current, current_row, conflict)
        if made not in conflict_ids:
            conflict_ids.append(made)
    row = _audit_row(caller, utc_now(), "write", child, [stored.id, *conflict_ids])
    row["detail"] = "conflict" if conflict_ids else ""
    audit.append(row)
    if not conflict_ids and state(stored.body, stored.deleted) == incoming_state:
        # The server holds what the device sent: no body needed.
        return PushResult(
            change_id=change.change_id,
            status=ChangeStatus.ACCEPTED,
            code=200,
            server_seq=seq,
            revision=stored.revision,
        )
    return PushResult(
        change_id=change.change_id,
        status=ChangeStatus.CONFLICT if conflict_ids else ChangeStatus.ACCEPTED,
        code=200,
        server_seq=seq,
        record=stored,
        conflict_ids=conflict_ids,
    )


def _may_write(
    conn: Connection,
    caller: Caller,
    incoming: Record,
    child: str | None,
    current_row: Any,
) -> bool:
    """Writing must not become a way to see, to learn about, or to grant oneself access to
    a child: every refusal about a child gets the same words, whether the child exists,
    is someone else's, or was made up."""
    if incoming.type in _UNIT_TYPES:
        return (
            current_row is None
            or current_row.created_by == caller.user_id
            or bool(caller.roles & {access.ROLE_ADMIN, access.ROLE_UNIT_LEAD})
        )
    if incoming.type == RecordType.CONFLICT and current_row is None:
        return False  # conflict records are made by the server only
    if child is None:
        # A unit's Barnteam: only that unit's lead (or an admin) shapes its membership.
        if incoming.type == RecordType.TEAM:
            unit = incoming.body.get("unit_id")
            return access.ROLE_ADMIN in caller.roles or (
                access.ROLE_UNIT_LEAD in caller.roles and unit == caller.unit_id
            )
        return current_row is None or current_row.created_by == caller.user_id
    granting = incoming.type in access.GRANTING_TYPES
    if current_row is None:
        if incoming.base_revision > 0:
            return False  # an edit of a record that does not exist
        if incoming.type == RecordType.CHILD:
            return True  # a new child: its id is new, or the row would exist
        if _level(conn, child, caller.user_id) == access.FULL:
            return True
        return not granting and _in_grace(conn, caller, child)
    if not access.releasable(conn, caller, [incoming.id]):
        return not granting and _in_grace(conn, caller, child)
    if granting or incoming.type == RecordType.CHILD:
        return _level(conn, child, caller.user_id) == access.FULL
    return True  # a record the caller sees: a report they may act on, a conflict


def _in_grace(conn: Connection, caller: Caller, child: str) -> bool:
    """Unsent work survives losing access: edits made while the caller had access are
    taken for `UNSENT_GRACE` after the loss (the answer then carries no content)."""
    since = _iso(_now() - UNSENT_GRACE)
    return access.recently_revoked(conn, child, caller.user_id, since)


def _vis_type(conn: Connection, record: Record) -> str:
    if record.type == RecordType.CONFLICT:
        target = record.body.get("record_id")
        found = conn.execute(
            select(records.c.vis_type).where(records.c.id == target)
        ).scalar_one_or_none()
        return found or RecordType.CONFLICT.value
    return vis_type_for(record)


def _history(
    conn: Connection, current: Record, base_revision: int
) -> tuple[dict[str, Any] | None, list[Version]]:
    rows = conn.execute(
        select(
            record_revisions.c.revision,
            record_revisions.c.envelope,
            record_revisions.c.device_id,
        )
        .where(
            record_revisions.c.record_id == current.id,
            record_revisions.c.revision >= max(base_revision, 1),
        )
        .order_by(record_revisions.c.revision)
    ).all()
    # Base 0 means "this device created it": the base is the empty record, so two devices
    # that made the same record id (or one that edited before its creation was
    # acknowledged) merge like any other edit.
    base: dict[str, Any] | None = state({}, False) if base_revision == 0 else None
    history: list[Version] = []
    for revision, envelope, device in rows:
        rec = Record.model_validate_json(envelope)
        if revision == base_revision:
            base = state(rec.body, rec.deleted)
        else:
            history.append(
                Version(
                    state(rec.body, rec.deleted),
                    device,
                    author=rec.author,
                    label=rec.device,
                    at=rec.updated_at,
                )
            )
    if base is None:
        return None, [Version(state(current.body, current.deleted), "")]
    if not history:
        history = [Version(base, "")]
    return base, history


def _after_write(conn: Connection, record: Record, before: Record | None, today: date) -> None:
    if record.type not in access.ACCESS_TYPES:
        return
    conn.info.pop("backa_levels", None)  # access may change now
    child = child_key(record)
    if child is not None:
        access.refresh_child(conn, child, today, lambda: next_seq(conn), _iso(_now()))
        return
    if record.type == RecordType.TEAM:
        units = {record.body.get("unit_id")}
        if before is not None:
            units.add(before.body.get("unit_id"))
        for child_id in sorted(access.children_of_units(conn, {u for u in units if u})):
            access.refresh_child(conn, child_id, today, lambda: next_seq(conn), _iso(_now()))


def _level(conn: Connection, child: str, user_id: str) -> str | None:
    """`access.level_of`, remembered for the rest of the transaction until a write that can
    change access (`_after_write` forgets it): a batch of 500 notes asks once, not 500 times."""
    tx = conn.get_transaction()
    cached = conn.info.get("backa_levels")
    if cached is None or cached[0] is not tx:
        cached = (tx, {})
        conn.info["backa_levels"] = cached
    levels: dict[tuple[str, str], str | None] = cached[1]
    key = (child, user_id)
    if key not in levels:
        levels[key] = access.level_of(conn, child, user_id)
    return levels[key]


def _gate(
    conn: Connection, caller: Caller, results: list[PushResult], bare: dict[str, PushResult]
) -> list[PushResult]:
    """Push answers pass the same gate as pulls, at the end of the batch (the moment of the
    answer: a later change of the batch may have ended the caller's access). A record the
    caller may not see leaves only as ids, sequence and revision."""
    shown = access.releasable(conn, caller, [r.record.id for r in results if r.record])
    out = []
    for result in results:
        if result.record is None or result.record.id in shown:
            out.append(result)
        elif result.change_id in bare:
            out.append(bare[result.change_id])
        else:
            out.append(result.model_copy(update={"record": None}))
    return out


_REPORTER_FIELDS = ("reporter_staff_id", "reporter_unit_id")


def _reporter_ok(incoming: Record, caller: Caller, current_row: Any) -> bool:
    """A report of concern names its reporter and the reporter's unit, and those decide who
    receives the child's profile: a new report must name the caller and the caller's own
    unit, and an edit may not change them."""
    body = incoming.body
    if current_row is None:
        return (
            caller.unit_id is not None
            and body.get("reporter_staff_id") == caller.user_id
            and body.get("reporter_unit_id") == caller.unit_id
        )
    if incoming.deleted:
        return True
    before = json.loads(current_row.envelope).get("body", {})
    return all(body.get(key) == before.get(key) for key in _REPORTER_FIELDS)
