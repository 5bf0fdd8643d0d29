"""Push: a device's batch of changes, validated, merged with what the server holds, and
stored in the global order — all or nothing, in one transaction.

Set-based, because the cost of a push is round trips, not work: the batch's current records,
their revisions, the caller's access and the touched children's access-deciding records are
read in a few statements; every change is merged in memory (`_Batch` holds what the store will
say once the batch lands); then each table is written in one batched statement and access is
recomputed once for all touched children together.

Only the end takes the write lock (`ordering`): reading and merging happen before it, and
under the lock the batch checks that nothing it read has changed since (`_Batch.lock`). If
something has — another device wrote the same record or the same child's access meanwhile —
the batch is planned again under the lock, so the answer is the one a fully serial push would
give. A conflict, or a unit's Barnteam, takes the lock early: those paths read what the batch
has written so far.

Every write passes the same access rules as a read (`_may_write`, then `_gate` on the
answer); a change id already stored answers as before (a device that lost the answer asks
again); a clash becomes a conflict record (`conflicts`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, select, update

from backa_desktop.central import access, retention
from backa_desktop.central.access import AccessRow, Caller, child_key, vis_type_for
from backa_desktop.central.common import ServiceError
from backa_desktop.central.common import audit_row as _audit_row
from backa_desktop.central.common import iso as _iso
from backa_desktop.central.common import now as _now
from backa_desktop.central.common import today as _today
from backa_desktop.central.conflicts import make_conflict
from backa_desktop.central.db import (
    audit_log,
    changes,
    child_access,
    record_revisions,
    records,
    settings,
)
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

# Built once: building a statement costs more than sending it.
_INSERT_CHANGE = insert(changes)
_INSERT_RECORD = insert(records)
_INSERT_REVISION = insert(record_revisions)
_UPDATE_RECORD = (
    update(records)
    .where(records.c.id == bindparam("b_id"))
    .values(
        envelope=bindparam("b_envelope"),
        revision=bindparam("b_revision"),
        deleted=bindparam("b_deleted"),
        seq=bindparam("b_seq"),
        vis_type=bindparam("b_vis_type"),
        updated_by=bindparam("b_updated_by"),
    )
)
_CHUNK = 500
"""Ids per `IN (...)` list."""

UNSENT_GRACE = timedelta(days=30)
"""How long after losing access to a child a device's unsent edits of it are still accepted
(DESIGN.md §7: unsent own changes are pushed before the purge, not dropped)."""

NO_ACCESS = "Du har inte behörighet att ändra uppgifter om det här barnet."
"""The one answer to every write about a child the caller may not see (or that does not
exist): a refusal must not tell which."""

_RESOLUTION_FIELDS = frozenset({"resolved", "resolution"})
"""What an edit of a conflict record may change: marking it resolved."""


class _Stale(Exception):
    """Something the batch read before the lock changed before it got the lock."""


@dataclass
class _Op:
    """One pending write (a record version); its sequence number is given at the flush."""

    seq: int | None = None


@dataclass
class _Row:
    """A `records` row as the batch sees it: as read, or as this batch has written it."""

    id: str
    type: str
    vis_type: str
    child_id: str | None
    envelope: str
    revision: int
    deleted: bool
    seq: int
    created_by: str
    created_unit: str | None
    updated_by: str
    stored: bool = True
    """Whether the row exists in the database (False until a new record's first flush)."""
    op: _Op | None = None
    """The pending write that last changed it (its `seq` is the row's once flushed)."""


@dataclass
class _Answer:
    change: PushChange
    digest: str
    result: PushResult
    op: _Op | None = None
    """Whose sequence number the answer carries, once the write has one."""
    remember: bool = False
    """Stored in `changes` (so a replay gets the same answer)."""
    bare: PushResult | None = None
    """For a replay: the first answer's ids, sequence and revision only, for when the caller
    may no longer see the record."""


# The columns a push reads and writes. `record_class` is not among them: the disposal rules
# set it for the whole transaction after the batch (retention.classify_after_write).
_COLUMNS = tuple(c.name for c in records.columns if c.name != "record_class")


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[i : i + _CHUNK] for i in range(0, len(items), _CHUNK)]


@dataclass
class _Batch:
    conn: Connection
    caller: Caller
    today: date
    locked: bool
    rows: dict[str, _Row | None] = field(default_factory=dict)
    read_revisions: dict[str, int | None] = field(default_factory=dict)
    access_rows: dict[str, dict[str, AccessRow]] = field(default_factory=dict)
    read_access: dict[str, dict[str, int]] = field(default_factory=dict)
    read_levels: dict[str, str | None] = field(default_factory=dict)
    memo_levels: dict[str, str | None] = field(default_factory=dict)
    dirty: set[str] = field(default_factory=set)
    seen_changes: set[str] = field(default_factory=set)
    change_ids: list[str] = field(default_factory=list)
    history_cache: dict[str, tuple[int, list[tuple[int, str, str]]]] = field(default_factory=dict)
    pending: list[tuple[_Op, dict[str, Any]]] = field(default_factory=list)
    pending_revisions: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)
    pending_rows: dict[str, _Row] = field(default_factory=dict)
    lookups: access.Lookups | None = None

    # -- reads ------------------------------------------------------------------------------

    def load(self, ids: list[str]) -> None:
        wanted = sorted({i for i in ids if i not in self.rows})
        for part in _chunks(wanted):
            for row in self.conn.execute(select(records).where(records.c.id.in_(part))).all():
                found = _Row(**{name: row._mapping[name] for name in _COLUMNS})
                self.rows[found.id] = found
        for rid in wanted:
            self.rows.setdefault(rid, None)
            got = self.rows[rid]
            self.read_revisions[rid] = got.revision if got is not None else None

    def row(self, rid: str) -> _Row | None:
        if rid not in self.rows:
            self.load([rid])
        return self.rows[rid]

    def forget(self, rid: str) -> None:
        """Written outside the batch (a conflict record): read it again when needed."""
        self.rows.pop(rid, None)
        self.history_cache.pop(rid, None)

    def load_access(self, children: set[str]) -> None:
        wanted = [c for c in children if c not in self.access_rows]
        if not wanted:
            return
        for child, found in access.access_rows(self.conn, wanted).items():
            self.access_rows[child] = found
            self.read_access[child] = {rid: r.revision for rid, r in found.items()}

    def load_levels(self, children: set[str]) -> None:
        wanted = sorted(c for c in children if c not in self.read_levels)
        for part in _chunks(wanted):
            found = dict(
                self.conn.execute(
                    select(child_access.c.child_id, child_access.c.level).where(
                        child_access.c.user_id == self.caller.user_id,
                        child_access.c.child_id.in_(part),
                    )
                ).all()
            )
            for child in part:
                self.read_levels[child] = found.get(child)

    def stored_level(self, child: str) -> str | None:
        self.load_levels({child})
        return self.read_levels[child]

    def level(self, child: str) -> str | None:
        """The caller's level for the child as it will be once the batch so far lands."""
        if child not in self.dirty:
            return self.stored_level(child)
        if child not in self.memo_levels:
            self.load_access({child})
            if self.lookups is None:
                self.lookups = access.Lookups(self.conn)
            levels = access.levels_from(self.access_rows[child].values(), self.today, self.lookups)
            self.memo_levels[child] = levels.get(self.caller.user_id)
        return self.memo_levels[child]

    def visible(self, row: _Row) -> bool:
        level = self.level(row.child_id) if row.child_id is not None else None
        return access.visible_row(
            self.caller, row.child_id, row.vis_type, row.created_by, row.created_unit, level
        )

    def history(self, rid: str, start: int) -> list[tuple[int, str, str]]:
        """The record's revisions from `start` on: (revision, envelope, device)."""
        cached = self.history_cache.get(rid)
        if cached is None or cached[0] > start:
            rows = [
                (int(rev), env, dev)
                for rev, env, dev in self.conn.execute(
                    select(
                        record_revisions.c.revision,
                        record_revisions.c.envelope,
                        record_revisions.c.device_id,
                    ).where(
                        record_revisions.c.record_id == rid,
                        record_revisions.c.revision >= start,
                    )
                ).all()
            ]
            cached = (start, rows)
            self.history_cache[rid] = cached
        found = [r for r in cached[1] if r[0] >= start]
        found += [r for r in self.pending_revisions.get(rid, []) if r[0] >= start]
        return sorted(found)

    def prefetch_history(self, wanted: dict[str, int]) -> None:
        """Revisions of many records in one query (each from its own start on)."""
        ids = sorted(wanted)
        if not ids:
            return
        low = min(wanted.values())
        found: dict[str, list[tuple[int, str, str]]] = {rid: [] for rid in ids}
        for part in _chunks(ids):
            for rid, rev, env, dev in self.conn.execute(
                select(
                    record_revisions.c.record_id,
                    record_revisions.c.revision,
                    record_revisions.c.envelope,
                    record_revisions.c.device_id,
                ).where(
                    record_revisions.c.record_id.in_(part),
                    record_revisions.c.revision >= low,
                )
            ).all():
                found[rid].append((int(rev), env, dev))
        for rid, rows in found.items():
            self.history_cache[rid] = (low, rows)

    # -- the lock ---------------------------------------------------------------------------

    def lock(self) -> None:
        """Take the write lock; then everything read before it must still be as read, or the
        batch is planned again (`_Stale`)."""
        if self.locked:
            return
        lock_writes(self.conn)
        self.locked = True
        if not self._unchanged():
            raise _Stale

    def _unchanged(self) -> bool:
        conn = self.conn
        now_rev: dict[str, int] = {}
        for part in _chunks(sorted(self.read_revisions)):
            now_rev.update(
                conn.execute(
                    select(records.c.id, records.c.revision).where(records.c.id.in_(part))
                ).all()
            )
        if any(now_rev.get(rid) != rev for rid, rev in self.read_revisions.items()):
            return False
        now_access = access.access_rows(conn, self.read_access)
        for child, read in self.read_access.items():
            if {rid: r.revision for rid, r in now_access[child].items()} != read:
                return False
        levels: dict[str, str] = {}
        for part in _chunks(sorted(self.read_levels)):
            levels.update(
                conn.execute(
                    select(child_access.c.child_id, child_access.c.level).where(
                        child_access.c.user_id == self.caller.user_id,
                        child_access.c.child_id.in_(part),
                    )
                ).all()
            )
        if any(levels.get(c) != lvl for c, lvl in self.read_levels.items()):
            return False
        if self.change_ids:
            stored = set(
                conn.execute(
                    select(changes.c.change_id).where(changes.c.change_id.in_(self.change_ids))
                ).scalars()
            )
            if stored != self.seen_changes:
                return False
        return True

    # -- writes -----------------------------------------------------------------------------

    def write(self, row: _Row, record: Record, envelope: str, change_id: str | None) -> _Op:
        """Hold a new version of a record for the flush: the row as it will be stored, and
        its revision row (the envelope serialised once, for both)."""
        op = _Op()
        row.op = op
        self.rows[row.id] = row
        self.pending_rows[row.id] = row
        revision = dict(
            record_id=row.id,
            revision=row.revision,
            envelope=envelope,
            change_id=change_id,
            device_id=self.caller.device_id,
            user_id=self.caller.user_id,
        )
        self.pending.append((op, revision))
        self.pending_revisions.setdefault(row.id, []).append(
            (row.revision, envelope, self.caller.device_id)
        )
        child = row.child_id
        if record.type in access.ACCESS_TYPES and child is not None:
            self.load_access({child})
            self.access_rows[child][row.id] = AccessRow(
                row.type, envelope, row.created_by, row.deleted, row.revision
            )
            self.dirty.add(child)
            self.memo_levels.pop(child, None)
        return op

    def flush(self) -> None:
        """Give the pending writes their sequence numbers (in the order they were made) and
        write each table in one statement. Only under the lock."""
        assert self.locked
        if not self.pending:
            return
        conn = self.conn
        for op, revision in self.pending:
            op.seq = next_seq(conn)
            revision["seq"] = op.seq
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for row in self.pending_rows.values():
            assert row.op is not None and row.op.seq is not None
            row.seq = row.op.seq
            if row.stored:
                updates.append(
                    {
                        "b_id": row.id,
                        "b_envelope": row.envelope,
                        "b_revision": row.revision,
                        "b_deleted": row.deleted,
                        "b_seq": row.seq,
                        "b_vis_type": row.vis_type,
                        "b_updated_by": row.updated_by,
                    }
                )
            else:
                inserts.append({name: getattr(row, name) for name in _COLUMNS})
                row.stored = True
        if inserts:
            conn.execute(_INSERT_RECORD, inserts)
        if updates:
            conn.execute(_UPDATE_RECORD, updates)
        conn.execute(_INSERT_REVISION, [revision for _op, revision in self.pending])
        for rid in self.pending_revisions:
            self.history_cache.pop(rid, None)
        self.pending.clear()
        self.pending_rows.clear()
        self.pending_revisions.clear()


# -- the use case -----------------------------------------------------------------------------


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
    digests = [
        hashlib.sha256(_canonical(c.model_dump(mode="json")).encode("utf-8")).hexdigest()
        for c in batch.changes
    ]
    today = _today()
    with engine.begin() as conn:
        locked = False
        last = conn.execute(
            select(settings.c.value).where(settings.c.key == "access_refreshed_on")
        ).scalar_one_or_none()
        if last != today.isoformat():
            lock_writes(conn)
            locked = True
            refresh_daily(conn, today)
        while True:
            b = _Batch(conn, caller, today, locked)
            audit: list[dict[str, Any]] = []
            try:
                answers = _plan(b, batch, digests, audit)
                b.lock()
                break
            except _Stale:
                locked = True  # the lock is held now: what is read stays as read
        b.flush()
        if b.dirty:
            access.refresh_children(conn, b.dirty, today, lambda: next_seq(conn), _iso(_now()))
        bare: dict[str, PushResult] = {}
        results: list[PushResult] = []
        done: list[dict[str, Any]] = []
        for answer in answers:
            result = answer.result
            if answer.op is not None:
                result = result.model_copy(update={"server_seq": answer.op.seq})
            if answer.remember:
                done.append(
                    dict(
                        change_id=answer.change.change_id,
                        user_id=caller.user_id,
                        device_id=caller.device_id,
                        payload_hash=answer.digest,
                        result=result.model_copy(update={"record": None}).model_dump_json(),
                        at=utc_now(),
                    )
                )
            if answer.bare is not None:
                bare[result.change_id] = answer.bare
            results.append(result)
        results = _gate(conn, caller, results, bare)
        if done:
            conn.execute(_INSERT_CHANGE, done)
        if audit:
            conn.execute(insert(audit_log), audit)
        retention.classify_after_write(conn)
        release_seqs(conn)
    return PushResponse(results=results)


def _plan(
    b: _Batch, batch: PushBatch, digests: list[str], audit: list[dict[str, Any]]
) -> list[_Answer]:
    """Every change decided in memory, in order; what needs the store's latest state reads
    it in a few set-based statements up front."""
    conn = b.conn
    b.change_ids = [c.change_id for c in batch.changes]
    seen = {
        row.change_id: row
        for part in _chunks(b.change_ids)
        for row in conn.execute(select(changes).where(changes.c.change_id.in_(part))).all()
    }
    b.seen_changes = set(seen)
    b.load([c.record.id for c in batch.changes])
    children = {k for c in batch.changes if (k := child_key(c.record)) is not None}
    b.load_levels(children)
    if any(c.record.type in access.ACCESS_TYPES for c in batch.changes):
        b.load_access(children)
    existing: dict[str, int] = {}
    for change in batch.changes:
        row = b.rows.get(change.record.id)
        if row is not None and change.change_id not in seen:
            start = max(change.record.base_revision, 1)
            existing[row.id] = min(existing.get(row.id, start), start)
    b.prefetch_history(existing)
    return [
        _push_one(b, change, digest, seen.get(change.change_id), audit)
        for change, digest in zip(batch.changes, digests, strict=True)
    ]


def _push_one(
    b: _Batch, change: PushChange, digest: str, seen: Any, audit: list[dict[str, Any]]
) -> _Answer:
    caller = b.caller
    if seen is not None:
        if seen.payload_hash == digest and seen.user_id == caller.user_id:
            # Only ids, sequence and revision of the first answer; a body never comes
            # from the stored answer (it may predate a loss of access).
            earlier = PushResult.model_validate_json(seen.result).model_copy(
                update={"status": ChangeStatus.DUPLICATE, "code": 200, "record": None}
            )
            # The device asks again because it never got the answer: offer the record as
            # it is now, so it cannot step back to an older version. The gate at the end
            # of the batch decides whether the caller may still see it.
            now = b.row(change.record.id)
            if now is None:
                return _Answer(change, digest, earlier, bare=earlier)
            return _Answer(
                change,
                digest,
                earlier.model_copy(
                    update={
                        "record": Record.model_validate_json(now.envelope),
                        "server_seq": now.seq,
                        "revision": None,
                    }
                ),
                op=now.op,
                bare=earlier,
            )
        return _Answer(
            change,
            digest,
            PushResult(
                change_id=change.change_id,
                status=ChangeStatus.MISMATCH,
                code=409,
                reason="Ändrings-id:t har redan använts för en annan ändring.",
            ),
        )
    answer = _apply(b, change, digest, audit)
    answer.remember = answer.result.status is not ChangeStatus.REJECTED
    return answer


def _apply(b: _Batch, change: PushChange, digest: str, audit: list[dict[str, Any]]) -> _Answer:
    caller = b.caller
    incoming = change.record
    child = child_key(incoming)
    current_row = b.row(incoming.id)

    def rejected(reason: str) -> _Answer:
        return _Answer(
            change,
            digest,
            PushResult(
                change_id=change.change_id, status=ChangeStatus.REJECTED, code=403, reason=reason
            ),
        )

    if not _may_write(b, incoming, child, current_row):
        return rejected(NO_ACCESS)
    if incoming.type == RecordType.OROSANMALAN and not _reporter_ok(incoming, caller, current_row):
        return rejected(
            "En orosanmälan ska ha dig som anmälare och din egen enhet som anmälande enhet."
        )

    if current_row is None:
        stored = incoming.model_copy(update={"revision": 1, "base_revision": 0})
        envelope = stored.model_dump_json()
        row = _Row(
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
        audit.append(_audit_row(caller, utc_now(), "write", child, [stored.id]))
        # Stored exactly as sent: ids, sequence and revision are the whole answer.
        return _Answer(
            change,
            digest,
            PushResult(
                change_id=change.change_id, status=ChangeStatus.ACCEPTED, code=200, revision=1
            ),
            op=created,
        )

    current = Record.model_validate_json(current_row.envelope)
    if current.type != incoming.type or child_key(current) != child:
        return rejected("En post kan inte byta typ eller barn; skapa en ny post.")
    base_state, history = _history(b, current, incoming.base_revision)
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
        row = _Row(
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
        op: _Op | None = b.write(row, stored, envelope, change.change_id)
        seq = current_row.seq
        _after_write(b, stored, current)
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
    entry = _audit_row(caller, utc_now(), "write", child, [stored.id, *conflict_ids])
    entry["detail"] = "conflict" if conflict_ids else ""
    audit.append(entry)
    if not conflict_ids and state(stored.body, stored.deleted) == incoming_state:
        # The server holds what the device sent: no body needed.
        result = PushResult(
            change_id=change.change_id,
            status=ChangeStatus.ACCEPTED,
            code=200,
            server_seq=seq,
            revision=stored.revision,
        )
    else:
        result = PushResult(
            change_id=change.change_id,
            status=ChangeStatus.CONFLICT if conflict_ids else ChangeStatus.ACCEPTED,
            code=200,
            server_seq=seq,
            record=stored,
            conflict_ids=conflict_ids,
        )
    return _Answer(change, digest, result, op=op)


def _may_write(b: _Batch, incoming: Record, child: str | None, current_row: _Row | None) -> bool:
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
        if b.level(child) == access.FULL:
            return True
        return not granting and _in_grace(b, child)
    if not b.visible(current_row):
        return not granting and _in_grace(b, child)
    if granting or incoming.type == RecordType.CHILD:
        return b.level(child) == access.FULL
    return True  # a record the caller sees: a report they may act on, a conflict


def _in_grace(b: _Batch, child: str) -> bool:
    """Unsent work survives losing access: edits made while the caller had access are
    taken for `UNSENT_GRACE` after the loss (the answer then carries no content) — a loss
    earlier in this very batch included."""
    if access.rank(b.stored_level(child)) > access.rank(b.level(child)):
        return True
    since = _iso(_now() - UNSENT_GRACE)
    return access.recently_revoked(b.conn, child, b.caller.user_id, since)


def _vis_type(b: _Batch, record: Record) -> str:
    if record.type == RecordType.CONFLICT:
        target = record.body.get("record_id")
        found = b.row(target) if isinstance(target, str) else None
        return found.vis_type if found is not None else RecordType.CONFLICT.value
    return vis_type_for(record)


def _history(
    b: _Batch, current: Record, base_revision: int
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


def _after_write(b: _Batch, record: Record, before: Record | None) -> None:
    """A write of a child's access-deciding record is already in the batch's view of that
    child (`_Batch.write`); a unit's Barnteam reaches every child of its units, found in
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


def _reporter_ok(incoming: Record, caller: Caller, current_row: _Row | None) -> bool:
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
