"""Field-by-field merge of a pushed edit into the server's current record (DESIGN.md §7).

Pure functions over plain dicts, so hypothesis can hammer them without a database.

The rule: an edit carries the revision it started from (its base). Fields the edit changed
relative to the base take the new value, unless another device changed the same field since
that base to a different value: then the server keeps its value and reports a conflict that
holds both (nothing is dropped; silent last-write-wins is the bug to avoid). Changes made since
the base by the *same device* are its own earlier edits (sent before the acknowledgement of the
first came back), so its later snapshot simply supersedes them.

The deleted flag takes part in the merge as the pseudo field `DELETED_FIELD`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

DELETED_FIELD = "@deleted"

_ABSENT: Any = object()


@dataclass(frozen=True)
class Version:
    """One revision's state as the merge sees it: the body with the deleted flag folded in,
    and the device that made it."""

    fields: Mapping[str, Any]
    device: str
    author: str = ""
    """Who wrote this revision (as its envelope names them), for conflict records."""
    label: str = ""
    """The device name the revision's envelope carries (what people see), for conflict records."""
    at: str = ""


def state(body: Mapping[str, Any], deleted: bool) -> dict[str, Any]:
    merged = dict(body)
    merged[DELETED_FIELD] = deleted
    return merged


def split(fields: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    body = {k: v for k, v in fields.items() if k != DELETED_FIELD}
    return body, bool(fields.get(DELETED_FIELD, False))


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> set[str]:
    """Keys whose value differs, counting a key present on one side only."""
    keys = set(old) | set(new)
    return {k for k in keys if old.get(k, _ABSENT) != new.get(k, _ABSENT)}


@dataclass(frozen=True)
class FieldConflict:
    field: str
    base_present: bool
    base_value: Any
    server_present: bool
    server_value: Any
    incoming_present: bool
    incoming_value: Any
    kept_by: Version | None = None
    """The revision that wrote the kept value, when known: a conflict names who wrote the
    value it keeps, not who happened to write the record last."""


@dataclass
class MergeOutcome:
    fields: dict[str, Any]
    conflicts: list[FieldConflict] = field(default_factory=list)
    applied: set[str] = field(default_factory=set)


def merge(
    *,
    base: Mapping[str, Any] | None,
    history: Sequence[Version],
    incoming: Mapping[str, Any],
    incoming_device: str,
    claimed_fields: Iterable[str] | None = None,
) -> MergeOutcome:
    """Merge `incoming` (a whole-record snapshot) into the last element of `history`.

    `history` holds the server's revisions after the base, oldest first (at least the current
    one). `base` is the state the edit started from, or None when the server no longer knows
    it (then the client's `claimed_fields` decide what it changed; without those, every field
    that differs is taken as changed and clashes with every change made elsewhere).
    """
    if not history:
        raise ValueError("merge needs the server's current revision")
    current = history[-1].fields
    writer: dict[str, Version] = {}
    if base is not None:
        mine = diff(base, incoming)
        others: set[str] = set()
        previous: Mapping[str, Any] = base
        for version in history:
            changed = diff(previous, version.fields)
            for key in changed:
                writer[key] = version
            if version.device != incoming_device:
                others |= changed
            previous = version.fields
    else:
        mine = set(claimed_fields) if claimed_fields is not None else diff(current, incoming)
        others = diff(current, incoming)
        base = {}
    result = dict(current)
    outcome = MergeOutcome(fields=result)
    for key in sorted(mine):
        new = incoming.get(key, _ABSENT)
        now = current.get(key, _ABSENT)
        if new == now:
            continue
        if key in others:
            old = base.get(key, _ABSENT)
            outcome.conflicts.append(
                FieldConflict(
                    field=key,
                    base_present=old is not _ABSENT,
                    base_value=None if old is _ABSENT else old,
                    server_present=now is not _ABSENT,
                    server_value=None if now is _ABSENT else now,
                    incoming_present=new is not _ABSENT,
                    incoming_value=None if new is _ABSENT else new,
                    kept_by=writer.get(key),
                )
            )
            continue
        if new is _ABSENT:
            result.pop(key, None)
        else:
            result[key] = new
        outcome.applied.add(key)
    return outcome


def immutable_violations(
    base: Mapping[str, Any] | None, current: Mapping[str, Any], incoming: Mapping[str, Any]
) -> list[str]:
    """Fields a change to a signed (immutable) record would alter although they were already
    filled in where the edit started. Filling an empty field (a consent's withdrawal date, a
    report's "sent on") is allowed; rewriting what was signed is not: that is a new record
    that corrects the old one."""
    start = base if base is not None else current
    bad = []
    for key in sorted(diff(start, incoming)):
        old = start.get(key, _ABSENT)
        if key == DELETED_FIELD or (old is not _ABSENT and old is not None):
            bad.append(key)
    return bad
