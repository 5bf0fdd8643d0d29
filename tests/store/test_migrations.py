"""Schema migrations: fresh folders reach the latest version; upgrades copy the file first;
a folder from a newer app is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from backa_desktop.store.database import Database
from backa_desktop.store.migrations import (
    LATEST,
    MIGRATIONS,
    Migration,
    SchemaTooNew,
    migrate,
    schema_version,
)

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
