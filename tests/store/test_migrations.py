"""Schema migrations: fresh folders reach the latest version; upgrades copy the file first;
a folder from a newer app is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from backa_desktop.domain.records import RecordType
from backa_desktop.store.audit import AuditLog
from backa_desktop.store.children import ChildIndex
from backa_desktop.store.database import Database
from backa_desktop.store.migrations import (
    LATEST,
    MIGRATIONS,
    Migration,
    SchemaTooNew,
    migrate,
    schema_version,
)
from backa_desktop.store.records import RecordRepository

KEY = bytes(range(32))


def test_fresh_database_reaches_latest(tmp_path: Path) -> None:
    db = Database(tmp_path / "x.db", KEY, create=True)
    assert migrate(db) == [m.version for m in MIGRATIONS]
    assert schema_version(db) == LATEST
    assert migrate(db) == []
    db.close()


def test_upgrade_copies_the_file_first(tmp_path: Path) -> None:
    db = Database(tmp_path / "x.db", KEY, create=True)
    migrate(db)
    db.execute("INSERT INTO settings VALUES ('k', 'v')")

    def add_table(d: Database) -> None:
        d.execute("CREATE TABLE extra (x)")

    newer = (*MIGRATIONS, Migration(LATEST + 1, "test", add_table))
    assert migrate(db, newer) == [LATEST + 1]
    backup = tmp_path / "backups" / f"before-schema-{LATEST + 1}.db"
    assert backup.exists()
    db.close()
    old = Database(backup, KEY)  # still encrypted, with the same key
    assert schema_version(old) == LATEST
    assert old.one("SELECT value FROM settings WHERE key='k'")[0] == "v"
    old.close()


def test_failed_migration_rolls_back(tmp_path: Path) -> None:
    db = Database(tmp_path / "x.db", KEY, create=True)
    migrate(db)

    def broken(d: Database) -> None:
        d.execute("CREATE TABLE half (x)")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        migrate(db, (*MIGRATIONS, Migration(LATEST + 1, "broken", broken)))
    assert schema_version(db) == LATEST
    assert db.one("SELECT count(*) FROM sqlite_master WHERE name='half'")[0] == 0
    db.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = Database(tmp_path / "x.db", KEY, create=True)
    migrate(db)
    db.execute(f"PRAGMA user_version = {LATEST + 5}")
    with pytest.raises(SchemaTooNew, match="nyare version"):
        migrate(db)
    db.close()


@pytest.mark.parametrize(
    "fixture", sorted((Path(__file__).parent / "fixtures").glob("schema-v*.db")), ids=str
)
def test_every_released_schema_upgrades_with_its_data(fixture: Path, tmp_path: Path) -> None:
    from tests.store.make_fixtures import FIXTURE_KEY

    copy = tmp_path / "backa.db"
    copy.write_bytes(fixture.read_bytes())
    db = Database(copy, FIXTURE_KEY)
    migrate(db)
    assert schema_version(db) == LATEST
    names = db.query("SELECT given_names FROM children")
    assert names == [("Fixtur",)]
    assert db.one("SELECT count(*) FROM records WHERE type = 'note'")[0] == 1
    db.close()


def test_a_fixture_exists_for_the_latest_schema() -> None:
    assert (Path(__file__).parent / "fixtures" / f"schema-v{LATEST}.db").exists(), (
        "run `python -m tests.store.make_fixtures` after adding a migration"
    )


def test_version_3_fills_the_protected_identity_column_from_the_profiles(
    tmp_path: Path,
) -> None:
    """A folder of schema 2 with one protected child, one not, and one whose profile was
    deleted: after the upgrade the projection's column says which is protected, and the
    list reads it from there."""
    db = Database(tmp_path / "x.db", KEY, create=True)
    migrate(db, MIGRATIONS[:2])
    children = {"c-hidden": True, "c-open": False, "c-gone": True}
    for number, (child_id, protected) in enumerate(children.items()):
        body = (
            '{"given_names": "Test", "family_name": "Testsson", "identity": "20170101239'
            + str(number)
            + '", "protected_identity": '
            + ("true" if protected else "false")
            + "}"
        )
        db.execute(
            "INSERT INTO records (id, type, child_id, body, revision, base_revision, author,"
            " device, created_at, updated_at, deleted) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (child_id, "child", child_id, body, 1, 0, "a", "d", "2026-01-01", "2026-01-01",
             int(child_id == "c-gone")),
        )
        db.execute(
            "INSERT INTO children (record_id, given_names, family_name, identity, updated_at)"
            " VALUES (?, 'Test', 'Testsson', ?, '2026-01-01')",
            (child_id, f"20170101239{number}"),
        )
    assert migrate(db, MIGRATIONS[:3]) == [3]
    flags = dict(db.query("SELECT record_id, protected_identity FROM children"))
    assert flags == {"c-hidden": 1, "c-open": 0, "c-gone": 0}
    index = ChildIndex(db)
    assert index.protected_ids() == {"c-hidden"}
    summaries = index.summaries(["c-hidden", "c-open"])
    assert summaries["c-hidden"].protected_identity
    assert not summaries["c-open"].protected_identity
    # A profile written after the upgrade keeps the column in step, both ways.
    repo = RecordRepository(db, AuditLog(db, actor="a", device="d"), actor="a", device="d")
    made = repo.create(
        RecordType.CHILD,
        {"given_names": "Ny", "family_name": "Testsson", "identity": "201701012393",
         "birth_date": "2017-01-01", "protected_identity": True},
    )
    assert made.id in index.protected_ids()
    repo.update(made.id, {**made.body, "protected_identity": False})
    assert made.id not in index.protected_ids()
    db.close()


def test_version_4_keeps_every_revision_in_an_ordinary_table(tmp_path: Path) -> None:
    """A folder of schema 3 with a record edited twice: after the upgrade the table is a
    rowid table (no overflow page per ~1 KB revision), the history reads as before, and new
    edits add to it."""
    db = Database(tmp_path / "x.db", KEY, create=True)
    migrate(db, MIGRATIONS[:3])
    repo = RecordRepository(db, AuditLog(db, actor="a", device="d"), actor="a", device="d")
    child = repo.create(
        RecordType.CHILD,
        {"given_names": "Test", "family_name": "Testsson", "identity": "201701012393",
         "birth_date": "2017-01-01"},
    )
    repo.update(child.id, {**child.body, "given_names": "Testa"})
    before = repo.history(child.id)
    assert len(before) == 2
    assert migrate(db) == [4]
    sql = db.one("SELECT sql FROM sqlite_master WHERE name = 'record_revisions'")[0]
    assert "WITHOUT ROWID" not in sql.upper()
    assert db.one("SELECT count(*) FROM sqlite_master WHERE name = 'record_revisions_v4'") == (0,)
    assert repo.history(child.id) == before
    repo.update(child.id, {**child.body, "given_names": "Testan"})
    assert [r.revision for r in repo.history(child.id)] == [1, 2, 3]
    with pytest.raises(Exception, match="UNIQUE"):
        db.execute(
            "INSERT INTO record_revisions (record_id, revision, body, author, device,"
            " updated_at) VALUES (?, 1, '{}', 'a', 'd', 'x')",
            (child.id,),
        )
    db.close()
