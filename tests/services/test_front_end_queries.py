"""The service functions the desktop UI and the CLI use instead of reading the store through
the session: each reads or writes what the screen did before, audit events included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backa_desktop.domain.records import RecordType
from backa_desktop.services import children, documents, overview, sync_service
from tests.services.workflow_helpers import PASSPHRASE, Folder, filled, make_folder, registry


@pytest.fixture
def folder(tmp_path: Path) -> Folder:
    return make_folder(tmp_path / "f")


def test_reading_a_saved_response_is_audited_and_names_the_child(folder: Folder) -> None:
    definition = next(f for f in registry().released_forms() if f.id == "upptackarkort")
    response = filled(definition, folder.child, person=folder.upptackare, unit=folder.unit)
    with folder.vault.unlock(PASSPHRASE) as s:
        record = s.repo.create(
            RecordType.FORM_RESPONSE, response.model_dump(mode="json"), child_id=folder.child
        )
        before = len(s.audit.events(child_id=folder.child))
        reading = overview.read_response(s, record.id)
        events = s.audit.events(child_id=folder.child)
        assert overview.record_kind(s, record.id) == "form_response"
        assert overview.record_kind(s, folder.child) == "child"
    assert reading.record_id == record.id and reading.child_id == folder.child
    assert reading.child_name == "Sixten Testsson"
    assert reading.response.answers == response.answers
    assert [e.action for e in events[before:]] == ["read"]
    assert events[-1].record_id == record.id


def test_the_child_dialog_gets_the_stored_profile(folder: Folder) -> None:
    with folder.vault.unlock(PASSPHRASE) as s:
        body = children.child_body(s, folder.child)
        with pytest.raises(KeyError):
            children.child_body(s, "no-such-child")
    assert body["given_names"] == "Sixten" and body["family_name"] == "Testsson"


def test_a_preview_sent_to_a_printer_is_audited_as_a_printout(folder: Folder) -> None:
    with folder.vault.unlock(PASSPHRASE) as s:
        documents.audit_sent_to_printer(s, folder.child, documents.DocumentKind.PLAN)
        [event] = [e for e in s.audit.events(child_id=folder.child) if e.action == "print"]
    assert event.record_id == folder.child
    assert json.loads(event.detail or "{}") == {"document": "plan", "printer": True}


def test_the_cli_enrolment_bookkeeping(folder: Folder) -> None:
    with folder.vault.unlock(PASSPHRASE) as s:
        assert sync_service.sync_state(s).enrollment() is None
        sync_service.audit_enrolment(s, "device-1")
        [event] = [e for e in s.audit.events() if e.action == "enroll"]
    assert event.detail == "device-1"
