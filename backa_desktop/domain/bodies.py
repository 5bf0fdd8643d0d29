"""Which pydantic model validates the body of each record type.

The local store and the central store both validate a body before accepting it, so a
malformed body is refused where it is made, not discovered on another laptop later.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from backa_desktop.domain.consent import Consent
from backa_desktop.domain.forms import FormResponse
from backa_desktop.domain.notes import TimelineNote
from backa_desktop.domain.orosanmalan import Orosanmalan
from backa_desktop.domain.people import ChildProfile, StaffMember, Unit
from backa_desktop.domain.plan import BarnetsPlan, PlanAction
from backa_desktop.domain.process import Decision
from backa_desktop.domain.records import RecordType
from backa_desktop.domain.teams import BarnkontaktAssignment, Team

BODY_MODELS: dict[RecordType, type[BaseModel]] = {
    RecordType.UNIT: Unit,
    RecordType.STAFF: StaffMember,
    RecordType.CHILD: ChildProfile,
    RecordType.BARNKONTAKT: BarnkontaktAssignment,
    RecordType.TEAM: Team,
    RecordType.CONSENT: Consent,
    RecordType.FORM_RESPONSE: FormResponse,
    RecordType.DECISION: Decision,
    RecordType.PLAN: BarnetsPlan,
    RecordType.PLAN_ACTION: PlanAction,
    RecordType.OROSANMALAN: Orosanmalan,
    RecordType.NOTE: TimelineNote,
    # CONFLICT bodies are made by the central store's merge and only read by clients.
}


class InvalidBody(ValueError):
    """A record body that its model rejects; the message lists fields, never values."""

    def __init__(self, record_type: RecordType, error: ValidationError) -> None:
        places = ", ".join(
            ".".join(str(part) for part in item["loc"]) or "(body)" for item in error.errors()
        )
        super().__init__(f"Ogiltig {record_type.value}-post: fel i {places}.")
        self.record_type = record_type
        self.fields = places


def validate_body(record_type: RecordType, body: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise a body (dates as ISO strings, enums as values)."""
    model = BODY_MODELS.get(record_type)
    if model is None:
        return body
    try:
        return model.model_validate(body).model_dump(mode="json")
    except ValidationError as exc:
        raise InvalidBody(record_type, exc) from None
    except ValueError as exc:  # domain validators raising ValueError subclasses directly
        raise InvalidBody(
            record_type,
            ValidationError.from_exception_data(model.__name__, []),
        ) from exc
