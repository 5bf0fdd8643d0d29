"""Swedish identity numbers: personnummer, samordningsnummer, reservnummer (domain.md §4).

A number is parsed once, where it is typed, into an `IdentityNumber` whose `value` is the one
canonical form the store keeps: 12 digits for personnummer and samordningsnummer, the issuer's
alphanumeric string for a reservnummer. Everything a user sees is derived from that value, so
"170101-2393" and "20170101 2393" are the same child and search finds both.

Errors are `IdentityError`s carrying a short Swedish sentence a nurse can act on, never the
number itself: exceptions end up in logs, and identity numbers must not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import ClassVar, Final, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backa_desktop.domain.errors import UserError


class IdentityError(UserError, ValueError):
    """Why a number is not accepted: a key (the `MSG_*` constants below) with its Swedish
    text as `reason`; the app shows it in its language."""

    @property
    def reason(self) -> str:
        return str(self)


class IdentityKind(StrEnum):
    PERSONNUMMER = "personnummer"
    SAMORDNINGSNUMMER = "samordningsnummer"
    RESERVNUMMER = "reservnummer"

    @property
    def label(self) -> str:
        return IDENTITY_KIND_LABELS[self]


IDENTITY_KIND_LABELS: Final[Mapping[IdentityKind, str]] = {
    IdentityKind.PERSONNUMMER: "Personnummer",
    IdentityKind.SAMORDNINGSNUMMER: "Samordningsnummer",
    IdentityKind.RESERVNUMMER: "Reservnummer",
}

# The message keys (texts in error_texts.py), in one place so the UI and the tests agree.
MSG_EMPTY: Final = "identity.empty"
MSG_CHARACTERS: Final = "identity.characters"
MSG_LENGTH: Final = "identity.length"
MSG_SEPARATOR: Final = "identity.separator"
MSG_CENTURY: Final = "identity.century"
MSG_MONTH: Final = "identity.month"
MSG_DATE: Final = "identity.date"
MSG_FUTURE: Final = "identity.future"
MSG_BIRTH_NUMBER: Final = "identity.birth_number"
MSG_CHECK_DIGIT: Final = "identity.check_digit"
MSG_STORED: Final = "identity.stored"
MSG_RESERV_EMPTY: Final = "identity.reserv_empty"
MSG_RESERV_CHARACTERS: Final = "identity.reserv_characters"
MSG_RESERV_LENGTH: Final = "identity.reserv_length"
MSG_RESERV_ISSUER: Final = "identity.reserv_issuer"
MSG_BIRTH_DATE_MISMATCH: Final = "identity.birth_date_mismatch"

_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-"})
_SHAPE = re.compile(r"([0-9]{6}|[0-9]{8})([-+]?)([0-9]{4})")
_ALLOWED = re.compile(r"[0-9+-]+")
_CANONICAL = re.compile(r"[0-9]{12}")
_NINE = re.compile(r"[0-9]{9}")
_RESERV_CHARS = re.compile(r"[A-Za-z0-9]+")
_RESERV_CANONICAL = re.compile(r"[A-Z0-9]{4,20}")
_SAMORDNING_OFFSET: Final = 60


def luhn_check_digit(nine: str) -> int:
    """The check digit over YYMMDDNNN (domain.md §4.2): weights 2,1,2,…, digits of products."""
    if not _NINE.fullmatch(nine):
        raise ValueError("luhn_check_digit needs exactly nine digits")
    total = 0
    for index, char in enumerate(nine):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


class TestSeriesBand(BaseModel):
    """Birth years (inclusive; `last_year=None` is open-ended) and the födelsenummer that
    Skatteverket's test series uses for them."""

    __test__: ClassVar[bool] = False  # not a pytest class, even when a test module imports it
    model_config = ConfigDict(frozen=True)

    first_year: int
    last_year: int | None = None
    female: str = Field(pattern=r"^[0-9]{3}$")
    male: str = Field(pattern=r"^[0-9]{3}$")

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


def _default_bands() -> tuple[TestSeriesBand, ...]:
    return (
        TestSeriesBand(first_year=1890, last_year=1899, female="980", male="981"),
        TestSeriesBand(first_year=1900, last_year=None, female="238", male="239"),
    )


class TestSeriesRule(BaseModel):
    """Which numbers count as Skatteverket test numbers (domain.md §4.5).

    Configurable because the pattern is observed, not published: verify it against the
    official list when online and adjust here, not in code. The modern band is open-ended so
    that demo children born this year are accepted; `extra_numbers` holds official outliers
    such as 189012219367 (födelsenummer 936)."""

    __test__: ClassVar[bool] = False
    model_config = ConfigDict(frozen=True)

    bands: tuple[TestSeriesBand, ...] = Field(default_factory=_default_bands)
    extra_numbers: frozenset[str] = frozenset({"189012219367"})

    def band_for(self, year: int) -> TestSeriesBand | None:
        return next((band for band in self.bands if band.covers(year)), None)


DEFAULT_TEST_SERIES: Final = TestSeriesRule()


def is_test_number(canonical12: str, rule: TestSeriesRule = DEFAULT_TEST_SERIES) -> bool:
    """True for a valid 12-digit number from the test series (testsamordningsnummer too,
    which use the same födelsenummer with day + 60)."""
    if canonical12 in rule.extra_numbers:
        return True
    if not _CANONICAL.fullmatch(canonical12):
        return False
    if luhn_check_digit(canonical12[2:11]) != int(canonical12[11]):
        return False
    band = rule.band_for(int(canonical12[:4]))
    return band is not None and canonical12[8:11] in (band.female, band.male)


def test_series_number(
    birth: date,
    *,
    female: bool,
    samordningsnummer: bool = False,
    rule: TestSeriesRule = DEFAULT_TEST_SERIES,
) -> str:
    """The canonical test number for a birth day: the demo generator and tests use only these."""
    band = rule.band_for(birth.year)
    if band is None:
        raise ValueError(f"Testserien omfattar inte födelseåret {birth.year}.")
    day = birth.day + (_SAMORDNING_OFFSET if samordningsnummer else 0)
    nine = f"{birth.year % 100:02d}{birth.month:02d}{day:02d}{band.female if female else band.male}"
    return f"{birth.year:04d}{nine[2:]}{luhn_check_digit(nine)}"


test_series_number.__test__ = False  # type: ignore[attr-defined]  # pytest must not collect it


def _inspect_canonical(value: str) -> tuple[IdentityKind, date]:
    """Validate a 12-digit value; the date check subtracts 60 for samordningsnummer and never
    asks for the true birth date (a nearby day may have been used, §4.1)."""
    if not _CANONICAL.fullmatch(value):
        raise IdentityError(MSG_STORED)
    if value[:2] not in ("18", "19", "20"):
        raise IdentityError(MSG_CENTURY)
    month, day = int(value[4:6]), int(value[6:8])
    if not 1 <= month <= 12:
        raise IdentityError(MSG_MONTH)
    kind = IdentityKind.PERSONNUMMER
    if day > _SAMORDNING_OFFSET:
        kind, day = IdentityKind.SAMORDNINGSNUMMER, day - _SAMORDNING_OFFSET
    try:
        birth = date(int(value[:4]), month, day)
    except ValueError:
        raise IdentityError(MSG_DATE) from None
    if value[8:11] == "000":
        raise IdentityError(MSG_BIRTH_NUMBER)
    if luhn_check_digit(value[2:11]) != int(value[11]):
        raise IdentityError(MSG_CHECK_DIGIT)
    return kind, birth


def _check_reservnummer(value: str, issuer: str | None) -> None:
    if not _RESERV_CANONICAL.fullmatch(value):
        raise IdentityError(
            MSG_RESERV_LENGTH if _RESERV_CHARS.fullmatch(value) else MSG_RESERV_CHARACTERS
        )
    if issuer is None or not issuer.strip():
        raise IdentityError(MSG_RESERV_ISSUER)


class IdentityNumber(BaseModel):
    """A checked identity number. Construct it with `parse_identity`, `parse_reservnummer` or
    `from_stored`; the validator re-checks consistency so a tampered or hand-built value
    cannot pass. `value` is left out of repr and of validation errors so it never reaches a
    log by accident."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    kind: IdentityKind
    value: str = Field(repr=False)
    issuer: str | None = None
    birth_date: date | None = None
    is_test_number: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.kind is IdentityKind.RESERVNUMMER:
            _check_reservnummer(self.value, self.issuer)
            return self
        kind, birth = _inspect_canonical(self.value)
        if kind is not self.kind:
            raise IdentityError("identity.wrong_kind", found=kind.value, expected=self.kind.value)
        if self.birth_date != birth:
            raise IdentityError(MSG_BIRTH_DATE_MISMATCH)
        return self

    @classmethod
    def from_stored(
        cls,
        value: str,
        kind: IdentityKind | None = None,
        issuer: str | None = None,
        *,
        rule: TestSeriesRule = DEFAULT_TEST_SERIES,
    ) -> IdentityNumber:
        """Rebuild from what a record body stores. Without `kind` the value must be a 12-digit
        number and its kind is read from the day; a reservnummer must say so."""
        if kind == IdentityKind.RESERVNUMMER:  # == so a plain "reservnummer" from JSON works
            return cls(kind=IdentityKind.RESERVNUMMER, value=value, issuer=issuer)
        found, birth = _inspect_canonical(value)
        return cls(
            kind=kind or found,
            value=value,
            birth_date=birth,
            is_test_number=is_test_number(value, rule),
        )

    def formatted(self) -> str:
        """The 12-digit form with a hyphen, "20170101-2393": unambiguous, as Skatteverket writes."""
        if self.kind is IdentityKind.RESERVNUMMER:
            return self.value
        return f"{self.value[:8]}-{self.value[8:]}"

    def ten_digit(self, ref_date: date | None = None) -> str:
        """"170101-2393"; the hyphen becomes "+" from the year the person turns 100 (§4.1).
        A reservnummer has no short form and is returned as it is."""
        if self.kind is IdentityKind.RESERVNUMMER:
            return self.value
        ref = ref_date or date.today()
        separator = "+" if ref.year - int(self.value[:4]) >= 100 else "-"
        return f"{self.value[2:8]}{separator}{self.value[8:]}"

    def masked(self) -> str:
        """"20170101-****": the date helps a user tell children apart, the rest stays hidden
        until asked for (DESIGN.md §10)."""
        return mask_identity(self.value)

    def last_four(self) -> str:
        return self.value[-4:]


def mask_identity(identity: str) -> str:
    """The one masking rule, for a parsed number and for a stored one alike: "20170101-****"
    for a twelve-digit number, the last four characters hidden otherwise. Plain slicing: the
    number was validated when it was saved, and the child list masks up to 300 rows per
    keystroke."""
    if len(identity) == 12 and identity.isdigit():
        return f"{identity[:8]}-****"
    return identity[:-4] + "****" if len(identity) > 4 else "****"


def _ten_digit_year(yy: int, month: int, day: int, plus: bool, ref: date) -> int:
    """Century for a 10-digit number. "+" means the person turns 100 or more this year, so the
    year is 100-199 years before `ref.year`. "-" means the latest such year not after `ref`,
    falling back a century when that day has not come yet this year (a person who turns 100
    later this year, written with "-")."""
    if plus:
        top = ref.year - 100
        return top - (top - yy) % 100
    year = ref.year - (ref.year - yy) % 100
    if (year, month, day) > (ref.year, ref.month, ref.day):
        year -= 100
    return year


def parse_identity(
    text: str,
    *,
    ref_date: date | None = None,
    rule: TestSeriesRule = DEFAULT_TEST_SERIES,
) -> IdentityNumber:
    """Read a personnummer or samordningsnummer as typed (§4.2): YYMMDDNNNC, YYMMDD-NNNC,
    YYMMDD+NNNC, YYYYMMDDNNNC or YYYYMMDD-NNNC, with any spaces. In a 12-digit form the
    separator is only decoration (the 12 digits decide the age, §4.6)."""
    ref = ref_date or date.today()
    compact = "".join(text.split()).translate(_DASHES)
    if not compact:
        raise IdentityError(MSG_EMPTY)
    if not _ALLOWED.fullmatch(compact):
        raise IdentityError(MSG_CHARACTERS)
    match = _SHAPE.fullmatch(compact)
    if match is None:
        digits = sum(char.isdigit() for char in compact)
        raise IdentityError(MSG_LENGTH if digits not in (10, 12) else MSG_SEPARATOR)
    head, separator, tail = match.groups()
    if len(head) == 8:
        canonical = head + tail
    else:
        month, day = int(head[2:4]), int(head[4:6])
        real_day = day - _SAMORDNING_OFFSET if day > _SAMORDNING_OFFSET else day
        year = _ten_digit_year(int(head[:2]), month, real_day, separator == "+", ref)
        if not 1800 <= year <= 2099:
            raise IdentityError(MSG_CENTURY)
        canonical = f"{year // 100:02d}{head}{tail}"
    kind, birth = _inspect_canonical(canonical)
    if birth > ref:
        raise IdentityError(MSG_FUTURE)
    return IdentityNumber(
        kind=kind,
        value=canonical,
        birth_date=birth,
        is_test_number=is_test_number(canonical, rule),
    )


def parse_reservnummer(text: str, issuer: str) -> IdentityNumber:
    """Read a reservnummer (§4.4). There is no national format, so only the characters and the
    length are checked, and never a Luhn digit: regional check schemes differ and a personnummer
    check would reject valid numbers. Spaces and hyphens are dropped, letters upper-cased. The
    issuer (region name or OID) is required because the number means nothing without it."""
    compact = "".join(text.split()).translate(_DASHES).replace("-", "")
    if not compact:
        raise IdentityError(MSG_RESERV_EMPTY)
    if not _RESERV_CHARS.fullmatch(compact):
        raise IdentityError(MSG_RESERV_CHARACTERS)
    return IdentityNumber(
        kind=IdentityKind.RESERVNUMMER, value=compact.upper(), issuer=issuer.strip() or None
    )
