"""Orosanmälan use cases beyond creating one (domain.md §3.2).

Reports are listed only for those who may see them (`orosanmalan.visible_to`): the author, the
author's unit lead and social services. Nothing here asks about consent, on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backa_desktop.domain.bodies import body_as
from backa_desktop.domain.errors import UserError
from backa_desktop.domain.orosanmalan import (
    Observation,
    Orosanmalan,
    OrosanmalanStatus,
    StatusError,
    advance,
    visible_to,
)
from backa_desktop.domain.people import Role, StaffMember
from backa_desktop.domain.records import Record, RecordType
from backa_desktop.services.vault import Session


class OrosanmalanError(UserError):
    """A rule stopped the change; the key names the message (domain/errors.py)."""


@dataclass(frozen=True)
class ReportRow:
    record: Record
    report: Orosanmalan

    @property
    def record_id(self) -> str:
        return self.record.id


def _viewer(session: Session) -> tuple[set[str], bool]:
    """The units I lead and whether I am social services: what `visible_to` asks."""
    try:
        me = StaffMember.model_validate(session.me())
    except ValueError:
        return set(), False
    lead_of = {me.unit_id} if me.unit_id and me.has_role(Role.UNIT_LEAD) else set()
    return {u for u in lead_of if u}, me.has_role(Role.SOCIALTJANST)


def visible_reports(session: Session, child_id: str) -> list[ReportRow]:
    """The child's reports of concern that the signed-in user may see, newest first: the one
    rule the orosanmälan window, the sharing overview and the printouts all use."""
    lead_of, social = _viewer(session)
    rows: list[ReportRow] = []
    for r in session.repo.find(RecordType.OROSANMALAN, child_id=child_id):
        try:
            report = body_as(r, Orosanmalan)
        except ValueError:
            continue
        if visible_to(report, session.me_id, lead_of, social):
            rows.append(ReportRow(r, report))
    rows.sort(key=lambda row: (row.report.created_on, row.record_id), reverse=True)
    return rows


def _require_visible(session: Session, record_id: str) -> tuple[Record, Orosanmalan]:
    record = session.repo.require(record_id)
    if record.type != RecordType.OROSANMALAN:
        raise OrosanmalanError("concern.not_a_report")
    report = body_as(record, Orosanmalan)
    lead_of, social = _viewer(session)
    if not visible_to(report, session.me_id, lead_of, social):
        raise OrosanmalanError("concern.not_visible")
    return record, report


def edit_report(
    session: Session,
    record_id: str,
    *,
    concern: str,
    concern_indicator_ids: list[str],
    acute_danger: bool,
    observations: list[Observation],
) -> Record:
    """Change the text while the report is still only upprättad (not sent)."""
    _record, report = _require_visible(session, record_id)
    if report.status is not OrosanmalanStatus.UPPRATTAD:
        raise OrosanmalanError("concern.already_sent")
    if not concern.strip():
        raise OrosanmalanError("concern.describe")
    changed = report.model_copy(
        update={
            "concern": concern.strip(),
            "concern_indicator_ids": list(concern_indicator_ids),
            "acute_danger": acute_danger,
            "observations": sorted(observations, key=lambda o: o.observed_on),
        }
    )
    return session.repo.update(record_id, changed.model_dump(mode="json"))


def advance_report(
    session: Session,
    record_id: str,
    to: OrosanmalanStatus,
    on: date | None = None,
    feedback: str = "",
) -> Record:
    _record, report = _require_visible(session, record_id)
    try:
        changed = advance(report, to, on or date.today(), feedback)
    except StatusError as exc:
        raise OrosanmalanError.carrying(exc) from None
    return session.repo.update(record_id, changed.model_dump(mode="json"),
                               audit_action="status_change")
