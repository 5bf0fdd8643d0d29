"""Pull: one page of what the caller may see after their cursor, in the global order, with the
access events (grants and purges) met on the way; every record sent is audited as read."""

from __future__ import annotations

import json

from sqlalchemy import Engine, select

from backa_desktop.central import access, identity_merge, purge_feed
from backa_desktop.central.access import Caller
from backa_desktop.central.bulk import among, insert_rows
from backa_desktop.central.common import ServiceError
from backa_desktop.central.common import audit_row as _audit_row
from backa_desktop.central.common import today as _today
from backa_desktop.central.db import access_events, audit_log, records, settings
from backa_desktop.central.ordering import horizon, lock_writes, refresh_daily, release_seqs
from backa_desktop.domain.records import utc_now
from backa_desktop.sync.protocol import PullPage, PullRequest

_CHILDREN_PER_QUERY = 500


def pull(engine: Engine, caller: Caller, request: PullRequest) -> PullPage:
    return PullPage.model_validate_json(pull_json(engine, caller, request))


def pull_json(engine: Engine, caller: Caller, request: PullRequest) -> str:
    """One page as the JSON text of a `PullPage`, assembled from the stored envelopes
    (already valid `Record` JSON): no parsing and re-serialising of every record."""
    if not (request.cursor.isascii() and request.cursor.isdigit()) or len(request.cursor) > 18:
        raise ServiceError(
            422,
            "bad_cursor",
            "The cursor is not one this server gave out.",
            "Synkroniseringens position är ogiltig. Synkronisera om från början.",
        )
    cursor = int(request.cursor)
    limit = request.page_size
    today = _today()
    with engine.begin() as conn:
        last = conn.execute(
            select(settings.c.value).where(settings.c.key == "access_refreshed_on")
        ).scalar_one_or_none()
        if last != today.isoformat():
            lock_writes(conn)
            refresh_daily(conn, today)
            release_seqs(conn)
        high = horizon(conn)
        if cursor >= high:
            return PullPage(
                records=[], next_cursor=str(max(cursor, high)), has_more=False
            ).model_dump_json()
        visible = access.visible_clause(caller)
        rows = conn.execute(
            select(records.c.id, records.c.envelope, records.c.seq, records.c.child_id)
            .select_from(access.joined(caller))
            .where(records.c.seq > cursor, records.c.seq <= high, visible)
            .order_by(records.c.seq)
            .limit(limit)
        ).all()
        events = conn.execute(
            select(access_events.c.seq, access_events.c.child_id, access_events.c.kind)
            .where(
                access_events.c.user_id == caller.user_id,
                access_events.c.seq > cursor,
                access_events.c.seq <= high,
            )
            .order_by(access_events.c.seq)
            .limit(limit)
        ).all()
        bound, has_more = high, False
        if len(rows) == limit:
            bound, has_more = int(rows[-1].seq), True
        if len(events) == limit:
            bound, has_more = min(bound, int(events[-1].seq)), True
        found: dict[str, tuple[str, int, str | None]] = {}
        for record_id, envelope, seq, child_id in rows:
            if seq <= bound:
                found[record_id] = (envelope, int(seq), child_id)
        purge: list[str] = []
        met: set[str] = set()
        merged: list[str] = []
        for seq, child_id, kind in events:
            if seq > bound:
                continue
            if kind == identity_merge.REDIRECT:
                merged.append(child_id)  # the child lives on under another id
                continue
            if kind == "revoke" and child_id not in purge:
                purge.append(child_id)
            met.add(child_id)
        if cursor != 0 and met:  # a first pull sends everything visible through the feed
            # Records after the cursor and up to `bound` are in this page's feed already;
            # only what the device was not sent before (or has just purged) is added — for
            # all the children whose events the page meets in one query, not one per event.
            wanted = sorted(met)
            for start in range(0, len(wanted), _CHILDREN_PER_QUERY):
                for record_id, envelope, rseq, child_id in conn.execute(
                    select(records.c.id, records.c.envelope, records.c.seq, records.c.child_id)
                    .select_from(access.joined(caller))
                    .where(
                        among(
                            conn, records.c.child_id, wanted[start : start + _CHILDREN_PER_QUERY]
                        ),
                        records.c.seq <= cursor,
                        visible,
                    )
                ).all():
                    found[record_id] = (envelope, int(rseq), child_id)
        ordered = sorted(found.items(), key=lambda item: item[1][1])
        by_child: dict[str | None, list[str]] = {}
        for record_id, (_envelope, _seq, child_id) in ordered:
            by_child.setdefault(child_id, []).append(record_id)
        now = utc_now()
        entries = [
            _audit_row(caller, now, "read", child_id, ids)
            for child_id, ids in by_child.items()
            if child_id is not None
        ]
        entries += [_audit_row(caller, now, "purge", child_id, []) for child_id in purge]
        disposed = purge_feed.purges_for(conn, caller.user_id, cursor, bound) if cursor else []
        insert_rows(conn, audit_log, entries)
        redirects = {
            m: survivor
            for m, (survivor, _registrar) in identity_merge.read_redirects(conn, merged).items()
        }
    items = ",".join(
        '{"record":' + envelope + ',"server_seq":' + str(seq) + "}"
        for _id, (envelope, seq, _child) in ordered
    )
    return (
        '{"records":['
        + items
        + '],"purge_children":'
        + json.dumps(purge)
        + (',"purge_records":' + json.dumps(disposed) if disposed else "")
        + (',"redirects":' + json.dumps(redirects) if redirects else "")
        + ',"next_cursor":'
        + json.dumps(str(bound))
        + ',"has_more":'
        + ("true" if has_more else "false")
        + "}"
    )
