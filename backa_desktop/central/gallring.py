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

What is due is decided in gallring_due.py (`plan_of`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from backa_desktop.central import access, retention
from backa_desktop.central.common import audit, iso, now, today
from backa_desktop.central.db import (
    audit_log,
    child_access,
    child_identities,
    child_redirects,
    device_audit,
    device_audit_checkpoints,
    gallring_decisions,
    gallring_disposals,
    gallring_purges,
    record_revisions,
    records,
    units,
)
from backa_desktop.central.gallring_due import (
    AUDIT_DECIDE,
    AUDIT_RUN,
    CHUNK,
    KEEP_ACTIONS,
    Decision,
    Plan,
    plan_of,
    refused,
    rules_for,
)
from backa_desktop.central.ordering import lock_writes, next_seq, release_seqs
from backa_desktop.domain.records import utc_now, uuid7
from backa_desktop.domain.retention import add_years

__all__ = ["Decision", "Plan", "decide", "decisions", "disposal_record", "plan", "run"]


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
        raise refused(
            "Ett gallringsbeslut måste ha diarienummer (--reference) och beslutsfattare (--by).",
            status=422,
        )
    if not classes:
        raise refused("Ange vilka klasser beslutet gäller (--classes).", status=422)
    if decided_on > today():
        raise refused("Beslutsdatumet kan inte ligga i framtiden.", status=422)
    rules = retention.load(rules_version)
    for class_id in classes:
        try:
            record_class = rules.get(class_id)
        except KeyError as exc:
            raise refused(str(exc.args[0]), status=422) from None
        if record_class.period_years is None:
            raise refused(
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
                raise refused(f"Enheten {', '.join(missing)} finns inte.", status=404)
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
                {
                    "decision": decision.id,
                    "reference": decision.reference,
                    "classes": list(decision.classes),
                    "rules_version": decision.rules_version,
                },
                ensure_ascii=False,
            ),
        )
    return decision


def _decision(conn: Connection, decision_id: str) -> Decision:
    row = conn.execute(
        select(gallring_decisions).where(gallring_decisions.c.id == decision_id)
    ).first()
    if row is None:
        raise refused(
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
        ids = (
            conn.execute(select(gallring_decisions.c.id).order_by(gallring_decisions.c.recorded_at))
            .scalars()
            .all()
        )
        return [_decision(conn, i) for i in ids]


def plan(engine: Engine, decision_id: str) -> Plan:
    """What the decision would remove now (or, once run, what is left of it to remove)."""
    with engine.begin() as conn:
        return plan_of(conn, _decision(conn, decision_id))


# ---- running -----------------------------------------------------------------------------


def record_hash(record_id: str) -> str:
    """How a disposal record names a removed record: ask "was record X disposed of?" by
    hashing X, without the store keeping a readable list of what it held."""
    return hashlib.sha256(record_id.encode("ascii")).hexdigest()


def run(engine: Engine, decision_id: str) -> Plan:
    """Carry out a recorded decision, once; returns what was removed."""
    with engine.begin() as conn:
        lock_writes(conn)
        decision = _decision(conn, decision_id)
        if decision.executed_at is not None:
            raise refused(
                f"Gallringsbeslutet {decision.reference} verkställdes redan {decision.executed_at}."
            )
        done = plan_of(conn, decision)
        ids = [record_id for record_id, _, _, _ in done.remove]
        by_child: dict[str, list[str]] = {}
        for record_id, child_id, _, _ in done.remove:
            by_child.setdefault(child_id or "", []).append(record_id)
        if ids:
            seq = next_seq(conn)
            holders = [
                {"user_id": user_id, "record_id": record_id, "seq": seq}
                for user_id, record_id in sorted(_holders(conn, done.remove))
            ]
            for start in range(0, len(ids), CHUNK):
                # An id disposed of before (a record made again later) gets the new place.
                conn.execute(
                    delete(gallring_purges).where(
                        gallring_purges.c.record_id.in_(ids[start : start + CHUNK])
                    )
                )
            if holders:
                conn.execute(insert(gallring_purges), holders)
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                conn.execute(
                    delete(record_revisions).where(record_revisions.c.record_id.in_(chunk))
                )
                conn.execute(delete(records).where(records.c.id.in_(chunk)))
            _forget_identities(conn, sorted(c for c in by_child if c))
        if done.log_entries:
            log_class = rules_for(decision).audit_class
            assert log_class is not None and log_class.period_years is not None
            cutoff = add_years(decision.decided_on, -log_class.period_years)
            conn.execute(
                delete(audit_log).where(
                    audit_log.c.at < cutoff.isoformat(), audit_log.c.action.not_in(KEEP_ACTIONS)
                )
            )
        for chain, (last, _count) in sorted(done.device_cuts.items()):
            _cut_chain(conn, chain, last, decision.id)
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
            audit(
                conn,
                caller=None,
                action=AUDIT_RUN,
                child_id=child_id or None,
                record_ids=removed,
                detail=detail,
            )
        audit(
            conn,
            caller=None,
            action=AUDIT_RUN,
            detail=json.dumps({"decision": decision.id, "counts": counts}, ensure_ascii=False),
        )
        release_seqs(conn)
    done.decision = replace(decision, executed_at=executed)
    return done


def _forget_identities(conn: Connection, touched: Sequence[str]) -> None:
    """Under the lock: a child whose profile went keeps nothing in the identity index.
    Its number keys (hashes, but of a number one can guess) would otherwise still say the
    child was here, and a redirect row holds the merged registration's whole profile, names
    and number in clear, so a redirect goes when either its merged child or its survivor is
    disposed of. A later registration of the same number is then an ordinary new child."""
    gone: list[str] = []
    for start in range(0, len(touched), CHUNK):
        chunk = list(touched[start : start + CHUNK])
        left = set(conn.execute(select(records.c.id).where(records.c.id.in_(chunk))).scalars())
        gone.extend(c for c in chunk if c not in left)
    for start in range(0, len(gone), CHUNK):
        chunk = gone[start : start + CHUNK]
        conn.execute(delete(child_identities).where(child_identities.c.child_id.in_(chunk)))
        conn.execute(
            delete(child_redirects).where(
                child_redirects.c.merged_id.in_(chunk) | child_redirects.c.survivor_id.in_(chunk)
            )
        )


def _cut_chain(conn: Connection, chain: str, last: int, decision_id: str) -> None:
    """Remove a laptop chain's events up to `last` and keep the removed head as the
    chain's checkpoint: the first event kept names it as its `prev_hash`, so what stays
    verifies from there (audit_log.verify_held). The chain's head row is not touched: the
    laptop goes on extending the same chain."""
    head = conn.execute(
        select(device_audit.c.hash, device_audit.c.at).where(
            device_audit.c.chain == chain, device_audit.c.position == last
        )
    ).one()
    conn.execute(
        delete(device_audit).where(device_audit.c.chain == chain, device_audit.c.position <= last)
    )
    conn.execute(delete(device_audit_checkpoints).where(device_audit_checkpoints.c.chain == chain))
    conn.execute(
        insert(device_audit_checkpoints).values(
            chain=chain,
            position=last,
            hash=head.hash,
            at=head.at,
            decision_id=decision_id,
            cut_at=iso(now()),
        )
    )


def _holders(
    conn: Connection, removed: Iterable[tuple[str, str | None, str, str | None]]
) -> set[tuple[str, str]]:
    """Who may hold a removed record on a laptop: everyone with access to its child now, and
    whoever wrote it (a reporter keeps their own report). Someone who lost access earlier
    was told to purge the whole child then."""
    removed = list(removed)
    ids = [record_id for record_id, _, _, _ in removed]
    writers: dict[str, set[str]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
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
    for start in range(0, len(children), CHUNK):
        chunk = children[start : start + CHUNK]
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
