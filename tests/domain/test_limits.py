"""Every field has a ceiling, and a body the central store would refuse is refused when it is
written, with a message that says what to do (before, a note over 256 KB was saved and then
failed every sync for ever)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from backa_desktop.domain import limits
from backa_desktop.domain.bodies import BodyTooLarge, InvalidBody, validate_body
from backa_desktop.domain.people import ChildProfile
from backa_desktop.domain.records import RecordType
from backa_desktop.services.children import save_child
from backa_desktop.sync import protocol
from tests.store.helpers import PASSPHRASE, make_vault

CHILD = "201701012393"  # Skatteverket test series


def _child(**changes: object) -> dict[str, object]:
    return {"given_names": "Sixten", "family_name": "Testsson", "identity": CHILD,
            "birth_date": "2017-01-01", **changes}


def test_the_laptop_and_the_server_share_one_body_limit() -> None:
    assert protocol.MAX_BODY_BYTES is limits.MAX_BODY_BYTES == 256 * 1024


@pytest.mark.parametrize("field", ["given_names", "family_name"])
def test_a_name_longer_than_the_limit_is_refused_with_a_clear_message(field: str) -> None:
    validate_body(RecordType.CHILD, _child(**{field: "Å" * limits.NAME_MAX}))
    with pytest.raises(InvalidBody, match="för lång") as info:
        validate_body(RecordType.CHILD, _child(**{field: "Å" * 1_000_000}))
    assert field in str(info.value) and "Å" not in str(info.value)


def _note(text: str) -> dict[str, object]:
    return {"child_id": "c1", "happened_on": date(2026, 11, 23).isoformat(), "text": text}


def test_a_note_over_the_server_limit_is_refused_when_written(tmp_path: Path) -> None:
    vault, _ = make_vault(tmp_path / "data")
    with vault.unlock(PASSPHRASE) as session:
        child_id = save_child(session, ChildProfile.model_validate(_child())).id
        waiting = session.repo.pending_count()
        fits = "Ord. " * 15_000  # 75 kB: a long note is fine
        session.repo.create(RecordType.NOTE, {**_note(fits), "child_id": child_id},
                            child_id=child_id)
        # under the per-field limit (100,000 characters) but over 256 kB as UTF-8
        too_big = "åäö " * 24_000  # 96,000 characters, 168 kB; twice that is over 256 kB
        body = {**_note(too_big), "child_id": child_id, "source": "x",
                "extra_text": too_big}
        with pytest.raises(BodyTooLarge, match="256 kB") as info:
            session.repo.create(RecordType.NOTE, body, child_id=child_id)
        assert "Ingenting sparades" in str(info.value)
        assert session.repo.pending_count() == waiting + 1  # only the note that fits
        with pytest.raises(InvalidBody, match="för lång"):
            session.repo.create(RecordType.NOTE, {**_note("a" * 300_000), "child_id": child_id},
                                child_id=child_id)
        assert session.repo.pending_count() == waiting + 1
