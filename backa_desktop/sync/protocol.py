"""The sync wire protocol shared by the desktop client and the central store.

One module, imported by both sides, so a field renamed on one side cannot silently drift from
the other. Every request carries `PROTOCOL_HEADER`; the server answers a client older than
`MIN_PROTOCOL_VERSION` with HTTP 426 and a Swedish message, because a nurse cannot act on a
traceback but can act on "uppdatera appen".

The shape of a sync (DESIGN.md §7):

- `POST /v1/enroll` once per laptop: user name + password -> a revocable device token.
- `POST /v1/token`: device token -> a short-lived access token (bearer) for the calls below.
- `POST /v1/push`: a batch of outbox changes, each with a client change id (idempotent), the
  record with its `base_revision`, and the body fields the edit touched.
- `POST /v1/pull`: changes since an opaque cursor, one page at a time, filtered to what the
  caller may see, plus the children the device must purge.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from backa_desktop.domain.limits import MAX_BODY_BYTES as MAX_BODY_BYTES  # re-exported
from backa_desktop.domain.records import Record

PROTOCOL_VERSION = 3
"""The version this code speaks. Version 2: a plain accept answers with the revision and no
body, so a version-1 client (whose models reject the new field) is sent 426 instead.
Version 3: a refused change carries `reason_code`; a version-2 client (whose models reject
the new field) is answered without it and still reads the Swedish `reason`."""

REASON_CODE_VERSION = 3
"""The first client version whose push answers carry `PushResult.reason_code`."""

MIN_PROTOCOL_VERSION = 2
"""The oldest client version the server still serves; older ones get 426."""

PROTOCOL_HEADER = "Backa-Protocol"

MAX_PUSH_BATCH = 500
"""Changes per push request; more is refused with 422 so one request stays a bounded unit."""

MAX_PULL_PAGE = 2000
DEFAULT_PULL_PAGE = 500

MAX_REQUEST_BYTES = 16 * 1024 * 1024
"""Request bodies above this are refused with 413 before they are parsed."""

# One record body (as JSON) may not exceed MAX_BODY_BYTES; a form with attachments does not
# belong here. The number lives in domain.limits so the laptop refuses the same bodies when
# they are written (else an oversized note failed every sync for ever).

UPGRADE_MESSAGE_SV = (
    "Den här versionen av Backa Desktop är för gammal för den centrala servern. "
    "Uppdatera appen och försök igen. Inget av det du har sparat går förlorat."
)
UPGRADE_MESSAGE_EN = (
    "This version of Backa Desktop is too old for the central server. "
    "Please update the app and try again. Nothing you saved is lost."
)


class _Wire(BaseModel):
    """Wire models reject unknown fields: a typo in a client must fail loudly, not be ignored."""

    model_config = ConfigDict(extra="forbid")


class InvalidChange(_Wire):
    """Which change of a refused push batch was wrong, so a client can set that one aside
    (mark it failed) and send the rest instead of retrying a poisoned batch forever."""

    change_id: str
    reason: str


class ErrorBody(_Wire):
    """Every 4xx the server raises on purpose carries this: a stable code for programs and a
    message in Swedish for people."""

    code: str
    message: str
    message_sv: str
    invalid_changes: list[InvalidChange] = Field(default_factory=list)


class EnrollRequest(_Wire):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1024)
    device_name: str = Field(min_length=1, max_length=200)


class EnrollResponse(_Wire):
    device_id: str
    device_token: str
    user_id: str
    """The user's staff id: use it as `Record.author` and in team/Barnkontakt bodies."""
    display_name: str
    roles: list[str]
    unit_id: str | None
    protocol_version: int = PROTOCOL_VERSION


class TokenRequest(_Wire):
    device_token: str = Field(min_length=1, max_length=200)


class TokenResponse(_Wire):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 (a scheme name, not a secret)
    expires_at: str
    expires_in: int


class PushChange(_Wire):
    change_id: str = Field(min_length=1, max_length=64)
    record: Record
    changed_fields: list[str] | None = None
    """Top-level body keys the edit changed (plus "deleted" for the flag). None lets the
    server work it out by comparing with the base revision."""


class PushBatch(_Wire):
    changes: list[PushChange] = Field(max_length=MAX_PUSH_BATCH)


class ChangeStatus(StrEnum):
    ACCEPTED = "accepted"
    """Stored; `server_seq` is its place in the global order."""
    DUPLICATE = "duplicate"
    """This change id was stored before with the same payload: nothing done again."""
    MISMATCH = "mismatch"
    """This change id was stored before with a different payload (code 409): a client bug."""
    CONFLICT = "conflict"
    """Stored, but a field was also changed elsewhere from the same base: conflict records
    (`conflict_ids`) hold both values until someone resolves them."""
    REJECTED = "rejected"
    """Not stored (not allowed, or a signed record changed); `reason` says why."""


class RefusalCode(StrEnum):
    """Why a change was refused, as a stable code (`PushResult.reason_code`): the app words
    it in the user's language (`domain.error_texts`, key `sync.refused.<code>`), while
    `reason` keeps the server's Swedish words for older clients and the command line."""

    NO_ACCESS = "no_access"
    ALREADY_REGISTERED = "already_registered"
    REPORTER = "reporter"
    TYPE_OR_CHILD = "type_or_child"
    CONFLICT_RESOLUTION_ONLY = "conflict_resolution_only"
    SIGNED = "signed"
    CHANGE_ID_REUSED = "change_id_reused"


class PushResult(_Wire):
    change_id: str
    status: ChangeStatus
    code: int
    server_seq: int | None = None
    record: Record | None = None
    """The server's record after a merge or a conflict, when the caller may still see it:
    what the device should now hold. Absent for a plain accept (see `revision`) and for a
    record the caller may no longer see."""
    revision: int | None = None
    """For a change stored exactly as sent: the revision the server gave it, so the device
    keeps its own copy and moves only the revision on."""
    conflict_ids: list[str] = Field(default_factory=list)
    reason: str | None = None
    reason_code: str | None = Field(default=None, max_length=64)
    """A `RefusalCode` (a plain string, so a code added later does not break a client that
    does not know it: it shows `reason`). Sent to clients of `REASON_CODE_VERSION` on."""


class PushResponse(_Wire):
    results: list[PushResult]


class PullRequest(_Wire):
    cursor: str = Field(default="0", max_length=64)
    page_size: int = Field(default=DEFAULT_PULL_PAGE, ge=1, le=MAX_PULL_PAGE)


class PulledRecord(_Wire):
    record: Record
    server_seq: int


class PullPage(_Wire):
    """Apply in one local transaction: first follow `redirects`, then purge `purge_children`
    (after pushing own unsent changes for them) and delete `purge_records`, then write
    `records`, then store `next_cursor`."""

    records: list[PulledRecord]
    purge_children: list[str] = Field(default_factory=list)
    purge_records: list[str] = Field(default_factory=list)
    """Records removed from the central store by a disposal decision (gallring): delete
    them with their revisions and unsent edits, whatever is pending. Sent only when there are
    some, so the answer is unchanged for every other page."""
    redirects: dict[str, str] = Field(default_factory=dict)
    """Children merged into another on the central store (one child per identity number):
    merged id -> surviving id. Apply before the records: move every local record, draft and
    unsent change of the merged id to the survivor, and drop the merged child's own profile.
    Sent only when there are some (a client that does not know the field refuses the page
    rather than skipping the move)."""
    next_cursor: str
    has_more: bool


class Health(_Wire):
    status: Literal["ok"] = "ok"
    protocol_version: int = PROTOCOL_VERSION
    min_protocol_version: int = MIN_PROTOCOL_VERSION


# -- the laptop's audit log on the central store -------------------------------------------------
MAX_AUDIT_BATCH = 1000
"""Audit events per `POST /v1/audit`; the client sends more in several requests."""

_Hash = Field(min_length=64, max_length=64, pattern=r"^[0-9a-f]{64}$")


class AuditEventWire(_Wire):
    """One event of a laptop's hash-chained audit log, exactly as the laptop stored it (the
    hash covers every field). Ids only: no names or identity numbers are in any field."""

    id: str = Field(min_length=1, max_length=64)
    at: str = Field(min_length=1, max_length=40)
    """When it happened on the laptop (UTC), not when it was sent: offline reads count."""
    actor: str = Field(max_length=64)
    device: str = Field(min_length=1, max_length=64)
    """The laptop folder's own device id: it names the chain."""
    action: str = Field(min_length=1, max_length=32)
    record_id: str | None = Field(default=None, max_length=64)
    child_id: str | None = Field(default=None, max_length=64)
    detail: str = Field(default="", max_length=2000)
    prev_hash: str = _Hash
    hash: str = _Hash

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        # PostgreSQL's text cannot hold a NUL character: such an event is refused as invalid
        # here (422) instead of failing in the database (500). A laptop never writes one.
        if value is not None and "\x00" in value:
            raise ValueError("a NUL character is not allowed")
        return value


class AuditPush(_Wire):
    """The next events of one laptop's chain, oldest first. The server stores them only if
    they extend the chain it already holds for that laptop (events it holds already are
    skipped, so a lost answer is simply sent again)."""

    events: list[AuditEventWire] = Field(min_length=1, max_length=MAX_AUDIT_BATCH)


class AuditPushResponse(_Wire):
    head: str
    """The hash of the last event the server now holds for this chain."""
    count: int
    """How many events of this chain the server holds."""
    stored: int
    """How many of the sent events were new."""


CHAIN_REFUSED = "audit_chain_refused"
"""The error code when a laptop's audit log no longer extends what the server holds."""


class LogReviewRequest(_Wire):
    unit_id: str = Field(min_length=1, max_length=64)
    date_from: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    date_to: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")


class ReviewUnitsRequest(_Wire):
    """Which units may I review? (No fields: the server answers from the caller's roles.)"""


class ReviewUnit(_Wire):
    id: str
    name: str


class ReviewUnits(_Wire):
    """The units the caller may review: every unit for a log reviewer, a unit lead's own."""

    units: list[ReviewUnit]


class LogFinding(_Wire):
    """One logged event a reviewer should look at (ids only)."""

    at: str
    action: str
    child_id: str | None = None
    device_id: str | None = None


class BulkFinding(_Wire):
    hour: str
    """The local clock hour (YYYY-MM-DDTHH) in which many children were read."""
    children: int


class UserReview(_Wire):
    user_id: str
    username: str
    display_name: str
    reads: int
    children_read: int
    without_relation: list[LogFinding]
    protected_identity: list[LogFinding]
    outside_hours: list[LogFinding]
    bulk: list[BulkFinding]
    prints_exports: list[LogFinding]


class LogCheckEntry(_Wire):
    id: str
    unit_id: str
    date_from: str
    date_to: str
    reviewer: str
    at: str
    outcome: Literal["ok", "findings"]
    findings: str


class LogReview(_Wire):
    unit_id: str
    unit_name: str
    date_from: str
    date_to: str
    generated_at: str
    working_hours: str
    bulk_threshold: int
    users: list[UserReview]
    checks: list[LogCheckEntry]
    """Checks already recorded for this unit (newest first)."""


class LogCheckRequest(_Wire):
    """A reviewer's record that the check was done and what was found."""

    unit_id: str = Field(min_length=1, max_length=64)
    date_from: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    date_to: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    outcome: Literal["ok", "findings"]
    findings: str = Field(default="", max_length=4000)


class LogExtractRequest(_Wire):
    child_id: str = Field(min_length=1, max_length=64)


class LogExtractEntry(_Wire):
    at: str
    action: str
    username: str
    display_name: str
    record_id: str | None = None
    device_id: str | None = None
    source: Literal["laptop", "server"]
    """Where the event was logged: on a laptop (reads, prints, edits) or by the central store
    (records served to a device and changes accepted)."""


class LogExtract(_Wire):
    child_id: str
    generated_at: str
    entries: list[LogExtractEntry]


# -- merging two children by hand (central/manual_merge.py) ---------------------------------

_Id = Field(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z._-]+$")

MERGE_UNDO_HOURS = 24
"""A merge made by hand may be undone this long after it was made."""


class MergeRequest(_Wire):
    """Child `merged_id` is to be merged into `survivor_id` (preview, or the merge itself)."""

    merged_id: str = _Id
    survivor_id: str = _Id


class MergeBarnkontakt(_Wire):
    child_id: str
    staff_id: str
    display_name: str
    unit_id: str | None = None


class MergePreview(_Wire):
    """What a merge would combine: the merged child's records that move, by type; the
    profile fields the two state differently (each becomes a conflict record on the
    survivor's profile); and both children's current Barnkontakts."""

    merged_id: str
    survivor_id: str
    records: dict[str, int]
    conflict_fields: list[str]
    barnkontakts: list[MergeBarnkontakt]


class MergeDone(_Wire):
    merge_id: str
    merged_id: str
    survivor_id: str
    at: str
    undo_until: str
    moved: int
    conflicts: int


class MergeListRequest(_Wire):
    """The merges into this child that the caller may still undo."""

    child_id: str = _Id


class MergeList(_Wire):
    merges: list[MergeDone]


class UndoMergeRequest(_Wire):
    merge_id: str = _Id


class MergeUndone(_Wire):
    merge_id: str
    merged_id: str
    survivor_id: str
    moved_back: int
