"""Replacing a samordningsnummer or reservnummer by a personnummer keeps the old number in
the child's identity history; anything else is refused with a sentence, not a traceback."""

from __future__ import annotations

from datetime import date

import pytest

from backa_desktop.domain.identity import (
    IdentityError,
    IdentityKind,
    parse_identity,
    test_series_number,
)
from backa_desktop.domain.people import ChildProfile, identity_history, replace_identity

BORN = date(2016, 3, 4)
SAMORDNING = test_series_number(BORN, female=True, samordningsnummer=True)
PERSONNUMMER = test_series_number(BORN, female=True)


def _body(identity: str, kind: IdentityKind) -> dict[str, object]:
    profile = ChildProfile(
        given_names="Saga",
        family_name="Testsson",
        identity=identity,
        identity_kind=kind,
        birth_date=BORN,
    )
    return profile.model_dump(mode="json")


def test_the_old_number_goes_to_the_history_and_the_rest_stays() -> None:
    body = {**_body(SAMORDNING, IdentityKind.SAMORDNINGSNUMMER), "note_field": "kept"}
    changed = replace_identity(body, parse_identity(PERSONNUMMER), date(2026, 11, 30))
    assert (changed["identity"], changed["identity_kind"]) == (PERSONNUMMER, "personnummer")
    assert changed["note_field"] == "kept"
    [earlier] = identity_history(changed)
    assert (earlier.identity, earlier.identity_kind, earlier.replaced_on) == (
        SAMORDNING,
        IdentityKind.SAMORDNINGSNUMMER,
        date(2026, 11, 30),
    )
    assert ChildProfile.model_validate(changed).identity == PERSONNUMMER


def test_only_a_personnummer_replaces_and_only_a_temporary_number_is_replaced() -> None:
    samordning = _body(SAMORDNING, IdentityKind.SAMORDNINGSNUMMER)
    another = test_series_number(BORN, female=False, samordningsnummer=True)
    with pytest.raises(IdentityError) as wrong_new:
        replace_identity(samordning, parse_identity(another), date(2026, 11, 30))
    assert wrong_new.value.key == "identity.replace_kind"
    # The number the child already has is told as such, not as "not a personnummer".
    with pytest.raises(IdentityError) as same:
        replace_identity(samordning, parse_identity(SAMORDNING), date(2026, 11, 30))
    assert same.value.key == "identity.replace_same"
    personal = _body(PERSONNUMMER, IdentityKind.PERSONNUMMER)
    other = test_series_number(BORN, female=False)
    with pytest.raises(IdentityError) as wrong_old:
        replace_identity(personal, parse_identity(other), date(2026, 11, 30))
    assert wrong_old.value.key == "identity.replace_kind"


def test_a_number_of_another_birth_month_is_refused() -> None:
    samordning = _body(SAMORDNING, IdentityKind.SAMORDNINGSNUMMER)
    elsewhere = test_series_number(date(2016, 5, 4), female=True)
    with pytest.raises(IdentityError) as refused:
        replace_identity(samordning, parse_identity(elsewhere), date(2026, 11, 30))
    assert refused.value.key == "identity.birth_date_mismatch_child"
