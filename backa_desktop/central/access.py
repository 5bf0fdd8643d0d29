"""Who may see which child's records, decided on the server (DESIGN.md §8, domain.md §1.16, §3).

Access is kept per (child, user) in `child_access` with a level:

- ``full``: the child's current Barnkontakt; the Stödsamordnare; members of the child's
  Individuellt barnteam under a valid consent for it; members of the Barnteam of the
  Barnkontakt's unit under a valid consent for the Barnteam; and, until a Barnkontakt is
  assigned (any assignment record, current or not), the person who registered the child.
- ``partial``: sees the child's profile only, because it must act on an orosanmälan about the
  child (social services once the report is sent; the lead of the reporter's unit).

Records without a child (units, staff, unit Barnteams) are a shared directory. An orosanmälan
is never shared with the team: only its reporter, social services (once sent) and the
reporter's unit lead see it. Nobody sees a child's other records because they once wrote
them: a later version may hold what others wrote after the writer lost access.

`visible_clause` is the one definition of "this caller may see this record now"; every record
that leaves the server passes it — inside the pull's query, or through `releasable` for
answers built outside a query (push answers, duplicates, conflicts).

Whenever a record that decides access is written, the child's levels are recomputed and every
change becomes an access event with its own place in the global sequence. A pulling device meets
the event at that place and gets the child's records (a grant) or a purge (a revoke) exactly
once per cursor, so an interrupted pull simply meets it again. Dates pass without any write
(an assignment ends, a consent expires): `refresh_all` catches those; the server runs it on the
first request of each day and `backa-central refresh-access` runs it on demand.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import ColumnElement, Connection, and_, delete, false, insert, or_, select, update

from backa_desktop.central.db import access_events, child_access, records, users
from backa_desktop.domain.consent import Consent, ConsentScope, effective_consents, may_share
from backa_desktop.domain.orosanmalan import Orosanmalan, OrosanmalanStatus
from backa_desktop.domain.records import Record, RecordType, utc_now
from backa_desktop.domain.teams import BarnkontaktAssignment, Team, TeamKind, TeamRole

FULL = "full"
PARTIAL = "partial"
_RANK = {None: 0, PARTIAL: 1, FULL: 2}

ROLE_SOCIALTJANST = "socialtjanst"
ROLE_UNIT_LEAD = "unit_lead"
ROLE_ADMIN = "admin"

ACCESS_TYPES: frozenset[str] = frozenset(
    {
        RecordType.CHILD,
        RecordType.BARNKONTAKT,
        RecordType.TEAM,
        RecordType.CONSENT,
        RecordType.OROSANMALAN,
    }
)
"""Writing one of these can change who sees the child."""

GRANTING_TYPES: frozenset[str] = frozenset(
    {RecordType.BARNKONTAKT, RecordType.TEAM, RecordType.CONSENT}
)
"""Writing one of these can give someone access, so only those with full access may."""

VIS_OROSANMALAN = "orosanmalan"
VIS_OROSANMALAN_DRAFT = "orosanmalan_draft"


@dataclass(frozen=True)
class Caller:
    user_id: str
    device_id: str
    roles: frozenset[str]
    unit_id: str | None

    @property
    def is_socialtjanst(self) -> bool:
        return ROLE_SOCIALTJANST in self.roles

    @property
    def is_unit_lead(self) -> bool:
        return ROLE_UNIT_LEAD in self.roles


def child_key(record: Record) -> str | None:
    """The child whose access rules govern the record (the domain's one rule)."""
    return record.subject_child


def vis_type_for(record: Record, target_vis: str | None = None) -> str:
    """The visibility class of a record: its type, except that a report of concern not yet
    sent is only its author's and unit lead's, and a conflict is seen like its record."""
    if record.type == RecordType.CONFLICT and target_vis is not None:
        return target_vis
    if record.type == RecordType.OROSANMALAN:
        status = record.body.get("status", OrosanmalanStatus.UPPRATTAD.value)
        if status == OrosanmalanStatus.UPPRATTAD.value:
            return VIS_OROSANMALAN_DRAFT
        return VIS_OROSANMALAN
    return str(record.type.value)


def visible_clause(caller: Caller) -> ColumnElement[bool]:
    """The SQL condition for "the caller may see this records row" (with `child_access`
    outer-joined for the caller as `level`), from the access table as it is now.

    `created_by` counts only for reports of concern (the reporter, who is always the one who
    created the report: the server checks it); a conflict record about a report carries the
    report's `created_by` and `created_unit`, so it is seen exactly like the report."""
    level = child_access.c.level
    reports = (VIS_OROSANMALAN, VIS_OROSANMALAN_DRAFT)
    conditions: list[ColumnElement[bool]] = [
        records.c.child_id.is_(None),
        and_(records.c.vis_type.in_(reports), records.c.created_by == caller.user_id),
        and_(level == FULL, records.c.vis_type.not_in(reports)),
        and_(level == PARTIAL, records.c.vis_type == RecordType.CHILD.value),
    ]
    if caller.is_socialtjanst:
        conditions.append(records.c.vis_type == VIS_OROSANMALAN)
    if caller.is_unit_lead and caller.unit_id:
        conditions.append(
            and_(records.c.vis_type.in_(reports), records.c.created_unit == caller.unit_id)
        )
    return or_(*conditions)


def joined(caller: Caller) -> Any:
    """`records` outer-joined with the caller's access row for the record's child."""
    return records.outerjoin(
        child_access,
        and_(
            child_access.c.child_id == records.c.child_id,
            child_access.c.user_id == caller.user_id,
        ),
    )


def releasable(conn: Connection, caller: Caller, record_ids: Iterable[str]) -> set[str]:
    """The gate for answers built outside the pull's query: which of these records the caller
    may see now (the same `visible_clause`, evaluated at the moment of the answer). A body
    whose id is not returned must not leave the server."""
    wanted = sorted(set(record_ids))
    if not wanted:
        return set()
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        found.update(
            conn.execute(
                select(records.c.id)
                .select_from(joined(caller))
                .where(records.c.id.in_(wanted[start : start + 500]), visible_clause(caller))
            ).scalars()
        )
    return found


def level_of(conn: Connection, child_id: str, user_id: str) -> str | None:
    return conn.execute(
        select(child_access.c.level).where(
            child_access.c.child_id == child_id, child_access.c.user_id == user_id
        )
    ).scalar_one_or_none()


def _parse(model: Any, envelope: str) -> tuple[Record, Any] | None:
    record = Record.model_validate_json(envelope)
    try:
        return record, model.model_validate(record.body)
    except ValidationError:
        return None  # validated on push; an old malformed body must not stop access checks


def compute_levels(conn: Connection, child_id: str, today: date) -> dict[str, str]:
    rows = conn.execute(
        select(records.c.type, records.c.envelope, records.c.created_by).where(
            records.c.child_id == child_id,
            records.c.deleted == false(),
            records.c.type.in_(sorted(ACCESS_TYPES)),
        )
    ).all()
    creator: str | None = None
    assignments: list[BarnkontaktAssignment] = []
    teams: list[Team] = []
    consents: dict[str, Consent] = {}
    reports: list[Orosanmalan] = []
    for rtype, envelope, created_by in rows:
        if rtype == RecordType.CHILD:
            creator = created_by
        elif rtype == RecordType.BARNKONTAKT:
            parsed = _parse(BarnkontaktAssignment, envelope)
            if parsed:
                assignments.append(parsed[1])
        elif rtype == RecordType.TEAM:
            parsed = _parse(Team, envelope)
            if parsed:
                teams.append(parsed[1])
        elif rtype == RecordType.CONSENT:
            parsed = _parse(Consent, envelope)
            if parsed:
                consents[parsed[0].id] = parsed[1]
        elif rtype == RecordType.OROSANMALAN:
            parsed = _parse(Orosanmalan, envelope)
            if parsed:
                reports.append(parsed[1])
    valid_consents = effective_consents(consents)
    full: set[str] = set()
    current = [a for a in assignments if a.is_active(today)]
    full |= {a.staff_id for a in current}
    if not assignments and creator is not None:
        # "Until a Barnkontakt is assigned": once any assignment exists (even one that has
        # ended or not yet begun) the registering person keeps only what another rule gives.
        full.add(creator)
    individual_ok = may_share(valid_consents, ConsentScope.INDIVIDUELLT_BARNTEAM, on=today)
    for team in teams:
        if team.kind is not TeamKind.INDIVIDUELLT_BARNTEAM:
            continue
        active = team.active_members(today)
        if team.stodsamordnare_staff_id:
            full.add(team.stodsamordnare_staff_id)
        full |= {m.staff_id for m in active if m.role is TeamRole.STODSAMORDNARE}
        if individual_ok:
            full |= {m.staff_id for m in active}
    units = {a.unit_id for a in current}
    if units and may_share(valid_consents, ConsentScope.BARNTEAM, on=today):
        for team in _unit_barnteams(conn, units):
            full |= {m.staff_id for m in team.active_members(today)}
            if team.stodsamordnare_staff_id:
                full.add(team.stodsamordnare_staff_id)
    partial: set[str] = set()
    if reports:
        people = conn.execute(select(users.c.id, users.c.roles, users.c.unit_id)).all()
        sent = any(r.status is not OrosanmalanStatus.UPPRATTAD for r in reports)
        report_units = {r.reporter_unit_id for r in reports}
        for uid, roles, unit in people:
            role_set = set(roles.split(","))
            if (sent and ROLE_SOCIALTJANST in role_set) or (
                ROLE_UNIT_LEAD in role_set and unit in report_units
            ):
                partial.add(uid)
    levels = dict.fromkeys(partial - full, PARTIAL)
    levels.update(dict.fromkeys(full, FULL))
    return levels


def _unit_barnteams(conn: Connection, units: set[str]) -> list[Team]:
    rows = conn.execute(
        select(records.c.envelope).where(
            records.c.child_id.is_(None),
            records.c.type == RecordType.TEAM.value,
            records.c.deleted == false(),
        )
    ).scalars()
    teams = []
    for envelope in rows:
        parsed = _parse(Team, envelope)
        if parsed and parsed[1].kind is TeamKind.BARNTEAM and parsed[1].unit_id in units:
            teams.append(parsed[1])
    return teams


def children_of_units(conn: Connection, units: Iterable[str]) -> set[str]:
    """Children with a Barnkontakt assignment at one of `units` (a unit's Barnteam changed)."""
    wanted = set(units)
    found: set[str] = set()
    rows = conn.execute(
        select(records.c.child_id, records.c.envelope).where(
            records.c.type == RecordType.BARNKONTAKT.value
        )
    ).all()
    for child_id, envelope in rows:
        unit = json.loads(envelope).get("body", {}).get("unit_id")
        if unit in wanted and child_id is not None:
            found.add(child_id)
    return found


def refresh_child(
    conn: Connection,
    child_id: str,
    today: date,
    next_seq: Callable[[], int],
    at: str | None = None,
) -> list[tuple[str, str]]:
    """Recompute one child's access, store it, and emit an access event for every user whose
    level changed. Returns the (user, kind) events emitted. Must run inside the write lock.
    `at` is the server clock's time (the 30-day grace after a loss is measured from it)."""
    new = compute_levels(conn, child_id, today)
    old = dict(
        conn.execute(
            select(child_access.c.user_id, child_access.c.level).where(
                child_access.c.child_id == child_id
            )
        ).all()
    )
    emitted: list[tuple[str, str]] = []
    for user_id in sorted(set(old) | set(new)):
        before, after = old.get(user_id), new.get(user_id)
        if before == after:
            continue
        if after is None:
            conn.execute(
                delete(child_access).where(
                    child_access.c.child_id == child_id, child_access.c.user_id == user_id
                )
            )
        elif before is None:
            conn.execute(
                insert(child_access).values(child_id=child_id, user_id=user_id, level=after)
            )
        else:
            conn.execute(
                update(child_access)
                .where(child_access.c.child_id == child_id, child_access.c.user_id == user_id)
                .values(level=after)
            )
        kind = "grant" if _RANK[after] > _RANK[before] else "revoke"
        conn.execute(
            insert(access_events).values(
                seq=next_seq(),
                user_id=user_id,
                child_id=child_id,
                kind=kind,
                at=at or utc_now(),
            )
        )
        emitted.append((user_id, kind))
    return emitted


def recently_revoked(conn: Connection, child_id: str, user_id: str, since: str) -> bool:
    """Whether the user lost access to the child after `since`: their edits made before
    the loss (still unsent when it happened) are then still taken, not lost."""
    row = conn.execute(
        select(access_events.c.seq)
        .where(
            access_events.c.user_id == user_id,
            access_events.c.child_id == child_id,
            access_events.c.kind == "revoke",
            access_events.c.at >= since,
        )
        .limit(1)
    ).first()
    return row is not None


def children_with_reports(conn: Connection) -> list[str]:
    return sorted(
        {
            c
            for c in conn.execute(
                select(records.c.child_id).where(records.c.type == RecordType.OROSANMALAN.value)
            ).scalars()
            if c is not None
        }
    )


def all_children(conn: Connection) -> list[str]:
    return list(
        conn.execute(select(records.c.id).where(records.c.type == RecordType.CHILD.value)).scalars()
    )
