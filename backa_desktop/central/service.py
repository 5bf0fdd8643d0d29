"""The central store's use cases behind one door: `CentralService` is what the HTTP layer
(`api.py`) and the command line (`cli.py`) call.

The work is done in one module per use case — `accounts` (enrolment, tokens, log-in),
`push` (validation, merge, conflicts, writes), `pull`, `admin` (units, users, devices, the
audit report, the access refresh) — as plain functions over a SQLAlchemy engine. Nothing is
kept in memory between calls: every fact (rate-limit counters included) lives in the
database, so any number of server processes can serve the same store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from backa_desktop.central import accounts, admin
from backa_desktop.central import pull as _pull
from backa_desktop.central import push as _push
from backa_desktop.central.access import Caller
from backa_desktop.central.common import ServiceError as ServiceError
from backa_desktop.sync.protocol import (
    EnrollRequest,
    EnrollResponse,
    PullPage,
    PullRequest,
    PushBatch,
    PushResponse,
    TokenRequest,
    TokenResponse,
)


@dataclass
class CentralService:
    engine: Engine

    # ---- accounts and devices -------------------------------------------------------------

    def enroll(self, request: EnrollRequest, client: str = "") -> EnrollResponse:
        """See `accounts.enroll`; `client` is the caller's network address."""
        return accounts.enroll(self.engine, request, client)

    def token(self, request: TokenRequest) -> TokenResponse:
        return accounts.token(self.engine, request)

    def authenticate(self, access_token: str | None) -> Caller:
        return accounts.authenticate(self.engine, access_token)

    # ---- sync -----------------------------------------------------------------------------

    def push(self, caller: Caller, batch: PushBatch) -> PushResponse:
        return _push.push(self.engine, caller, batch)

    def pull(self, caller: Caller, request: PullRequest) -> PullPage:
        return _pull.pull(self.engine, caller, request)

    def pull_json(self, caller: Caller, request: PullRequest) -> str:
        """One page as the JSON text of a `PullPage` (see `pull.pull_json`)."""
        return _pull.pull_json(self.engine, caller, request)

    # ---- administration -------------------------------------------------------------------

    def add_unit(self, name: str, kind: str, unit_id: str | None = None) -> str:
        return admin.add_unit(self.engine, name, kind, unit_id)

    def add_user(
        self,
        *,
        username: str,
        display_name: str,
        password: str | None,
        roles: Iterable[str],
        unit_id: str | None,
        trained: bool = False,
        user_id: str | None = None,
    ) -> str:
        return admin.add_user(
            self.engine,
            username=username,
            display_name=display_name,
            password=password,
            roles=roles,
            unit_id=unit_id,
            trained=trained,
            user_id=user_id,
        )

    def revoke_device(self, *, device_id: str | None = None, username: str | None = None) -> int:
        return admin.revoke_device(self.engine, device_id=device_id, username=username)

    def list_devices(self) -> list[dict[str, Any]]:
        return admin.list_devices(self.engine)

    def audit_report(
        self,
        *,
        child_id: str | None = None,
        username: str | None = None,
        since: str | None = None,
    ) -> list[dict[str, Any]]:
        return admin.audit_report(self.engine, child_id=child_id, username=username, since=since)

    def refresh_access(self) -> None:
        admin.refresh_access(self.engine)
