"""Versioned schema migrations, tracked in `PRAGMA user_version`.

Before upgrading an existing folder the database file is copied (still encrypted) to
`backups/`, so a failed upgrade never costs a nurse her notes (style.md practice 7). A folder
written by a newer app version is refused rather than half-understood.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass

from backa_desktop.domain.errors import UserError
from backa_desktop.store.database import Database


class SchemaTooNew(UserError):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Database], None]


def _script(sql: str) -> Callable[[Database], None]:
    def run(db: Database) -> None:
        for statement in sql.split(";\n"):
            if statement.strip():
                db.execute(statement)

    return run


V1 = """
CREATE TABLE records (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    child_id TEXT,
    body TEXT NOT NULL,
    revision INTEGER NOT NULL,
    base_revision INTEGER NOT NULL,
    author TEXT NOT NULL,
    device TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    sync_state TEXT NOT NULL DEFAULT 'pending',
    sync_error TEXT,
    server_seq INTEGER
);
CREATE INDEX records_child_type ON records(child_id, type, created_at);
CREATE INDEX records_type ON records(type, updated_at);
CREATE INDEX records_unsynced ON records(sync_state) WHERE sync_state != 'synced';
CREATE TABLE record_revisions (
    record_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    body TEXT NOT NULL,
    author TEXT NOT NULL,
    device TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (record_id, revision)
) WITHOUT ROWID;
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id TEXT NOT NULL UNIQUE,
    record_id TEXT NOT NULL,
    record TEXT NOT NULL,
    changed_fields TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_record ON outbox(record_id);
CREATE TABLE sync_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE audit_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    device TEXT NOT NULL,
    action TEXT NOT NULL,
    record_id TEXT,
    child_id TEXT,
    detail TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    synced INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX audit_child ON audit_events(child_id, seq);
CREATE TABLE children (
    rowid INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL UNIQUE,
    given_names TEXT NOT NULL,
    family_name TEXT NOT NULL,
    identity TEXT NOT NULL,
    birth_date TEXT,
    unit_id TEXT,
    status TEXT,
    barnkontakt_staff_id TEXT,
    follow_up_due TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX children_name ON children(family_name, given_names);
CREATE INDEX children_unit ON children(unit_id);
CREATE INDEX children_barnkontakt ON children(barnkontakt_staff_id);
CREATE INDEX children_follow_up ON children(follow_up_due) WHERE follow_up_due IS NOT NULL;
CREATE INDEX children_status ON children(status);
CREATE INDEX children_identity ON children(identity);
CREATE VIRTUAL TABLE child_search USING fts5(
    terms, content='', contentless_delete=1,
    tokenize="unicode61 remove_diacritics 2", prefix='1 2 3 4'
);
CREATE TABLE drafts (
    key TEXT PRIMARY KEY,
    child_id TEXT,
    form_id TEXT,
    payload TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""

# Inbox and task queries look records up by a person in their body ("decisions I made",
# "actions assigned to my unit"). Partial expression indexes answer those without reading
# every body of the folder (1,000,000 records at municipal scale); the queries must spell the
# same expression and the literal type (RecordRepository.find_by).
INDEXED_BODY_FIELDS: dict[str, tuple[str, ...]] = {
    "decision": ("decided_by", "notify_upptackare"),
    "plan": ("barnkontakt_staff_id", "stodsamordnare_staff_id", "responsible_unit_id"),
    "plan_action": ("responsible_staff_id", "responsible_unit_id"),
    "form_response": ("signed_by",),
}

V2 = ";\n".join(
    f"CREATE INDEX records_{rtype}_{field} ON records(json_extract(body, '$.{field}'))"
    f" WHERE type = '{rtype}'"
    for rtype, fields in INDEXED_BODY_FIELDS.items()
    for field in fields
)

# Protected identity (skyddad folkbokföring) as a column of the child projection: every list
# page and inbox row marks such a child, and reading the flag from each profile's body per row
# (a look-up in `records` and a JSON parse) cost every page; the flag is filled in from the
# profiles as they are.
V3 = """
ALTER TABLE children ADD COLUMN protected_identity INTEGER NOT NULL DEFAULT 0;
UPDATE children SET protected_identity = 1 WHERE record_id IN (
    SELECT id FROM records WHERE type = 'child' AND deleted = 0
    AND json_extract(body, '$.protected_identity') = 1
);
CREATE INDEX children_protected ON children(record_id) WHERE protected_identity = 1
"""

# Kept revisions as an ordinary (rowid) table. `WITHOUT ROWID` stores each row inside its
# primary key's b-tree, where a row may take at most about a sixteenth of a page before the
# rest spills to an overflow page: a revision of a ~1 KB record (most of them) then took two
# pages, and a first pull of a municipality wrote about 1.7 times the bytes it needed. In a
# rowid table the rows are appended in insertion order and the key is a small index beside it.
_REVISION_COLUMNS = "record_id, revision, body, author, device, updated_at, deleted"
V4 = f"""
CREATE TABLE record_revisions_v4 (
    record_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    body TEXT NOT NULL,
    author TEXT NOT NULL,
    device TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (record_id, revision)
);
INSERT INTO record_revisions_v4 ({_REVISION_COLUMNS})
    SELECT {_REVISION_COLUMNS} FROM record_revisions ORDER BY record_id, revision;
DROP TABLE record_revisions;
ALTER TABLE record_revisions_v4 RENAME TO record_revisions
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _script(V1)),
    Migration(2, "indexes on people named in record bodies", _script(V2)),
    Migration(3, "protected identity in the child projection", _script(V3)),
    Migration(4, "kept revisions in an ordinary table", _script(V4)),
)

LATEST = MIGRATIONS[-1].version


def schema_version(db: Database) -> int:
    row = db.one("PRAGMA user_version")
    return int(row[0])


def migrate(db: Database, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Bring the schema to the latest version; return the versions applied."""
    current = schema_version(db)
    latest = migrations[-1].version
    if current > latest:
        raise SchemaTooNew("database.schema_too_new", current=current, latest=latest)
    pending = [m for m in migrations if m.version > current]
    if pending and current > 0:
        backup_dir = db.path.parent / "backups"
        backup_dir.mkdir(mode=0o700, exist_ok=True)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(db.path, backup_dir / f"before-schema-{pending[0].version}.db")
    for migration in pending:
        with db.transaction():
            migration.apply(db)
            db.execute(f"PRAGMA user_version = {int(migration.version)}")
    return [m.version for m in pending]
