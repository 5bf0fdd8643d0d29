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
from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update

from backa_desktop.central import access, accounts
from backa_desktop.central.access import Caller, child_key, vis_type_for
from backa_desktop.central.common import ServiceError as ServiceError
from backa_desktop.central.common import iso as _iso
from backa_desktop.central.common import now as _now
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
        today = date.today()
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
            results = [
                self._push_one(conn, caller, change, today, seen.get(change.change_id), audit, done)
                for change in batch.changes
            ]
            if done:
                conn.execute(_INSERT_CHANGE, done)
            if audit:
                conn.execute(insert(audit_log), audit)
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
    ) -> PushResult:
        payload = _canonical(change.model_dump(mode="json"))
        digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
        if seen is not None:
            if seen.payload_hash == digest and seen.user_id == caller.user_id:
                earlier = PushResult.model_validate_json(seen.result)
                changes_: dict[str, Any] = {"status": ChangeStatus.DUPLICATE, "code": 200}
                # The device asks again because it never got the answer: give it the record
                # as it is now, not as it was, so it cannot step back to an older version.
                now = conn.execute(
                    select(records.c.envelope, records.c.seq).where(
                        records.c.id == change.record.id
                    )
                ).first()
                if now is not None and earlier.record is not None:
                    changes_["record"] = Record.model_validate_json(now.envelope)
                    changes_["server_seq"] = int(now.seq)
                return earlier.model_copy(update=changes_)
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
                    result=result.model_dump_json(),
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

        no_access = "Du har inte behörighet att ändra uppgifter om det här barnet."
        if not self._may_write(conn, caller, incoming, child, current_row):
            return rejected(no_access)

        if current_row is None:
            seq = next_seq(conn)
            stored = incoming.model_copy(update={"revision": 1, "base_revision": 0})
            conn.execute(
                _INSERT_RECORD,
                dict(
                    id=stored.id,
                    type=stored.type.value,
                    vis_type=self._vis_type(conn, stored),
                    child_id=child,
                    envelope=stored.model_dump_json(),
                    revision=1,
                    deleted=stored.deleted,
                    seq=seq,
                    created_by=caller.user_id,
                    created_unit=access.created_unit_for(stored, caller),
                    updated_by=caller.user_id,
                ),
            )
            self._revision(conn, stored, seq, change.change_id, caller)
            self._after_write(conn, stored, None, today)
            audit.append(_audit_row(caller, utc_now(), "write", child, [stored.id]))
            return PushResult(
                change_id=change.change_id,
                status=ChangeStatus.ACCEPTED,
                code=200,
                server_seq=seq,
                record=stored,
            )

        current = Record.model_validate_json(current_row.envelope)
        if current.type != incoming.type or child_key(current) != child:
            return rejected("En post kan inte byta typ eller barn; skapa en ny post.")
        base_state, history = self._history(conn, current, incoming.base_revision)
        incoming_state = state(incoming.body, incoming.deleted)
        current_state = state(current.body, current.deleted)
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
            self._revision(conn, stored, seq, change.change_id, caller)
            self._after_write(conn, stored, current, today)
        else:
            stored, seq = current, int(current_row.seq)
        for conflict in outcome.conflicts:
            conflict_ids.append(self._conflict(conn, caller, change, current, conflict))
        row = _audit_row(caller, utc_now(), "write", child, [stored.id, *conflict_ids])
        row["detail"] = "conflict" if conflict_ids else ""
        audit.append(row)
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
        """Writing must not become a way to see or to grant oneself access to a child."""
        if incoming.type in _UNIT_TYPES:
            return (
                current_row is None
                or current_row.created_by == caller.user_id
                or bool(caller.roles & {access.ROLE_ADMIN, access.ROLE_UNIT_LEAD})
            )
        if child is None:
            # A unit's Barnteam: only that unit's lead (or an admin) shapes its membership.
            if incoming.type == RecordType.TEAM:
                unit = incoming.body.get("unit_id")
                return access.ROLE_ADMIN in caller.roles or (
                    access.ROLE_UNIT_LEAD in caller.roles and unit == caller.unit_id
                )
            return current_row is None or current_row.created_by == caller.user_id
        if current_row is not None:
            visible = conn.execute(
                select(records.c.id)
                .select_from(access.joined(caller))
                .where(records.c.id == incoming.id, access.visible_clause(caller))
            ).first()
            if visible is None:
                since = _iso(_now() - UNSENT_GRACE)
                return incoming.type not in access.GRANTING_TYPES and access.recently_revoked(
                    conn, child, caller.user_id, since
                )
        if incoming.type in access.GRANTING_TYPES:
            return access.level_of(conn, child, caller.user_id) == access.FULL
        if incoming.type == RecordType.CHILD and current_row is not None:
            return current_row.created_by == caller.user_id or (
                access.level_of(conn, child, caller.user_id) == access.FULL
            )
        return True

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
                history.append(Version(state(rec.body, rec.deleted), device))
        if base is None:
            return None, [Version(state(current.body, current.deleted), "")]
        if not history:
            history = [Version(base, "")]
        return base, history

    def _revision(
        self, conn: Connection, record: Record, seq: int, change_id: str | None, caller: Caller
    ) -> None:
        conn.execute(
            _INSERT_REVISION,
            dict(
                record_id=record.id,
                revision=record.revision,
                envelope=record.model_dump_json(),
                seq=seq,
                change_id=change_id,
                device_id=caller.device_id,
                user_id=caller.user_id,
            ),
        )

    def _conflict(
        self,
        conn: Connection,
        caller: Caller,
        change: PushChange,
        before: Record,
        conflict: FieldConflict,
    ) -> str:
        incoming = change.record
        body = {
            "record_id": before.id,
            "record_type": before.type.value,
            "field": conflict.field,
            "base_revision": incoming.base_revision,
            "base": {"present": conflict.base_present, "value": conflict.base_value},
            "kept": {
                "present": conflict.server_present,
                "value": conflict.server_value,
                "revision": before.revision,
                "author": before.author,
                "device": before.device,
                "at": before.updated_at,
            },
            "incoming": {
                "present": conflict.incoming_present,
                "value": conflict.incoming_value,
                "author": incoming.author,
                "device": incoming.device,
                "at": incoming.updated_at,
                "change_id": change.change_id,
            },
            "resolved": False,
        }
        record = Record(
            type=RecordType.CONFLICT,
            child_id=child_key(before),
            body=body,
            author=caller.user_id,
            device=caller.device_id,
        )
        seq = next_seq(conn)
        conn.execute(
            _INSERT_RECORD,
            dict(
                id=record.id,
                type=record.type.value,
                vis_type=self._vis_type(conn, record),
                child_id=record.child_id,
                envelope=record.model_dump_json(),
                revision=1,
                deleted=False,
                seq=seq,
                created_by=caller.user_id,
                created_unit=caller.unit_id,
                updated_by=caller.user_id,
            ),
        )
        self._revision(conn, record, seq, None, caller)
        return record.id

    def _after_write(
        self, conn: Connection, record: Record, before: Record | None, today: date
    ) -> None:
        if record.type not in access.ACCESS_TYPES:
            return
        child = child_key(record)
        if child is not None:
            access.refresh_child(conn, child, today, lambda: next_seq(conn))
            return
        if record.type == RecordType.TEAM:
            units = {record.body.get("unit_id")}
            if before is not None:
                units.add(before.body.get("unit_id"))
            for child_id in sorted(access.children_of_units(conn, {u for u in units if u})):
                access.refresh_child(conn, child_id, today, lambda: next_seq(conn))

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
        today = date.today()
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
                today = date.today()
                for child_id in access.children_with_reports(conn):
                    access.refresh_child(conn, child_id, today, lambda: next_seq(conn))
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
            self._refresh_daily(conn, date.today())
            release_seqs(conn)


def refresh_all_locked(conn: Connection, today: date) -> None:
    for child_id in access.all_children(conn):
        access.refresh_child(conn, child_id, today, lambda: next_seq(conn))


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
