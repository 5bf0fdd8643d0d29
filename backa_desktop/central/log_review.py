"""Log review (loggkontroll) and log extracts from the laptops' audit logs.

PDL 4 kap. 3 § asks for systematic, recurring checks of who read what, and HSLF-FS 2016:40
4 kap. 9 § for those checks to be documented. A review covers one unit and period and
shows, per user of the unit, the signals a reviewer looks for: children read; reads of
children the user has no current relation to (not Barnkontakt, team member, Stödsamordnare,
author or reporter; the classic sign of snooping); reads of children with protected identity;
reads outside working hours; many children read within one hour; prints and exports. The
reviewer then records that the check was done and what was found (`record_check`), and
that record is itself logged.

A log extract for a child lists who read or changed what about the child, from every laptop
(the synced audit events) and from the central store's own log of changes it accepted.

Ids only: the central log never holds a child's name or identity number; users are named,
because the log must say who did what.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, Engine, and_, insert, or_, select

from backa_desktop.central.access import ROLE_ADMIN, ROLE_UNIT_LEAD, Caller
from backa_desktop.central.common import ServiceError, audit, iso, now
from backa_desktop.central.db import (
    audit_log,
    child_access,
    device_audit,
    log_checks,
    records,
    units,
    users,
)
from backa_desktop.domain.audit_chain import PRINT_EXPORT_ACTIONS, READ_ACTIONS
from backa_desktop.domain.records import RecordType, uuid7
from backa_desktop.sync.protocol import (
    BulkFinding,
    LogCheckEntry,
    LogCheckRequest,
    LogExtract,
    LogExtractEntry,
    LogFinding,
    LogReview,
    LogReviewRequest,
    ReviewUnit,
    ReviewUnits,
    UserReview,
)

ROLE_LOG_REVIEWER = "log_reviewer"
"""The municipality's or region's log reviewer: may review every unit and extract any
child's log."""

WORK_START = time(7, 0)
WORK_END = time(18, 0)
"""Working hours, Monday to Friday, local time; reads outside them are shown."""

BULK_THRESHOLD = 20
"""This many different children read by one user within one clock hour is a bulk read."""

WRITE_ACTIONS = frozenset({"create", "update", "delete", "write"})


def _local_zone() -> tzinfo:
    try:
        return ZoneInfo("Europe/Stockholm")
    except ZoneInfoNotFoundError:  # a system without time zone data: CET, no summer time
        return datetime.now().astimezone().tzinfo or ZoneInfo("UTC")


LOCAL = _local_zone()


def _forbidden() -> ServiceError:
    return ServiceError(
        403,
        "forbidden",
        "Only a log reviewer, or the unit lead for the unit's own staff, may do this.",
        "Bara loggansvarig, eller enhetschefen för den egna enhetens personal, får göra detta.",
    )


def may_review(caller: Caller, unit_id: str) -> bool:
    roles = caller.roles
    if ROLE_LOG_REVIEWER in roles or ROLE_ADMIN in roles:
        return True
    return ROLE_UNIT_LEAD in roles and caller.unit_id == unit_id


def reviewable_units(engine: Engine, caller: Caller) -> ReviewUnits:
    """What the review window offers to pick from: the units `may_review` allows, by name."""
    with engine.connect() as conn:
        rows = conn.execute(select(units.c.id, units.c.name).order_by(units.c.name)).all()
    return ReviewUnits(
        units=[ReviewUnit(id=i, name=n) for i, n in rows if may_review(caller, i)]
    )


def _period(date_from: str, date_to: str) -> tuple[str, str]:
    """The period as UTC text bounds [start, end) of whole local days."""
    try:
        first, last = date.fromisoformat(date_from), date.fromisoformat(date_to)
    except ValueError as exc:
        raise ServiceError(
            422, "invalid_request", "Dates must be YYYY-MM-DD.", "Ange datum som ÅÅÅÅ-MM-DD."
        ) from exc
    if last < first:
        raise ServiceError(
            422,
            "invalid_request",
            "The period ends before it starts.",
            "Perioden slutar innan den börjar.",
        )
    start = datetime.combine(first, time(0), LOCAL)
    end = datetime.combine(last + timedelta(days=1), time(0), LOCAL)
    return iso(start.astimezone(ZoneInfo("UTC"))), iso(end.astimezone(ZoneInfo("UTC")))


def _local(at: str) -> datetime:
    return datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone(LOCAL)


def outside_working_hours(at: str) -> bool:
    moment = _local(at)
    return moment.weekday() >= 5 or not (WORK_START <= moment.time() < WORK_END)


def review(
    engine: Engine, caller: Caller | None, request: LogReviewRequest, *, log: bool = True
) -> LogReview:
    """The review of one unit and period. `caller` None: the command line (run by someone
    with the server's database credentials); the review is still logged."""
    if caller is not None and not may_review(caller, request.unit_id):
        raise _forbidden()
    start, end = _period(request.date_from, request.date_to)
    with engine.begin() as conn:
        unit = conn.execute(select(units.c.name).where(units.c.id == request.unit_id)).first()
        if unit is None:
            raise ServiceError(
                404,
                "no_such_unit",
                f"No unit {request.unit_id}.",
                f"Enheten {request.unit_id} finns inte.",
            )
        staff = conn.execute(
            select(users.c.id, users.c.username, users.c.display_name)
            .where(users.c.unit_id == request.unit_id)
            .order_by(users.c.username)
        ).all()
        reviews = [_user_review(conn, row, start, end) for row in staff]
        checks = _checks(conn, request.unit_id)
        if log:
            audit(
                conn,
                caller=caller,
                action="log_review",
                detail=json.dumps(
                    {"unit": request.unit_id, "from": request.date_from, "to": request.date_to},
                    sort_keys=True,
                ),
            )
    return LogReview(
        unit_id=request.unit_id,
        unit_name=str(unit.name),
        date_from=request.date_from,
        date_to=request.date_to,
        generated_at=iso(now()),
        working_hours=f"mån–fre {WORK_START:%H:%M}–{WORK_END:%H:%M}",
        bulk_threshold=BULK_THRESHOLD,
        users=reviews,
        checks=checks,
    )


def _user_review(conn: Connection, user: Any, start: str, end: str) -> UserReview:
    events = conn.execute(
        select(
            device_audit.c.at,
            device_audit.c.action,
            device_audit.c.child_id,
            device_audit.c.device_id,
        )
        .where(
            device_audit.c.user_id == user.id,
            device_audit.c.at >= start,
            device_audit.c.at < end,
        )
        .order_by(device_audit.c.at)
    ).all()
    reads = [e for e in events if e.action in READ_ACTIONS and e.child_id]
    children = sorted({str(e.child_id) for e in reads})
    related = _related(conn, str(user.id), children)
    protected = _protected(conn, children)

    def finding(event: Any) -> LogFinding:
        return LogFinding(
            at=event.at, action=event.action, child_id=event.child_id, device_id=event.device_id
        )

    per_hour: dict[str, set[str]] = defaultdict(set)
    for event in reads:
        per_hour[_local(event.at).strftime("%Y-%m-%dT%H")].add(str(event.child_id))
    return UserReview(
        user_id=str(user.id),
        username=str(user.username),
        display_name=str(user.display_name),
        reads=len(reads),
        children_read=len(children),
        without_relation=[finding(e) for e in reads if e.child_id not in related],
        protected_identity=[finding(e) for e in reads if e.child_id in protected],
        outside_hours=[finding(e) for e in events if outside_working_hours(e.at)],
        bulk=[
            BulkFinding(hour=hour, children=len(seen))
            for hour, seen in sorted(per_hour.items())
            if len(seen) >= BULK_THRESHOLD
        ],
        prints_exports=[finding(e) for e in events if e.action in PRINT_EXPORT_ACTIONS],
    )


def _chunks(items: list[str], size: int = 500) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _related(conn: Connection, user_id: str, children: list[str]) -> set[str]:
    """The children this user has a current relation to: an access grant today (Barnkontakt,
    Stödsamordnare, team under consent, registrar before a Barnkontakt, the report's
    recipients) or a record about the child the user wrote (author, reporter)."""
    found: set[str] = set()
    for part in _chunks(children):
        found.update(
            conn.execute(
                select(child_access.c.child_id).where(
                    child_access.c.user_id == user_id, child_access.c.child_id.in_(part)
                )
            ).scalars()
        )
        found.update(
            str(c)
            for c in conn.execute(
                select(records.c.child_id)
                .where(records.c.created_by == user_id, records.c.child_id.in_(part))
                .distinct()
            ).scalars()
        )
        found.update(
            conn.execute(
                select(records.c.id).where(
                    records.c.created_by == user_id,
                    records.c.type == RecordType.CHILD.value,
                    records.c.id.in_(part),
                )
            ).scalars()
        )
    return found


def _protected(conn: Connection, children: list[str]) -> set[str]:
    """Children whose profile says their identity is protected (skyddad identitet)."""
    found: set[str] = set()
    for part in _chunks(children):
        for row in conn.execute(
            select(records.c.id, records.c.envelope).where(
                records.c.type == RecordType.CHILD.value, records.c.id.in_(part)
            )
        ):
            body = json.loads(row.envelope).get("body") or {}
            if body.get("protected_identity") is True:
                found.add(str(row.id))
    return found


def _checks(conn: Connection, unit_id: str) -> list[LogCheckEntry]:
    rows = conn.execute(
        select(log_checks, users.c.username)
        .select_from(log_checks.outerjoin(users, users.c.id == log_checks.c.reviewer_id))
        .where(log_checks.c.unit_id == unit_id)
        .order_by(log_checks.c.at.desc())
    ).all()
    return [
        LogCheckEntry(
            id=row.id,
            unit_id=row.unit_id,
            date_from=row.date_from,
            date_to=row.date_to,
            reviewer=row.username or row.reviewer_id,
            at=row.at,
            outcome=row.outcome,
            findings=row.findings,
        )
        for row in rows
    ]


def record_check(
    engine: Engine, caller: Caller | None, request: LogCheckRequest, *, reviewer_id: str = ""
) -> LogCheckEntry:
    """Record that a check was done and what was found; the record is itself logged.
    `caller` None: the command line, naming the reviewer's account in `reviewer_id`."""
    if caller is not None and not may_review(caller, request.unit_id):
        raise _forbidden()
    _period(request.date_from, request.date_to)
    reviewer = caller.user_id if caller is not None else reviewer_id
    check_id, at = uuid7(), iso(now())
    with engine.begin() as conn:
        if conn.execute(select(units.c.id).where(units.c.id == request.unit_id)).first() is None:
            raise ServiceError(
                404,
                "no_such_unit",
                f"No unit {request.unit_id}.",
                f"Enheten {request.unit_id} finns inte.",
            )
        conn.execute(
            insert(log_checks).values(
                id=check_id,
                unit_id=request.unit_id,
                date_from=request.date_from,
                date_to=request.date_to,
                reviewer_id=reviewer,
                at=at,
                outcome=request.outcome,
                findings=request.findings,
            )
        )
        audit(
            conn,
            caller=caller,
            user_id=reviewer,
            action="log_check",
            record_ids=[check_id],
            detail=json.dumps({"unit": request.unit_id, "outcome": request.outcome}),
        )
        name = conn.execute(select(users.c.username).where(users.c.id == reviewer)).scalar()
    return LogCheckEntry(
        id=check_id,
        unit_id=request.unit_id,
        date_from=request.date_from,
        date_to=request.date_to,
        reviewer=str(name or reviewer),
        at=at,
        outcome=request.outcome,
        findings=request.findings,
    )


def extract(engine: Engine, caller: Caller | None, child_id: str) -> LogExtract:
    """Who read or changed what about one child, from every laptop and the central store.
    A log reviewer (or the command line) may extract any child's log; anyone else only for a
    child they have full access to (the registerutdrag made on their laptop)."""
    with engine.begin() as conn:
        if caller is not None and not (
            ROLE_LOG_REVIEWER in caller.roles
            or ROLE_ADMIN in caller.roles
            or conn.execute(
                select(child_access.c.level).where(
                    child_access.c.child_id == child_id,
                    child_access.c.user_id == caller.user_id,
                    child_access.c.level == "full",
                )
            ).first()
        ):
            raise ServiceError(
                403,
                "forbidden",
                "Only a log reviewer or someone with access to the child may extract its log.",
                "Bara loggansvarig eller den som har tillgång till barnet får ta ut dess logg.",
            )
        laptop = conn.execute(
            select(
                device_audit.c.at,
                device_audit.c.action,
                device_audit.c.record_id,
                device_audit.c.device_id,
                users.c.username,
                users.c.display_name,
            )
            .select_from(device_audit.outerjoin(users, users.c.id == device_audit.c.user_id))
            .where(
                or_(
                    device_audit.c.child_id == child_id,
                    and_(device_audit.c.child_id.is_(None), device_audit.c.record_id == child_id),
                )
            )
        ).all()
        server = conn.execute(
            select(
                audit_log.c.at,
                audit_log.c.action,
                audit_log.c.record_ids,
                audit_log.c.device_id,
                users.c.username,
                users.c.display_name,
            )
            .select_from(audit_log.outerjoin(users, users.c.id == audit_log.c.user_id))
            .where(audit_log.c.child_id == child_id, audit_log.c.action.in_(WRITE_ACTIONS))
        ).all()
        audit(conn, caller=caller, action="log_extract", child_id=child_id)
    entries = [
        LogExtractEntry(
            at=row.at,
            action=row.action,
            username=row.username or "",
            display_name=row.display_name or "",
            record_id=row.record_id,
            device_id=row.device_id,
            source="laptop",
        )
        for row in laptop
    ]
    for row in server:
        ids = json.loads(row.record_ids)
        entries.append(
            LogExtractEntry(
                at=row.at,
                action=row.action,
                username=row.username or "",
                display_name=row.display_name or "",
                record_id=ids[0] if ids else None,
                device_id=row.device_id,
                source="server",
            )
        )
    entries.sort(key=lambda e: (e.at, e.source))
    return LogExtract(child_id=child_id, generated_at=iso(now()), entries=entries)


CSV_HEADER = ["username", "display_name", "signal", "at", "action", "child_id", "device_id",
              "count"]


def review_csv(review: LogReview) -> str:
    """The review as CSV: per user one `children_read` row with counts, then one row per
    finding (ids in full, UTC times), so it can be filtered in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for user in review.users:
        who = [user.username, user.display_name]
        writer.writerow([*who, "children_read", "", "", "", "", user.children_read])
        for signal, findings in (
            ("without_relation", user.without_relation),
            ("protected_identity", user.protected_identity),
            ("outside_hours", user.outside_hours),
            ("print_export", user.prints_exports),
        ):
            for f in findings:
                writer.writerow([*who, signal, f.at, f.action, f.child_id or "",
                                 f.device_id or "", ""])
        for bulk in user.bulk:
            writer.writerow([*who, "bulk", bulk.hour, "read", "", "", bulk.children])
    return out.getvalue()


def extract_csv(extract_: LogExtract) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["at", "username", "display_name", "action", "record_id", "device_id",
                     "source"])
    for e in extract_.entries:
        writer.writerow([e.at, e.username, e.display_name, e.action, e.record_id or "",
                         e.device_id or "", e.source])
    return out.getvalue()
