"""Anonymised statistics for steering and follow-up, computed in the central store's database.

Two steps:

1. **The projection** (`refresh_facts`). Each record's JSON is read once, when it is new or
   changed (by sequence number, which only grows and commits in order), and what the
   statistics count is kept as narrow rows in `stat_facts`: a child's unit and status, a
   decision, a need flagged on an Upptäckarkort, a Skattning mean per need, a plan's dates, a
   report of concern's status, a Barnkontakt assignment. Each statistics request first brings
   the projection up to date, so it is never stale, and then aggregates narrow indexed rows in
   SQL instead of parsing a million envelopes. Removing a record (disposal) removes its facts
   by the foreign key.
2. **The report** (`compute`): a handful of aggregate queries per period and units, and one
   pass over the decisions (the status each decision leads to is `process.status_after`, the
   same rule the app uses), then every table passes `domain.statistics.suppress`.

Nothing that identifies anyone leaves: the projection holds ids only to join and count, the
report holds category keys, counts and derived numbers only.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ColumnElement

from backa_desktop.central.access import ROLE_UNIT_LEAD, Caller
from backa_desktop.central.common import ServiceError, audit, iso, now, today
from backa_desktop.central.db import records, settings, stat_facts, units
from backa_desktop.domain.needs import CARD_ORDER
from backa_desktop.domain.orosanmalan import OrosanmalanStatus
from backa_desktop.domain.process import Beslut, ChildStatus, status_after
from backa_desktop.domain.records import RecordType
from backa_desktop.domain.statistics import (
    CASELOAD_BUCKETS,
    LEAD_TIME_BUCKETS,
    RawCell,
    StatisticsReport,
    StatTable,
    TableKind,
    bucket_of,
    median,
    suppress,
)

WATERMARK_KEY = "stat_facts_seq"
BATCH = 5000
FACT_TYPES = (
    RecordType.CHILD.value,
    RecordType.DECISION.value,
    RecordType.PLAN.value,
    RecordType.FORM_RESPONSE.value,
    RecordType.OROSANMALAN.value,
    RecordType.BARNKONTAKT.value,
)
UPPTACKARKORT = "upptackarkort"
SKATTNING = "skattning"
NEED_IDS = tuple(n.value for n in CARD_ORDER)
_OPENS = frozenset({Beslut.BARNKONTAKT.value})
_DECIDES = frozenset(
    {Beslut.BARNTEAM.value, Beslut.INDIVIDUELLT_BARNTEAM.value, Beslut.BEHOV_UPPFYLLT.value}
)
NOT_YET = "not_yet"
ROLE_STATISTIK = "statistik"


# -- the projection ---------------------------------------------------------------------------


def _day(value: Any) -> str | None:
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return None
    return None


def facts_of(record_id: str, record_type: str, envelope: dict[str, Any]) -> list[dict[str, Any]]:
    """The statistics rows of one record (empty for a record that counts for nothing)."""
    body = envelope.get("body")
    if not isinstance(body, dict):
        return []
    child_id = record_id if record_type == RecordType.CHILD else envelope.get("child_id")
    created = _day(envelope.get("created_at"))
    rows: list[dict[str, Any]] = []

    def add(kind: str, **values: Any) -> None:
        row = {
            "record_id": record_id,
            "part": len(rows),
            "child_id": child_id,
            "kind": kind,
            "code": None,
            "unit_id": None,
            "on_date": None,
            "date2": None,
            "date3": None,
            "value": None,
            "ref": None,
        }
        row.update(values)
        rows.append(row)

    if record_type == RecordType.CHILD:
        add("child", code=body.get("status"), unit_id=body.get("unit_id"), on_date=created)
    elif record_type == RecordType.DECISION:
        add("decision", code=body.get("beslut"), on_date=created)
    elif record_type == RecordType.PLAN:
        held = sorted(d for f in body.get("follow_ups") or [] if (d := _day(f.get("held_on"))))
        add(
            "plan",
            on_date=_day(body.get("created_on")) or created,
            date2=held[0] if held else None,
            date3=_day(body.get("next_follow_up_on")),
        )
    elif record_type == RecordType.OROSANMALAN:
        add(
            "report",
            code=body.get("status"),
            unit_id=body.get("reporter_unit_id"),
            on_date=_day(body.get("created_on")) or created,
        )
    elif record_type == RecordType.BARNKONTAKT:
        add(
            "barnkontakt",
            code=body.get("staff_id"),
            unit_id=body.get("unit_id"),
            on_date=_day(body.get("valid_from")),
            date2=_day(body.get("valid_to")),
        )
    elif record_type == RecordType.FORM_RESPONSE and body.get("status") == "signed":
        _form_facts(body, created, add)
    return rows


def _form_facts(body: dict[str, Any], created: str | None, add: Any) -> None:
    on = _day(body.get("occasion_date")) or _day(body.get("signed_at")) or created
    ref = body.get("corrects")
    answers = body.get("answers") or {}
    if not isinstance(answers, dict):
        return
    if body.get("form_id") == UPPTACKARKORT:
        add("upptackt", on_date=on, ref=ref)
        for need in NEED_IDS:
            if answers.get(f"{need}.uppfyllt") == "inte_uppfyllt":
                add("flag", code=need, on_date=on, ref=ref)
    elif body.get("form_id") == SKATTNING:
        scores: dict[str, list[int]] = defaultdict(list)
        for key, value in answers.items():
            need, dot, _rest = key.partition(".")
            if dot and "@" not in key and type(value) is int and 1 <= value <= 5:
                scores[need].append(value)
        for need in NEED_IDS:
            if scores.get(need):
                add(
                    "rating",
                    code=need,
                    on_date=on,
                    value=sum(scores[need]) / len(scores[need]),
                    ref=ref,
                )


def _lock_watermark(conn: Connection) -> int:
    dialect_insert: Any = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    conn.execute(
        dialect_insert(settings).values(key=WATERMARK_KEY, value="0").on_conflict_do_nothing()
    )
    value = conn.execute(
        select(settings.c.value).where(settings.c.key == WATERMARK_KEY).with_for_update()
    ).scalar_one()
    return int(value)


def refresh_facts(engine: Engine) -> int:
    """Bring `stat_facts` up to date with the records; returns how many records were read.

    Batches of `BATCH` records, each in one transaction under the watermark row's lock, so
    concurrent requests do not project the same records twice."""
    done = 0
    while True:
        with engine.begin() as conn:
            mark = _lock_watermark(conn)
            rows = conn.execute(
                select(
                    records.c.id,
                    records.c.type,
                    records.c.envelope,
                    records.c.deleted,
                    records.c.seq,
                )
                .where(records.c.seq > mark, records.c.type.in_(FACT_TYPES))
                .order_by(records.c.seq)
                .limit(BATCH)
            ).all()
            if not rows:
                return done
            conn.execute(delete(stat_facts).where(stat_facts.c.record_id.in_([r.id for r in rows])))
            facts: list[dict[str, Any]] = []
            for row in rows:
                if row.deleted:
                    continue
                try:
                    envelope = json.loads(row.envelope)
                except ValueError:
                    continue
                if isinstance(envelope, dict):
                    facts.extend(facts_of(row.id, row.type, envelope))
            if facts:
                conn.execute(insert(stat_facts), facts)
            conn.execute(
                update(settings)
                .where(settings.c.key == WATERMARK_KEY)
                .values(value=str(rows[-1].seq))
            )
            done += len(rows)


# -- the report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    period_from: date
    period_to: date
    unit_ids: tuple[str, ...] = ()

    @property
    def start(self) -> str:
        return self.period_from.isoformat()

    @property
    def end(self) -> str:
        return self.period_to.isoformat()


def _invalid(message_en: str, message_sv: str) -> ServiceError:
    return ServiceError(422, "invalid_statistics_request", message_en, message_sv)


def _children(scope: Scope) -> Any:
    """The children counted: known to the store (not deleted) and, if units were chosen,
    registered at one of them."""
    c = stat_facts.alias("c")
    query = select(c.c.child_id.label("child_id"), c.c.code.label("status")).where(
        c.c.kind == "child"
    )
    if scope.unit_ids:
        query = query.where(c.c.unit_id.in_(scope.unit_ids))
    return query.subquery("scope")


def _not_corrected(f: Any) -> ColumnElement[bool]:
    x = stat_facts.alias("x")
    return ~exists(select(x.c.record_id).where(x.c.ref == f.c.record_id))


def compute(engine: Engine, scope: Scope, *, on: date | None = None) -> StatisticsReport:
    """The anonymised report for a period and units (module doc). `on` is today's date
    (tests pin it); lead times run past the period's end up to it."""
    if scope.period_to < scope.period_from:
        raise _invalid("The period ends before it starts.", "Perioden slutar innan den börjar.")
    today_ = on or today()
    refresh_facts(engine)
    with engine.connect() as conn:
        unit_names = _unit_names(conn, scope.unit_ids)
        tables = [
            *_process_tables(conn, scope, today_),
            _needs_table(conn, scope),
            _effects_table(conn, scope),
            _plans_table(conn, scope, today_),
            _reports_table(conn, scope),
            _caseload_table(conn, scope),
        ]
    return StatisticsReport(
        period_from=scope.period_from,
        period_to=scope.period_to,
        units=unit_names,
        generated_at=iso(now()),
        tables=tables,
    )


def _unit_names(conn: Connection, unit_ids: Sequence[str]) -> list[str]:
    if not unit_ids:
        return []
    found = dict(
        conn.execute(select(units.c.id, units.c.name).where(units.c.id.in_(unit_ids))).all()
    )
    missing = [u for u in unit_ids if u not in found]
    if missing:
        raise ServiceError(
            404, "no_such_unit", "No such unit.", "Enheten finns inte: " + ", ".join(missing)
        )
    return [found[u] for u in unit_ids]


def _process_tables(conn: Connection, scope: Scope, on: date) -> list[StatTable]:
    """Status at the period's end, the flow between statuses in the period, and lead times
    for the children whose Upptäckt falls in the period: all from one ordered pass over the
    decisions, Upptäckarkort and plans of the children in scope."""
    children = _children(scope)
    f = stat_facts.alias("f")
    status_now: dict[str, str | None] = dict(
        conn.execute(select(children.c.child_id, children.c.status)).all()
    )
    events = conn.execute(
        select(f.c.child_id, f.c.kind, f.c.code, f.c.on_date, f.c.date2)
        .join(children, children.c.child_id == f.c.child_id)
        .where(
            f.c.kind.in_(("decision", "upptackt", "plan")),
            f.c.on_date.is_not(None),
            _not_corrected(f),
        )
        .order_by(f.c.child_id, f.c.on_date, f.c.record_id)
    ).all()
    by_child: dict[str, list[Any]] = defaultdict(list)
    for row in events:
        by_child[row.child_id].append(row)

    end_status: dict[str, int] = defaultdict(int)
    flow: dict[str, set[str]] = defaultdict(set)
    lead: dict[str, list[int | None]] = {"decision": [], "plan": [], "follow_up": []}
    start, end = scope.start, scope.end
    for child_id, known in status_now.items():
        rows = by_child.get(child_id, [])
        status: ChildStatus | None = None
        decided_any = False
        discovered: str | None = None
        for row in rows:
            if row.on_date > end:
                break
            if row.kind == "decision":
                try:
                    beslut = Beslut(row.code)
                except ValueError:
                    continue
                decided_any = True
                after = status_after(status, beslut)
                if after != status and row.on_date >= start:
                    flow[
                        f"{status.value if status else 'none'}>{after.value if after else 'none'}"
                    ].add(child_id)
                status = after
            if (
                discovered is None
                and row.on_date >= start
                and (row.kind == "upptackt" or (row.kind == "decision" and row.code in _OPENS))
            ):
                discovered = row.on_date
        if not decided_any and known:
            try:
                status = ChildStatus(known)
            except ValueError:
                status = None
        if status is not None:
            end_status[status.value] += 1
        if discovered is not None:
            _lead_times(rows, discovered, lead)

    tables = [
        suppress(
            "status",
            TableKind.PARTITION,
            [RawCell(s.value, end_status.get(s.value, 0)) for s in ChildStatus],
            sum(end_status.values()),
        ),
        suppress(
            "flow",
            TableKind.LIST,
            [RawCell(key, len(kids)) for key, kids in sorted(flow.items())],
        ),
    ]
    for key, values in lead.items():
        tables.append(_lead_table(f"lead_{key}", values))
    return tables


def _lead_times(rows: Sequence[Any], discovered: str, lead: dict[str, list[int | None]]) -> None:
    start = date.fromisoformat(discovered)

    def days(day: str | None) -> int | None:
        return (date.fromisoformat(day) - start).days if day else None

    decision = next(
        (
            r.on_date
            for r in rows
            if r.kind == "decision" and r.code in _DECIDES and r.on_date >= discovered
        ),
        None,
    )
    plan = next((r for r in rows if r.kind == "plan" and r.on_date >= discovered), None)
    follow_up = plan.date2 if plan is not None and plan.date2 and plan.date2 >= discovered else None
    lead["decision"].append(days(decision))
    lead["plan"].append(days(plan.on_date) if plan is not None else None)
    lead["follow_up"].append(days(follow_up))


def _lead_table(key: str, values: Sequence[int | None]) -> StatTable:
    """Children discovered in the period by days to the milestone; "not yet" is a bucket of
    the same partition. The total's value is the median of those who reached it."""
    counts: dict[str, int] = defaultdict(int)
    reached = [v for v in values if v is not None]
    for value in values:
        counts[bucket_of(value, LEAD_TIME_BUCKETS) if value is not None else NOT_YET] += 1
    cells = [RawCell(name, counts.get(name, 0)) for name, _low, _high in LEAD_TIME_BUCKETS]
    cells.append(RawCell(NOT_YET, counts.get(NOT_YET, 0)))
    return suppress(
        key,
        TableKind.PARTITION,
        cells,
        len(values),
        total_value=median(reached) if len(reached) >= 5 else None,
    )


def _needs_table(conn: Connection, scope: Scope) -> StatTable:
    """Needs flagged as not met on the Upptäckarkort signed in the period: children per need,
    out of the children with a card in the period."""
    children = _children(scope)
    f = stat_facts.alias("f")
    in_period = and_(f.c.on_date >= scope.start, f.c.on_date <= scope.end, _not_corrected(f))
    per_need: dict[str, int] = dict(
        conn.execute(
            select(f.c.code, func.count(func.distinct(f.c.child_id)))
            .join(children, children.c.child_id == f.c.child_id)
            .where(f.c.kind == "flag", in_period)
            .group_by(f.c.code)
        ).all()
    )
    total = conn.execute(
        select(func.count(func.distinct(f.c.child_id)))
        .join(children, children.c.child_id == f.c.child_id)
        .where(f.c.kind == "upptackt", in_period)
    ).scalar_one()
    return suppress(
        "needs_flagged",
        TableKind.SHARE,
        [RawCell(need, int(per_need.get(need, 0))) for need in NEED_IDS],
        int(total),
    )


def _effects_table(conn: Connection, scope: Scope) -> StatTable:
    """Per need: the children whose latest Skattning falls in the period and who were rated
    before, and the mean change of the need's mean score from the first rating to the latest
    (positive: the indicators are met better)."""
    children = _children(scope)
    f = stat_facts.alias("f")
    ratings = (
        select(
            f.c.child_id,
            f.c.code,
            f.c.value,
            f.c.on_date,
            func.row_number()
            .over(partition_by=(f.c.child_id, f.c.code), order_by=(f.c.on_date, f.c.record_id))
            .label("first_n"),
            func.row_number()
            .over(
                partition_by=(f.c.child_id, f.c.code),
                order_by=(f.c.on_date.desc(), f.c.record_id.desc()),
            )
            .label("last_n"),
        )
        .join(children, children.c.child_id == f.c.child_id)
        .where(
            f.c.kind == "rating",
            f.c.on_date <= scope.end,
            f.c.value.is_not(None),
            _not_corrected(f),
        )
        .cte("ratings")
    )
    latest = ratings.alias("latest")
    first = ratings.alias("first")
    change = latest.c.value - first.c.value
    rows = conn.execute(
        select(latest.c.code, func.count(), func.avg(change))
        .join(
            first,
            and_(
                first.c.child_id == latest.c.child_id,
                first.c.code == latest.c.code,
                first.c.first_n == 1,
            ),
        )
        .where(latest.c.last_n == 1, latest.c.first_n > 1, latest.c.on_date >= scope.start)
        .group_by(latest.c.code)
    ).all()
    found = {code: (int(n), float(avg)) for code, n, avg in rows}
    return suppress(
        "effects",
        TableKind.LIST,
        [
            RawCell(need, found.get(need, (0, 0.0))[0], round(found.get(need, (0, 0.0))[1], 2))
            for need in NEED_IDS
        ],
    )


def _plans_table(conn: Connection, scope: Scope, on: date) -> StatTable:
    """Plans that exist at the period's end by their next follow-up: on time, overdue, none
    set. Judged on the period's last day (or today, if that is earlier) from the plan as it
    stands now."""
    children = _children(scope)
    f = stat_facts.alias("f")
    judged = min(scope.period_to, on).isoformat()
    row = conn.execute(
        select(
            func.count(),
            func.sum(case((f.c.date3 >= judged, 1), else_=0)),
            func.sum(case((f.c.date3 < judged, 1), else_=0)),
            func.sum(case((f.c.date3.is_(None), 1), else_=0)),
        )
        .join(children, children.c.child_id == f.c.child_id)
        .where(f.c.kind == "plan", f.c.on_date <= scope.end)
    ).one()
    total, on_time, overdue, none = (int(v or 0) for v in row)
    return suppress(
        "plans_follow_up",
        TableKind.PARTITION,
        [RawCell("on_time", on_time), RawCell("overdue", overdue), RawCell("no_date", none)],
        total,
    )


def _reports_table(conn: Connection, scope: Scope) -> StatTable:
    """Reports of concern written in the period, by status: counts only. With units chosen,
    the reports those units wrote."""
    f = stat_facts.alias("f")
    query = (
        select(f.c.code, func.count())
        .where(f.c.kind == "report", f.c.on_date >= scope.start, f.c.on_date <= scope.end)
        .group_by(f.c.code)
    )
    if scope.unit_ids:
        query = query.where(f.c.unit_id.in_(scope.unit_ids))
    found = {code: int(n) for code, n in conn.execute(query).all()}
    return suppress(
        "reports",
        TableKind.PARTITION,
        [RawCell(s.value, found.get(s.value, 0)) for s in OrosanmalanStatus],
        sum(found.values()),
        counts="reports",
    )


def _caseload_table(conn: Connection, scope: Scope) -> StatTable:
    """Barnkontakter by how many children they are Barnkontakt for on the period's last day.
    The total's value is the mean caseload."""
    f = stat_facts.alias("f")
    end = scope.end
    query = (
        select(func.count(func.distinct(f.c.child_id)))
        .where(
            f.c.kind == "barnkontakt",
            f.c.on_date <= end,
            or_(f.c.date2.is_(None), f.c.date2 >= end),
            f.c.code.is_not(None),
        )
        .group_by(f.c.code)
    )
    if scope.unit_ids:
        query = query.where(f.c.unit_id.in_(scope.unit_ids))
    loads = [int(n) for (n,) in conn.execute(query).all()]
    counts: dict[str, int] = defaultdict(int)
    for load in loads:
        counts[bucket_of(load, CASELOAD_BUCKETS)] += 1
    return suppress(
        "caseloads",
        TableKind.PARTITION,
        [RawCell(name, counts.get(name, 0)) for name, _l, _h in CASELOAD_BUCKETS],
        len(loads),
        total_value=round(sum(loads) / len(loads), 1) if loads else None,
        counts="staff",
    )


UNIT_ROLES = frozenset({ROLE_UNIT_LEAD, "stodsamordnare"})
"""Roles that see their own unit's statistics (the statistics role sees every unit's)."""


def statistics_for(engine: Engine, caller: Caller, scope: Scope) -> StatisticsReport:
    """The report for a signed-in caller: the statistics role for any units or the whole
    municipality, a unit lead or coordinator for their own unit only; anyone else gets 403.
    The request is audited (period and units, no child)."""
    if ROLE_STATISTIK not in caller.roles:
        if not (UNIT_ROLES & caller.roles) or caller.unit_id is None:
            raise ServiceError(
                403,
                "forbidden",
                "Statistics are for the statistics role, unit leads and coordinators.",
                "Statistik är till för statistikrollen, enhetschefer och stödsamordnare.",
            )
        if scope.unit_ids and set(scope.unit_ids) != {caller.unit_id}:
            raise ServiceError(
                403,
                "forbidden",
                "Only your own unit's statistics.",
                "Du kan bara se statistik för din egen enhet.",
            )
        scope = Scope(scope.period_from, scope.period_to, (caller.unit_id,))
    report = compute(engine, scope)
    with engine.begin() as conn:
        audit(
            conn,
            caller=caller,
            action="statistics",
            detail=json.dumps(
                {"from": scope.start, "to": scope.end, "units": list(scope.unit_ids)}
            ),
        )
    return report
