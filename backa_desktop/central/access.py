"""Who may see which child's records, decided on the server (DESIGN.md §8, domain.md §1.16, §3).

Access is kept per (child, user) in `child_access` with a level:

- ``full``: the child's current Barnkontakt; the Stödsamordnare; members of the child's
  Individuellt barnteam under a valid consent for it; members of the Barnteam of the
  Barnkontakt's unit under a valid consent for the Barnteam; and, until a Barnkontakt is
  assigned (any assignment record, current or not), the person who registered the child.
- ``partial``: sees the child's profile only, because it must act on an orosanmälan about the
  child (social services once the report is sent; the lead of the reporter's unit).

The Upptäckare named in a decision's `notify_upptackare` sees that one decision (återkoppling),
whatever their level: they usually lost access when the Barnkontakt was assigned, and the
model says the Barnkontakt's decision goes back to them. The decision's visibility class names
them (a hash of their id, as `vis_type` holds 32 characters), so no access row is needed and
no other record of the child is released.

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

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    bindparam,
    delete,
    false,
    insert,
    or_,
    select,
    update,
)

from backa_desktop.central.bulk import among, among_joined
from backa_desktop.central.db import (
    access_events,
    child_access,
    child_redirects,
    records,
    users,
)
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
VIS_ATERKOPPLING_PREFIX = "aterkoppling:"


def aterkoppling_vis(user_id: str) -> str:
    """The visibility class of a decision that goes back to this Upptäckare (module doc)."""
    digest = hashlib.sha256(user_id.encode()).hexdigest()
    return VIS_ATERKOPPLING_PREFIX + digest[: 32 - len(VIS_ATERKOPPLING_PREFIX)]


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
    if record.type == RecordType.DECISION:
        notify = record.body.get("notify_upptackare")
        if isinstance(notify, str) and notify:
            return aterkoppling_vis(notify)
    return str(record.type.value)


def visible_clause(caller: Caller, level: ColumnElement[str] | None = None) -> ColumnElement[bool]:
    """The SQL condition for "the caller may see this records row" (with `child_access`
    outer-joined for the caller as `level`, or `level` given: see `row_level`), from the access
    table as it is now.

    `created_by` counts only for reports of concern (the reporter, who is always the one who
    created the report: the server checks it); a conflict record about a report carries the
    report's `created_by` and `created_unit`, so it is seen exactly like the report."""
    level = child_access.c.level if level is None else level
    reports = (VIS_OROSANMALAN, VIS_OROSANMALAN_DRAFT)
    conditions: list[ColumnElement[bool]] = [
        records.c.child_id.is_(None),
        and_(records.c.vis_type.in_(reports), records.c.created_by == caller.user_id),
        and_(level == FULL, records.c.vis_type.not_in(reports)),
        and_(level == PARTIAL, records.c.vis_type == RecordType.CHILD.value),
        records.c.vis_type == aterkoppling_vis(caller.user_id),
    ]
    if caller.is_socialtjanst:
        conditions.append(records.c.vis_type == VIS_OROSANMALAN)
    if caller.is_unit_lead and caller.unit_id:
        conditions.append(
            and_(records.c.vis_type.in_(reports), records.c.created_unit == caller.unit_id)
        )
    return or_(*conditions)


def row_level(caller: Caller) -> ColumnElement[str]:
    """The caller's access level for the records row's child, looked up per row (a scalar
    subquery on `child_access`'s primary key) — for `visible_clause` in a query over `records`
    alone. Unlike the outer join of `joined`, the planner cannot turn it into a scan of all the
    caller's access rows: with no statistics yet it takes a Barnkontakt's 10,000 rows for 15
    and loops over them for every record (seconds a page)."""
    return (
        select(child_access.c.level)
        .where(
            child_access.c.child_id == records.c.child_id,
            child_access.c.user_id == caller.user_id,
        )
        .scalar_subquery()
    )


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
                .where(
                    among(conn, records.c.id, wanted[start : start + 500]), visible_clause(caller)
                )
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


@dataclass(frozen=True)
class AccessRow:
    """What of a record decides access: its type, body (in the envelope), creator and state."""

    type: str
    envelope: str
    created_by: str
    deleted: bool
    revision: int


def access_rows(conn: Connection, child_ids: Iterable[str]) -> dict[str, dict[str, AccessRow]]:
    """The access-deciding records of these children (deleted ones included, so a caller can
    tell a change), by child and record id: one query per 500 children."""
    wanted = sorted(set(child_ids))
    found: dict[str, dict[str, AccessRow]] = {c: {} for c in wanted}
    for start in range(0, len(wanted), 500):
        for rid, child, rtype, envelope, created_by, deleted, revision in conn.execute(
            select(
                records.c.id,
                records.c.child_id,
                records.c.type,
                records.c.envelope,
                records.c.created_by,
                records.c.deleted,
                records.c.revision,
            ).where(
                among(conn, records.c.child_id, wanted[start : start + 500]),
                records.c.type.in_(sorted(ACCESS_TYPES)),
            )
        ).all():
            found[child][rid] = AccessRow(rtype, envelope, created_by, bool(deleted), revision)
        # A child merged into one of these (identity_merge): its registrar is a registrar.
        for merged, survivor, registrar in conn.execute(
            select(
                child_redirects.c.merged_id,
                child_redirects.c.survivor_id,
                child_redirects.c.created_by,
            ).where(among_joined(conn, child_redirects.c.survivor_id, wanted[start : start + 500]))
        ).all():
            found[survivor][merged] = registrar_row(registrar)
    return found


def registrar_row(created_by: str) -> AccessRow:
    """The access row of a child merged into another: only its registrar counts."""
    return AccessRow(RecordType.CHILD.value, "", created_by, False, 0)


class Lookups:
    """What every child's computation may need beyond its own records — the units' Barnteams
    and the people with report-receiving roles — read once per recompute, not per child."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._teams: list[Team] | None = None
        self._people: list[tuple[str, str, str | None]] | None = None
        self.consulted = 0
        """How often a computation asked for them: levels worked out without them depend on
        the child's own records only."""

    def unit_barnteams(self, units: set[str]) -> list[Team]:
        self.consulted += 1
        if self._teams is None:
            self._teams = _unit_barnteams(self.conn)
        return [t for t in self._teams if t.unit_id in units]

    def people(self) -> list[tuple[str, str, str | None]]:
        self.consulted += 1
        if self._people is None:
            self._people = [
                (uid, roles, unit)
                for uid, roles, unit in self.conn.execute(
                    select(users.c.id, users.c.roles, users.c.unit_id)
                ).all()
            ]
        return self._people

    def forget_teams(self) -> None:
        """A unit's Barnteam was written."""
        self._teams = None


def compute_levels(conn: Connection, child_id: str, today: date) -> dict[str, str]:
    rows = access_rows(conn, [child_id])[child_id].values()
    return levels_from(rows, today, Lookups(conn))


def levels_from(rows: Iterable[AccessRow], today: date, lookups: Lookups) -> dict[str, str]:
    """Who has which level for one child, from the child's access-deciding records (deleted
    ones are skipped) as they are now — in the database or, during a push, in memory."""
    creators: set[str] = set()
    assignments: list[BarnkontaktAssignment] = []
    teams: list[Team] = []
    consents: dict[str, Consent] = {}
    reports: list[Orosanmalan] = []
    for row in rows:
        if row.deleted:
            continue
        rtype, envelope, created_by = row.type, row.envelope, row.created_by
        if rtype == RecordType.CHILD:
            creators.add(created_by)  # several when duplicates were merged into the child
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
    if not assignments:
        # "Until a Barnkontakt is assigned": once any assignment exists (even one that has
        # ended or not yet begun) the registering person keeps only what another rule gives.
        full |= creators
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
        for team in lookups.unit_barnteams(units):
            full |= {m.staff_id for m in team.active_members(today)}
            if team.stodsamordnare_staff_id:
                full.add(team.stodsamordnare_staff_id)
    partial: set[str] = set()
    if reports:
        people = lookups.people()
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


def _unit_barnteams(conn: Connection) -> list[Team]:
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
        if parsed and parsed[1].kind is TeamKind.BARNTEAM:
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
    """Recompute one child's access (see `refresh_children`); returns the (user, kind)
    events emitted."""
    return [(u, k) for _c, u, k in refresh_children(conn, [child_id], today, next_seq, at)]


def refresh_children(
    conn: Connection,
    child_ids: Iterable[str],
    today: date,
    next_seq: Callable[[], int],
    at: str | None = None,
    known: dict[str, dict[str, AccessRow]] | None = None,
    computed: Mapping[str, dict[str, str]] | None = None,
) -> list[tuple[str, str, str]]:
    """Recompute these children's access, store it, and emit an access event for every user
    whose level changed. Returns the (child, user, kind) events emitted. Must run inside the
    write lock. `at` is the server clock's time (the 30-day grace after a loss is measured
    from it). `known`: children's access-deciding records as they will be stored (a push
    emits its events before it writes its records, as if each access change came first).
    `computed`: the levels the caller already worked out from `known` for some of those
    children (a push decides its writes with them), taken instead of working them out again.
    Set-based: a few statements for any number of children, not a few per child."""
    wanted = sorted(set(child_ids))
    if not wanted:
        return []
    lookups = Lookups(conn)
    given = known or {}
    rows = access_rows(conn, [c for c in wanted if c not in given])
    rows.update({c: given[c] for c in wanted if c in given})
    old: dict[str, dict[str, str]] = {c: {} for c in wanted}
    for start in range(0, len(wanted), 500):
        for child, user, level in conn.execute(
            select(child_access.c.child_id, child_access.c.user_id, child_access.c.level).where(
                among_joined(conn, child_access.c.child_id, wanted[start : start + 500])
            )
        ).all():
            old[child][user] = level
    removed: list[dict[str, str]] = []
    added: list[dict[str, str]] = []
    changed: list[dict[str, str]] = []
    emitted: list[tuple[str, str, str]] = []
    when = at or utc_now()
    ready = computed or {}
    for child in wanted:
        if child in ready and child in given:
            new = ready[child]
        else:
            new = levels_from(rows[child].values(), today, lookups)
        before_levels = old[child]
        for user_id in sorted(set(before_levels) | set(new)):
            before, after = before_levels.get(user_id), new.get(user_id)
            if before == after:
                continue
            key = {"c": child, "u": user_id}
            if after is None:
                removed.append(key)
            elif before is None:
                added.append({"child_id": child, "user_id": user_id, "level": after})
            else:
                changed.append({**key, "l": after})
            emitted.append((child, user_id, "grant" if _RANK[after] > _RANK[before] else "revoke"))
    which = and_(
        child_access.c.child_id == bindparam("c"), child_access.c.user_id == bindparam("u")
    )
    if removed:
        conn.execute(delete(child_access).where(which), removed)
    if added:
        conn.execute(insert(child_access), added)
    if changed:
        conn.execute(update(child_access).where(which).values(level=bindparam("l")), changed)
    if emitted:
        conn.execute(
            insert(access_events),
            [
                {"seq": next_seq(), "user_id": u, "child_id": c, "kind": k, "at": when}
                for c, u, k in emitted
            ],
        )
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


def visible_row(
    caller: Caller,
    child_id: str | None,
    vis_type: str,
    created_by: str,
    created_unit: str | None,
    level: str | None,
) -> bool:
    """`visible_clause` for one row already in memory, with the caller's `level` for its
    child: a push decides in memory what the store will say once its writes land. The two
    must say the same (a test holds them side by side); answers that leave the server still
    pass `releasable`."""
    reports = (VIS_OROSANMALAN, VIS_OROSANMALAN_DRAFT)
    if child_id is None:
        return True
    if vis_type in reports and created_by == caller.user_id:
        return True
    if level == FULL and vis_type not in reports:
        return True
    if level == PARTIAL and vis_type == RecordType.CHILD.value:
        return True
    if vis_type == aterkoppling_vis(caller.user_id):
        return True
    if caller.is_socialtjanst and vis_type == VIS_OROSANMALAN:
        return True
    return bool(
        caller.is_unit_lead
        and caller.unit_id
        and vis_type in reports
        and created_unit == caller.unit_id
    )


def rank(level: str | None) -> int:
    return _RANK.get(level, 0)
