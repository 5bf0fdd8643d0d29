"""The sync engine on the laptop (Qt-free).

One `sync()` = push the outbox in batches, then pull pages since the cursor. The engine
interleaves short local steps (read an outbox batch, acknowledge the answer, apply a page) with
network steps — the next request already out while the local step before it runs — and runs
the local ones through a `LocalSteps` runner: inline for the command line, on the database
owner thread in the app, whose requests wait on a worker thread so the app stays usable during
a sync on a slow network (see sync/replica.py). Every local step is
committed before the next one starts and every request can be repeated safely (change
ids make pushes idempotent; the cursor is stored with the page it belongs to), so a sync cut
off anywhere — network gone, laptop closed, server restarted — resumes with no duplicate and no
loss by simply running `sync()` again.

Transport (sync/transport.py): HTTPS with certificate checks; plain HTTP only to this machine
(loopback), which is what tests and a local pilot use. The device token lives in the encrypted
database; access tokens live only in memory.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial

from backa_desktop.domain.errors import RAW_TEXT, Message
from backa_desktop.domain.records import Record, utc_now
from backa_desktop.domain.statistics import StatisticsReport, StatisticsRequest
from backa_desktop.sync.protocol import (
    CHAIN_REFUSED,
    MAX_AUDIT_BATCH,
    MAX_PULL_PAGE,
    MAX_PUSH_BATCH,
    AuditEventWire,
    AuditPush,
    AuditPushResponse,
    ChangeStatus,
    EnrollRequest,
    EnrollResponse,
    PulledRecord,
    PullPage,
    PullRequest,
    PushResponse,
    PushResult,
    RefusalCode,
    TokenRequest,
    TokenResponse,
)
from backa_desktop.sync.replica import (
    LAST_ERROR_KEY,
    LAST_SYNC_KEY,
    AppliedPage,
    AuditEventOut,
    Enrollment,
    Inline,
    LocalSteps,
    OutboxEntry,
    Replica,
)

# The transport and its errors live in sync/transport.py; named here too, where the engine's
# callers have always imported them from.
from backa_desktop.sync.transport import CA_BUNDLE_ENV as CA_BUNDLE_ENV
from backa_desktop.sync.transport import AuditChainRefused as AuditChainRefused
from backa_desktop.sync.transport import AuthFailed as AuthFailed
from backa_desktop.sync.transport import EncodedJson as EncodedJson
from backa_desktop.sync.transport import HttpTransport as HttpTransport
from backa_desktop.sync.transport import InsecureServer as InsecureServer
from backa_desktop.sync.transport import M as M
from backa_desktop.sync.transport import NotEnrolled as NotEnrolled
from backa_desktop.sync.transport import Payload as Payload
from backa_desktop.sync.transport import RequestRefused as RequestRefused
from backa_desktop.sync.transport import ServerUnavailable as ServerUnavailable
from backa_desktop.sync.transport import SyncError as SyncError
from backa_desktop.sync.transport import Transport as Transport
from backa_desktop.sync.transport import UpgradeRequired as UpgradeRequired
from backa_desktop.sync.transport import check_server_url as check_server_url

DELETED_FIELD = "@deleted"

APPLY_CHUNK = 500
"""Records of a pulled page applied per local step. A page is fetched at the server's largest
size (fewer round trips), but the database owner thread is held only for one chunk at a time,
so a search typed during a first pull waits for one chunk, never a whole page. The cursor
moves with the page's last chunk: a sync cut off between chunks pulls the page again, and
applying a record already held is a no-op. A page that purges or redirects is applied whole
(its order matters, and a purge must not be redone). The most per step: a slow step makes
the next ones smaller (`APPLY_STEP_MS`)."""

APPLY_STEP_MS = 100.0
"""How long one local step of a long page should hold the database owner thread. Each chunk
after the first is sized from the last one's pace — records per millisecond, the wait for
the owner thread included — to take about this long, never more than `apply_chunk` records
and never fewer than `MIN_APPLY_CHUNK`: a laptop that is slow or busy applies smaller chunks
(a search typed meanwhile waits less; the pull pays a commit per chunk), a quick one keeps
`APPLY_CHUNK`."""
MIN_APPLY_CHUNK = 50

DROP_FINISHED_AFTER = timedelta(days=90)
"""A child whose support ended stays on the laptop this long after its last entry (a
follow-up, a late question from the family), then goes; the central store keeps it for its
retention period and sends it again if anything new is written about it."""


@dataclass
class SyncReport:
    pushed: int = 0
    duplicates: int = 0
    conflicts: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    pulled: int = 0
    kept_local: int = 0
    purged: list[str] = field(default_factory=list)
    disposed: int = 0
    dropped: list[str] = field(default_factory=list)
    pages: int = 0
    audit_sent: int = 0


def enroll(
    state: Replica,
    server_url: str,
    username: str,
    password: str,
    device_name: str,
    *,
    transport_factory: Callable[[str], Transport] = HttpTransport,
) -> EnrollResponse:
    """Enroll this folder with the central store and keep the device token (encrypted)."""
    url = check_server_url(server_url)
    transport = transport_factory(url)
    try:
        response = transport.call(
            "/v1/enroll",
            EnrollRequest(username=username, password=password, device_name=device_name),
            EnrollResponse,
        )
    finally:
        transport.close()
    state.save_enrollment(
        Enrollment(
            server_url=url,
            device_id=response.device_id,
            device_token=response.device_token,
            user_id=response.user_id,
            username=username,
        )
    )
    return response


ProgressCallback = Callable[[str, SyncReport], None]
"""Called after every push batch ("push") and pull page ("pull") with the running report, so
a GUI can show progress of a long first pull. It runs on the syncing thread."""


class SyncClient:
    """The engine. Local steps go through `local` (inline by default); each request runs on
    a thread of its own sync step (one at a time) while the calling thread goes on with the
    local step that does not depend on its answer — applying the page before it,
    acknowledging the batch before it — and then waits for it, so the caller still decides
    where the waiting happens."""

    def __init__(
        self,
        state: Replica | None = None,
        transport: Transport | None = None,
        *,
        local: LocalSteps | None = None,
        push_batch: int = MAX_PUSH_BATCH,
        page_size: int = MAX_PULL_PAGE,
        apply_chunk: int = APPLY_CHUNK,
        apply_step_ms: float | None = APPLY_STEP_MS,
        min_apply_chunk: int = MIN_APPLY_CHUNK,
        progress: ProgressCallback | None = None,
        drop_finished_after: timedelta | None = DROP_FINISHED_AFTER,
    ) -> None:
        """`drop_finished_after`: how long after a child's last entry, once its support has
        ended, the laptop drops the child (None: never). `apply_chunk`: records of a pulled
        page applied per local step at most, `min_apply_chunk` at least, sized to take about
        `apply_step_ms` each (None: always `apply_chunk`; see `APPLY_STEP_MS`)."""
        if local is None:
            if state is None:
                raise TypeError("SyncClient needs a replica or a way to run local steps")
            local = Inline(state)
        self.local = local
        enrollment = local(lambda r: r.enrollment())
        if enrollment is None:
            raise NotEnrolled("sync.not_enrolled_cli")
        self.enrollment = enrollment
        self.transport = transport or HttpTransport(enrollment.server_url)
        self.push_batch = max(1, min(push_batch, MAX_PUSH_BATCH))
        self.page_size = max(1, min(page_size, MAX_PULL_PAGE))
        self.apply_chunk = max(1, apply_chunk)
        self.apply_step_ms = apply_step_ms
        self.min_apply_chunk = max(1, min(min_apply_chunk, self.apply_chunk))
        self._chunk = self.apply_chunk
        """The size of the next chunk, from the last one's pace (kept from page to page)."""
        self.progress = progress
        self.drop_finished_after = drop_finished_after
        self._token: str | None = None

    def close(self) -> None:
        self.transport.close()

    # -- auth (network only) -------------------------------------------------------------
    def _access_token(self, renew: bool = False) -> str:
        if self._token is None or renew:
            answer = self.transport.call(
                "/v1/token",
                TokenRequest(device_token=self.enrollment.device_token),
                TokenResponse,
            )
            self._token = answer.access_token
        return self._token

    def _call(self, path: str, payload: Payload, model: type[M]) -> M:
        try:
            return self.transport.call(path, payload, model, self._access_token())
        except AuthFailed:
            # An access token expires after minutes; renew once. A revoked device fails again.
            return self.transport.call(path, payload, model, self._access_token(renew=True))

    # -- sync -----------------------------------------------------------------------------
    def sync(self) -> SyncReport:
        report = SyncReport()
        refused: AuditChainRefused | None = None
        try:
            self.push(report)
            try:
                self.push_audit(report)
            except AuditChainRefused as exc:
                refused = exc  # the records still go both ways; the refusal is shown after
            self.pull(report)
            if refused is not None:
                raise refused
        except SyncError as exc:
            self.local(partial(_note_error, message=exc.message.encode()))
            raise
        self.local(_note_success)
        if self.drop_finished_after is not None:
            before = (datetime.now(UTC) - self.drop_finished_after).isoformat(
                timespec="milliseconds"
            ).replace("+00:00", "Z")
            report.dropped = self.local(partial(_drop_finished, before=before))
        return report

    def push_audit(self, report: SyncReport | None = None) -> SyncReport:
        """The audit events the central store does not hold yet, in order, after the record
        push: (local) read the next events → (network) append → (local) note the head the
        server acknowledged, which `backa doctor` later compares the local chain against."""
        report = report or SyncReport()
        while True:
            events = self.local(partial(_audit_unsent, limit=MAX_AUDIT_BATCH))
            if not events:
                return report
            try:
                answer = self._call("/v1/audit", _audit_batch(events), AuditPushResponse)
            except RequestRefused as exc:
                if exc.error is not None and exc.error.code == CHAIN_REFUSED:
                    raise AuditChainRefused(exc.key, CHAIN_REFUSED, **exc.params) from exc
                raise
            last = events[-1]
            if answer.head != last.hash:
                # The server holds more of this chain than the laptop sent: the laptop's log
                # went back in time (a restored backup). Its next event will not fit and is
                # refused then; nothing to acknowledge now.
                return report
            self.local(partial(_audit_acknowledge, last=last, count=answer.count))
            report.audit_sent += answer.stored

    def push(self, report: SyncReport | None = None) -> SyncReport:
        """Batches of (local) read the outbox → (network) push → (local) acknowledge, with
        the local steps of one batch done while the next one is on the network: the answer
        to batch N is acknowledged and batch N+2 read while the server works on batch N+1.
        Only one request is out at a time and it leaves after the answer before it, so the
        server sees the batches in the order a push one batch at a time sends them, with
        the same bases (see `_read_after`)."""
        report = report or SyncReport()
        size = self.push_batch
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-push") as network:
            entries = self.local(partial(_pending, limit=size))
            answered: tuple[list[OutboxEntry], PushResponse] | None = None
            while entries:
                sent = network.submit(self._call, "/v1/push", _batch(entries), PushResponse)
                if answered is not None:
                    self._acknowledge(*answered, report)
                    answered = None
                following = self.local(
                    partial(_read_after, limit=size, after=entries[-1].seq)
                )
                try:
                    answer = sent.result()
                except ServerUnavailable as exc:
                    seqs = [e.seq for e in entries]
                    self.local(
                        partial(_note_attempt, seqs=seqs, error=exc.detail or exc.message_sv)
                    )
                    raise
                except RequestRefused as exc:
                    size = self._after_refusal(exc, entries, size, report)
                    entries = self.local(partial(_pending, limit=size))
                    continue
                answered = (entries, answer)
                entries = following
            if answered is not None:
                self._acknowledge(*answered, report)
        return report

    def _acknowledge(
        self, entries: list[OutboxEntry], answer: PushResponse, report: SyncReport
    ) -> None:
        self.local(partial(_apply_results, entries=entries, answer=answer, report=report))
        if self.progress:
            self.progress("push", report)

    def _after_refusal(
        self, exc: RequestRefused, entries: list[OutboxEntry], size: int, report: SyncReport
    ) -> int:
        """A batch the server refused as a whole: what to send next (the batch size), after
        setting aside the changes it named; or the refusal itself when nothing can be done."""
        if exc.status == 413 and size > 1:
            return max(1, size // 2)
        if exc.status == 422 and exc.error and exc.error.invalid_changes:
            by_id = {e.change_id: e for e in entries}
            bad = [
                (by_id[c.change_id], c.reason)
                for c in exc.error.invalid_changes
                if c.change_id in by_id
            ]
            if bad:
                self.local(partial(_reject, refused=bad, report=report))
                return size
        if exc.status == 422 and size > 1:
            return 1  # find the one change the server cannot read
        if exc.status == 422:
            self.local(partial(_reject, refused=[(entries[0], exc.message_sv)], report=report))
            return size
        raise exc

    def pull(self, report: SyncReport | None = None) -> SyncReport:
        """Pages of (local) read the cursor → (network) pull → (local) apply the page, with
        the next page asked for while this one is applied: the server's work on page N+1
        and the local writes of page N overlap. The page asked for ahead starts where this
        page ends, which is where applying it leaves the cursor; when applying it does
        something else (a purge waits for unsent changes, a dropped child came back) the page
        asked for ahead is dropped and the cursor read again."""
        report = report or SyncReport()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-pull") as network:
            ahead = network.submit(self._fetch, self.local(lambda r: r.cursor()))
            while True:
                page = ahead.result()
                if page.has_more:
                    ahead = network.submit(self._fetch, page.next_cursor)
                applied = self._apply(page)
                if applied is None or applied.restart:
                    if page.has_more:
                        _drop(ahead)
                    if applied is None:
                        # Access to a child ended while the user still has unsent changes to
                        # it: those go up first, then the same page is fetched again.
                        self.push(report)
                    else:  # a dropped child came back: pull it whole from the start
                        self._count(applied, report)
                    ahead = network.submit(self._fetch, self.local(lambda r: r.cursor()))
                    continue
                self._count(applied, report)
                if self.progress:
                    self.progress("pull", report)
                if not page.has_more:
                    return report

    def _fetch(self, cursor: str) -> PullPage:
        request = PullRequest(cursor=cursor, page_size=self.page_size)
        return self._call("/v1/pull", request, PullPage)

    @staticmethod
    def _count(applied: AppliedPage, report: SyncReport) -> None:
        report.pages += 1
        report.pulled += applied.written
        report.kept_local += applied.kept_local
        report.purged.extend(applied.purged)
        report.disposed += applied.disposed

    def _apply(self, page: PullPage) -> AppliedPage | None:
        """One page in one local step, or a long plain page in chunks (see `APPLY_STEP_MS`),
        each its own step and commit; only the last chunk moves the cursor."""
        plain = not (page.purge_children or page.purge_records or page.redirects)
        if not plain or len(page.records) <= self._chunk:
            return self.local(partial(_apply_page, page=page))
        total = AppliedPage()
        start = 0
        while start < len(page.records):
            end = start + self._chunk
            chunk = page.records[start:end]
            cursor = page.next_cursor if end >= len(page.records) else None
            began = time.perf_counter()
            applied = self.local(partial(_apply_chunk, records=chunk, next_cursor=cursor))
            self._pace(len(chunk), time.perf_counter() - began)
            total.written += applied.written
            total.kept_local += applied.kept_local
            if applied.restart:  # the cursor went back to the start: the rest comes again
                total.restart = True
                break
            start = end
        return total

    def _pace(self, records: int, seconds: float) -> None:
        """Size the next chunk to take about `apply_step_ms` at the pace of the last one."""
        if self.apply_step_ms is None:
            return
        per_record_ms = seconds * 1000 / max(records, 1)
        fit = self.apply_chunk if per_record_ms <= 0 else int(self.apply_step_ms / per_record_ms)
        self._chunk = max(self.min_apply_chunk, min(fit, self.apply_chunk))


# -- the local steps (each runs where the replica's connection lives) ------------------------
def _audit_unsent(replica: Replica, limit: int) -> Sequence[AuditEventOut]:
    return replica.audit_unsent(limit)


def _audit_acknowledge(replica: Replica, last: AuditEventOut, count: int) -> None:
    replica.audit_acknowledge(last, count)


def _audit_batch(events: Sequence[AuditEventOut]) -> AuditPush:
    return AuditPush(
        events=[
            AuditEventWire(
                id=e.id,
                at=e.at,
                actor=e.actor,
                device=e.device,
                action=e.action,
                record_id=e.record_id,
                child_id=e.child_id,
                detail=e.detail,
                prev_hash=e.prev_hash,
                hash=e.hash,
            )
            for e in events
        ]
    )


def _drop(ahead: Future[PullPage]) -> None:
    """Wait for a request made ahead whose answer is no longer wanted (only one request is
    out at a time), whatever it brought: a failure of it is not this sync's failure."""
    ahead.exception()


def _read_after(replica: Replica, limit: int, after: int) -> list[OutboxEntry]:
    """The batch after the one on the network (its entries are still in the outbox, so the
    bases of the records it shares with that batch come out as they will after it is
    acknowledged: the base of the record's first unsent change)."""
    return replica.pending(limit, after=after)


def _pending(replica: Replica, limit: int) -> list[OutboxEntry]:
    return replica.pending(limit)


def _note_attempt(replica: Replica, seqs: list[int], error: str) -> None:
    replica.note_attempt(seqs, error)


def _note_error(replica: Replica, message: str) -> None:
    replica.put(LAST_ERROR_KEY, message)


def _drop_finished(replica: Replica, before: str) -> list[str]:
    return replica.drop_finished_children(before)


def _note_success(replica: Replica) -> None:
    with replica.transaction():
        replica.put(LAST_SYNC_KEY, utc_now())
        replica.put(LAST_ERROR_KEY, "")


def _reject(replica: Replica, refused: list[tuple[OutboxEntry, str]], report: SyncReport) -> None:
    for entry, reason in refused:
        replica.reject(entry, reason)
        report.rejected.append((entry.change_id, reason))


KEYS_BY_REFUSAL: dict[str, str] = {
    RefusalCode.NO_ACCESS: "refused.no_access",
    RefusalCode.ALREADY_REGISTERED: "refused.already_registered",
    RefusalCode.REPORTER: "refused.reporter",
    RefusalCode.TYPE_OR_CHILD: "refused.type_or_child",
    RefusalCode.CONFLICT_RESOLUTION_ONLY: "refused.conflict_resolution_only",
    RefusalCode.SIGNED: "refused.signed",
    RefusalCode.CHANGE_ID_REUSED: "refused.change_id_reused",
}
"""The message key (`domain.error_texts`) of each refusal code the server sends."""


def refusal(code: str | None, reason: str) -> Message:
    """What the laptop keeps of a refused change (`records.sync_error`, the outbox entry):
    the server's code as a message key the app words in the user's language, or — for a
    code this version does not know, or a server that sends none — the server's own words."""
    key = KEYS_BY_REFUSAL.get(code or "")
    if key is not None:
        return Message(key)
    return Message(RAW_TEXT, {"text": reason})


def _apply_results(
    replica: Replica, entries: list[OutboxEntry], answer: PushResponse, report: SyncReport
) -> None:
    """The whole push answer in one local commit. A change the user edited again while the
    request was out keeps the new edit: `acknowledge_many` takes the server's version only
    when the record has no other unsent change."""
    by_id = {e.change_id: e for e in entries}
    acknowledged: list[tuple[OutboxEntry, Record | None, int | None]] = []
    with replica.transaction():
        for result in answer.results:
            entry = by_id.get(result.change_id)
            if entry is None:
                continue
            if result.status in (ChangeStatus.ACCEPTED, ChangeStatus.CONFLICT):
                acknowledged.append((entry, _held(entry, result), result.server_seq))
                report.pushed += 1
                report.conflicts.extend(result.conflict_ids)
            elif result.status is ChangeStatus.DUPLICATE:
                acknowledged.append((entry, _held(entry, result), result.server_seq))
                report.duplicates += 1
            else:
                reason = result.reason or "Servern tog inte emot ändringen."
                replica.reject(entry, refusal(result.reason_code, reason).encode())
                report.rejected.append((entry.change_id, reason))
        # A refused change stays in the outbox, so acknowledging after the refusals takes
        # nothing differently from acknowledging in the answer's order.
        replica.acknowledge_many(acknowledged)
    answered = {r.change_id for r in answer.results}
    missing = [e.seq for e in entries if e.change_id not in answered]
    if missing:
        raise ServerUnavailable("sync.partial_answer")


def _apply_page(replica: Replica, page: PullPage) -> AppliedPage | None:
    """Apply one page in one local transaction, or None when a child to purge still has
    unsent changes (checked in the same step, so no edit can slip in between)."""
    if page.purge_children and replica.children_with_pending(page.purge_children):
        return None
    return replica.apply_page(
        [(item.record, item.server_seq) for item in page.records],
        page.purge_children,
        page.next_cursor,
        purge_records=page.purge_records,
        redirects=page.redirects,
    )


def _apply_chunk(
    replica: Replica, records: list[PulledRecord], next_cursor: str | None
) -> AppliedPage:
    """Part of a plain page (no purges, no redirects) in one local transaction."""
    return replica.apply_page(
        [(item.record, item.server_seq) for item in records], (), next_cursor
    )


def _held(entry: OutboxEntry, result: PushResult) -> Record | None:
    """What the server now holds for an acknowledged change: its record when the answer
    carries one; the change as sent, at the server's revision, when it was stored exactly as
    sent; otherwise nothing (the next pull brings the record, or a purge)."""
    if result.record is not None:
        return result.record
    if result.revision is None or result.revision < 1:
        return None
    return entry.record.model_copy(
        update={"revision": result.revision, "base_revision": result.revision - 1}
    )


def _batch(entries: list[OutboxEntry]) -> EncodedJson:
    """The push request (`PushBatch`) for these entries, written out directly: each change's
    record is the outbox's stored JSON, put in as it is (it was validated when the change
    was written, and the server validates the whole body again). For records stored as
    `Record.model_dump_json` wrote them, the bytes are those of
    `PushBatch(...).model_dump_json()`; tests/sync/test_engine.py holds that."""
    parts = [
        '{"change_id":'
        + _JSON.encode(entry.change_id)
        + ',"record":'
        + entry.record_json
        + ',"changed_fields":'
        + _wire_fields(entry)
        + "}"
        for entry in entries
    ]
    return EncodedJson(('{"changes":[' + ",".join(parts) + "]}").encode("utf-8"))


def _wire_fields(entry: OutboxEntry) -> str:
    """The changed fields as the server reads them: "deleted" names the envelope's flag
    (`DELETED_FIELD`) unless the body has a field of that name."""
    if '"deleted"' not in entry.changed_fields_json:
        return entry.changed_fields_json
    body = json.loads(entry.record_json).get("body") or {}
    return _JSON.encode(
        [
            DELETED_FIELD if name == "deleted" and "deleted" not in body else name
            for name in entry.changed_fields
        ]
    )


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""JSON as pydantic writes it: no spaces, non-ASCII characters as they are."""


def fetch_statistics(
    enrollment: Enrollment, request: StatisticsRequest, transport: Transport | None = None
) -> StatisticsReport:
    """The anonymised statistics from the central store, with this device's credentials
    (the server decides by the account's role what it may see). Network only: it touches no
    local data, so it runs on any thread."""
    own = transport is None
    link = transport or HttpTransport(enrollment.server_url)
    try:
        token = link.call(
            "/v1/token", TokenRequest(device_token=enrollment.device_token), TokenResponse
        ).access_token
        return link.call("/v1/statistics", request, StatisticsReport, token)
    finally:
        if own:
            link.close()
