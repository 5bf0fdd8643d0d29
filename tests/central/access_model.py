"""An executable model of docs/central.md's access table: who may see which record, as a
plain function of the records, the accounts and the date at one moment.

Written from the documentation, independently of `backa_desktop.central.access` (it does not
import it, nor the domain's consent and team helpers), so a test can hold the server's answers
against it: a body the model says the caller may not see must never reach the caller.

The table, as enforced:

- Records without a child (units, staff, unit Barnteams) are a directory everyone sees.
- **Full access** to a child (everything about it except reports of concern): its current
  Barnkontakt (an assignment valid today); the Stödsamordnare of its Individuellt barnteam
  (`stodsamordnare_staff_id`, or an active member with that role); active members of that
  team while a consent covering `individuellt_barnteam` is in force; active members of the
  Barnteam of a current Barnkontakt's unit while a consent covering `barnteam` is in force;
  and the person who registered the child, until any Barnkontakt assignment exists.
- **Partial access** (the child's profile only): social services once a report of concern
  about the child is sent; the unit lead of a reporter's unit (the unit of the account that
  wrote the report).
- A report of concern is seen by its reporter (the account that created it), by social
  services once it is sent, and by the unit lead of the reporter's unit (drafts too); never
  through full access.
- A conflict record is seen exactly like the record it is about.
- Writing a record gives no right to see later versions of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

CHILD = "child"
BARNKONTAKT = "barnkontakt"
TEAM = "team"
CONSENT = "consent"
OROSANMALAN = "orosanmalan"
CONFLICT = "conflict"
DRAFT = "upprattad"


@dataclass(frozen=True)
class Account:
    id: str
    roles: frozenset[str]
    unit_id: str | None


@dataclass(frozen=True)
class Rec:
    """A record's current version as stored, with the account that created it."""

    id: str
    type: str
    child_id: str | None
    body: dict[str, Any]
    created_by: str
    deleted: bool

    @staticmethod
    def from_row(row: Any) -> Rec:
        envelope = json.loads(row.envelope)
        return Rec(
            id=row.id,
            type=row.type,
            child_id=row.child_id,
            body=envelope.get("body") or {},
            created_by=row.created_by,
            deleted=bool(row.deleted),
        )


@dataclass(frozen=True)
class Moment:
    """Everything the access table depends on."""

    records: dict[str, Rec]
    accounts: dict[str, Account]
    today: date


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _active(start: Any, end: Any, on: date) -> bool:
    first, last = _day(start), _day(end)
    return first is not None and first <= on and (last is None or on <= last)


def _about(moment: Moment, child_id: str, kind: str) -> list[Rec]:
    return [
        r
        for r in moment.records.values()
        if r.child_id == child_id and r.type == kind and not r.deleted
    ]


def consent_in_force(moment: Moment, child_id: str, scope: str) -> bool:
    """Per party, the latest event up to today decides (a withdrawal wins over a consent given
    the same day); any party's withdrawal stops the sharing; one consenting party allows it."""
    events: dict[str, list[tuple[date, int, bool]]] = {}
    for rec in _about(moment, child_id, CONSENT):
        body = rec.body
        if scope not in body.get("scopes", []):
            continue
        given = _day(body.get("given_on"))
        if given is None or given > moment.today:
            continue
        party = str(body.get("party"))
        withdrawn = _day(body.get("withdrawn_on"))
        expires = _day(body.get("expires_on"))
        if withdrawn is not None and withdrawn <= moment.today:
            events.setdefault(party, []).append((withdrawn, 1, False))
        elif expires is not None and expires < moment.today:
            continue
        else:
            events.setdefault(party, []).append((given, 0, True))
    states = [max(items)[2] for items in events.values() if items]
    return bool(states) and all(states)


def full_access(moment: Moment, child_id: str) -> set[str]:
    today = moment.today
    assignments = _about(moment, child_id, BARNKONTAKT)
    current = [
        a.body
        for a in assignments
        if _active(a.body.get("valid_from"), a.body.get("valid_to"), today)
    ]
    full = {str(a["staff_id"]) for a in current}
    child = moment.records.get(child_id)
    if not assignments and child is not None and not child.deleted:
        full.add(child.created_by)
    individual = consent_in_force(moment, child_id, "individuellt_barnteam")
    for team in _about(moment, child_id, TEAM):
        if team.body.get("kind") != "individuellt_barnteam":
            continue
        active = [
            m
            for m in team.body.get("members", [])
            if _active(m.get("joined_on"), m.get("left_on"), today)
        ]
        if team.body.get("stodsamordnare_staff_id"):
            full.add(str(team.body["stodsamordnare_staff_id"]))
        full |= {str(m["staff_id"]) for m in active if m.get("role") == "stodsamordnare"}
        if individual:
            full |= {str(m["staff_id"]) for m in active}
    units = {a.get("unit_id") for a in current}
    if units and consent_in_force(moment, child_id, "barnteam"):
        for team in moment.records.values():
            body = team.body
            if (
                team.type == TEAM
                and team.child_id is None
                and not team.deleted
                and body.get("kind") == "barnteam"
                and body.get("unit_id") in units
            ):
                full |= {
                    str(m["staff_id"])
                    for m in body.get("members", [])
                    if _active(m.get("joined_on"), m.get("left_on"), today)
                }
                if body.get("stodsamordnare_staff_id"):
                    full.add(str(body["stodsamordnare_staff_id"]))
    return full


def _reporter_unit(moment: Moment, report: Rec) -> str | None:
    account = moment.accounts.get(report.created_by)
    return account.unit_id if account else None


def _sent(report: Rec) -> bool:
    return bool(report.body.get("status", DRAFT) != DRAFT)


def partial_access(moment: Moment, child_id: str) -> set[str]:
    reports = _about(moment, child_id, OROSANMALAN)
    if not reports:
        return set()
    sent = any(_sent(r) for r in reports)
    units = {_reporter_unit(moment, r) for r in reports} - {None}
    return {
        a.id
        for a in moment.accounts.values()
        if (sent and "socialtjanst" in a.roles) or ("unit_lead" in a.roles and a.unit_id in units)
    }


def _may_see_report(moment: Moment, account: Account, report: Rec) -> bool:
    if report.created_by == account.id:
        return True
    if _sent(report) and "socialtjanst" in account.roles:
        return True
    return "unit_lead" in account.roles and account.unit_id == _reporter_unit(moment, report)


def may_see(moment: Moment, user_id: str, record_id: str) -> bool:
    """Whether `user_id` may receive the current version of `record_id` now."""
    record = moment.records.get(record_id)
    account = moment.accounts.get(user_id)
    if record is None or account is None:
        return False
    if record.type == CONFLICT:
        target = record.body.get("record_id")
        if not isinstance(target, str) or target not in moment.records:
            return False
        return may_see(moment, user_id, target)
    if record.child_id is None:
        return True
    if record.type == OROSANMALAN:
        return _may_see_report(moment, account, record)
    if user_id in full_access(moment, record.child_id):
        return True
    return record.type == CHILD and user_id in partial_access(moment, record.child_id)


def visible_records(moment: Moment, user_id: str, ids: Iterable[str]) -> set[str]:
    return {rid for rid in ids if may_see(moment, user_id, rid)}
