"""Samtycke use cases (domain.md §1.16, §3.1).

The consent register is the one truth about consent: the Samtycken window, the overview's
"who can see the child", the decisions' consent checks and the central store's access rule all
read the CONSENT records. A form that asks for consent (the Upptäckarkort's "Samtycker
vårdnadshavare 1 ...") therefore writes consent records when it is signed, in the same
transaction, rather than the register deriving consents from forms: the server reads only
consent records, and a register that had two sources could disagree with it.

A consent record is immutable once stored except for its one empty field that may be filled
once: `withdrawn_on` (the central store accepts exactly that change). So "ändra" is a new record
that `supersedes` the old, and "återkalla" fills `withdrawn_on` with today: withdrawal takes
effect at once for new sharing, which `may_share` and the overview read from the same records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.consent import (
    PARTY_LABELS,
    Consent,
    ConsentParty,
    ConsentScope,
    ConsentType,
    Share,
    effective_consents,
    may_share,
    sharing_overview,
    withdraw,
)
from backa_desktop.domain.errors import UserError
from backa_desktop.domain.form_ids import FormUse, form_use
from backa_desktop.domain.forms import FormDefinition, FormResponse, YesNoItem
from backa_desktop.domain.orosanmalan import shares_for
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.services.orosanmalan import visible_reports
from backa_desktop.services.vault import Session


class ConsentError(UserError):
    """A rule stopped the change; the key names the message (domain/errors.py)."""


@dataclass(frozen=True)
class ConsentRow:
    record_id: str
    consent: Consent
    active: bool  # valid today and not superseded


def consent_rows(session: Session, child_id: str, today: date | None = None) -> list[ConsentRow]:
    today = today or date.today()
    by_id: dict[str, Consent] = {}
    for r in session.repo.find(RecordType.CONSENT, child_id=child_id):
        try:
            by_id[r.id] = body_as(r, Consent)
        except ValueError:
            continue
    effective = {id(c) for c in effective_consents(by_id)}
    rows = [
        ConsentRow(rid, c, id(c) in effective and c.is_valid_on(today)) for rid, c in by_id.items()
    ]
    rows.sort(key=lambda row: (row.consent.party.value, row.consent.given_on), reverse=False)
    return rows


def effective(session: Session, child_id: str) -> list[Consent]:
    by_id: dict[str, Consent] = {}
    for r in session.repo.find(RecordType.CONSENT, child_id=child_id):
        try:
            by_id[r.id] = body_as(r, Consent)
        except ValueError:
            continue
    return effective_consents(by_id)


def record_consent(session: Session, consent: Consent) -> Record:
    if consent.supersedes:
        old = session.repo.get(consent.supersedes)
        if old is None or old.type != RecordType.CONSENT or old.child_id != consent.child_id:
            raise ConsentError("consent.replaced_missing")
    return session.repo.create(
        RecordType.CONSENT, consent.model_dump(mode="json"), child_id=consent.child_id
    )


def withdraw_consent(session: Session, record_id: str, on: date | None = None) -> Record:
    """Withdraw from `on` (default today): new sharing on it stops at once."""
    record = session.repo.require(record_id)
    if record.type != RecordType.CONSENT:
        raise ConsentError("consent.not_a_consent")
    consent = body_as(record, Consent)
    if consent.withdrawn_on is not None:
        raise ConsentError("consent.already_withdrawn")
    when = max(on or date.today(), consent.given_on)
    changed = withdraw(consent, when, session.me_id)
    with session.db.transaction():
        record = session.repo.update(record_id, changed.model_dump(mode="json"),
                                     audit_action="withdraw_consent")
        # the consent record is on the timeline once, when given: its withdrawal is an event too
        session.repo.create(
            RecordType.NOTE,
            {"child_id": consent.child_id, "kind": "handelse", "happened_on": when.isoformat(),
             "text": f"Samtycke återkallat av {PARTY_LABELS[consent.party].lower()}.",
             "event": "consent_withdrawn", "record_ref": record_id},
            child_id=consent.child_id,
        )
    return record


def may_share_now(
    session: Session,
    child_id: str,
    scope: ConsentScope,
    unit_id: str | None = None,
    on: date | None = None,
) -> bool:
    return may_share(effective(session, child_id), scope, unit_id, on)


def sharing_lines(
    session: Session, child_id: str, on: date | None = None, *, for_staff: bool = True
) -> list[Share]:
    """"Vad delas med vem och på vilken grund". Staff also see sent orosanmälningar they may
    see (duty to report); the family's version (for_staff=False) never lists them."""
    others: list[Share] = []
    if for_staff:
        # in the order they were written, as the overview has always listed them
        rows = sorted(visible_reports(session, child_id),
                      key=lambda row: (row.record.created_at, row.record_id))
        others = shares_for([row.report for row in rows])
    return sharing_overview(effective(session, child_id), on, other_shares=others)


# --- consents recorded on forms ---------------------------------------------------------------

_PARTY_OF_PREFIX: dict[str, ConsentParty] = {
    "vh1": ConsentParty.VARDNADSHAVARE_1,
    "vh2": ConsentParty.VARDNADSHAVARE_2,
    "barn": ConsentParty.BARN,
}
"""A form's consent question is a yes/no item whose id names the party and says samtycke
(`vh1.samtycke`): the released forms are immutable, so the convention is read, not a new
schema field."""

_SCOPE_OF_USE: dict[FormUse, ConsentScope] = {FormUse.UPPTACKARKORT: ConsentScope.UPPTACKARKORT}
"""What a consent given on each kind of form covers."""


def consents_on_form(
    definition: FormDefinition, response: FormResponse, record_id: str | None = None
) -> list[Consent]:
    """The consents a signed response records: one per party who answered yes."""
    scope = _SCOPE_OF_USE.get(form_use(definition.id))
    if scope is None or not response.signed or response.signed_at is None:
        return []
    found: dict[ConsentParty, Consent] = {}
    for item in definition.items():
        if not isinstance(item, YesNoItem) or "samtycke" not in item.id:
            continue
        party = _PARTY_OF_PREFIX.get(item.id.split(".", 1)[0])
        if party is None or response.answers.get(item.id) is not True:
            continue
        found[party] = Consent(
            child_id=response.child_id,
            party=party,
            type=ConsentType.MUNTLIGT,
            scopes=[scope],
            obtained_by=response.signed_by or "",
            filed_at=f"{definition.title} {response.signed_at.date().isoformat()}",
            given_on=response.signed_at.date(),
            source_record_id=record_id,
        )
    return list(found.values())


def record_consents_on_form(
    session: Session, definition: FormDefinition, signed: Record
) -> list[Record]:
    """Write the consents a signed form records into the register (call inside the signing
    transaction). A correction ("Rätta") of a form replaces the consents the corrected form
    recorded: a party still consenting gets a record that supersedes the old one, and a
    party who no longer does has the old one withdrawn from today."""
    response = body_as(signed, FormResponse)
    earlier = consents_recorded_on(session, response.child_id, response.corrects)
    written = []
    for consent in consents_on_form(definition, response, signed.id):
        old = earlier.pop(consent.party, None)
        replacing = consent.model_copy(update={"supersedes": old}) if old else consent
        written.append(record_consent(session, replacing))
    for record_id in earlier.values():
        withdraw_consent(session, record_id)
    return written


def consents_recorded_on(
    session: Session, child_id: str, form_record_id: str | None
) -> dict[ConsentParty, str]:
    """The consents in force that a signed form recorded, by party (record ids)."""
    if not form_record_id or child_id == "anonym":
        return {}
    found: dict[ConsentParty, str] = {}
    for row in consent_rows(session, child_id):
        c = row.consent
        if c.source_record_id == form_record_id and c.withdrawn_on is None:
            found[c.party] = row.record_id
    return found
