"""Entry point: `python -m tests.bench.run [--quick]` (or `./dev.sh bench [--quick]`).

Builds (once, then reuses) the synthetic municipality under the cache folder, measures every
DESIGN.md §12 figure that the built parts allow, and writes docs/benchmarks.md. A figure whose
part does not exist yet, or that failed, is reported as "not measured" with the reason —
never as a number. Exit code 0 when the report was written (misses are reported, not fatal).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.bench import (
    app_bench,
    central_push,
    gui_bench,
    municipality,
    report,
    stats_bench,
    store_bench,
    sync_bench,
)
from tests.bench.measure import Figure, NotBuilt

REPO = Path(__file__).resolve().parents[2]
QUICK_CHILDREN = 10_000
FULL_CHILDREN = 100_000

# What each group would have measured, for the "not measured" rows.
PLANNED: dict[str, list[tuple[str, str]]] = {
    "unlock": [("Unlock to usable child list, beyond the KDF", "≤ 1 s")],
    "search": [("Search as you type", "p95 ≤ 16 ms")],
    "open": [("Open a child with 500 timeline events", "p95 ≤ 50 ms")],
    "sign": [("Sign a form", "≤ 20 ms")],
    "pdf": [("Barnets plan PDF with 20 actions", "≤ 200 ms"),
            ("Barnets plan PDF with 20 actions, Arabic (right to left)", "≤ 200 ms"),
            ("Barnets plan PDF with 20 actions, Tigrinya", "≤ 200 ms")],
    "cipher": [("SQLCipher vs plain SQLite, same read queries", "≤ 1.25×")],
    "gui": [("App memory (RSS) with the child list open", "≤ 300 MB"),
            *gui_bench.PLANNED],
    "sync": [
        ("Sync: initial push of 10,000 children / 110,000 records", "≤ 17 s"),
        ("Sync: initial pull of 10,000 children / 110,000 records", "≤ 10 s"),
        ("Sync: 100 new records, each way", "≤ 28 ms each way"),
        ("Sync: 100 child-profile edits, each way", "≤ 29 ms each way"),
    ],
    "central": [("Central store: 200 laptops syncing at once (PostgreSQL), p95", "≤ 250 ms"),
                ("Central store: one sync while 200 others run (PostgreSQL), p95", "≤ 250 ms")],
    "stats": [("Statistics report (PostgreSQL)", "≤ 2 s")],
    "push": [("Central store: initial push, 110,000 records", "≤ 17 s"),
             ("Central store: initial pull, 110,000 records", "≤ 10 s"),
             ("Central store: 100 new records / 100 profile edits, each way", "≤ 28 / 29 ms")],
}
GROUPS = tuple(PLANNED)
TOWN_GROUPS = frozenset({"unlock", "search", "open", "sign", "pdf", "cipher", "gui"})
"""What needs the synthetic municipality's laptop folder (built once, then cached)."""
SYNC_GROUPS = frozenset({"sync", "central", "push"})
"""A run of only these is a "sync run": its own section of the report, no municipality."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_CHILDREN:,} children instead of {FULL_CHILDREN:,} "
                             "(under two minutes once built)")
    parser.add_argument("--children", type=int, default=None, help="override the size")
    parser.add_argument("--cache-dir", type=Path,
                        default=Path(os.environ.get("BACKA_BENCH_DIR", REPO / "bench-data")))
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks.md")
    parser.add_argument("--only", nargs="*", choices=GROUPS, default=None)
    parser.add_argument("--sync-children", type=int, default=None,
                        help="children on the syncing laptop (default "
                             f"{sync_bench.FULL_SYNC_CHILDREN:,}, quick "
                             f"{sync_bench.QUICK_SYNC_CHILDREN}; the real size is 10000)")
    parser.add_argument("--sync-db", nargs="+", choices=("postgresql", "sqlite"),
                        default=["postgresql"], help="central store(s) for the sync group")
    parser.add_argument("--push-children", type=int, default=None,
                        help="children for the push group (default 10000, quick 1000)")
    parser.add_argument("--no-write", action="store_true", help="print, do not write the file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    children = args.children or (QUICK_CHILDREN if args.quick else FULL_CHILDREN)
    quick = children <= QUICK_CHILDREN
    groups = args.only or list(GROUPS)
    sync_only = set(groups) <= SYNC_GROUPS
    # A statistics-only run has its own section (as `stats_bench --write` writes it): in the
    # full or quick section it would replace every other figure with this one.
    stats_only = set(groups) == {"stats"}
    # `--only unlock gui` (the KDF figure is taken off the unlock): its own section, so a GUI
    # run under other load does not replace the whole suite's figures
    gui_only = "gui" in groups and set(groups) <= {"unlock", "gui"}
    started = time.perf_counter()
    load_before = report.load_average()
    print(f"Benchmark: {children:,} children ({'quick' if quick else 'full'}); cache "
          f"{args.cache_dir}", flush=True)

    town: municipality.Municipality | None = None
    build_note = "not built (no figure of this run needs it)"
    if TOWN_GROUPS & set(groups):
        existed = (args.cache_dir / f"municipality-{children}" / "bench-manifest.json").exists()
        town = municipality.ensure(args.cache_dir, children)
        build_note = (f"built in {town.manifest.build_seconds:.0f} s at "
                      f"{town.manifest.built_at}"
                      + (", reused from the cache" if existed else ", built in this run"))
        print(f"  municipality: {town.manifest.records:,} records; {build_note}", flush=True)

    figures: list[Figure] = []
    kdf_ms: list[float] = []

    def run(group: str, fn: Callable[[], list[Figure]]) -> None:
        if group not in groups:
            return
        t0 = time.perf_counter()
        try:
            got = fn()
        except NotBuilt as exc:
            got = [Figure(name=n, budget=b, not_measured=str(exc)) for n, b in PLANNED[group]]
        except Exception as exc:  # a failing bench must not hide the others
            traceback.print_exc()
            got = [Figure(name=n, budget=b,
                          not_measured=f"the benchmark failed: {type(exc).__name__}: {exc}")
                   for n, b in PLANNED[group]]
        for fig in got:
            print(f"  {fig.name}: {fig.value or fig.not_measured} [{fig.status}]", flush=True)
        print(f"    ({time.perf_counter() - t0:.1f} s)", flush=True)
        figures.extend(got)

    if town is not None:
        _laptop_groups(town, quick, run, kdf_ms)
    run("sync", lambda: sync_bench.bench_sync_all(quick=quick, children=args.sync_children,
                                                  dbs=args.sync_db))
    run("central", lambda: sync_bench.bench_central(quick=quick))
    run("stats", lambda: stats_bench.bench_statistics(children))
    run("push", lambda: central_push.bench(quick=quick, children=args.push_children))

    # A sync-only run reports the syncing laptop's size (the municipality's is not used); a
    # run of only the 200-laptop burst or the in-process push has its own section, so it
    # does not replace the figures of the whole sync through HTTP (a separate, long run).
    sync_mode = "sync" if "sync" in groups else "central"
    sync_children = args.sync_children or (sync_bench.QUICK_SYNC_CHILDREN if quick
                                           else sync_bench.FULL_SYNC_CHILDREN)
    info = report.RunInfo(
        mode=(sync_mode if sync_only else "stats" if stats_only else "gui" if gui_only
              else "quick" if quick else "full"),
        children=(town.manifest.children if town is not None
                  else sync_children if sync_only and sync_mode == "sync"
                  else 0 if sync_only else children),
        records=(town.manifest.records if town is not None
                 else children * 10 if stats_only
                 else sync_children * sync_bench.RECORDS_PER_CHILD
                 if sync_only and sync_mode == "sync" else 0),
        build_note="generated and loaded in this run" if stats_only else build_note,
        seconds=time.perf_counter() - started,
        load_before=load_before,
        load_after=report.load_average(),
    )
    if args.no_write:
        print(report.render(figures, info))
    else:
        report.write(args.out, figures, info)
        print(f"Wrote {args.out} ({info.seconds:.0f} s)")
    return 0


def _laptop_groups(town: municipality.Municipality, quick: bool,
                   run: Callable[[str, Callable[[], list[Figure]]], None],
                   kdf_ms: list[float]) -> None:
    """The figures measured on the municipality's laptop folder."""

    def unlock() -> list[Figure]:
        got = store_bench.bench_unlock(town, runs=5 if quick else 7)
        kdf_ms.append(float(got[0].extra["kdf_ms"]))
        return got

    run("unlock", unlock)
    session = town.unlock()
    try:
        queries = store_bench.typing_queries(session, 500)
        heavy = town.manifest.heavy_child_id
        run("search", lambda: store_bench.bench_search(session, queries,
                                                       passes=1 if quick else 2))
        run("open", lambda: store_bench.bench_open_child(session, heavy, 30 if quick else 60))
        # signed on another child, so the 500-event child does not grow from run to run
        signer = store_bench.other_child(session, heavy)
        run("sign", lambda: store_bench.bench_sign(session, signer, 30 if quick else 60))
        run("pdf", lambda: app_bench.bench_plan_pdf_languages(session, heavy,
                                                              5 if quick else 11))
        run("cipher", lambda: store_bench.bench_cipher_ratio(
            town, session, queries[:40] if quick else queries[:100], rounds=3,
            lookups=500 if quick else 2000))
    finally:
        session.close()

    def gui() -> list[Figure]:
        kdf = kdf_ms[0] if kdf_ms else None
        got = app_bench.bench_gui_memory(town, timeout=60.0 if quick else 240.0, kdf_ms=kdf)
        try:
            got += gui_bench.bench_gui_clicks(town, runs=10 if quick else 20,
                                              unlock_runs=3 if quick else 5, kdf_ms=kdf)
        except Exception as exc:  # the memory figure stands without the clicks
            traceback.print_exc()
            got += [Figure(name=n, budget=b, not_measured=f"the benchmark failed: {exc}")
                    for n, b in gui_bench.PLANNED]
        return got

    run("gui", gui)


if __name__ == "__main__":
    sys.exit(main())
