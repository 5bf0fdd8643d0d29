"""Consent per party, scope and date; withdrawal stops new sharing at once (domain.md §1.16)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from backa_desktop.domain.consent import (
    Consent,
    ConsentParty,
    ConsentScope,
    ConsentType,
    LegalBasis,
    effective_consents,
    may_share,
    sharing_overview,
    withdraw,
)
from backa_desktop.domain.orosanmalan import OrosanmalanStatus, advance, new_orosanmalan, shares_for

V1, V2, BARN = ConsentParty.VARDNADSHAVARE_1, ConsentParty.VARDNADSHAVARE_2, ConsentParty.BARN


def consent(party: ConsentParty, *scopes: ConsentScope, **kw: object) -> Consent:
    data: dict[str, object] = {
        "child_id": "child-1",
        "party": party,
        "type": ConsentType.SKRIFTLIGT,
        "scopes": list(scopes),
        "obtained_by": "barnkontakt-1",
        "filed_at": "Pärm på BVC Ystad",
        "given_on": date(2024, 3, 1),
    }
    data.update(kw)
    return Consent.model_validate(data)


def test_withdrawal_takes_effect_the_same_day() -> None:
    c = consent(V1, ConsentScope.BARNTEAM)
    assert not may_share([c], ConsentScope.BARNTEAM, on=date(2024, 2, 29))
    assert may_share([c], ConsentScope.BARNTEAM, on=date(2024, 3, 1))
    w = withdraw(c, date(2024, 5, 10), recorded_by="barnkontakt-1")
    assert may_share([w], ConsentScope.BARNTEAM, on=date(2024, 5, 9))
    assert not may_share([w], ConsentScope.BARNTEAM, on=date(2024, 5, 10))
    assert not may_share([w], ConsentScope.BARNTEAM, on=date(2025, 1, 1))


def test_withdrawal_by_one_guardian_stops_sharing_despite_the_other() -> None:
    c1 = consent(V1, ConsentScope.BARNTEAM)
    c2 = withdraw(consent(V2, ConsentScope.BARNTEAM), date(2024, 4, 1), "bk")
    assert may_share([c1, c2], ConsentScope.BARNTEAM, on=date(2024, 3, 15))
    assert not may_share([c1, c2], ConsentScope.BARNTEAM, on=date(2024, 4, 1))


def test_renewed_consent_after_withdrawal_allows_again() -> None:
    c = withdraw(consent(V1, ConsentScope.UPPTACKARKORT), date(2024, 4, 1), "bk")
    again = consent(V1, ConsentScope.UPPTACKARKORT, given_on=date(2024, 6, 1),
                    type=ConsentType.MUNTLIGT)
    assert not may_share([c, again], ConsentScope.UPPTACKARKORT, on=date(2024, 5, 1))
    assert may_share([c, again], ConsentScope.UPPTACKARKORT, on=date(2024, 6, 1))


def test_scope_units_expiry_and_written_requirement() -> None:
    oral_team = consent(V1, ConsentScope.BARNTEAM, ConsentScope.UPPTACKARKORT,
                        type=ConsentType.MUNTLIGT)
    assert may_share([oral_team], ConsentScope.UPPTACKARKORT, on=date(2024, 3, 2))
    assert not may_share([oral_team], ConsentScope.BARNTEAM, on=date(2024, 3, 2))

    units = consent(V1, ConsentScope.ENHET, unit_ids=["bup-ystad"], expires_on=date(2024, 12, 31))
    assert may_share([units], ConsentScope.ENHET, "bup-ystad", date(2024, 12, 31))
    assert not may_share([units], ConsentScope.ENHET, "bup-ystad", date(2025, 1, 1))
    assert not may_share([units], ConsentScope.ENHET, "polis", date(2024, 6, 1))
    assert not may_share([units], ConsentScope.BARNTEAM, None, date(2024, 6, 1))
    assert not may_share([], ConsentScope.UPPTACKARKORT, on=date(2024, 6, 1))

    with pytest.raises(ValidationError):
        consent(V1, ConsentScope.ENHET)
    with pytest.raises(ValidationError):
        consent(V1, ConsentScope.BARNTEAM, withdrawn_on=date(2024, 1, 1))


def test_required_parties() -> None:
    c1 = consent(V1, ConsentScope.INDIVIDUELLT_BARNTEAM)
    both = [V1, V2]
    assert not may_share([c1], ConsentScope.INDIVIDUELLT_BARNTEAM, on=date(2024, 3, 2),
                         required_parties=both)
    c2 = consent(V2, ConsentScope.INDIVIDUELLT_BARNTEAM)
    assert may_share([c1, c2], ConsentScope.INDIVIDUELLT_BARNTEAM, on=date(2024, 3, 2),
                     required_parties=both)


def test_superseded_consent_is_ignored() -> None:
    old = consent(V1, ConsentScope.BARNTEAM)
    corrected = consent(V1, ConsentScope.UPPTACKARKORT, supersedes="c-old")
    effective = effective_consents({"c-old": old, "c-new": corrected})
    assert effective == [corrected]
    assert not may_share(effective, ConsentScope.BARNTEAM, on=date(2024, 3, 2))


def test_sharing_overview_lists_bases_and_withdrawals() -> None:
    consents = [
        consent(V1, ConsentScope.UPPTACKARKORT, ConsentScope.BARNTEAM),
        withdraw(consent(V2, ConsentScope.ENHET, unit_ids=["bup", "habilitering"]),
                 date(2024, 4, 1), "bk"),
        consent(BARN, ConsentScope.ENHET, unit_ids=["bup"]),
    ]
    report = new_orosanmalan(child_id="child-1", concern="Oro", reporter_staff_id="s",
                             reporter_unit_id="u", created_on=date(2024, 3, 3))
    sent = advance(report, OrosanmalanStatus.SKICKAD, date(2024, 3, 3))
    lines = sharing_overview(consents, date(2024, 5, 1),
                             other_shares=shares_for([report, sent]))
    by_target = {(s.scope, s.unit_id): s for s in lines if s.basis is LegalBasis.SAMTYCKE}
    assert by_target[(ConsentScope.BARNTEAM, None)].active
    assert by_target[(ConsentScope.BARNTEAM, None)].parties == [V1]
    bup = by_target[(ConsentScope.ENHET, "bup")]
    assert not bup.active and bup.withdrawn_by == [V2] and bup.parties == [BARN]
    assert "återkallat" in bup.note
    assert not by_target[(ConsentScope.ENHET, "habilitering")].active
    duty = [s for s in lines if s.basis is LegalBasis.ANMALNINGSSKYLDIGHET]
    assert len(duty) == 1 and duty[0].since == date(2024, 3, 3)
    assert "14 kap. 1 §" in duty[0].note


def test_new_consent_the_same_day_as_a_withdrawal_counts() -> None:
    """A guardian withdraws, then both guardians give new written consents that day: the
    share is on, and the overview lists it as active with both guardians."""
    old = withdraw(consent(V1, ConsentScope.BARNTEAM), date(2024, 5, 10), "bk")
    new1 = consent(V1, ConsentScope.BARNTEAM, given_on=date(2024, 5, 10))
    new2 = consent(V2, ConsentScope.BARNTEAM, given_on=date(2024, 5, 10))
    day = date(2024, 5, 10)
    assert may_share([old, new1, new2], ConsentScope.BARNTEAM, on=day)
    assert not may_share([old], ConsentScope.BARNTEAM, on=day)
    assert not may_share([old, new2], ConsentScope.BARNTEAM, on=day)  # V1 still withdrawn
    [line] = sharing_overview([old, new1, new2], on=day)
    assert line.active and line.parties == [V1, V2] and line.withdrawn_by == []
    assert line.note == ""
