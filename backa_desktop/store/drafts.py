"""Drafts: unsaved form typing, kept in the encrypted database so a crash or `kill -9`
loses at most the seconds since the last autosave. Drafts are local and never synced."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from backa_desktop.domain.records import utc_now
from backa_desktop.store.database import Database
from backa_desktop.store.journal import DRAFTS


@dataclass(frozen=True)
class Draft:
    key: str
    child_id: str | None
    form_id: str | None
    payload: dict[str, Any]
    updated_at: str


class DraftStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def save(
        self,
        key: str,
        payload: dict[str, Any],
        *,
        child_id: str | None = None,
        form_id: str | None = None,
    ) -> None:
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO drafts (key, child_id, form_id, payload, updated_at)"
                " VALUES (?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET child_id=excluded.child_id,"
                " form_id=excluded.form_id, payload=excluded.payload,"
                " updated_at=excluded.updated_at",
                (key, child_id, form_id, json.dumps(payload, ensure_ascii=False, default=str),
                 utc_now()),
            )
            self.db.journal.note(DRAFTS, child_id)

    def load(self, key: str) -> Draft | None:
        row = self.db.one(
            "SELECT key, child_id, form_id, payload, updated_at FROM drafts WHERE key = ?", (key,)
        )
        if not row:
            return None
        return Draft(row[0], row[1], row[2], json.loads(row[3]), row[4])

    def for_child(self, child_id: str) -> list[Draft]:
        rows = self.db.query(
            "SELECT key, child_id, form_id, payload, updated_at FROM drafts WHERE child_id = ?"
            " ORDER BY updated_at DESC",
            (child_id,),
        )
        return [Draft(r[0], r[1], r[2], json.loads(r[3]), r[4]) for r in rows]

    def delete(self, key: str) -> None:
        with self.db.transaction():
            self.db.execute("DELETE FROM drafts WHERE key = ?", (key,))
            self.db.journal.note(DRAFTS)
