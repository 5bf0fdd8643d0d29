"""Finding, opening and saving children: the use cases behind the child list and `backa search`.

Search reads only the narrow `children` projection and its FTS5 index, so typing stays fast
with 100,000 children; opening a child reads its record and writes a "read" audit event,
because every look at a child's record must be traceable (PDL 4 kap. 3 §).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.identity import IdentityError, IdentityKind
from backa_desktop.domain.people import IDENTITY_HISTORY, ChildProfile, replace_identity
from backa_desktop.domain.people import ChildSummary as ChildSummary  # the list shows it
from backa_desktop.domain.process import ChildStatus
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.services.vault import Session
from backa_desktop.store.children import ChildQuery
from backa_desktop.store.search import match_expression


@dataclass(frozen=True)
class ChildFilter:
    """The list's filters; None means "any"."""

    barnkontakt_staff_id: str | None = None  # "mina barn som Barnkontakt"
    unit_id: str | None = None  # "min enhet"
    status: ChildStatus | None = None
    follow_up_due_by: date | None = None  # "uppföljning förfaller"


def search_children(
    session: Session, text: str = "", filters: ChildFilter | None = None, limit: int = 200
) -> list[ChildSummary]:
    """Children matching every typed word (part of a name, birth date, last four digits)."""
    filters = filters or ChildFilter()
    expression = match_expression(text)
    if not expression and text.strip():
        return []
    query = ChildQuery(
        match=expression or None,
        barnkontakt_staff_id=filters.barnkontakt_staff_id,
        unit_id=filters.unit_id,
        status=filters.status,
        follow_up_due_by=filters.follow_up_due_by,
    )
    return session.child_index.search(query, limit)


def child_summaries(session: Session, ids: set[str]) -> dict[str, ChildSummary]:
    """The given children from the narrow projection (inbox and task lists ask for many at
    once); a child this laptop does not hold is left out."""
    return session.child_index.summaries(ids)


def count_children(session: Session) -> int:
    return session.child_index.count()


def find_child(session: Session, ref: str) -> str | None:
    """A record id, or an identity number in any accepted form -> the child's record id."""
    if session.repo.get(ref) is not None:
        return ref
    from backa_desktop.domain.identity import parse_identity

    try:
        canonical = parse_identity(ref).value
    except IdentityError:
        canonical = ref.strip().upper()
    return session.child_index.by_identity(canonical)


def get_child(session: Session, child_id: str) -> tuple[Record, ChildProfile]:
    """Open a child's profile; the opening is audited."""
    record = session.repo.require(child_id)
    if record.type != RecordType.CHILD:
        raise KeyError(child_id)
    session.audit.append("read", record_id=child_id, child_id=child_id)
    return record, body_as(record, ChildProfile)


def child_body(session: Session, child_id: str) -> dict[str, Any]:
    """A child's stored profile as it is, to fill the edit dialog."""
    return dict(session.repo.require(child_id).body)


def save_child(
    session: Session, profile: ChildProfile, child_id: str | None = None
) -> Record:
    """Create or update a child. The profile is validated by the domain model first, so an
    invalid identity number never reaches the database."""
    body = profile.model_dump(mode="json")
    if child_id is None:
        return session.repo.create(RecordType.CHILD, body)
    stored = session.repo.require(child_id).body
    if IDENTITY_HISTORY in stored and IDENTITY_HISTORY not in body:
        body[IDENTITY_HISTORY] = stored[IDENTITY_HISTORY]  # the edit dialog does not show it
    before = ChildProfile.model_validate(stored)
    if (
        profile.identity != before.identity
        and profile.identity_kind is IdentityKind.PERSONNUMMER
        and before.identity_kind in (IdentityKind.SAMORDNINGSNUMMER, IdentityKind.RESERVNUMMER)
    ):
        # The personnummer typed over a samordningsnummer or reservnummer in the dialog:
        # the same change as `replace_identity_number`, so the old number is kept.
        old = {
            **body,
            "identity": before.identity,
            "identity_kind": before.identity_kind.value,
            "identity_issuer": before.identity_issuer,
        }
        body = replace_identity(old, profile.identity_number(), date.today())
    return session.repo.update(child_id, body)


def replace_identity_number(
    session: Session, child_id: str, number: str, on: date | None = None
) -> Record:
    """Record that the child's samordningsnummer or reservnummer has been replaced by a
    personnummer (folkbokföring): the profile takes the new number, the old one stays in its
    identity history, so search (here and on every laptop) still finds the child by it, and
    the central store merges the child with another registered under either number. Raises
    `IdentityError` (a sentence the user can act on) for a number that is not accepted."""
    from backa_desktop.domain.identity import parse_identity

    new = parse_identity(number)
    record = session.repo.require(child_id)
    if record.type != RecordType.CHILD:
        raise KeyError(child_id)
    body = replace_identity(record.body, new, on or date.today())
    return session.repo.update(child_id, body)
