"""Laptop audit chains built by hand, for tests that need events at chosen times."""

from __future__ import annotations

import uuid
from typing import Any

from backa_desktop.domain.audit_chain import GENESIS, digest


class Chain:
    """One laptop folder's audit log: events chained exactly as the laptop chains them."""

    def __init__(self, actor: str) -> None:
        self.device = uuid.uuid4().hex
        self.actor = actor
        self.head = GENESIS
        self.events: list[dict[str, Any]] = []

    def add(self, action: str, at: str, child_id: str | None = None) -> dict[str, Any]:
        event_id = uuid.uuid4().hex
        fields = [event_id, at, self.actor, self.device, action, child_id, child_id, ""]
        event = {
            "id": event_id,
            "at": at,
            "actor": self.actor,
            "device": self.device,
            "action": action,
            "record_id": child_id,
            "child_id": child_id,
            "detail": "",
            "prev_hash": self.head,
            "hash": digest(self.head, *fields),
        }
        self.head = event["hash"]
        self.events.append(event)
        return event
