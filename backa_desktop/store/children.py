"""The `children` projection and its search index, read through one class.

The store keeps a narrow row per child profile (names, identity, unit, status, current
Barnkontakt, next follow-up) and an FTS5 index over names and identity forms, written by
`RecordRepository` whenever a profile, an assignment or a decision changes. Every query on
that table lives here, so the services ask questions ("my children", "who is this number")
and never depend on its columns or on the index trick that keeps search fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from backa_desktop.domain.identity import mask_identity
from backa_desktop.domain.people import ChildSummary, child_display_name
from backa_desktop.domain.process import ChildStatus
from backa_desktop.store.database import Database

_COLUMNS = (
    "c.record_id, c.given_names, c.family_name, c.identity, c.birth_date, c.status, c.unit_id,"
    " c.barnkontakt_staff_id, c.follow_up_due, c.protected_identity"
)
# SQLite's default limit on bound parameters is far above this; 500 keeps each IN list short.
_CHUNK = 500
# Many matches (a first letter): walk the name index in order and stop at the limit instead
# of sorting every match (DESIGN.md §12: search p95 ≤ 16 ms).
DENSE_MATCHES = 1500


def _summary(row: Sequence[Any]) -> ChildSummary:
    return ChildSummary(
        record_id=row[0],
        given_names=row[1],
        family_name=row[2],
        masked_identity=mask_identity(row[3]),
        birth_date=date.fromisoformat(row[4]) if row[4] else None,
        status=ChildStatus(row[5]) if row[5] else None,
        unit_id=row[6],
        barnkontakt_staff_id=row[7],
        follow_up_due=date.fromisoformat(row[8][:10]) if row[8] else None,
        protected_identity=bool(row[9]),
    )


@dataclass(frozen=True)
class ChildQuery:
    """What to look for; None means "any". `match` is an FTS5 expression made by
    `store.search.match_expression` (never user text as it was typed)."""

    match: str | None = None
    barnkontakt_staff_id: str | None = None
    unit_id: str | None = None
    status: ChildStatus | None = None
    follow_up_due_by: date | None = None


class ChildIndex:
    """Reads the children projection of one open database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def search(self, query: ChildQuery, limit: int = 200) -> list[ChildSummary]:
        """Children matching every condition, by family name, then given names."""
        clauses: list[str] = []
        params: list[Any] = []
        if query.match:
            clauses.append(
                "c.rowid IN (SELECT rowid FROM child_search WHERE child_search MATCH ?)"
            )
            params.append(query.match)
        if query.barnkontakt_staff_id:
            clauses.append("c.barnkontakt_staff_id = ?")
            params.append(query.barnkontakt_staff_id)
        if query.unit_id:
            clauses.append("c.unit_id = ?")
            params.append(query.unit_id)
        if query.status:
            clauses.append("c.status = ?")
            params.append(str(query.status))
        if query.follow_up_due_by:
            clauses.append("c.follow_up_due IS NOT NULL AND c.follow_up_due <= ?")
            params.append(query.follow_up_due_by.isoformat())
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = f"SELECT {_COLUMNS} FROM children c"
        if query.match and self._dense(where, params):
            sql += " INDEXED BY children_name"
        sql += where + " ORDER BY c.family_name, c.given_names, c.rowid LIMIT ?"
        return [_summary(row) for row in self.db.query(sql, [*params, int(limit)])]

    def _dense(self, where: str, params: list[Any]) -> bool:
        """Does the search match so many children that sorting all matches would be slow?"""
        row = self.db.one(
            f"SELECT count(*) FROM (SELECT 1 FROM children c{where} LIMIT {DENSE_MATCHES})",
            params,
        )
        return int(row[0]) >= DENSE_MATCHES

    def summaries(self, ids: Iterable[str]) -> dict[str, ChildSummary]:
        """The given children by record id (inbox and task lists ask for many at once)."""
        out: dict[str, ChildSummary] = {}
        id_list = sorted({i for i in ids if i})
        for start in range(0, len(id_list), _CHUNK):
            chunk = id_list[start : start + _CHUNK]
            for row in self.db.query(
                f"SELECT {_COLUMNS} FROM children c"
                f" WHERE c.record_id IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                out[str(row[0])] = _summary(row)
        return out

    def follow_ups_due(self, staff_id: str, by: date, limit: int = 200) -> list[ChildSummary]:
        """The staff member's children (as Barnkontakt) whose follow-up falls due by `by`,
        soonest first."""
        return [
            _summary(row)
            for row in self.db.query(
                f"SELECT {_COLUMNS} FROM children c WHERE c.barnkontakt_staff_id = ?"
                " AND c.follow_up_due IS NOT NULL AND c.follow_up_due <= ?"
                " ORDER BY c.follow_up_due LIMIT ?",
                (staff_id, by.isoformat(), int(limit)),
            )
        ]

    def ids_with_barnkontakt(self, staff_id: str) -> list[str]:
        """The children the staff member is the current Barnkontakt for."""
        return [
            str(row[0])
            for row in self.db.query(
                "SELECT record_id FROM children WHERE barnkontakt_staff_id = ?", (staff_id,)
            )
        ]

    def barnkontakt_of(self, child_id: str) -> str | None:
        """The child's current Barnkontakt (staff id), as the store last projected it."""
        row = self.db.one(
            "SELECT barnkontakt_staff_id FROM children WHERE record_id = ?", (child_id,)
        )
        return str(row[0]) if row and row[0] else None

    def by_identity(self, canonical: str) -> str | None:
        """The record id of the child with this identity number (canonical form), now or
        in its identity history."""
        row = self.db.one("SELECT record_id FROM children WHERE identity = ?", (canonical,))
        if row is None and canonical.isalnum():
            # A number the child had before (its identity history) is among its search terms.
            row = self.db.one(
                "SELECT record_id FROM children WHERE rowid IN"
                " (SELECT rowid FROM child_search WHERE child_search MATCH ?) LIMIT 1",
                ('"' + canonical.lower() + '"',),
            )
        return str(row[0]) if row else None

    def count(self) -> int:
        return int(self.db.one("SELECT count(*) FROM children")[0])

    def protected_ids(self) -> set[str]:
        """The children whose profile says protected identity (skyddad identitet), from the
        projection's column (a partial index holds just them)."""
        return {
            str(row[0])
            for row in self.db.query(
                "SELECT record_id FROM children WHERE protected_identity = 1"
            )
        }

    def names(self) -> dict[str, str]:
        """Every child's display name by record id."""
        return {
            str(r[0]): child_display_name(r[1], r[2])
            for r in self.db.query("SELECT record_id, given_names, family_name FROM children")
        }
