"""The statistics projection: what the steering statistics count, kept as narrow rows.

Each record's JSON is read once, when it is new or changed (by sequence number, which only
grows and commits in order), into `stat_facts`: a child's unit and status, a decision, a need
flagged on an Upptäckarkort, a Skattning mean per need, a plan's dates, a report of concern's
status, a Barnkontakt assignment. Removing a record (disposal) removes its facts by the
foreign key.

From a child's facts the projection then keeps what the report would otherwise have to group
750,000 facts by child for (`_summarise`): one `stat_children` row (unit, status, the days
from the first Upptäckt to the first decision, plan and follow-up, the first Skattning's
means), the child's status spans between decision days in `stat_spans` (the status at any
date is then a lookup, with `process.status_after` as the one rule), and on each Skattning
fact the day of the child's next one (`date2`), so "the latest rating up to a day" is a
filter. A child is summarised again whenever one of its facts is written, and — through the
AFTER DELETE trigger that queues it in `stat_stale` — whenever one is removed, whoever
removes it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from backa_desktop.central.db import (
    records,
    settings,
    stat_children,
    stat_facts,
    stat_spans,
    stat_stale,
)
from backa_desktop.domain.needs import CARD_ORDER
from backa_desktop.domain.process import Beslut, ChildStatus, status_after
from backa_desktop.domain.records import RecordType

WATERMARK_KEY = "stat_facts_seq"
PROTECTED = "protected"
"""`date3` of a child fact whose child has protected identity: the report leaves it out."""
PROTECTED_KEY = "stat_facts_protected"
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
DECIDES = frozenset(
    {Beslut.BARNTEAM.value, Beslut.INDIVIDUELLT_BARNTEAM.value, Beslut.BEHOV_UPPFYLLT.value}
)
_FACT_COLUMNS = tuple(c.name for c in stat_facts.columns)
_BESLUT = frozenset(b.value for b in Beslut)
SUMMARY_CHUNK = 1000


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
        if body.get("protected_identity") is True:
            row["date3"] = PROTECTED  # a child fact has no third date (statistics.py)
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
    """Bring `stat_facts` and the per-child summaries up to date with the records; returns
    how many records were read.

    Batches of `BATCH` records, each in one transaction under the watermark row's lock, so
    concurrent requests do not project the same records twice."""
    done = 0
    with engine.begin() as conn:
        _lock_watermark(conn)
        _mark_protected_once(conn)
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
                _summarise_stale(conn, ())
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
            # Removed facts queue their children in stat_stale (the trigger).
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
            children = {f["child_id"] for f in facts if f["child_id"]}
            children |= _children_of(conn, sorted(touched))
            _summarise_stale(conn, children)
            conn.execute(
                update(settings)
                .where(settings.c.key == WATERMARK_KEY)
                .values(value=str(rows[-1].seq))
            )
            done += len(rows)


def _mark_protected_once(conn: Connection) -> None:
    """Mark the child facts of protected children projected before facts carried the mark,
    once per database (the settings row says it is done). A text filter finds the few
    candidates among the child records; their JSON decides."""
    if conn.execute(select(settings.c.value).where(settings.c.key == PROTECTED_KEY)).first():
        return
    found = [
        row.id
        for row in conn.execute(
            select(records.c.id, records.c.envelope).where(
                records.c.type == RecordType.CHILD.value,
                records.c.deleted.is_(False),
                records.c.envelope.like('%"protected\\_identity":%true%', escape="\\"),
            )
        )
        if (json.loads(row.envelope).get("body") or {}).get("protected_identity") is True
    ]
    for at in range(0, len(found), SUMMARY_CHUNK):
        conn.execute(
            update(stat_facts)
            .where(stat_facts.c.record_id.in_(found[at : at + SUMMARY_CHUNK]),
                   stat_facts.c.kind == "child")
            .values(date3=PROTECTED)
        )
    conn.execute(insert(settings).values(key=PROTECTED_KEY, value="1"))


def _children_of(conn: Connection, record_ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for at in range(0, len(record_ids), 1000):
        chunk = list(record_ids[at : at + 1000])
        found |= set(
            conn.execute(
                select(stat_facts.c.child_id).where(
                    stat_facts.c.record_id.in_(chunk), stat_facts.c.child_id.is_not(None)
                )
            ).scalars()
        )
    return found


def _summarise_stale(conn: Connection, children: Iterable[str]) -> None:
    """Summarise `children` and every child queued in `stat_stale`, then empty what was
    read of the queue (by id, so a child queued meanwhile by another transaction stays)."""
    queued = conn.execute(select(stat_stale.c.id, stat_stale.c.child_id)).all()
    wanted = sorted(set(children) | {child for _id, child in queued})
    for at in range(0, len(wanted), SUMMARY_CHUNK):
        _summarise(conn, wanted[at : at + SUMMARY_CHUNK])
    if queued:
        top = max(row_id for row_id, _child in queued)
        conn.execute(delete(stat_stale).where(stat_stale.c.id <= top))


_SUMMARY_KINDS = ("child", "decision", "upptackt", "rating", "plan")


def _summarise(conn: Connection, child_ids: list[str]) -> None:
    """Rebuild the summary rows, status spans and rating chain of these children from their
    facts (module doc)."""
    conn.execute(delete(stat_spans).where(stat_spans.c.child_id.in_(child_ids)))
    conn.execute(delete(stat_children).where(stat_children.c.child_id.in_(child_ids)))
    f = stat_facts
    by_child: dict[str, list[Any]] = defaultdict(list)
    for row in conn.execute(
        select(
            f.c.record_id,
            f.c.child_id,
            f.c.kind,
            f.c.code,
            f.c.unit_id,
            f.c.on_date,
            f.c.date2,
            f.c.corrected,
            *(f.c[f"need_{need}"] for need in NEED_IDS),
        ).where(f.c.child_id.in_(child_ids), f.c.kind.in_(_SUMMARY_KINDS))
    ):
        by_child[row.child_id].append(row)
    summaries: list[dict[str, Any]] = []
    spans: list[dict[str, Any]] = []
    for child_id, rows in by_child.items():
        own = [r for r in rows if r.kind == "child" and r.record_id == child_id]
        if not own:
            continue  # facts of a child the store does not hold (or no longer): not counted
        summary = _summary_of(own[0], rows)
        summaries.append(summary)
        spans += _spans_of(child_id, rows)
    if summaries:
        conn.execute(insert(stat_children), summaries)
    if spans:
        conn.execute(insert(stat_spans), spans)
    # Each rating's date2: the day of the child's next (uncorrected) rating, NULL for the
    # latest; ordered like the report orders them, by "date|record id".
    x = stat_facts.alias("x")
    later = (
        select(func.min(x.c.on_date))
        .where(
            x.c.child_id == f.c.child_id,
            x.c.kind == "rating",
            x.c.corrected.is_(False),
            x.c.sort_key > f.c.sort_key,
        )
        .scalar_subquery()
    )
    conn.execute(
        update(f)
        .where(f.c.child_id.in_(child_ids), f.c.kind == "rating", f.c.corrected.is_(False))
        .values(date2=later)
    )
    # Each Upptäckarkort's date2 and date3: the days of the child's previous and next
    # (uncorrected) card, so a report tells a child's only card in a period from one of
    # several without grouping by child.
    card = and_(
        x.c.child_id == f.c.child_id,
        x.c.kind == "upptackt",
        x.c.corrected.is_(False),
        x.c.on_date.is_not(None),
    )
    before = or_(
        x.c.on_date < f.c.on_date, and_(x.c.on_date == f.c.on_date, x.c.record_id < f.c.record_id)
    )
    after = or_(
        x.c.on_date > f.c.on_date, and_(x.c.on_date == f.c.on_date, x.c.record_id > f.c.record_id)
    )
    conn.execute(
        update(f)
        .where(f.c.child_id.in_(child_ids), f.c.kind == "upptackt", f.c.corrected.is_(False))
        .values(
            date2=select(func.max(x.c.on_date)).where(card, before).scalar_subquery(),
            date3=select(func.min(x.c.on_date)).where(card, after).scalar_subquery(),
        )
    )


def _days(start: str, end: str | None) -> int | None:
    if end is None:
        return None
    return (date.fromisoformat(end) - date.fromisoformat(start)).days


def _summary_of(own: Any, rows: Sequence[Any]) -> dict[str, Any]:
    """Lead times run from the child's first Upptäckt (first uncorrected Upptäckarkort or
    Barnkontakt decision) to the first team or closing decision, plan and plan follow-up
    meeting on or after it."""
    summary: dict[str, Any] = {
        "child_id": own.record_id,
        "unit_id": own.unit_id,
        "status": own.code,
        "created": own.on_date,
        "has_decision": any(r.kind == "decision" for r in rows),
        "found": None,
        "days_decision": None,
        "days_plan": None,
        "days_follow_up": None,
        "first_rating": None,
        **{f"first_{need}": None for need in NEED_IDS},
    }
    found = min(
        (
            r.on_date
            for r in rows
            if r.on_date
            and (
                (r.kind == "upptackt" and not r.corrected)
                or (r.kind == "decision" and r.code == Beslut.BARNKONTAKT.value)
            )
        ),
        default=None,
    )
    if found is not None:
        summary["found"] = found

        def first(days: Iterable[str | None]) -> str | None:
            return min((d for d in days if d and d >= found), default=None)

        summary["days_decision"] = _days(
            found, first(r.on_date for r in rows if r.kind == "decision" and r.code in DECIDES)
        )
        summary["days_plan"] = _days(found, first(r.on_date for r in rows if r.kind == "plan"))
        summary["days_follow_up"] = _days(
            found, first(r.date2 for r in rows if r.kind == "plan")
        )
    ratings = sorted(
        (r.on_date, r.record_id, r)
        for r in rows
        if r.kind == "rating" and r.on_date and not r.corrected
    )
    if ratings:
        first_rating = ratings[0][2]
        summary["first_rating"] = first_rating.record_id
        for need in NEED_IDS:
            summary[f"first_{need}"] = first_rating._mapping[f"need_{need}"]
    return summary


def _spans_of(child_id: str, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """The child's status from each decision day (after all that day's decisions) to the
    next: `process.status_after` folded over the decisions in "date, record id" order."""
    decisions = sorted(
        (r.on_date, r.record_id, r.code)
        for r in rows
        if r.kind == "decision" and r.on_date and r.code in _BESLUT
    )
    by_day: dict[str, ChildStatus | None] = {}
    status: ChildStatus | None = None
    for day, _id, code in decisions:
        status = status_after(status, Beslut(code))
        by_day[day] = status
    days = list(by_day)
    return [
        {
            "child_id": child_id,
            "from_date": day,
            "to_date": days[k + 1] if k + 1 < len(days) else None,
            "status": by_day[day].value if by_day[day] is not None else None,  # type: ignore[union-attr]
        }
        for k, day in enumerate(days)
    ]
