"""Merging two children by hand from the desktop app, on the central store.

Only the central store can merge (it holds every laptop's records and decides who may: the
Barnkontakt of both children, or their unit lead). Reading what a request needs (`link`)
touches the database and runs where the session lives; the requests (`preview`, `merge`,
`undoable`, `undo`) touch only the network, so the app runs them off the GUI thread. After a
merge or an undo the laptop syncs: the pull brings the redirect (or the child back).
Without a connection each request fails with a message that nothing was changed.
"""

from __future__ import annotations

from pydantic import BaseModel

from backa_desktop.services.log_review import CentralLink
from backa_desktop.services.sync_service import TransportFactory, app_transport
from backa_desktop.services.vault import Session
from backa_desktop.store.sync_state import SyncState
from backa_desktop.sync.client import M, NotEnrolled, ServerUnavailable
from backa_desktop.sync.protocol import (
    MergeDone,
    MergeList,
    MergeListRequest,
    MergePreview,
    MergeRequest,
    MergeUndone,
    TokenRequest,
    TokenResponse,
    UndoMergeRequest,
)


def link(session: Session) -> CentralLink:
    """The enrolled server and device token; `NotEnrolled` if none."""
    enrolled = SyncState(session.db, session.repo).enrollment()
    if enrolled is None:
        raise NotEnrolled("merge.not_enrolled")
    unit = session.me().get("unit_id")
    return CentralLink(enrolled.server_url, enrolled.device_token, str(unit) if unit else None)


def _call(
    central: CentralLink,
    path: str,
    payload: BaseModel,
    model: type[M],
    transport_factory: TransportFactory,
) -> M:
    transport = transport_factory(central.server_url)
    try:
        token = transport.call(
            "/v1/token", TokenRequest(device_token=central.device_token), TokenResponse
        )
        return transport.call(path, payload, model, token.access_token)
    except ServerUnavailable as exc:
        raise ServerUnavailable("merge.offline", exc.detail) from exc
    finally:
        transport.close()


def preview(
    central: CentralLink,
    merged_id: str,
    survivor_id: str,
    *,
    transport_factory: TransportFactory = app_transport,
) -> MergePreview:
    """What merging `merged_id` into `survivor_id` would combine; nothing changes."""
    request = MergeRequest(merged_id=merged_id, survivor_id=survivor_id)
    return _call(central, "/v1/merge/preview", request, MergePreview, transport_factory)


def merge(
    central: CentralLink,
    merged_id: str,
    survivor_id: str,
    *,
    transport_factory: TransportFactory = app_transport,
) -> MergeDone:
    request = MergeRequest(merged_id=merged_id, survivor_id=survivor_id)
    return _call(central, "/v1/merge", request, MergeDone, transport_factory)


def undoable(
    central: CentralLink, child_id: str, *, transport_factory: TransportFactory = app_transport
) -> list[MergeDone]:
    """The merges into this child the user may still undo, newest first."""
    request = MergeListRequest(child_id=child_id)
    return _call(central, "/v1/merge/list", request, MergeList, transport_factory).merges


def undo(
    central: CentralLink, merge_id: str, *, transport_factory: TransportFactory = app_transport
) -> MergeUndone:
    request = UndoMergeRequest(merge_id=merge_id)
    return _call(central, "/v1/merge/undo", request, MergeUndone, transport_factory)
