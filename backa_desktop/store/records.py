"""The record repository: every synced thing is a `Record` in one table.

A write stores the new body, keeps the previous revision, updates the narrow projection
tables the lists need (children + search index), appends an audit event and queues an outbox
change — all in one transaction, so a crash can never leave a change that is saved but not
queued for sync, or synced but not audited.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from backa_desktop.domain.bodies import validate_body
from backa_desktop.domain.records import Record, RecordType, subject_child, utc_now, uuid7
from backa_desktop.domain.teams import BarnkontaktAssignment, current_barnkontakt
from backa_desktop.store.audit import AuditLog
from backa_desktop.store.database import Database
from backa_desktop.store.journal import OUTBOX
from backa_desktop.store.migrations import INDEXED_BODY_FIELDS
from backa_desktop.store.search import child_terms

RECORD_COLUMNS = (
    "id, type, child_id, body, revision, base_revision, author, device, created_at, updated_at,"
    " deleted"
)

UPSERT_RECORD = (
    "INSERT INTO records (id, type, child_id, body, revision, base_revision, author,"
    " device, created_at, updated_at, deleted, sync_state, server_seq)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
    " ON CONFLICT(id) DO UPDATE SET type=excluded.type, child_id=excluded.child_id,"
    " body=excluded.body, revision=excluded.revision,"
    " base_revision=excluded.base_revision, author=excluded.author,"
    " device=excluded.device, updated_at=excluded.updated_at, deleted=excluded.deleted,"
    " sync_state=excluded.sync_state, sync_error=NULL,"
    " server_seq=coalesce(excluded.server_seq, records.server_seq)"
)
KEEP_SUPERSEDED = (
    "INSERT OR REPLACE INTO record_revisions (record_id, revision, body, author, device,"
    " updated_at, deleted) SELECT id, revision, body, author, device, updated_at, deleted"
    " FROM records WHERE id = ? AND revision != ?"
)
"""Before a record's row is overwritten: its current revision becomes a kept one.

`record_revisions` holds the revisions a record *had*; the one it has is its row in
`records` (`RecordRepository.history` puts the two together). Keeping the current revision
in both tables doubled every body on disk, and a first pull, which writes nothing but
current revisions, paid for each of its records twice. A revision overwritten by one with
the same number is not kept (the newer content of that number wins, as it always did), and a
folder written before this rule keeps a copy of each current revision, which `history`
passes over."""


def _record_row(
    record: Record, body: str, sync_state: str, server_seq: int | None
) -> tuple[object, ...]:
    return (record.id, str(record.type), record.child_id, body, record.revision,
            record.base_revision, record.author, record.device, record.created_at,
            record.updated_at, int(record.deleted), sync_state, server_seq)


def unique_records(records: Iterable[Record]) -> list[Record]:
    """One copy of each record (by id), first occurrence kept: for unions of several lookups."""
    return list({r.id: r for r in records}.values())


MEMO_CHILDREN = 4
"""How many children's records `find(child_id=...)` keeps built (see `_ChildMemo`)."""


class _ChildMemo:
    """The `Record`s last built for a few children's rows, reused when a row reads back
    exactly the same.

    Opening a child reads its hundreds of records, and building each one (its JSON body and
    the model's validation) costs more than the read itself; going back to the same child
    (after a form, a signing, the list) finds all but the new rows unchanged. The rows are
    still read every time, and a row is reused only when every column, the body's text
    included, equals the one the record was built from, so a write by any path (a sync, a
    merge) is seen. It lives with the session (a lock drops it) and forgets a child whose
    records are purged from this device."""

    def __init__(self, children: int = MEMO_CHILDREN) -> None:
        self._children = children
        self._by_child: OrderedDict[str, dict[str, tuple[Sequence[Any], Record]]] = (
            OrderedDict()
        )

    def records(self, child_id: str, rows: Iterable[Sequence[Any]]) -> list[Record]:
        old = self._by_child.pop(child_id, {})
        new: dict[str, tuple[Sequence[Any], Record]] = {}
        out: list[Record] = []
        for row in rows:
            known = old.get(row[0])
            if known is not None and tuple(known[0]) == tuple(row):
                record = known[1]
            else:
                record = _row_to_record(row)
            new[row[0]] = (row, record)
            out.append(record)
        # a read of a subset (one type) keeps the rows it did not read
        self._by_child[child_id] = {**old, **new}
        while len(self._by_child) > self._children:
            self._by_child.popitem(last=False)
        return out

    def clear(self) -> None:
        self._by_child.clear()


ROW_MEMO_RECORDS = 4000
"""How many records the multi-child reads (`find_for_children`, `find_by`) keep built."""


class _RowMemo:
    """The `Record`s last built by the reads across many children, reused when a row reads
    back exactly the same (the rule of `_ChildMemo`, by record instead of by child).

    The inbox count runs after every change that may concern it (a signing, a sync) and reads
    the decisions, cards and notes of all the Barnkontakt's children (a few thousand rows);
    building those records again each time cost four times the read. A row is reused only
    when every column, the body's text included, equals the one it was built from, so a write
    by any path is seen without being told. Least recently read records are dropped first."""

    def __init__(self, size: int = ROW_MEMO_RECORDS) -> None:
        self._size = size
        self._by_id: OrderedDict[str, tuple[tuple[Any, ...], Record]] = OrderedDict()

    def record(self, row: Sequence[Any]) -> Record:
        values = tuple(row)
        known = self._by_id.pop(values[0], None)
        record = known[1] if known is not None and known[0] == values else _row_to_record(row)
        self._by_id[values[0]] = (values, record)
        if len(self._by_id) > self._size:
            self._by_id.popitem(last=False)
        return record


class RecordNotFound(KeyError):
    pass


class StaleRevision(Exception):
    """The record changed since the caller read it (another window, or a sync)."""


def _row_to_record(row: Any) -> Record:
    return Record(
        id=row[0],
        type=RecordType(row[1]),
        child_id=row[2],
        body=json.loads(row[3]),
        revision=row[4],
        base_revision=row[5],
        author=row[6],
        device=row[7],
        created_at=row[8],
        updated_at=row[9],
        deleted=bool(row[10]),
    )


def dumps_body(body: dict[str, Any]) -> str:
    """A body as the records table stores it (sorted keys, so equal bodies read equal)."""
    return _dumps(body)


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)
"""One encoder for every body (`json.dumps` with these options builds a new one per call)."""


def _dumps(body: dict[str, Any]) -> str:
    return _ENCODER.encode(body)


class RecordRepository:
    def __init__(self, db: Database, audit: AuditLog, *, actor: str, device: str) -> None:
        self.db = db
        self.audit = audit
        self.actor = actor
        self.device = device
        self._memo = _ChildMemo()
        self._barnkontakt_due: set[str] | None = None
        """Children whose Barnkontakt projection a set-based write runs once at its end."""
        self._rows = _RowMemo()

    # -- reads ---------------------------------------------------------------------------
    def get(self, record_id: str) -> Record | None:
        row = self.db.one(f"SELECT {RECORD_COLUMNS} FROM records WHERE id = ?", (record_id,))
        return _row_to_record(row) if row else None

    def require(self, record_id: str) -> Record:
        record = self.get(record_id)
        if record is None:
            raise RecordNotFound(record_id)
        return record

    def find(
        self,
        record_type: RecordType | None = None,
        *,
        child_id: str | None = None,
        include_deleted: bool = False,
        limit: int | None = None,
    ) -> list[Record]:
        clauses, params = [], []
        if record_type is not None:
            clauses.append("type = ?")
            params.append(str(record_type))
        if child_id is not None:
            clauses.append("child_id = ?")
            params.append(child_id)
        if not include_deleted:
            clauses.append("deleted = 0")
        sql = f"SELECT {RECORD_COLUMNS} FROM records"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY created_at, id"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        if child_id is not None and not include_deleted:
            return self._memo.records(child_id, self.db.query(sql, params))
        return [_row_to_record(row) for row in self.db.query(sql, params)]

    def find_without_child(self, record_type: RecordType) -> list[Record]:
        """Live records of a type that name no child (a card sent without consent), oldest
        first."""
        return [
            _row_to_record(row)
            for row in self.db.query(
                f"SELECT {RECORD_COLUMNS} FROM records WHERE type = ? AND child_id IS NULL"
                " AND deleted = 0 ORDER BY created_at",
                (str(record_type),),
            )
        ]

    def find_by(
        self, record_type: RecordType, field: str, values: Iterable[str]
    ) -> list[Record]:
        """Records of one type whose body names one of `values` in `field` (a staff or unit
        id), through the expression indexes of migration 2."""
        if field not in INDEXED_BODY_FIELDS.get(str(record_type), ()):
            raise ValueError(f"{record_type}.{field} has no index; add one in migrations.py")
        wanted = sorted({v for v in values if v})
        found: list[Record] = []
        # the literal type (a fixed enum value) lets SQLite use the partial index
        sql = (
            f"SELECT {RECORD_COLUMNS} FROM records WHERE type = '{RecordType(record_type).value}'"
            f" AND deleted = 0 AND json_extract(body, '$.{field}') IN "
        )
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self.db.query(sql + f"({','.join('?' * len(chunk))})", chunk)
            found.extend(self._rows.record(row) for row in rows)
        found.sort(key=lambda r: (r.created_at, r.id))
        return found

    def find_for_children(
        self, child_ids: Iterable[str], record_type: RecordType | None = None
    ) -> list[Record]:
        """All (or one type of) records of the given children, through the child index."""
        wanted = sorted({c for c in child_ids if c})
        found: list[Record] = []
        type_clause = f" AND type = '{RecordType(record_type).value}'" if record_type else ""
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self.db.query(
                f"SELECT {RECORD_COLUMNS} FROM records WHERE deleted = 0{type_clause}"
                f" AND child_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            found.extend(self._rows.record(row) for row in rows)
        found.sort(key=lambda r: (r.created_at, r.id))
        return found

    def history(self, record_id: str) -> list[Record]:
        """Every revision this device has held, the current one included, oldest first (plan
        versions, corrected profiles): the kept ones from `record_revisions` and the current
        one from `records` (see `KEEP_SUPERSEDED`)."""
        current = self.require(record_id)
        rows = self.db.query(
            "SELECT revision, body, author, device, updated_at, deleted FROM record_revisions"
            " WHERE record_id = ? AND revision != ? ORDER BY revision",
            (record_id, current.revision),
        )
        kept = [
            current.model_copy(
                update={
                    "revision": r[0],
                    "body": json.loads(r[1]),
                    "author": r[2],
                    "device": r[3],
                    "updated_at": r[4],
                    "deleted": bool(r[5]),
                }
            )
            for r in rows
        ]
        return sorted([*kept, current], key=lambda r: r.revision)

    def sync_state(self, record_id: str) -> str | None:
        row = self.db.one("SELECT sync_state FROM records WHERE id = ?", (record_id,))
        return str(row[0]) if row else None

    def pending_count(self) -> int:
        return int(self.db.one("SELECT count(*) FROM outbox")[0])

    # -- writes --------------------------------------------------------------------------
    def create(
        self,
        record_type: RecordType,
        body: dict[str, Any],
        *,
        child_id: str | None = None,
        record_id: str | None = None,
        audit_action: str = "create",
    ) -> Record:
        body = validate_body(record_type, body)
        now = utc_now()
        record_id = record_id or uuid7()
        child_id = subject_child(record_type, record_id, child_id)
        record = Record(
            id=record_id,
            type=record_type,
            child_id=child_id,
            body=body,
            revision=1,
            base_revision=0,
            author=self.actor,
            device=self.device,
            created_at=now,
            updated_at=now,
        )
        with self.db.transaction():
            self._write(record, sync_state="pending")
            self._enqueue(record, sorted(body))
            self.audit.append(audit_action, record_id=record.id, child_id=record.subject_child)
        return record

    def update(
        self,
        record_id: str,
        body: dict[str, Any],
        *,
        expected_revision: int | None = None,
        audit_action: str = "update",
    ) -> Record:
        with self.db.transaction():
            current = self.require(record_id)
            if expected_revision is not None and current.revision != expected_revision:
                raise StaleRevision(record_id)
            body = validate_body(current.type, body)
            changed = sorted(
                key
                for key in set(current.body) | set(body)
                if current.body.get(key) != body.get(key)
            )
            if not changed:
                return current
            record = self._next_revision(current, body=body)
            self._write(record, sync_state="pending")
            self._enqueue(record, changed)
            self.audit.append(audit_action, record_id=record.id, child_id=record.subject_child)
        return record

    def delete(self, record_id: str) -> Record:
        with self.db.transaction():
            current = self.require(record_id)
            record = self._next_revision(current, deleted=True)
            self._write(record, sync_state="pending")
            self._enqueue(record, ["deleted"])
            self.audit.append("delete", record_id=record.id, child_id=record.subject_child)
        return record

    def _next_revision(self, current: Record, **changes: Any) -> Record:
        """A local edit of `current`: one revision on, based on it, by this user and device."""
        return current.model_copy(
            update={
                **changes,
                "revision": current.revision + 1,
                "base_revision": current.revision,
                "author": self.actor,
                "device": self.device,
                "updated_at": utc_now(),
            }
        )

    def bulk_insert_local(self, records: Iterable[Record]) -> int:
        """Demo and import data: written with projections but never queued for sync."""
        count = 0
        with self.db.transaction():
            for record in records:
                body = validate_body(record.type, record.body)
                self._write(record.model_copy(update={"body": body}), sync_state="local")
                count += 1
        return count

    def put_remote(self, record: Record, server_seq: int | None) -> None:
        """Store a record pulled from the central store (no outbox: it came from there)."""
        with self.db.transaction():
            self._write(record, sync_state="synced", server_seq=server_seq)

    def purge_child(self, child_id: str) -> int:
        """Remove everything this device holds about a child whose access ended."""
        self._memo.clear()
        with self.db.transaction():
            n = int(
                self.db.one(
                    "SELECT count(*) FROM records WHERE child_id = ? OR id = ?",
                    (child_id, child_id),
                )[0]
            )
            ids = [r[0] for r in self.db.query(
                "SELECT id FROM records WHERE child_id = ? OR id = ?", (child_id, child_id)
            )]
            for rid in ids:
                self.db.execute("DELETE FROM record_revisions WHERE record_id = ?", (rid,))
            self.db.execute(
                "DELETE FROM records WHERE child_id = ? OR id = ?", (child_id, child_id)
            )
            self.db.execute("DELETE FROM drafts WHERE child_id = ?", (child_id,))
            self._remove_child_projection(child_id)
            self.db.journal.note_purged(child_id)
        return n

    def purge_records(self, record_ids: Iterable[str], reason: str) -> list[str]:
        """Remove single records the central store disposed of (gallring): each row with its
        revisions, unsent edits and the search and list entries made from it. A removed child
        profile takes the child's drafts with it, a removed record the drafts correcting it;
        a removed Barnkontakt assignment moves the
        child's current Barnkontakt. Each removal is audited by id. Returns the ids removed."""
        removed: list[str] = []
        self._memo.clear()
        with self.db.transaction():
            for rid in record_ids:
                row = self.db.one("SELECT type, child_id FROM records WHERE id = ?", (rid,))
                self.db.execute("DELETE FROM outbox WHERE record_id = ?", (rid,))
                if row is None:
                    continue
                rtype, child_id = str(row[0]), row[1]
                self.db.execute("DELETE FROM record_revisions WHERE record_id = ?", (rid,))
                self.db.execute("DELETE FROM records WHERE id = ?", (rid,))
                # A draft correcting the record names it at the end of its key.
                self.db.execute("DELETE FROM drafts WHERE key LIKE ?", (f"%:{rid}",))
                if rtype == RecordType.CHILD:
                    self._remove_child_projection(rid)
                    self.db.execute("DELETE FROM drafts WHERE child_id = ?", (rid,))
                elif rtype == RecordType.BARNKONTAKT and child_id:
                    self._project_barnkontakt(str(child_id))
                self.db.journal.note(rtype, child_id or rid)
                if rtype == RecordType.CHILD:
                    self.db.journal.note_purged(rid)
                self.audit.append(
                    "purge", record_id=rid, child_id=child_id or rid, detail=reason
                )
                removed.append(rid)
        return removed

    def reproject_barnkontakt(self, child_id: str) -> None:
        """The child's current Barnkontakt again, after its assignments moved to it (a child
        merged into this one on the central store)."""
        self._project_barnkontakt(child_id)

    # -- internals -----------------------------------------------------------------------
    def _write(self, record: Record, *, sync_state: str, server_seq: int | None = None) -> None:
        body = _dumps(record.body)
        self.db.execute(KEEP_SUPERSEDED, (record.id, record.revision))
        self.db.execute(UPSERT_RECORD, _record_row(record, body, sync_state, server_seq))
        self._project(record)
        self.db.journal.note(str(record.type), record.subject_child)

    def put_remote_many(
        self,
        records: Sequence[tuple[Record, str, int]],
        *,
        stored: Mapping[str, str] | None = None,
    ) -> None:
        """Store many pulled records (each with its body as `_dumps` gives it and its server
        sequence, distinct ids) in one transaction: exactly what `put_remote` does for each, in
        order, but each statement run once with `executemany`.

        The rows go first and the projections after, each record's in the page's order
        through the same `_project` a single write uses, so whatever a projection keeps is
        kept by a sync too. Only the Barnkontakt projection is worked out once per child at
        the end: it reads the child's assignments from the records table, so with every row
        written its last run sees what the record-by-record path's last run saw.

        `stored`: the body text of each of them that has a row already, when the caller has
        read them (a first pull has none, so no revision is looked for; an edited profile
        whose search terms did not change keeps its index entry); None: any may have one."""
        if not records:
            return
        with self.db.transaction():
            # The ids are distinct (`SyncState._take_run` splits a page at a repeated id), so
            # keeping every overwritten revision first is what doing it record by record does.
            self.db.executemany(
                KEEP_SUPERSEDED,
                [
                    (record.id, record.revision)
                    for record, _, _ in records
                    if stored is None or record.id in stored
                ],
            )
            self.db.executemany(
                UPSERT_RECORD,
                [_record_row(record, body, "synced", seq) for record, body, seq in records],
            )
            self._barnkontakt_due = set()
            try:
                for record, _, _ in records:
                    before = stored.get(record.id) if stored is not None else None
                    if before is not None and record.type == RecordType.CHILD:
                        self._project(record, before=json.loads(before))
                    else:
                        self._project(record)
                    self.db.journal.note(str(record.type), record.subject_child)
                due, self._barnkontakt_due = self._barnkontakt_due, None
                self._project_barnkontakt_many(sorted(due))
            finally:
                self._barnkontakt_due = None

    def _enqueue(self, record: Record, changed_fields: list[str]) -> None:
        self.db.execute(
            "INSERT INTO outbox (change_id, record_id, record, changed_fields, created_at)"
            " VALUES (?,?,?,?,?)",
            (uuid7(), record.id, record.model_dump_json(), json.dumps(changed_fields),
             utc_now()),
        )
        self.db.journal.note(OUTBOX)

    def _project(self, record: Record, *, before: dict[str, Any] | None = None) -> None:
        """The list and search projections of one written record. `before`: the body the
        record had (when the caller read it), so a profile whose search terms did not change
        keeps its index entry."""
        if record.type == RecordType.CHILD:
            if record.deleted:
                self._remove_child_projection(record.id)
            else:
                self._project_child(record, before)
        elif record.type == RecordType.BARNKONTAKT and record.child_id:
            self._project_barnkontakt(record.child_id)
        elif record.type == RecordType.DECISION and record.child_id:
            follow_up = record.body.get("follow_up")
            if follow_up:
                self.db.execute(
                    "UPDATE children SET follow_up_due = ? WHERE record_id = ?",
                    (str(follow_up), record.child_id),
                )

    def _project_child(self, record: Record, before: dict[str, Any] | None = None) -> None:
        """The child's row of the list and its search terms. An edit writes only the columns
        that changed (each other column's index stays as it is), and, when the old body is
        known and gives the same search terms, leaves the search index alone: most profile
        edits (guardians, unit, status) change neither names nor numbers."""
        body = record.body
        terms = _search_terms(body)
        row = self.db.one(
            f"SELECT rowid, {', '.join(_CHILD_COLUMNS)} FROM children WHERE record_id = ?",
            (record.id,),
        )
        protected = int(body.get("protected_identity") in (True, 1))
        values = (str(body.get("given_names", "")), str(body.get("family_name", "")),
                  str(body.get("identity", "")), body.get("birth_date"), body.get("unit_id"),
                  body.get("status"), record.updated_at, protected)
        if row:
            rowid = int(row[0])
            changed = [
                (column, value)
                for column, old, value in zip(_CHILD_COLUMNS, row[1:], values, strict=True)
                if old != value
            ]
            if changed:
                self.db.execute(
                    f"UPDATE children SET {', '.join(c + ' = ?' for c, _ in changed)}"
                    " WHERE rowid = ?",
                    (*(v for _, v in changed), rowid),
                )
            if before is not None and _search_terms(before) == terms:
                return
            self.db.execute("DELETE FROM child_search WHERE rowid = ?", (rowid,))
        else:
            cursor = self.db.execute(
                f"INSERT INTO children (record_id, {', '.join(_CHILD_COLUMNS)})"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (record.id, *values),
            )
            rowid = int(cursor.lastrowid)
            self._project_barnkontakt(record.id)
        self.db.execute("INSERT INTO child_search (rowid, terms) VALUES (?, ?)", (rowid, terms))

    def _project_barnkontakt(self, child_id: str) -> None:
        """The child's current Barnkontakt, by the domain's rule (valid today, latest start).
        An assignment its model no longer accepts (a limit tightened after it was written)
        names nobody here rather than stopping the write that triggered the projection."""
        if self._barnkontakt_due is not None:  # a set-based write works it out at the end
            self._barnkontakt_due.add(child_id)
            return
        self._project_barnkontakt_many([child_id])

    def _project_barnkontakt_many(self, child_ids: Sequence[str]) -> None:
        """`_project_barnkontakt` for many children at once (a pulled page names thousands):
        their assignments read with one statement per 500 children, and a child's row
        written only when its Barnkontakt moved."""
        assignments: dict[str, list[BarnkontaktAssignment]] = {c: [] for c in child_ids}
        for start in range(0, len(child_ids), 500):
            chunk = child_ids[start : start + 500]
            for child_id, body_json in self.db.query(
                "SELECT child_id, body FROM records WHERE type = ? AND deleted = 0"
                f" AND child_id IN ({','.join('?' * len(chunk))})",
                (str(RecordType.BARNKONTAKT), *chunk),
            ):
                try:
                    assignment = BarnkontaktAssignment.model_validate(json.loads(body_json))
                except ValueError:  # pydantic's ValidationError included
                    continue
                assignments[str(child_id)].append(assignment)
        today = date.today()
        rows = []
        for child_id, held in assignments.items():
            current = current_barnkontakt(held, today)
            rows.append((current.staff_id if current else None, child_id))
        self.db.executemany(
            "UPDATE children SET barnkontakt_staff_id = ?1 WHERE record_id = ?2"
            " AND barnkontakt_staff_id IS NOT ?1",
            rows,
        )

    def _remove_child_projection(self, child_id: str) -> None:
        row = self.db.one("SELECT rowid FROM children WHERE record_id = ?", (child_id,))
        if row:
            self.db.execute("DELETE FROM child_search WHERE rowid = ?", (int(row[0]),))
            self.db.execute("DELETE FROM children WHERE rowid = ?", (int(row[0]),))


_CHILD_COLUMNS = (
    "given_names", "family_name", "identity", "birth_date", "unit_id", "status", "updated_at",
    "protected_identity",
)
"""The columns of a child's row of the list that its profile gives (`_project_child`)."""


def _search_terms(body: dict[str, Any]) -> str:
    """What the search index holds for a child profile's body."""
    return child_terms(
        str(body.get("given_names", "")),
        str(body.get("family_name", "")),
        str(body.get("identity", "")),
        _earlier_numbers(body),
    )


def _earlier_numbers(body: dict[str, Any]) -> list[str]:
    """The numbers in a child profile's identity history (search finds the child by them)."""
    history = body.get("identity_history")
    if not isinstance(history, list):
        return []
    return [
        str(item["identity"])
        for item in history
        if isinstance(item, dict) and isinstance(item.get("identity"), str)
    ]
