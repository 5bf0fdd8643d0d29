"""The audit log: who opened, changed, printed or exported which child's record, and when.

Events are append-only and chained by SHA-256 (each hash covers the previous one), and the
head of the chain is kept apart in `settings`, so an edited, removed or re-ordered event —
including the last one — is detectable by `backa doctor` (PDL 4 kap. 3 §, domain.md §3.4).
Events carry ids, never names or identity numbers.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from backa_desktop.domain.audit_chain import GENESIS as GENESIS
from backa_desktop.domain.audit_chain import digest as _digest
from backa_desktop.domain.records import utc_now, uuid7
from backa_desktop.store.database import Database

log = logging.getLogger(__name__)

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


# -- the copy on the central store -------------------------------------------------------------
ACKED_KEY = "audit_acked"
"""The last event the central store acknowledged holding: {"id", "hash", "seq", "count"}.

The central store refuses a chain that does not extend what it holds, so rewriting history is
caught at the next sync; this copy of its answer lets `backa doctor` catch it offline too (a
rewritten chain no longer has this event with this hash at this place)."""

_COLUMNS = "seq, id, at, actor, device, action, record_id, child_id, detail, prev_hash, hash"


@dataclass(frozen=True)
class Acknowledged:
    id: str
    hash: str
    seq: int
    count: int


def acknowledged(db: Database) -> Acknowledged | None:
    row = db.one("SELECT value FROM settings WHERE key = ?", (ACKED_KEY,))
    if row is None:
        return None
    try:
        data = json.loads(row[0])
        return Acknowledged(str(data["id"]), str(data["hash"]), int(data["seq"]),
                            int(data["count"]))
    except (ValueError, KeyError, TypeError):
        return Acknowledged("", "", 0, -1)  # unreadable: reported by `compare_acknowledged`


def unsent(db: Database, limit: int) -> list[AuditEvent]:
    """The next events the central store does not hold yet, oldest first."""
    acked = acknowledged(db)
    after = acked.seq if acked else 0
    return [
        AuditEvent(*row)
        for row in db.query(
            f"SELECT {_COLUMNS} FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?",
            (after, limit),
        )
    ]


def unsent_ids_for_child(db: Database, child_id: str) -> set[str]:
    """Ids of the child's events not yet sent to the central store (the register extract
    adds them to the central log it prints)."""
    return {
        str(row[0])
        for row in db.query(
            "SELECT id FROM audit_events WHERE child_id = ? AND synced = 0", (child_id,)
        )
    }


def acknowledge(db: Database, last: AuditEvent, count: int) -> None:
    """The central store now holds the chain up to `last` (`count` events in all)."""
    value = json.dumps({"id": last.id, "hash": last.hash, "seq": last.seq, "count": count})
    before = acknowledged(db)
    after = before.seq if before else 0
    with db.transaction():
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (ACKED_KEY, value),
        )
        db.execute("UPDATE audit_events SET synced = 1 WHERE seq > ? AND seq <= ?",
                   (after, last.seq))


def compare_acknowledged(db: Database) -> list[str]:
    """Problems found comparing the local chain with the last head the central store
    acknowledged (empty when it still holds that event, unchanged, at the same place)."""
    acked = acknowledged(db)
    if acked is None:
        return []
    if acked.count < 0:
        return ["Serverns senaste kvitto på loggen går inte att läsa."]
    row = db.one("SELECT seq, hash FROM audit_events WHERE id = ?", (acked.id,))
    if row is None:
        return [f"Loggposten som servern senast kvitterade (nr {acked.count}) finns inte längre "
                "i datorns logg: loggen har skrivits om efter synkroniseringen."]
    place = db.one("SELECT count(*) FROM audit_events WHERE seq <= ?", (row[0],))[0]
    if row[1] != acked.hash or place != acked.count:
        return [f"Loggen stämmer inte med det servern senast kvitterade (post {acked.count}): "
                "loggen har skrivits om efter synkroniseringen."]
    return []
