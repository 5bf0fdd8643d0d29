"""Sync as the app uses it: enroll, run one sync, the status summary, conflicts
and purge notices. Qt-free, so the same use cases run in tests without a GUI.

Everything here takes an open `Session` and therefore runs on the database owner thread,
except `sync_in_steps`: the app runs a sync from a worker thread and hands only its short
database steps (read the outbox, acknowledge, apply a page, the inbox before and after) to
the owner thread, so searches and saves are not held up while a request waits on a slow
network. A locked app has no session and so cannot sync at all; it catches up on unlock.

Why the extra bookkeeping beyond the engine:

- Inbox notifications: the inbox is computed from records, so "what is new" is the inbox
  after a sync minus the inbox before it.
- Purge: after the engine purges a child, its name is gone from the device. The notice that
  tells the user why the child disappeared needs the name, so names are read before the sync
  and kept (encrypted, in the local settings) only until the user dismisses the notice.
- Conflicts: a resolution is a normal edit — the chosen value is written to the record and
  the conflict record is marked resolved — so it goes up through the outbox like any edit.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from backa_desktop.domain.errors import Message, UserError
from backa_desktop.domain.people import Role
from backa_desktop.domain.records import RecordType, utc_now
from backa_desktop.services import inbox as inbox_service
from backa_desktop.services.overview import Directory
from backa_desktop.services.vault import ME_KEY, Session
from backa_desktop.store.settings import get_setting, set_setting
from backa_desktop.store.sync_state import REJECTED_PREFIX, SyncState
from backa_desktop.store.sync_state import SyncStatus as SyncStatus  # the UI shows it
from backa_desktop.sync.client import (
    AuthFailed,
    HttpTransport,
    InsecureServer,
    NotEnrolled,
    ServerUnavailable,
    SyncClient,
    SyncError,
    Transport,
    UpgradeRequired,
    enroll,
)
from backa_desktop.sync.client import (
    SyncReport as SyncReport,  # the UI shows its counts
)
from backa_desktop.sync.protocol import MAX_PULL_PAGE, EnrollResponse
from backa_desktop.sync.replica import OutboxEntry, Replica

T = TypeVar("T")

PURGE_NOTICES_KEY = "sync.purge_notices"
APP_TIMEOUT_S = 15.0
"""Per request. A sync no longer holds the database while it waits, but a dead connection
should still be noticed (and the status bar say so) within seconds."""

PURGE_REASON_SV = (
    "Din behörighet till barnet har upphört (du har lämnat barnets team, eller samtycket "
    "har återkallats). Uppgifterna är borttagna från den här datorn; de finns kvar hos "
    "barnets barnkontakt."
)


class EnrollFailed(UserError):
    """Enrollment did not work; the message (a key) tells the user what to do."""

    def __init__(self, kind: str, key: str, **params: Any) -> None:
        super().__init__(key, **params)
        self.kind = kind  # wrong_password | unreachable | certificate | outdated | address | other

    @classmethod
    def because(cls, kind: str, exc: UserError) -> EnrollFailed:
        return cls(kind, exc.key, **exc.params)

    @property
    def message_sv(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Enrolled:
    display_name: str
    user_id: str
    server_url: str


@dataclass(frozen=True)
class PurgeNotice:
    child_id: str
    child_name: str
    at: str
    reason: str = PURGE_REASON_SV


@dataclass(frozen=True)
class RefusedChange:
    """A change of mine the server refused for good, waiting for me to send it again or
    discard it: what it was about and why (a message in the user's language)."""

    record_id: str
    record_type: str
    child_id: str | None
    child_name: str  # empty for a child with protected identity: the notice says "barnet"
    reason: Message
    attempts: int


@dataclass(frozen=True)
class ConflictItem:
    """One open conflict, with both values and who made each, for the side-by-side view."""

    conflict_id: str
    record_id: str
    record_type: str
    child_id: str | None
    child_name: str
    field: str
    kept_value: Any
    kept_present: bool
    kept_who: str
    kept_at: str
    incoming_value: Any
    incoming_present: bool
    incoming_who: str
    incoming_at: str
    current_value: Any = None


@dataclass
class SyncOutcome:
    report: SyncReport
    status: SyncStatus
    new_inbox: list[inbox_service.InboxItem] = field(default_factory=list)
    purged: list[PurgeNotice] = field(default_factory=list)
    conflicts: int = 0


TransportFactory = Callable[[str], Transport]


def app_transport(url: str) -> Transport:
    return HttpTransport(url, timeout=APP_TIMEOUT_S)


def _state(session: Session) -> SyncState:
    return SyncState(session.db, session.repo)


def sync_state(session: Session) -> SyncState:
    """The folder's sync bookkeeping, for the `backa enroll`/`backa sync` commands."""
    return _state(session)


def audit_enrolment(session: Session, device_id: str) -> None:
    session.audit.append("enroll", detail=device_id)


def status(session: Session) -> SyncStatus:
    return _state(session).status()


def enrollment_info(session: Session) -> tuple[str, str] | None:
    """(server address, user name) when this folder is enrolled."""
    enrolled = _state(session).enrollment()
    return (enrolled.server_url, enrolled.username) if enrolled else None


def enroll_device(
    session: Session,
    server_url: str,
    username: str,
    password: str,
    device_name: str,
    *,
    transport_factory: TransportFactory = app_transport,
) -> Enrolled:
    """Enroll this folder; every failure becomes an `EnrollFailed` a nurse can act on."""
    if getattr(session.config, "demo", False):
        raise EnrollFailed("other", "enroll.demo_folder")
    try:
        answer: EnrollResponse = enroll(
            _state(session),
            server_url,
            username.strip(),
            password,
            device_name.strip() or "backa-desktop",
            transport_factory=transport_factory,
        )
    except UpgradeRequired as exc:
        raise EnrollFailed.because("outdated", exc) from exc
    except AuthFailed as exc:
        if exc.detail == "too_many_attempts":
            raise EnrollFailed.because("too_many", exc) from exc
        raise EnrollFailed("wrong_password", "enroll.bad_credentials") from exc
    except InsecureServer as exc:
        raise EnrollFailed.because("address", exc) from exc
    except ServerUnavailable as exc:
        raise EnrollFailed("unreachable", "enroll.unreachable") from exc
    except SyncError as exc:
        if exc.key == "sync.certificate":
            raise EnrollFailed("certificate", "enroll.certificate") from exc
        raise EnrollFailed.because("other", exc) from exc
    session.audit.append("enroll", detail=answer.device_id)
    adopt_identity(session, answer)
    return Enrolled(answer.display_name, answer.user_id, _state(session).get("server_url") or "")


def adopt_identity(session: Session, answer: EnrollResponse) -> None:
    """From now on "I" am the server's account: the server decides access by that id (a
    Barnkontakt assignment names it), so the inbox, authorship and "my children" must use
    it too. The local profile is copied to a staff record under that id (the directory
    then knows the name on every device) and becomes "me"; earlier records keep their author.
    """
    user_id = answer.user_id
    if session.me_id == user_id:
        return
    old = session.me()
    units = {r.id for r in session.repo.find(RecordType.UNIT)}
    known = {r.value for r in Role}
    body = {
        **old,
        "name": answer.display_name or str(old.get("name") or ""),
        "unit_id": answer.unit_id if answer.unit_id in units else old.get("unit_id"),
        # The server's roles decide what it serves; the app shows windows by them too (a
        # unit lead or log reviewer gets the log review).
        "roles": sorted(set(old.get("roles") or []) | (set(answer.roles) & known)),
    }
    with session.db.transaction():
        if session.repo.get(user_id) is None:
            session.repo.create(RecordType.STAFF, body, record_id=user_id)
        set_setting(session.db, ME_KEY, user_id)
    session.me_id = user_id
    session.repo.actor = user_id
    session.audit.actor = user_id


def _child_names(session: Session) -> dict[str, str]:
    """Names for the notices of children removed from the laptop, taken before a sync (the
    child is gone after it). A child with protected identity gets none, so the notice says
    "Ett barn": a notice is read outside the child's own screen."""
    names = session.child_index.names()
    for child_id in session.child_index.protected_ids():
        names[child_id] = ""
    return names


def _inbox_keys(items: list[inbox_service.InboxItem]) -> set[tuple[str, str]]:
    return {(i.kind, i.record_id) for i in items}


class SessionSteps(Protocol):
    """Runs one step that needs the open database, where the session's connection lives,
    and returns its result; raises when the session is gone (the app was locked)."""

    def __call__(self, step: Callable[[Session], T]) -> T: ...


class _ReplicaSteps:
    """The engine's local steps, each run as a session step on the folder's sync state."""

    def __init__(self, on_db: SessionSteps) -> None:
        self.on_db = on_db

    def __call__(self, step: Callable[[Replica], T]) -> T:
        return self.on_db(lambda session: step(_state(session)))


@dataclass(frozen=True)
class _Before:
    server_url: str
    inbox: set[tuple[str, str]]
    names: dict[str, str]


def _before(session: Session, directory: Directory) -> _Before | None:
    enrolled = _state(session).enrollment()
    if enrolled is None:
        return None
    return _Before(
        enrolled.server_url,
        _inbox_keys(inbox_service.inbox(session, directory)),
        _child_names(session),
    )


def _after(
    session: Session, directory: Directory, before: _Before, report: SyncReport
) -> SyncOutcome:
    notices = [
        PurgeNotice(child_id, before.names.get(child_id, ""), utc_now())
        for child_id in report.purged
    ]
    if notices:
        _save_notices(session, [*purge_notices(session), *notices])
    after = inbox_service.inbox(session, directory)
    return SyncOutcome(
        report=report,
        status=_state(session).status(),
        new_inbox=[i for i in after if (i.kind, i.record_id) not in before.inbox],
        purged=notices,
        conflicts=len(report.conflicts),
    )


def run_sync(
    session: Session,
    directory: Directory,
    *,
    transport: Transport | None = None,
    progress: Callable[[str, SyncReport], None] | None = None,
    page_size: int = MAX_PULL_PAGE,
) -> SyncOutcome:
    """One sync, all of it on the calling thread. Raises `SyncError` (with the Swedish
    message stored as the last error), or `NotEnrolled` when the folder is not enrolled."""
    outcome = sync_in_steps(
        lambda step: step(session),
        directory,
        transport_factory=(lambda _url: transport) if transport is not None else None,
        close_transport=transport is None,
        progress=progress,
        page_size=page_size,
    )
    if outcome is None:
        raise NotEnrolled("sync.not_enrolled")
    return outcome


def sync_in_steps(
    on_db: SessionSteps,
    directory: Directory,
    *,
    transport_factory: TransportFactory | None = None,
    close_transport: bool = True,
    progress: Callable[[str, SyncReport], None] | None = None,
    page_size: int = MAX_PULL_PAGE,
) -> SyncOutcome | None:
    """One sync from a thread that does not own the database: every database step goes
    through `on_db` (short local transactions), every request waits here. None when the
    folder is not enrolled. When `on_db` raises (the app was locked meanwhile) the sync
    stops and whatever answer was in hand is dropped; the next sync picks it up again,
    because pushes are idempotent and the cursor moves only with an applied page."""
    before = on_db(lambda session: _before(session, directory))
    if before is None:
        return None
    transport = (transport_factory or app_transport)(before.server_url)
    try:
        client = SyncClient(
            transport=transport,
            local=_ReplicaSteps(on_db),
            page_size=page_size,
            progress=progress,
        )
        report = client.sync()
    finally:
        if close_transport:  # a caller's transport (kept open across syncs) is theirs
            transport.close()
    return on_db(lambda session: _after(session, directory, before, report))


# -- purge notices ---------------------------------------------------------------------------
def purge_notices(session: Session) -> list[PurgeNotice]:
    raw = get_setting(session.db, PURGE_NOTICES_KEY)
    if not raw:
        return []
    return [PurgeNotice(**item) for item in json.loads(raw)]


def _save_notices(session: Session, notices: list[PurgeNotice]) -> None:
    with session.db.transaction():
        set_setting(session.db, PURGE_NOTICES_KEY, json.dumps([n.__dict__ for n in notices]))


def dismiss_purge_notice(session: Session, child_id: str) -> None:
    """The user has read it: the child's name leaves the device too."""
    _save_notices(session, [n for n in purge_notices(session) if n.child_id != child_id])


# -- conflicts -------------------------------------------------------------------------------
def _who(directory: Directory, side: dict[str, Any], me: str, my_name: str) -> str:
    author = str(side.get("author") or "")
    if author and author == me:
        return my_name
    return directory.staff_name(author) or author


def open_conflicts(session: Session, directory: Directory) -> list[ConflictItem]:
    """Unresolved conflicts on records this device holds, oldest first. A child with
    protected identity is not named (the conflict notice says "barnet")."""
    conflicts = [r for r in session.repo.find(RecordType.CONFLICT) if not r.body.get("resolved")]
    children = session.child_index.summaries({r.child_id or "" for r in conflicts})
    names = {cid: "" if c.protected_identity else c.display_name for cid, c in children.items()}
    me = session.me_id
    my_name = str(session.me().get("name") or "")
    out: list[ConflictItem] = []
    for record in conflicts:
        body = record.body
        target = session.repo.get(str(body.get("record_id")))
        if target is None or target.deleted:
            continue
        kept = dict(body.get("kept") or {})
        incoming = dict(body.get("incoming") or {})
        name = str(body.get("field", ""))
        out.append(
            ConflictItem(
                conflict_id=record.id,
                record_id=target.id,
                record_type=target.type.value,
                child_id=record.child_id,
                child_name=names.get(record.child_id or "", ""),
                field=name,
                kept_value=kept.get("value"),
                kept_present=bool(kept.get("present", True)),
                kept_who=_who(directory, kept, me, my_name),
                kept_at=str(kept.get("at") or ""),
                incoming_value=incoming.get("value"),
                incoming_present=bool(incoming.get("present", True)),
                incoming_who=_who(directory, incoming, me, my_name),
                incoming_at=str(incoming.get("at") or ""),
                current_value=target.body.get(name),
            )
        )
    return out


def conflict_inbox_items(session: Session, directory: Directory) -> list[inbox_service.InboxItem]:
    """The open conflicts as inbox rows, so they are in the list with the day's other work:
    `who` carries the record type and `text` the field, which the inbox words as the
    conflict dialog does."""
    return [
        inbox_service.InboxItem(
            inbox_service.CONFLICT,
            c.conflict_id,
            c.child_id,
            c.child_name,
            (c.incoming_at or c.kept_at)[:10],
            who=c.record_type,
            text=c.field,
        )
        for c in open_conflicts(session, directory)
    ]


def inbox_with_conflicts(
    session: Session, directory: Directory
) -> list[inbox_service.InboxItem]:
    conflicts = inbox_service.mark_protected(session, conflict_inbox_items(session, directory))
    return [*conflicts, *inbox_service.inbox(session, directory)]


def resolve_conflict(session: Session, conflict_id: str, value: Any) -> None:
    """Write the chosen (or merged) value as a normal edit and mark the conflict resolved;
    both changes go up with the next sync."""
    conflict = session.repo.require(conflict_id)
    if conflict.type != RecordType.CONFLICT:
        raise ValueError("not a conflict record")
    body = dict(conflict.body)
    name = str(body["field"])
    with session.db.transaction():
        target = session.repo.require(str(body["record_id"]))
        new_body = dict(target.body)
        new_body[name] = value
        session.repo.update(target.id, new_body, audit_action="resolve_conflict")
        body.update(
            {
                "resolved": True,
                "resolution": {"value": value, "by": session.me_id, "at": utc_now()},
            }
        )
        session.repo.update(conflict_id, body, audit_action="resolve_conflict")


# -- refused changes -------------------------------------------------------------------------
def refused_changes(session: Session) -> list[RefusedChange]:
    """My changes the server refused, one row per record (its oldest refused change says
    why), oldest first. A child with protected identity is not named."""
    entries = _state(session).failed()
    first: dict[str, OutboxEntry] = {}
    for entry in entries:
        first.setdefault(entry.record.id, entry)
    children = session.child_index.summaries({e.child_id or "" for e in first.values()})
    names = {cid: "" if c.protected_identity else c.display_name for cid, c in children.items()}
    out: list[RefusedChange] = []
    for entry in first.values():
        stored = (entry.last_error or "").removeprefix(REJECTED_PREFIX)
        out.append(
            RefusedChange(
                record_id=entry.record.id,
                record_type=entry.record.type.value,
                child_id=entry.child_id,
                child_name=names.get(entry.child_id or "", ""),
                reason=Message.decode(stored),
                attempts=entry.attempts,
            )
        )
    return out


def retry_refused(session: Session, record_id: str) -> int:
    """Send the record's refused changes again at the next sync (after access was granted,
    or the Barnkontakt was asked). Returns how many changes were put back in line."""
    return _state(session).retry_failed(record_id)


def discard_refused(session: Session, record_id: str) -> int:
    """Give up the record's refused changes; the server's version comes back at the next
    sync (a record the server never had is gone). Audited, ids only."""
    with session.db.transaction():
        count = _state(session).discard_failed(record_id)
        if count:
            session.audit.append("discard_refused", record_id=record_id, detail=str(count))
    return count
