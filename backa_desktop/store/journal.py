"""What the committed writes of one unit of work touched: which kinds of thing, and whose.

Every write path of the store notes here what it wrote (a record's type and the child it
belongs to, a draft, the outbox, a setting's key), so the services can say what a use case
changed without each of them declaring it by hand, and none can forget (Anki's `OpChanges`
is worked out the same way, from what the operation wrote). Notes made inside a transaction
count only once it commits: a rolled-back write changed nothing anyone could see.

The child ids are capped: a bulk load or a first sync touches thousands of children, and a
screen asking "does this concern my child?" gets the same answer from "all of them".
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_CHILD_IDS = 1000
"""Above this many children touched, the journal says "every child" instead of listing them."""

DRAFTS = "drafts"
OUTBOX = "outbox"
SYNC_META = "sync_meta"
SETTINGS = "settings"
"""Topics beside the record types (whose `RecordType` values are topics too)."""


@dataclass
class Touched:
    topics: set[str] = field(default_factory=set)
    child_ids: set[str] | None = field(default_factory=set)
    """Children whose records or drafts were written; None: more than MAX_CHILD_IDS."""
    purged: set[str] = field(default_factory=set)
    """Children removed from this device altogether (access ended)."""
    settings: set[str] = field(default_factory=set)
    """Keys of the settings written."""

    def __bool__(self) -> bool:
        return bool(self.topics or self.purged)

    def add_child(self, child_id: str) -> None:
        if self.child_ids is not None:
            self.child_ids.add(child_id)
            if len(self.child_ids) > MAX_CHILD_IDS:
                self.child_ids = None

    def merge(self, other: Touched) -> None:
        self.topics |= other.topics
        self.purged |= other.purged
        self.settings |= other.settings
        if other.child_ids is None:
            self.child_ids = None
        else:
            for child_id in other.child_ids:
                self.add_child(child_id)


class ChangeJournal:
    """Owned by the `Database`, which tells it when a transaction begins and ends."""

    def __init__(self) -> None:
        self._done = Touched()
        self._open: Touched | None = None

    def _target(self) -> Touched:
        return self._open if self._open is not None else self._done

    def note(self, topic: str, child_id: str | None = None) -> None:
        target = self._target()
        target.topics.add(topic)
        if child_id:
            target.add_child(child_id)

    def note_setting(self, key: str) -> None:
        target = self._target()
        target.topics.add(SETTINGS)
        target.settings.add(key)

    def note_purged(self, child_id: str) -> None:
        self._target().purged.add(child_id)

    def begin(self) -> None:
        self._open = Touched()

    def commit(self) -> None:
        if self._open is not None:
            self._done.merge(self._open)
        self._open = None

    def rollback(self) -> None:
        self._open = None

    def take(self) -> Touched:
        """What committed since the last take, and start afresh."""
        done, self._done = self._done, Touched()
        return done
