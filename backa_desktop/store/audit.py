"""The audit log: who opened, changed, printed or exported which child's record, and when.

Events are append-only and chained by SHA-256 (each hash covers the previous one), and the
head of the chain is kept apart in `settings`, so an edited, removed or re-ordered event —
including the last one — is detectable by `backa doctor` (PDL 4 kap. 3 §, domain.md §3.4).
Events carry ids, never names or identity numbers.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass

from backa_desktop.domain.records import utc_now, uuid7
from backa_desktop.store.database import Database

log = logging.getLogger(__name__)

GENESIS = "0" * 64
HEAD_KEY = "audit_head"


@dataclass(frozen=True)
class AuditEvent:
    seq: int
    id: str
    at: str
    actor: str
    device: str
    action: str
    record_id: str | None
    child_id: str | None
    detail: str
    prev_hash: str
    hash: str


def _digest(
    prev_hash: str,
    event_id: str,
    at: str,
    actor: str,
    device: str,
    action: str,
    record_id: str | None,
    child_id: str | None,
    detail: str,
) -> str:
    canonical = json.dumps(
        [prev_hash, event_id, at, actor, device, action, record_id, child_id, detail],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class AuditLog:
    def __init__(self, db: Database, *, actor: str, device: str) -> None:
        self.db = db
        self.actor = actor
        self.device = device

    def append(
        self,
        action: str,
        *,
        record_id: str | None = None,
        child_id: str | None = None,
        detail: str = "",
    ) -> str:
        """Append one event inside the caller's transaction (or its own).

        A database opened read-only because it is damaged takes no events (nothing may be
        written to it); the app log notes the skipped action, with ids only."""
        if self.db.read_only:
            log.warning("audit event %s not recorded: database is read-only (damaged)", action)
            return ""
        with self.db.transaction():
            row = self.db.one("SELECT value FROM settings WHERE key = ?", (HEAD_KEY,))
            prev = row[0] if row else GENESIS
            event_id, at = uuid7(), utc_now()
            digest = _digest(
                prev, event_id, at, self.actor, self.device, action, record_id, child_id, detail
            )
            self.db.execute(
                "INSERT INTO audit_events (id, at, actor, device, action, record_id, child_id,"
                " detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (event_id, at, self.actor, self.device, action, record_id, child_id, detail, prev,
                 digest),
            )
            self.db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (HEAD_KEY, digest),
            )
        return event_id

    def events(self, *, child_id: str | None = None, limit: int | None = None) -> list[AuditEvent]:
        sql = "SELECT seq, id, at, actor, device, action, record_id, child_id, detail, prev_hash,"
        sql += " hash FROM audit_events"
        params: list[object] = []
        if child_id is not None:
            sql += " WHERE child_id = ?"
            params.append(child_id)
        sql += " ORDER BY seq"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [AuditEvent(*row) for row in self.db.query(sql, params)]


def event_count(db: Database) -> int:
    """How many events the log holds (what `backa doctor` reports beside the chain check)."""
    return int(db.one("SELECT count(*) FROM audit_events")[0])


def verify_chain(db: Database) -> list[str]:
    """Return a list of problems (empty when the chain is intact)."""
    problems: list[str] = []
    prev = GENESIS
    count = 0
    for row in db.query(
        "SELECT seq, id, at, actor, device, action, record_id, child_id, detail, prev_hash, hash"
        " FROM audit_events ORDER BY seq"
    ):
        event = AuditEvent(*row)
        count += 1
        if event.prev_hash != prev:
            problems.append(f"Loggpost {event.seq}: kedjan är bruten (en post före den saknas "
                            "eller har ändrats).")
        expected = _digest(
            event.prev_hash, event.id, event.at, event.actor, event.device, event.action,
            event.record_id, event.child_id, event.detail,
        )
        if expected != event.hash:
            problems.append(f"Loggpost {event.seq}: innehållet har ändrats i efterhand.")
        prev = event.hash
    head = db.one("SELECT value FROM settings WHERE key = ?", (HEAD_KEY,))
    head_hash = head[0] if head else GENESIS
    if head_hash != prev:
        problems.append(
            f"Loggens sista post stämmer inte med det sparade kedjehuvudet ({count} poster): "
            "poster har tagits bort i slutet av loggen."
        )
    return problems
