"""The stödprocess use cases the desktop calls (DESIGN.md §6, domain.md §1.6–§1.13).

Signing a form, the Upptäckarkort that travels without identity when consent is missing, the
Fem frågor decision that moves the child's status, the Barnkontakt's decision that goes back
to the Upptäckare, the orosanmälan that is always open, and "Rätta". Each function is one use
case over the session's repository; every write is one repository call (outbox + audit in the
same transaction) and nothing here knows about Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from backa_desktop.domain import form_engine
from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.errors import UserError
from backa_desktop.domain.form_ids import FormUse
from backa_desktop.domain.forms import (
    CompassDefinition,
    FormDefinition,
    FormResponse,
    UnitItem,
    YesNoItem,
)
from backa_desktop.domain.needs import Need
from backa_desktop.domain.notes import FAMILY_TOLD
from backa_desktop.domain.orosanmalan import new_orosanmalan
from backa_desktop.domain.people import ChildProfile
from backa_desktop.domain.process import Beslut, ChildStatus, Decision, status_after
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.services.consents import (
    consents_recorded_on,
    record_consents_on_form,
    withdraw_consent,
)
from backa_desktop.services.overview import latest_need_status, responses_of, whoami
from backa_desktop.services.timeline import ANON_LINK_PREFIX
from backa_desktop.services.vault import Session

ANONYMOUS_CHILD = "anonym"
"""`FormResponse.child_id` of a card sent without the child's identity."""


class WorkflowError(UserError):
    """A rule of the model stopped the action; the key names the message (domain/errors.py)."""


class NotTrained(WorkflowError):
    pass


def draft_key(form_id: str, child_id: str, corrects: str | None = None) -> str:
    """One draft per child and form (and per correction), so reopening offers it."""
    return f"form:{form_id}:{child_id}" + (f":rattar:{corrects}" if corrects else "")


# --- drafts ----------------------------------------------------------------------------------


def save_draft(
    session: Session, key: str, response: FormResponse, extra: dict[str, Any] | None = None
) -> None:
    payload = {"response": response.model_dump(mode="json"), **(extra or {})}
    child = response.child_id if response.child_id != ANONYMOUS_CHILD else None
    session.drafts.save(key, payload, child_id=child, form_id=response.form_id)


def load_draft(session: Session, key: str) -> tuple[FormResponse, dict[str, Any], str] | None:
    """The saved draft, its extra UI state, and when it was saved; None when there is none."""
    draft = session.drafts.load(key)
    if draft is None:
        return None
    payload = dict(draft.payload)
    try:
        response = FormResponse.model_validate(payload.pop("response"))
    except (KeyError, ValueError):
        return None
    return response, payload, draft.updated_at


def discard_draft(session: Session, key: str) -> None:
    session.drafts.delete(key)


# --- signing ---------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def check_may_sign(session: Session, definition: FormDefinition) -> None:
    if definition.requires_trained_rater and not whoami(session).get("trained_to_rate"):
        raise NotTrained("form.not_trained")


def sign_form(
    session: Session,
    definition: FormDefinition,
    response: FormResponse,
    *,
    draft: str | None = None,
    now: datetime | None = None,
    co_signer: str | None = None,
    record_child_id: str | None = None,
) -> Record:
    """Sign and lock: validate, store the immutable response, drop the draft.

    Raises `form_engine.ResponseInvalidError` with per-field messages when something is
    missing (or the co-signer is the signer), `NotTrained` for a Skattning by someone not
    trained."""
    check_may_sign(session, definition)
    signed = form_engine.sign(
        definition, response, signed_by=session.me_id, signed_at=now or _now(), co_signer=co_signer
    )
    child_id = record_child_id if record_child_id is not None else signed.child_id
    record = session.repo.create(
        RecordType.FORM_RESPONSE,
        signed.model_dump(mode="json"),
        child_id=child_id if child_id != ANONYMOUS_CHILD else None,
        audit_action="sign",
    )
    if draft:
        session.drafts.delete(draft)
    return record


def start_correction(session: Session, definition: FormDefinition, record_id: str) -> FormResponse:
    """ "Rätta": a new draft that points at the signed response it corrects."""
    record = session.repo.require(record_id)
    original = body_as(record, FormResponse)
    return form_engine.start_correction(definition, original, record.id)


# --- Upptäckarkort ---------------------------------------------------------------------------


def card_consent(definition: FormDefinition, answers: dict[str, Any]) -> bool:
    """True when the guardians are informed and consent (domain.md §1.6, §1.16).

    The card's yes/no items about informing or consent carry those words in their id
    (`vh1.informerad`, `vh1.samtycke`). A required one must be answered yes; an optional one
    (the second guardian, when there is one) must not be answered no."""
    asked = [
        item
        for item in definition.items()
        if isinstance(item, YesNoItem)
        and any(w in item.id for w in ("samtycke", "consent", "informerad", "informed"))
        and form_engine.is_visible(definition, item, answers)
    ]
    if not asked:
        return False
    for item in asked:
        value = answers.get(item.id)
        if value is False or (item.required and value is not True):
            return False
    return True


def receiving_unit(definition: FormDefinition, answers: dict[str, Any]) -> str | None:
    for item in definition.items():
        if isinstance(item, UnitItem):
            value = answers.get(item.id)
            if isinstance(value, str) and value:
                return value
    return None


@dataclass(frozen=True)
class CardResult:
    record: Record
    anonymous: bool


def submit_upptackarkort(
    session: Session,
    definition: FormDefinition,
    response: FormResponse,
    *,
    draft: str | None = None,
    now: datetime | None = None,
) -> CardResult:
    """Sign and send the card. Without the guardians informed and consenting, the card
    travels without the child's identity: the stored record names no child, and only this
    device keeps a local note of which child it was about (drafts are never synced).

    With consent, the guardians' consents go into the consent register in the same
    transaction: the register, not the card, is what Samtycken and the server read."""
    consent = card_consent(definition, dict(response.answers))
    if consent:
        with session.db.transaction():
            record = sign_form(session, definition, response, draft=draft, now=now)
            record_consents_on_form(session, definition, record)
        return CardResult(record, anonymous=False)
    child_id = response.child_id
    anonymous = response.model_copy(update={"child_id": ANONYMOUS_CHILD})
    with session.db.transaction():
        record = sign_form(session, definition, anonymous, draft=draft, now=now,
                           record_child_id=None)
        # a correction that takes the consent back: the corrected card's consents end
        for consent_id in consents_recorded_on(session, child_id, response.corrects).values():
            withdraw_consent(session, consent_id)
    session.drafts.save(
        f"{ANON_LINK_PREFIX}{record.id}",
        {"record_id": record.id, "form_title": definition.title},
        child_id=child_id,
        form_id=definition.id,
    )
    return CardResult(record, anonymous=True)


def latest_card(session: Session, child_id: str) -> Record | None:
    cards = [
        r
        for r in responses_of(
            session.repo.find(RecordType.FORM_RESPONSE, child_id=child_id),
            FormUse.UPPTACKARKORT,
        )
        if body_as(r, FormResponse).signed
    ]
    return cards[-1] if cards else None


def fem_fragor_context(
    session: Session,
    card_definition: FormDefinition | None,
    compass: CompassDefinition | None,
    child_id: str,
    today: date | None = None,
) -> form_engine.PrefillContext:
    """Question 1 starts from the needs the latest card marked "inte uppfyllt"."""
    today = today or date.today()
    plain = form_engine.PrefillContext(today=today, current_user=session.me_id)
    card = latest_card(session, child_id)
    if card is None:
        return plain
    try:
        response = body_as(card, FormResponse)
        if card_definition is None:
            raise ValueError("no card definition")
    except ValueError:
        # a card from an older or imported format: read the need answers by their keys
        status, _day = latest_need_status([card])
        unmet = tuple(Need(n) for n, v in status.items() if v == "inte_uppfyllt")
        labels = {n: compass.label(n) for n in unmet} if compass is not None else {}
        return form_engine.PrefillContext(
            today=today, current_user=session.me_id, unmet_needs=unmet, need_labels=labels
        )
    return form_engine.PrefillContext.from_upptackarkort(
        card_definition, response, compass, today=today, current_user=session.me_id
    )


# --- decisions -------------------------------------------------------------------------------


def decide(
    session: Session,
    child_id: str,
    beslut: Beslut | str,
    motivation: str,
    *,
    follow_up: date | None = None,
    notify_upptackare: str | None = None,
    told_child_and_guardians: bool = False,
    source_record_id: str | None = None,
) -> tuple[Record, ChildStatus | None]:
    """Record a decision and move the child's status (`process.status_after`).

    An orosanmälan decision changes no status and tells nobody in the family."""
    beslut = Beslut(beslut)
    decision = Decision(
        beslut=beslut,
        motivation=motivation or beslut.label,
        follow_up=follow_up,
        decided_by=session.me_id,
        notify_upptackare=notify_upptackare if notify_upptackare != session.me_id else None,
        told_child_and_guardians=told_child_and_guardians,
        source_record_id=source_record_id or None,
    )
    record = session.repo.create(
        RecordType.DECISION, decision.model_dump(mode="json"), child_id=child_id
    )
    child = session.repo.require(child_id)
    profile = body_as(child, ChildProfile)
    new_status = status_after(profile.status, beslut)
    if new_status != profile.status:
        session.repo.update(
            child_id,
            {**child.body, "status": new_status.value if new_status else None},
            audit_action="status_change",
        )
    return record, new_status


def decide_from_fem_fragor(
    session: Session,
    definition: FormDefinition,
    response: FormResponse,
    *,
    draft: str | None = None,
    follow_up: date | None = None,
    now: datetime | None = None,
) -> tuple[Record, Record, ChildStatus | None]:
    """Sign the Fem frågor and record the decision it ends in."""
    beslut_value = None
    motivation = ""
    for item in definition.items():
        value = response.answers.get(item.id)
        if item.kind == "decision" and isinstance(value, str):
            beslut_value = value
        if (
            item.kind == "date"
            and follow_up is None
            and isinstance(value, str)
            and value
            and ("uppfolj" in item.id or "follow" in item.id)
        ):
            follow_up = date.fromisoformat(value)
        if (
            item.kind == "text"
            and isinstance(value, str)
            and ("atgard" in item.id or "motiv" in item.id or "action" in item.id)
        ):
            motivation = value
    record = sign_form(session, definition, response, draft=draft, now=now)
    if beslut_value is None:
        raise WorkflowError("decision.choose")
    decision, status = decide(
        session,
        response.child_id,
        beslut_value,
        motivation,
        follow_up=follow_up,
        source_record_id=record.id,
    )
    return record, decision, status


def upptackare_of(session: Session, child_id: str) -> str | None:
    """Who sent the latest card about the child: they get the Barnkontakt's decision."""
    card = latest_card(session, child_id)
    return body_as(card, FormResponse).signed_by if card else None


def mark_family_told(session: Session, decision_id: str, today: date | None = None) -> Record:
    """The Barnkontakt has told the child and the guardians about the decision: a timeline
    note that names the decision (seed 002: "Barnkontakt återkopplar beslut till ...")."""
    decision = session.repo.require(decision_id)
    return session.repo.create(
        RecordType.NOTE,
        {
            "child_id": decision.child_id,
            "kind": "handelse",
            "happened_on": (today or date.today()).isoformat(),
            "text": "Barnet och vårdnadshavarna har fått veta beslutet.",
            "event": FAMILY_TOLD,
            "decision_id": decision_id,
        },
        child_id=decision.child_id,
    )


# --- orosanmälan -----------------------------------------------------------------------------


def create_orosanmalan(
    session: Session,
    child_id: str,
    concern: str,
    *,
    concern_indicator_ids: list[str] | None = None,
    acute_danger: bool = False,
    today: date | None = None,
) -> Record:
    """Always possible, from any child, with no consent, and never shown to the family."""
    if not concern.strip():
        raise WorkflowError("concern.describe")
    me = whoami(session)
    report = new_orosanmalan(
        child_id=child_id,
        concern=concern.strip(),
        reporter_staff_id=session.me_id,
        reporter_unit_id=str(me.get("unit_id") or ""),
        created_on=today or date.today(),
        concern_indicator_ids=concern_indicator_ids or [],
        acute_danger=acute_danger,
    )
    return session.repo.create(
        RecordType.OROSANMALAN, report.model_dump(mode="json"), child_id=child_id
    )


def is_signed(record: Record) -> bool:
    return body_as(record, FormResponse).signed


def latest_decision_id(session: Session, child_id: str) -> str | None:
    """The child's most recent decision, for a screen that shows one (or None: none yet)."""
    found = session.repo.find(RecordType.DECISION, child_id=child_id)
    return str(found[-1].id) if found else None
