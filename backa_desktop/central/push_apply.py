"""Deciding one pushed change against the batch's view of the store (`push_state.Batch`):
may the caller write it, does it merge with what the server holds, does it make a conflict.

Every write passes the same access rules as a read (`may_write`; the answer is gated again at
the end of the batch); a clash becomes a conflict record (`conflicts`).
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from backa_desktop.central import access, barnkontakt_notices, identity_merge
from backa_desktop.central.access import Caller, child_key, vis_type_for
from backa_desktop.central.common import iso as _iso
from backa_desktop.central.common import now as _now
from backa_desktop.central.conflicts import make_conflict
from backa_desktop.central.merge import (
    Version,
    diff,
    immutable_violations,
    merge,
    split,
    state,
)
from backa_desktop.central.push_state import Answer, Batch, Op, Row, accepted
from backa_desktop.central.validation import UNIT_TYPES as _UNIT_TYPES
from backa_desktop.domain.records import Record, RecordType, is_mutable
from backa_desktop.sync.protocol import ChangeStatus, PushChange, PushResult, RefusalCode

UNSENT_GRACE = timedelta(days=30)
"""How long after losing access to a child a device's unsent edits of it are still accepted
(DESIGN.md §7: unsent own changes are pushed before the purge, not dropped)."""

NO_ACCESS = "Du har inte behörighet att ändra uppgifter om det här barnet."
"""The one answer to every write about a child the caller may not see (or that does not
exist): a refusal must not tell which."""

ALREADY_REGISTERED = (
    "Barnet var redan registrerat av någon annan och har redan en Barnkontakt. Din registrering "
    "har slagits ihop med barnets, och dina kort och anteckningar finns i barnets akt, men den "
    "här tilldelningen sparades inte: bara den som har full behörighet till barnet kan utse "
    "Barnkontakt, team eller samtycke. Kontakta barnets Barnkontakt eller din enhetschef."
)
"""The answer to a record granting access (Barnkontakt, team, consent) from the caller's own
registration of a child that was merged into a child with a Barnkontakt: knowing the
number must not make one the child's Barnkontakt, and the caller, who was told of the merge
(the redirect), should learn why the assignment went nowhere and whom to ask, rather than
the general refusal that hides whether the child exists."""

_RESOLUTION_FIELDS = frozenset({"resolved", "resolution"})
"""What an edit of a conflict record may change: marking it resolved."""


def apply_change(b: Batch, change: PushChange, digest: str, sent: str | None = None) -> Answer:
    """The change decided in memory: the write it makes (held by `b` for the flush), the
    audit entry, and the answer (its sequence number given at the flush). `sent` is the
    record's JSON as the push already serialised it (`push.payload`): the envelope of a new
    record stored exactly as sent."""
    caller = b.caller
    as_sent = change.record
    change, redirected, own_duplicate = _follow_redirect(b, change)
    incoming = change.record
    child = child_key(incoming)
    current_row = b.row(incoming.id)

    def rejected(code: RefusalCode, reason: str) -> Answer:
        return Answer(
            change,
            digest,
            PushResult(
                change_id=change.change_id,
                status=ChangeStatus.REJECTED,
                code=403,
                reason=reason,
                reason_code=code.value,
            ),
        )

    if not may_write(b, incoming, child, current_row, own_duplicate=own_duplicate):
        if own_duplicate and incoming.type in access.GRANTING_TYPES:
            return rejected(RefusalCode.ALREADY_REGISTERED, ALREADY_REGISTERED)
        return rejected(RefusalCode.NO_ACCESS, NO_ACCESS)
    if incoming.type == RecordType.OROSANMALAN and not _reporter_ok(incoming, caller, current_row):
        return rejected(
            RefusalCode.REPORTER,
            "En orosanmälan ska ha dig som anmälare och din egen enhet som anmälande enhet.",
        )

    if current_row is None:
        merged = _merge_duplicate(b, change, digest)
        if merged is not None:
            return merged
        # Stored as revision 1 of base 0 whatever the device counted locally (a copy
        # only when it counted differently).
        stored = (
            incoming
            if incoming.revision == 1 and incoming.base_revision == 0
            else incoming.model_copy(update={"revision": 1, "base_revision": 0})
        )
        envelope = sent if sent is not None and stored is as_sent else stored.model_dump_json()
        row = Row(
            id=stored.id,
            type=stored.type.value,
            vis_type=vis_type_for(stored),
            child_id=child,
            envelope=envelope,
            revision=1,
            deleted=stored.deleted,
            seq=0,
            created_by=caller.user_id,
            created_unit=caller.unit_id,
            updated_by=caller.user_id,
            stored=False,
        )
        created = b.write(row, stored, envelope, change.change_id)
        _after_write(b, stored, None)
        _claim_identities(b, stored)
        # Another person's Barnkontakt assignment current: both learn whose rules.
        notices = barnkontakt_notices.tell_of_assignment(b, stored, child)
        b.audited(child, [stored.id, *notices])
        # Stored exactly as sent: ids, sequence and revision are the whole answer (a record
        # moved to the surviving child goes back whole, so the device files it there).
        return Answer(
            change,
            digest,
            PushResult(
                change_id=change.change_id, status=ChangeStatus.ACCEPTED, code=200, record=stored
            )
            if redirected
            else accepted(change.change_id, 1),
            op=created,
        )

    current = Record.model_validate_json(current_row.envelope)
    if current.type != incoming.type or child_key(current) != child:
        return rejected(
            RefusalCode.TYPE_OR_CHILD, "En post kan inte byta typ eller barn; skapa en ny post."
        )
    base_state, history = _history(b, current, incoming.base_revision)
    incoming_state = state(incoming.body, incoming.deleted)
    current_state = state(current.body, current.deleted)
    if current.type == RecordType.CONFLICT:
        start = base_state if base_state is not None else current_state
        if diff(start, incoming_state) - _RESOLUTION_FIELDS:
            return rejected(
                RefusalCode.CONFLICT_RESOLUTION_ONLY, "En konfliktpost kan bara markeras som löst."
            )
    if not is_mutable(current.type):
        bad = immutable_violations(base_state, current_state, incoming_state)
        if bad:
            return rejected(
                RefusalCode.SIGNED,
                "Signerade uppgifter kan inte ändras (" + ", ".join(bad) + "). "
                "Skapa en rättelse som en ny post.",
            )
    outcome = merge(
        base=base_state,
        history=history,
        incoming=incoming_state,
        incoming_device=caller.device_id,
        claimed_fields=change.changed_fields,
    )
    conflict_ids: list[str] = []
    merged_into: list[str] = []
    if outcome.applied:
        body, deleted = split(outcome.fields)
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
        envelope = stored.model_dump_json()
        row = Row(
            id=stored.id,
            type=current_row.type,
            vis_type=_vis_type(b, stored),
            child_id=current_row.child_id,
            envelope=envelope,
            revision=stored.revision,
            deleted=deleted,
            seq=current_row.seq,
            created_by=current_row.created_by,
            created_unit=current_row.created_unit,
            updated_by=caller.user_id,
            stored=current_row.stored,
        )
        op: Op | None = b.write(row, stored, envelope, change.change_id)
        seq = current_row.seq
        _after_write(b, stored, current)
        _claim_identities(b, stored)
        merged_into = _merge_renumbered(b, change, stored, row)
    else:
        stored, seq, op = current, current_row.seq, current_row.op
    if outcome.conflicts:
        # Conflict records are matched against the open ones in the store: it must hold
        # what this batch wrote so far.
        b.lock()
        b.flush()
        if op is not None:
            seq = op.seq or seq
    for conflict in outcome.conflicts:
        made = make_conflict(b.conn, caller, change, current, current_row, conflict)
        b.forget(made)
        if made not in conflict_ids:
            conflict_ids.append(made)
    if merged_into:
        conflict_ids += [c for c in merged_into if c not in conflict_ids]
    b.audited(child, [stored.id, *conflict_ids], "conflict" if conflict_ids else "")
    if not conflict_ids and not redirected and state(stored.body, stored.deleted) == incoming_state:
        # The server holds what the device sent: no body needed.
        result = accepted(change.change_id, stored.revision, seq)
    else:
        result = PushResult(
            change_id=change.change_id,
            status=ChangeStatus.CONFLICT if conflict_ids else ChangeStatus.ACCEPTED,
            code=200,
            server_seq=seq,
            record=stored,
            conflict_ids=conflict_ids,
        )
    return Answer(change, digest, result, op=op)


def may_write(
    b: Batch,
    incoming: Record,
    child: str | None,
    current_row: Row | None,
    *,
    own_duplicate: bool = False,
) -> bool:
    """Writing must not become a way to see, to learn about, or to grant oneself access to
    a child: every refusal about a child gets the same words, whether the child exists,
    is someone else's, or was made up. Decided on the access the batch so far leaves."""
    caller = b.caller
    if incoming.type in _UNIT_TYPES:
        return (
            current_row is None
            or current_row.created_by == caller.user_id
            or bool(caller.roles & {access.ROLE_ADMIN, access.ROLE_UNIT_LEAD})
        )
    if incoming.type == RecordType.CONFLICT and current_row is None:
        return False  # conflict records are made by the server only
    if incoming.type == RecordType.NOTICE:
        return False  # notices are written by the server only, and never edited
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
        if b.level(child) == access.FULL or b.stored_level(child) == access.FULL:
            # Full access when the batch began counts too: the caller could have sent this
            # record first. A handover from today ends the caller's own assignment before
            # the new one arrives in the same batch, and must not lose the new one.
            return True
        if own_duplicate and not granting:
            # The caller's own registration of the child, merged into the survivor: its
            # records are the caller's own work about the child and are kept. What grants
            # access is not: knowing a child's number must not make one its Barnkontakt.
            return True
        return not granting and _in_grace(b, child)
    if not b.visible(current_row):
        return not granting and _in_grace(b, child)
    if granting or incoming.type == RecordType.CHILD:
        return b.level(child) == access.FULL
    return True  # a record the caller sees: a report they may act on, a conflict


def _follow_redirect(b: Batch, change: PushChange) -> tuple[PushChange, bool, bool]:
    """A change about a child merged into another is about the survivor (identity_merge):
    a record is stored under it, an edit of the merged child's profile becomes an edit of
    the survivor's. Returns the change, whether it was moved, and whether the merged child
    was the caller's own registration."""
    incoming = change.record
    child = child_key(incoming)
    target = b.redirects.get(child) if child is not None else None
    if target is None:
        return change, False, False
    survivor, registrar = target
    if incoming.type == RecordType.CHILD:
        row = b.row(survivor)
        if row is None:
            return change, False, False
        edit = identity_merge.as_survivor_edit(change, Record.model_validate_json(row.envelope))
        return edit, True, False
    moved = change.model_copy(update={"record": identity_merge.reparent(incoming, survivor)})
    # Only a duplicate registration (never stored: its id names no record) is the caller's
    # own registration merged away. A stored child merged by an identity change may have
    # been lost by its registrar before (a Barnkontakt was assigned): writes about it follow
    # the ordinary rules, or its former registrar could write into (and learn of) the
    # survivor, a child they never saw.
    own = registrar == b.caller.user_id and child is not None and b.row(child) is None
    return moved, True, own


def _merge_duplicate(b: Batch, change: PushChange, digest: str) -> Answer | None:
    """A new child whose identity number another child has: merged into that child (the
    one stored first survives) instead of stored. None when it is no duplicate."""
    incoming = change.record
    if incoming.type != RecordType.CHILD or incoming.deleted:
        return None
    survivor_id = identity_merge.survivor_of(b.identities, incoming)
    if survivor_id is None:
        return None
    survivor_row = b.row(survivor_id)
    if survivor_row is None or survivor_row.deleted or survivor_row.type != RecordType.CHILD:
        return None
    survivor = Record.model_validate_json(survivor_row.envelope)
    caller = b.caller
    # The redirect, its event and the conflict records are written at once: under the lock,
    # after what the batch holds so far (a merge is rare; the common push never gets here).
    b.lock()
    b.flush()
    b.redirects[incoming.id] = (survivor_id, caller.user_id)
    for key in identity_merge.body_keys(incoming.body):
        b.claim_identity(key, survivor_id)
    b.load_access({survivor_id})
    b.access_rows[survivor_id][incoming.id] = access.registrar_row(caller.user_id)
    b.dirty.add(survivor_id)
    b.memo_levels.pop(survivor_id, None)
    conflict_ids = identity_merge.write_redirect(
        b.conn,
        incoming,
        survivor,
        survivor_row,
        change,
        caller.user_id,
        caller.unit_id,
        caller.device_id,
    )
    for made in conflict_ids:
        b.forget(made)
    # The survivor's Barnkontakt learns that someone else registered the child too.
    notice = identity_merge.also_registered_notice(
        b.access_rows[survivor_id].values(), survivor_id, caller.user_id, b.today
    )
    notices = [identity_merge.write_notice(b.conn, survivor_id, notice)] if notice else []
    for made in notices:
        b.forget(made)
    b.audited(survivor_id, [incoming.id, *conflict_ids, *notices], "merged")
    return Answer(
        change,
        digest,
        PushResult(change_id=change.change_id, status=ChangeStatus.ACCEPTED, code=200, revision=1),
    )


def _merge_renumbered(b: Batch, change: PushChange, stored: Record, row: Row) -> list[str]:
    """A child's profile now names a number another child has (its samordningsnummer was
    replaced by the personnummer another laptop registered the child under): the other child
    survives and this one is merged into it — its records move there, its holders are told
    to follow the redirect. Only when the caller has full access to both: otherwise knowing
    a number would be a way into another child's file (the edit is then kept as it is).
    Returns the conflict records made (profile fields the two state differently)."""
    if stored.type != RecordType.CHILD or stored.deleted:
        return []
    survivor_id = identity_merge.survivor_of(b.identities, stored)
    if survivor_id is None or survivor_id == stored.id:
        return []
    survivor_row = b.row(survivor_id)
    if (
        survivor_row is None
        or survivor_row.deleted
        or survivor_row.type != RecordType.CHILD
        or b.level(survivor_id) != access.FULL
    ):
        return []
    survivor = Record.model_validate_json(survivor_row.envelope)
    b.lock()
    b.flush()
    conn = b.conn
    # Who was each child's Barnkontakt before the merge (for the notices below).
    before = access.access_rows(conn, [stored.id, survivor_id])
    moved = identity_merge.move_records(conn, stored.id, survivor_id)
    holders = identity_merge.retire(conn, stored)
    identity_merge.rename_identities(conn, stored.id, survivor_id)
    conflict_ids = identity_merge.write_redirect(
        conn,
        stored,
        survivor,
        survivor_row,
        change,
        row.created_by,
        row.created_unit,
        b.caller.device_id,
        told=[*holders, b.caller.user_id],
        tell_registrar=False,
    )
    # The merged child's numbers join the survivor's identity history (search finds it).
    identity_merge.adopt_numbers(
        conn, Record.model_validate_json(survivor_row.envelope), stored, b.today.isoformat()
    )
    notices = [
        identity_merge.write_notice(conn, survivor_id, notice)
        for notice in (
            identity_merge.also_registered_notice(
                before[survivor_id].values(), survivor_id, row.created_by, b.today
            ),
            identity_merge.barnkontakts_met_notice(
                before[survivor_id].values(), before[stored.id].values(), survivor_id, b.today
            ),
        )
        if notice is not None
    ]
    for rid in [*moved, *conflict_ids, *notices, stored.id, survivor_id]:
        b.forget(rid)
    for key, child in list(b.identities.items()):
        if child == stored.id:
            b.identities[key] = survivor_id
    b.redirects[stored.id] = (survivor_id, row.created_by)
    # Access: the survivor's again from the store (the moved records and the registrar of
    # the merged child count there); the merged child decides nobody's access any more.
    b.access_rows.pop(survivor_id, None)
    b.read_access.pop(survivor_id, None)
    b.load_access({survivor_id})
    b.access_rows[stored.id] = {}
    b.dirty |= {survivor_id, stored.id}
    b.memo_levels.clear()
    b.audited(survivor_id, [stored.id, *moved, *notices], "merged")
    return conflict_ids


def _claim_identities(b: Batch, record: Record) -> None:
    """A child's numbers not yet in the identity index now name it."""
    if record.type == RecordType.CHILD and not record.deleted:
        for key in identity_merge.body_keys(record.body):
            b.claim_identity(key, record.id)


def _in_grace(b: Batch, child: str) -> bool:
    """Unsent work survives losing access: edits made while the caller had access are
    taken for `UNSENT_GRACE` after the loss (the answer then carries no content) — a loss
    earlier in this very batch included."""
    if access.rank(b.stored_level(child)) > access.rank(b.level(child)):
        return True
    since = _iso(_now() - UNSENT_GRACE)
    return access.recently_revoked(b.conn, child, b.caller.user_id, since)


def _vis_type(b: Batch, record: Record) -> str:
    if record.type == RecordType.CONFLICT:
        target = record.body.get("record_id")
        found = b.row(target) if isinstance(target, str) else None
        return found.vis_type if found is not None else RecordType.CONFLICT.value
    return vis_type_for(record)


def _history(
    b: Batch, current: Record, base_revision: int
) -> tuple[dict[str, Any] | None, list[Version]]:
    rows = b.history(current.id, max(base_revision, 1))
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


def _after_write(b: Batch, record: Record, before: Record | None) -> None:
    """A write of a child's access-deciding record is already in the batch's view of that
    child (`Batch.write`); a unit's Barnteam reaches every child of its units, found in
    the store, so it takes the lock and writes what the batch holds first."""
    if record.type != RecordType.TEAM or child_key(record) is not None:
        return
    units = {record.body.get("unit_id")}
    if before is not None:
        units.add(before.body.get("unit_id"))
    b.lock()
    b.flush()
    if b.lookups is not None:
        b.lookups.forget_teams()
    children = access.children_of_units(b.conn, {u for u in units if u})
    b.load_access(children)
    b.dirty |= children
    b.memo_levels.clear()


_REPORTER_FIELDS = ("reporter_staff_id", "reporter_unit_id")


def _reporter_ok(incoming: Record, caller: Caller, current_row: Row | None) -> bool:
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
