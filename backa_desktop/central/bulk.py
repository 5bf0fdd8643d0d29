"""Many rows in one statement, whatever their number.

A push writes four rows per record (the record, its revision, the change log, the audit
log). The drivers' own `executemany` costs Python per row: psycopg sends one statement per
row (pipelined), SQLAlchemy's multi-row `INSERT … VALUES` makes a new query text per page
that psycopg then parses parameter by parameter, and psycopg's arrays escape every element
in Python. On PostgreSQL the rows therefore go as one JSON text (serialised in C) into a
fixed statement that the database unpacks with the table's own row type
(`json_populate_recordset`): one round trip, one parameter, one query text that psycopg
prepares once. SQLite's `executemany` runs in C and stays.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    String,
    Table,
    TextClause,
    any_,
    bindparam,
    func,
    insert,
    select,
    text,
    update,
)


@cache
def _insert_text(table: Table, columns: tuple[str, ...]) -> TextClause:
    names = ", ".join(columns)
    return text(
        f"INSERT INTO {table.name} ({names}) SELECT {names} "
        f"FROM json_populate_recordset(NULL::{table.name}, CAST(:rows AS json))"
    )


@cache
def _update_text(table: Table, key: str, columns: tuple[str, ...]) -> TextClause:
    sets = ", ".join(f"{c} = v.{c}" for c in columns if c != key)
    return text(
        f"UPDATE {table.name} SET {sets} "
        f"FROM json_populate_recordset(NULL::{table.name}, CAST(:rows AS json)) AS v "
        f"WHERE {table.name}.{key} = v.{key}"
    )


def _json(rows: Sequence[Mapping[str, Any]]) -> str:
    return json.dumps(list(rows), ensure_ascii=False, separators=(",", ":"))


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert the rows (all with the same keys: str, int, bool or None values)."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), list(rows))
        return
    conn.execute(_insert_text(table, tuple(rows[0])), {"rows": _json(rows)})


def update_rows(
    conn: Connection, table: Table, key: str, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Set each row's other columns where `key` matches (all rows with the same keys)."""
    if not rows:
        return
    columns = tuple(rows[0])
    if conn.dialect.name != "postgresql":
        statement = (
            update(table)
            .where(table.c[key] == bindparam("b_" + key))
            .values({c: bindparam("b_" + c) for c in columns if c != key})
        )
        conn.execute(statement, [{"b_" + c: row[c] for c in columns} for row in rows])
        return
    conn.execute(_update_text(table, key, columns), {"rows": _json(rows)})


@cache
def _versions_text(
    records: Table,
    revisions: Table,
    inserted: tuple[str, ...],
    updated: tuple[str, ...],
    revision_columns: tuple[str, ...],
) -> TextClause:
    new = ", ".join("v.envelope" if c == "envelope" else f"n.{c}" for c in inserted)
    sets = ", ".join(
        f"{c} = v.envelope" if c == "envelope" else f"{c} = n.{c}" for c in updated if c != "id"
    )
    kept = ", ".join(revision_columns)
    taken = ", ".join(f"n.{c}" for c in revision_columns)
    r, rv = records.name, revisions.name
    return text(
        f"WITH v AS MATERIALIZED (SELECT {taken}, e.value::text AS envelope "
        f"FROM json_populate_recordset(NULL::{rv}, CAST(:revisions AS json)) "
        "WITH ORDINALITY AS n "
        "JOIN json_array_elements(CAST(:envelopes AS json)) WITH ORDINALITY AS e "
        "ON e.ordinality = n.ordinality), "
        f"ins AS (INSERT INTO {r} ({', '.join(inserted)}) SELECT {new} "
        f"FROM json_populate_recordset(NULL::{r}, CAST(:inserts AS json)) AS n "
        "JOIN v ON v.record_id = n.id AND v.revision = n.revision), "
        f"upd AS (UPDATE {r} SET {sets} "
        f"FROM json_populate_recordset(NULL::{r}, CAST(:updates AS json)) AS n "
        f"JOIN v ON v.record_id = n.id AND v.revision = n.revision WHERE {r}.id = n.id) "
        f"INSERT INTO {rv} ({kept}, envelope) SELECT {kept}, envelope FROM v"
    )


def write_versions(
    conn: Connection,
    records: Table,
    revisions: Table,
    inserts: Sequence[dict[str, Any]],
    updates: Sequence[dict[str, Any]],
    kept: Sequence[dict[str, Any]],
    envelopes: Sequence[str],
) -> None:
    """New and changed rows of `records`, and the revision rows `kept` (without their
    envelopes, which are `envelopes`, in the same order). Each row of `records` must hold
    the envelope of its own revision among `kept`.

    On PostgreSQL in one statement where each envelope is in the parameters once and never
    escaped: the envelopes (JSON texts themselves) go side by side as one JSON array, which
    PostgreSQL's `json` type hands back verbatim (`json_array_elements(…)::text`), paired
    with their revision rows by position; the rows of `records` go without theirs and take
    it from the revision row of the same record and revision. The envelope is most of a
    row: escaping it into a JSON string was the larger part of a push's JSON encoding, and
    PostgreSQL parsed it twice."""
    if conn.dialect.name != "postgresql":
        for row, envelope in zip(kept, envelopes, strict=True):
            row["envelope"] = envelope
        insert_rows(conn, records, inserts)
        update_rows(conn, records, "id", updates)
        insert_rows(conn, revisions, kept)
        return
    if not kept:
        return
    inserted = tuple(inserts[0]) if inserts else tuple(c.name for c in records.columns)
    updated = tuple(updates[0]) if updates else ("id", "envelope")
    for row in (*inserts, *updates):
        del row["envelope"]
    statement = _versions_text(records, revisions, inserted, updated, tuple(kept[0]))
    conn.execute(
        statement,
        {
            "revisions": _json(kept),
            "envelopes": "[" + ",".join(envelopes) + "]",
            "inserts": _json(inserts),
            "updates": _json(updates),
        },
    )


def among(conn: Connection, column: ColumnElement[str], values: Sequence[str]) -> Any:
    """`column IN (values)`. On PostgreSQL as `= ANY(array)`: one parameter, so the statement
    is compiled and prepared once, where an `IN` list of 500 ids costs SQLAlchemy and psycopg
    a new 500-parameter query text each time."""
    if conn.dialect.name != "postgresql":
        return column.in_(list(values))
    return column == any_(bindparam(None, list(values), type_=ARRAY(String)))


def among_joined(conn: Connection, column: ColumnElement[str], values: Sequence[str]) -> Any:
    """`among`, written as `IN (SELECT unnest(array))` on PostgreSQL: for the small tables
    keyed by child or identity number (`child_access`, `child_identities`,
    `child_redirects`), which a push reads for its children every batch.

    psycopg prepares a statement on its fifth run and PostgreSQL may then keep a generic
    plan, in which `= ANY` of a parameter is tested element by element against every row a
    scan reads. Such a table planned while it was small (a new store, before its first
    ANALYZE) is scanned whole: reading 100 children's access rows compared each of 10,000
    rows with 100 ids, 15-25 ms at 10,000 children and growing with the store. Joined, the
    ids are hashed or each looked up in the index: never rows times ids. (Not for every
    `among`: where the planner already walks an index, the plain form stays.)"""
    if conn.dialect.name != "postgresql":
        return column.in_(list(values))
    return column.in_(select(func.unnest(bindparam(None, list(values), type_=ARRAY(String)))))
