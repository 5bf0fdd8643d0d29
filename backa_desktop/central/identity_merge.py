"""One child per identity number on the central store.

Two laptops may register the same child offline. When a pushed *new* child record carries an
identity number (current, or one in its identity history) that another child already has,
the push does not create a second child: the child already stored survives, the new id
becomes a redirect (`child_redirects`), and

- every record of the batch (and of any later push) about the merged id is stored under the
  survivor (`redirect`), so the survivor holds both registrations' cards and plans;
- the merged child's registrar counts as a registrar of the survivor (`access.access_rows`):
  full access until a Barnkontakt is assigned, as the first registrar has;
- profile fields the duplicate states differently become ordinary conflict records on the
  survivor's profile;
- the pushing account gets a `redirect` access event, so its laptop moves its local records,
  drafts and outbox from the merged id to the survivor at its next pull.

Looked up set-based, per push: one query for the batch's children that are redirects, one for
the identity keys of the batch's child records (only when it has any); the keys and the
survivors join the batch's locks, so two pushes registering the same number are serialised.
The index holds a SHA-256 of each number, never the number itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from backa_desktop.central.access import Caller
from backa_desktop.central.bulk import among_joined, insert_rows, update_rows
from backa_desktop.central.common import iso as _iso
from backa_desktop.central.common import now as _now
from backa_desktop.central.conflicts import SERVER_AUTHOR, make_conflict
from backa_desktop.central.db import (
    access_events,
    child_access,
    child_identities,
    child_redirects,
    record_revisions,
    records,
)
from backa_desktop.central.merge import FieldConflict
from backa_desktop.central.ordering import next_seq
from backa_desktop.domain.notices import ChildNotice, NoticeKind
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.domain.teams import BarnkontaktAssignment, current_barnkontakt
from backa_desktop.sync.protocol import PushChange

REDIRECT = "redirect"
"""The access event kind that tells a device a child id now lives on under another."""

IDENTITY_LOCK = "identity:"
"""Prefix of the lock keys of identity numbers (beside the children's own)."""

_NOT_COMPARED = frozenset(
    {"identity", "identity_kind", "identity_issuer", "identity_history", "status"}
)
"""Profile fields a duplicate registration does not contradict: the numbers matched (or one
is the other's earlier number), and the status follows the survivor's own decisions."""


def _key(number: str) -> str:
    return hashlib.sha256(number.strip().upper().encode("utf-8")).hexdigest()


def numbers(body: Mapping[str, Any]) -> list[str]:
    """Every identity number a child profile names: the current one and its history."""
    found: list[str] = []
    current = body.get("identity")
    if isinstance(current, str) and current.strip():
        found.append(current)
    history = body.get("identity_history")
    if isinstance(history, list):
        for item in history:
            if isinstance(item, Mapping):
                earlier = item.get("identity")
                if isinstance(earlier, str) and earlier.strip():
                    found.append(earlier)
    return found


def body_keys(body: Mapping[str, Any]) -> list[str]:
    return list(dict.fromkeys(_key(n) for n in numbers(body)))


def identity_keys(envelope: str) -> list[str]:
    """The index keys of a stored child envelope (the migration fills the index with it)."""
    body = json.loads(envelope).get("body", {})
    return body_keys(body) if isinstance(body, dict) else []


def read_redirects(conn: Connection, children: Iterable[str]) -> dict[str, tuple[str, str]]:
    """merged id -> (survivor, the merged child's registrar), for these children."""
    wanted = sorted(set(children))
    found: dict[str, tuple[str, str]] = {}
    for start in range(0, len(wanted), 500):
        for merged, survivor, created_by in conn.execute(
            select(
                child_redirects.c.merged_id,
                child_redirects.c.survivor_id,
                child_redirects.c.created_by,
            ).where(among_joined(conn, child_redirects.c.merged_id, wanted[start : start + 500]))
        ).all():
            found[merged] = (survivor, created_by)
    return found


def read_identities(conn: Connection, keys: Iterable[str]) -> dict[str, str | None]:
    wanted = sorted(set(keys))
    found: dict[str, str | None] = dict.fromkeys(wanted)
    for start in range(0, len(wanted), 500):
        found.update(
            conn.execute(
                select(child_identities.c.key, child_identities.c.child_id).where(
                    among_joined(conn, child_identities.c.key, wanted[start : start + 500])
                )
            ).all()
        )
    return found


def reparent(record: Record, survivor: str) -> Record:
    """The record as it is stored under the survivor: its envelope and (where the body
    names it) its body name the surviving child."""
    body = record.body
    if "child_id" in body:
        body = {**body, "child_id": survivor}
    return record.model_copy(update={"child_id": survivor, "body": body})


def as_survivor_edit(change: PushChange, survivor: Record) -> PushChange:
    """An edit of the merged child's own profile, pushed after the merge: its changed fields
    are applied to the survivor's profile as an edit of the survivor's current revision."""
    incoming = change.record
    claimed = change.changed_fields
    fields = (
        [f for f in claimed if f in incoming.body]
        if claimed is not None
        else [f for f in incoming.body if incoming.body.get(f) != survivor.body.get(f)]
    )
    body = {**survivor.body, **{f: incoming.body[f] for f in fields}}
    record = survivor.model_copy(
        update={
            "body": body,
            "base_revision": survivor.revision,
            "revision": survivor.revision + 1,
            "author": incoming.author,
            "device": incoming.device,
            "updated_at": incoming.updated_at,
        }
    )
    return change.model_copy(update={"record": record, "changed_fields": fields})


def write_redirect(
    conn: Connection,
    merged: Record,
    survivor: Record,
    survivor_row: Any,
    change: PushChange,
    created_by: str,
    created_unit: str | None,
    device_id: str,
    told: Iterable[str] = (),
    *,
    tell_registrar: bool = True,
) -> list[str]:
    """Under the lock: the redirect, a redirect event for the merged child's registrar and
    for everyone in `told` (who held the merged child), and a conflict record for each
    profile field the duplicate states differently. Returns the conflicts.

    `tell_registrar=False` when the merged child was stored and its registrar may have lost
    it since (a Barnkontakt was assigned): a redirect names the survivor, a child they may
    never have seen, so only those in `told` (who held the merged child) get one."""
    at = _iso(_now())
    conn.execute(
        insert(child_redirects),
        dict(
            merged_id=merged.id,
            survivor_id=survivor.id,
            created_by=created_by,
            created_unit=created_unit,
            envelope=merged.model_dump_json(),
            at=at,
        ),
    )
    for user in sorted({*([created_by] if tell_registrar else []), *told}):
        conn.execute(
            insert(access_events),
            dict(seq=next_seq(conn), user_id=user, child_id=merged.id, kind=REDIRECT, at=at),
        )
    made: list[str] = []
    caller = Caller(created_by, device_id, frozenset(), created_unit)
    for field in sorted(set(merged.body) - _NOT_COMPARED):
        theirs = merged.body.get(field)
        if theirs in (None, "", [], {}) or theirs == survivor.body.get(field):
            continue
        conflict = FieldConflict(
            field=field,
            base_present=False,
            base_value=None,
            server_present=field in survivor.body,
            server_value=survivor.body.get(field),
            incoming_present=True,
            incoming_value=theirs,
        )
        conflict_id = make_conflict(conn, caller, change, survivor, survivor_row, conflict)
        if conflict_id not in made:
            made.append(conflict_id)
    return made


def survivor_of(identities: Mapping[str, str | None], record: Record) -> str | None:
    """The stored child a new child record duplicates, if any."""
    for key in body_keys(record.body):
        other = identities.get(key)
        if other is not None and other != record.id:
            return other
    return None


def move_records(conn: Connection, merged: str, survivor: str) -> list[str]:
    """Under the lock: every stored record of `merged` (its own profile excepted) as a new
    revision under `survivor`, with its place in the global order, so each device that sees
    the survivor receives it there. Returns the ids moved."""
    moved: list[str] = []
    rows: list[dict[str, Any]] = []
    revisions: list[dict[str, Any]] = []
    for rid, envelope, revision in conn.execute(
        select(records.c.id, records.c.envelope, records.c.revision).where(
            records.c.child_id == merged, records.c.id != merged
        )
    ).all():
        record = reparent(Record.model_validate_json(envelope), survivor).model_copy(
            update={"revision": revision + 1, "base_revision": revision}
        )
        text = record.model_dump_json()
        seq = next_seq(conn)
        rows.append(
            dict(id=rid, child_id=survivor, envelope=text, revision=record.revision, seq=seq)
        )
        revisions.append(
            dict(
                record_id=rid,
                revision=record.revision,
                envelope=text,
                seq=seq,
                change_id=None,
                device_id=SERVER_AUTHOR,
                user_id=SERVER_AUTHOR,
            )
        )
        moved.append(rid)
    update_rows(conn, records, "id", rows)
    insert_rows(conn, record_revisions, revisions)
    return moved


def retire(conn: Connection, merged: Record) -> list[str]:
    """Under the lock: the merged child's own profile is marked deleted (it no longer
    decides anyone's access), its access rows go without revoke events (its holders get a
    redirect instead of a purge), and its numbers name the survivor. Returns who held it."""
    holders = sorted(
        conn.execute(
            select(child_access.c.user_id).where(child_access.c.child_id == merged.id)
        ).scalars()
    )
    conn.execute(delete(child_access).where(child_access.c.child_id == merged.id))
    gone = merged.model_copy(
        update={
            "deleted": True,
            "revision": merged.revision + 1,
            "base_revision": merged.revision,
        }
    )
    store_server_revision(conn, gone, deleted=True)
    return holders


def rename_identities(conn: Connection, merged: str, survivor: str) -> None:
    conn.execute(
        update(child_identities)
        .where(child_identities.c.child_id == merged)
        .values(child_id=survivor)
    )


def adopt_numbers(conn: Connection, survivor: Record, merged: Record, on: str) -> Record | None:
    """Under the lock: the merged child's numbers the survivor does not show join the
    survivor's identity history (a new revision), so search on every laptop finds the child
    by them. None when there is nothing to add."""
    body = survivor.body
    history = list(body.get("identity_history") or [])
    known = set(numbers(body))
    entries: list[dict[str, Any]] = []
    current = merged.body.get("identity")
    if isinstance(current, str) and current not in known:
        entries.append(
            {
                "identity": current,
                "identity_kind": merged.body.get("identity_kind", "personnummer"),
                "identity_issuer": merged.body.get("identity_issuer"),
                "replaced_on": on,
            }
        )
        known.add(current)
    for item in merged.body.get("identity_history") or []:
        if isinstance(item, dict) and item.get("identity") not in known:
            entries.append(dict(item))
            known.add(str(item.get("identity")))
    if not entries:
        return None
    updated = survivor.model_copy(
        update={
            "body": {**body, "identity_history": [*history, *entries]},
            "revision": survivor.revision + 1,
            "base_revision": survivor.revision,
        }
    )
    store_server_revision(conn, updated)
    return updated


def active_barnkontakts(rows: Iterable[Any], on: date) -> list[BarnkontaktAssignment]:
    """The Barnkontakt assignments among a child's access rows (`access.AccessRow`) valid on
    the day."""
    found: list[BarnkontaktAssignment] = []
    for row in rows:
        if row.type != RecordType.BARNKONTAKT.value or row.deleted or not row.envelope:
            continue
        try:
            assignment = BarnkontaktAssignment.model_validate(
                json.loads(row.envelope).get("body", {})
            )
        except ValueError:
            continue  # validated on push; an old malformed body names nobody
        if assignment.is_active(on):
            found.append(assignment)
    return found


def write_notice(conn: Connection, child_id: str, notice: ChildNotice) -> str:
    """Under the lock: a notice record about the child (domain.notices), written by the
    server and seen by everyone with full access to the child; the laptops' inboxes show it
    to the people it names. Returns its id."""
    record = Record(
        type=RecordType.NOTICE,
        child_id=child_id,
        body=notice.model_dump(mode="json"),
        author=SERVER_AUTHOR,
        device=SERVER_AUTHOR,
    )
    text = record.model_dump_json()
    seq = next_seq(conn)
    insert_rows(
        conn,
        records,
        [
            dict(
                id=record.id,
                type=record.type.value,
                vis_type=record.type.value,
                child_id=child_id,
                envelope=text,
                revision=1,
                deleted=False,
                seq=seq,
                created_by=SERVER_AUTHOR,
                created_unit=None,
                updated_by=SERVER_AUTHOR,
            )
        ],
    )
    insert_rows(
        conn,
        record_revisions,
        [
            dict(
                record_id=record.id,
                revision=1,
                envelope=text,
                seq=seq,
                change_id=None,
                device_id=SERVER_AUTHOR,
                user_id=SERVER_AUTHOR,
            )
        ],
    )
    return record.id


def also_registered_notice(
    survivor_rows: Iterable[Any], child_id: str, registrar: str, on: date
) -> ChildNotice | None:
    """The notice to the survivor's Barnkontakt(s) that `registrar` registered the child too
    (their cards are in the child's file); None when the child has no Barnkontakt today."""
    recipients = sorted({a.staff_id for a in active_barnkontakts(survivor_rows, on)} - {registrar})
    if not recipients:
        return None
    return ChildNotice(
        child_id=child_id,
        kind=NoticeKind.ALSO_REGISTERED,
        recipients=recipients,
        registrar_staff_id=registrar,
        on=on,
    )


def barnkontakts_met_notice(
    survivor_rows: Iterable[Any], merged_rows: Iterable[Any], child_id: str, on: date
) -> ChildNotice | None:
    """When both merged children had a Barnkontakt today, and not the same person: a notice
    to all of them that the newer assignment rules (`teams.current_barnkontakt`, as every
    laptop shows). None otherwise."""
    kept = active_barnkontakts(survivor_rows, on)
    moved = active_barnkontakts(merged_rows, on)
    people = {a.staff_id for a in kept} | {a.staff_id for a in moved}
    if not kept or not moved or len(people) < 2:
        return None
    ruling = current_barnkontakt([*kept, *moved], on)
    ruler = ruling.staff_id if ruling is not None else None
    # A notice names at most 20 people; were there more, the one who rules is among them.
    others = sorted(people - {ruler})
    recipients = sorted({*([ruler] if ruler else []), *others[: 20 - (1 if ruler else 0)]})
    return ChildNotice(
        child_id=child_id,
        kind=NoticeKind.BARNKONTAKT_MET,
        recipients=recipients,
        ruling_staff_id=ruler,
        on=on,
    )


def differing_fields(merged: Record, survivor: Record) -> list[str]:
    """The profile fields a merge of `merged` into `survivor` turns into conflict records
    (as `write_redirect` does): the merged child states them, differently."""
    return [
        field
        for field in sorted(set(merged.body) - _NOT_COMPARED)
        if merged.body.get(field) not in (None, "", [], {})
        and merged.body.get(field) != survivor.body.get(field)
    ]


def store_server_revision(conn: Connection, record: Record, **row: Any) -> None:
    """Store a revision the server itself made (`record` already at its new revision) with
    its place in the global order; `row` sets other columns of the record's row."""
    text = record.model_dump_json()
    seq = next_seq(conn)
    update_rows(
        conn,
        records,
        "id",
        [dict(id=record.id, envelope=text, revision=record.revision, seq=seq, **row)],
    )
    insert_rows(
        conn,
        record_revisions,
        [
            dict(
                record_id=record.id,
                revision=record.revision,
                envelope=text,
                seq=seq,
                change_id=None,
                device_id=SERVER_AUTHOR,
                user_id=SERVER_AUTHOR,
            )
        ],
    )
