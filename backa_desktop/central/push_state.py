"""A push batch's view of the store: what it read, what it will have written once it lands,
and the writes themselves.

Set-based, because the cost of a push is round trips, not work: the batch's current records,
their revisions, the caller's access and the touched children's access-deciding records are
read in a few statements (`Batch.load`, `load_access`, `load_levels`, `prefetch_history`;
on PostgreSQL all in one, `Batch.read_ahead`); every change is then decided in memory
(`push_apply`) against this view, and `Batch.flush` writes each table in one statement
(`bulk`).

Only the end takes the write lock (`ordering`): under it `Batch.lock` checks that nothing the
batch read has changed since; if something has, `Stale` makes the push plan the batch again
under the lock, so the answer is the one a fully serial push would give.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from backa_desktop.central import access
from backa_desktop.central.access import AccessRow, Caller
from backa_desktop.central.bulk import among, among_joined, insert_rows, write_versions
from backa_desktop.central.db import (
    changes,
    child_access,
    child_identities,
    child_redirects,
    record_revisions,
    records,
)
from backa_desktop.central.identity_merge import read_identities, read_redirects
from backa_desktop.central.ordering import lock_children, next_seq
from backa_desktop.domain.records import Record
from backa_desktop.sync.protocol import ChangeStatus, PushChange, PushResult

_CHUNK = 500
"""Ids per `IN (...)` list."""


def levels_of(conn: Connection, user_id: str, children: list[str]) -> dict[str, str]:
    """The user's access level for each of these children that they have access to.

    Asked by child only, with the user picked out here: `user_id = … AND child_id = ANY(…)`
    let PostgreSQL choose the `user_id` index, which before the table's first ANALYZE it
    thinks holds a handful of rows — for a Barnkontakt it holds all 10,000 of their children,
    read for every batch. By child, only the primary key (child, user) can serve, and a child
    has a few access rows."""
    return {
        child: level
        for child, user, level in conn.execute(
            select(child_access.c.child_id, child_access.c.user_id, child_access.c.level).where(
                among_joined(conn, child_access.c.child_id, children)
            )
        ).all()
        if user == user_id
    }


def access_revisions(conn: Connection, children: Iterable[str]) -> dict[str, dict[str, int]]:
    """The revisions of `access.access_rows` (what the check under the lock compares): the
    same rows, without their envelopes, which the check does not need."""
    wanted = sorted(set(children))
    found: dict[str, dict[str, int]] = {c: {} for c in wanted}
    for part in chunks(wanted):
        for rid, child, revision in conn.execute(
            select(records.c.id, records.c.child_id, records.c.revision).where(
                among(conn, records.c.child_id, part),
                records.c.type.in_(sorted(access.ACCESS_TYPES)),
            )
        ).all():
            found[child][rid] = revision
        for merged, survivor in conn.execute(
            select(child_redirects.c.merged_id, child_redirects.c.survivor_id).where(
                among_joined(conn, child_redirects.c.survivor_id, part)
            )
        ).all():
            found[survivor][merged] = access.registrar_row("").revision
    return found


@dataclass(frozen=True)
class Seen:
    """A change id the store already holds: who sent it, its hash and its first answer."""

    change_id: str
    user_id: str
    payload_hash: str
    result: str


def _agg(*columns: Any) -> Any:
    """Rows as one JSON array of arrays: a read that fits in one statement's scalar subquery
    (`Batch.read_ahead`, `Batch._unchanged_at_once`)."""
    return func.json_agg(func.json_build_array(*columns))


def _redirects_by(conn: Connection, column: Any, children: list[str]) -> Any:
    """The redirects whose `column` (merged or survivor) is one of these children."""
    return (
        select(
            _agg(
                child_redirects.c.merged_id,
                child_redirects.c.survivor_id,
                child_redirects.c.created_by,
            )
        )
        .where(among_joined(conn, column, children))
        .scalar_subquery()
    )


def _identities_of(conn: Connection, keys: list[str]) -> Any:
    return (
        select(_agg(child_identities.c.key, child_identities.c.child_id))
        .where(among_joined(conn, child_identities.c.key, keys))
        .scalar_subquery()
    )


def _levels_of_children(conn: Connection, children: list[str]) -> Any:
    return (
        select(_agg(child_access.c.child_id, child_access.c.user_id, child_access.c.level))
        .where(among_joined(conn, child_access.c.child_id, children))
        .scalar_subquery()
    )


class Stale(Exception):
    """Something the batch read before the lock changed before it got the lock."""


@dataclass
class Op:
    """One pending write (a record version); its sequence number is given at the flush."""

    seq: int | None = None


@dataclass
class Row:
    """A `records` row as the batch sees it: as read, or as this batch has written it."""

    id: str
    type: str
    vis_type: str
    child_id: str | None
    envelope: str
    revision: int
    deleted: bool
    seq: int
    created_by: str
    created_unit: str | None
    updated_by: str
    stored: bool = True
    """Whether the row exists in the database (False until a new record's first flush)."""
    op: Op | None = None
    """The pending write that last changed it (its `seq` is the row's once flushed)."""
    record_class: str | None = None
    """A new record's retention class, stored with it (an existing row keeps its own)."""


def accepted(change_id: str, revision: int, server_seq: int | None = None) -> PushResult:
    """The answer to a change stored exactly as sent: ids, sequence and revision — the
    answer to almost every change of a push. Built without validation: every value is the
    server's own and of the right type. Not by `model_construct`, which in pydantic 2.14
    inspects the signature of `conflict_ids`' default factory on every call (≈ 6 µs, more
    than validating); this sets what it would set (a tenth of that)."""
    result = PushResult.__new__(PushResult)
    _set(
        result,
        "__dict__",
        {
            "change_id": change_id,
            "status": ChangeStatus.ACCEPTED,
            "code": 200,
            "server_seq": server_seq,
            "record": None,
            "revision": revision,
            "conflict_ids": [],
            "reason": None,
            "reason_code": None,
        },
    )
    _set(result, "__pydantic_fields_set__", set(_ACCEPTED_SET))
    _set(result, "__pydantic_extra__", None)
    _set(result, "__pydantic_private__", None)
    return result


_set = object.__setattr__
_ACCEPTED_SET = frozenset({"change_id", "status", "code", "server_seq", "revision"})


@dataclass
class Answer:
    change: PushChange
    digest: str
    result: PushResult
    op: Op | None = None
    """Whose sequence number the answer carries, once the write has one."""
    remember: bool = False
    """Stored in `changes` (so a replay gets the same answer)."""
    bare: PushResult | None = None
    """For a replay: the first answer's ids, sequence and revision only, for when the caller
    may no longer see the record."""


# The columns a push reads and writes. `record_class` is not among them: a new record gets
# its class as it is inserted, and the class never changes afterwards.
COLUMNS = tuple(c.name for c in records.columns if c.name != "record_class")
_UPDATED = ("id", "envelope", "revision", "deleted", "seq", "vis_type", "updated_by")


def chunks(items: list[str]) -> list[list[str]]:
    return [items[i : i + _CHUNK] for i in range(0, len(items), _CHUNK)]


@dataclass
class Batch:
    conn: Connection
    caller: Caller
    today: date
    locked: bool
    lock_set: set[str | None] = field(default_factory=set)
    """The children (None: the directory) the batch writes about: what it locks."""
    rows: dict[str, Row | None] = field(default_factory=dict)
    read_revisions: dict[str, int | None] = field(default_factory=dict)
    access_rows: dict[str, dict[str, AccessRow]] = field(default_factory=dict)
    read_access: dict[str, dict[str, int]] = field(default_factory=dict)
    read_levels: dict[str, str | None] = field(default_factory=dict)
    memo_levels: dict[str, dict[str, str]] = field(default_factory=dict)
    """Every user's level for a dirty child, as the batch so far leaves it (dropped when the
    child's access rows change): the caller's decides a write, and the access refresh at the
    end of the push takes the whole instead of working it out again (`final_levels`)."""
    wide_levels: set[str] = field(default_factory=set)
    """Dirty children whose levels also depend on what `lookups` read (a unit's Barnteam,
    the people with report-receiving roles), perhaps before the lock: worked out again
    under it by the refresh."""
    dirty: set[str] = field(default_factory=set)
    seen_changes: set[str] = field(default_factory=set)
    seen_rows: dict[str, Seen] = field(default_factory=dict)
    change_ids: list[str] = field(default_factory=list)
    history_cache: dict[str, tuple[int, list[tuple[int, str, str]]]] = field(default_factory=dict)
    pending: list[tuple[Op, dict[str, Any], str]] = field(default_factory=list)
    """Each pending revision: its write, its row of `record_revisions` without the
    envelope, and the envelope."""
    pending_revisions: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)
    pending_rows: dict[str, Row] = field(default_factory=dict)
    lookups: access.Lookups | None = None
    classify: Callable[[Record], str | None] = lambda _record: None
    """A new record's retention class (None: left for `retention.classify_after_write`)."""
    redirects: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Children merged into another (identity_merge): merged id -> (survivor, registrar);
    as read for the batch's children, plus the merges the batch makes."""
    read_redirect_children: set[str] = field(default_factory=set)
    identities: dict[str, str | None] = field(default_factory=dict)
    """Identity keys of the batch's child records -> the child holding them (or None)."""
    read_identities: dict[str, str | None] = field(default_factory=dict)
    new_identities: list[dict[str, str]] = field(default_factory=list)
    audit: list[tuple[str | None, list[str], str]] = field(default_factory=list)
    """What the audit log will say: per accepted change, its child, the record ids it wrote
    and a detail. One row per change, not per child: the log extract for a child
    (`log_review`) shows each row as one record."""

    def audited(self, child: str | None, ids: list[str], detail: str = "") -> None:
        self.audit.append((child, ids, detail))

    # -- reads ------------------------------------------------------------------------------

    def read_changes(self, change_ids: list[str]) -> None:
        """Which of the batch's change ids the store holds already (a replay)."""
        if self.change_ids == change_ids:
            return  # read ahead
        self.change_ids = change_ids
        for part in chunks(change_ids):
            for row in self.conn.execute(
                select(
                    changes.c.change_id,
                    changes.c.user_id,
                    changes.c.payload_hash,
                    changes.c.result,
                ).where(among(self.conn, changes.c.change_id, part))
            ).all():
                self.seen_rows[row.change_id] = Seen(*row)
        self.seen_changes = set(self.seen_rows)

    def read_ahead(
        self,
        change_ids: list[str],
        ids: list[str],
        children: set[str],
        keys: set[str],
        with_access: bool,
        history: dict[str, int],
    ) -> None:
        """On PostgreSQL, the reads before planning in one statement: the change ids, the
        redirects and identity numbers (`load_identities`), the current rows (`load`), the
        caller's levels (`load_levels`), the access-deciding records (`load_access`) and
        the revisions of the records edited (`prefetch_history`, from the lowest base
        revision on) — each a scalar subquery aggregated to JSON, as the check under the
        lock does (`_unchanged_at_once`). Everything is stored as those methods store it,
        so they then read only what this could not know beforehand (the children a merge
        or a redirect names). Seven round trips, and their Python, become one. A batch
        larger than one `IN` list, and SQLite, read as before."""
        conn = self.conn
        if conn.dialect.name != "postgresql" or max(len(ids), len(keys), len(children)) > _CHUNK:
            return
        kids = sorted(children)
        wanted = sorted(set(ids))
        history_ids = sorted(history)
        low = min(history.values(), default=1)

        parts: list[Any] = [
            select(
                _agg(
                    changes.c.change_id, changes.c.user_id, changes.c.payload_hash, changes.c.result
                )
            )
            .where(among(conn, changes.c.change_id, change_ids))
            .scalar_subquery(),
            _redirects_by(conn, child_redirects.c.merged_id, kids),
            _identities_of(conn, sorted(keys)),
            select(_agg(*(records.c[name] for name in COLUMNS)))
            .where(among(conn, records.c.id, wanted))
            .scalar_subquery(),
            _levels_of_children(conn, kids),
            select(
                _agg(
                    records.c.id,
                    records.c.child_id,
                    records.c.type,
                    records.c.envelope,
                    records.c.created_by,
                    records.c.deleted,
                    records.c.revision,
                )
            )
            .where(
                among(conn, records.c.child_id, kids if with_access else []),
                records.c.type.in_(sorted(access.ACCESS_TYPES)),
                # The batch's own records come with the rows above (a profile edit's
                # envelope once, not twice).
                ~among(conn, records.c.id, wanted),
            )
            .scalar_subquery(),
            _redirects_by(conn, child_redirects.c.survivor_id, kids if with_access else []),
            select(
                _agg(
                    record_revisions.c.record_id,
                    record_revisions.c.revision,
                    record_revisions.c.envelope,
                    record_revisions.c.device_id,
                )
            )
            .where(
                among(conn, record_revisions.c.record_id, history_ids),
                record_revisions.c.revision >= low,
            )
            .scalar_subquery(),
        ]
        got = conn.execute(select(*parts)).one()
        seen, redirects, identities, rows, levels, acc, acc_redirects, revisions = (
            r or [] for r in got
        )
        self.change_ids = change_ids
        self.seen_rows = {row[0]: Seen(*row) for row in seen}
        self.seen_changes = set(self.seen_rows)
        # load_identities
        self.redirects.update({m: (s, by) for m, s, by in redirects})
        self.read_redirect_children |= children
        found_keys: dict[str, str | None] = dict.fromkeys(sorted(keys))
        found_keys.update({key: child for key, child in identities})
        self.read_identities.update(found_keys)
        for key, child in found_keys.items():
            self.identities.setdefault(key, child)
        # load
        for values in rows:
            row = Row(**dict(zip(COLUMNS, values, strict=True)))
            self.rows[row.id] = row
        for rid in wanted:
            self.rows.setdefault(rid, None)
            got_row = self.rows[rid]
            self.read_revisions[rid] = got_row.revision if got_row is not None else None
        # load_levels
        mine = {c: lvl for c, user, lvl in levels if user == self.caller.user_id}
        for child in kids:
            self.read_levels[child] = mine.get(child)
        # load_access
        if with_access:
            rows_by_child: dict[str, dict[str, AccessRow]] = {c: {} for c in kids}
            for rid, child, rtype, envelope, created_by, deleted, revision in acc:
                rows_by_child[child][rid] = AccessRow(
                    rtype, envelope, created_by, bool(deleted), revision
                )
            for merged, survivor, registrar in acc_redirects:
                rows_by_child[survivor][merged] = access.registrar_row(registrar)
            for rid in wanted:
                own = self.rows[rid]
                if (
                    own is not None
                    and own.type in access.ACCESS_TYPES
                    and own.child_id in rows_by_child
                ):
                    rows_by_child[own.child_id][rid] = AccessRow(
                        own.type, own.envelope, own.created_by, own.deleted, own.revision
                    )
            for child, found in rows_by_child.items():
                self.access_rows[child] = found
                self.read_access[child] = {rid: r.revision for rid, r in found.items()}
        # prefetch_history
        by_record: dict[str, list[tuple[int, str, str]]] = {rid: [] for rid in history_ids}
        for rid, rev, env, dev in revisions:
            by_record[rid].append((int(rev), env, dev))
        for rid, revs in by_record.items():
            self.history_cache[rid] = (low, revs)

    def load(self, ids: list[str]) -> None:
        wanted = sorted({i for i in ids if i not in self.rows})
        for part in chunks(wanted):
            for row in self.conn.execute(
                select(records).where(among(self.conn, records.c.id, part))
            ).all():
                found = Row(**{name: row._mapping[name] for name in COLUMNS})
                self.rows[found.id] = found
        for rid in wanted:
            self.rows.setdefault(rid, None)
            got = self.rows[rid]
            self.read_revisions[rid] = got.revision if got is not None else None

    def load_identities(self, children: set[str], keys: set[str]) -> set[str]:
        """The redirects among the batch's children and the children holding its identity
        numbers, in two statements (the second only when the batch holds child records);
        returns the children they name, which the batch must lock and read too."""
        wanted = children - self.read_redirect_children
        self.redirects.update(read_redirects(self.conn, wanted))
        self.read_redirect_children |= wanted
        fresh = keys - set(self.read_identities)
        if fresh:
            found = read_identities(self.conn, fresh)
            self.read_identities.update(found)
            for key, child in found.items():
                self.identities.setdefault(key, child)
        named = {survivor for survivor, _registrar in self.redirects.values()}
        named |= {c for c in self.identities.values() if c is not None}
        return named

    def claim_identity(self, key: str, child: str) -> None:
        """A number first seen in this batch now names this child (written at the flush).
        Only keys the batch read can be claimed: the others are not known to be free."""
        if key in self.identities and self.identities[key] is None:
            self.identities[key] = child
            self.new_identities.append({"key": key, "child_id": child})

    def row(self, rid: str) -> Row | None:
        if rid not in self.rows:
            self.load([rid])
        return self.rows[rid]

    def forget(self, rid: str) -> None:
        """Written outside the batch (a conflict record): read it again when needed."""
        self.rows.pop(rid, None)
        self.history_cache.pop(rid, None)

    def load_access(self, children: set[str]) -> None:
        wanted = [c for c in children if c not in self.access_rows]
        if not wanted:
            return
        for child, found in access.access_rows(self.conn, wanted).items():
            self.access_rows[child] = found
            self.read_access[child] = {rid: r.revision for rid, r in found.items()}

    def load_levels(self, children: set[str]) -> None:
        wanted = sorted(c for c in children if c not in self.read_levels)
        for part in chunks(wanted):
            found = levels_of(self.conn, self.caller.user_id, part)
            for child in part:
                self.read_levels[child] = found.get(child)

    def stored_level(self, child: str) -> str | None:
        if child not in self.read_levels:
            self.load_levels({child})
        return self.read_levels[child]

    def level(self, child: str) -> str | None:
        """The caller's level for the child as it will be once the batch so far lands."""
        if child not in self.dirty:
            return self.stored_level(child)
        levels = self.memo_levels.get(child)
        if levels is None:
            self.load_access({child})
            if self.lookups is None:
                self.lookups = access.Lookups(self.conn)
            asked = self.lookups.consulted
            levels = access.levels_from(self.access_rows[child].values(), self.today, self.lookups)
            self.memo_levels[child] = levels
            if self.lookups.consulted != asked:
                self.wide_levels.add(child)
            else:
                self.wide_levels.discard(child)
        return levels.get(self.caller.user_id)

    def final_levels(self) -> dict[str, dict[str, str]]:
        """The dirty children's levels the access refresh may take as they are: those that
        depend on the children's own records only (which the batch holds as they will be)."""
        return {c: v for c, v in self.memo_levels.items() if c not in self.wide_levels}

    def visible(self, row: Row) -> bool:
        level = self.level(row.child_id) if row.child_id is not None else None
        return access.visible_row(
            self.caller, row.child_id, row.vis_type, row.created_by, row.created_unit, level
        )

    def history(self, rid: str, start: int) -> list[tuple[int, str, str]]:
        """The record's revisions from `start` on: (revision, envelope, device)."""
        cached = self.history_cache.get(rid)
        if cached is None or cached[0] > start:
            rows = [
                (int(rev), env, dev)
                for rev, env, dev in self.conn.execute(
                    select(
                        record_revisions.c.revision,
                        record_revisions.c.envelope,
                        record_revisions.c.device_id,
                    ).where(
                        record_revisions.c.record_id == rid,
                        record_revisions.c.revision >= start,
                    )
                ).all()
            ]
            cached = (start, rows)
            self.history_cache[rid] = cached
        found = [r for r in cached[1] if r[0] >= start]
        found += [r for r in self.pending_revisions.get(rid, []) if r[0] >= start]
        return sorted(found)

    def prefetch_history(self, wanted: dict[str, int]) -> None:
        """Revisions of many records in one query (each from its own start on); what
        `read_ahead` fetched already is not read again."""
        wanted = {
            rid: start
            for rid, start in wanted.items()
            if (cached := self.history_cache.get(rid)) is None or cached[0] > start
        }
        ids = sorted(wanted)
        if not ids:
            return
        low = min(wanted.values())
        found: dict[str, list[tuple[int, str, str]]] = {rid: [] for rid in ids}
        for part in chunks(ids):
            for rid, rev, env, dev in self.conn.execute(
                select(
                    record_revisions.c.record_id,
                    record_revisions.c.revision,
                    record_revisions.c.envelope,
                    record_revisions.c.device_id,
                ).where(
                    among(self.conn, record_revisions.c.record_id, part),
                    record_revisions.c.revision >= low,
                )
            ).all():
                found[rid].append((int(rev), env, dev))
        for rid, rows in found.items():
            self.history_cache[rid] = (low, rows)

    # -- the lock ---------------------------------------------------------------------------

    def lock(self) -> None:
        """Take the write lock; then everything read before it must still be as read, or the
        batch is planned again (`Stale`)."""
        if self.locked:
            return
        lock_children(self.conn, self.lock_set)
        self.locked = True
        if not self._unchanged():
            raise Stale

    def _unchanged(self) -> bool:
        if self.conn.dialect.name == "postgresql":
            return self._unchanged_at_once()
        return self._unchanged_one_by_one()

    def _unchanged_at_once(self) -> bool:
        """`_unchanged_one_by_one` in one statement (PostgreSQL): each read as a JSON
        array from a scalar subquery, compared here the same way. The check runs under the
        children's locks, so its round trips are time other pushes of those children wait;
        seven become one. The conditions are the same `among` lists, so PostgreSQL plans
        each subquery as it planned the statement it replaces."""
        conn = self.conn
        ids = sorted(self.read_revisions)
        access_children = sorted(self.read_access)
        level_children = sorted(self.read_levels)
        redirect_children = sorted(self.read_redirect_children)
        keys = sorted(self.read_identities)

        row = conn.execute(
            select(
                select(_agg(records.c.id, records.c.revision))
                .where(among(conn, records.c.id, ids))
                .scalar_subquery(),
                select(_agg(records.c.id, records.c.child_id, records.c.revision))
                .where(
                    among(conn, records.c.child_id, access_children),
                    records.c.type.in_(sorted(access.ACCESS_TYPES)),
                )
                .scalar_subquery(),
                select(_agg(child_redirects.c.merged_id, child_redirects.c.survivor_id))
                .where(among_joined(conn, child_redirects.c.survivor_id, access_children))
                .scalar_subquery(),
                _levels_of_children(conn, level_children),
                _redirects_by(conn, child_redirects.c.merged_id, redirect_children),
                _identities_of(conn, keys),
                select(func.json_agg(changes.c.change_id))
                .where(among(conn, changes.c.change_id, self.change_ids))
                .scalar_subquery(),
            )
        ).one()
        revs, acc, acc_redirects, levels, redirects, identities, stored = (r or [] for r in row)
        now_rev = {rid: rev for rid, rev in revs}
        if any(now_rev.get(rid) != rev for rid, rev in self.read_revisions.items()):
            return False
        found: dict[str, dict[str, int]] = {c: {} for c in access_children}
        for rid, child, revision in acc:
            found[child][rid] = revision
        for merged, survivor in acc_redirects:
            found[survivor][merged] = access.registrar_row("").revision
        if found != self.read_access:
            return False
        user = self.caller.user_id
        mine = {child: level for child, who, level in levels if who == user}
        if any(mine.get(c) != lvl for c, lvl in self.read_levels.items()):
            return False
        if {merged: (survivor, by) for merged, survivor, by in redirects} != {
            m: r for m, r in self.redirects.items() if m in self.read_redirect_children
        }:
            return False
        if {**dict.fromkeys(keys), **dict(identities)} != self.read_identities:
            return False
        return set(stored) == self.seen_changes

    def _unchanged_one_by_one(self) -> bool:
        conn = self.conn
        now_rev: dict[str, int] = {}
        for part in chunks(sorted(self.read_revisions)):
            now_rev.update(
                conn.execute(
                    select(records.c.id, records.c.revision).where(among(conn, records.c.id, part))
                ).all()
            )
        if any(now_rev.get(rid) != rev for rid, rev in self.read_revisions.items()):
            return False
        if access_revisions(conn, self.read_access) != self.read_access:
            return False
        levels: dict[str, str] = {}
        for part in chunks(sorted(self.read_levels)):
            levels.update(levels_of(conn, self.caller.user_id, part))
        if any(levels.get(c) != lvl for c, lvl in self.read_levels.items()):
            return False
        if self.read_redirect_children and read_redirects(conn, self.read_redirect_children) != {
            m: r for m, r in self.redirects.items() if m in self.read_redirect_children
        }:
            return False
        if self.read_identities and read_identities(conn, self.read_identities) != (
            self.read_identities
        ):
            return False
        if self.change_ids:
            stored = set(
                conn.execute(
                    select(changes.c.change_id).where(
                        among(conn, changes.c.change_id, self.change_ids)
                    )
                ).scalars()
            )
            if stored != self.seen_changes:
                return False
        return True

    # -- writes -----------------------------------------------------------------------------

    def write(self, row: Row, record: Record, envelope: str, change_id: str | None) -> Op:
        """Hold a new version of a record for the flush: the row as it will be stored, and
        its revision row (the envelope serialised once, for both)."""
        op = Op()
        row.op = op
        if not row.stored and row.record_class is None:
            row.record_class = self.classify(record)
        self.rows[row.id] = row
        self.pending_rows[row.id] = row
        revision = dict(
            record_id=row.id,
            revision=row.revision,
            change_id=change_id,
            device_id=self.caller.device_id,
            user_id=self.caller.user_id,
        )
        self.pending.append((op, revision, envelope))
        self.pending_revisions.setdefault(row.id, []).append(
            (row.revision, envelope, self.caller.device_id)
        )
        child = row.child_id
        if record.type in access.ACCESS_TYPES and child is not None:
            self.load_access({child})
            self.access_rows[child][row.id] = AccessRow(
                row.type, envelope, row.created_by, row.deleted, row.revision
            )
            self.dirty.add(child)
            self.memo_levels.pop(child, None)
        return op

    def flush(self) -> None:
        """Give the pending writes their sequence numbers (in the order they were made) and
        write them: `records` and `record_revisions` together (`bulk.write_versions`: a
        row's envelope is that of its last pending revision, which `write` holds as the same
        text), the identities in one statement. Only under the lock."""
        assert self.locked
        conn = self.conn
        if self.new_identities:
            insert_rows(conn, child_identities, self.new_identities)
            self.new_identities = []
        if not self.pending:
            return
        for op, revision, _envelope in self.pending:
            op.seq = next_seq(conn)
            revision["seq"] = op.seq
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for row in self.pending_rows.values():
            assert row.op is not None and row.op.seq is not None
            row.seq = row.op.seq
            if row.stored:
                updates.append({name: getattr(row, name) for name in _UPDATED})
            else:
                inserted = {name: getattr(row, name) for name in COLUMNS}
                inserted["record_class"] = row.record_class
                inserts.append(inserted)
                row.stored = True
        write_versions(
            conn,
            records,
            record_revisions,
            inserts,
            updates,
            [revision for _op, revision, _envelope in self.pending],
            [envelope for _op, _revision, envelope in self.pending],
        )
        for rid in self.pending_revisions:
            self.history_cache.pop(rid, None)
        self.pending.clear()
        self.pending_rows.clear()
        self.pending_revisions.clear()
