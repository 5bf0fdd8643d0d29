"""What every use case of the central store shares: the error answer, the clock and the
audit log.

Kept apart from the use-case modules (`accounts`, `push`, `pull`, `admin`) so each can use
them without importing the other.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert

from backa_desktop.central.access import Caller
from backa_desktop.central.db import audit_log
from backa_desktop.domain.records import utc_now
from backa_desktop.sync.protocol import InvalidChange


class ServiceError(Exception):
    """An answer for the client: HTTP status, a stable code, English and Swedish text."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        message_sv: str,
        *,
        invalid: Sequence[InvalidChange] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.message_sv = message_sv
        self.invalid = list(invalid)
        self.headers = headers or {}


def unauthorized() -> ServiceError:
    return ServiceError(
        401,
        "unauthorized",
        "Missing, expired or revoked credentials.",
        "Inloggningen gäller inte längre. Logga in eller registrera datorn igen.",
        headers={"WWW-Authenticate": "Bearer"},
    )


TEST_CLOCK_ENV = "BACKA_CENTRAL_TEST_CLOCK"
"""Test-only: the path of a file holding a number of seconds the server's clock runs ahead
(so a test can let days pass: assignments end, consents expire, the 30-day grace runs out).
Only `backa-central serve --test-clock FILE` sets it; `serve` without the flag removes it
from its environment before anything reads it, so a stray variable cannot move a
production server's clock."""


def _clock_offset() -> timedelta:
    path = os.environ.get(TEST_CLOCK_ENV)
    if not path:
        return timedelta(0)
    try:
        return timedelta(seconds=float(Path(path).read_text(encoding="ascii").strip() or 0))
    except (OSError, ValueError):
        return timedelta(0)


def now() -> datetime:
    """The server's clock (UTC); every decision that depends on the date uses it."""
    return datetime.now(UTC) + _clock_offset()


def today() -> date:
    return now().date()


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def audit(
    conn: Connection,
    *,
    caller: Caller | None,
    action: str,
    child_id: str | None = None,
    record_ids: Iterable[str] = (),
    detail: str = "",
    user_id: str | None = None,
) -> None:
    """One audit-log row. `user_id` names the account an event is about when there is no
    caller (a failed log-in, an alert)."""
    conn.execute(
        insert(audit_log).values(
            at=utc_now(),
            user_id=caller.user_id if caller else user_id,
            device_id=caller.device_id if caller else None,
            action=action,
            child_id=child_id,
            record_ids=json.dumps(sorted(record_ids)),
            detail=detail,
        )
    )


def audit_row(
    caller: Caller, at: str, action: str, child_id: str | None, record_ids: list[str]
) -> dict[str, Any]:
    """An audit-log row as a dict, for use cases that write many in one statement."""
    return {
        "at": at,
        "user_id": caller.user_id,
        "device_id": caller.device_id,
        "action": action,
        "child_id": child_id,
        "record_ids": json.dumps(sorted(record_ids)),
        "detail": "",
    }
