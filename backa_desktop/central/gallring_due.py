"""What a disposal decision removes: the decision and plan as data, and the rule of what is
due (`plan_of`), apart from recording and running decisions (gallring.py).

What is due is computed per child and class: the child's records of one class are one file
(akt) and go together when the class's period, counted from what the class runs from, has
run out by the decision's date, unless the class exempts the child (the research birthdays).
The decision's units narrow what is removed, not when it is due. The audit-log class covers
the central store's own log and the laptops' logs (`device_audit`); a laptop's log is cut
only as a whole prefix of its chain, so what stays still verifies from a checkpoint.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, case, func, select

from backa_desktop.central import retention
from backa_desktop.central.common import ServiceError
from backa_desktop.central.db import audit_log, device_audit, records, units
from backa_desktop.domain.process import Beslut, ChildStatus
from backa_desktop.domain.records import RecordType
from backa_desktop.domain.retention import RecordClass, RetentionRules, RunsFrom, add_years

AUDIT_DECIDE = "gallring_decision"
AUDIT_RUN = "gallring"
KEEP_ACTIONS = (AUDIT_DECIDE, AUDIT_RUN)
"""Audit entries about disposal itself are never disposed of with the log class."""

CHUNK = 500


def refused(message_sv: str, code: str = "gallring_refused", status: int = 409) -> ServiceError:
    return ServiceError(status, code, message_sv, message_sv)


@dataclass(frozen=True)
class Decision:
    id: str
    reference: str
    decided_by: str
    decided_on: date
    classes: tuple[str, ...]
    units: tuple[str, ...]
    """Empty: every unit."""
    rules_version: int
    rules_hash: str
    recorded_at: str
    executed_at: str | None


@dataclass
class Plan:
    """What a decision removes (or removed): counts only, and the ids for `run`."""

    decision: Decision
    remove: list[tuple[str, str | None, str, str | None]] = field(default_factory=list)
    """(record id, child id, class, unit id) of every record to remove."""
    removed: Counter[tuple[str, str | None]] = field(default_factory=Counter)
    """Records per (class, unit id)."""
    exempt: Counter[tuple[str, str | None]] = field(default_factory=Counter)
    """Records kept by an exemption although due, per (class, unit id)."""
    log_entries: int = 0
    """Audit-log entries past the log class's period (when the decision covers it)."""
    log_class: str = "logg"
    device_cuts: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Per laptop chain: (last position removed, events removed); a prefix of the chain."""
    unit_names: dict[str, str] = field(default_factory=dict)

    def rows(self) -> list[dict[str, Any]]:
        keys = sorted(set(self.removed) | set(self.exempt), key=lambda k: (k[0], k[1] or ""))
        out = [
            {
                "class": cls,
                "unit_id": unit,
                "unit": self.unit_names.get(unit or "", ""),
                "remove": self.removed.get((cls, unit), 0),
                "kept_exempt": self.exempt.get((cls, unit), 0),
            }
            for cls, unit in keys
        ]
        if self.log_entries or self.device_cuts:
            out.append(
                {
                    "class": self.log_class,
                    "unit_id": None,
                    "unit": "",
                    "remove": self.log_entries + sum(n for _p, n in self.device_cuts.values()),
                    "kept_exempt": 0,
                }
            )
        return out

    def children(self) -> set[str]:
        return {child for _, child, _, _ in self.remove if child is not None}


def rules_for(decision: Decision) -> RetentionRules:
    rules = retention.load(decision.rules_version)
    if rules.content_hash != decision.rules_hash:
        raise refused(
            f"Gallringsreglerna version {decision.rules_version} har ändrats sedan beslutet "
            f"{decision.reference} fattades. Återställ filen eller fatta ett nytt beslut.",
            code="rules_changed",
        )
    return rules


# ---- planning ----------------------------------------------------------------------------


@dataclass
class _ChildFacts:
    birth: date | None = None
    status: str | None = None
    closed_on: date | None = None
    last_entry: date | None = None


def _day(text: Any) -> date | None:
    if not isinstance(text, str) or len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _latest(*days: date | None) -> date | None:
    found = [d for d in days if d is not None]
    return max(found) if found else None


def _anchor(record_class: RecordClass, facts: _ChildFacts, group_last: date | None) -> date | None:
    match record_class.runs_from:
        case RunsFrom.LAST_ENTRY:
            return group_last
        case RunsFrom.BIRTH:
            return facts.birth
        case RunsFrom.END_OF_SUPPORT:
            if facts.status == ChildStatus.BEHOV_UPPFYLLT.value:
                return facts.closed_on or facts.last_entry
            if facts.status is None:
                # Never (or no longer) in the process: the support ended with the last entry.
                return facts.last_entry
            return None  # support is going on
        case RunsFrom.ENTRY:
            return None  # only the log runs from each entry
    return None


def plan_of(conn: Connection, decision: Decision) -> Plan:
    """What `decision` removes, as of now (nothing is removed here)."""
    rules = rules_for(decision)
    retention.classify_pending(conn)
    plan = Plan(decision=decision)
    plan.unit_names = dict(conn.execute(select(units.c.id, units.c.name)).all())
    record_classes = [
        rules.get(c) for c in decision.classes if not rules.get(c).applies_to.audit_log
    ]
    wanted = {c.id: c for c in record_classes}
    if wanted:
        _plan_records(conn, decision, wanted, plan)
    log_class = rules.audit_class
    if log_class is not None and log_class.id in decision.classes and log_class.period_years:
        plan.log_class = log_class.id
        cutoff = add_years(decision.decided_on, -log_class.period_years)
        plan.log_entries = int(
            conn.execute(
                select(func.count())
                .select_from(audit_log)
                .where(
                    audit_log.c.at < cutoff.isoformat(),
                    audit_log.c.action.not_in(KEEP_ACTIONS),
                )
            ).scalar_one()
        )
        plan.device_cuts = device_cuts(conn, cutoff.isoformat())
    return plan


def device_cuts(conn: Connection, cutoff: str) -> dict[str, tuple[int, int]]:
    """How far each laptop chain can be cut: the events before the first one at or after
    `cutoff` (a laptop's clock can go back, so an older event after a newer one waits for
    it), so what stays is one unbroken run of the chain."""
    d = device_audit
    first_kept = func.min(case((d.c.at >= cutoff, d.c.position)))
    cuts: dict[str, tuple[int, int]] = {}
    for chain, lowest, highest, kept in conn.execute(
        select(d.c.chain, func.min(d.c.position), func.max(d.c.position), first_kept)
        .group_by(d.c.chain)
        .having(func.min(d.c.at) < cutoff)
    ).all():
        last = int(kept) - 1 if kept is not None else int(highest)
        if last >= int(lowest):
            cuts[str(chain)] = (last, last - int(lowest) + 1)
    return cuts


def _plan_records(
    conn: Connection, decision: Decision, wanted: dict[str, RecordClass], plan: Plan
) -> None:
    children = sorted(
        conn.execute(
            select(records.c.child_id)
            .where(records.c.record_class.in_(sorted(wanted)), records.c.child_id.is_not(None))
            .distinct()
        ).scalars()
    )
    for start in range(0, len(children), CHUNK):
        chunk = children[start : start + CHUNK]
        rows = conn.execute(
            select(
                records.c.id,
                records.c.child_id,
                records.c.type,
                records.c.record_class,
                records.c.created_unit,
                records.c.envelope,
            ).where(records.c.child_id.in_(chunk))
        ).all()
        facts: dict[str, _ChildFacts] = {c: _ChildFacts() for c in chunk}
        groups: dict[tuple[str, str], list[tuple[str, str | None, str | None, date | None]]] = {}
        for record_id, child_id, rtype, rclass, unit, envelope in rows:
            parsed = json.loads(envelope)
            body = parsed.get("body") or {}
            entry = _latest(_day(parsed.get("created_at")), _day(parsed.get("updated_at")))
            fact = facts[child_id]
            fact.last_entry = _latest(fact.last_entry, entry)
            if rtype == RecordType.CHILD.value:
                fact.birth = _day(body.get("birth_date"))
                fact.status = body.get("status")
            elif (
                rtype == RecordType.DECISION.value
                and not parsed.get("deleted")
                and body.get("beslut") == Beslut.BEHOV_UPPFYLLT.value
            ):
                fact.closed_on = _latest(fact.closed_on, _day(parsed.get("created_at")))
            if rclass in wanted:
                form = body.get("form_id") if rtype == RecordType.FORM_RESPONSE.value else None
                groups.setdefault((child_id, rclass), []).append(
                    (record_id, unit, form if isinstance(form, str) else None, entry)
                )
        for (child_id, class_id), members in sorted(groups.items()):
            record_class = wanted[class_id]
            fact = facts[child_id]
            group_last = _latest(*(m[3] for m in members))
            if not record_class.due(_anchor(record_class, fact, group_last), decision.decided_on):
                continue
            exempt_child = record_class.exempt_birth(fact.birth)
            for record_id, unit, form, _entry in members:
                if decision.units and unit not in decision.units:
                    continue
                if exempt_child or (form is not None and form in record_class.exemptions.forms):
                    plan.exempt[(class_id, unit)] += 1
                    continue
                plan.remove.append((record_id, child_id, class_id, unit))
                plan.removed[(class_id, unit)] += 1


