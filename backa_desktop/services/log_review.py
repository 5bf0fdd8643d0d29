"""Log review and log extracts from the desktop app, fetched from the central store.

The laptop holds only its own audit log; the review of a unit and a child's extract need
every laptop's, so they come from the central store, which also decides who may have them
(the log-reviewer role, a unit lead for the unit's own staff, anyone with full access to the
child for its extract). Reading what the request needs (`link`) touches the database and runs
where the session lives; the requests themselves (`fetch_review`, `record_check`,
`fetch_extract`) touch only the network, so the app runs them off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from backa_desktop.printing.log_review import render_log_extract, render_log_review
from backa_desktop.services.sync_service import TransportFactory, app_transport
from backa_desktop.services.vault import Session
from backa_desktop.store.sync_state import SyncState
from backa_desktop.sync.client import M, NotEnrolled
from backa_desktop.sync.protocol import (
    LogCheckEntry,
    LogCheckRequest,
    LogExtract,
    LogExtractRequest,
    LogReview,
    LogReviewRequest,
    ReviewUnit,
    ReviewUnits,
    ReviewUnitsRequest,
    TokenRequest,
    TokenResponse,
)

REVIEW_ROLES = frozenset({"unit_lead", "log_reviewer"})
"""Local roles that see the log review window (the central store checks again)."""


@dataclass(frozen=True)
class CentralLink:
    """What a request to the central store needs, read from the encrypted database first."""

    server_url: str
    device_token: str
    unit_id: str | None


def may_review(session: Session) -> bool:
    roles = session.me().get("roles") or []
    return bool(REVIEW_ROLES & set(roles))


def link(session: Session) -> CentralLink:
    """The enrolled server and device token; `NotEnrolled` if none."""
    enrolled = SyncState(session.db, session.repo).enrollment()
    if enrolled is None:
        raise NotEnrolled("log_review.not_enrolled")
    unit = session.me().get("unit_id")
    return CentralLink(enrolled.server_url, enrolled.device_token, str(unit) if unit else None)


def _call(
    central: CentralLink, path: str, payload: BaseModel, model: type[M],
    transport_factory: TransportFactory,
) -> M:
    transport = transport_factory(central.server_url)
    try:
        token = transport.call(
            "/v1/token", TokenRequest(device_token=central.device_token), TokenResponse
        )
        return transport.call(path, payload, model, token.access_token)
    finally:
        transport.close()


def fetch_review(
    central: CentralLink, unit_id: str, date_from: date, date_to: date,
    *, transport_factory: TransportFactory = app_transport,
) -> LogReview:
    request = LogReviewRequest(
        unit_id=unit_id, date_from=date_from.isoformat(), date_to=date_to.isoformat()
    )
    return _call(central, "/v1/log-review", request, LogReview, transport_factory)


def fetch_units(
    central: CentralLink, *, transport_factory: TransportFactory = app_transport
) -> list[ReviewUnit]:
    """The units this account may review, from the server (the laptop's own directory does
    not know the server's unit ids)."""
    return _call(
        central, "/v1/log-review/units", ReviewUnitsRequest(), ReviewUnits, transport_factory
    ).units


def record_check(
    central: CentralLink, review: LogReview, *, found: bool, findings: str,
    transport_factory: TransportFactory = app_transport,
) -> LogCheckEntry:
    request = LogCheckRequest(
        unit_id=review.unit_id,
        date_from=review.date_from,
        date_to=review.date_to,
        outcome="findings" if found else "ok",
        findings=findings.strip(),
    )
    return _call(central, "/v1/log-checks", request, LogCheckEntry, transport_factory)


def fetch_extract(
    central: CentralLink, child_id: str, *, transport_factory: TransportFactory = app_transport
) -> LogExtract:
    return _call(
        central, "/v1/log-extract", LogExtractRequest(child_id=child_id), LogExtract,
        transport_factory,
    )


def review_pdf(review: LogReview, today: date | None = None) -> bytes:
    return render_log_review(review, today or date.today())


def extract_pdf(extract: LogExtract, today: date | None = None) -> bytes:
    return render_log_extract(extract, today or date.today())


def summary_rows(review: LogReview) -> list[dict[str, Any]]:
    """One row per user for the window's table."""
    return [
        {
            "user": u.display_name,
            "reads": u.reads,
            "children": u.children_read,
            "without_relation": len(u.without_relation),
            "protected": len(u.protected_identity),
            "outside_hours": len(u.outside_hours),
            "bulk": len(u.bulk),
            "prints": len(u.prints_exports),
        }
        for u in review.users
    ]


def central_extract_for(
    session: Session, child_ref: str, *, transport_factory: TransportFactory = app_transport
) -> LogExtract:
    """The child's log from the central store, for the register extract made on the command
    line (one thread: the database read and the request one after the other)."""
    from backa_desktop.services.documents.common import resolve_child

    return fetch_extract(
        link(session), resolve_child(session, child_ref), transport_factory=transport_factory
    )


def save_review_pdf(review: LogReview, path: str) -> str:
    """Write the review as PDF (atomically); returns the path written."""
    from backa_desktop.printing.layout import write_pdf

    return str(write_pdf(review_pdf(review), path))
