"""Write the fixture database of the current schema version (run once per released schema):

    .venv/bin/python -m tests.store.make_fixtures

Each file is encrypted with FIXTURE_KEY and holds a small, fictional folder, so every later
migration is tested against real data from every earlier schema (style.md practice 7).
"""

from __future__ import annotations

from pathlib import Path

from backa_desktop.domain.records import RecordType
from backa_desktop.store.audit import AuditLog
from backa_desktop.store.database import Database
from backa_desktop.store.migrations import LATEST, migrate
from backa_desktop.store.records import RecordRepository

FIXTURE_KEY = bytes.fromhex("42" * 32)
FIXTURES = Path(__file__).parent / "fixtures"


def write_fixture() -> Path:
    path = FIXTURES / f"schema-v{LATEST}.db"
    path.unlink(missing_ok=True)
    db = Database(path, FIXTURE_KEY, create=True)
    migrate(db)
    audit = AuditLog(db, actor="fixture", device="fixture")
    repo = RecordRepository(db, audit, actor="fixture", device="fixture")
    child = repo.create(
        RecordType.CHILD,
        {"given_names": "Fixtur", "family_name": "Testsson", "identity": "201701012393",
         "birth_date": "2017-01-01"},
    )
    repo.create(
        RecordType.NOTE,
        {"child_id": child.id, "happened_on": "2026-01-02", "text": "Första anteckningen"},
        child_id=child.id,
    )
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    return path


if __name__ == "__main__":
    print(write_fixture())
