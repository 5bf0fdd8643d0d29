"""Anonymised statistics for steering and follow-up, computed in the central store's database.

Two steps:

1. **The projection** (`stat_projection.refresh_facts`): narrow rows per record in
   `stat_facts` and, kept from them, one summary row per child in `stat_children` with its
   status spans in `stat_spans`. Each statistics request first brings it up to date, so it
   is never stale.
2. **The report** (`compute`): a handful of queries per period and units, each a scan of the
   per-child rows or a filtered scan of one kind of fact — the status at the period's start
   and end is a lookup of the span holding that day, the lead times are counted from
   per-child day counts, the effects from the latest rating up to the period's end (the one
   whose next rating is later) against the child's first — then every table passes
   `domain.statistics.suppress`.

Nothing that identifies anyone leaves: the projection holds ids only to join and count, the
report holds category keys, counts and derived numbers only.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    case,
    func,
    or_,
    select,
)
from sqlalchemy.sql.elements import ColumnElement

from backa_desktop.central.access import ROLE_UNIT_LEAD, Caller
from backa_desktop.central.common import ServiceError, audit, iso, now, today
from backa_desktop.central.db import stat_children, stat_facts, stat_spans, units
from backa_desktop.central.stat_projection import NEED_IDS, PROTECTED, refresh_facts
from backa_desktop.domain.orosanmalan import OrosanmalanStatus
from backa_desktop.domain.process import ChildStatus
from backa_desktop.domain.statistics import (
    CASELOAD_BUCKETS,
    LEAD_TIME_BUCKETS,
    RawCell,
    StatisticsReport,
    StatTable,
    TableKind,
    bucket_of,
    suppress,
)

NOT_YET = "not_yet"
ROLE_STATISTIK = "statistik"


# -- the report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    period_from: date
    period_to: date
    unit_ids: tuple[str, ...] = ()
    # Children with protected identity, left out of every table (`compute` fills it in).
    hidden: frozenset[str] = frozenset()

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
    registered at one of them. One summary row each."""
    c = stat_children.alias("c")
    query = select(c).where(c.c.unit_id.in_(scope.unit_ids)) if scope.unit_ids else select(c)
    if scope.hidden:
        query = query.where(c.c.child_id.not_in(scope.hidden))
    return query.subquery("scope")


def _protected(conn: Connection) -> frozenset[str]:
    """Children with protected identity (skyddad identitet). They are counted in no table at
    all: in a small unit a cell that moves by one when such a child arrives tells where the
    child lives, whatever the cell's size, and a complement or another period gives it away
    (docs/decisions.md)."""
    f = stat_facts.alias("p")
    return frozenset(
        conn.execute(
            select(f.c.child_id).where(f.c.kind == "child", f.c.date3 == PROTECTED)
        ).scalars()
    )


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
            # The hash joins over a large municipality's per-child rows fit in memory this
            # way instead of spilling to disk (the default is 4 MB); this transaction only.
            conn.exec_driver_sql("SET LOCAL work_mem = '64MB'")
        unit_names = _unit_names(conn, scope.unit_ids)
        scope = replace(scope, hidden=_protected(conn))
        tables = [
            *_process_tables(conn, scope),
            *_child_fact_tables(conn, scope, today_),
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
    the period (unsuppressed: for `_process_tables` and the tests only).

    The status on a day is the status span holding it (after every decision up to the day
    before the period starts, and up to its last day). A child's spans run without a gap
    from its first decision day on, the last one open-ended, so a child with a span at the
    start has one at the end: the children with decisions are counted from the spans
    holding the end, each joined to the span holding the start if there is one — no pass
    over every child. A child without any decision has no span; its own status counts (at
    the start only if it was registered before it), read from the summaries in a second
    statement (not a UNION of the two: PostgreSQL then runs the join without its parallel
    workers, twice as slow). A child with decisions but no span at the end counts nowhere."""
    a = stat_spans.alias("a")
    b = stat_spans.alias("b")
    start, end = scope.start, scope.end
    with_spans = b.outerjoin(
        a,
        and_(
            a.c.child_id == b.c.child_id,
            a.c.from_date < start,
            or_(a.c.to_date.is_(None), a.c.to_date >= start),
        ),
    )
    if scope.unit_ids:
        # Spans are written and removed with their child's summary row, so only a choice of
        # units needs the summaries here.
        chosen = stat_children.alias("chosen")
        with_spans = with_spans.join(
            chosen,
            and_(chosen.c.child_id == b.c.child_id, chosen.c.unit_id.in_(scope.unit_ids)),
        )
    c = _children(scope)
    s_start = case((c.c.created < start, c.c.status), else_=None)
    spans = (
        select(a.c.status, b.c.status, func.count())
        .select_from(with_spans)
        .where(b.c.from_date <= end, or_(b.c.to_date.is_(None), b.c.to_date > end))
        .group_by(a.c.status, b.c.status)
    )
    if scope.hidden:
        spans = spans.where(b.c.child_id.not_in(scope.hidden))
    pairs = [
        *conn.execute(spans).all(),
        *conn.execute(
            select(s_start, c.c.status, func.count())
            .where(c.c.has_decision.is_(False))
            .group_by(s_start, c.c.status)
        ).all(),
    ]
    known = {s.value for s in ChildStatus}
    end_status: dict[str, int] = defaultdict(int)
    flow: dict[str, int] = defaultdict(int)
    for before_, after_, n in pairs:
        before = before_ if before_ in known else None
        after = after_ if after_ in known else None
        if after is not None:
            end_status[after] += int(n)
        if before != after:
            flow[f"{before or 'none'}>{after or 'none'}"] += int(n)
    return dict(end_status), dict(flow)


_LEAD_COLUMNS = {"decision": "days_decision", "plan": "days_plan", "follow_up": "days_follow_up"}


def _lead_tables(conn: Connection, scope: Scope) -> list[StatTable]:
    """For the children whose first Upptäckt (first signed Upptäckarkort or Barnkontakt
    decision) falls in the period: days to the first team or closing decision, to the plan
    and to the plan's first follow-up meeting (measured past the period's end, up to now).
    The projection keeps the days per child; here children are counted per number of days,
    for the three milestones in one pass over the summaries on PostgreSQL (grouping sets;
    SQLite has none and reads them in three)."""
    c = _children(scope)
    found = and_(c.c.found >= scope.start, c.c.found <= scope.end)
    columns = [c.c[column] for column in _LEAD_COLUMNS.values()]
    counts: list[dict[int | None, int]] = [{} for _ in columns]
    if conn.dialect.name == "postgresql":
        query = (
            select(*(func.grouping(col) for col in columns), *columns, func.count())
            .where(found)
            .group_by(func.grouping_sets(*columns))
        )
        for row in conn.execute(query).all():
            k = list(row[: len(columns)]).index(0)  # the column this row is grouped by
            days = row[len(columns) + k]
            counts[k][None if days is None else int(days)] = int(row[-1])
    else:
        for k, col in enumerate(columns):
            for days, n in conn.execute(select(col, func.count()).where(found).group_by(col)):
                counts[k][None if days is None else int(days)] = int(n)
    return [
        _lead_table(f"lead_{key}", counted)
        for key, counted in zip(_LEAD_COLUMNS, counts, strict=True)
    ]


def _median_of_counts(counts: dict[int, int]) -> float | None:
    """`domain.statistics.median` of the values `counts` holds (value -> how many), without
    writing out one list entry per child."""
    total = sum(counts.values())
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while wanted and wanted[0] < seen:
            found.append(value)
            wanted.pop(0)
    return (found[0] + found[1]) / 2


def _lead_table(key: str, counts: dict[int | None, int]) -> StatTable:
    """Children discovered in the period by days to the milestone; "not yet" is a bucket of
    the same partition. The total's value is the median of those who reached it."""
    buckets: dict[str, int] = defaultdict(int)
    reached = {days: n for days, n in counts.items() if days is not None}
    for days, n in reached.items():
        buckets[bucket_of(days, LEAD_TIME_BUCKETS)] += n
    buckets[NOT_YET] += counts.get(None, 0)
    cells = [RawCell(name, buckets.get(name, 0)) for name, _low, _high in LEAD_TIME_BUCKETS]
    cells.append(RawCell(NOT_YET, buckets.get(NOT_YET, 0)))
    return suppress(
        key,
        TableKind.PARTITION,
        cells,
        sum(counts.values()),
        total_value=_median_of_counts(reached) if sum(reached.values()) >= 5 else None,
    )


def _child_fact_tables(conn: Connection, scope: Scope, on: date) -> list[StatTable]:
    """The needs flagged, the effects and the plans' follow-up: three kinds of facts of the
    children counted, read in one pass over the facts joined once to the summaries (the
    facts of one kind lie spread over the whole table, so a pass per table read it all
    three times), each row counted by the aggregates its kind's filter lets through. Only
    children with several cards in the period take a second, small query."""
    c = _children(scope)
    f = stat_facts.alias("f")
    start, end = scope.start, scope.end
    in_period = and_(f.c.on_date >= start, f.c.on_date <= end)
    cards = and_(f.c.kind == "upptackt", in_period, _not_corrected(f))
    ratings = and_(
        f.c.kind == "rating",
        _not_corrected(f),
        in_period,
        or_(f.c.date2.is_(None), f.c.date2 > end),
    )
    plans = and_(f.c.kind == "plan", f.c.on_date <= end)
    alone = and_(
        or_(f.c.date2.is_(None), f.c.date2 < start),
        or_(f.c.date3.is_(None), f.c.date3 > end),
    )
    single = and_(f.c.kind == "upptackt", alone)
    flags = [f.c[f"need_{need}"] for need in NEED_IDS]
    needs = [
        func.count().filter(single),
        *(func.count(flag).filter(single) for flag in flags),
        func.count().filter(and_(f.c.kind == "upptackt", ~alone)),
    ]
    effects = _effects_columns(f, c)
    follow_up = _plans_columns(f, min(scope.period_to, on).isoformat())
    row = list(
        conn.execute(
            select(*needs, *effects, *follow_up)
            .select_from(c)
            .join(f, f.c.child_id == c.c.child_id)
            .where(or_(cards, ratings, plans))
        ).one()
    )
    n_needs, n_effects = len(needs), len(effects)
    single_counts, several_cards = row[: n_needs - 1], int(row[n_needs - 1] or 0)
    several = [0] * len(single_counts)
    if several_cards:
        per_child = (
            select(*(func.max(flag).label(n) for flag, n in zip(flags, NEED_IDS, strict=True)))
            .select_from(c)
            .join(f, f.c.child_id == c.c.child_id)
            .where(cards, ~alone)
            .group_by(f.c.child_id)
            .subquery("per_child")
        )
        several = list(
            conn.execute(
                select(func.count(), *(func.count(per_child.c[need]) for need in NEED_IDS))
            ).one()
        )
    return [
        _needs_table(single_counts, several),
        _effects_table(row[n_needs : n_needs + n_effects]),
        _plans_table(row[n_needs + n_effects :]),
    ]


def _needs_table(single: Sequence[Any], several: Sequence[Any]) -> StatTable:
    """Needs flagged as not met on the Upptäckarkort signed in the period: children per need,
    out of the children with a card in the period. Most children have one card in a period
    (its previous and next card, `date2` and `date3`, lie outside it): those are counted
    card by card (`single`); only the children with several are grouped per child first
    (`several`)."""
    total, *per_need = (int(a or 0) + int(b or 0) for a, b in zip(single, several, strict=True))
    return suppress(
        "needs_flagged",
        TableKind.SHARE,
        [RawCell(need, n) for need, n in zip(NEED_IDS, per_need, strict=True)],
        total,
    )


def _effects_columns(f: Any, c: Any) -> list[Any]:
    """Per need: the children whose latest Skattning up to the period's end falls in the
    period and who were rated before, and the mean change of the need's mean score from
    their first Skattning to that latest one (positive: the indicators are met better). A
    need missing from either rating is not counted for that child. The latest rating up to
    the end is the one whose next rating (`date2`, kept by the projection) is later or
    missing: a filter, no grouping."""
    later = and_(f.c.kind == "rating", f.c.record_id != c.c.first_rating)
    columns: list[Any] = []
    for need in NEED_IDS:
        change = f.c[f"need_{need}"] - c.c[f"first_{need}"]
        columns += [func.count(change).filter(later), func.avg(change).filter(later)]
    return columns


def _effects_table(row: Sequence[Any]) -> StatTable:
    cells = []
    for k, need in enumerate(NEED_IDS):
        n, avg = row[2 * k], row[2 * k + 1]
        cells.append(RawCell(need, int(n or 0), round(float(avg), 2) if avg is not None else None))
    return suppress("effects", TableKind.LIST, cells)


def _plans_columns(f: Any, judged: str) -> list[Any]:
    """Plans that exist at the period's end by their next follow-up: on time, overdue, none
    set. Judged on the period's last day (or today, if that is earlier) from the plan as it
    stands now."""
    plan = f.c.kind == "plan"
    columns = [
        func.count().filter(plan),
        func.count().filter(and_(plan, f.c.date3 >= judged)),
        func.count().filter(and_(plan, f.c.date3 < judged)),
        func.count().filter(and_(plan, f.c.date3.is_(None))),
    ]
    return columns


def _plans_table(row: Sequence[Any]) -> StatTable:
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
    if scope.hidden:
        query = query.where(f.c.child_id.not_in(scope.hidden))
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
    The total's value is the mean caseload. A child counts once per Barnkontakt however many
    current assignments name them both: the (Barnkontakt, child) pairs are grouped first,
    which PostgreSQL hashes, where a count of distinct children per Barnkontakt sorts."""
    f = stat_facts.alias("f")
    end = scope.end
    pairs = (
        select(f.c.code)
        .where(
            f.c.kind == "barnkontakt",
            f.c.on_date <= end,
            or_(f.c.date2.is_(None), f.c.date2 >= end),
            f.c.code.is_not(None),
        )
        .group_by(f.c.code, f.c.child_id)
    )
    if scope.unit_ids:
        pairs = pairs.where(f.c.unit_id.in_(scope.unit_ids))
    if scope.hidden:
        pairs = pairs.where(f.c.child_id.not_in(scope.hidden))
    pair = pairs.subquery("pair")
    query = select(func.count()).select_from(pair).group_by(pair.c.code)
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
