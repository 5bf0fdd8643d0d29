"""Fictional process records for the statistics tests, the benchmark and the demo picture.

The records are the envelopes a laptop pushes (same bodies as the services write); `load`
stores them in the central tables the way the push path does (sequence numbers from the
counter row), without the access checks of a push, which these tests are not about.
Identity numbers are from the test series only.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, update

from backa_desktop.central.access import vis_type_for
from backa_desktop.central.db import counters, records
from backa_desktop.domain.needs import CARD_ORDER
from backa_desktop.domain.records import Record, RecordType, uuid7

NEEDS = [n.value for n in CARD_ORDER]
HASH = "0" * 64


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T10:00:00.000Z"


def _record(kind: RecordType, child_id: str | None, body: dict[str, Any], day: date) -> Record:
    return Record(
        type=kind,
        child_id=child_id,
        body=body,
        author="staff-1",
        device="dev-1",
        created_at=_stamp(day),
        updated_at=_stamp(day),
    )


def child(
    unit_id: str | None, *, status: str | None = None, day: date = date(2026, 1, 1)
) -> Record:
    record_id = uuid7()
    return Record(
        id=record_id,
        type=RecordType.CHILD,
        child_id=record_id,
        body={
            "given_names": "Test",
            "family_name": "Testsson",
            "identity": "201701012393",
            "birth_date": "2017-01-01",
            "unit_id": unit_id,
            "status": status,
        },
        author="staff-1",
        device="dev-1",
        created_at=_stamp(day),
        updated_at=_stamp(day),
    )


def upptackarkort(
    child_id: str, day: date, unmet: Iterable[str], *, corrects: str | None = None
) -> Record:
    answers: dict[str, Any] = {"situation": "Fri text som aldrig får lämna lagret."}
    missing = set(unmet)
    for need in NEEDS:
        answers[f"{need}.uppfyllt"] = "inte_uppfyllt" if need in missing else "uppfyllt"
    return _record(
        RecordType.FORM_RESPONSE,
        child_id,
        {
            "form_id": "upptackarkort",
            "form_version": 1,
            "content_hash": HASH,
            "child_id": child_id,
            "answers": answers,
            "status": "signed",
            "signed_by": "staff-1",
            "signed_at": _stamp(day).replace(".000Z", "+00:00"),
            "corrects": corrects,
            "occasion_date": day.isoformat(),
        },
        day,
    )


def skattning(child_id: str, day: date, scores: dict[str, Sequence[int | str]]) -> Record:
    answers: dict[str, Any] = {"skattare": "staff-1", "datum_for_bedomning": day.isoformat()}
    for need, values in scores.items():
        for k, value in enumerate(values):
            answers[f"{need}.indikator_{k}"] = value
    return _record(
        RecordType.FORM_RESPONSE,
        child_id,
        {
            "form_id": "skattning",
            "form_version": 1,
            "content_hash": HASH,
            "child_id": child_id,
            "answers": answers,
            "status": "signed",
            "signed_by": "staff-1",
            "signed_at": _stamp(day).replace(".000Z", "+00:00"),
            "occasion_date": day.isoformat(),
        },
        day,
    )


def decision(child_id: str, beslut: str, day: date) -> Record:
    return _record(
        RecordType.DECISION,
        child_id,
        {"beslut": beslut, "motivation": "Motivering i fri text.", "decided_by": "staff-1"},
        day,
    )


def plan(
    child_id: str, created_on: date, *, held: Sequence[date] = (), next_on: date | None = None
) -> Record:
    return _record(
        RecordType.PLAN,
        child_id,
        {
            "child_id": child_id,
            "reason": "Fri text.",
            "created_on": created_on.isoformat(),
            "follow_ups": [{"held_on": d.isoformat(), "notes": "Anteckning."} for d in held],
            "next_follow_up_on": next_on.isoformat() if next_on else None,
        },
        created_on,
    )


def orosanmalan(child_id: str, unit_id: str, day: date, status: str = "skickad") -> Record:
    return _record(
        RecordType.OROSANMALAN,
        child_id,
        {
            "child_id": child_id,
            "concern": "Oro i fri text.",
            "reporter_staff_id": "staff-1",
            "reporter_unit_id": unit_id,
            "status": status,
            "created_on": day.isoformat(),
            "legal_reference_id": "sol-14-1",
            "legal_reference": "14 kap. 1 § SoL",
            "legal_reference_table_version": "1",
        },
        day,
    )


def barnkontakt(
    child_id: str, staff_id: str, unit_id: str, valid_from: date, valid_to: date | None = None
) -> Record:
    return _record(
        RecordType.BARNKONTAKT,
        child_id,
        {
            "child_id": child_id,
            "staff_id": staff_id,
            "unit_id": unit_id,
            "valid_from": valid_from.isoformat(),
            "valid_to": valid_to.isoformat() if valid_to else None,
            "handover_note": "",
        },
        valid_from,
    )


def note(child_id: str, day: date) -> Record:
    return _record(RecordType.NOTE, child_id, {"text": "Anteckning i fri text."}, day)


def rows_of(batch: Sequence[Record], first_seq: int) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "type": r.type.value,
            "vis_type": vis_type_for(r),
            "child_id": r.child_id,
            "envelope": r.model_dump_json(),
            "revision": r.revision,
            "deleted": r.deleted,
            "seq": first_seq + i,
            "created_by": r.author,
            "created_unit": None,
            "updated_by": r.author,
        }
        for i, r in enumerate(batch)
    ]


def reserve_seqs(engine: Engine, count: int) -> int:
    """Take `count` sequence numbers from the counter row; returns the first."""
    with engine.begin() as conn:
        top = int(
            conn.execute(
                update(counters)
                .where(counters.c.name == "seq")
                .values(value=counters.c.value + count)
                .returning(counters.c.value)
            ).scalar_one()
        )
    return top - count + 1


def load(engine: Engine, batch: Sequence[Record]) -> None:
    """Store records as new rows, as a push of new records would."""
    if not batch:
        return
    first = reserve_seqs(engine, len(batch))
    with engine.begin() as conn:
        conn.execute(insert(records), rows_of(batch, first))


def delete_flag(engine: Engine, record: Record) -> None:
    """Mark a record deleted with a new sequence number, as an accepted delete does."""
    first = reserve_seqs(engine, 1)
    with engine.begin() as conn:
        conn.execute(
            update(records).where(records.c.id == record.id).values(deleted=True, seq=first)
        )


def seq_now(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(select(counters.c.value).where(counters.c.name == "seq")).scalar_one()
        )


def municipality(
    n_children: int,
    unit_ids: Sequence[str],
    *,
    start: date = date(2025, 1, 1),
    days: int = 700,
    seed: int = 7,
) -> Iterator[Record]:
    """A fictional municipality's process, about ten records per child: card, decisions,
    Barnkontakt, ratings, a plan with follow-ups, notes and now and then a report of concern.
    Each child's records come together (child first), so a prefix is a smaller municipality."""
    rng = random.Random(seed)
    staff = {
        u: [f"bk-{u}-{k}" for k in range(max(1, n_children // (len(unit_ids) * 60)))]
        for u in unit_ids
    }
    for _ in range(n_children):
        unit = rng.choice(unit_ids)
        found = start + timedelta(days=rng.randrange(days))
        status: str | None = "upptackt"
        kid = child(unit, day=found)
        cid = kid.id
        out: list[Record] = []
        unmet = rng.sample(NEEDS, rng.choice((1, 1, 2, 2, 3, 4)))
        out.append(upptackarkort(cid, found, unmet))
        opened = found + timedelta(days=rng.randint(0, 4))
        out.append(decision(cid, "barnkontakt", opened))
        bk_staff = rng.choice(staff[unit])
        ended = None
        team_day = opened + timedelta(days=rng.randint(5, 80))
        if rng.random() < 0.75:
            beslut = "individuellt_barnteam" if rng.random() < 0.3 else "barnteam"
            status = "i_barnteam" if beslut == "barnteam" else "individuellt_barnteam"
            out.append(decision(cid, beslut, team_day))
            base = {n: rng.randint(1, 3) if n in unmet else rng.randint(3, 5) for n in NEEDS}
            first_rating = team_day + timedelta(days=rng.randint(1, 20))
            out.append(skattning(cid, first_rating, {n: [base[n]] * 4 for n in NEEDS}))
            plan_day = team_day + timedelta(days=rng.randint(3, 45))
            held = [plan_day + timedelta(days=rng.randint(20, 120))]
            gap = timedelta(days=rng.randint(30, 400))
            next_on = held[0] + gap if rng.random() < 0.9 else None
            out.append(plan(cid, plan_day, held=held, next_on=next_on))
            later = {n: max(1, min(5, v + rng.choice((-1, 0, 1, 1, 2)))) for n, v in base.items()}
            out.append(
                skattning(
                    cid,
                    first_rating + timedelta(days=rng.randint(60, 200)),
                    {n: [later[n]] * 4 for n in NEEDS},
                )
            )
            if rng.random() < 0.35:
                ended = held[0] + timedelta(days=rng.randint(10, 100))
                out.append(decision(cid, "behov_uppfyllt", ended))
                status = "behov_uppfyllt"
        elif rng.random() < 0.6:
            ended = team_day
            out.append(decision(cid, "behov_uppfyllt", ended))
            status = "behov_uppfyllt"
        out.append(barnkontakt(cid, bk_staff, unit, opened, ended))
        if rng.random() < 0.06:
            out.append(
                orosanmalan(cid, unit, found, rng.choice(("skickad", "mottagen", "aterkoppling")))
            )
        while len(out) < 9:
            out.append(note(cid, found + timedelta(days=len(out))))
        kid = kid.model_copy(update={"body": {**kid.body, "status": status}})
        yield kid
        yield from out
