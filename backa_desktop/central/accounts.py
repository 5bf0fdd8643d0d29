"""Accounts and devices on the central store: enrolling a laptop with user name and password,
exchanging its device token for short-lived access tokens, and authenticating a call.

Log-in protection (docs/central.md, "Log-in protection"):

- Each password check is *reserved* before it is made, with one atomic upsert on a counter
  keyed by (user name, client address). Only the first `MAX_LOGIN_FAILURES` reservations in a
  window go on to Argon2; the rest get 429 at once. The counter is a single row changed by
  `INSERT … ON CONFLICT … DO UPDATE … RETURNING`, so any number of server processes on
  PostgreSQL (or SQLite) cannot together check more passwords than the limit: counting rows
  and then inserting (the earlier design) let 40 parallel guesses all through.
- The key includes the client address so that nobody can lock a colleague out by typing
  wrong passwords for her name: her own laptop has its own counter. Failures for one account
  from every address are counted as well, and when they reach `ALERT_FAILURES` in a window a
  `login_alert` event is written to the audit log for the administrator; that counter never
  refuses anyone.
- Every attempt that gets as far as a password check runs Argon2, also when the user name is
  unknown or the account inactive (against a dummy hash), so the answer time does not tell
  which user names exist.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, case, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from backa_desktop.central.access import Caller
from backa_desktop.central.common import ServiceError, audit, iso, now, unauthorized
from backa_desktop.central.db import access_tokens, devices, login_throttle, users
from backa_desktop.central.security import new_token, token_digest, verify_password
from backa_desktop.domain.records import uuid7
from backa_desktop.sync.protocol import (
    EnrollRequest,
    EnrollResponse,
    TokenRequest,
    TokenResponse,
)

ACCESS_TOKEN_TTL = timedelta(minutes=15)
LOGIN_WINDOW = timedelta(minutes=15)
MAX_LOGIN_FAILURES = 5
"""Password checks per (user name, client address) per `LOGIN_WINDOW`; a successful log-in
resets that pair's count."""
ALERT_FAILURES = 20
"""Failed or refused log-ins for one account from all addresses within `LOGIN_WINDOW` that
raise one `login_alert` audit event."""
ANY_ADDRESS = "*"
"""The client column of an account's all-addresses counter (never a real address)."""


@dataclass(frozen=True)
class _Count:
    attempts: int
    window_start: str


def _count_attempt(conn: Connection, username: str, client: str, at: datetime) -> _Count:
    """Add one attempt to the (user name, client) counter, starting a new window when the
    stored one is over, and return the new count: one statement, atomic on both databases."""
    since = iso(at - LOGIN_WINDOW)
    dialect_insert: Any = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = dialect_insert(login_throttle).values(
        username=username, client=client, attempts=1, window_start=iso(at)
    )
    expired = login_throttle.c.window_start <= since
    stmt = stmt.on_conflict_do_update(
        index_elements=[login_throttle.c.username, login_throttle.c.client],
        set_={
            "attempts": case((expired, 1), else_=login_throttle.c.attempts + 1),
            "window_start": case(
                (expired, stmt.excluded.window_start), else_=login_throttle.c.window_start
            ),
        },
    ).returning(login_throttle.c.attempts, login_throttle.c.window_start)
    row = conn.execute(stmt).one()
    return _Count(int(row.attempts), str(row.window_start))


def _forget_expired(engine: Engine, at: datetime) -> None:
    """Drop counters whose window is over (their rows would otherwise pile up, one per
    guessed user name). Housekeeping only: the upsert restarts an expired window by itself,
    so a failure here (a lock clash with a concurrent clean-up) changes nothing."""
    with contextlib.suppress(DBAPIError), engine.begin() as conn:
        conn.execute(
            delete(login_throttle).where(login_throttle.c.window_start <= iso(at - LOGIN_WINDOW))
        )


def _retry_after(window_start: str, at: datetime) -> int:
    ends = datetime.fromisoformat(window_start.replace("Z", "+00:00")) + LOGIN_WINDOW
    return max(1, math.ceil((ends - at).total_seconds()))


def _too_many(retry_after: int) -> ServiceError:
    minutes = max(1, math.ceil(retry_after / 60))
    return ServiceError(
        429,
        "too_many_attempts",
        f"Too many failed log-ins from this computer; wait {minutes} minutes.",
        f"För många misslyckade inloggningar från den här datorn. Vänta {minutes} minuter "
        "och försök igen.",
        headers={"Retry-After": str(retry_after)},
    )


def _bad_credentials() -> ServiceError:
    return ServiceError(
        401, "bad_credentials", "Wrong user name or password.", "Fel användarnamn eller lösenord."
    )


def _count_account_failure(
    conn: Connection, username: str, user_id: str | None, at: datetime
) -> None:
    """Count a failed or refused log-in for the account from any address; at exactly
    `ALERT_FAILURES` in a window, alert once in the audit log."""
    total = _count_attempt(conn, username, ANY_ADDRESS, at)
    if user_id is not None and total.attempts == ALERT_FAILURES:
        audit(
            conn,
            caller=None,
            user_id=user_id,
            action="login_alert",
            detail=f"{ALERT_FAILURES} failed log-ins within "
            f"{int(LOGIN_WINDOW.total_seconds() // 60)} minutes",
        )


def enroll(engine: Engine, request: EnrollRequest, client: str) -> EnrollResponse:
    at = now()
    _forget_expired(engine, at)
    with engine.begin() as conn:
        count = _count_attempt(conn, request.username, client, at)
        user = conn.execute(
            select(
                users.c.id,
                users.c.password_hash,
                users.c.display_name,
                users.c.roles,
                users.c.unit_id,
            ).where(users.c.username == request.username, users.c.active)
        ).first()
    user_id = user.id if user is not None else None
    if count.attempts > MAX_LOGIN_FAILURES:
        with engine.begin() as conn:
            _count_account_failure(conn, request.username, user_id, at)
        raise _too_many(_retry_after(count.window_start, at))
    # Always one Argon2 verification: against the dummy hash when there is no such account.
    ok = verify_password(user.password_hash if user is not None else None, request.password)
    if user is None or not ok:
        with engine.begin() as conn:
            _count_account_failure(conn, request.username, user_id, at)
            audit(conn, caller=None, user_id=user_id, action="login_failed")
        raise _bad_credentials()
    token = new_token("bkd_")
    device_id = uuid7()
    roles = frozenset(r for r in user.roles.split(",") if r)
    with engine.begin() as conn:
        conn.execute(
            delete(login_throttle).where(
                login_throttle.c.username == request.username, login_throttle.c.client == client
            )
        )
        conn.execute(
            insert(devices).values(
                id=device_id,
                user_id=user.id,
                name=request.device_name,
                token_hash=token_digest(token),
                created_at=iso(at),
            )
        )
        audit(conn, caller=Caller(user.id, device_id, roles, user.unit_id), action="enroll")
    return EnrollResponse(
        device_id=device_id,
        device_token=token,
        user_id=user.id,
        display_name=user.display_name,
        roles=sorted(roles),
        unit_id=user.unit_id,
    )


def token(engine: Engine, request: TokenRequest) -> TokenResponse:
    at = now()
    with engine.begin() as conn:
        device = conn.execute(
            select(devices.c.id, devices.c.revoked_at, users.c.active)
            .join(users, users.c.id == devices.c.user_id)
            .where(devices.c.token_hash == token_digest(request.device_token))
        ).first()
        if device is None or device.revoked_at is not None or not device.active:
            raise unauthorized()
        access_token = new_token("bka_")
        expires = at + ACCESS_TOKEN_TTL
        conn.execute(delete(access_tokens).where(access_tokens.c.expires_at < iso(at)))
        conn.execute(
            insert(access_tokens).values(
                token_hash=token_digest(access_token), device_id=device.id, expires_at=iso(expires)
            )
        )
        conn.execute(update(devices).where(devices.c.id == device.id).values(last_seen_at=iso(at)))
    return TokenResponse(
        access_token=access_token,
        expires_at=iso(expires),
        expires_in=int(ACCESS_TOKEN_TTL.total_seconds()),
    )


def authenticate(engine: Engine, access_token: str | None) -> Caller:
    if not access_token:
        raise unauthorized()
    with engine.connect() as conn:
        row = conn.execute(
            select(
                devices.c.id.label("device_id"),
                users.c.id.label("user_id"),
                users.c.roles,
                users.c.unit_id,
            )
            .select_from(
                access_tokens.join(devices, devices.c.id == access_tokens.c.device_id).join(
                    users, users.c.id == devices.c.user_id
                )
            )
            .where(
                access_tokens.c.token_hash == token_digest(access_token),
                access_tokens.c.expires_at > iso(now()),
                devices.c.revoked_at.is_(None),
                users.c.active,
            )
        ).first()
    if row is None:
        raise unauthorized()
    return Caller(
        user_id=row.user_id,
        device_id=row.device_id,
        roles=frozenset(r for r in row.roles.split(",") if r),
        unit_id=row.unit_id,
    )
