"""A notice names at most 20 people (`ChildNotice`): a merge of two children with more current
Barnkontakt assignments than that still writes its notice, naming the one whose assignment
rules, instead of failing the push."""

from __future__ import annotations

import json
from datetime import date
from types import SimpleNamespace

from backa_desktop.central.identity_merge import barnkontakts_met_notice
from backa_desktop.domain.records import RecordType


def _rows(child: str, staff: list[str], since: str) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(
            type=RecordType.BARNKONTAKT.value,
            deleted=False,
            envelope=json.dumps({"body": {"child_id": child, "staff_id": who,
                                          "unit_id": "enhet", "valid_from": since}}),
        )
        for who in staff
    ]


def test_a_crowd_of_barnkontakts_gets_a_notice_naming_the_ruling_one() -> None:
    kept = _rows("barn-a", [f"staff-a{i:02d}" for i in range(15)], "2024-01-01")
    moved = _rows("barn-b", [f"staff-b{i:02d}" for i in range(14)], "2025-01-01")
    moved += _rows("barn-b", ["staff-zz-newest"], "2026-01-01")
    notice = barnkontakts_met_notice(kept, moved, "barn-a", date(2026, 6, 1))
    assert notice is not None
    assert notice.ruling_staff_id == "staff-zz-newest"
    assert len(notice.recipients) == 20 and "staff-zz-newest" in notice.recipients


def test_two_barnkontakts_are_both_named() -> None:
    notice = barnkontakts_met_notice(_rows("a", ["anna"], "2024-01-01"),
                                     _rows("b", ["bo"], "2025-01-01"), "a", date(2026, 6, 1))
    assert notice is not None
    assert notice.recipients == ["anna", "bo"] and notice.ruling_staff_id == "bo"
