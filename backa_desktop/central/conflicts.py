"""Conflict records: one per clash between an incoming edit and what the server kept, made by
the server and seen exactly like the record they are about; and the revision rows every
stored version leaves behind (the merge's history)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, false, insert, select, update

from backa_desktop.central.access import Caller, child_key
from backa_desktop.central.db import record_revisions, records
from backa_desktop.central.merge import FieldConflict
from backa_desktop.central.ordering import next_seq
from backa_desktop.domain.records import Record, RecordType, utc_now
from backa_desktop.sync.protocol import PushChange

SERVER_AUTHOR = "backa-central"
"""Author, device and owner of what the server itself writes (conflict records)."""

_INSERT_RECORD = insert(records)
_INSERT_REVISION = insert(record_revisions)


def write_revision(
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


def make_conflict(
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
    open_one = _open_conflict(
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
        write_revision(conn, updated, seq, None, SERVER_AUTHOR, SERVER_AUTHOR)
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
    write_revision(conn, record, seq, None, SERVER_AUTHOR, SERVER_AUTHOR)
    return record.id


def _open_conflict(
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
