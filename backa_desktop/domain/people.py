"""Units, staff, children and guardians as record bodies (domain.md §1.11, §1.12, §6).

Fields are flat wherever the model allows, because sync merges a mutable record's top-level
fields one by one (DESIGN.md §7): two nurses changing a child's phone and unit on different
laptops must both win. Unknown fields are kept (`extra="allow"`) so a laptop running an older
version does not drop what a newer one added when it resaves a record.

Names, numbers and contact details are left out of repr and validation errors: models end up
in exceptions and exceptions in logs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Final, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from backa_desktop.domain.errors import InvalidValue
from backa_desktop.domain.identity import (
    DEFAULT_TEST_SERIES,
    IdentityError,
    IdentityKind,
    IdentityNumber,
    TestSeriesRule,
)
from backa_desktop.domain.limits import NAME_MAX
from backa_desktop.domain.process import ChildStatus

_BODY = ConfigDict(extra="allow", hide_input_in_errors=True)


def _not_blank(value: str) -> str:
    value = value.strip()
    if not value:
        raise InvalidValue("field.empty")
    return value


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def _email(value: str | None) -> str | None:
    value = _blank_to_none(value)
    if value is not None and (value.count("@") != 1 or any(c.isspace() for c in value)):
        raise InvalidValue("field.email")
    return value


Text = Annotated[str, StringConstraints(max_length=NAME_MAX), AfterValidator(_not_blank)]
OptionalText = Annotated[
    str | None, StringConstraints(max_length=NAME_MAX), AfterValidator(_blank_to_none)
]
Email = Annotated[str | None, StringConstraints(max_length=NAME_MAX), AfterValidator(_email)]


class Verksamhet(StrEnum):
    """Lines of service in the model (domain.md §1.12, seeds 001 and 004)."""

    BMM = "bmm"
    BVC = "bvc"
    FORSKOLA = "forskola"
    SKOLA = "skola"
    ELEVHALSA = "elevhalsa"
    SOCIALTJANST = "socialtjanst"
    BUP = "bup"
    HABILITERING = "habilitering"
    POLIS = "polis"
    UNGDOMSMOTTAGNING = "ungdomsmottagning"
    VARDCENTRAL = "vardcentral"
    ANNAN = "annan"

    @property
    def label(self) -> str:
        return VERKSAMHET_LABELS[self]


VERKSAMHET_LABELS: Final[Mapping[Verksamhet, str]] = {
    Verksamhet.BMM: "BMM (barnmorskemottagning)",
    Verksamhet.BVC: "BVC (barnavårdscentral)",
    Verksamhet.FORSKOLA: "Förskola",
    Verksamhet.SKOLA: "Skola",
    Verksamhet.ELEVHALSA: "Elevhälsa",
    Verksamhet.SOCIALTJANST: "Socialtjänst",
    Verksamhet.BUP: "BUP (barn- och ungdomspsykiatri)",
    Verksamhet.HABILITERING: "Barn- och ungdomshabilitering",
    Verksamhet.POLIS: "Polis",
    Verksamhet.UNGDOMSMOTTAGNING: "Ungdomsmottagning",
    Verksamhet.VARDCENTRAL: "Vårdcentral",
    Verksamhet.ANNAN: "Annan verksamhet",
}


class Role(StrEnum):
    """What a staff member may do in the model (domain.md §1.11). `unit_lead` and `admin` are
    the app's own roles (unit management, accounts); `socialtjanst` receives orosanmälningar;
    `log_reviewer` does the municipality's or region's log reviews (loggkontroll);
    `statistik` reads the anonymised statistics of every unit (the server's role of that name
    reaches the laptop at enrolment, and only roles listed here are kept)."""

    UPPTACKARE = "upptackare"
    BARNKONTAKT = "barnkontakt"
    STODSAMORDNARE = "stodsamordnare"
    BARNTEAM = "barnteam"
    UNIT_LEAD = "unit_lead"
    SOCIALTJANST = "socialtjanst"
    ADMIN = "admin"
    LOG_REVIEWER = "log_reviewer"
    STATISTIK = "statistik"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: Final[Mapping[Role, str]] = {
    Role.UPPTACKARE: "Upptäckare",
    Role.BARNKONTAKT: "Barnkontakt",
    Role.STODSAMORDNARE: "Stödsamordnare",
    Role.BARNTEAM: "Medlem i barnteam",
    Role.UNIT_LEAD: "Enhetschef",
    Role.SOCIALTJANST: "Socialtjänst (tar emot orosanmälningar)",
    Role.ADMIN: "Administratör",
    Role.LOG_REVIEWER: "Loggansvarig (loggkontroll)",
    Role.STATISTIK: "Statistikansvarig (anonymiserad statistik)",
}


class Unit(BaseModel):
    model_config = _BODY

    name: Text
    verksamhet: Verksamhet
    municipality: OptionalText = None
    phone: OptionalText = None
    email: Email = None


class StaffMember(BaseModel):
    """`trained_to_rate` gates the Skattningsformulär: only trained staff rate (§6 item 2)."""

    model_config = _BODY

    name: Text = Field(repr=False)
    title: OptionalText = None
    unit_id: str | None = None
    roles: list[Role] = Field(default_factory=list)
    trained_to_rate: bool = False
    phone: OptionalText = Field(default=None, repr=False)
    email: Email = Field(default=None, repr=False)

    @field_validator("roles")
    @classmethod
    def _unique_roles(cls, roles: list[Role]) -> list[Role]:
        return list(dict.fromkeys(roles))

    def has_role(self, role: Role) -> bool:
        return role in self.roles


class Guardian(BaseModel):
    """A vårdnadshavare. `identity` is a canonical 12-digit personnummer or samordningsnummer
    when known; a guardian without a Swedish number is recorded by name only."""

    model_config = _BODY

    name: Text = Field(repr=False)
    identity: str | None = Field(default=None, repr=False)
    phone: OptionalText = Field(default=None, repr=False)
    email: Email = Field(default=None, repr=False)
    relation: OptionalText = None  # the family's own word: "mamma", "pappa", "familjehem" …
    # The language the guardian reads best (a print-language code such as "ar", "so", "ti"),
    # and whether meetings need an interpreter (tolkbehov). Optional: records written before
    # these fields existed still validate, and an older laptop keeps them (extra="allow").
    preferred_language: OptionalText = None
    interpreter_needed: bool = False

    @field_validator("preferred_language")
    @classmethod
    def _language_code(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?", value):
            raise InvalidValue("field.language_code")
        return value

    @field_validator("identity")
    @classmethod
    def _valid_identity(cls, value: str | None) -> str | None:
        if value is not None:
            IdentityNumber.from_stored(value)
        return value


class ChildProfile(BaseModel):
    """The child record's body. `identity` holds the canonical value from `identity.py`
    (parse what the user typed first); `status` is the Backa status from `process.py`."""

    model_config = _BODY

    given_names: Text = Field(repr=False)
    family_name: Text = Field(repr=False)
    identity: str = Field(repr=False)
    identity_kind: IdentityKind = IdentityKind.PERSONNUMMER
    identity_issuer: str | None = None
    birth_date: date
    unit_id: str | None = None
    guardians: list[Guardian] = Field(default_factory=list)
    protected_identity: bool = False
    status: ChildStatus | None = None

    @field_validator("guardians")
    @classmethod
    def _at_most_two(cls, guardians: list[Guardian]) -> list[Guardian]:
        if len(guardians) > 2:
            raise InvalidValue("child.too_many_guardians")
        return guardians

    @model_validator(mode="after")
    def _identity_agrees(self) -> Self:
        """The number's date may be a nearby day in the same month when a day's numbers ran
        out (domain.md §4.1), so the birth date must agree on year and month, not the day."""
        number = self.identity_number()
        found = number.birth_date
        if found is not None and (found.year, found.month) != (
            self.birth_date.year,
            self.birth_date.month,
        ):
            raise IdentityError("identity.birth_date_mismatch_child")
        return self

    def identity_number(self, rule: TestSeriesRule = DEFAULT_TEST_SERIES) -> IdentityNumber:
        return IdentityNumber.from_stored(
            self.identity, self.identity_kind, self.identity_issuer, rule=rule
        )

    @property
    def display_name(self) -> str:
        return child_display_name(self.given_names, self.family_name)

    @property
    def public_name(self) -> str:
        """The name for places outside the child's own screen (module `public_child_name`)."""
        return public_child_name(self.display_name, self.protected_identity)


PROTECTED_CHILD: Final = "Barn med skyddad identitet"
"""What stands in for the name of a child with protected identity (skyddad folkbokföring)
wherever the name would reach someone other than the user at the child's own screen: window
titles (the task bar, a shared screen), notifications, the status bar, log files."""


def public_child_name(name: str, protected: bool) -> str:
    """`name`, or the neutral `PROTECTED_CHILD` for a child with protected identity: a window
    title or a notice can be seen by whoever stands behind the user, and names the child
    together with where the laptop is."""
    return PROTECTED_CHILD if protected else name


IDENTITY_HISTORY = "identity_history"
"""The profile body's list of the numbers the child was known by before (domain.md §4.4)."""


class EarlierIdentity(BaseModel):
    """A number the child had before: a samordningsnummer or reservnummer replaced by a
    personnummer. Kept in the profile so search on every laptop, and the central store's
    one-child-per-identity rule, still find the child by it; printouts show the current one."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    identity: str = Field(repr=False)
    identity_kind: IdentityKind
    identity_issuer: str | None = None
    replaced_on: date


def identity_history(body: Mapping[str, Any]) -> list[EarlierIdentity]:
    """The earlier numbers in a profile body, oldest first (none when it has no history)."""
    raw = body.get(IDENTITY_HISTORY)
    if not isinstance(raw, list):
        return []
    return [EarlierIdentity.model_validate(item) for item in raw]


def replace_identity(body: Mapping[str, Any], new: IdentityNumber, on: date) -> dict[str, Any]:
    """The profile body with `new` (a personnummer) as the child's number and the number it
    replaces (a samordningsnummer or reservnummer) added to the identity history."""
    profile = ChildProfile.model_validate(body)
    if new.value == profile.identity:  # first: "not a personnummer" would not say what is wrong
        raise IdentityError("identity.replace_same")
    if new.kind is not IdentityKind.PERSONNUMMER or profile.identity_kind not in (
        IdentityKind.SAMORDNINGSNUMMER,
        IdentityKind.RESERVNUMMER,
    ):
        raise IdentityError("identity.replace_kind")
    born = new.birth_date
    if born is not None and (born.year, born.month) != (
        profile.birth_date.year,
        profile.birth_date.month,
    ):
        raise IdentityError("identity.birth_date_mismatch_child")
    earlier = EarlierIdentity(
        identity=profile.identity,
        identity_kind=profile.identity_kind,
        identity_issuer=profile.identity_issuer,
        replaced_on=on,
    )
    history = [h.model_dump(mode="json") for h in identity_history(body)]
    changed = profile.model_copy(
        update={"identity": new.value, "identity_kind": new.kind, "identity_issuer": None}
    )
    checked = ChildProfile.model_validate(changed.model_dump(mode="json"))
    return {
        **dict(body),
        **checked.model_dump(mode="json"),
        IDENTITY_HISTORY: [*history, earlier.model_dump(mode="json")],
    }


def child_display_name(given_names: str, family_name: str) -> str:
    """How a child is named on every screen, list and paper: given names, then family name."""
    return f"{given_names} {family_name}".strip()


def age_on(birth: date, on: date) -> int:
    """Completed years on a day. A child born on 29 February turns a year older on 1 March in
    other years."""
    if on < birth:
        raise ValueError("Dagen ligger före födelsedagen.")
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class ChildSummary:
    """A child as the list, the inbox and the task lists show it: the narrow projection the
    store keeps of each profile (so a search never parses 100,000 bodies), with the identity
    number already masked."""

    record_id: str
    given_names: str
    family_name: str
    masked_identity: str
    birth_date: date | None
    status: ChildStatus | None
    unit_id: str | None
    barnkontakt_staff_id: str | None
    follow_up_due: date | None
    protected_identity: bool = False

    @property
    def display_name(self) -> str:
        return child_display_name(self.given_names, self.family_name)

    @property
    def public_name(self) -> str:
        return public_child_name(self.display_name, self.protected_identity)

    @property
    def status_label(self) -> str:
        return self.status.label if self.status else "Ingen process"

    def age(self, on: date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        return age_on(self.birth_date, on or date.today())


