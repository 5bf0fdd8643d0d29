"""What a use case changed, in the terms the screens care about.

Every unit of database work ends by taking what its committed writes touched from the
store's journal (`take_changes`). The front end passes the value to every open screen, and
each screen refreshes itself when the change concerns it: the child list when a child was
added, edited or removed, a child's overview and windows when that child's records changed,
the inbox when anything it is built from changed, the status bar when the outbox did. So no
use case lists the screens to refresh, and a screen added later needs no caller to know it.

The kinds are worked out from what was written, not declared by each service (the same way
Anki's `OpChanges` is), so a service cannot forget one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from backa_desktop.domain.records import RecordType
from backa_desktop.store.journal import DRAFTS, OUTBOX, SYNC_META, Touched

if TYPE_CHECKING:  # vault imports the store; only the type is needed here
    from backa_desktop.services.vault import Session

# Settings are named by prefix: "inbox.*" is the inbox's reading state (acknowledged items),
# "sync.*" the sync's notices (children removed from this device).
INBOX_SETTINGS = "inbox."
SYNC_SETTINGS = "sync."

CHILD_LIST_TYPES = frozenset({RecordType.CHILD, RecordType.BARNKONTAKT, RecordType.DECISION})
"""What the child list shows: names, unit, status, Barnkontakt and follow-up date."""
INBOX_TYPES = frozenset(
    {
        RecordType.CHILD,
        RecordType.BARNKONTAKT,
        RecordType.TEAM,
        RecordType.FORM_RESPONSE,
        RecordType.DECISION,
        RecordType.PLAN,
        RecordType.PLAN_ACTION,
        RecordType.NOTE,
        RecordType.NOTICE,
    }
)
"""What the inbox is built from: cards, decisions, notes, plan tasks, the central store's
notices, whose child it is."""
_RECORD_TYPES = frozenset(t.value for t in RecordType)


@dataclass(frozen=True)
class Changes:
    record_types: frozenset[RecordType] = frozenset()
    child_ids: frozenset[str] | None = frozenset()
    """Children whose records or drafts changed; None: too many to list, so every child."""
    purged: frozenset[str] = frozenset()
    """Children removed from this device (their access ended)."""
    settings: frozenset[str] = frozenset()
    drafts: bool = False
    outbox: bool = False
    sync_meta: bool = False

    def __bool__(self) -> bool:
        return bool(
            self.record_types or self.purged or self.settings or self.drafts or self.outbox
            or self.sync_meta
        )

    def __or__(self, other: Changes) -> Changes:
        children = (
            None if self.child_ids is None or other.child_ids is None
            else self.child_ids | other.child_ids
        )
        return Changes(
            record_types=self.record_types | other.record_types,
            child_ids=children,
            purged=self.purged | other.purged,
            settings=self.settings | other.settings,
            drafts=self.drafts or other.drafts,
            outbox=self.outbox or other.outbox,
            sync_meta=self.sync_meta or other.sync_meta,
        )

    def about(self, child_id: str | None) -> bool:
        """Did anything of this child change (a record, a draft, or the child is gone)?"""
        if not child_id:
            return False
        if child_id in self.purged:
            return True
        return self.child_ids is None or child_id in self.child_ids

    def _any(self, *types: RecordType) -> bool:
        return not self.record_types.isdisjoint(types)

    @property
    def children(self) -> bool:
        """The child list: a child added, edited, removed, or its Barnkontakt or status."""
        return bool(self.purged) or self._any(*CHILD_LIST_TYPES)

    @property
    def inbox(self) -> bool:
        return (
            bool(self.purged)
            or self._any(*INBOX_TYPES)
            or any(k.startswith(INBOX_SETTINGS) for k in self.settings)
        )

    @property
    def plans(self) -> bool:
        return self._any(RecordType.PLAN, RecordType.PLAN_ACTION)

    @property
    def teams(self) -> bool:
        return self._any(RecordType.TEAM, RecordType.BARNKONTAKT)

    @property
    def consents(self) -> bool:
        return self._any(RecordType.CONSENT)

    @property
    def orosanmalan(self) -> bool:
        return self._any(RecordType.OROSANMALAN)

    @property
    def sync_notices(self) -> bool:
        """Conflicts to resolve, or notices of children removed from this device."""
        return self._any(RecordType.CONFLICT) or any(
            k.startswith(SYNC_SETTINGS) for k in self.settings
        )

    @property
    def sync_status(self) -> bool:
        """What the status bar counts: changes waiting to be sent, the last sync."""
        return self.outbox or self.sync_meta


def from_touched(touched: Touched) -> Changes:
    types = frozenset(RecordType(t) for t in touched.topics if t in _RECORD_TYPES)
    return Changes(
        record_types=types,
        child_ids=None if touched.child_ids is None else frozenset(touched.child_ids),
        purged=frozenset(touched.purged),
        settings=frozenset(touched.settings),
        drafts=DRAFTS in touched.topics,
        outbox=OUTBOX in touched.topics,
        sync_meta=SYNC_META in touched.topics,
    )


def take_changes(session: Session) -> Changes:
    """What the work done on this session since the last call changed (and forget it)."""
    return from_touched(session.db.journal.take())
