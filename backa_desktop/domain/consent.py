"""Consent (samtycke) and the legal basis of every share (domain.md §1.16, §3.1, §6 items 6, 15).

Secrecy (OSL) holds between agencies, so the default is *no sharing*. A share happens on one of
three bases: consent (scoped, per party, revocable), a duty to report (an orosanmälan never
needs consent), or a provision that lifts secrecy. This module answers two questions the app
asks all the time: may this be shared now, and what is shared with whom on what basis (the
overview the family and staff look at).

Withdrawal takes effect the day it is recorded: on and after `withdrawn_on` nothing new is
shared on that consent, and a party who has withdrawn (with no other consent in force) stops
the share even if another party still consents (with joint custody both guardians normally
consent, domain.md §3.1). "Shared now" is computed from all consents in force on the day, so a
new consent given the same day as a withdrawal counts.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backa_desktop.domain.errors import InvalidValue
from backa_desktop.domain.limits import LongText, ShortText


class ConsentParty(StrEnum):
    BARN = "barn"
    VARDNADSHAVARE_1 = "vardnadshavare_1"
    VARDNADSHAVARE_2 = "vardnadshavare_2"


PARTY_LABELS: dict[ConsentParty, str] = {
    ConsentParty.BARN: "Barnet",
    ConsentParty.VARDNADSHAVARE_1: "Vårdnadshavare 1",
    ConsentParty.VARDNADSHAVARE_2: "Vårdnadshavare 2",
}


class ConsentType(StrEnum):
    MUNTLIGT = "muntligt"
    SKRIFTLIGT = "skriftligt"


CONSENT_TYPE_LABELS: dict[ConsentType, str] = {
    ConsentType.MUNTLIGT: "Muntligt",
    ConsentType.SKRIFTLIGT: "Skriftligt",
}


class ConsentScope(StrEnum):
    """What a consent covers. `ENHET` means the units named in `Consent.unit_ids`."""

    UPPTACKARKORT = "upptackarkort"
    BARNTEAM = "barnteam"
    INDIVIDUELLT_BARNTEAM = "individuellt_barnteam"
    ENHET = "enhet"


SCOPE_LABELS: dict[ConsentScope, str] = {
    ConsentScope.UPPTACKARKORT: "Upptäckarkortet till Barnkontakten",
    ConsentScope.BARNTEAM: "Barnteamet",
    ConsentScope.INDIVIDUELLT_BARNTEAM: "Individuellt barnteam",
    ConsentScope.ENHET: "Namngiven enhet",
}

# The prototype and domain.md §1.13 ask for written consent before a team is formed; oral
# consent is enough only for the Upptäckarkort to reach the Barnkontakt.
REQUIRES_WRITTEN: frozenset[ConsentScope] = frozenset(
    {ConsentScope.BARNTEAM, ConsentScope.INDIVIDUELLT_BARNTEAM}
)


class LegalBasis(StrEnum):
    SAMTYCKE = "samtycke"
    ANMALNINGSSKYLDIGHET = "anmalningsskyldighet"
    SEKRETESSBRYTANDE_BESTAMMELSE = "sekretessbrytande_bestammelse"


LEGAL_BASIS_LABELS: dict[LegalBasis, str] = {
    LegalBasis.SAMTYCKE: "Samtycke",
    LegalBasis.ANMALNINGSSKYLDIGHET: "Anmälningsskyldighet",
    LegalBasis.SEKRETESSBRYTANDE_BESTAMMELSE: "Sekretessbrytande bestämmelse",
}


class Consent(BaseModel):
    """One party's consent. A correction or a renewed consent is a new record whose
    `supersedes` names the record it replaces; withdrawal sets `withdrawn_on`."""

    model_config = ConfigDict(frozen=True)

    child_id: str
    party: ConsentParty
    type: ConsentType
    scopes: list[ConsentScope] = Field(min_length=1)
    unit_ids: list[str] = Field(default_factory=list)
    purpose: ShortText = ""
    obtained_by: str
    filed_at: ShortText = ""
    given_on: date
    expires_on: date | None = None
    withdrawn_on: date | None = None
    withdrawal_recorded_by: str | None = None
    supersedes: str | None = None
    note: LongText = ""
    source_record_id: str | None = None
    """The signed form this consent was recorded on (e.g. the Upptäckarkort), if any."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if ConsentScope.ENHET in self.scopes and not self.unit_ids:
            raise InvalidValue("consent.units_missing")
        if self.unit_ids and ConsentScope.ENHET not in self.scopes:
            raise InvalidValue("consent.units_not_named_scope")
        if self.expires_on is not None and self.expires_on < self.given_on:
            raise InvalidValue("consent.expires_before_given")
        if self.withdrawn_on is not None and self.withdrawn_on < self.given_on:
            raise InvalidValue("consent.withdrawn_before_given")
        return self

    def covers(self, scope: ConsentScope, unit_id: str | None = None) -> bool:
        if scope not in self.scopes:
            return False
        if scope is ConsentScope.ENHET:
            return unit_id is not None and unit_id in self.unit_ids
        return not (scope in REQUIRES_WRITTEN and self.type is not ConsentType.SKRIFTLIGT)

    def is_valid_on(self, on: date) -> bool:
        """Given, not expired, not withdrawn. `expires_on` is the last valid day."""
        return (
            self.given_on <= on
            and (self.expires_on is None or on <= self.expires_on)
            and (self.withdrawn_on is None or on < self.withdrawn_on)
        )


def withdraw(consent: Consent, on: date, recorded_by: str) -> Consent:
    """The consent as withdrawn from `on` (that day included)."""
    if consent.withdrawn_on is not None and consent.withdrawn_on <= on:
        return consent
    return consent.model_copy(update={"withdrawn_on": on, "withdrawal_recorded_by": recorded_by})


def effective_consents(consents_by_id: Mapping[str, Consent]) -> list[Consent]:
    """Drops consents that a later record supersedes (corrections and renewals)."""
    superseded = {c.supersedes for c in consents_by_id.values() if c.supersedes}
    return [c for cid, c in consents_by_id.items() if cid not in superseded]


class PartyState(StrEnum):
    SAMTYCKER = "samtycker"
    ATERKALLAT = "aterkallat"
    INGET = "inget"


def party_state(
    consents: Iterable[Consent],
    party: ConsentParty,
    scope: ConsentScope,
    unit_id: str | None,
    on: date,
) -> PartyState:
    """The party's position on one share on a date, from every consent of theirs in force
    that day: one in force means the party consents, even when another was withdrawn the same
    day (a guardian who withdraws and then gives a new consent has consented). Only a party
    with a withdrawn consent and none in force has withdrawn."""
    relevant = [
        c for c in consents
        if c.party is party and c.covers(scope, unit_id) and c.given_on <= on
    ]
    if any(c.is_valid_on(on) for c in relevant):
        return PartyState.SAMTYCKER
    if any(c.withdrawn_on is not None and c.withdrawn_on <= on for c in relevant):
        return PartyState.ATERKALLAT
    return PartyState.INGET


def may_share(
    consents: Iterable[Consent],
    scope: ConsentScope,
    unit_id: str | None = None,
    on: date | None = None,
    *,
    required_parties: Collection[ConsentParty] | None = None,
) -> bool:
    """Whether new sharing on consent is allowed on `on` (default: today).

    Allowed when at least one party (or, if given, every required party) consents and no party
    has withdrawn. This is only the consent basis: an orosanmälan is shared on the duty to
    report and never asks this function.
    """
    when = on or date.today()
    items = list(consents)
    states = {p: party_state(items, p, scope, unit_id, when) for p in ConsentParty}
    if PartyState.ATERKALLAT in states.values():
        return False
    if required_parties is not None:
        return bool(required_parties) and all(
            states[p] is PartyState.SAMTYCKER for p in required_parties
        )
    return PartyState.SAMTYCKER in states.values()


class Share(BaseModel):
    """One line of "what is shared with whom on what basis"."""

    model_config = ConfigDict(frozen=True)

    scope: ConsentScope | None = None
    unit_id: str | None = None
    recipient: str
    basis: LegalBasis
    active: bool
    parties: list[ConsentParty] = Field(default_factory=list)
    withdrawn_by: list[ConsentParty] = Field(default_factory=list)
    since: date | None = None
    until: date | None = None
    filed_at: list[str] = Field(default_factory=list)
    note: LongText = ""


def sharing_overview(
    consents: Iterable[Consent],
    on: date | None = None,
    *,
    other_shares: Iterable[Share] = (),
) -> list[Share]:
    """Every share the consents describe on `on`, one line per scope or named unit, followed by
    shares on other bases (e.g. a sent orosanmälan, from `orosanmalan.as_share`).

    A withdrawn or expired share is listed as inactive so the family sees it has stopped.
    """
    when = on or date.today()
    items = [c for c in consents if c.given_on <= when]
    targets: list[tuple[ConsentScope, str | None]] = []
    for c in items:
        for scope in c.scopes:
            if scope is ConsentScope.ENHET:
                targets.extend((scope, u) for u in c.unit_ids)
            else:
                targets.append((scope, None))
    lines: list[Share] = []
    for scope, unit_id in dict.fromkeys(targets):
        relevant = [c for c in items if c.covers(scope, unit_id)]
        states = {p: party_state(items, p, scope, unit_id, when) for p in ConsentParty}
        consenting = [p for p, s in states.items() if s is PartyState.SAMTYCKER]
        withdrawn = [p for p, s in states.items() if s is PartyState.ATERKALLAT]
        valid = [c for c in relevant if c.is_valid_on(when)]
        if scope in REQUIRES_WRITTEN and not relevant:
            note = "Kräver skriftligt samtycke."
        elif withdrawn:
            note = "Samtycket är återkallat. Inga nya uppgifter delas."
        elif not valid:
            note = "Samtycket har upphört att gälla."
        else:
            note = ""
        expiries = [c.expires_on for c in valid if c.expires_on is not None]
        lines.append(
            Share(
                scope=scope,
                unit_id=unit_id,
                recipient=SCOPE_LABELS[scope] if unit_id is None else unit_id,
                basis=LegalBasis.SAMTYCKE,
                active=bool(consenting) and not withdrawn,
                parties=consenting,
                withdrawn_by=withdrawn,
                since=min((c.given_on for c in valid), default=None),
                until=min(expiries, default=None),
                filed_at=sorted({c.filed_at for c in relevant if c.filed_at}),
                note=note,
            )
        )
    lines.extend(other_shares)
    return lines
