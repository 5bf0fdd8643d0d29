"""What a pull carries of disposals: the records a user's laptops must delete.

`gallring run` places one purge entry per (user, disposed record) in the global sequence;
a pull from a cursor before that place lists them in `purge_records`. Kept apart from
`gallring` so the pull path needs nothing of the disposal machinery.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from backa_desktop.central.db import gallring_purges


def purges_for(conn: Connection, user_id: str, after: int, upto: int) -> list[str]:
    """The disposed records a user's laptop must delete, for a pull from `after` to `upto`."""
    if upto <= after:
        return []
    return list(
        conn.execute(
            select(gallring_purges.c.record_id)
            .where(
                gallring_purges.c.user_id == user_id,
                gallring_purges.c.seq > after,
                gallring_purges.c.seq <= upto,
            )
            .order_by(gallring_purges.c.seq, gallring_purges.c.record_id)
        ).scalars()
    )
