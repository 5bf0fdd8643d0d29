"""Field-by-field merge (DESIGN.md §7): one-sided changes are taken, two-sided changes of the
same field become conflicts holding both values, nothing is dropped."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from backa_desktop.central.merge import DELETED_FIELD, Version, immutable_violations, merge

KEYS = ["reason", "goals", "child_view", "next_follow_up_on", "contingency"]
values = st.one_of(st.none(), st.integers(0, 3), st.sampled_from(["a", "b", "å"]))
bodies = st.dictionaries(st.sampled_from(KEYS), values, max_size=len(KEYS))


def _with_deleted(body: dict[str, Any], deleted: bool) -> dict[str, Any]:
    return {**body, DELETED_FIELD: deleted}


_MISSING = object()


@given(base=bodies, a=bodies, b=bodies, a_del=st.booleans(), b_del=st.booleans())
def test_two_devices_from_one_base(
    base: dict[str, Any], a: dict[str, Any], b: dict[str, Any], a_del: bool, b_del: bool
) -> None:
    base_s = _with_deleted(base, False)
    a_s = _with_deleted(a, a_del)
    b_s = _with_deleted(b, b_del)
    out = merge(base=base_s, history=[Version(a_s, "A")], incoming=b_s, incoming_device="B")
    conflicted = {c.field: c for c in out.conflicts}
    for key in set(base_s) | set(a_s) | set(b_s):
        old, av, bv = (d.get(key, _MISSING) for d in (base_s, a_s, b_s))
        got = out.fields.get(key, _MISSING)
        if av == old:
            assert got == bv  # only B changed it (or nobody did)
        elif bv == old or av == bv:
            assert got == av  # only A changed it, or both to the same value
        else:
            assert got == av  # the first accepted value stays ...
            c = conflicted[key]  # ... and the other is kept in a conflict
            assert (c.server_value if c.server_present else _MISSING) == av
            assert (c.incoming_value if c.incoming_present else _MISSING) == bv
            assert (c.base_value if c.base_present else _MISSING) == old
    assert set(conflicted) <= set(base_s) | set(a_s) | set(b_s)


@given(base=bodies, first=bodies, second=bodies)
def test_own_earlier_edits_are_superseded_not_conflicts(
    base: dict[str, Any], first: dict[str, Any], second: dict[str, Any]
) -> None:
    out = merge(
        base=_with_deleted(base, False),
        history=[Version(_with_deleted(first, False), "A")],
        incoming=_with_deleted(second, False),
        incoming_device="A",
    )
    assert out.conflicts == []
    for key in set(base) | set(second):
        if base.get(key, _MISSING) != second.get(key, _MISSING):
            assert out.fields.get(key, _MISSING) == second.get(key, _MISSING)


def test_unknown_base_uses_claimed_fields() -> None:
    current = {"reason": "server", "goals": 1, DELETED_FIELD: False}
    incoming = {"reason": "client", "goals": 2, DELETED_FIELD: False}
    out = merge(
        base=None,
        history=[Version(current, "A")],
        incoming=incoming,
        incoming_device="B",
        claimed_fields=["goals"],
    )
    assert out.fields["reason"] == "server"
    assert [c.field for c in out.conflicts] == ["goals"]


def test_signed_records_only_fill_empty_fields() -> None:
    base = {"text": "signerad", "withdrawn_on": None, DELETED_FIELD: False}
    assert immutable_violations(base, base, {**base, "withdrawn_on": "2026-11-23"}) == []
    assert immutable_violations(base, base, {**base, "text": "ändrad"}) == ["text"]
    assert immutable_violations(base, base, {**base, DELETED_FIELD: True}) == [DELETED_FIELD]
