"""What a use case changed, worked out from what its committed writes touched (a real
encrypted folder): the kinds the screens ask about, rolled-back work forgotten, and a bulk
write that names "every child" instead of listing thousands."""

from __future__ import annotations

from pathlib import Path

import pytest

from backa_desktop.domain.records import RecordType
from backa_desktop.services import inbox
from backa_desktop.services.changes import Changes, take_changes
from backa_desktop.services.vault import Session
from backa_desktop.store.journal import MAX_CHILD_IDS, Touched
from tests.services.workflow_helpers import PASSPHRASE, Folder, make_folder


@pytest.fixture
def session(tmp_path: Path) -> tuple[Folder, Session]:
    folder = make_folder(tmp_path / "data")
    return folder, folder.vault.unlock(PASSPHRASE)


def _note(child: str) -> dict[str, str]:
    return {"child_id": child, "happened_on": "2026-01-05", "text": "Fiktiv händelse."}


def test_a_write_names_its_kind_and_child_and_a_read_names_nothing(
    session: tuple[Folder, Session],
) -> None:
    folder, s = session
    with s:
        take_changes(s)  # what opening wrote
        s.repo.find(RecordType.NOTE, child_id=folder.child)
        assert not take_changes(s)
        s.repo.create(RecordType.NOTE, _note(folder.child), child_id=folder.child)
        changes = take_changes(s)
        assert changes.record_types == {RecordType.NOTE}
        assert changes.about(folder.child) and not changes.about("another-child")
        assert changes.inbox and changes.sync_status  # notes feed the inbox; outbox grew
        assert not (changes.children or changes.plans or changes.consents or changes.drafts)
        assert not take_changes(s)  # taken once


def test_rolled_back_work_changed_nothing(session: tuple[Folder, Session]) -> None:
    folder, s = session
    with s:
        take_changes(s)
        with pytest.raises(RuntimeError), s.db.transaction():
            s.repo.create(RecordType.NOTE, _note(folder.child), child_id=folder.child)
            raise RuntimeError("avbrutet")
        assert take_changes(s) == Changes()


def test_settings_and_drafts_reach_the_screens_that_show_them(
    session: tuple[Folder, Session],
) -> None:
    folder, s = session
    with s:
        take_changes(s)
        inbox.acknowledge(s, "some-record")
        acked = take_changes(s)
        assert acked.inbox and not acked.sync_notices and not acked.record_types
        s.drafts.save("plan:x", {"reason": "utkast"}, child_id=folder.child)
        drafted = take_changes(s)
        assert drafted.drafts and drafted.about(folder.child)
        assert not (drafted.inbox or drafted.children or drafted.sync_status)


def test_a_bulk_write_names_every_child() -> None:
    touched = Touched()
    for n in range(MAX_CHILD_IDS + 1):
        touched.add_child(f"child-{n}")
    assert touched.child_ids is None
    merged = Changes(child_ids=frozenset({"a"})) | Changes(child_ids=None)
    assert merged.child_ids is None and merged.about("any child at all")
