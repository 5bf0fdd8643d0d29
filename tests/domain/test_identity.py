"""Identity numbers (domain.md §4). Every number here is fictional: Skatteverket's published
examples or the test-series pattern (§4.5)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from backa_desktop.domain.errors import message_of, render
from backa_desktop.domain.identity import (
    DEFAULT_TEST_SERIES,
    MSG_BIRTH_NUMBER,
    MSG_CENTURY,
    MSG_CHARACTERS,
    MSG_CHECK_DIGIT,
    MSG_DATE,
    MSG_EMPTY,
    MSG_FUTURE,
    MSG_LENGTH,
    MSG_MONTH,
    MSG_RESERV_CHARACTERS,
    MSG_RESERV_EMPTY,
    MSG_RESERV_ISSUER,
    MSG_RESERV_LENGTH,
    MSG_SEPARATOR,
    IdentityError,
    IdentityKind,
    IdentityNumber,
    TestSeriesBand,
    TestSeriesRule,
    is_test_number,
    luhn_check_digit,
    parse_identity,
    parse_reservnummer,
    test_series_number,
)

REF = date(2026, 11, 23)


def reference_luhn_valid(ten: str) -> bool:
    """The textbook Luhn test, written differently from the product's: from the right, double
    every second digit, subtract 9 when over 9, and the total must end in 0."""
    total = 0
    for position, char in enumerate(reversed(ten)):
        digit = int(char)
        if position % 2 == 1:
            digit = digit * 2 - 9 if digit * 2 > 9 else digit * 2
        total += digit
    return total % 10 == 0


def make_number(birth: date, birth_number: int, samordning: bool = False) -> str:
    day = birth.day + (60 if samordning else 0)
    nine = f"{birth:%y%m}{day:02d}{birth_number:03d}"
    return f"{birth.year:04d}{nine[2:]}{luhn_check_digit(nine)}"


@st.composite
def valid_numbers(draw: st.DrawFn) -> tuple[str, date, date, bool]:
    """(canonical, birth date, reference date, samordning) for birth dates a 10-digit form can
    express on the reference date: at most 199 years back."""
    ref = draw(st.dates(date(2000, 1, 1), date(2099, 12, 31)))
    birth = draw(st.dates(max(date(1800, 1, 1), date(ref.year - 199, 1, 1)), ref))
    samordning = draw(st.booleans())
    canonical = make_number(birth, draw(st.integers(1, 999)), samordning)
    return canonical, birth, ref, samordning


# --- the published examples (§4.2) -------------------------------------------------------


def test_skatteverket_check_digit_example() -> None:
    assert luhn_check_digit("640823323") == 4
    number = parse_identity("640823-3234", ref_date=REF)
    assert number.kind is IdentityKind.PERSONNUMMER
    assert number.value == "196408233234"
    assert number.birth_date == date(1964, 8, 23)


def test_skatteverket_samordningsnummer_example() -> None:
    assert luhn_check_digit("701063239") == 1
    number = parse_identity("701063-2391", ref_date=REF)
    assert number.kind is IdentityKind.SAMORDNINGSNUMMER
    assert number.value == "197010632391"
    assert number.birth_date == date(1970, 10, 3)


@pytest.mark.parametrize(
    ("text", "birth"),
    [("189001019802", date(1890, 1, 1)), ("201701012393", date(2017, 1, 1))],
)
def test_test_series_examples_are_valid(text: str, birth: date) -> None:
    number = parse_identity(text, ref_date=REF)
    assert number.value == text
    assert number.birth_date == birth
    assert number.is_test_number


def test_reference_luhn_agrees_on_the_examples() -> None:
    for ten in ("6408233234", "7010632391", "9001019802", "1701012393", "1701012385"):
        assert reference_luhn_valid(ten)
    assert not reference_luhn_valid("1701012394")


@pytest.mark.parametrize("bad", ["", "12345678", "1234567890", "12345678a"])
def test_luhn_check_digit_needs_nine_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="nine digits"):
        luhn_check_digit(bad)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_luhn_check_digit_matches_the_textbook_algorithm(nine: str) -> None:
    digit = luhn_check_digit(nine)
    assert reference_luhn_valid(nine + str(digit))
    assert all(not reference_luhn_valid(nine + str(d)) for d in range(10) if d != digit)


# --- accepted forms and round trips ------------------------------------------------------


def accepted_forms(number: IdentityNumber, ref: date) -> list[str]:
    v = number.value
    short = number.ten_digit(ref)
    forms = [v, f"{v[:8]}-{v[8:]}", short, f" {v[:4]} {v[4:8]} {v[8:]} ", short.replace("-", " - ")]
    if "-" in short:
        forms.append(short.replace("-", ""))  # no separator means "-"
    return forms


@given(valid_numbers())
def test_every_valid_number_round_trips_through_all_forms(
    case: tuple[str, date, date, bool],
) -> None:
    canonical, birth, ref, samordning = case
    number = parse_identity(canonical, ref_date=ref)
    assert number.birth_date == birth
    assert number.kind is (
        IdentityKind.SAMORDNINGSNUMMER if samordning else IdentityKind.PERSONNUMMER
    )
    for form in accepted_forms(number, ref):
        assert parse_identity(form, ref_date=ref) == number, form
    assert number.formatted() == f"{canonical[:8]}-{canonical[8:]}"
    assert number.masked() == f"{canonical[:8]}-****"
    assert number.last_four() == canonical[8:]


@given(valid_numbers(), st.integers(2, 11), st.integers(1, 9))
def test_any_single_digit_change_is_rejected(
    case: tuple[str, date, date, bool], position: int, shift: int
) -> None:
    """Luhn catches every single-digit error in the ten digits it covers. (The two century
    digits are outside it: 1917… and 2017… can both be real.)"""
    canonical, _, ref, _ = case
    changed = (int(canonical[position]) + shift) % 10
    typo = canonical[:position] + str(changed) + canonical[position + 1 :]
    with pytest.raises(IdentityError):
        parse_identity(typo, ref_date=ref)
    ten = typo[2:]
    with pytest.raises(IdentityError):
        parse_identity(f"{ten[:6]}-{ten[6:]}", ref_date=ref)


def test_a_changed_century_digit_is_caught_by_the_century_rule() -> None:
    with pytest.raises(IdentityError) as caught:
        parse_identity("291701012393", ref_date=REF)
    assert caught.value.key == MSG_CENTURY


# --- samordningsnummer and the century rule -------------------------------------------


@given(valid_numbers())
def test_samordningsnummer_is_the_personnummer_day_plus_sixty(
    case: tuple[str, date, date, bool],
) -> None:
    canonical, birth, ref, samordning = case
    assume(not samordning)
    as_samordning = make_number(birth, int(canonical[8:11]), samordning=True)
    number = parse_identity(as_samordning, ref_date=ref)
    assert number.kind is IdentityKind.SAMORDNINGSNUMMER
    assert number.birth_date == birth
    assert int(number.value[6:8]) == birth.day + 60


def test_test_samordningsnummer_example() -> None:
    number = parse_identity("191401682396", ref_date=REF)
    assert number.kind is IdentityKind.SAMORDNINGSNUMMER
    assert number.birth_date == date(1914, 1, 8)
    assert number.is_test_number


@given(valid_numbers())
def test_plus_is_shown_from_the_year_the_person_turns_100(
    case: tuple[str, date, date, bool],
) -> None:
    canonical, birth, ref, _ = case
    number = parse_identity(canonical, ref_date=ref)
    separator = number.ten_digit(ref)[6]
    assert separator == ("+" if ref.year - birth.year >= 100 else "-")


def test_plus_and_minus_choose_the_century() -> None:
    assert parse_identity("170101-2393", ref_date=REF).value == "201701012393"
    assert parse_identity("170101+2393", ref_date=REF).value == "191701012393"
    assert parse_identity("900101+9802", ref_date=REF).value == "189001019802"


def test_turning_100_later_this_year() -> None:
    """Someone born 31 Dec 1926 is written with "+" all of 2026; typed with "-" the number
    cannot be a baby born later this year, so it is the same person."""
    canonical = test_series_number(date(1926, 12, 31), female=True)
    number = parse_identity(canonical, ref_date=REF)
    assert number.ten_digit(REF) == f"261231+{canonical[8:]}"
    assert parse_identity(f"261231+{canonical[8:]}", ref_date=REF) == number
    assert parse_identity(f"261231-{canonical[8:]}", ref_date=REF) == number
    assert number.ten_digit(date(2025, 12, 31)) == f"261231-{canonical[8:]}"


def test_born_today_is_not_in_the_future() -> None:
    canonical = test_series_number(REF, female=False)
    assert parse_identity(canonical[2:], ref_date=REF).birth_date == REF
    tomorrow = test_series_number(REF + timedelta(days=1), female=False)
    with pytest.raises(IdentityError) as caught:
        parse_identity(tomorrow, ref_date=REF)
    assert caught.value.key == MSG_FUTURE


def test_leap_day_depends_on_the_century() -> None:
    canonical = test_series_number(date(2000, 2, 29), female=True)
    assert parse_identity(canonical[2:], ref_date=REF).birth_date == date(2000, 2, 29)
    with pytest.raises(IdentityError) as caught:
        parse_identity(f"{canonical[2:8]}+{canonical[8:]}", ref_date=REF)  # 1900 is no leap year
    assert caught.value.key == MSG_DATE


# --- what the nurse is told ---------------------------------------------------------------


def with_check_digit(ten_without: str) -> str:
    return ten_without + str(luhn_check_digit(ten_without))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", MSG_EMPTY),
        ("   ", MSG_EMPTY),
        ("17O101-2393", MSG_CHARACTERS),
        ("170101/2393", MSG_CHARACTERS),
        ("170101-239", MSG_LENGTH),
        ("2017010123933", MSG_LENGTH),
        ("2017-01012393", MSG_SEPARATOR),
        ("170101--2393", MSG_SEPARATOR),
        ("201701012394", MSG_CHECK_DIGIT),
        ("170101-2394", MSG_CHECK_DIGIT),
        ("211701012393", MSG_CENTURY),
        (with_check_digit("171301238"), MSG_MONTH),
        (with_check_digit("170132238"), MSG_DATE),
        (with_check_digit("170100238"), MSG_DATE),
        (with_check_digit("170160238"), MSG_DATE),
        (with_check_digit("170192238"), MSG_DATE),
        (with_check_digit("230229238"), MSG_DATE),
        (with_check_digit("170101000"), MSG_BIRTH_NUMBER),
        ("20" + with_check_digit("991231238"), MSG_FUTURE),
    ],
)
def test_errors_say_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(IdentityError) as caught:
        parse_identity(text, ref_date=REF)
    assert caught.value.key == reason
    assert str(caught.value) == caught.value.reason == render(reason)
    assert isinstance(caught.value, ValueError)


def test_pasted_en_dash_and_spaces_are_accepted() -> None:
    assert parse_identity("17 01 01 – 2393", ref_date=REF).value == "201701012393"


def test_default_reference_date_is_today() -> None:
    assert parse_identity("170101-2393").value == "201701012393"


# --- reservnummer --------------------------------------------------------------------------


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789", min_size=4, max_size=20))
def test_reservnummer_is_never_luhn_checked(text: str) -> None:
    number = parse_reservnummer(text, "Region Testland")
    assert number.kind is IdentityKind.RESERVNUMMER
    assert number.value == text.upper()
    assert number.issuer == "Region Testland"
    assert not number.is_test_number


def test_reservnummer_with_a_wrong_personnummer_check_digit_is_accepted() -> None:
    with pytest.raises(IdentityError):
        parse_identity("201701012394", ref_date=REF)
    number = parse_reservnummer("201701012394", "1.2.752.29.4.13")
    assert number.value == "201701012394"
    assert number.birth_date is None


def test_reservnummer_regional_shapes() -> None:
    vgr = parse_reservnummer("19810829-m071", "Västra Götalandsregionen")
    assert vgr.value == "19810829M071"
    assert vgr.formatted() == "19810829M071"
    assert vgr.ten_digit(REF) == "19810829M071"
    assert vgr.masked() == "19810829****"
    assert vgr.last_four() == "M071"
    assert parse_reservnummer(" 991981000010 ", "Region Stockholm").value == "991981000010"


@pytest.mark.parametrize(
    ("text", "issuer", "reason"),
    [
        ("", "Region Skåne", MSG_RESERV_EMPTY),
        (" - ", "Region Skåne", MSG_RESERV_EMPTY),
        ("19810829Ö071", "Region Skåne", MSG_RESERV_CHARACTERS),
        ("1981/0829", "Region Skåne", MSG_RESERV_CHARACTERS),
        ("M07", "Region Skåne", MSG_RESERV_LENGTH),
        ("1" * 21, "Region Skåne", MSG_RESERV_LENGTH),
        ("19810829M071", "  ", MSG_RESERV_ISSUER),
    ],
)
def test_reservnummer_errors(text: str, issuer: str, reason: str) -> None:
    with pytest.raises((IdentityError, ValidationError)) as caught:
        parse_reservnummer(text, issuer)
    message = message_of(caught.value)
    assert message is not None and message.key == reason
    assert render(reason) in str(caught.value)


# --- test series ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "canonical",
    ["201701012393", "201701012385", "189001019802", "189001029819", "189012219367"],
)
def test_known_test_numbers_are_flagged(canonical: str) -> None:
    assert is_test_number(canonical)


@pytest.mark.parametrize(
    "canonical", ["196408233234", "201701012394", "201701012401", "18900101980", "abc"]
)
def test_other_numbers_are_not_flagged(canonical: str) -> None:
    assert not is_test_number(canonical)


def test_1890s_use_980_and_981_only() -> None:
    assert not is_test_number(make_number(date(1890, 1, 1), 238))
    assert not is_test_number(make_number(date(1990, 1, 1), 980))


@given(st.dates(date(1890, 1, 1), date(2099, 12, 31)), st.booleans(), st.booleans())
def test_test_series_number_is_a_valid_flagged_number(
    birth: date, female: bool, samordning: bool
) -> None:
    canonical = test_series_number(birth, female=female, samordningsnummer=samordning)
    number = parse_identity(canonical, ref_date=date(2100, 1, 1))
    assert number.birth_date == birth
    assert number.is_test_number
    assert (int(canonical[10]) % 2 == 0) is female  # even födelsenummer for women (§4.1)


def test_test_series_number_examples() -> None:
    assert test_series_number(date(2017, 1, 1), female=False) == "201701012393"
    assert test_series_number(date(2017, 1, 1), female=True) == "201701012385"
    assert test_series_number(date(1890, 1, 1), female=True) == "189001019802"
    assert test_series_number(date(1890, 1, 2), female=False) == "189001029819"
    with pytest.raises(ValueError, match="1889"):
        test_series_number(date(1889, 12, 31), female=True)


def test_test_series_rule_is_configurable() -> None:
    closed = TestSeriesRule(
        bands=(TestSeriesBand(first_year=1900, last_year=2025, female="238", male="239"),),
        extra_numbers=frozenset(),
    )
    this_year = test_series_number(date(2026, 1, 1), female=True)
    assert is_test_number(this_year)
    assert not is_test_number(this_year, closed)
    assert not parse_identity(this_year, ref_date=REF, rule=closed).is_test_number
    assert not is_test_number("189012219367", closed)
    assert DEFAULT_TEST_SERIES.band_for(1889) is None


# --- the model ------------------------------------------------------------------------------


def test_identity_number_rechecks_what_it_is_given() -> None:
    good = parse_identity("201701012393", ref_date=REF)
    assert IdentityNumber.model_validate(good.model_dump()) == good
    for bad in (
        {"value": "201701012394"},
        {"kind": IdentityKind.SAMORDNINGSNUMMER},
        {"birth_date": date(2017, 1, 2)},
        {"kind": IdentityKind.RESERVNUMMER, "issuer": None},
    ):
        with pytest.raises(ValidationError):
            IdentityNumber.model_validate(good.model_dump() | bad)


def test_from_stored_reads_the_kind_from_the_day() -> None:
    assert IdentityNumber.from_stored("197010632391").kind is IdentityKind.SAMORDNINGSNUMMER
    assert IdentityNumber.from_stored("201701012393").is_test_number
    with pytest.raises(ValidationError, match="samordningsnummer"):
        IdentityNumber.from_stored("197010632391", IdentityKind.PERSONNUMMER)
    with pytest.raises(IdentityError):
        IdentityNumber.from_stored("20170101-2393")
    reserv = IdentityNumber.from_stored("19810829M071", IdentityKind.RESERVNUMMER, "VGR")
    assert reserv.issuer == "VGR"
    assert IdentityNumber.from_stored("19810829M071", "reservnummer", "VGR") == reserv  # type: ignore[arg-type]


def test_the_number_stays_out_of_repr_and_errors() -> None:
    number = parse_identity("201701012393", ref_date=REF)
    assert "2393" not in repr(number)
    assert "2393" not in str(number)
    with pytest.raises(ValidationError) as caught:
        IdentityNumber(kind=IdentityKind.PERSONNUMMER, value="201701012394")
    assert "201701012394" not in str(caught.value)
