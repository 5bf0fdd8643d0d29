"""Push: a device's batch of changes, validated, merged with what the server holds, and
stored in the global order — all or nothing, in one transaction.

The work is split by what it holds: `push_state` is the batch's view of the store (the reads,
the check under the lock, the batched writes), `push_apply` decides one change (access,
merge, conflicts), and this module is the use case around them — validating and hashing the
batch before any database work, planning it (again under the lock if what it read changed
meanwhile, `push_state.Stale`), the access events, and the answers.

The cost that remains is Python per change, so each change is serialised once: one canonical
JSON text gives both its hash and (being larger than the body it holds) the body size check;
the answers are built once and given their sequence numbers in place; the audit rows are
written in one statement, with one time for the batch; a new record's retention class is
written with it.

A change id already stored answers as before (a device that lost the answer asks again);
every answer passes the same gate as a pull (`_gate`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, select

from backa_desktop.central import access, identity_merge, retention
from backa_desktop.central.access import Caller, child_key
from backa_desktop.central.bulk import insert_rows
from backa_desktop.central.common import ServiceError
from backa_desktop.central.common import audit_row as _audit_row
from backa_desktop.central.common import iso as _iso
from backa_desktop.central.common import now as _now
from backa_desktop.central.common import today as _today
from backa_desktop.central.db import audit_log, changes, settings, units
from backa_desktop.central.ordering import lock_writes, next_seq, refresh_daily, release_seqs
from backa_desktop.central.push_apply import apply_change
from backa_desktop.central.push_state import Answer, Batch, Stale
from backa_desktop.central.validation import canonical as _canonical
from backa_desktop.central.validation import validate_change
from backa_desktop.domain.records import Record, RecordType, utc_now
from backa_desktop.domain.retention import RetentionRulesError
from backa_desktop.sync.protocol import (
    ChangeStatus,
    InvalidChange,
    PushBatch,
    PushChange,
    PushResponse,
    PushResult,
    RefusalCode,
)

_log = logging.getLogger(__name__)


if max(PushChange.model_fields) != "record":  # pragma: no cover - a guard for `payload`
    raise RuntimeError("payload() needs 'record' to be the last of PushChange's keys")


def payload(change: PushChange) -> tuple[str, str]:
    """The change's canonical JSON (hashed, and size-checked) and, inside it, the record's.

    The hash is the SHA-256 of the canonical JSON of the whole change, as every earlier
    version computed it: the change log holds those hashes, and a device replaying a change
    sent before an upgrade must get its first answer again, not a 409. With sorted keys the
    record (`record`, the last key) is the text's tail, so the whole is built around the
    record's own canonical text — which then serves as the envelope of a new record stored
    as sent (`push_apply.apply_change`), instead of serialising the record a second time."""
    data = change.model_dump(mode="json")
    record = _canonical(data.pop("record"))
    return _canonical(data)[:-1] + ',"record":' + record + "}", record


def push(engine: Engine, caller: Caller, batch: PushBatch) -> PushResponse:
    pairs = [payload(c) for c in batch.changes]
    texts = [whole.encode("utf-8") for whole, _record in pairs]
    invalid = [
        bad
        for change, text in zip(batch.changes, texts, strict=True)
        if (bad := validate_change(change, len(text)))
    ]
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
    digests = [hashlib.sha256(text).hexdigest() for text in texts]
    today = _today()
    with engine.begin() as conn:
        locked = False
        # Both facts a push needs before anything else, in one round trip.
        last, kind = conn.execute(
            select(
                select(settings.c.value)
                .where(settings.c.key == "access_refreshed_on")
                .scalar_subquery(),
                select(units.c.kind).where(units.c.id == caller.unit_id).scalar_subquery(),
            )
        ).one()
        wide = any(
            c.record.type == RecordType.TEAM and child_key(c.record) is None for c in batch.changes
        )
        if last != today.isoformat() or wide:
            # The daily refresh, and a unit's Barnteam, reach children beyond the batch.
            lock_writes(conn)
            locked = True
            if last != today.isoformat():
                refresh_daily(conn, today)
        classify = _classifier(kind)
        while True:
            b = Batch(conn, caller, today, locked, classify=classify)
            try:
                answers = _plan(b, batch, digests, [record for _whole, record in pairs])
                b.lock()
                break
            except Stale:
                locked = True  # the lock is held now: what is read stays as read
        if b.dirty:
            # The access events take their places before the records that caused them (as
            # when each was written alone): a device meeting a grant then gets the child's
            # new records in the feed, not once more as part of the grant.
            access.refresh_children(
                conn,
                b.dirty,
                today,
                lambda: next_seq(conn),
                _iso(_now()),
                b.access_rows,
                b.final_levels(),
            )
        b.flush()
        results = _answers(conn, caller, answers)
        at = utc_now()
        entries = []
        for child, record_ids, detail in b.audit:
            entry = _audit_row(caller, at, "write", child, record_ids)
            entry["detail"] = detail
            entries.append(entry)
        insert_rows(conn, audit_log, entries)
        retention.classify_after_write(conn)
        release_seqs(conn)
    return PushResponse(results=results)


def _classifier(kind: str | None) -> Callable[[Record], str | None]:
    """A new record's retention class, from what the server knows for sure: its type, its
    form, and the kind of the unit of the account that creates it (the caller's: `kind`)."""
    try:
        rules = retention.load()
    except RetentionRulesError as exc:
        _log.warning("records left unclassified: %s", exc)
        return lambda _record: None

    # The class depends on the type and (for a form response) the form only: found once per
    # pair in a batch, not once per record.
    found: dict[tuple[str, str | None], str | None] = {}

    def classify(record: Record) -> str | None:
        form = record.body.get("form_id")
        key = (record.type.value, form if isinstance(form, str) else None)
        if key not in found:
            found[key] = retention.class_of_new(rules, record.type.value, kind, record.body)
        return found[key]

    return classify


def _answers(conn: Connection, caller: Caller, answers: list[Answer]) -> list[PushResult]:
    """The answers with their sequence numbers (set in place: each is built once), the
    change log that makes a replay answer the same, and the gate."""
    bare: dict[str, PushResult] = {}
    results: list[PushResult] = []
    done: list[dict[str, Any]] = []
    at = utc_now()
    for answer in answers:
        result = answer.result
        if answer.op is not None:
            result.server_seq = answer.op.seq
        if answer.remember:
            done.append(
                dict(
                    change_id=answer.change.change_id,
                    user_id=caller.user_id,
                    device_id=caller.device_id,
                    payload_hash=answer.digest,
                    result=result.model_dump_json(exclude={"record"}),
                    at=at,
                )
            )
        if answer.bare is not None:
            bare[result.change_id] = answer.bare
        results.append(result)
    results = _gate(conn, caller, results, bare)
    insert_rows(conn, changes, done)
    return results


def _plan(b: Batch, batch: PushBatch, digests: list[str], sent: list[str]) -> list[Answer]:
    """Every change decided in memory, in order; what needs the store's latest state reads
    it in a few set-based statements up front (one on PostgreSQL, `Batch.read_ahead`)."""
    b.lock_set = {child_key(c.record) for c in batch.changes}
    children = {k for c in batch.changes if (k := child_key(c.record)) is not None}
    keys = {
        key
        for c in batch.changes
        if c.record.type == RecordType.CHILD and not c.record.deleted
        for key in identity_merge.body_keys(c.record.body)
    }
    with_access = any(c.record.type in access.ACCESS_TYPES for c in batch.changes)
    edited: dict[str, int] = {}
    for change in batch.changes:
        if change.record.base_revision >= 1:
            rid = change.record.id
            edited[rid] = min(
                edited.get(rid, change.record.base_revision), change.record.base_revision
            )
    b.read_ahead(
        [c.change_id for c in batch.changes],
        [c.record.id for c in batch.changes],
        children,
        keys,
        with_access,
        edited,
    )
    b.read_changes([c.change_id for c in batch.changes])
    seen = b.seen_rows
    # One child per identity: the children a merge or redirect involves are read and locked
    # with the batch's own (identity_merge).
    named = b.load_identities(children, keys)
    b.lock_set |= named | {identity_merge.IDENTITY_LOCK + key for key in keys}
    children |= named
    b.load([c.record.id for c in batch.changes] + sorted(named))
    b.load_levels(children)
    if with_access:
        b.load_access(children)
    existing: dict[str, int] = {}
    for change in batch.changes:
        row = b.rows.get(change.record.id)
        if row is not None and change.change_id not in seen:
            start = max(change.record.base_revision, 1)
            existing[row.id] = min(existing.get(row.id, start), start)
    b.prefetch_history(existing)
    return [
        _push_one(b, change, digest, text, seen.get(change.change_id))
        for change, digest, text in zip(batch.changes, digests, sent, strict=True)
    ]


def _push_one(b: Batch, change: PushChange, digest: str, sent: str, seen: Any) -> Answer:
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
                return Answer(change, digest, earlier, bare=earlier)
            return Answer(
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
        return Answer(
            change,
            digest,
            PushResult(
                change_id=change.change_id,
                status=ChangeStatus.MISMATCH,
                code=409,
                reason="Ändrings-id:t har redan använts för en annan ändring.",
                reason_code=RefusalCode.CHANGE_ID_REUSED.value,
            ),
        )
    answer = apply_change(b, change, digest, sent)
    answer.remember = answer.result.status is not ChangeStatus.REJECTED
    return answer


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
