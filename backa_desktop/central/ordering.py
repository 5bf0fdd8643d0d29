"""The order of changes in the central store: one global sequence, and the write lock that
hands its numbers out.

Every stored change (record version, access event) gets the next number of one global
sequence; a pull serves everything above the device's cursor in that order. The numbers are
taken under the write lock, so a transaction that takes a number commits before any other
can take a higher one, and a pull can never read past a change that is still to commit. The
daily access refresh runs under the same lock because it writes access events.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, insert, select, update

from backa_desktop.central import access
from backa_desktop.central.common import iso as _iso
from backa_desktop.central.common import now as _now
from backa_desktop.central.db import counters, settings


def lock_writes(conn: Connection) -> None:
    """Take the write lock (the sequence row); held until the transaction ends."""
    conn.execute(select(counters.c.value).where(counters.c.name == "seq").with_for_update())


_SEQ_BLOCK = 256


def next_seq(conn: Connection) -> int:
    """The next global sequence number. Numbers are reserved from the counter row in blocks
    (one UPDATE per block, not per change) and the unused rest is handed back by
    `release_seqs` before commit, so the committed counter is always the highest number in
    use. Only valid under the write lock (`lock_writes`)."""
    tx = conn.get_transaction()
    state = conn.info.get("backa_seq")
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


def release_seqs(conn: Connection) -> None:
    """Give back the reserved numbers this transaction did not use (call before commit)."""
    state = conn.info.pop("backa_seq", None)
    if state is None or state[0] is not conn.get_transaction():
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
