"""Record bodies for units, staff, guardians and children. Fictional people only."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from backa_desktop.domain.identity import (
    IdentityKind,
    TestSeriesBand,
    TestSeriesRule,
    test_series_number,
)
from backa_desktop.domain.people import (
    ROLE_LABELS,
    VERKSAMHET_LABELS,
    ChildProfile,
    Guardian,
    Role,
    StaffMember,
    Unit,
    Verksamhet,
    age_on,
)
from backa_desktop.domain.process import ChildStatus

CHILD_ID = "201701012393"  # test series, boy born 2017-01-01
MOTHER_ID = test_series_number(date(1988, 5, 4), female=True)


def child(**changes: Any) -> ChildProfile:
    body: dict[str, Any] = {
        "given_names": "Testa Elis",
        "family_name": "Exempelsson",
        "identity": CHILD_ID,
        "birth_date": date(2017, 1, 1),
    }
    return ChildProfile.model_validate(body | changes)


def test_labels_cover_every_value() -> None:
    assert set(VERKSAMHET_LABELS) == set(Verksamhet)
    assert set(ROLE_LABELS) == set(Role)
    assert Verksamhet.BVC.label == "BVC (barnavårdscentral)"
    assert Role.STODSAMORDNARE.label == "Stödsamordnare"


def test_unit() -> None:
    unit = Unit(name=" BVC Testköping ", verksamhet=Verksamhet.BVC, municipality="", email=None)
    assert unit.name == "BVC Testköping"
    assert unit.municipality is None
    with pytest.raises(ValidationError, match="Fältet får inte vara tomt"):
        Unit(name="  ", verksamhet=Verksamhet.SKOLA)
    with pytest.raises(ValidationError, match="E-postadressen"):
        Unit(name="Skolan", verksamhet="skola", email="skolan at exempel.se")


def test_staff_member_roles() -> None:
    nurse = StaffMember(
        name="Sara Testare",
        title="BVC-sjuksköterska",
        unit_id="unit-1",
        roles=[Role.BARNKONTAKT, Role.UPPTACKARE, Role.BARNKONTAKT],
        email="sara.testare@exempel.se",
    )
    assert nurse.roles == [Role.BARNKONTAKT, Role.UPPTACKARE]
    assert nurse.has_role(Role.BARNKONTAKT)
    assert not nurse.has_role(Role.ADMIN)
    assert not nurse.trained_to_rate
    assert "Sara" not in repr(nurse)


def test_child_profile_round_trips_as_a_record_body() -> None:
    profile = child(
        guardians=[{"name": "Tina Exempelsson", "identity": MOTHER_ID, "relation": "mamma"}],
        status="upptackt",
        unit_id="unit-1",
    )
    assert profile.display_name == "Testa Elis Exempelsson"
    assert profile.status is ChildStatus.UPPTACKT
    assert profile.identity_number().masked() == "20170101-****"
    assert profile.identity_number().is_test_number
    body = profile.model_dump(mode="json")
    assert body["identity"] == CHILD_ID
    assert ChildProfile.model_validate(body) == profile


def test_child_profile_checks_the_identity() -> None:
    with pytest.raises(ValidationError, match="Kontrollsiffran stämmer inte"):
        child(identity="201701012394")
    with pytest.raises(ValidationError, match="12 siffror"):
        child(identity="170101-2393")


def test_birth_date_must_agree_with_the_number() -> None:
    child(birth_date=date(2017, 1, 3))  # a nearby day in the same month is allowed (§4.1)
    with pytest.raises(ValidationError, match="Födelsedatumet stämmer inte"):
        child(birth_date=date(2017, 2, 1))
    with pytest.raises(ValidationError, match="Födelsedatumet stämmer inte"):
        child(birth_date=date(2016, 1, 1))


def test_samordningsnummer_child() -> None:
    number = test_series_number(date(2019, 6, 10), female=True, samordningsnummer=True)
    profile = child(
        identity=number, identity_kind="samordningsnummer", birth_date=date(2019, 6, 10)
    )
    assert profile.identity_number().kind is IdentityKind.SAMORDNINGSNUMMER
    with pytest.raises(ValidationError, match="samordningsnummer, inte ett personnummer"):
        child(identity=number, birth_date=date(2019, 6, 10))


def test_reservnummer_child_needs_an_issuer_but_no_luhn() -> None:
    profile = child(
        identity="20170101K071",
        identity_kind="reservnummer",
        identity_issuer="Region Testland",
        birth_date=date(2017, 1, 1),
    )
    assert profile.identity_number().issuer == "Region Testland"
    with pytest.raises(ValidationError, match="utfärdat"):
        child(identity="20170101K071", identity_kind="reservnummer")


def test_at_most_two_guardians() -> None:
    guardian = {"name": "Vera Vårdnadshavare"}
    assert len(child(guardians=[guardian, guardian]).guardians) == 2
    with pytest.raises(ValidationError, match="högst två vårdnadshavare"):
        child(guardians=[guardian, guardian, guardian])


def test_guardian_identity_is_checked() -> None:
    assert Guardian(name="Tina Exempelsson", identity=MOTHER_ID).identity == MOTHER_ID
    assert Guardian(name="Utan Nummer").identity is None
    wrong_digit = str((int(MOTHER_ID[-1]) + 1) % 10)
    with pytest.raises(ValidationError, match="Kontrollsiffran"):
        Guardian(name="Tina Exempelsson", identity=MOTHER_ID[:-1] + wrong_digit)


def test_personal_data_stays_out_of_repr_and_errors() -> None:
    profile = child(guardians=[{"name": "Tina Exempelsson", "identity": MOTHER_ID}])
    text = repr(profile)
    assert "Exempelsson" not in text
    assert CHILD_ID not in text
    assert MOTHER_ID not in text
    with pytest.raises(ValidationError) as caught:
        child(identity="201701012394", family_name="Felsson")
    assert "201701012394" not in str(caught.value)


def test_unknown_fields_survive_a_resave() -> None:
    profile = child(favourite_colour="grön")
    resaved = ChildProfile.model_validate(profile.model_dump())
    assert resaved.model_dump()["favourite_colour"] == "grön"


def test_identity_number_uses_the_given_test_rule() -> None:
    closed = TestSeriesRule(
        bands=(TestSeriesBand(first_year=1900, last_year=2016, female="238", male="239"),)
    )
    assert child().identity_number().is_test_number
    assert not child().identity_number(closed).is_test_number


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2017, 1, 1), date(2017, 1, 1), 0),
        (date(2017, 1, 1), date(2017, 12, 31), 0),
        (date(2017, 1, 1), date(2018, 1, 1), 1),
        (date(2016, 2, 29), date(2017, 2, 28), 0),
        (date(2016, 2, 29), date(2017, 3, 1), 1),
        (date(2016, 2, 29), date(2020, 2, 29), 4),
    ],
)
def test_age_on(birth: date, on: date, age: int) -> None:
    assert age_on(birth, on) == age


def test_age_before_birth_is_an_error() -> None:
    with pytest.raises(ValueError, match="före födelsedagen"):
        age_on(date(2017, 1, 2), date(2017, 1, 1))


@given(st.dates(date(1900, 1, 1), date(2090, 12, 31)), st.integers(0, 120))
def test_age_on_birthdays(birth: date, years: int) -> None:
    try:
        birthday = birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a common year: the birthday is 1 March
        birthday = date(birth.year + years, 3, 1)
    assert age_on(birth, birthday) == years
    if years:
        assert age_on(birth, date.fromordinal(birthday.toordinal() - 1)) == years - 1
