"""The structural checks of a pushed change, made before anything is read or locked: a batch
with one invalid change is refused whole, and nothing is stored."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from pydantic import ValidationError

from backa_desktop.central.merge import DELETED_FIELD
from backa_desktop.domain.bodies import BODY_MODELS
from backa_desktop.domain.records import RecordType
from backa_desktop.domain.teams import Team, TeamKind
from backa_desktop.sync.protocol import MAX_BODY_BYTES, InvalidChange, PushChange

MAX_REVISION = 2**31 - 1

UNIT_TYPES = frozenset({RecordType.UNIT, RecordType.STAFF})
"""The shared directory's records: units and staff, about no child."""


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _is_uuid(value: str) -> bool:
    """What `uuid.UUID` accepts. The ids every client sends (lowercase, with hyphens) are
    matched by one compiled pattern; anything else goes to `uuid.UUID`, which also takes
    braces, capitals and the `urn:uuid:` prefix — the same answer at a fraction of the cost
    for the common case."""
    if _CANONICAL_UUID.fullmatch(value):
        return True
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical(data: Any) -> str:
    """One JSON text per value (sorted keys, no spaces): what is hashed and size-checked.
    (`json.dumps` with these options builds a new encoder per call.)"""
    return _CANONICAL.encode(data)


def validate_change(change: PushChange, whole_bytes: int | None = None) -> InvalidChange | None:
    """Structural checks and the bodies the server relies on; None when the change is fine.

    `whole_bytes` is the size of the whole change's canonical JSON when the caller has it
    (the push hashes that text): the body's canonical JSON is part of it, so a change no
    larger than the body limit needs no second serialisation of its body."""
    record = change.record

    def bad(reason: str) -> InvalidChange:
        return InvalidChange(change_id=change.change_id, reason=reason)

    if not (_is_uuid(record.id) and (record.child_id is None or _is_uuid(record.child_id))):
        return bad("record id and child id must be UUIDs")
    if (whole_bytes is None or whole_bytes > MAX_BODY_BYTES) and len(
        canonical(record.body).encode("utf-8")
    ) > MAX_BODY_BYTES:
        return bad("record body too large")
    if not 0 <= record.base_revision < record.revision <= MAX_REVISION:
        return bad("revision must be at least 1 and greater than base_revision")
    if change.changed_fields is not None and len(change.changed_fields) > 1000:
        return bad("too many changed fields")
    needs_child = record.type not in (UNIT_TYPES | {RecordType.CHILD, RecordType.TEAM})
    if needs_child and record.child_id is None:
        return bad(f"a {record.type.value} record must name its child")
    if record.type == RecordType.CHILD and record.child_id not in (None, record.id):
        return bad("a child record's child_id must be its own id")
    body_child = record.body.get("child_id")
    if body_child is not None and record.type != RecordType.CHILD and body_child != record.child_id:
        return bad("body child_id differs from the envelope's child_id")
    if record.type == RecordType.CONFLICT and not isinstance(record.body.get("record_id"), str):
        return bad("a conflict record must name its record")
    # The same models the laptop validates with (domain.bodies); the server also reads the
    # access-deciding ones, where a malformed body would silently grant or withhold access.
    model = BODY_MODELS.get(record.type)
    if model is not None and not record.deleted:
        try:
            parsed = model.model_validate(record.body)
        except ValidationError as exc:
            fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
            return bad("invalid body: " + (", ".join(fields) or "(body)"))
        except ValueError:
            return bad("invalid body")
        if isinstance(parsed, Team) and (
            (parsed.kind is TeamKind.INDIVIDUELLT_BARNTEAM and parsed.child_id != record.child_id)
            or (parsed.kind is TeamKind.BARNTEAM and record.child_id is not None)
        ):
            return bad("team kind and child do not match")
    if DELETED_FIELD in (change.changed_fields or []) and not isinstance(record.deleted, bool):
        return bad("deleted must be a boolean")
    return None
