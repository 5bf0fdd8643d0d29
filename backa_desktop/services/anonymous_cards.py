"""Upptäckarkort sent without the child's identity (domain.md §6 item 7).

A card without the guardians' consent travels without the child's name and identity number,
but free text travels as typed. Before such a card is signed, `identity_in_free_text` finds
the names from the child's record (the child's and the guardians') and anything that reads as
a valid identity number (domain/identity.py's rules), so the sender can take them out.

Once the guardians have consented to the card being shared (a consent in the register that
covers the Upptäckarkort), the sender can link the card to the child: a new signed record with
the same answers that names the child and `corrects` the anonymous one, so the Barnkontakt
gets it and `backa print card` finds it. Only the sending laptop knows which child an
anonymous card was about (a local, never synced note), so only the sender can link it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.consent import ConsentScope
from backa_desktop.domain.errors import UserError
from backa_desktop.domain.form_ids import FormUse, form_use
from backa_desktop.domain.forms import FormDefinition, FormResponse
from backa_desktop.domain.identity import IdentityError, parse_identity
from backa_desktop.domain.people import ChildProfile
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.services.consents import may_share_now
from backa_desktop.services.timeline import ANON_LINK_PREFIX
from backa_desktop.services.vault import Session

NAME = "name"
IDENTITY = "identity"

_NUMBER = re.compile(r"(?<!\d)(\d{6}(?:\d{2})?\s?[-+–]?\s?\d{4})(?!\d)")
_MIN_NAME = 2


class CardLinkError(UserError):
    """The card cannot be linked; the key names the message (domain/error_texts.py)."""


@dataclass(frozen=True)
class Leak:
    """Free text in an anonymous card that may reveal the child. `field` is the answer key
    (or `comment:<need>`); `what` is NAME or IDENTITY. The found text itself is not kept:
    the warning names the field, and nothing here may end up in a log."""

    field: str
    what: str


def _names(profile: ChildProfile) -> set[str]:
    words = f"{profile.given_names} {profile.family_name}".split()
    for guardian in profile.guardians:
        words.extend(guardian.name.split())
    return {w.strip(".,-").casefold() for w in words if len(w.strip(".,-")) >= _MIN_NAME}


def _has_name(text: str, names: set[str]) -> bool:
    return any(w.casefold() in names for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text))


def _has_identity(text: str, today: date) -> bool:
    for match in _NUMBER.finditer(text):
        try:
            parse_identity(match.group(1).replace("–", "-"), ref_date=today)
        except IdentityError:
            continue
        return True
    return False


def free_texts(response: FormResponse) -> list[tuple[str, str]]:
    texts = [(k, v) for k, v in response.answers.items() if isinstance(v, str) and v.strip()]
    texts.extend((f"comment:{need.value}", v) for need, v in response.comments.items() if v)
    return texts


def identity_in_free_text(
    session: Session, child_id: str, response: FormResponse, today: date | None = None
) -> list[Leak]:
    """Free text in the card that names the child or a guardian, or holds an identity number."""
    child = session.repo.get(child_id)
    names = _names(body_as(child, ChildProfile)) if child is not None else set()
    on = today or date.today()
    leaks: list[Leak] = []
    for key, text in free_texts(response):
        if names and _has_name(text, names):
            leaks.append(Leak(key, NAME))
        if _has_identity(text, on):
            leaks.append(Leak(key, IDENTITY))
    return leaks


def card_leaks(
    session: Session, definition: FormDefinition, response: FormResponse
) -> list[Leak]:
    """What to warn about before signing: only for an Upptäckarkort that will travel without
    the child's identity."""
    from backa_desktop.services.workflow import card_consent

    if form_use(definition.id) is not FormUse.UPPTACKARKORT:
        return []
    if card_consent(definition, dict(response.answers)):
        return []
    return identity_in_free_text(session, response.child_id, response)


def linkable_cards(session: Session, child_id: str) -> list[str]:
    """Anonymous cards this laptop sent about the child, not yet linked (record ids)."""
    found = []
    for draft in session.drafts.for_child(child_id):
        if draft.key.startswith(ANON_LINK_PREFIX):
            record_id = str(draft.payload.get("record_id", ""))
            card = session.repo.get(record_id)
            if card is not None and card.child_id is None and not card.deleted:
                found.append(record_id)
    return found


def link_card(session: Session, card_id: str, child_id: str) -> Record:
    """The anonymous card as a card about the child, once the guardians have consented."""
    if card_id not in linkable_cards(session, child_id):
        raise CardLinkError("card.link_unknown")
    if not may_share_now(session, child_id, ConsentScope.UPPTACKARKORT):
        raise CardLinkError("card.link_needs_consent")
    card = session.repo.require(card_id)
    original = body_as(card, FormResponse)
    linked = original.model_copy(update={"child_id": child_id, "corrects": card.id})
    with session.db.transaction():
        record = session.repo.create(
            RecordType.FORM_RESPONSE, linked.model_dump(mode="json"), child_id=child_id,
            audit_action="link_card",
        )
        session.drafts.delete(f"{ANON_LINK_PREFIX}{card_id}")
    return record
