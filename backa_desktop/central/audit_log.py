"""The laptops' audit logs, kept on the central store.

Each laptop folder keeps a hash-chained log of who opened, changed, printed or exported which
child's record (store/audit.py). Whoever holds a laptop's database key can delete an event and
recompute the chain, so the laptop alone cannot prove its log is whole. The sync therefore
sends the events here after the record push, and this store keeps each laptop's chain: it
accepts only events that extend the chain it already holds (every hash recomputed), so a
rewritten history no longer fits and is refused at the next sync. The refusal is written to the
server's own audit log (`audit_chain_refused`, ids only) and answered with a clear error, so
both the laptop's user and the log reviewer see it.

Events are stored with the time they happened on the laptop (offline reads count) and the
account and device that sent them. Nothing here deletes them: the log is kept at least five
years (HSLF-FS 2016:40 4 kap. 9 §), and only a recorded disposal decision on the log class
removes a chain's oldest events — as a prefix, leaving a checkpoint (the hash of the last one
removed) from which the rest still verifies (`verify_held`).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from backa_desktop.central.access import Caller
from backa_desktop.central.common import ServiceError, audit, iso, now
from backa_desktop.central.db import device_audit, device_audit_checkpoints, device_audit_heads
from backa_desktop.domain.audit_chain import GENESIS, digest
from backa_desktop.sync.protocol import (
    CHAIN_REFUSED,
    AuditEventWire,
    AuditPush,
    AuditPushResponse,
)

RETENTION_YEARS = 5
"""The least time the central store keeps a laptop's audit events (HSLF-FS 2016:40)."""

_REFUSED_SV = (
    "Datorns granskningslogg stämmer inte med den logg servern redan har från datorn: "
    "loggen har ändrats eller tagits bort i efterhand (eller datorn har återställts från en "
    "äldre säkerhetskopia). Händelsen är rapporterad till loggansvarig. Kontakta IT. "
    "Barnens uppgifter synkroniseras som vanligt."
)
_REFUSED_EN = (
    "This laptop's audit log does not extend the log the server already holds from it: it "
    "was changed or shortened afterwards (or restored from an older backup). The refusal is "
    "reported to the log reviewer."
)


class ChainBroken(Exception):
    def __init__(self, reason: str, position: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.position = position


def receive(engine: Engine, caller: Caller, push: AuditPush) -> AuditPushResponse:
    """Store the events that extend the caller's laptop chain; refuse the batch (nothing
    stored) and report it when any event does not."""
    chains = {event.device for event in push.events}
    if len(chains) != 1:
        raise ServiceError(
            422,
            "invalid_request",
            "All events of one request must come from one laptop log.",
            "Förfrågan är ogiltig. Inget sparades.",
        )
    chain = chains.pop()
    try:
        with engine.begin() as conn:
            head, count = _lock_head(conn, chain, caller.user_id)
            head, count, stored = _extend(conn, caller, chain, head, count, push.events)
            conn.execute(
                update(device_audit_heads)
                .where(device_audit_heads.c.chain == chain)
                .values(head=head, count=count, updated_at=iso(now()))
            )
    except ChainBroken as broken:
        with engine.begin() as conn:
            audit(
                conn,
                caller=caller,
                action=CHAIN_REFUSED,
                detail=json.dumps(
                    {"chain": chain, "position": broken.position, "reason": broken.reason},
                    sort_keys=True,
                ),
            )
        raise ServiceError(409, CHAIN_REFUSED, _REFUSED_EN, _REFUSED_SV) from broken
    return AuditPushResponse(head=head, count=count, stored=stored)


def _lock_head(conn: Connection, chain: str, user_id: str) -> tuple[str, int]:
    """The chain's head row, created when new and locked until the transaction ends, so two
    pushes of the same laptop never both extend the same head."""
    dialect_insert: Any = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    conn.execute(
        dialect_insert(device_audit_heads)
        .values(chain=chain, head=GENESIS, count=0, user_id=user_id, updated_at=iso(now()))
        .on_conflict_do_nothing(index_elements=[device_audit_heads.c.chain])
    )
    row = conn.execute(
        select(device_audit_heads.c.head, device_audit_heads.c.count)
        .where(device_audit_heads.c.chain == chain)
        .with_for_update()
    ).one()
    return str(row[0]), int(row[1])


def _extend(
    conn: Connection,
    caller: Caller,
    chain: str,
    head: str,
    count: int,
    events: list[AuditEventWire],
) -> tuple[str, int, int]:
    # The usual case: the batch starts right after the head, so (the links being checked
    # below) none of it can be held already. Otherwise an answer was lost, or the history
    # differs: look the events up.
    held: dict[str, tuple[str, int]] = {}
    if events[0].prev_hash != head:
        held = {
            row.id: (row.hash, int(row.position))
            for row in conn.execute(
                select(device_audit.c.id, device_audit.c.hash, device_audit.c.position).where(
                    device_audit.c.chain == chain,
                    device_audit.c.id.in_([e.id for e in events]),
                )
            )
        }
    received = iso(now())
    rows: list[dict[str, Any]] = []
    for event in events:
        expected = digest(
            event.prev_hash, event.id, event.at, event.actor, event.device, event.action,
            event.record_id, event.child_id, event.detail,
        )
        known = held.get(event.id)
        if expected != event.hash:
            raise ChainBroken("hash_mismatch", known[1] if known else count + 1)
        if known is not None:
            if known[0] != event.hash:
                raise ChainBroken("changed", known[1])
            if rows:
                raise ChainBroken("reordered", known[1])
            continue  # sent before; the answer was lost
        if event.prev_hash != head:
            raise ChainBroken("does_not_extend", count + 1)
        count += 1
        head = event.hash
        rows.append(
            {
                "chain": chain,
                "position": count,
                "id": event.id,
                "at": event.at,
                "actor": event.actor,
                "action": event.action,
                "record_id": event.record_id,
                "child_id": event.child_id,
                "detail": event.detail,
                "prev_hash": event.prev_hash,
                "hash": event.hash,
                "user_id": caller.user_id,
                "device_id": caller.device_id,
                "received_at": received,
            }
        )
    if rows:
        conn.execute(insert(device_audit), rows)
    return head, count, len(rows)


def verify_held(engine: Engine, chain: str) -> int | None:
    """Recompute a laptop chain as stored here, from its checkpoint (or the start): None when
    every event's hash and link hold and no position is missing, else the first position
    that does not. For an auditor, and for the tests of disposal."""
    with engine.connect() as conn:
        checkpoint = conn.execute(
            select(device_audit_checkpoints.c.position, device_audit_checkpoints.c.hash).where(
                device_audit_checkpoints.c.chain == chain
            )
        ).first()
        position, head = (int(checkpoint[0]), str(checkpoint[1])) if checkpoint else (0, GENESIS)
        for row in conn.execute(
            select(device_audit).where(device_audit.c.chain == chain).order_by(
                device_audit.c.position
            )
        ):
            expected = digest(
                row.prev_hash, row.id, row.at, row.actor, row.chain, row.action,
                row.record_id, row.child_id, row.detail,
            )
            if int(row.position) != position + 1 or row.prev_hash != head or row.hash != expected:
                return position + 1
            position, head = int(row.position), str(row.hash)
    return None
