"""Which pydantic model validates the body of each record type.

The local store and the central store both validate a body before accepting it, so a
malformed body is refused where it is made, not discovered on another laptop later.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from backa_desktop.domain.consent import Consent
from backa_desktop.domain.errors import UserError
from backa_desktop.domain.forms import FormResponse
from backa_desktop.domain.limits import MAX_BODY_BYTES
from backa_desktop.domain.notes import TimelineNote
from backa_desktop.domain.notices import ChildNotice
from backa_desktop.domain.orosanmalan import Orosanmalan
from backa_desktop.domain.people import ChildProfile, StaffMember, Unit
from backa_desktop.domain.plan import BarnetsPlan, PlanAction
from backa_desktop.domain.process import Decision
from backa_desktop.domain.records import Record, RecordType
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
    RecordType.NOTICE: ChildNotice,
    # CONFLICT bodies are made by the central store's merge and only read by clients.
}


M = TypeVar("M", bound=BaseModel)


def body_as(record: Record, model: type[M]) -> M:
    """The record's body as its typed model: the one way code above the store reads a body.

    The model must be the one registered for the record's type, so asking for a plan
    action's body as a plan is a programming error caught here, not a silently half-empty
    object. Bodies were validated with the same model when they were written (locally or on
    the server); a body that a later, stricter model refuses raises its ValidationError."""
    expected = BODY_MODELS.get(record.type)
    if expected is not model:
        raise TypeError(
            f"a {record.type.value} body is "
            f"{expected.__name__ if expected else 'untyped'}, not {model.__name__}"
        )
    return model.model_validate(record.body)


class InvalidBody(UserError, ValueError):
    """A record body that its model rejects; the message lists fields, never values."""

    def __init__(
        self, record_type: RecordType, error: ValidationError, key: str | None = None, **params: Any
    ) -> None:
        items = error.errors()
        places = ", ".join(
            ".".join(str(part) for part in item["loc"]) or "(body)" for item in items
        )
        too_long = [i for i in items if i["type"] == "string_too_long"]
        limit = (too_long[0].get("ctx") or {}).get("max_length") if too_long else None
        super().__init__(
            key or (
                "body.too_long_limit" if limit else "body.too_long" if too_long else "body.invalid"
            ),
            type=record_type.value,
            fields=places,
            limit=limit,
            **params,
        )
        self.record_type = record_type
        self.fields = places


class BodyTooLarge(InvalidBody):
    """The whole body is larger than the central store accepts."""

    def __init__(self, record_type: RecordType, size: int) -> None:
        super().__init__(
            record_type,
            ValidationError.from_exception_data(record_type.value, []),
            "body.too_large",
            size_kb=size // 1024,
            max_kb=MAX_BODY_BYTES // 1024,
        )
        self.size = size


def body_size(body: dict[str, Any]) -> int:
    """The body's size as the central store measures it (canonical JSON, UTF-8)."""
    return len(
        json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    )


def validate_body(record_type: RecordType, body: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise a body (dates as ISO strings, enums as values)."""
    model = BODY_MODELS.get(record_type)
    try:
        clean = body if model is None else model.model_validate(body).model_dump(mode="json")
    except ValidationError as exc:
        raise InvalidBody(record_type, exc) from None
    except ValueError as exc:  # domain validators raising ValueError subclasses directly
        raise InvalidBody(
            record_type,
            ValidationError.from_exception_data(model.__name__ if model else "body", []),
        ) from exc
    size = body_size(clean)
    if size > MAX_BODY_BYTES:
        raise BodyTooLarge(record_type, size)
    return clean
