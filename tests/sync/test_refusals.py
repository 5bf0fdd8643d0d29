"""A change the server refuses reaches the nurse with its reason in the app's language: the
server gives each refusal a stable code beside its Swedish words, the laptop keeps the code,
and the sync notices list each refused change to send again or discard. A client of the
previous protocol version gets the answer it knows (no code). Real SQLCipher folders, a real
`backa-central serve` over loopback HTTP, PostgreSQL and SQLite."""

from __future__ import annotations

from pathlib import Path

import httpx

from backa_desktop.domain.errors import RAW_TEXT, Message
from backa_desktop.domain.records import RecordType
from backa_desktop.services import sync_service
from backa_desktop.sync.client import refusal
from backa_desktop.sync.protocol import PROTOCOL_HEADER, PushResponse, RefusalCode
from tests.central import builders as b
from tests.central.people import PASSWORD, People
from tests.central.support import Api, ServerProcess
from tests.sync.devices import Laptop, setup_shared_child


def test_a_refused_change_is_listed_with_its_reason_to_send_again_or_discard(
    tmp_path: Path, server: ServerProcess, people: People
) -> None:
    anna = Laptop(tmp_path / "anna", server.base_url, people.name("anna"))
    try:
        ids = setup_shared_child(anna, people.bo, people.bvc)
        note = anna.create(
            RecordType.NOTE,
            {"child_id": ids["child"], "happened_on": "2026-11-20", "text": "Signerad"},
            ids["child"],
        )
        anna.sync()
        anna.update(note.id, text="Ändrad i efterhand")  # a signed note rewritten
        report = anna.sync()
        # The command line keeps the server's Swedish words.
        assert [reason for _c, reason in report.rejected] == [
            "Signerade uppgifter kan inte ändras (text). Skapa en rättelse som en ny post."
        ]
        [refused] = sync_service.refused_changes(anna.session)
        assert (refused.record_id, refused.record_type, refused.child_id) == (
            note.id,
            "note",
            ids["child"],
        )
        assert refused.child_name == "Test Testsson"
        assert refused.reason == Message("refused.signed")
        assert refused.reason.text("en") == (
            "Signed details cannot be changed. Create a correction as a new record."
        )
        assert refused.reason.text("sv").startswith("Signerade uppgifter kan inte ändras")

        # Sent again: back in line, refused again at the next sync, and still kept.
        assert sync_service.retry_refused(anna.session, note.id) == 1
        assert (anna.state.status().pending, anna.state.status().failed) == (1, 0)
        assert sync_service.refused_changes(anna.session) == []
        anna.sync()
        [again] = sync_service.refused_changes(anna.session)
        assert again.reason == Message("refused.signed") and again.attempts == 2
        assert anna.records()[note.id].body["text"] == "Ändrad i efterhand"

        # Discarded: gone from the list, audited, and the server's version comes back.
        assert sync_service.discard_refused(anna.session, note.id) == 1
        assert sync_service.refused_changes(anna.session) == []
        events = anna.session.db.query(
            "SELECT action, record_id FROM audit_events WHERE action = 'discard_refused'"
        )
        assert [tuple(e) for e in events] == [("discard_refused", note.id)]
        anna.sync()
        assert anna.records()[note.id].body["text"] == "Signerad"
        assert anna.state.status().failed == 0
    finally:
        anna.close()


def test_a_reason_without_a_known_code_is_shown_as_the_server_wrote_it() -> None:
    """A newer server's code this version does not know, or an older server's answer without
    one: the server's own words are kept rather than lost."""
    assert refusal("a_code_from_the_future", "Nytt skäl.") == Message(
        RAW_TEXT, {"text": "Nytt skäl."}
    )
    assert refusal(None, "Gammalt skäl.").text("en") == "Gammalt skäl."
    stored_by_an_older_version = "Du har inte behörighet att ändra uppgifter om det här barnet."
    assert Message.decode(stored_by_an_older_version).text("en") == stored_by_an_older_version
    for code in RefusalCode:
        assert refusal(code.value, "x").key == f"refused.{code.value}"


def test_a_previous_protocol_client_gets_the_answer_it_knows(
    server: ServerProcess, people: People, api: Api
) -> None:
    anna = api.login(people.name("anna"), PASSWORD)
    cecilia = api.login(people.name("cecilia"), PASSWORD)
    child = b.child(anna.user_id)
    assert anna.push([b.change(child)]).status_code == 200
    note = b.note(child.id, "gissning", author=cecilia.user_id)
    answers = {}
    for version in ("2", "3"):
        answer = httpx.post(
            server.base_url + "/v1/push",
            json={"changes": [b.change(note)]},
            headers={PROTOCOL_HEADER: version, **cecilia.auth},
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        answers[version] = answer.json()["results"][0]
    assert "reason_code" not in answers["2"]
    assert answers["2"]["reason"] == answers["3"]["reason"]
    assert answers["3"]["reason_code"] == RefusalCode.NO_ACCESS.value
    # This version's models read both.
    for version in ("2", "3"):
        PushResponse.model_validate({"results": [answers[version]]})
