"""The local side of sync: the outbox as the sync engine reads it, the pull cursor, the
enrollment, and applying a pulled page — each step one local transaction, so a sync cut off
anywhere resumes with no duplicate and no loss (DESIGN.md §7).

Rules kept here:

- A record with unsent or refused changes in the outbox is never overwritten by a pulled
  version: the user's edit would vanish. The server merges the edit when it is pushed and the
  push answer brings the merged record back.
- All outbox entries of one record carry the same base revision: the server revision the local
  copy was last in step with. Local edits number revisions locally, and the server must merge
  against what the snapshot was really derived from, or it would undo other people's changes.
- A change the server refused for good (no access, a signed record rewritten, an invalid body)
  stays in the outbox, marked, with the record shown as failed ("nothing is ever shown as synced
  that failed"), until the user retries or discards it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, TypeVar

from backa_desktop.domain.records import Record, subject_child
from backa_desktop.store import audit
from backa_desktop.store.database import Database
from backa_desktop.store.journal import OUTBOX, SYNC_META
from backa_desktop.store.records import RecordRepository, dumps_body
from backa_desktop.sync.replica import (
    LAST_ERROR_KEY,
    LAST_SYNC_KEY,
    AppliedPage,
    AuditEventOut,
    Enrollment,
    OutboxEntry,
)

T = TypeVar("T")

REJECTED_PREFIX = "rejected: "

CURSOR_KEY = "cursor"
SERVER_KEY = "server_url"
DEVICE_ID_KEY = "device_id"
DEVICE_TOKEN_KEY = "device_token"  # noqa: S105 (a key name; the token itself is in the encrypted db)
USER_ID_KEY = "user_id"
USERNAME_KEY = "username"
DROPPED_KEY = "dropped_children"
"""Children this laptop dropped after their support ended (JSON list of ids): if anything new
about one arrives, the laptop pulls from the start again to get the child back whole."""


IN_CHUNK = 500
"""Parameters of one `IN (…)` list (SQLite allows more; this keeps each statement small)."""


def _chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), IN_CHUNK):
        yield values[start : start + IN_CHUNK]


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows: enrolled or not, changes waiting, changes refused, the last
    successful sync and the last error (Swedish, empty when the last sync went well)."""

    enrolled: bool
    server_url: str | None
    pending: int
    failed: int
    last_sync_at: str | None
    last_error: str | None


class SyncState:
    """Sync bookkeeping over one unlocked folder. Use from the connection's owner thread."""

    def __init__(self, db: Database, repo: RecordRepository) -> None:
        self.db = db
        self.repo = repo

    # -- sync_meta ------------------------------------------------------------------------
    def get(self, key: str) -> str | None:
        row = self.db.one("SELECT value FROM sync_meta WHERE key = ?", (key,))
        return str(row[0]) if row else None

    def _set(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO sync_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
        self.db.journal.note(SYNC_META)

    def put(self, key: str, value: str) -> None:
        with self.db.transaction():
            self._set(key, value)

    def cursor(self) -> str:
        return self.get(CURSOR_KEY) or "0"

    def enrollment(self) -> Enrollment | None:
        keys = (SERVER_KEY, DEVICE_ID_KEY, DEVICE_TOKEN_KEY, USER_ID_KEY, USERNAME_KEY)
        values = {k: self.get(k) for k in keys}
        if any(v is None for v in values.values()):
            return None
        return Enrollment(
            server_url=str(values[SERVER_KEY]),
            device_id=str(values[DEVICE_ID_KEY]),
            device_token=str(values[DEVICE_TOKEN_KEY]),
            user_id=str(values[USER_ID_KEY]),
            username=str(values[USERNAME_KEY]),
        )

    def save_enrollment(self, enrollment: Enrollment) -> None:
        """A new enrollment (another server or user) starts the pull from the beginning."""
        previous = self.enrollment()
        with self.db.transaction():
            self._set(SERVER_KEY, enrollment.server_url)
            self._set(DEVICE_ID_KEY, enrollment.device_id)
            self._set(DEVICE_TOKEN_KEY, enrollment.device_token)
            self._set(USER_ID_KEY, enrollment.user_id)
            self._set(USERNAME_KEY, enrollment.username)
            if previous is None or (previous.server_url, previous.user_id) != (
                enrollment.server_url,
                enrollment.user_id,
            ):
                self._set(CURSOR_KEY, "0")

    def status(self) -> SyncStatus:
        failed = self.db.one(
            "SELECT count(*) FROM outbox WHERE last_error LIKE ?", (REJECTED_PREFIX + "%",)
        )
        return SyncStatus(
            enrolled=self.enrollment() is not None,
            server_url=self.get(SERVER_KEY),
            pending=self.pending_count(),
            failed=int(failed[0]),
            last_sync_at=self.get(LAST_SYNC_KEY),
            last_error=self.get(LAST_ERROR_KEY) or None,
        )

    # -- outbox ---------------------------------------------------------------------------
    def _entries(
        self, where: str, params: Iterable[object] = (), limit: int | None = None
    ) -> list[OutboxEntry]:
        """Outbox entries, oldest first, with the record left as the stored JSON: SQLite reads
        the few envelope values the engine decides by out of it (no model per entry)."""
        sql = (
            "SELECT seq, change_id, record, json(changed_fields), attempts, last_error, record_id,"
            " json_extract(record, '$.base_revision'), json_extract(record, '$.type'),"
            f" json_extract(record, '$.child_id') FROM outbox WHERE {where} ORDER BY seq"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [_entry(r) for r in self.db.query(sql, tuple(params))]

    def pending(self, limit: int, after: int = 0) -> list[OutboxEntry]:
        """The oldest `limit` changes still to send (those after outbox position `after`),
        with bases made consistent per record (and that stored, so a retry sends the very
        same payload)."""
        with self.db.transaction():
            entries = self._entries(
                "seq > ? AND (last_error IS NULL OR last_error NOT LIKE ?)",
                (after, REJECTED_PREFIX + "%"),
                limit,
            )
            bases = self._first_bases(entries)
            moved = [
                (bases[e.record_id], bases[e.record_id] + 1, e.seq)
                for e in entries
                if e.base_revision != bases[e.record_id]
            ]
            if not moved:
                return entries
            # The record's own JSON, rewritten in place (the order of its keys kept): the
            # base the record's first unsent change has, and a revision past it.
            self.db.executemany(
                "UPDATE outbox SET record = json_set(record, '$.base_revision', ?,"
                " '$.revision', max(coalesce(json_extract(record, '$.revision'), 1), ?))"
                " WHERE seq = ?",
                moved,
            )
            rewritten = {seq for _, _, seq in moved}
            again = {
                e.seq: e
                for e in self._entries(
                    f"seq IN ({','.join('?' * len(rewritten))})", sorted(rewritten)
                )
            }
        return [again.get(e.seq, e) for e in entries]

    def _first_bases(self, entries: list[OutboxEntry]) -> dict[str, int]:
        """Base revision of each record's oldest outbox entry (one query per batch)."""
        bases: dict[str, int] = {}
        by_seq = {e.seq: e for e in entries}
        ids = sorted({e.record_id for e in entries})
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for record_id, first_seq in self.db.query(
                f"SELECT record_id, min(seq) FROM outbox WHERE record_id IN ({marks})"
                " GROUP BY record_id",
                chunk,
            ):
                entry = by_seq.get(int(first_seq))
                if entry is not None:
                    bases[record_id] = entry.base_revision
                else:  # an older, refused change of the record is still waiting for the user
                    row = self.db.one(
                        "SELECT json_extract(record, '$.base_revision') FROM outbox"
                        " WHERE seq = ?",
                        (first_seq,),
                    )
                    bases[record_id] = int(row[0] or 0)
        return bases

    def transaction(self) -> AbstractContextManager[object]:
        """Group a push answer's acknowledgements and refusals into one local commit. Not
        flushed to disk by itself (`Database.transaction(durable=False)`): lost to a power
        cut, the changes are sent again and the server answers "duplicate" by change id."""
        return self.db.transaction(durable=False)

    def pending_count(self) -> int:
        row = self.db.one(
            "SELECT count(*) FROM outbox WHERE last_error IS NULL OR last_error NOT LIKE ?",
            (REJECTED_PREFIX + "%",),
        )
        return int(row[0])

    def failed(self) -> list[OutboxEntry]:
        return self._entries("last_error LIKE ?", (REJECTED_PREFIX + "%",))

    def note_attempt(self, seqs: Iterable[int], error: str | None) -> None:
        """Count a try that got no answer (network, server down): the entries stay pending."""
        with self.db.transaction():
            for seq in seqs:
                self.db.execute(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
                    (error, seq),
                )

    def acknowledge_many(
        self, acknowledged: Sequence[tuple[OutboxEntry, Record | None, int | None]]
    ) -> None:
        """The server has these changes (in the order of its answer: each with what it now
        holds of the record and that version's sequence, or None). Drop them from the outbox
        in one statement; for each record whose last unsent change this was, take the
        server's merged version (it may hold others' edits too).

        Exactly what acknowledging them one by one does: there, acknowledging a change while
        a later change of the same record is still in the outbox takes nothing, so only the
        record's last change in the answer can take the server's version, and only when no
        other change of it (one not in this answer, one made since, one refused) is left."""
        if not acknowledged:
            return
        last: dict[str, tuple[Record | None, int | None]] = {}
        for entry, record, server_seq in acknowledged:
            last.pop(entry.record_id, None)  # keep the answer's order of the last ones
            last[entry.record_id] = (record, server_seq)
        with self.db.transaction(durable=False):  # see `transaction`
            seqs = [entry.seq for entry, _, _ in acknowledged]
            for chunk in _chunks(seqs):
                self.db.execute(
                    f"DELETE FROM outbox WHERE seq IN ({','.join('?' * len(chunk))})", chunk
                )
            self._keep_bases(acknowledged)
            self._take_remote_many(
                [
                    (record, server_seq)
                    for record, server_seq in last.values()
                    if record is not None and server_seq is not None
                ]
            )

    def _keep_bases(
        self, acknowledged: Sequence[tuple[OutboxEntry, Record | None, int | None]]
    ) -> None:
        """A record edited again while its push was out keeps its newer changes in the
        outbox, and the local copy stays what it was derived from: the server revision the
        acknowledged changes were based on. The changes left must say so, not their own
        (local) revision numbers, or the server would merge them against another revision
        of the same number (someone else's edit) and undo that edit field by field."""
        base_of = {entry.record_id: entry.base_revision for entry, _, _ in acknowledged}
        left: list[str] = []
        for chunk in _chunks(sorted(base_of)):
            left += [
                str(r[0])
                for r in self.db.query(
                    "SELECT DISTINCT record_id FROM outbox"
                    f" WHERE record_id IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
            ]
        if left:
            self.db.executemany(
                "UPDATE outbox SET record = json_set(record, '$.base_revision', ?)"
                " WHERE record_id = ?",
                [(base_of[record_id], record_id) for record_id in left],
            )

    def reject(self, entry: OutboxEntry, reason: str) -> None:
        with self.db.transaction():
            self.db.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
                (REJECTED_PREFIX + reason, entry.seq),
            )
            self.db.execute(
                "UPDATE records SET sync_state = 'failed', sync_error = ? WHERE id = ?",
                (reason, entry.record_id),
            )
            self.db.journal.note(OUTBOX, entry.child_id)

    def retry_failed(self, record_id: str) -> int:
        """The user asks to send a refused change again (e.g. after access was granted)."""
        with self.db.transaction():
            cursor = self.db.execute(
                "UPDATE outbox SET last_error = NULL WHERE record_id = ? AND last_error LIKE ?",
                (record_id, REJECTED_PREFIX + "%"),
            )
            self.db.execute(
                "UPDATE records SET sync_state = 'pending', sync_error = NULL WHERE id = ?",
                (record_id,),
            )
            self.db.journal.note(OUTBOX)
            return int(cursor.rowcount)

    def discard_failed(self, record_id: str) -> int:
        """The user gives up a refused change. The next pull starts over so the server's
        version of the record comes back (pulls are idempotent, so this is only slower)."""
        with self.db.transaction():
            cursor = self.db.execute(
                "DELETE FROM outbox WHERE record_id = ? AND last_error LIKE ?",
                (record_id, REJECTED_PREFIX + "%"),
            )
            self._set(CURSOR_KEY, "0")
            self.db.journal.note(OUTBOX)
            return int(cursor.rowcount)

    def children_with_pending(self, child_ids: Iterable[str]) -> set[str]:
        wanted = set(child_ids)
        if not wanted:
            return set()
        found: set[str] = set()
        for entry in self._entries(
            "last_error IS NULL OR last_error NOT LIKE ?", (REJECTED_PREFIX + "%",)
        ):
            if entry.child_id is not None and entry.child_id in wanted:
                found.add(entry.child_id)
        return found

    # -- pull -----------------------------------------------------------------------------
    def _take_remote_many(self, items: Sequence[tuple[Record, int]]) -> list[bool]:
        """Take the server's version of each record (in order) unless this laptop holds an
        unsent or refused change of it or a newer version already; whether each was taken.

        Set-based: the outbox and the stored rows of all of them are read at once, the
        decisions made here, and the writes done with one statement per table. A record
        named twice splits the work in two, so the second sees the first's write."""
        taken: list[bool] = []
        run: list[tuple[Record, int]] = []
        seen: set[str] = set()
        for item in items:
            if item[0].id in seen:
                taken += self._take_run(run)
                run, seen = [], set()
            run.append(item)
            seen.add(item[0].id)
        taken += self._take_run(run)
        return taken

    def _take_run(self, items: Sequence[tuple[Record, int]]) -> list[bool]:
        if not items:
            return []
        ids = [record.id for record, _ in items]
        unsent: set[str] = set()
        stored: dict[str, tuple[object, str, object, object]] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            unsent.update(
                str(r[0])
                for r in self.db.query(
                    f"SELECT DISTINCT record_id FROM outbox WHERE record_id IN ({marks})", chunk
                )
            )
            for r in self.db.query(
                "SELECT id, server_seq, body, deleted, child_id FROM records"
                f" WHERE id IN ({marks})",
                chunk,
            ):
                stored[str(r[0])] = (r[1], str(r[2]), r[3], r[4])
        taken: list[bool] = []
        writes: list[tuple[Record, str, int]] = []
        envelopes: list[tuple[object, ...]] = []
        for record, server_seq in items:
            if record.id in unsent:
                taken.append(False)
                continue
            row = stored.get(record.id)
            if row is not None and row[0] is not None and int(str(row[0])) > server_seq:
                taken.append(False)  # we already hold a newer version
                continue
            body = dumps_body(record.body)
            if (
                row is not None
                and bool(row[2]) == record.deleted
                and row[3] == record.child_id
                and (row[1] == body or json.loads(row[1]) == record.body)
            ):
                # The server's version has the same content (typically the answer to our own
                # push): only the envelope moves on; the search index and projections stay.
                envelopes.append(
                    (
                        record.revision,
                        record.base_revision,
                        record.author,
                        record.device,
                        record.updated_at,
                        server_seq,
                        record.id,
                    )
                )
            else:
                writes.append((record, body, server_seq))
            taken.append(True)
        if envelopes:
            self.db.executemany(
                "UPDATE records SET revision = ?, base_revision = ?, author = ?, device = ?,"
                " updated_at = ?, sync_state = 'synced', sync_error = NULL, server_seq = ?"
                " WHERE id = ?",
                envelopes,
            )
        self.repo.put_remote_many(writes, stored={rid: row[1] for rid, row in stored.items()})
        return taken

    def audit_unsent(self, limit: int) -> list[audit.AuditEvent]:
        """The audit events the central store does not hold yet, oldest first."""
        return audit.unsent(self.db, limit)

    def audit_acknowledge(self, last: AuditEventOut, count: int) -> None:
        if not isinstance(last, audit.AuditEvent):  # the engine returns one we handed out
            raise TypeError("not an audit event of this store")
        audit.acknowledge(self.db, last, count)

    def apply_page(
        self,
        records: Iterable[tuple[Record, int]],
        purge_children: Iterable[str],
        next_cursor: str | None,
        *,
        purge_records: Iterable[str] = (),
        redirects: Mapping[str, str] | None = None,
    ) -> AppliedPage:
        """One pulled page (or one chunk of it) in one transaction: redirects first, then
        purges, then records, then the cursor (None: leave it where it is, a later chunk of
        the page moves it). Purge callers must have pushed the child's unsent changes before
        (the engine does). Records disposed of by decision go whatever is unsent: the
        decision covers them. Not flushed to disk by itself (`Database.transaction(durable=
        False)`): a page lost to a power cut is lost with its cursor and pulled again."""
        result = AppliedPage()
        with self.db.transaction(durable=False):
            for merged, survivor in (redirects or {}).items():
                if self._follow_redirect(merged, survivor):
                    result.redirected.append(merged)
            result.disposed = len(self.repo.purge_records(purge_records, "gallring"))
            for child_id in purge_children:
                self.db.execute(
                    "DELETE FROM outbox WHERE record_id IN ("
                    " SELECT id FROM records WHERE child_id = ? OR id = ?)",
                    (child_id, child_id),
                )
                self.repo.purge_child(child_id)
                self.repo.audit.append("purge", child_id=child_id, detail="access ended")
                result.purged.append(child_id)
            dropped = self._dropped()
            back: set[str] = set()
            items = list(records)
            for record, _ in items:
                child = record.subject_child
                if child is not None and child in dropped:
                    back.add(child)
            for was_taken in self._take_remote_many(items):
                if was_taken:
                    result.written += 1
                else:
                    result.kept_local += 1
            if back:
                self._set(DROPPED_KEY, json.dumps(sorted(dropped - back)))
                result.restart = True
                self._set(CURSOR_KEY, "0")
            elif next_cursor is not None:
                self._set(CURSOR_KEY, next_cursor)
        return result

    def _follow_redirect(self, merged: str, survivor: str) -> bool:
        """The central store merged child `merged` into `survivor` (the same identity
        number registered twice): every local record, draft and unsent change of the merged
        child moves to the survivor, nothing is dropped but the merged child's own profile
        (the survivor's profile is the child's now; an unsent edit of the old profile stays
        in the outbox and the server applies it to the survivor). Returns whether this
        laptop held anything of the merged child."""
        if merged == survivor:
            return False
        held = self.db.one(
            "SELECT 1 FROM records WHERE child_id = ? OR id = ?"
            " UNION ALL SELECT 1 FROM drafts WHERE child_id = ? LIMIT 1",
            (merged, merged, merged),
        )
        self.db.execute(
            "UPDATE records SET child_id = ?, body = CASE"
            " WHEN json_type(body, '$.child_id') IS NOT NULL"
            " THEN json_set(body, '$.child_id', ?) ELSE body END"
            " WHERE child_id = ? AND id != ?",
            (survivor, survivor, merged, merged),
        )
        self.db.execute(
            "UPDATE outbox SET record = CASE"
            " WHEN json_type(record, '$.body.child_id') IS NOT NULL"
            " THEN json_set(record, '$.child_id', ?, '$.body.child_id', ?)"
            " ELSE json_set(record, '$.child_id', ?) END"
            " WHERE json_extract(record, '$.child_id') = ? AND record_id != ?",
            (survivor, survivor, survivor, merged, merged),
        )
        self.db.execute("UPDATE drafts SET child_id = ? WHERE child_id = ?", (survivor, merged))
        if held is None:
            return False
        self.repo.purge_child(merged)  # by now only the merged child's own profile
        self.repo.reproject_barnkontakt(survivor)
        self.repo.audit.append("purge", child_id=merged, detail="merged into " + survivor)
        self.db.journal.note(OUTBOX, survivor)
        return True

    # -- children whose support ended -------------------------------------------------------
    def _dropped(self) -> set[str]:
        raw = self.get(DROPPED_KEY)
        return set(json.loads(raw)) if raw else set()

    def drop_finished_children(self, before: str) -> list[str]:
        """Remove the children whose support ended (status "behov uppfyllt") and whose last
        entry is older than `before` (an ISO time): the laptop no longer needs them, and the
        central store keeps them for their retention period. Only what is safe on the server
        goes: a child with any unsent, refused or local-only record, outbox entry or draft is
        kept. Each removal is audited; returns the ids dropped."""
        dropped: list[str] = []
        with self.db.transaction():
            candidates = [
                str(r[0])
                for r in self.db.query(
                    "SELECT record_id FROM children WHERE status = 'behov_uppfyllt'"
                )
            ]
            for child_id in candidates:
                row = self.db.one(
                    "SELECT max(updated_at), sum(sync_state != 'synced') FROM records"
                    " WHERE child_id = ? OR id = ?",
                    (child_id, child_id),
                )
                if row is None or row[0] is None or str(row[0]) >= before or int(row[1] or 0):
                    continue
                busy = self.db.one(
                    "SELECT 1 FROM outbox WHERE record_id IN"
                    " (SELECT id FROM records WHERE child_id = ? OR id = ?)"
                    " UNION ALL SELECT 1 FROM drafts WHERE child_id = ? LIMIT 1",
                    (child_id, child_id, child_id),
                )
                if busy is not None:
                    continue
                self.repo.purge_child(child_id)
                self.repo.audit.append("purge", child_id=child_id, detail="support ended")
                dropped.append(child_id)
            if dropped:
                self._set(DROPPED_KEY, json.dumps(sorted(self._dropped() | set(dropped))))
        return dropped


def _entry(row: Any) -> OutboxEntry:
    """An outbox row as `_entries` selects it (SQLite gives the integers as integers)."""
    record_id = row[6]
    return OutboxEntry(
        seq=row[0],
        change_id=row[1],
        record_json=row[2],
        changed_fields_json=row[3],
        attempts=row[4],
        last_error=row[5],
        record_id=record_id,
        base_revision=row[7] or 0,
        child_id=subject_child(row[8], record_id, row[9]),
    )
