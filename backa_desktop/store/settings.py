"""Small local settings kept inside the encrypted database (who "I" am, idle minutes)."""

from __future__ import annotations

from backa_desktop.store.database import Database


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.one("SELECT value FROM settings WHERE key = ?", (key,))
    return str(row[0]) if row else default


def set_setting(db: Database, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
    db.journal.note_setting(key)
