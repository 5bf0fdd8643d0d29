"""What every document needs: the kinds, the error, the child and the look-ups the
documents share (contacts, need labels, the current Barnkontakt and teams)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.errors import UserError
from backa_desktop.domain.forms import (
    FormDefinition,
    FormResponse,
    localize_compass,
    parse_answer_key,
)
from backa_desktop.domain.identity import IdentityError, IdentityNumber
from backa_desktop.domain.needs import CARD_ORDER, Need, NeedStatus
from backa_desktop.domain.people import ChildProfile
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.domain.teams import BarnkontaktAssignment, Team, current_barnkontakt
from backa_desktop.printing.languages import REFERENCE
from backa_desktop.printing.models import DEFAULT_NEED_LABELS, Contact
from backa_desktop.services.children import find_child
from backa_desktop.services.overview import Directory
from backa_desktop.services.vault import Session


class DocumentError(UserError):
    """A document that cannot be made; the key names the message (domain/errors.py)."""


class DocumentKind(StrEnum):
    PLAN = "plan"
    CARD = "card"
    TALK = "talk"
    RATING = "rating"
    OROSANMALAN = "concern"  # the command line's word (`backa print concern`), kept
    EXTRACT = "extract"
    CONSENT_SHEET = "consent-sheet"
    LEAFLET = "leaflet"


KIND_LABELS: dict[DocumentKind, str] = {
    DocumentKind.PLAN: "Barnets plan",
    DocumentKind.CARD: "Upptäckarkort",
    DocumentKind.TALK: "Samtal",
    DocumentKind.RATING: "Skattning",
    DocumentKind.OROSANMALAN: "Orosanmälan",
    DocumentKind.EXTRACT: "Registerutdrag",
    DocumentKind.CONSENT_SHEET: "Samtyckesblankett",
    DocumentKind.LEAFLET: "Broschyr: Vad är Backa barnet?",
}

# What a family takes home: printable in the family's language (print-language catalogues).
FAMILY_KINDS = frozenset({DocumentKind.PLAN, DocumentKind.CONSENT_SHEET, DocumentKind.LEAFLET})


# -- shared look-ups ---------------------------------------------------------------------------


def today_or(today: date | None) -> date:
    return today or date.today()


def load_child(session: Session, child_id: str) -> tuple[Record, ChildProfile]:
    record = session.repo.get(child_id)
    if record is None or record.type != RecordType.CHILD or record.deleted:
        raise DocumentError("document.no_child")
    return record, body_as(record, ChildProfile)


def resolve_child(session: Session, ref: str) -> str:
    """An identity number (any accepted form) or a record id -> the child's record id."""
    child_id = find_child(session, ref)
    if child_id is None:
        raise DocumentError("document.child_not_found")
    load_child(session, child_id)
    return child_id


def formatted_identity(profile: ChildProfile) -> str:
    try:
        return profile.identity_number().formatted()
    except (IdentityError, ValueError):
        return profile.identity


def guardian_identity(identity: str | None) -> str:
    if not identity:
        return ""
    try:
        return IdentityNumber.from_stored(identity).formatted()
    except (IdentityError, ValueError):
        return identity


def contact_of(
    directory: Directory, staff_id: str | None, role: str, *, protected: bool = False
) -> Contact | None:
    """A staff member as a family document names them. For a child with protected identity
    (`protected`) the unit is left out, and so are the unit's switchboard number and address,
    which would tell a reader of a lost paper where the child goes: the person's own phone and
    e-mail stay, because the family needs to reach them (docs/decisions.md)."""
    staff = directory.staff.get(staff_id or "")
    if staff is None:
        return None
    unit = None if protected else directory.units.get(staff.unit_id or "")
    return Contact(
        role=role,
        name=staff.name,
        title=staff.title or "",
        unit=unit.name if unit is not None else "",
        phone=staff.phone or (unit.phone if unit is not None else None) or "",
        email=staff.email or (unit.email if unit is not None else None) or "",
    )


FAMILY_UNIT_UNNAMED = "barnets förskola eller skola"
"""How a family document refers to the child's unit when it does not name it."""


def records_of(session: Session, record_type: RecordType, child_id: str) -> list[Record]:
    return session.repo.find(record_type, child_id=child_id)


def need_labels(registry: Any | None, lang: str = REFERENCE) -> dict[Need, str]:
    """The organisation's labels from forms/ when a registry is given (in `lang` where the
    Behovskompass translates them), else the defaults."""
    if registry is None:
        return dict(DEFAULT_NEED_LABELS)
    try:
        compass = localize_compass(registry.compass(), lang)
        return {n: str(compass.label(n)).capitalize() for n in Need}
    except Exception:  # a forms folder problem must not stop a printout
        return dict(DEFAULT_NEED_LABELS)


def need_statuses(values: Mapping[str, str | None]) -> dict[Need, NeedStatus]:
    out: dict[Need, NeedStatus] = {}
    for key, value in values.items():
        try:
            out[Need(key)] = NeedStatus(str(value))
        except ValueError:
            continue
    return out


def score_map(means: Mapping[str, Any]) -> dict[Need, float | None]:
    out: dict[Need, float | None] = {}
    for need in CARD_ORDER:
        value = means.get(need.value)
        out[need] = float(value) if isinstance(value, int | float) else None
    return out


def forms_of(registry: Any | None) -> dict[tuple[str, int], FormDefinition]:
    """Every loaded form by (id, version); none without a registry (answers print raw)."""
    if registry is None:
        return {}
    return {(f.id, f.version): f for f in registry.all_forms()}


def form_of(registry: Any | None, response: FormResponse) -> FormDefinition | None:
    if registry is None:
        return None
    try:
        definition = registry.get(response.form_id, response.form_version)
    except Exception:  # unknown form version: print the raw answers instead
        return None
    return definition if isinstance(definition, FormDefinition) else None


def barnkontakt_on(session: Session, child_id: str, on: date) -> str | None:
    assignments: list[BarnkontaktAssignment] = []
    for record in records_of(session, RecordType.BARNKONTAKT, child_id):
        try:
            assignments.append(body_as(record, BarnkontaktAssignment))
        except ValueError:
            continue
    current = current_barnkontakt(assignments, on)
    return current.staff_id if current else None


def teams_of(session: Session, child_id: str) -> list[Team]:
    teams: list[Team] = []
    for record in records_of(session, RecordType.TEAM, child_id):
        try:
            teams.append(body_as(record, Team))
        except ValueError:
            continue
    return teams


def raw_value(value: Any) -> str:
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    text = str(value)
    try:
        return NEED_STATUS_WORDS[NeedStatus(text)]
    except ValueError:
        return text


NEED_STATUS_WORDS: dict[NeedStatus, str] = {
    NeedStatus.UPPFYLLT: "Ja",
    NeedStatus.INTE_UPPFYLLT: "Nej",
    NeedStatus.VET_INTE: "Vet ej",
}


def need_of_key(key: str) -> Need | None:
    try:
        item_id, _ = parse_answer_key(key)
    except ValueError:
        item_id = key
    head = item_id.removeprefix("need_").split(".")[0]
    try:
        return Need(head)
    except ValueError:
        return None
