"""The audit log's hash chain, shared by the laptop (which writes it) and the central store
(which checks every event it receives against it).

Each event's hash covers the previous event's hash and every field of the event, so an
edited, removed or re-ordered event breaks the chain. Kept in `domain` because both sides
must compute exactly the same digest: a difference would make every honest laptop look
tampered with.
"""

from __future__ import annotations

import hashlib
import json

GENESIS = "0" * 64
"""The `prev_hash` of a chain's first event."""

READ_ACTIONS = frozenset({"read", "preview", "reveal_identity"})
"""Actions that show a child's data on the screen."""

PRINT_EXPORT_ACTIONS = frozenset({"print", "export"})
"""Actions that take a child's data out of the encrypted store (paper, files)."""


def digest(
    prev_hash: str,
    event_id: str,
    at: str,
    actor: str,
    device: str,
    action: str,
    record_id: str | None,
    child_id: str | None,
    detail: str,
) -> str:
    canonical = json.dumps(
        [prev_hash, event_id, at, actor, device, action, record_id, child_id, detail],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
