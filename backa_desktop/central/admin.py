"""The administrator's commands (`backa-central ...`): units, users, devices, the audit
report and the access refresh."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from backa_desktop.central import access
from backa_desktop.central.common import ServiceError
from backa_desktop.central.common import iso as _iso
from backa_desktop.central.common import now as _now
from backa_desktop.central.common import today as _today
from backa_desktop.central.db import access_tokens, audit_log, devices, settings, units, users
from backa_desktop.central.ordering import lock_writes, next_seq, refresh_daily, release_seqs
from backa_desktop.central.security import hash_password
from backa_desktop.domain.records import utc_now, uuid7


def add_unit(engine: Engine, name: str, kind: str, unit_id: str | None = None) -> str:
    new_id = unit_id or uuid7()
    with engine.begin() as conn:
        conn.execute(insert(units).values(id=new_id, name=name, kind=kind, created_at=utc_now()))
    return new_id


def add_user(
    engine: Engine,
    *,
    username: str,
    display_name: str,
    password: str | None,
    roles: Iterable[str],
    unit_id: str | None,
    trained: bool = False,
    user_id: str | None = None,
) -> str:
    new_id = user_id or uuid7()
    role_list = sorted({r.strip() for r in roles if r.strip()})
    with engine.begin() as conn:
        if (
            unit_id is not None
            and conn.execute(select(units.c.id).where(units.c.id == unit_id)).first() is None
        ):
            raise ServiceError(
                404, "no_such_unit", f"No unit {unit_id}.", f"Enheten {unit_id} finns inte."
            )
        conn.execute(
            insert(users).values(
                id=new_id,
                username=username,
                display_name=display_name,
                password_hash=hash_password(password) if password is not None else None,
                roles=",".join(role_list),
                unit_id=unit_id,
                trained=trained,
                active=True,
                created_at=utc_now(),
            )
        )
        # Roles decide who receives reports of concern: those children's access changes.
        # (Everything else names people by staff id, and a new account changes nothing.)
        if {access.ROLE_SOCIALTJANST, access.ROLE_UNIT_LEAD} & set(role_list):
            lock_writes(conn)
            today, at = _today(), _iso(_now())
            children = access.children_with_reports(conn)
            access.refresh_children(conn, children, today, lambda: next_seq(conn), at)
            release_seqs(conn)
    return new_id


def revoke_device(
    engine: Engine, *, device_id: str | None = None, username: str | None = None
) -> int:
    with engine.begin() as conn:
        query = update(devices).where(devices.c.revoked_at.is_(None))
        if device_id is not None:
            query = query.where(devices.c.id == device_id)
        elif username is not None:
            user_ids = select(users.c.id).where(users.c.username == username)
            query = query.where(devices.c.user_id.in_(user_ids.scalar_subquery()))
        else:
            raise ValueError("device_id or username")
        count = conn.execute(query.values(revoked_at=utc_now())).rowcount
        conn.execute(
            delete(access_tokens).where(
                access_tokens.c.device_id.in_(
                    select(devices.c.id).where(devices.c.revoked_at.is_not(None))
                )
            )
        )
    return int(count)


def list_devices(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                devices.c.id,
                users.c.username,
                devices.c.name,
                devices.c.created_at,
                devices.c.last_seen_at,
                devices.c.revoked_at,
            )
            .join(users, users.c.id == devices.c.user_id)
            .order_by(devices.c.created_at)
        ).all()
    return [dict(row._mapping) for row in rows]


def audit_report(
    engine: Engine,
    *,
    child_id: str | None = None,
    username: str | None = None,
    since: str | None = None,
) -> list[dict[str, Any]]:
    query = (
        select(
            audit_log.c.at,
            audit_log.c.action,
            users.c.username,
            audit_log.c.device_id,
            audit_log.c.child_id,
            audit_log.c.record_ids,
            audit_log.c.detail,
        )
        .select_from(audit_log.outerjoin(users, users.c.id == audit_log.c.user_id))
        .order_by(audit_log.c.id)
    )
    if child_id is not None:
        query = query.where(audit_log.c.child_id == child_id)
    if username is not None:
        query = query.where(users.c.username == username)
    if since is not None:
        query = query.where(audit_log.c.at >= since)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [{**dict(row._mapping), "record_ids": json.loads(row.record_ids)} for row in rows]


def refresh_access(engine: Engine) -> None:
    with engine.begin() as conn:
        lock_writes(conn)
        conn.execute(delete(settings).where(settings.c.key == "access_refreshed_on"))
        refresh_daily(conn, _today())
        release_seqs(conn)
