"""The central store's use cases: push, pull and the admin commands (enroll, tokens and
authentication are in `accounts`; `CentralService` delegates to it).

Plain functions over a SQLAlchemy engine; the HTTP layer (`api.py`) and the command line
(`cli.py`) are thin shells around them. Nothing is kept in memory between calls: every fact
(rate-limit counters included) lives in the database, so any number of server processes can
serve the same store.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    delete,
    false,
    insert,
    select,
    update,
)

from backa_desktop.central import access, accounts, purge_feed, retention
from backa_desktop.central.access import Caller, child_key, vis_type_for
from backa_desktop.central.common import ServiceError as ServiceError
from backa_desktop.central.common import iso as _iso
from backa_desktop.central.common import now as _now
from backa_desktop.central.common import today as _today
from backa_desktop.central.db import (
    access_events,
    access_tokens,
    audit_log,
    changes,
    counters,
    devices,
    record_revisions,
    records,
    settings,
    units,
    users,
)
from backa_desktop.central.merge import (
    DELETED_FIELD,
    FieldConflict,
    Version,
    diff,
    immutable_violations,
    merge,
    split,
    state,
)
from backa_desktop.central.security import (
    hash_password,
)
from backa_desktop.domain.bodies import BODY_MODELS
from backa_desktop.domain.records import Record, RecordType, is_mutable, utc_now, uuid7
from backa_desktop.domain.teams import Team, TeamKind
from backa_desktop.sync.protocol import (
    MAX_BODY_BYTES,
    ChangeStatus,
    EnrollRequest,
    EnrollResponse,
    InvalidChange,
    PullPage,
    PullRequest,
    PushBatch,
    PushChange,
    PushResponse,
    PushResult,
    TokenRequest,
    TokenResponse,
)

_MAX_REVISION = 2**31 - 1

# Built once: the push path runs these for every change, and building a statement costs more
# than sending it.
_INSERT_CHANGE = insert(changes)
_INSERT_RECORD = insert(records)
_INSERT_REVISION = insert(record_revisions)
_RECORD_BY_ID = select(records).where(records.c.id == bindparam("rid"))
UNSENT_GRACE = timedelta(days=30)
"""How long after losing access to a child a device's unsent edits of it are still accepted
(DESIGN.md §7: unsent own changes are pushed before the purge, not dropped)."""

_UNIT_TYPES = frozenset({RecordType.UNIT, RecordType.STAFF})

SERVER_AUTHOR = "backa-central"
"""Author, device and owner of what the server itself writes (conflict records)."""

NO_ACCESS = "Du har inte behörighet att ändra uppgifter om det här barnet."
"""The one answer to every write about a child the caller may not see (or that does not
exist): a refusal must not tell which."""

_RESOLUTION_FIELDS = frozenset({"resolved", "resolution"})
"""What an edit of a conflict record may change: marking it resolved."""


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _audit_row(
    caller: Caller, at: str, action: str, child_id: str | None, record_ids: list[str]
) -> dict[str, Any]:
    return {
        "at": at,
        "user_id": caller.user_id,
        "device_id": caller.device_id,
        "action": action,
        "child_id": child_id,
        "record_ids": json.dumps(sorted(record_ids)),
        "detail": "",
    }


def lock_writes(conn: Connection) -> None:
    """Take the write lock (the sequence row); held until the transaction ends."""
    conn.execute(select(counters.c.value).where(counters.c.name == "seq").with_for_update())


_SEQ_BLOCK = 256


def next_seq(conn: Connection) -> int:
    """The next global sequence number. Numbers are reserved from the counter row in blocks
    (one UPDATE per block, not per change) and the unused rest is handed back by
    `release_seqs` before commit, so the committed counter is always the highest number in
    use. Only valid under the write lock (`lock_writes`)."""
    tx = conn.get_transaction()
    state = conn.info.get("backa_seq")
    if state is None or state[0] is not tx or state[1] > state[2]:
        top = int(
            conn.execute(
                update(counters)
                .where(counters.c.name == "seq")
                .values(value=counters.c.value + _SEQ_BLOCK)
                .returning(counters.c.value)
            ).scalar_one()
        )
        state = [tx, top - _SEQ_BLOCK + 1, top]
        conn.info["backa_seq"] = state
    value = int(state[1])
    state[1] = value + 1
    return value


def release_seqs(conn: Connection) -> None:
    """Give back the reserved numbers this transaction did not use (call before commit)."""
    state = conn.info.pop("backa_seq", None)
    if state is None or state[0] is not conn.get_transaction():
        return
    conn.execute(update(counters).where(counters.c.name == "seq").values(value=int(state[1]) - 1))


@dataclass
class CentralService:
    engine: Engine

    # ---- accounts and devices -------------------------------------------------------------

    def enroll(self, request: EnrollRequest, client: str = "") -> EnrollResponse:
        """See `accounts.enroll`; `client` is the caller's network address."""
        return accounts.enroll(self.engine, request, client)

    def token(self, request: TokenRequest) -> TokenResponse:
        return accounts.token(self.engine, request)

    def authenticate(self, access_token: str | None) -> Caller:
        return accounts.authenticate(self.engine, access_token)

    # ---- push -----------------------------------------------------------------------------

    def push(self, caller: Caller, batch: PushBatch) -> PushResponse:
        invalid = [bad for change in batch.changes if (bad := validate_change(change))]
        ids = [c.change_id for c in batch.changes]
        if len(set(ids)) != len(ids):
            invalid.append(
                InvalidChange(change_id="*", reason="the same change id twice in one batch")
            )
        if invalid:
            raise ServiceError(
                422,
                "invalid_changes",
                "Some changes are invalid; nothing was stored.",
                "Några ändringar är ogiltiga. Inget sparades.",
                invalid=invalid,
            )
        today = _today()
        with self.engine.begin() as conn:
            lock_writes(conn)
            self._refresh_daily(conn, today)
            seen = (
                {
                    row.change_id: row
                    for row in conn.execute(
                        select(changes).where(changes.c.change_id.in_(ids))
                    ).all()
                }
                if ids
                else {}
            )
            audit: list[dict[str, Any]] = []
            done: list[dict[str, Any]] = []
            bare: dict[str, PushResult] = {}
            results = [
                self._push_one(
                    conn, caller, change, today, seen.get(change.change_id), audit, done, bare
                )
                for change in batch.changes
            ]
            results = _gate(conn, caller, results, bare)
            if done:
                conn.execute(_INSERT_CHANGE, done)
            if audit:
                conn.execute(insert(audit_log), audit)
            retention.classify_after_write(conn)
            release_seqs(conn)
        return PushResponse(results=results)

    def _push_one(
        self,
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
                    select(records.c.envelope, records.c.seq).where(
                        records.c.id == change.record.id
                    )
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
        result = self._apply(conn, caller, change, today, audit)
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
        self,
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

        if not self._may_write(conn, caller, incoming, child, current_row):
            return rejected(NO_ACCESS)
        if incoming.type == RecordType.OROSANMALAN and not _reporter_ok(
            incoming, caller, current_row
        ):
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
            self._revision(conn, stored, seq, change.change_id, caller.device_id, caller.user_id)
            self._after_write(conn, stored, None, today)
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
        base_state, history = self._history(conn, current, incoming.base_revision)
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
            vis = self._vis_type(conn, stored)
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
            self._revision(conn, stored, seq, change.change_id, caller.device_id, caller.user_id)
            self._after_write(conn, stored, current, today)
        else:
            stored, seq = current, int(current_row.seq)
        for conflict in outcome.conflicts:
            made = self._conflict(conn, caller, change, current, current_row, conflict)
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
        self,
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
            return not granting and self._in_grace(conn, caller, child)
        if not access.releasable(conn, caller, [incoming.id]):
            return not granting and self._in_grace(conn, caller, child)
        if granting or incoming.type == RecordType.CHILD:
            return _level(conn, child, caller.user_id) == access.FULL
        return True  # a record the caller sees: a report they may act on, a conflict

    def _in_grace(self, conn: Connection, caller: Caller, child: str) -> bool:
        """Unsent work survives losing access: edits made while the caller had access are
        taken for `UNSENT_GRACE` after the loss (the answer then carries no content)."""
        since = _iso(_now() - UNSENT_GRACE)
        return access.recently_revoked(conn, child, caller.user_id, since)

    def _vis_type(self, conn: Connection, record: Record) -> str:
        if record.type == RecordType.CONFLICT:
            target = record.body.get("record_id")
            found = conn.execute(
                select(records.c.vis_type).where(records.c.id == target)
            ).scalar_one_or_none()
            return found or RecordType.CONFLICT.value
        return vis_type_for(record)

    def _history(
        self, conn: Connection, current: Record, base_revision: int
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

    def _revision(
        self,
        conn: Connection,
        record: Record,
        seq: int,
        change_id: str | None,
        device_id: str,
        user_id: str,
    ) -> None:
        conn.execute(
            _INSERT_REVISION,
            dict(
                record_id=record.id,
                revision=record.revision,
                envelope=record.model_dump_json(),
                seq=seq,
                change_id=change_id,
                device_id=device_id,
                user_id=user_id,
            ),
        )

    def _conflict(
        self,
        conn: Connection,
        caller: Caller,
        change: PushChange,
        before: Record,
        before_row: Any,
        conflict: FieldConflict,
    ) -> str:
        """One clash, one conflict record. The same device's unsent edits from the same base
        (the outbox sends them all) meet the same clash again: the open conflict record is
        brought up to date instead of a new one. The kept side names the revision that wrote
        the kept value, the incoming side the edit (both as the laptops named them, which is
        how they show people). The record belongs to the server, and is seen exactly like the
        record it is about."""
        incoming = change.record
        writer = conflict.kept_by
        kept = {
            "present": conflict.server_present,
            "value": conflict.server_value,
            "revision": before.revision,
            "author": writer.author if writer and writer.author else before.author,
            "device": writer.label if writer and writer.label else before.device,
            "at": writer.at if writer and writer.at else before.updated_at,
        }
        theirs = {
            "present": conflict.incoming_present,
            "value": conflict.incoming_value,
            "author": incoming.author,
            "device": incoming.device,
            "at": incoming.updated_at,
            "change_id": change.change_id,
        }
        child = child_key(before)
        open_one = self._open_conflict(
            conn, before.id, child, conflict.field, incoming.base_revision, theirs
        )
        if open_one is not None:
            old = open_one.body
            if all(
                old.get(side, {}).get(key) == new[key]
                for side, new in (("kept", kept), ("incoming", theirs))
                for key in ("present", "value")
            ):
                return open_one.id
            updated = open_one.model_copy(
                update={
                    "body": {**old, "kept": kept, "incoming": theirs},
                    "revision": open_one.revision + 1,
                    "base_revision": open_one.revision,
                    "updated_at": utc_now(),
                }
            )
            seq = next_seq(conn)
            conn.execute(
                update(records)
                .where(records.c.id == updated.id)
                .values(envelope=updated.model_dump_json(), revision=updated.revision, seq=seq)
            )
            self._revision(conn, updated, seq, None, SERVER_AUTHOR, SERVER_AUTHOR)
            return updated.id
        body = {
            "record_id": before.id,
            "record_type": before.type.value,
            "field": conflict.field,
            "base_revision": incoming.base_revision,
            "base": {"present": conflict.base_present, "value": conflict.base_value},
            "kept": kept,
            "incoming": theirs,
            "resolved": False,
        }
        record = Record(
            type=RecordType.CONFLICT,
            child_id=child,
            body=body,
            author=SERVER_AUTHOR,
            device=SERVER_AUTHOR,
        )
        seq = next_seq(conn)
        conn.execute(
            _INSERT_RECORD,
            dict(
                id=record.id,
                type=record.type.value,
                vis_type=before_row.vis_type,
                child_id=record.child_id,
                envelope=record.model_dump_json(),
                revision=1,
                deleted=False,
                seq=seq,
                # The record's own creator and unit, so a conflict about a report of concern
                # reaches the same people as the report, and nobody else.
                created_by=before_row.created_by,
                created_unit=before_row.created_unit,
                updated_by=SERVER_AUTHOR,
            ),
        )
        self._revision(conn, record, seq, None, SERVER_AUTHOR, SERVER_AUTHOR)
        return record.id

    def _open_conflict(
        self,
        conn: Connection,
        record_id: str,
        child: str | None,
        field: str,
        base_revision: int,
        theirs: dict[str, Any],
    ) -> Record | None:
        """The unresolved conflict record of this clash (same record, field, base and
        pushing device), if one was made already."""
        where = records.c.child_id == child if child is not None else records.c.child_id.is_(None)
        for envelope in conn.execute(
            select(records.c.envelope).where(
                records.c.type == RecordType.CONFLICT.value,
                where,
                records.c.deleted == false(),
                records.c.envelope.contains(record_id, autoescape=True),
            )
        ).scalars():
            found = Record.model_validate_json(envelope)
            body = found.body
            side = body.get("incoming") or {}
            if (
                body.get("record_id") == record_id
                and body.get("field") == field
                and body.get("base_revision") == base_revision
                and not body.get("resolved")
                and side.get("author") == theirs["author"]
                and side.get("device") == theirs["device"]
            ):
                return found
        return None

    def _after_write(
        self, conn: Connection, record: Record, before: Record | None, today: date
    ) -> None:
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

    def _refresh_daily(self, conn: Connection, today: date) -> None:
        """Dates pass without writes (an assignment ends, a consent expires): recompute all
        access once a day, on the first request of the day that finds it not yet done (under
        the write lock). `backa-central refresh-access` from a timer after midnight does the
        same work before anyone waits for it."""
        last = conn.execute(
            select(settings.c.value).where(settings.c.key == "access_refreshed_on")
        ).scalar_one_or_none()
        if last == today.isoformat():
            return
        refresh_all_locked(conn, today)
        if last is None:
            conn.execute(
                insert(settings).values(key="access_refreshed_on", value=today.isoformat())
            )
        else:
            conn.execute(
                update(settings)
                .where(settings.c.key == "access_refreshed_on")
                .values(value=today.isoformat())
            )

    # ---- pull -----------------------------------------------------------------------------

    def pull(self, caller: Caller, request: PullRequest) -> PullPage:
        return PullPage.model_validate_json(self.pull_json(caller, request))

    def pull_json(self, caller: Caller, request: PullRequest) -> str:
        """One page as the JSON text of a `PullPage`, assembled from the stored envelopes
        (already valid `Record` JSON): no parsing and re-serialising of every record."""
        if not (request.cursor.isascii() and request.cursor.isdigit()) or len(request.cursor) > 18:
            raise ServiceError(
                422,
                "bad_cursor",
                "The cursor is not one this server gave out.",
                "Synkroniseringens position är ogiltig. Synkronisera om från början.",
            )
        cursor = int(request.cursor)
        limit = request.page_size
        today = _today()
        with self.engine.begin() as conn:
            last = conn.execute(
                select(settings.c.value).where(settings.c.key == "access_refreshed_on")
            ).scalar_one_or_none()
            if last != today.isoformat():
                lock_writes(conn)
                self._refresh_daily(conn, today)
                release_seqs(conn)
            high = int(
                conn.execute(select(counters.c.value).where(counters.c.name == "seq")).scalar_one()
            )
            if cursor >= high:
                return PullPage(
                    records=[], next_cursor=str(max(cursor, high)), has_more=False
                ).model_dump_json()
            visible = access.visible_clause(caller)
            rows = conn.execute(
                select(records.c.id, records.c.envelope, records.c.seq, records.c.child_id)
                .select_from(access.joined(caller))
                .where(records.c.seq > cursor, records.c.seq <= high, visible)
                .order_by(records.c.seq)
                .limit(limit)
            ).all()
            events = conn.execute(
                select(access_events.c.seq, access_events.c.child_id, access_events.c.kind)
                .where(
                    access_events.c.user_id == caller.user_id,
                    access_events.c.seq > cursor,
                    access_events.c.seq <= high,
                )
                .order_by(access_events.c.seq)
                .limit(limit)
            ).all()
            bound, has_more = high, False
            if len(rows) == limit:
                bound, has_more = int(rows[-1].seq), True
            if len(events) == limit:
                bound, has_more = min(bound, int(events[-1].seq)), True
            found: dict[str, tuple[str, int, str | None]] = {}
            for record_id, envelope, seq, child_id in rows:
                if seq <= bound:
                    found[record_id] = (envelope, int(seq), child_id)
            purge: list[str] = []
            for seq, child_id, kind in events:
                if seq > bound:
                    continue
                if kind == "revoke" and child_id not in purge:
                    purge.append(child_id)
                if cursor == 0:
                    continue  # a first pull sends everything visible through the feed anyway
                # Records after the cursor and up to `bound` are in this page's feed already;
                # only what the device was not sent before (or has just purged) is added.
                for record_id, envelope, rseq in conn.execute(
                    select(records.c.id, records.c.envelope, records.c.seq)
                    .select_from(access.joined(caller))
                    .where(records.c.child_id == child_id, records.c.seq <= cursor, visible)
                ).all():
                    found[record_id] = (envelope, int(rseq), child_id)
            ordered = sorted(found.items(), key=lambda item: item[1][1])
            by_child: dict[str | None, list[str]] = {}
            for record_id, (_envelope, _seq, child_id) in ordered:
                by_child.setdefault(child_id, []).append(record_id)
            now = utc_now()
            entries = [
                _audit_row(caller, now, "read", child_id, ids)
                for child_id, ids in by_child.items()
                if child_id is not None
            ]
            entries += [_audit_row(caller, now, "purge", child_id, []) for child_id in purge]
            disposed = purge_feed.purges_for(conn, caller.user_id, cursor, bound) if cursor else []
            if entries:
                conn.execute(insert(audit_log), entries)
        items = ",".join(
            '{"record":' + envelope + ',"server_seq":' + str(seq) + "}"
            for _id, (envelope, seq, _child) in ordered
        )
        return (
            '{"records":['
            + items
            + '],"purge_children":'
            + json.dumps(purge)
            + (',"purge_records":' + json.dumps(disposed) if disposed else "")
            + ',"next_cursor":'
            + json.dumps(str(bound))
            + ',"has_more":'
            + ("true" if has_more else "false")
            + "}"
        )

    # ---- administration -------------------------------------------------------------------

    def add_unit(self, name: str, kind: str, unit_id: str | None = None) -> str:
        new_id = unit_id or uuid7()
        with self.engine.begin() as conn:
            conn.execute(
                insert(units).values(id=new_id, name=name, kind=kind, created_at=utc_now())
            )
        return new_id

    def add_user(
        self,
        *,
        username: str,
        display_name: str,
        password: str | None,
        roles: Iterable[str],
        unit_id: str | None,
        trained: bool = False,
        user_id: str | None = None,
    ) -> str:
        new_id = user_id or uuid7()
        role_list = sorted({r.strip() for r in roles if r.strip()})
        with self.engine.begin() as conn:
            if (
                unit_id is not None
                and conn.execute(select(units.c.id).where(units.c.id == unit_id)).first() is None
            ):
                raise ServiceError(
                    404, "no_such_unit", f"No unit {unit_id}.", f"Enheten {unit_id} finns inte."
                )
            conn.execute(
                insert(users).values(
                    id=new_id,
                    username=username,
                    display_name=display_name,
                    password_hash=hash_password(password) if password is not None else None,
                    roles=",".join(role_list),
                    unit_id=unit_id,
                    trained=trained,
                    active=True,
                    created_at=utc_now(),
                )
            )
            # Roles decide who receives reports of concern: those children's access changes.
            # (Everything else names people by staff id, and a new account changes nothing.)
            if {access.ROLE_SOCIALTJANST, access.ROLE_UNIT_LEAD} & set(role_list):
                lock_writes(conn)
                today, at = _today(), _iso(_now())
                for child_id in access.children_with_reports(conn):
                    access.refresh_child(conn, child_id, today, lambda: next_seq(conn), at)
                release_seqs(conn)
        return new_id

    def revoke_device(self, *, device_id: str | None = None, username: str | None = None) -> int:
        with self.engine.begin() as conn:
            query = update(devices).where(devices.c.revoked_at.is_(None))
            if device_id is not None:
                query = query.where(devices.c.id == device_id)
            elif username is not None:
                user_ids = select(users.c.id).where(users.c.username == username)
                query = query.where(devices.c.user_id.in_(user_ids.scalar_subquery()))
            else:
                raise ValueError("device_id or username")
            count = conn.execute(query.values(revoked_at=utc_now())).rowcount
            conn.execute(
                delete(access_tokens).where(
                    access_tokens.c.device_id.in_(
                        select(devices.c.id).where(devices.c.revoked_at.is_not(None))
                    )
                )
            )
        return int(count)

    def list_devices(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    devices.c.id,
                    users.c.username,
                    devices.c.name,
                    devices.c.created_at,
                    devices.c.last_seen_at,
                    devices.c.revoked_at,
                )
                .join(users, users.c.id == devices.c.user_id)
                .order_by(devices.c.created_at)
            ).all()
        return [dict(row._mapping) for row in rows]

    def audit_report(
        self,
        *,
        child_id: str | None = None,
        username: str | None = None,
        since: str | None = None,
    ) -> list[dict[str, Any]]:
        query = (
            select(
                audit_log.c.at,
                audit_log.c.action,
                users.c.username,
                audit_log.c.device_id,
                audit_log.c.child_id,
                audit_log.c.record_ids,
                audit_log.c.detail,
            )
            .select_from(audit_log.outerjoin(users, users.c.id == audit_log.c.user_id))
            .order_by(audit_log.c.id)
        )
        if child_id is not None:
            query = query.where(audit_log.c.child_id == child_id)
        if username is not None:
            query = query.where(users.c.username == username)
        if since is not None:
            query = query.where(audit_log.c.at >= since)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [{**dict(row._mapping), "record_ids": json.loads(row.record_ids)} for row in rows]

    def refresh_access(self) -> None:
        with self.engine.begin() as conn:
            lock_writes(conn)
            conn.execute(delete(settings).where(settings.c.key == "access_refreshed_on"))
            self._refresh_daily(conn, _today())
            release_seqs(conn)


def refresh_all_locked(conn: Connection, today: date) -> None:
    for child_id in access.all_children(conn):
        access.refresh_child(conn, child_id, today, lambda: next_seq(conn), _iso(_now()))


def validate_change(change: PushChange) -> InvalidChange | None:
    """Structural checks and the bodies the server relies on; None when the change is fine."""
    record = change.record

    def bad(reason: str) -> InvalidChange:
        return InvalidChange(change_id=change.change_id, reason=reason)

    try:
        import uuid

        uuid.UUID(record.id)
        if record.child_id is not None:
            uuid.UUID(record.child_id)
    except ValueError:
        return bad("record id and child id must be UUIDs")
    if len(_canonical(record.body).encode("utf-8")) > MAX_BODY_BYTES:
        return bad("record body too large")
    if not 0 <= record.base_revision < record.revision <= _MAX_REVISION:
        return bad("revision must be at least 1 and greater than base_revision")
    if change.changed_fields is not None and len(change.changed_fields) > 1000:
        return bad("too many changed fields")
    needs_child = record.type not in (_UNIT_TYPES | {RecordType.CHILD, RecordType.TEAM})
    if needs_child and record.child_id is None:
        return bad(f"a {record.type.value} record must name its child")
    if record.type == RecordType.CHILD and record.child_id not in (None, record.id):
        return bad("a child record's child_id must be its own id")
    body_child = record.body.get("child_id")
    if body_child is not None and record.type != RecordType.CHILD and body_child != record.child_id:
        return bad("body child_id differs from the envelope's child_id")
    if record.type == RecordType.CONFLICT and not isinstance(record.body.get("record_id"), str):
        return bad("a conflict record must name its record")
    # The same models the laptop validates with (domain.bodies); the server also reads the
    # access-deciding ones, where a malformed body would silently grant or withhold access.
    model = BODY_MODELS.get(record.type)
    if model is not None and not record.deleted:
        try:
            parsed = model.model_validate(record.body)
        except ValidationError as exc:
            fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
            return bad("invalid body: " + (", ".join(fields) or "(body)"))
        except ValueError:
            return bad("invalid body")
        if isinstance(parsed, Team) and (
            (parsed.kind is TeamKind.INDIVIDUELLT_BARNTEAM and parsed.child_id != record.child_id)
            or (parsed.kind is TeamKind.BARNTEAM and record.child_id is not None)
        ):
            return bad("team kind and child do not match")
    if DELETED_FIELD in (change.changed_fields or []) and not isinstance(record.deleted, bool):
        return bad("deleted must be a boolean")
    return None


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
