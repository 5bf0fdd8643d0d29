"""The record envelope: the one shape every synced thing travels in.

Every piece of data that leaves the laptop (a child's profile, a signed card, a plan action,
a consent) is a record. The envelope carries what sync and the audit trail need; the body is
validated by the pydantic model registered for its type. Keeping the envelope in `domain`
lets the local store, the sync client and the central store share one definition.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class RecordType(StrEnum):
    """Record types. Mutable ones merge field by field on sync; the rest never conflict."""

    UNIT = "unit"
    STAFF = "staff"
    CHILD = "child"
    BARNKONTAKT = "barnkontakt"  # time-bounded Barnkontakt assignment
    TEAM = "team"  # Barnteam / Individuellt barnteam membership
    CONSENT = "consent"
    FORM_RESPONSE = "form_response"  # signed Upptäckarkort, Fem frågor, Samtal, Skattning ...
    DECISION = "decision"  # a decision in the stödprocess (status change)
    PLAN = "plan"  # Barnets plan (one per child)
    PLAN_ACTION = "plan_action"
    OROSANMALAN = "orosanmalan"
    NOTE = "note"  # timeline entry written by hand
    CONFLICT = "conflict"  # both values of a field changed on two devices
    NOTICE = "notice"  # written by the central store only: a merged registration (notices.py)


MUTABLE_TYPES: frozenset[RecordType] = frozenset(
    {
        RecordType.UNIT,
        RecordType.STAFF,
        RecordType.CHILD,
        RecordType.BARNKONTAKT,
        RecordType.TEAM,
        RecordType.PLAN,
        RecordType.PLAN_ACTION,
        RecordType.OROSANMALAN,
        RecordType.CONFLICT,
    }
)


def is_mutable(record_type: RecordType | str) -> bool:
    return RecordType(record_type) in MUTABLE_TYPES


def subject_child(
    record_type: RecordType | str, record_id: str, child_id: str | None
) -> str | None:
    """The child a record is about: a child profile is its own child, every other record
    names its child in the envelope (or none: units, staff, a unit's Barnteam).

    One rule for everything keyed by child (access on the server, the audit trail, the
    outbox's "unsent changes for this child", a purge), so a child profile is never filed
    under one key in one place and another elsewhere."""
    return record_id if RecordType(record_type) == RecordType.CHILD else child_id


def uuid7() -> str:
    """A time-ordered UUID (RFC 9562 v7): ids sort by creation, which keeps indexes local."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def utc_now() -> str:
    """Timestamps are ISO 8601 UTC strings with milliseconds: sortable as text in SQL."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Record(BaseModel):
    """A record envelope. `revision` counts accepted edits; `base_revision` is what an edit
    started from (0 for a new record), which is what field-by-field merge needs."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=uuid7)
    type: RecordType
    child_id: str | None = None
    body: dict[str, Any]
    revision: int = 1
    base_revision: int = 0
    author: str
    device: str
    created_at: str = Field(default_factory=utc_now)
    updated_at: str = Field(default_factory=utc_now)
    deleted: bool = False

    @property
    def subject_child(self) -> str | None:
        """The child this record is about (see `subject_child`)."""
        return subject_child(self.type, self.id, self.child_id)
