"""The child's number changes from a samordningsnummer to a personnummer, through the service
call or by typing the new number in the child dialog: the old number stays in the identity
history and search still finds the child by it; correcting a personnummer keeps no history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from backa_desktop.domain.identity import IdentityError, IdentityKind, test_series_number
from backa_desktop.domain.people import ChildProfile, identity_history
from backa_desktop.services.children import (
    find_child,
    get_child,
    replace_identity_number,
    save_child,
    search_children,
)
from backa_desktop.services.vault import Session
from tests.store.helpers import PASSPHRASE, make_vault

BORN = date(2016, 3, 4)
SAMORDNING = test_series_number(BORN, female=True, samordningsnummer=True)
PERSONNUMMER = test_series_number(BORN, female=True)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    vault, _ = make_vault(tmp_path / "folder")
    with vault.unlock(PASSPHRASE) as s:
        yield s


def _profile(identity: str, kind: IdentityKind, given: str = "Saga") -> ChildProfile:
    return ChildProfile(
        given_names=given,
        family_name="Testsson",
        identity=identity,
        identity_kind=kind,
        birth_date=BORN,
    )


@pytest.mark.parametrize("how", ["service", "dialog"])
def test_the_old_number_is_kept_and_still_finds_the_child(session: Session, how: str) -> None:
    child = save_child(session, _profile(SAMORDNING, IdentityKind.SAMORDNINGSNUMMER)).id
    if how == "service":
        replace_identity_number(session, child, PERSONNUMMER[2:8] + "-" + PERSONNUMMER[8:])
    else:
        save_child(session, _profile(PERSONNUMMER, IdentityKind.PERSONNUMMER), child)
    record, profile = get_child(session, child)
    assert (profile.identity, profile.identity_kind) == (PERSONNUMMER, IdentityKind.PERSONNUMMER)
    [earlier] = identity_history(record.body)
    assert (earlier.identity, earlier.identity_kind) == (SAMORDNING, IdentityKind.SAMORDNINGSNUMMER)
    for number in (SAMORDNING, PERSONNUMMER):
        assert find_child(session, number) == child
        assert [c.record_id for c in search_children(session, number[-4:])] == [child]
    # A later edit in the dialog (which does not show the history) keeps it.
    save_child(session, _profile(PERSONNUMMER, IdentityKind.PERSONNUMMER, "Saga Maria"), child)
    record, profile = get_child(session, child)
    assert profile.given_names == "Saga Maria"
    assert [e.identity for e in identity_history(record.body)] == [SAMORDNING]
    assert find_child(session, SAMORDNING) == child


def test_a_corrected_personnummer_keeps_no_history(session: Session) -> None:
    wrong = test_series_number(BORN, female=False)
    child = save_child(session, _profile(wrong, IdentityKind.PERSONNUMMER)).id
    save_child(session, _profile(PERSONNUMMER, IdentityKind.PERSONNUMMER), child)
    record, _profile_now = get_child(session, child)
    assert identity_history(record.body) == []
    assert find_child(session, wrong) is None
    with pytest.raises(IdentityError):
        replace_identity_number(session, child, wrong)  # only a temporary number is replaced
