"""Samtycke use cases (domain.md §1.16, §3.1).

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
    ConsentScope,
    Share,
    effective_consents,
    may_share,
    sharing_overview,
    withdraw,
)
from backa_desktop.domain.errors import UserError
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
