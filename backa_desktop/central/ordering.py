"""The order of changes in the central store, and the locks that keep writers apart.

Every stored change (record version, access event) gets a number (`seq`) in one global order;
a pull serves everything above the device's cursor in that order, up to a *horizon* below
which nothing can appear any more — a pull must never skip a change that commits late.

Two schemes (docs/central.md, "Ordering", has the measurements that chose between them):

- **counter** (SQLite, and PostgreSQL on request): numbers come from one counter row, taken
  under that row's lock; the transaction holding it commits before any other can take a
  higher number, so the committed counter is the horizon. Simple, and every writer queues on
  the one row.
- **horizon** (PostgreSQL's default): a transaction's numbers are its own transaction id
  shifted left by `_XID_SHIFT` bits, plus a counter; a pull serves only numbers below the
  oldest transaction still running (`pg_snapshot_xmin`), which every later commit is above.
  Writers lock only the children they touch (advisory locks, under a shared global one), so
  pushes about different children run side by side; what touches many children at once
  (a unit's Barnteam, the daily access refresh, a new report-receiving account) takes the
  global lock exclusively.

`BACKA_CENTRAL_ORDERING=counter|horizon` chooses on PostgreSQL; SQLite always counts (its
transactions are serial anyway).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, insert, select, text, update

from backa_desktop.central import access
from backa_desktop.central.common import iso as _iso
from backa_desktop.central.common import now as _now
from backa_desktop.central.db import access_events, counters, gallring_purges, records, settings

ORDERING_ENV = "BACKA_CENTRAL_ORDERING"
_XID_SHIFT = 20
"""Numbers per transaction in the horizon scheme (2**20: a daily refresh's events fit)."""
_GLOBAL_KEY = 0x6261636B61  # "backa"
_DIRECTORY = "\x00directory"
"""The lock name of records about no child (units, staff, unit Barnteams)."""


def scheme(conn: Connection) -> str:
    if conn.dialect.name != "postgresql":
        return "counter"
    chosen = os.environ.get(ORDERING_ENV, "horizon")
    return "counter" if chosen == "counter" else "horizon"


def _key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for a child id."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big", signed=True)


def lock_writes(conn: Connection) -> None:
    """Take the whole store's write lock, held until the transaction ends: for what reaches
    many children at once (and for every write in the counter scheme)."""
    if conn.info.get("backa_locked") is conn.get_transaction():
        return
    if scheme(conn) == "counter":
        conn.execute(select(counters.c.value).where(counters.c.name == "seq").with_for_update())
    else:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _GLOBAL_KEY})
    conn.info["backa_locked"] = conn.get_transaction()


def lock_children(conn: Connection, children: Iterable[str | None]) -> None:
    """Take the write lock for these children only (None: the directory of units and
    staff). In the counter scheme that is the whole store's lock. Keys are taken in one
    sorted order, so two writers never wait for each other in a circle."""
    if conn.info.get("backa_locked") is conn.get_transaction():
        return
    if scheme(conn) == "counter":
        lock_writes(conn)
        return
    keys = sorted({_key(c if c is not None else _DIRECTORY) for c in children})
    conn.execute(text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": _GLOBAL_KEY})
    # The transaction's id (its numbers, `next_seq`) comes with the children's locks: a
    # push that locks is about to write, and that is one round trip fewer.
    xid = conn.execute(
        text(
            "SELECT (SELECT count(pg_advisory_xact_lock(k)) "
            "FROM unnest(CAST(:keys AS bigint[])) k), pg_current_xact_id()::text"
        ),
        {"keys": keys},
    ).one()[1]
    tx = conn.get_transaction()
    conn.info["backa_locked"] = tx
    state = conn.info.get("backa_seq")
    if state is None or state[0] is not tx:
        _numbers_from(conn, int(xid))


def horizon(conn: Connection) -> int:
    """The highest number a pull may serve now: every change at or below it is committed
    (or never will be)."""
    if scheme(conn) == "counter":
        return int(
            conn.execute(select(counters.c.value).where(counters.c.name == "seq")).scalar_one()
        )
    xmin = int(
        conn.execute(text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")).scalar_one()
    )
    counted = int(
        conn.execute(select(counters.c.value).where(counters.c.name == "seq")).scalar_one()
    )
    limit = (xmin << _XID_SHIFT) - 1
    # The highest number in use below the limit, not the limit itself: a cursor then moves
    # only when there is something new (numbers handed out by the counter before the switch
    # stay below every new one).
    tops = [
        conn.execute(select(func.max(table.c.seq)).where(table.c.seq <= limit)).scalar()
        for table in (records, access_events, gallring_purges)
    ]
    return max([counted, *(int(t) for t in tops if t is not None)])


_SEQ_BLOCK = 256


def next_seq(conn: Connection) -> int:
    """The next global sequence number. Numbers are reserved from the counter row in blocks
    (one UPDATE per block, not per change) and the unused rest is handed back by
    `release_seqs` before commit, so the committed counter is always the highest number in
    use. Only valid under the write lock (`lock_writes`, `lock_children`).

    In the horizon scheme: the transaction's id, shifted, plus a counter."""
    tx = conn.get_transaction()
    state = conn.info.get("backa_seq")
    if scheme(conn) == "horizon":
        if state is None or state[0] is not tx:
            xid = int(conn.execute(text("SELECT pg_current_xact_id()::text")).scalar_one())
            state = _numbers_from(conn, xid)
        if state[1] > state[2]:
            raise RuntimeError("more changes in one transaction than the order can number")
        value = int(state[1])
        state[1] = value + 1
        return value
    if state is None or state[0] is not tx or state[1] > state[2]:
        top = int(
            conn.execute(
                update(counters)
                .where(counters.c.name == "seq")
                .values(value=counters.c.value + _SEQ_BLOCK)
                .returning(counters.c.value)
            ).scalar_one()
        )
        state = [tx, top - _SEQ_BLOCK + 1, top]
        conn.info["backa_seq"] = state
    value = int(state[1])
    state[1] = value + 1
    return value


def _numbers_from(conn: Connection, xid: int) -> list[Any]:
    """The horizon scheme's numbers of this transaction, from its id."""
    base = xid << _XID_SHIFT
    state = [conn.get_transaction(), base, base + (1 << _XID_SHIFT) - 1]
    conn.info["backa_seq"] = state
    return state


def release_seqs(conn: Connection) -> None:
    """Give back the reserved numbers this transaction did not use (call before commit)."""
    state = conn.info.pop("backa_seq", None)
    if state is None or state[0] is not conn.get_transaction() or scheme(conn) != "counter":
        return
    conn.execute(update(counters).where(counters.c.name == "seq").values(value=int(state[1]) - 1))


def refresh_daily(conn: Connection, today: date) -> None:
    """Dates pass without writes (an assignment ends, a consent expires): recompute all
    access once a day, on the first request of the day that finds it not yet done (under
    the write lock). `backa-central refresh-access` from a timer after midnight does the
    same work before anyone waits for it."""
    last = conn.execute(
        select(settings.c.value).where(settings.c.key == "access_refreshed_on")
    ).scalar_one_or_none()
    if last == today.isoformat():
        return
    refresh_all_locked(conn, today)
    if last is None:
        conn.execute(insert(settings).values(key="access_refreshed_on", value=today.isoformat()))
    else:
        conn.execute(
            update(settings)
            .where(settings.c.key == "access_refreshed_on")
            .values(value=today.isoformat())
        )


def refresh_all_locked(conn: Connection, today: date) -> None:
    children = access.all_children(conn)
    at = _iso(_now())
    for start in range(0, len(children), 2000):
        chunk = children[start : start + 2000]
        access.refresh_children(conn, chunk, today, lambda: next_seq(conn), at)
