"""Sync benchmarks: real encrypted laptops with the real sync client against a real
`backa-central serve` process on loopback, backed by a throwaway PostgreSQL cluster (fsync on,
as in production — the central tests turn it off for speed, a benchmark must not).

- Initial sync: laptop A registers N children with 11 records each — the profile, a
  Barnkontakt assignment and 9 notes of ≈1 KB, the issue's mix: 110,000 records for 10,000
  children — and pushes them; laptop B — the same Barnkontakt's second device — enrolls and
  pulls everything. Records per second each way. On PostgreSQL or SQLite (`db`).
- Incremental: A writes 100 timeline notes and pushes them; B pulls them; then A edits 100
  child profiles, pushes, and B pulls. Median of several rounds, each way.
- 200 devices at once: 200 enrolled devices (raw protocol over HTTP, one thread each) each
  push 5 notes about their own child and pull, all at the same moment: p50/p95 latency of
  the requests and the errors; meanwhile one more device syncs again and again, and the p95
  of its syncs is the figure "one sync while 200 others run".

The suite's default sizes keep a run short (`FULL_SYNC_CHILDREN`, `QUICK_SYNC_CHILDREN`);
`./dev.sh bench --only sync --sync-children 10000 --sync-db postgresql sqlite` measures the
real size on both databases.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from tests.bench.measure import Figure, NotBuilt, Stopwatch, fmt, median, percentile

PASSWORD = "bänk-lösenord-123"  # fictional accounts on a throwaway server
BUDGET_CHILDREN = 10_000  # the size DESIGN.md §12's sync budget is stated for
# The default size of a full run: filling the laptop and both syncs at the real size take
# several minutes on a shared machine, so it is asked for with --sync-children 10000. A
# smaller figure is held against the budget scaled to the size, and the report says so.
FULL_SYNC_CHILDREN = 1_000
QUICK_SYNC_CHILDREN = 50
RECORDS_PER_CHILD = 11  # the profile, a Barnkontakt assignment, 9 notes (the mix)
NOTE_TEXT = ("Samtal med vårdnadshavare om hur veckan har gått i förskolan. " * 15)[:900]
DEVICES = 200


def _require_parts() -> None:
    import importlib.util

    for module, part in (("backa_desktop.sync.client", "sync client"),
                         ("backa_desktop.central.service", "central store")):
        if importlib.util.find_spec(module) is None:
            raise NotBuilt(f"{part} not built yet ({module})")
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        raise NotBuilt("PostgreSQL binaries not installed (./dev.sh setup installs them)")


# -- PostgreSQL and the server -------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Postgres:
    bindir: Path
    folder: Path
    port: int
    as_user: list[str]

    def run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, text=True,
                       timeout=120)

    def url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"


@contextlib.contextmanager
def postgres() -> Iterator[Postgres]:
    bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))[-1].parent
    folder = Path(tempfile.mkdtemp(prefix="backa-bench-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb and postgres refuse to run as root
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    pg = Postgres(bindir, folder, _free_port(), as_user)
    data = str(folder / "data")
    try:
        pg.run(str(bindir / "initdb"), "-D", data, "-U", "postgres", "--auth=trust",
               "-E", "UTF8", "--locale=C")
        pg.run(str(bindir / "pg_ctl"), "-D", data, "-l", str(folder / "log"), "-w", "-t", "60",
               "start", "-o", f"-h 127.0.0.1 -p {pg.port} -k {folder} -c max_connections=300")
        import psycopg

        with psycopg.connect(pg.url("postgres"), autocommit=True) as conn:
            conn.execute('CREATE DATABASE "backa_bench"')
        yield pg
    finally:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            pg.run(str(bindir / "pg_ctl"), "-D", data, "stop", "-m", "fast", "-w")
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def central_server(db_url: str, workers: int = 2) -> Iterator[str]:
    from backa_desktop.central.migrate import upgrade

    upgrade(db_url)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "backa_desktop.central.cli", "serve", "--db", db_url,
         "--port", str(port), "--workers", str(workers), "--log-level", "error"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240  # a shared machine: workers start slowly
        while True:
            if proc.poll() is not None:
                raise RuntimeError("backa-central exited at start")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("backa-central did not answer /health within 240 s")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _accounts(db_url: str, names: list[str]) -> tuple[str, dict[str, str]]:
    """A BVC unit and Barnkontakt accounts; the password is hashed once (Argon2id) and set
    for all, as an admin import would — log-ins still verify it for real."""
    from sqlalchemy import update

    from backa_desktop.central.db import make_engine, users
    from backa_desktop.central.security import hash_password
    from backa_desktop.central.service import CentralService

    service = CentralService(make_engine(db_url))
    try:
        unit = service.add_unit("BVC Solrosen", "bvc")
        ids = {name: service.add_user(username=name, display_name=name.title(), password=None,
                                      roles=["barnkontakt"], unit_id=unit) for name in names}
        with service.engine.begin() as conn:
            conn.execute(update(users).where(users.c.id.in_(list(ids.values())))
                         .values(password_hash=hash_password(PASSWORD)))
    finally:
        service.engine.dispose()
    return unit, ids


# -- laptops ----------------------------------------------------------------------------------


class Laptop:
    def __init__(self, path: Path, server: str, username: str) -> None:
        from backa_desktop.services.vault import NewUser, Vault
        from backa_desktop.store.crypto import KdfParams
        from backa_desktop.store.sync_state import SyncState
        from backa_desktop.sync.client import SyncClient, enroll

        vault = Vault(path, kdf=KdfParams(time_cost=1, memory_kib=8 * 1024, parallelism=1))
        vault.create("bänk-lösenfras", NewUser(name="Bänk Barnkontakt", unit_name="BVC"))
        self.session = vault.unlock("bänk-lösenfras")
        self.state = SyncState(self.session.db, self.session.repo)
        self.user_id = enroll(self.state, server, username, PASSWORD, path.name).user_id
        self.client = SyncClient(self.state)  # production batch and page sizes

    def close(self) -> None:
        self.client.close()
        self.session.close()

    def count(self) -> int:
        return int(self.session.db.one("SELECT count(*) FROM records WHERE child_id IS NOT NULL"
                                        )[0])


def _child_bodies(n: int, unit_id: str, seed: int = 5) -> Iterator[dict[str, Any]]:
    from backa_desktop.services import demo

    rng = random.Random(seed)
    pool = demo._IdentityPool()  # the demo generator's own fictional number series
    today = date.today()
    for _ in range(n):
        female = rng.random() < 0.5
        birth = today - timedelta(days=rng.randint(0, 17 * 365))
        identity, kind, issuer = pool.take(birth, female)
        yield {
            "given_names": rng.choice(demo.GIRL_NAMES if female else demo.BOY_NAMES),
            "family_name": rng.choice(demo.FAMILY_NAMES), "identity": identity,
            "identity_kind": str(kind), "identity_issuer": issuer,
            "birth_date": birth.isoformat(), "unit_id": unit_id, "guardians": [],
        }


def _fill(laptop: Laptop, children: int, unit_id: str) -> int:
    """Register children as the app does (repository writes: validated, audited, queued),
    many per transaction so filling is not what takes the time."""
    from backa_desktop.domain.records import RecordType

    repo, made = laptop.session.repo, 0
    bodies = list(_child_bodies(children, unit_id))
    for start in range(0, len(bodies), 500):
        with laptop.session.db.transaction():
            for body in bodies[start:start + 500]:
                child = repo.create(RecordType.CHILD, body)
                repo.create(RecordType.BARNKONTAKT, {
                    "child_id": child.id, "staff_id": laptop.user_id, "unit_id": unit_id,
                    "valid_from": "2024-01-01"}, child_id=child.id)
                for k in range(RECORDS_PER_CHILD - 2):
                    repo.create(RecordType.NOTE, {
                        "child_id": child.id, "kind": "handelse",
                        "text": f"Anteckning {k + 1}. {NOTE_TEXT}",
                        "happened_on": "2025-03-01"}, child_id=child.id)
                made += RECORDS_PER_CHILD
    return made


def _notes(laptop: Laptop, child_id: str, n: int) -> None:
    from backa_desktop.domain.records import RecordType

    with laptop.session.db.transaction():
        for k in range(n):
            laptop.session.repo.create(RecordType.NOTE, {
                "child_id": child_id, "kind": "handelse", "text": f"Ny anteckning {k}.",
                "happened_on": date.today().isoformat()}, child_id=child_id)


@contextlib.contextmanager
def central_database(db: str) -> Iterator[str]:
    """A throwaway central store: a PostgreSQL cluster (fsync on) or a SQLite file."""
    if db == "postgresql":
        with postgres() as pg:
            yield pg.url("backa_bench")
    else:
        with tempfile.TemporaryDirectory(prefix="backa-bench-sqlite-") as folder:
            yield f"sqlite:///{folder}/central.db"


def _edit_profiles(laptop: Laptop, n: int, round_no: int) -> None:
    """Edit the given names of `n` child profiles, as the profile form saves them."""
    repo = laptop.session.repo
    ids = [str(row[0]) for row in laptop.session.db.query(
        "SELECT record_id FROM children ORDER BY rowid LIMIT ?", (n,))]
    with laptop.session.db.transaction():
        for record_id in ids:
            current = repo.get(record_id)
            assert current is not None
            repo.update(record_id, {**current.body, "given_names": f"Ny{round_no}"})


# The table (issue 12): PouchDB 9 ↔ pouchdb-server 4 replicating the same documents on
# this machine, and the goals set beside it.
PEER = {"push": "34.5 s", "pull": "26.9 s", "notes": "56 / 52 ms", "edits": "58.5 / 53.6 ms"}


def bench_sync_all(*, quick: bool, children: int | None, dbs: list[str]) -> list[Figure]:
    """`bench_sync` on each database; one that fails leaves the others' figures."""
    import traceback

    figures: list[Figure] = []
    for db in dbs:
        try:
            figures += bench_sync(quick=quick, children=children, db=db)
        except NotBuilt:
            raise
        except Exception as exc:  # reported as not measured, with the reason
            traceback.print_exc()
            figures.append(Figure(name=f"Sync ({db})", budget="the issue's table",
                                  not_measured=f"the benchmark failed: "
                                               f"{type(exc).__name__}: {exc}"))
    return figures


def bench_sync(*, quick: bool, children: int | None = None,
               db: str = "postgresql") -> list[Figure]:
    _require_parts()
    children = children or (QUICK_SYNC_CHILDREN if quick else FULL_SYNC_CHILDREN)
    scale = children / BUDGET_CHILDREN
    workers = 1  # with two, a loaded machine kept them from answering the start-up check
    with central_database(db) as url, central_server(url, workers=workers) as server, \
            tempfile.TemporaryDirectory(prefix="backa-bench-sync-") as tmp:
        unit, _ = _accounts(url, ["anna"])
        a = Laptop(Path(tmp) / "anna-1", server, "anna")
        b = Laptop(Path(tmp) / "anna-2", server, "anna")
        try:
            records = _fill(a, children, unit)
            with Stopwatch(a.client.transport, "call") as push_http, \
                    Stopwatch(a.state, "acknowledge_many") as push_ack:
                t0 = time.perf_counter()
                a.client.push()
                push_s = time.perf_counter() - t0
            assert a.state.pending_count() == 0, "everything pushed"
            with Stopwatch(b.client.transport, "call") as pull_http, \
                    Durations(b.state, "apply_page") as pull_apply:
                t0 = time.perf_counter()
                b.client.pull()
                pull_s = time.perf_counter() - t0
            got = b.count()
            assert got >= records, f"second device holds {got} of {records} records"
            child_id = str(a.session.db.one(
                "SELECT record_id FROM children ORDER BY rowid LIMIT 1")[0])
            ways: dict[str, list[float]] = {"notes_up": [], "notes_down": [], "edits_up": [],
                                            "edits_down": []}
            for round_no in range(3 if quick else 5):
                for kind in ("notes", "edits"):
                    if kind == "notes":
                        _notes(a, child_id, 100)
                    else:
                        _edit_profiles(a, 100, round_no)
                    t0 = time.perf_counter()
                    a.client.push()
                    ways[kind + "_up"].append((time.perf_counter() - t0) * 1000)
                    t0 = time.perf_counter()
                    b.client.pull()
                    ways[kind + "_down"].append((time.perf_counter() - t0) * 1000)
            searching = _search_during_sync(a, server, Path(tmp) / "anna-3", child_id)
        finally:
            a.close()
            b.close()
    load = os.getloadavg()[0]
    label = f"{children:,} children / {records:,} records"
    scaled = "" if scale == 1 else f" (the budget scaled to 1/{round(1 / scale)} of the size)"
    setup = (f"laptop A (real encrypted folder) pushes with SyncClient.push; a second device of "
             f"the same Barnkontakt enrolls and SyncClient.pull()s; backa-central serve "
             f"--workers {workers} over loopback HTTP, {db}"
             + (" with fsync on" if db == "postgresql" else "")
             + f"; client, server and database share the machine's 2 cores; load {load:.1f}")
    where = ("docs/benchmarks.md, \"Sync at municipal scale\", has the profiles of the server "
             "and the laptop; here: push "
             f"{push_http.total_ms / 1000:.1f} s of {push_s:.1f} s in requests to the server "
             f"({push_http.calls} HTTP calls; the laptop acknowledges the batch before and reads "
             f"the next meanwhile: {push_ack.total_ms / 1000:.1f} s in "
             f"`SyncState.acknowledge_many`); pull {pull_http.total_ms / 1000:.1f} s in "
             f"HTTP ({pull_http.calls} pages of up to {b.client.page_size:,}), and, overlapping "
             f"it, {pull_apply.total_ms / 1000:.1f} s applying them locally in "
             f"{len(pull_apply.ms)} steps of up to {b.client.apply_chunk} records (one step: "
             f"median {fmt(median(pull_apply.ms), 'ms')}, max {fmt(max(pull_apply.ms), 'ms')}).")
    figures = [
        Figure(
            name=f"Sync ({db}): initial push of {label}",
            budget=f"≤ {fmt(17 * scale, 's')} (issue goal 17 s for 110,000 on PostgreSQL; "
                   f"PouchDB {PEER['push']})",
            value=f"{push_s:.1f} s ({records / push_s:,.0f} records/s){scaled}",
            limit=17 * scale, measured=push_s, unit="s", note=setup, why=where),
        Figure(
            name=f"Sync ({db}): initial pull of {label}",
            budget=f"≤ {fmt(10 * scale, 's')} (DESIGN §12 and the issue: 10 s for 10,000 "
                   f"children; PouchDB {PEER['pull']})",
            value=f"{pull_s:.1f} s ({records / pull_s:,.0f} records/s){scaled}",
            limit=10 * scale, measured=pull_s, unit="s", note=setup, why=where),
    ]
    for kind, label_, limit in (("notes", "100 new records", 28.0),
                                ("edits", "100 child-profile edits", 29.0)):
        up, down = median(ways[kind + "_up"]), median(ways[kind + "_down"])
        figures.append(Figure(
            name=f"Sync ({db}): {label_}, each way",
            budget=f"≤ {limit:g} ms each way (issue goal; PouchDB {PEER[kind]})",
            value=f"push {fmt(up, 'ms')}, pull {fmt(down, 'ms')} (medians of "
                  f"{len(ways[kind + '_up'])})",
            limit=limit, measured=max(up, down),
            note=("A writes 100 notes about one child" if kind == "notes" else
                  "A edits the given names of 100 child profiles")
                 + ", then SyncClient.push(); B then SyncClient.pull()s them; the time of "
                   f"each call, with {records:,} records already on both sides; " + setup,
            why="The fixed and per-change cost of a push on the server (about ten statements "
                "and their round trips, validation, the merge, access for a profile edit, the "
                "batched writes, one flushed commit) and of one pull page; docs/benchmarks.md, "
                "\"Sync at municipal scale\", has the profile of each (\"A small push on the "
                "server\") and where the issue's table stands."))
    for name, key, how in (
        ("a sync waiting on a slow server", "slow",
         f"laptop C (the same Barnkontakt's third device, {records:,} records) syncs 100 new "
         f"notes through a loopback proxy that holds every answer back {SLOW_S:g} s"),
        ("pages of 2,000 records are applied", "apply",
         f"laptop C's initial pull of {records:,} records (pages of 2,000 applied in local "
         f"steps of {APPLY_CHUNK_NOTE})"),
    ):
        ms = searching[key]
        figures.append(Figure(
            name=f"Sync ({db}): search p95 while {name}",
            budget="p95 ≤ 16 ms (the search budget, DESIGN.md §12)",
            value=f"p50 {fmt(percentile(ms, 50), 'ms')}, p95 {fmt(percentile(ms, 95), 'ms')}, "
                  f"max {fmt(max(ms), 'ms')} over {len(ms)} searches",
            limit=16.0, measured=percentile(ms, 95),
            why="A search waits for the local step the owner thread is running when it is "
                "asked: one chunk of a pulled page (see the pull figure's step time), an "
                "acknowledgement, or the outbox read; never a request on the network.",
            note=how + "; meanwhile another thread types a search every 20 ms into the same "
                 "database owner thread the sync's local steps run on (the app's design: "
                 "requests wait on a worker) and times each from asking to its answer; "
                 + setup))
    return figures


SLOW_S = 2.0
"""How long the proxy of the search-during-sync figure holds back each answer."""
APPLY_CHUNK_NOTE = ("at most 500, each sized from the last one's pace to take ≈ 100 ms "
                    "(sync/client.py APPLY_CHUNK, APPLY_STEP_MS)")
SEARCH_TERMS = ("an", "Jo", "Lin", "Be", "Ali", "Ek", "Kar", "Ma")


class Durations(Stopwatch):
    """A `Stopwatch` that keeps each call's time (ms), to show what one step costs."""

    def __enter__(self) -> Durations:
        super().__enter__()
        timed = getattr(self.owner, self.method)
        self.ms: list[float] = []

        def each(*args: object, **kwargs: object) -> object:
            before = self.total_ms
            try:
                return timed(*args, **kwargs)
            finally:
                self.ms.append(self.total_ms - before)

        setattr(self.owner, self.method, each)
        return self


def _search_during_sync(
    a: Laptop, server: str, path: Path, child_id: str
) -> dict[str, list[float]]:
    """Search latencies (ms) on a third laptop whose database has one owner thread, as in the
    app: `apply` during its initial pull (pages applied in chunks), `slow` while a sync of 100
    new notes waits on a slow server. Each search goes through the owner thread's queue."""
    from concurrent.futures import ThreadPoolExecutor

    from backa_desktop.services.children import search_children
    from backa_desktop.sync.client import HttpTransport, SyncClient
    from tests.sync.slow_proxy import SlowProxy

    owner = ThreadPoolExecutor(max_workers=1)  # the database owner thread
    c: Laptop = owner.submit(Laptop, path, server, "anna").result()

    def on_owner(step: Any) -> Any:
        return owner.submit(step, c.state).result()

    def timed_searches(work: Any) -> list[float]:
        done = threading.Event()
        out: list[float] = []

        def search() -> None:
            n = 0
            while not done.is_set():
                term = SEARCH_TERMS[n % len(SEARCH_TERMS)]
                t0 = time.perf_counter()
                owner.submit(search_children, c.session, term).result()
                out.append((time.perf_counter() - t0) * 1000)
                n += 1
                time.sleep(0.02)

        thread = threading.Thread(target=search)
        thread.start()
        try:
            work()
        finally:
            done.set()
            thread.join()
        return out

    proxy = SlowProxy(int(server.rsplit(":", 1)[1]), SLOW_S)
    try:
        fast = SyncClient(transport=HttpTransport(server, timeout=120), local=on_owner,
                          drop_finished_after=None)
        applying = timed_searches(fast.sync)
        fast.close()
        _notes(a, child_id, 100)
        a.client.push()
        slow = SyncClient(transport=HttpTransport(proxy.url, timeout=120), local=on_owner,
                          drop_finished_after=None)
        waiting = timed_searches(slow.sync)
        slow.close()
    finally:
        proxy.close()
        owner.submit(c.close).result()
        owner.shutdown()
    return {"apply": applying, "slow": waiting}


# -- 200 devices at once ----------------------------------------------------------------------


def bench_central(*, quick: bool) -> list[Figure]:
    _require_parts()
    if quick:
        raise NotBuilt("not run in --quick mode (enrolling the devices alone takes minutes); "
                       "see the full run")
    burst = run_burst(DEVICES, workers=1)
    push, pull, whole = burst["push"], burst["pull"], burst["sync"]
    kinds = sorted(set(burst["errors"]))
    alone = burst["observer"]
    load = os.getloadavg()[0]
    per_sync = burst["wall"] * 1000 / (DEVICES + len(alone))
    why = (f"Throughput, not waiting on one another: the {DEVICES + len(alone)} syncs were "
           f"all done in {burst['wall']:.1f} s, {fmt(per_sync, 'ms')} of the whole machine "
           "(server, PostgreSQL and the clients' own HTTP on the same 2 cores) per sync, so "
           f"a sync released with the others waits for most of them. For 95 % of {DEVICES} "
           f"syncs to end within 250 ms the machine would have to do one in "
           f"{fmt(250 / (0.95 * DEVICES), 'ms')}; docs/benchmarks.md, \"Sync at municipal "
           "scale\", has the profile and what it would take.")
    return [Figure(
        name=f"Central store: {DEVICES} laptops syncing at once (PostgreSQL), p95",
        budget="≤ 250 ms, 0 errors",
        limit=250.0,
        measured=percentile(whole, 95),
        value=f"push p95 {fmt(percentile(push, 95), 'ms')}, pull p95 "
              f"{fmt(percentile(pull, 95), 'ms')}; one whole sync (push + pull) p50 "
              f"{fmt(percentile(whole, 50), 'ms')}, p95 {fmt(percentile(whole, 95), 'ms')}; "
              f"{len(burst['errors'])} errors; all done in {burst['wall']:.1f} s"
              + (f" ({', '.join(kinds[:3])})" if kinds else ""),
        note=f"{DEVICES} enrolled devices (one thread each, raw protocol over HTTP) released "
             "together: each pushes 5 notes about its own child, then pulls from cursor 0; "
             "backa-central serve --workers 1, PostgreSQL (fsync on), ordering "
             f"{os.environ.get('BACKA_CENTRAL_ORDERING', 'horizon')}, all on the same 2 cores "
             f"as the clients; load {load:.1f} at the end",
        why=why,
    ), Figure(
        name=f"Central store: one sync while {DEVICES} others run (PostgreSQL), p95",
        budget="≤ 250 ms, 0 errors",
        limit=250.0,
        measured=percentile(alone, 95) if alone else None,
        value=(f"p50 {fmt(percentile(alone, 50), 'ms')}, p95 {fmt(percentile(alone, 95), 'ms')}"
               f" over {len(alone)} syncs" if alone else "no sync finished during the burst"),
        note=f"one more device, released with the {DEVICES}, syncs (5 notes up, then a pull "
             "from cursor 0) again and again until the last of them is done; the time of "
             "each of its syncs",
        why=why,
    )]


def run_burst(devices: int, workers: int = 2) -> dict[str, Any]:
    """`devices` enrolled devices released together, each pushing 5 notes about its own
    child and then pulling from cursor 0, and one more (the observer) that does the same
    again and again until they are all done. Latencies in ms (push, pull, and the whole sync
    of each device; `observer`: each of the observer's syncs), the errors, and the wall
    time."""
    from backa_desktop.domain.records import utc_now, uuid7
    from backa_desktop.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION

    headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    with postgres() as pg, central_server(pg.url("backa_bench"), workers=workers) as server:
        unit, ids = _accounts(pg.url("backa_bench"),
                              [f"staff{i:03d}" for i in range(devices)] + ["observer"])
        http = httpx.Client(base_url=server, headers=headers, timeout=120,
                            limits=httpx.Limits(max_connections=devices + 10))
        tokens: dict[str, str] = {}
        children: dict[str, str] = {}
        bodies = _child_bodies(devices + 1, unit, seed=9)
        try:
            for name, user_id in ids.items():  # enrollment is once per laptop: not timed
                enrolled = http.post("/v1/enroll", json={
                    "username": name, "password": PASSWORD, "device_name": name}).json()
                token = http.post("/v1/token", json={
                    "device_token": enrolled["device_token"]}).json()["access_token"]
                tokens[name] = token
                child = _wire_record("child", None, next(bodies), user_id, enrolled, uuid7,
                                     utc_now)
                bk = _wire_record("barnkontakt", child["record"]["id"], {
                    "child_id": child["record"]["id"], "staff_id": user_id, "unit_id": unit,
                    "valid_from": "2024-01-01"}, user_id, enrolled, uuid7, utc_now)
                answer = http.post("/v1/push", json={"changes": [child, bk]},
                                   headers={"Authorization": f"Bearer {token}"})
                answer.raise_for_status()
                statuses = {r["status"] for r in answer.json()["results"]}
                assert statuses == {"accepted"}, f"setup push refused: {answer.text[:200]}"
                children[name] = child["record"]["id"]
                tokens[name + "#device"] = enrolled["device_id"]
            out: dict[str, Any] = {"push": [], "pull": [], "sync": [], "errors": [],
                                   "observer": []}
            lock = threading.Lock()
            start = threading.Barrier(devices + 1)
            running = [devices]

            def device(name: str, observer: bool = False) -> None:
                auth = {"Authorization": f"Bearer {tokens[name]}"}
                enrolled = {"device_id": tokens[name + "#device"]}
                notes = [_wire_record("note", children[name], {
                    "child_id": children[name], "kind": "handelse", "text": "Samtidig.",
                    "happened_on": date.today().isoformat()}, ids[name], enrolled, uuid7,
                    utc_now) for _ in range(5)]
                start.wait()
                while True:
                    began = time.perf_counter()
                    ok = sync_once(auth, notes, "observer" if observer else "")
                    with lock:
                        if ok or not observer:
                            out["observer" if observer else "sync"].append(
                                (time.perf_counter() - began) * 1000)
                        if not observer:
                            running[0] -= 1
                        if not observer or running[0] == 0:
                            return
                    notes = [{**n, "change_id": uuid7(), "record": {**n["record"],
                              "id": uuid7()}} for n in notes]

            def sync_once(auth: dict[str, str], notes: list[Any], label: str) -> bool:
                """Push the notes, then pull from cursor 0; True when both succeeded."""
                fine = True
                for path, payload in (("/v1/push", {"changes": notes}),
                                      ("/v1/pull", {"cursor": "0", "page_size": 500})):
                    t0 = time.perf_counter()
                    try:
                        response = http.post(path, json=payload, headers=auth)
                        ok = response.status_code == 200
                        why = f"{path} HTTP {response.status_code}"
                        if ok and path == "/v1/push":
                            bad = [r["status"] for r in response.json()["results"]
                                   if r["status"] not in ("accepted", "duplicate")]
                            ok, why = not bad, f"{path} change {bad[0] if bad else ''}"
                    except httpx.HTTPError as exc:
                        ok, why = False, f"{path} {type(exc).__name__}"
                    with lock:
                        if not label:
                            out["push" if path == "/v1/push" else "pull"].append(
                                (time.perf_counter() - t0) * 1000)
                        if not ok:
                            out["errors"].append(f"{label} {why}".strip())
                    fine = fine and ok
                return fine

            threads = [threading.Thread(target=device, args=(n, n == "observer")) for n in ids]
            t0 = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            out["wall"] = time.perf_counter() - t0
        finally:
            http.close()
    return out


def _wire_record(kind: str, child_id: str | None, body: dict[str, Any], user_id: str,
                 enrolled: dict[str, Any], uuid7: Any, utc_now: Any) -> dict[str, Any]:
    """One push change in the wire format (sync/protocol.py PushChange)."""
    from backa_desktop.domain.bodies import validate_body
    from backa_desktop.domain.records import RecordType

    record_id = uuid7()
    now = utc_now()
    return {
        "change_id": uuid7(),
        "record": {
            "id": record_id, "type": kind,
            "child_id": record_id if kind == "child" else child_id,
            "body": validate_body(RecordType(kind), body), "revision": 1, "base_revision": 0,
            "author": user_id, "device": enrolled["device_id"], "created_at": now,
            "updated_at": now, "deleted": False,
        },
        "changed_fields": sorted(body),
    }
