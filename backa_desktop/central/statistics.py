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
2. **The report** (`compute`): a handful of grouped queries per period and units — a child's
   status is `process.status_after` folded over its decisions, written as MIN/MAX aggregates
   (`_status_at`) — then every table passes `domain.statistics.suppress`.

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
from backa_desktop.domain.process import Beslut, ChildStatus
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
_DECIDES = frozenset(
    {Beslut.BARNTEAM.value, Beslut.INDIVIDUELLT_BARNTEAM.value, Beslut.BEHOV_UPPFYLLT.value}
)
NOT_YET = "not_yet"
_FACT_COLUMNS = tuple(c.name for c in stat_facts.columns)
ROLE_STATISTIK = "statistik"


# -- the projection ---------------------------------------------------------------------------


def _day(value: Any) -> str | None:
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return None
    return None


def facts_of(record_id: str, record_type: str, envelope: dict[str, Any]) -> dict[str, Any] | None:
    """The statistics row of one record (None for a record that counts for nothing)."""
    body = envelope.get("body")
    if not isinstance(body, dict):
        return None
    created = _day(envelope.get("created_at"))
    row: dict[str, Any] = dict.fromkeys(_FACT_COLUMNS)
    row["corrected"] = False
    row["record_id"] = record_id
    row["child_id"] = record_id if record_type == RecordType.CHILD else envelope.get("child_id")
    if record_type == RecordType.CHILD:
        row.update(kind="child", code=body.get("status"), unit_id=body.get("unit_id"))
        row["on_date"] = created
    elif record_type == RecordType.DECISION:
        row.update(kind="decision", code=body.get("beslut"), on_date=created)
    elif record_type == RecordType.PLAN:
        held = sorted(
            d
            for f in body.get("follow_ups") or []
            if isinstance(f, dict) and (d := _day(f.get("held_on")))
        )
        row.update(
            kind="plan",
            on_date=_day(body.get("created_on")) or created,
            date2=held[0] if held else None,
            date3=_day(body.get("next_follow_up_on")),
        )
    elif record_type == RecordType.OROSANMALAN:
        row.update(
            kind="report",
            code=body.get("status"),
            unit_id=body.get("reporter_unit_id"),
            on_date=_day(body.get("created_on")) or created,
        )
    elif record_type == RecordType.BARNKONTAKT:
        row.update(
            kind="barnkontakt",
            code=body.get("staff_id"),
            unit_id=body.get("unit_id"),
            on_date=_day(body.get("valid_from")),
            date2=_day(body.get("valid_to")),
        )
    elif record_type == RecordType.FORM_RESPONSE and body.get("status") == "signed":
        if not _form_facts(body, created, row):
            return None
    else:
        return None
    for key in ("child_id", "code", "unit_id", "ref"):
        if row[key] is not None and (not isinstance(row[key], str) or len(row[key]) > 64):
            row[key] = None
    if row["kind"] in ("decision", "rating") and row["on_date"]:
        row["sort_key"] = f"{row['on_date']}|{record_id}|{row['code'] or ''}"
    return row


def _form_facts(body: dict[str, Any], created: str | None, row: dict[str, Any]) -> bool:
    """Upptäckarkort: 1 in each need flagged as not met. Skattning: each need's mean score
    (1–5 answers only; Vet ej and a talk's per-respondent answers do not count)."""
    answers = body.get("answers") or {}
    if not isinstance(answers, dict):
        return False
    row["on_date"] = _day(body.get("occasion_date")) or _day(body.get("signed_at")) or created
    row["ref"] = body.get("corrects")
    if body.get("form_id") == UPPTACKARKORT:
        row["kind"] = "upptackt"
        for need in NEED_IDS:
            if answers.get(f"{need}.uppfyllt") == "inte_uppfyllt":
                row[f"need_{need}"] = 1.0
        return True
    if body.get("form_id") == SKATTNING:
        scores: dict[str, list[int]] = defaultdict(list)
        for key, value in answers.items():
            need, dot, _rest = key.partition(".")
            if dot and "@" not in key and type(value) is int and 1 <= value <= 5:
                scores[need].append(value)
        row["kind"] = "rating"
        for need in NEED_IDS:
            if scores.get(need):
                row[f"need_{need}"] = sum(scores[need]) / len(scores[need])
        return True
    return False


def _lock_watermark(conn: Connection) -> int:
    dialect_insert: Any = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    conn.execute(
        dialect_insert(settings).values(key=WATERMARK_KEY, value="0").on_conflict_do_nothing()
    )
    value = conn.execute(
        select(settings.c.value).where(settings.c.key == WATERMARK_KEY).with_for_update()
    ).scalar_one()
    return int(value)


def _insert_facts(conn: Connection, facts: list[dict[str, Any]]) -> None:
    """PostgreSQL: COPY (an executemany costs a round trip per row, and a many-row VALUES
    statement takes SQLAlchemy longer to compile than the database to run). SQLite:
    executemany, which is in-process and fast."""
    if not facts:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(stat_facts), facts)
        return
    driver: Any = conn.connection.driver_connection
    with (
        driver.cursor() as cursor,
        cursor.copy(f"COPY stat_facts ({', '.join(_FACT_COLUMNS)}) FROM STDIN") as copy,
    ):
        for fact in facts:
            copy.write_row([fact[c] for c in _FACT_COLUMNS])


def _mark_corrected(conn: Connection, new_ids: Sequence[str], refs: Sequence[str]) -> None:
    """A signed form that a later one corrects counts no more: `corrected` is set from
    whether any row names the record in `ref` (an index lookup), so the reports filter on a
    column instead of an anti-join over the whole projection. New rows are marked only when
    a correction of them already exists (rare: rows are written unmarked); the records named
    by the batch's corrections, before and after, are recomputed."""
    x = stat_facts.alias("x")
    named = exists(select(x.c.record_id).where(x.c.ref == stat_facts.c.record_id))
    for at in range(0, len(new_ids), 1000):
        chunk = list(new_ids[at : at + 1000])
        conn.execute(
            update(stat_facts)
            .where(stat_facts.c.record_id.in_(chunk), named)
            .values(corrected=True)
        )
    for at in range(0, len(refs), 1000):
        chunk = list(refs[at : at + 1000])
        conn.execute(
            update(stat_facts).where(stat_facts.c.record_id.in_(chunk)).values(corrected=named)
        )


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
            ids = [r.id for r in rows]
            # Cards these records corrected before (their mark may have to go).
            touched = set(
                conn.execute(
                    select(stat_facts.c.ref).where(
                        stat_facts.c.record_id.in_(ids), stat_facts.c.ref.is_not(None)
                    )
                ).scalars()
            )
            conn.execute(delete(stat_facts).where(stat_facts.c.record_id.in_(ids)))
            facts: list[dict[str, Any]] = []
            for row in rows:
                if row.deleted:
                    continue
                try:
                    envelope = json.loads(row.envelope)
                except ValueError:
                    continue
                fact = facts_of(row.id, row.type, envelope) if isinstance(envelope, dict) else None
                if fact is not None:
                    facts.append(fact)
            _insert_facts(conn, facts)
            touched |= {f["ref"] for f in facts if f["ref"]}
            _mark_corrected(conn, ids, sorted(touched))
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
    query = select(
        c.c.child_id.label("child_id"),
        c.c.code.label("status"),
        c.c.on_date.label("created"),
    ).where(c.c.kind == "child")
    if scope.unit_ids:
        query = query.where(c.c.unit_id.in_(scope.unit_ids))
    return query.subquery("scope")


def _not_corrected(f: Any) -> ColumnElement[bool]:
    clause: ColumnElement[bool] = f.c.corrected.is_(False)
    return clause


def compute(engine: Engine, scope: Scope, *, on: date | None = None) -> StatisticsReport:
    """The anonymised report for a period and units (module doc). `on` is today's date
    (tests pin it); lead times run past the period's end up to it."""
    if scope.period_to < scope.period_from:
        raise _invalid("The period ends before it starts.", "Perioden slutar innan den börjar.")
    today_ = on or today()
    refresh_facts(engine)
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            # The per-child grouping of a large municipality fits in memory this way
            # instead of spilling to disk (the default is 4 MB); this transaction only.
            conn.exec_driver_sql("SET LOCAL work_mem = '64MB'")
        unit_names = _unit_names(conn, scope.unit_ids)
        tables = [
            *_process_tables(conn, scope),
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


_TEAM = (Beslut.BARNTEAM.value, Beslut.INDIVIDUELLT_BARNTEAM.value)
_CLOSE = (Beslut.BEHOV_UPPFYLLT.value,)
_OPENING = (Beslut.BARNKONTAKT.value, *_TEAM)
_MOVING = (*_OPENING, *_CLOSE)
"""Decisions that can change a status (orosanmälan and egen verksamhet never do)."""


def _status_at(
    d: Any, cutoff: ColumnElement[bool], fallback: ColumnElement[Any] | None
) -> ColumnElement[Any]:
    """The status a child's decisions up to `cutoff` lead to, as SQL: `process.status_after`
    folded over them, written with four aggregates over sortable keys "date|record id|code"
    (the last moving decision, the last team decision, the last closing one, the first
    opening one) instead of a pass per decision. `fallback` is used for a child with no
    moving decision (a status written before decisions were recorded)."""
    key = d.c.sort_key

    def last(fn: Any, codes: Sequence[str]) -> ColumnElement[Any]:
        return fn(case((and_(cutoff, d.c.code.in_(codes)), key)))  # type: ignore[no-any-return]

    moving, team, closed, opened = (
        last(func.max, _MOVING),
        last(func.max, _TEAM),
        last(func.max, _CLOSE),
        last(func.min, _OPENING),
    )
    team_status = case(
        (team.like("%|" + Beslut.BARNTEAM.value), ChildStatus.I_BARNTEAM.value),
        else_=ChildStatus.INDIVIDUELLT_BARNTEAM.value,
    )
    return case(
        (moving.is_(None), fallback if fallback is not None else None),
        (moving.like("%|" + Beslut.BARNTEAM.value), ChildStatus.I_BARNTEAM.value),
        (
            moving.like("%|" + Beslut.INDIVIDUELLT_BARNTEAM.value),
            ChildStatus.INDIVIDUELLT_BARNTEAM.value,
        ),
        (
            moving.like("%|" + Beslut.BEHOV_UPPFYLLT.value),
            case((opened < moving, ChildStatus.BEHOV_UPPFYLLT.value), else_=None),
        ),
        # A Barnkontakt decision opens the process unless a team holds the child.
        (and_(team.is_not(None), team > func.coalesce(closed, "")), team_status),
        else_=ChildStatus.UPPTACKT.value,
    )


def _process_tables(conn: Connection, scope: Scope) -> list[StatTable]:
    """Status at the period's end, the flow from the status at its start, the lead times."""
    end_status, flow = process_counts(conn, scope)
    tables = [
        suppress(
            "status",
            TableKind.PARTITION,
            [RawCell(s.value, end_status.get(s.value, 0)) for s in ChildStatus],
            sum(end_status.values()),
        ),
        suppress("flow", TableKind.LIST, [RawCell(k, n) for k, n in sorted(flow.items())]),
    ]
    return tables + _lead_tables(conn, scope)


def process_counts(conn: Connection, scope: Scope) -> tuple[dict[str, int], dict[str, int]]:
    """Children per status at the period's end, and per "start>end" change of status over
    the period (unsuppressed: for `_process_tables` and the tests only). One grouped query."""
    children = _children(scope)
    d = stat_facts.alias("d")
    no_decision = func.max(d.c.record_id).is_(None)
    at_end = _status_at(d, d.c.on_date <= scope.end, case((no_decision, children.c.status)))
    at_start = _status_at(
        d,
        d.c.on_date < scope.start,
        case((and_(no_decision, children.c.created < scope.start), children.c.status)),
    )
    per_child = (
        select(at_start.label("s_start"), at_end.label("s_end"))
        .select_from(
            children.outerjoin(d, and_(d.c.child_id == children.c.child_id, d.c.kind == "decision"))
        )
        .group_by(children.c.child_id, children.c.status, children.c.created)
        .subquery()
    )
    known = {s.value for s in ChildStatus}
    end_status: dict[str, int] = defaultdict(int)
    flow: dict[str, int] = defaultdict(int)
    for s_start, s_end, n in conn.execute(
        select(per_child.c.s_start, per_child.c.s_end, func.count()).group_by(
            per_child.c.s_start, per_child.c.s_end
        )
    ).all():
        before = s_start if s_start in known else None
        after = s_end if s_end in known else None
        if after is not None:
            end_status[after] += int(n)
        if before != after:
            flow[f"{before or 'none'}>{after or 'none'}"] += int(n)
    return dict(end_status), dict(flow)


def _lead_tables(conn: Connection, scope: Scope) -> list[StatTable]:
    """For the children whose Upptäckt (first signed Upptäckarkort or Barnkontakt decision)
    falls in the period: days to the first team or closing decision, to the plan and to the
    plan's first follow-up meeting (measured past the period's end, up to now)."""
    children = _children(scope)
    f = stat_facts.alias("f")
    g = stat_facts.alias("g")
    discovered = (
        select(f.c.child_id, func.min(f.c.on_date).label("found"))
        .join(children, children.c.child_id == f.c.child_id)
        .where(
            or_(
                f.c.kind == "upptackt",
                and_(f.c.kind == "decision", f.c.code == Beslut.BARNKONTAKT.value),
            ),
            f.c.on_date >= scope.start,
            f.c.on_date <= scope.end,
            _not_corrected(f),
        )
        .group_by(f.c.child_id)
        .subquery("discovered")
    )
    after = g.c.on_date >= discovered.c.found
    rows = conn.execute(
        select(
            discovered.c.found,
            func.min(
                case((and_(g.c.kind == "decision", g.c.code.in_(_DECIDES), after), g.c.on_date))
            ),
            func.min(case((and_(g.c.kind == "plan", after), g.c.on_date))),
            func.min(case((and_(g.c.kind == "plan", g.c.date2 >= discovered.c.found), g.c.date2))),
        )
        .select_from(
            discovered.outerjoin(
                g,
                and_(g.c.child_id == discovered.c.child_id, g.c.kind.in_(("decision", "plan"))),
            )
        )
        .group_by(discovered.c.child_id, discovered.c.found)
    ).all()
    lead: dict[str, list[int | None]] = {"decision": [], "plan": [], "follow_up": []}
    for found, *milestones in rows:
        start = date.fromisoformat(found)
        for key, day in zip(lead, milestones, strict=True):
            lead[key].append((date.fromisoformat(day) - start).days if day else None)
    return [_lead_table(f"lead_{key}", values) for key, values in lead.items()]


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
    out of the children with a card in the period (per child first, then counted: one
    grouping instead of a DISTINCT sort per need)."""
    children = _children(scope)
    f = stat_facts.alias("f")
    per_child = (
        select(*(func.max(f.c[f"need_{need}"]).label(need) for need in NEED_IDS))
        .join(children, children.c.child_id == f.c.child_id)
        .where(
            f.c.kind == "upptackt",
            f.c.on_date >= scope.start,
            f.c.on_date <= scope.end,
            _not_corrected(f),
        )
        .group_by(f.c.child_id)
        .subquery("per_child")
    )
    row = conn.execute(
        select(func.count(), *(func.count(per_child.c[need]) for need in NEED_IDS))
    ).one()
    total, *per_need = (int(v or 0) for v in row)
    return suppress(
        "needs_flagged",
        TableKind.SHARE,
        [RawCell(need, n) for need, n in zip(NEED_IDS, per_need, strict=True)],
        total,
    )


def _effects_table(conn: Connection, scope: Scope) -> StatTable:
    """Per need: the children whose latest Skattning falls in the period and who were rated
    before, and the mean change of the need's mean score from their first Skattning to the
    latest (positive: the indicators are met better). A need missing from either rating is
    not counted for that child."""
    children = _children(scope)
    f = stat_facts.alias("f")
    # sort_key of a rating is "date|record id|" (it has no code).
    key = f.c.sort_key
    span = (
        select(
            func.substr(func.min(key), 12, func.length(func.min(key)) - 12).label("first_id"),
            func.substr(func.max(key), 12, func.length(func.max(key)) - 12).label("last_id"),
        )
        .join(children, children.c.child_id == f.c.child_id)
        .where(f.c.kind == "rating", f.c.on_date <= scope.end, _not_corrected(f))
        .group_by(f.c.child_id)
        .having(func.count() > 1, func.max(f.c.on_date) >= scope.start)
        .subquery("span")
    )
    first = stat_facts.alias("first")
    latest = stat_facts.alias("latest")
    columns: list[Any] = []
    for need in NEED_IDS:
        change = latest.c[f"need_{need}"] - first.c[f"need_{need}"]
        columns += [func.count(change), func.avg(change)]
    row = conn.execute(
        select(*columns)
        .select_from(span)
        # The kind narrows the join to ratings (else the whole projection is hashed twice).
        .join(first, and_(first.c.record_id == span.c.first_id, first.c.kind == "rating"))
        .join(latest, and_(latest.c.record_id == span.c.last_id, latest.c.kind == "rating"))
    ).one()
    cells = []
    for k, need in enumerate(NEED_IDS):
        n, avg = row[2 * k], row[2 * k + 1]
        cells.append(RawCell(need, int(n or 0), round(float(avg), 2) if avg is not None else None))
    return suppress("effects", TableKind.LIST, cells)


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
