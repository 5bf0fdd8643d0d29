"""The central store's own share of a sync, without laptops or HTTP: `CentralService.push` and
`pull_json` in-process against a throwaway PostgreSQL cluster (fsync on) or SQLite.

`python -m tests.bench.central_push --children 10000 --db postgresql` pushes the municipality
(per child: the profile, a Barnkontakt assignment and 9 notes of ≈1 KB — 110,000 records for
10,000 children) in batches of `--batch`, then pulls it all from cursor 0 as a second device
of the same Barnkontakt, then 100 new notes up and down, then 100 edits of child profiles up
and down. One JSON line of timings (seconds) on stdout, with the server's own CPU time of the
initial push and pull (`*_cpu_s`: the Python share, which other work on the machine sways far
less than the wall time); run it with PYTHONPATH pointing at another checkout to measure that
code the same way.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from typing import Any

from tests.bench.sync_bench import _child_bodies, postgres

NOTE_TEXT = ("Samtal med vårdnadshavare om hur veckan har gått i förskolan. " * 15)[:900]


@contextlib.contextmanager
def _database(kind: str) -> Iterator[str]:
    if kind == "postgresql":
        with postgres() as pg:
            yield pg.url("backa_bench")
    else:
        with tempfile.TemporaryDirectory(prefix="backa-bench-sqlite-") as folder:
            yield f"sqlite:///{folder}/central.db"


def _record(kind: str, child_id: str | None, body: dict[str, Any], author: str) -> Any:
    from backa_desktop.domain.bodies import validate_body
    from backa_desktop.domain.records import Record, RecordType, uuid7

    record_id = uuid7()
    return Record(id=record_id, type=RecordType(kind),
                  child_id=record_id if kind == "child" else child_id,
                  body=validate_body(RecordType(kind), body), author=author, device="bench")


def _changes(records: list[Any]) -> Any:
    from backa_desktop.domain.records import uuid7
    from backa_desktop.sync.protocol import PushBatch

    return PushBatch.model_validate({"changes": [
        {"change_id": uuid7(), "record": r.model_dump(mode="json"),
         "changed_fields": sorted(r.body)} for r in records]})


def run(children: int, kind: str, batch: int) -> dict[str, Any]:
    from backa_desktop.central.access import Caller
    from backa_desktop.central.db import make_engine
    from backa_desktop.central.migrate import upgrade
    from backa_desktop.central.service import CentralService
    from backa_desktop.sync.protocol import PullRequest

    out: dict[str, Any] = {"children": children, "db": kind, "batch": batch}
    with _database(kind) as url:
        upgrade(url)
        service = CentralService(make_engine(url))
        try:
            unit = service.add_unit("BVC Solrosen", "bvc")
            anna = service.add_user(username="anna", display_name="Anna", password=None,
                                    roles=["barnkontakt"], unit_id=unit)
            laptop = Caller(anna, "laptop-a", frozenset({"barnkontakt"}), unit)
            second = Caller(anna, "laptop-b", frozenset({"barnkontakt"}), unit)
            records: list[Any] = []
            kids: list[Any] = []
            for body in _child_bodies(children, unit, seed=5):
                kid = _record("child", None, body, anna)
                kids.append(kid)
                records.append(kid)
                records.append(_record("barnkontakt", kid.id, {
                    "child_id": kid.id, "staff_id": anna, "unit_id": unit,
                    "valid_from": "2024-01-01"}, anna))
                records += [_record("note", kid.id, {
                    "child_id": kid.id, "kind": "handelse", "text": NOTE_TEXT,
                    "happened_on": "2026-11-20"}, anna) for _ in range(9)]
            out["records"] = len(records)
            out["envelope_bytes"] = sum(len(r.model_dump_json()) for r in records) // len(records)
            batches = [_changes(records[i : i + batch]) for i in range(0, len(records), batch)]
            t0, c0 = time.perf_counter(), time.process_time()
            for one in batches:
                service.push(laptop, one)
            out["initial_push_s"] = time.perf_counter() - t0
            # The server's own CPU time (Python, not the database's process): what the
            # per-change cost is, and much less swayed by other work on the machine.
            out["initial_push_cpu_s"] = time.process_time() - c0

            def pull_from(cursor: str) -> tuple[int, str]:
                got = 0
                while True:
                    page = json.loads(service.pull_json(second, PullRequest(
                        cursor=cursor, page_size=2000)))
                    got += len(page["records"])
                    cursor = page["next_cursor"]
                    if not page["has_more"]:
                        return got, cursor

            t0, c0 = time.perf_counter(), time.process_time()
            pulled, cursor = pull_from("0")
            out["initial_pull_s"] = time.perf_counter() - t0
            out["initial_pull_cpu_s"] = time.process_time() - c0
            out["pulled"] = pulled
            rounds: dict[str, list[float]] = {"notes_up": [], "notes_down": [],
                                              "edits_up": [], "edits_down": []}
            for round_no in range(5):
                notes = [_record("note", kids[i].id, {
                    "child_id": kids[i].id, "kind": "handelse", "text": NOTE_TEXT,
                    "happened_on": "2026-11-21"}, anna) for i in range(100)]
                t0 = time.perf_counter()
                service.push(laptop, _changes(notes))
                rounds["notes_up"].append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                got, cursor = pull_from(cursor)
                rounds["notes_down"].append(time.perf_counter() - t0)
                assert got == 100, got
                edits = []
                for i in range(100):
                    kid = kids[100 * round_no + i]
                    edits.append(kid.model_copy(update={
                        "body": {**kid.body, "given_names": f"Ny{round_no}"},
                        "base_revision": 1, "revision": 2}))
                batch_edits = _changes(edits)
                for change in batch_edits.changes:
                    change.changed_fields = ["given_names"]
                t0 = time.perf_counter()
                service.push(laptop, batch_edits)
                rounds["edits_up"].append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                got, cursor = pull_from(cursor)
                rounds["edits_down"].append(time.perf_counter() - t0)
                assert got == 100, got
            for name, values in rounds.items():
                out[name + "_ms"] = sorted(values)[len(values) // 2] * 1000
        finally:
            service.engine.dispose()
    out["load"] = os.getloadavg()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--children", type=int, default=10_000)
    parser.add_argument("--db", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    print(json.dumps(run(args.children, args.db, args.batch)))


if __name__ == "__main__":
    main()


def bench(*, quick: bool, children: int | None = None) -> list[Any]:
    """The issue's table, the central store's share: both databases, full size (10,000
    children) or 1/10 of it in --quick mode (the push and pull budgets scaled to the size)."""
    from tests.bench.measure import Figure, fmt

    children = children or (1_000 if quick else 10_000)
    scale = children / 10_000
    figures: list[Figure] = []
    for kind in ("postgresql", "sqlite"):
        got = run(children, kind, 500)
        size = f"{got['records']:,} records"
        note = (f"in-process CentralService.push/pull_json, {kind}, batches of 500, "
                f"envelopes ≈{got['envelope_bytes']} bytes; load {got['load'][0]:.1f}")
        figures += [
            Figure(name=f"Central store ({kind}): initial push, {size}",
                   budget=f"≤ {17 * scale:.1f} s", value=fmt(got["initial_push_s"], "s"),
                   limit=17 * scale, measured=got["initial_push_s"], unit="s", note=note),
            Figure(name=f"Central store ({kind}): initial pull, {size}",
                   budget=f"≤ {10 * scale:.1f} s", value=fmt(got["initial_pull_s"], "s"),
                   limit=10 * scale, measured=got["initial_pull_s"], unit="s", note=note),
        ]
        for key, label, limit in (("notes", "100 new records", 28.0),
                                  ("edits", "100 child-profile edits", 29.0)):
            for way in ("up", "down"):
                value = got[f"{key}_{way}_ms"]
                figures.append(Figure(
                    name=f"Central store ({kind}): {label} {way}", budget=f"≤ {limit:g} ms",
                    value=fmt(value, "ms") + " (median of 5)", limit=limit, measured=value,
                    note=note))
    return figures
