"""Disposal (gallring) by decision: record a decision, plan it, run it.

Nothing is removed without a recorded disposal decision (domain.md §3.6). A decision names
who took it, when, its reference (diarienummer), the record classes and units it covers and
the version of the retention rules it was taken under. `plan` lists what the decision would
remove, as counts per class and unit (never content); `run` removes exactly that, once:

- the records and all their revisions go from the central store;
- a disposal record stays: the decision, the time, the counts, and the removed ids hashed
  (sha256), so one can later confirm that a given record was disposed of without the store
  keeping a list of what it held;
- every user who could hold a removed record gets a purge entry at one place in the global
  sequence, and their laptops delete those records at their next pull (`purge_records`);
- the audit log gets the removal (one entry per child, with the ids) and keeps everything
  it already had about the removed records: the log has its own class and period.

What is due is computed per child and class: the child's records of one class are one file
(akt) and go together when the class's period, counted from what the class runs from, has
run out by the decision's date, unless the class exempts the child (the research birthdays).
The decision's units narrow what is removed, not when it is due.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from backa_desktop.central import access, retention
from backa_desktop.central.common import ServiceError, audit, iso, now, today
from backa_desktop.central.db import (
    audit_log,
    child_access,
    gallring_decisions,
    gallring_disposals,
    gallring_purges,
    record_revisions,
    records,
    units,
)
from backa_desktop.domain.process import Beslut, ChildStatus
from backa_desktop.domain.records import RecordType, utc_now, uuid7
from backa_desktop.domain.retention import RecordClass, RetentionRules, RunsFrom, add_years

AUDIT_DECIDE = "gallring_decision"
AUDIT_RUN = "gallring"
_KEEP_ACTIONS = (AUDIT_DECIDE, AUDIT_RUN)
"""Audit entries about disposal itself are never disposed of with the log class."""

_CHUNK = 500


def _refused(message_sv: str, code: str = "gallring_refused", status: int = 409) -> ServiceError:
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
        if self.log_entries:
            out.append(
                {"class": self.log_class, "unit_id": None, "unit": "", "remove": self.log_entries,
                 "kept_exempt": 0}
            )
        return out

    def children(self) -> set[str]:
        return {child for _, child, _, _ in self.remove if child is not None}


# ---- decisions ---------------------------------------------------------------------------


def decide(
    engine: Engine,
    *,
    reference: str,
    decided_by: str,
    decided_on: date,
    classes: Sequence[str],
    units_: Sequence[str] = (),
    rules_version: int | None = None,
) -> Decision:
    """Record a disposal decision (it removes nothing by itself)."""
    reference, decided_by = reference.strip(), decided_by.strip()
    if not reference or not decided_by:
        raise _refused("Ett gallringsbeslut måste ha diarienummer (--reference) och beslutsfattare "
                       "(--by).", status=422)
    if not classes:
        raise _refused("Ange vilka klasser beslutet gäller (--classes).", status=422)
    if decided_on > today():
        raise _refused("Beslutsdatumet kan inte ligga i framtiden.", status=422)
    rules = retention.load(rules_version)
    for class_id in classes:
        try:
            record_class = rules.get(class_id)
        except KeyError as exc:
            raise _refused(str(exc.args[0]), status=422) from None
        if record_class.period_years is None:
            raise _refused(
                f"Klassen {class_id} har ingen gallringsfrist i regelversion {rules.version} "
                "och kan inte gallras.",
                status=422,
            )
    decision = Decision(
        id=uuid7(),
        reference=reference,
        decided_by=decided_by,
        decided_on=decided_on,
        classes=tuple(sorted(set(classes))),
        units=tuple(sorted(set(units_))),
        rules_version=rules.version,
        rules_hash=rules.content_hash,
        recorded_at=utc_now(),
        executed_at=None,
    )
    with engine.begin() as conn:
        if decision.units:
            known = set(
                conn.execute(select(units.c.id).where(units.c.id.in_(decision.units))).scalars()
            )
            missing = sorted(set(decision.units) - known)
            if missing:
                raise _refused(f"Enheten {', '.join(missing)} finns inte.", status=404)
        conn.execute(
            insert(gallring_decisions).values(
                id=decision.id,
                reference=decision.reference,
                decided_by=decision.decided_by,
                decided_on=decision.decided_on.isoformat(),
                classes=json.dumps(list(decision.classes)),
                units=json.dumps(list(decision.units)),
                rules_version=decision.rules_version,
                rules_hash=decision.rules_hash,
                recorded_at=decision.recorded_at,
                executed_at=None,
            )
        )
        audit(
            conn,
            caller=None,
            action=AUDIT_DECIDE,
            detail=json.dumps(
                {"decision": decision.id, "reference": decision.reference,
                 "classes": list(decision.classes), "rules_version": decision.rules_version},
                ensure_ascii=False,
            ),
        )
    return decision


def _decision(conn: Connection, decision_id: str) -> Decision:
    row = conn.execute(
        select(gallring_decisions).where(gallring_decisions.c.id == decision_id)
    ).first()
    if row is None:
        raise _refused(
            f"Gallringsbeslutet {decision_id} finns inte. Inget gallras utan ett registrerat "
            "beslut (backa-central gallring decide).",
            code="no_such_decision",
            status=404,
        )
    return Decision(
        id=row.id,
        reference=row.reference,
        decided_by=row.decided_by,
        decided_on=date.fromisoformat(row.decided_on),
        classes=tuple(json.loads(row.classes)),
        units=tuple(json.loads(row.units)),
        rules_version=int(row.rules_version),
        rules_hash=row.rules_hash,
        recorded_at=row.recorded_at,
        executed_at=row.executed_at,
    )


def decisions(engine: Engine) -> list[Decision]:
    with engine.connect() as conn:
        ids = conn.execute(
            select(gallring_decisions.c.id).order_by(gallring_decisions.c.recorded_at)
        ).scalars().all()
        return [_decision(conn, i) for i in ids]


def _rules_for(decision: Decision) -> RetentionRules:
    rules = retention.load(decision.rules_version)
    if rules.content_hash != decision.rules_hash:
        raise _refused(
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


def _plan(conn: Connection, decision: Decision) -> Plan:
    rules = _rules_for(decision)
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
                    audit_log.c.action.not_in(_KEEP_ACTIONS),
                )
            ).scalar_one()
        )
    return plan


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
    for start in range(0, len(children), _CHUNK):
        chunk = children[start : start + _CHUNK]
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
            if not record_class.due(_anchor(record_class, fact, group_last),
                                    decision.decided_on):
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


def plan(engine: Engine, decision_id: str) -> Plan:
    """What the decision would remove now (or, once run, what is left of it to remove)."""
    with engine.begin() as conn:
        return _plan(conn, _decision(conn, decision_id))


# ---- running -----------------------------------------------------------------------------


def record_hash(record_id: str) -> str:
    """How a disposal record names a removed record: ask "was record X disposed of?" by
    hashing X, without the store keeping a readable list of what it held."""
    return hashlib.sha256(record_id.encode("ascii")).hexdigest()


def run(engine: Engine, decision_id: str) -> Plan:
    """Carry out a recorded decision, once; returns what was removed."""
    from backa_desktop.central.ordering import lock_writes, next_seq, release_seqs

    with engine.begin() as conn:
        lock_writes(conn)
        decision = _decision(conn, decision_id)
        if decision.executed_at is not None:
            raise _refused(
                f"Gallringsbeslutet {decision.reference} verkställdes redan {decision.executed_at}."
            )
        done = _plan(conn, decision)
        ids = [record_id for record_id, _, _, _ in done.remove]
        by_child: dict[str, list[str]] = {}
        for record_id, child_id, _, _ in done.remove:
            by_child.setdefault(child_id or "", []).append(record_id)
        if ids:
            seq = next_seq(conn)
            conn.execute(
                insert(gallring_purges),
                [
                    {"user_id": user_id, "record_id": record_id, "seq": seq}
                    for user_id, record_id in sorted(_holders(conn, done.remove))
                ],
            )
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                conn.execute(delete(record_revisions).where(record_revisions.c.record_id.in_(chunk)))
                conn.execute(delete(records).where(records.c.id.in_(chunk)))
        if done.log_entries:
            log_class = _rules_for(decision).audit_class
            assert log_class is not None and log_class.period_years is not None
            cutoff = add_years(decision.decided_on, -log_class.period_years)
            conn.execute(
                delete(audit_log).where(
                    audit_log.c.at < cutoff.isoformat(), audit_log.c.action.not_in(_KEEP_ACTIONS)
                )
            )
        # Access follows the records: a child whose granting records went loses its
        # readers, who then get the ordinary purge of the whole child.
        day, at = today(), iso(now())
        for child_id in sorted(c for c in by_child if c):
            access.refresh_child(conn, child_id, day, lambda: next_seq(conn), at)
        executed = utc_now()
        counts = done.rows()
        conn.execute(
            insert(gallring_disposals).values(
                id=uuid7(),
                decision_id=decision.id,
                executed_at=executed,
                counts=json.dumps(counts, ensure_ascii=False),
                record_hashes=json.dumps(sorted(record_hash(i) for i in ids)),
            )
        )
        conn.execute(
            update(gallring_decisions)
            .where(gallring_decisions.c.id == decision.id)
            .values(executed_at=executed)
        )
        detail = f"beslut {decision.id} ({decision.reference})"
        for child_id, removed in sorted(by_child.items()):
            audit(conn, caller=None, action=AUDIT_RUN, child_id=child_id or None,
                  record_ids=removed, detail=detail)
        audit(conn, caller=None, action=AUDIT_RUN,
              detail=json.dumps({"decision": decision.id, "counts": counts}, ensure_ascii=False))
        release_seqs(conn)
    done.decision = _replace_executed(decision, executed)
    return done


def _replace_executed(decision: Decision, executed: str) -> Decision:
    from dataclasses import replace

    return replace(decision, executed_at=executed)


def _holders(
    conn: Connection, removed: Iterable[tuple[str, str | None, str, str | None]]
) -> set[tuple[str, str]]:
    """Who may hold a removed record on a laptop: everyone with access to its child now, and
    whoever wrote it (a reporter keeps their own report). Someone who lost access earlier
    was told to purge the whole child then."""
    removed = list(removed)
    ids = [record_id for record_id, _, _, _ in removed]
    writers: dict[str, set[str]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for record_id, created_by, updated_by in conn.execute(
            select(records.c.id, records.c.created_by, records.c.updated_by).where(
                records.c.id.in_(chunk)
            )
        ).all():
            writers[record_id] = {created_by, updated_by}
        for record_id, user_id in conn.execute(
            select(record_revisions.c.record_id, record_revisions.c.user_id)
            .where(record_revisions.c.record_id.in_(chunk))
            .distinct()
        ).all():
            writers.setdefault(record_id, set()).add(user_id)
    children = sorted({child for _, child, _, _ in removed if child is not None})
    readers: dict[str, set[str]] = {}
    for start in range(0, len(children), _CHUNK):
        chunk = children[start : start + _CHUNK]
        for child_id, user_id in conn.execute(
            select(child_access.c.child_id, child_access.c.user_id).where(
                child_access.c.child_id.in_(chunk)
            )
        ).all():
            readers.setdefault(child_id, set()).add(user_id)
    out: set[tuple[str, str]] = set()
    for record_id, child_id, _, _ in removed:
        users = writers.get(record_id, set()) | readers.get(child_id or "", set())
        out.update((user, record_id) for user in users if user and user != "backa-central")
    return out


def disposal_record(engine: Engine, decision_id: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(gallring_disposals).where(gallring_disposals.c.decision_id == decision_id)
        ).first()
    if row is None:
        return None
    return {
        "decision_id": row.decision_id,
        "executed_at": row.executed_at,
        "counts": json.loads(row.counts),
        "record_hashes": json.loads(row.record_hashes),
    }
