"""Fictional records for the central store's tests (test-series identity numbers only)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from backa_desktop.domain.identity import test_series_number
from backa_desktop.domain.records import Record, RecordType, uuid7
from tests.services.workflow_helpers import CHILD_IDENTITY

# Numbers fixed elsewhere are never handed out: the workflow folders' Sixten
# (tests/services/workflow_helpers.CHILD_IDENTITY, also used by stats_data), which tests push
# to the same central store.
_USED: set[str] = {CHILD_IDENTITY}
_SERIAL = itertools.count()
# Months whose numbers tests ask for by name (`unique_identity(date(2008, 3, 12))`: the disposal
# tests' children born in March 2008). The test series has only 56 numbers a month, so
# `unique_birth`, which walks the days from 2008-01-01, leaves these months to them.
_NAMED_MONTHS = frozenset({(2008, 3)})


def unique_identity(born: date) -> str:
    """A test-series personnummer for a child born in `born`'s month that no other child of
    this test run has: the central store keeps one child per identity number, so two
    children meant to be different must not share one. The number's day may be another day
    of the same month (domain.md §4.1), which the profile accepts."""
    for day in range(1, 29):
        for female in (False, True):
            number = test_series_number(date(born.year, born.month, day), female=female)
            if number not in _USED:
                _USED.add(number)
                return number
    raise RuntimeError(f"no test number left for {born:%Y-%m}")


def unique_birth() -> tuple[str, str]:
    """A birth date and a personnummer no other child of this test run has."""
    while True:
        born = date(2008, 1, 1) + timedelta(days=next(_SERIAL) // 2)
        if (born.year, born.month) in _NAMED_MONTHS:
            continue
        for female in (False, True):
            number = test_series_number(born, female=female)
            if number not in _USED:
                _USED.add(number)
                return number, born.isoformat()


def child(author: str, *, given: str = "Test", family: str = "Testsson") -> Record:
    record_id = uuid7()
    identity, born = unique_birth()
    return Record(
        id=record_id,
        child_id=record_id,  # as the local store writes it: a child belongs to itself
        type=RecordType.CHILD,
        body={
            "given_names": given,
            "family_name": family,
            "identity": identity,
            "birth_date": born,
        },
        author=author,
        device="dev",
    )


def child_id_of(record: Record) -> str:
    return record.id


def barnkontakt(
    child_id: str,
    staff_id: str,
    unit_id: str,
    *,
    valid_from: str = "2020-01-01",
    valid_to: str | None = None,
    author: str = "x",
) -> Record:
    return Record(
        type=RecordType.BARNKONTAKT,
        child_id=child_id,
        body={
            "child_id": child_id,
            "staff_id": staff_id,
            "unit_id": unit_id,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "handover_note": "",
        },
        author=author,
        device="dev",
    )


def individual_team(
    child_id: str, members: list[str], *, stodsamordnare: str | None = None, author: str = "x"
) -> Record:
    return Record(
        type=RecordType.TEAM,
        child_id=child_id,
        body={
            "kind": "individuellt_barnteam",
            "child_id": child_id,
            "members": [
                {"staff_id": m, "agency": "skola", "joined_on": "2020-01-01"} for m in members
            ],
            "stodsamordnare_staff_id": stodsamordnare,
        },
        author=author,
        device="dev",
    )


def consent(
    child_id: str,
    *,
    scopes: tuple[str, ...] = ("individuellt_barnteam",),
    withdrawn_on: str | None = None,
    author: str = "x",
) -> Record:
    return Record(
        type=RecordType.CONSENT,
        child_id=child_id,
        body={
            "child_id": child_id,
            "party": "vardnadshavare_1",
            "type": "skriftligt",
            "scopes": list(scopes),
            "obtained_by": author,
            "given_on": "2020-01-01",
            "withdrawn_on": withdrawn_on,
        },
        author=author,
        device="dev",
    )


def note(child_id: str, text: str = "Samtal med vårdnadshavare", author: str = "x") -> Record:
    return Record(
        type=RecordType.NOTE,
        child_id=child_id,
        body={"child_id": child_id, "happened_on": "2026-11-20", "text": text},
        author=author,
        device="dev",
    )


def plan(child_id: str, author: str = "x", **fields: Any) -> Record:
    body = {"child_id": child_id, "reason": "", "goals": [], "child_view": ""}
    body.update(fields)
    return Record(type=RecordType.PLAN, child_id=child_id, body=body, author=author, device="dev")


def orosanmalan(child_id: str, reporter: str, unit: str, *, status: str = "skickad") -> Record:
    return Record(
        type=RecordType.OROSANMALAN,
        child_id=child_id,
        body={
            "child_id": child_id,
            "concern": "Barnet berättar om våld hemma.",
            "reporter_staff_id": reporter,
            "reporter_unit_id": unit,
            "status": status,
            "created_on": "2026-11-20",
            "sent_on": "2026-11-20" if status != "upprattad" else None,
            "legal_reference_id": "sol-2025",
            "legal_reference": "SoL (2025:400)",
            "legal_reference_table_version": "1",
        },
        author=reporter,
        device="dev",
    )


def edit(record: Record, *, base: int, **changes: Any) -> Record:
    body = dict(record.body)
    body.update(changes)
    return record.model_copy(update={"body": body, "base_revision": base, "revision": base + 1})


def change(
    record: Record, change_id: str | None = None, changed_fields: list[str] | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "change_id": change_id or uuid7(),
        "record": record.model_dump(mode="json"),
    }
    if changed_fields is not None:
        out["changed_fields"] = changed_fields
    return out
